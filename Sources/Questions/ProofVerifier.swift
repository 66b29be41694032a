import Foundation
import Analysis
import NetworkModel
import Simulation
import SMT

/// What `ProofVerifier` found: whether the proof holds, and every check it made, in order.
public struct ProofVerification: Sendable {
    public enum Status: Sendable, Equatable {
        /// Every check passed.
        case holds
        /// The proof was read, and it does not hold (or no longer matches its snapshot).
        case fails
        /// The folder holds no readable proof, or a checker is missing.
        case badInput
    }

    public var status: Status
    /// What was checked, one line each, then the conclusion.
    public var lines: [String]

    public var text: String { lines.joined(separator: "\n") }
}

/// Re-checks a proof folder written by `pathproof query --proof` with checkers independent of Z3: cvc5 for an
/// unreachable claim, the concrete packet walker for a reachable witness. Either way the snapshot must still be
/// the one the proof records (same files, same SHA-256).
public struct ProofVerifier: Sendable {
    /// Reads a snapshot folder: its network and the files read (relative to the folder).
    public typealias SnapshotLoader = @Sendable (String) throws -> (network: Network, files: [String])

    /// The cvc5 executable; nil when it is not installed.
    public var cvc5: String?
    /// cvc5's time limit for the claim.
    public var cvc5TimeLimitMilliseconds = 120_000
    let loadSnapshot: SnapshotLoader
    /// Reads a Terraform plan or state (absolute path), laid over a snapshot folder when one is given: the network
    /// after apply and the snapshot folder's files (relative to it; none without a folder).
    public typealias TerraformLoader = @Sendable (_ file: String, _ directory: String?) throws -> (network: Network, files: [String])
    let loadTerraform: TerraformLoader?

    public init(cvc5: String? = ProofVerifier.executable(named: "cvc5"), loadSnapshot: @escaping SnapshotLoader,
                loadTerraform: TerraformLoader? = nil) {
        self.cvc5 = cvc5
        self.loadSnapshot = loadSnapshot
        self.loadTerraform = loadTerraform
    }

    public static let installHint = "install it with `apt-get install cvc5` (Debian and Ubuntu), or run scripts/install-dependencies"

    /// The path of an executable on PATH, nil if there is none.
    public static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func verify(directory: String) -> ProofVerification {
        var report = Report()
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            report.badInput("\(directory): no such folder")
            return report.finish()
        }
        let base = URL(fileURLWithPath: directory)
        func exists(_ name: String) -> Bool { manager.fileExists(atPath: base.appendingPathComponent(name).path) }
        let claim = exists(ProofDocument.claimFile) || exists(ProofDocument.manifestFile)
        let witness = exists(ProofDocument.witnessFile)
        switch (claim, witness) {
        case (true, true):
            report.badInput("\(directory) holds both a claim (\(ProofDocument.claimFile), \(ProofDocument.manifestFile)) and a witness (\(ProofDocument.witnessFile)); a proof folder holds one")
        case (false, false):
            report.badInput("\(directory) holds no proof: expected \(ProofDocument.claimFile) and \(ProofDocument.manifestFile) (unreachable) or \(ProofDocument.witnessFile) (reachable), as `pathproof query --proof` writes them")
        case (true, false):
            verifyClaim(base, &report)
        case (false, true):
            verifyWitness(base, &report)
        }
        return report.finish()
    }

    // MARK: Claims

    private func verifyClaim(_ base: URL, _ report: inout Report) {
        guard let manifestData = try? Data(contentsOf: base.appendingPathComponent(ProofDocument.manifestFile)) else {
            return report.badInput("\(ProofDocument.manifestFile) is missing or unreadable in \(base.path)")
        }
        let manifest: ProofManifest
        do {
            manifest = try JSONDecoder().decode(ProofManifest.self, from: manifestData)
        } catch {
            return report.badInput("\(ProofDocument.manifestFile) is not a PathProof manifest: \(describe(error))")
        }
        guard manifest.format == ProofManifest.formatName else {
            return report.badInput("\(ProofDocument.manifestFile) has format \"\(manifest.format)\"; this PathProof reads \"\(ProofManifest.formatName)\"")
        }
        guard let script = try? String(contentsOf: base.appendingPathComponent(manifest.smt2.file), encoding: .utf8) else {
            return report.badInput("\(manifest.smt2.file) is missing or unreadable in \(base.path)")
        }
        report.line("Proof: \(base.path): \(manifest.verdict.uppercased()) claim (\(manifest.smt2.file), \(ProofDocument.manifestFile))")
        report.query(manifest.query)
        checkIdentity(base, covering: [manifest.smt2.file, ProofDocument.manifestFile], &report)
        checkClaimStatement(manifest, &report)

        let forms: [SMTLIB2Text.Form]
        do {
            forms = try SMTLIB2Text.forms(script)
        } catch {
            return report.badInput("\(manifest.smt2.file) is not SMT-LIB2: \(error)")
        }
        guard let cvc5 else {
            return report.badInput("cvc5 is not installed: `pathproof verify` checks a claim with cvc5, independently of Z3; \(Self.installHint)")
        }
        checkSnapshot(manifest.snapshot, &report)
        let shapeProblems = checkShape(forms, manifest)
        if shapeProblems.isEmpty {
            let definitions = manifest.constants.count
            report.line("Claim: \(manifest.smt2.file): QF_BV, \(definitions + 1) plain assertions (\(definitions) definitions of the manifest's constants, one query assertion over them), one check-sat")
        } else {
            report.failure("Claim: \(manifest.smt2.file) is not the claim its manifest describes:", details: shapeProblems)
        }
        if !forms.contains(where: { $0.expression.head == "check-sat" }) || forms.filter({ $0.expression.head == "check-sat" }).count > 1 {
            return report.failure("cvc5 not run: the script needs exactly one (check-sat)")
        }
        let version = cvc5Version(cvc5)
        let result: (output: String, status: Int32)
        do {
            result = try run(cvc5, ["--lang", "smt2", "--tlimit=\(cvc5TimeLimitMilliseconds)", base.appendingPathComponent(manifest.smt2.file).path])
        } catch {
            return report.badInput("cannot run \(cvc5): \(describe(error))")
        }
        let answer = result.output.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        switch answer {
        case "unsat":
            report.line("\(version): unsat (Z3 \(manifest.z3Version) answered \(manifest.z3Answer) when the proof was written)")
            report.conclusion = "\(manifest.claim), checked by cvc5 independently of Z3"
        case "sat":
            report.failure("\(version): sat: the claim does not hold: some packet satisfies every condition of a candidate path")
        case "unknown":
            report.failure("\(version): unknown: cvc5 could not decide the claim (time limit \(cvc5TimeLimitMilliseconds) ms)")
        default:
            report.badInput("\(version) could not read \(manifest.smt2.file): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// The promised form: QF_BV; declarations; one `(= constant condition)` per manifest constant; one more
    /// assertion over the constants only; exactly one (check-sat), last.
    private func checkShape(_ forms: [SMTLIB2Text.Form], _ manifest: ProofManifest) -> [String] {
        var problems: [String] = []
        let commands = forms.compactMap { $0.expression.head }
        let allowed: Set<String> = ["set-info", "set-option", "set-logic", "declare-fun", "declare-const", "assert", "check-sat", "exit"]
        for command in Set(commands).subtracting(allowed).sorted() { problems.append("it uses the command \(command)") }
        if forms.count != commands.count { problems.append("it has a top-level form that is not a command") }
        let logics = forms.filter { $0.expression.head == "set-logic" }.map { $0.expression.elements?.dropFirst().first?.symbol ?? "?" }
        if logics != ["QF_BV"] { problems.append("its logic is \(logics.isEmpty ? "not set" : logics.joined(separator: ", ")), not QF_BV") }
        let checks = commands.filter { $0 == "check-sat" }.count
        if checks != 1 { problems.append("it has \(checks) (check-sat) commands, not one") }
        if let last = commands.lastIndex(of: "check-sat"), commands[(last + 1)...].contains(where: { $0 != "exit" }) {
            problems.append("commands follow its (check-sat)")
        }

        // Declarations: name → sort text.
        var declared: [String: String] = [:]
        for form in forms {
            guard let elements = form.expression.elements, let head = form.expression.head, let name = elements.dropFirst().first?.symbol else { continue }
            if head == "declare-fun", elements.count == 4, elements[2] == .list([]) { declared[name] = elements[3].description }
            else if head == "declare-const", elements.count == 3 { declared[name] = elements[2].description }
            else if head == "declare-fun" { declared[name] = "a function" }
        }
        let names = Set(manifest.constants.map(\.name))
        var definitions: [String: Int] = [:]
        var queryAssertions: [SExpression] = []
        for form in forms where form.expression.head == "assert" {
            guard let body = form.expression.elements?.dropFirst().first, form.expression.elements?.count == 2 else {
                problems.append("an assert has other than one term")
                continue
            }
            let core = Self.strippingLets(body)
            if core.head == "=", let operands = core.elements, operands.count == 3, let name = operands[1].symbol, names.contains(name) {
                definitions[name, default: 0] += 1
                let used = Set(body.atoms.compactMap { SExpression.atom($0).symbol }).intersection(names).subtracting([name])
                if let other = used.sorted().first { problems.append("the definition of |\(name)| uses the constant |\(other)|") }
            } else {
                queryAssertions.append(body)
            }
        }
        let groupOf = Dictionary(manifest.groups.flatMap { group in group.constants.map { ($0, group) } }, uniquingKeysWith: { a, _ in a })
        for constant in manifest.constants {
            let group = groupOf[constant.name].map { " (group \($0.id): \($0.elements.joined(separator: ", ")))" } ?? ""
            switch definitions[constant.name] ?? 0 {
            case 0: problems.append("|\(constant.name)|\(group) has no defining assertion: the claim does not encode it")
            case 1: break
            case let n: problems.append("|\(constant.name)|\(group) is defined \(n) times")
            }
            if declared[constant.name] != "Bool" { problems.append("|\(constant.name)| is not declared as a Bool constant") }
            if groupOf[constant.name] == nil { problems.append("|\(constant.name)| belongs to no group of the manifest") }
        }
        if queryAssertions.count != 1 {
            problems.append("it has \(queryAssertions.count) assertions besides the definitions; the claim has one, the query")
        }
        for assertion in queryAssertions {
            let free = Set(assertion.atoms.compactMap { SExpression.atom($0).symbol }).intersection(declared.keys).subtracting(names)
            if let symbol = free.sorted().first { problems.append("the query assertion uses |\(symbol)|, which is not a constant of the manifest") }
        }
        if manifest.smt2.assertions != manifest.constants.count + 1 {
            problems.append("the manifest counts \(manifest.smt2.assertions) assertions for \(manifest.constants.count) constants")
        }
        return problems
    }

    /// The body of nested `(let (…) body)`.
    static func strippingLets(_ expression: SExpression) -> SExpression {
        var current = expression
        while current.head == "let", let elements = current.elements, elements.count == 3 { current = elements[2] }
        return current
    }

    private func cvc5Version(_ cvc5: String) -> String {
        guard let output = try? run(cvc5, ["--version"]).output,
              let range = output.range(of: #"version [0-9][^\s]*"#, options: .regularExpression) else { return "cvc5" }
        return "cvc5 " + output[range].dropFirst("version ".count)
    }

    // MARK: Witnesses

    private func verifyWitness(_ base: URL, _ report: inout Report) {
        guard let witness = readWitness(base, &report) else { return }
        guard let packet = witness.packet.packet, let delivered = witness.deliveredPacket.packet else {
            report.badInput("\(ProofDocument.witnessFile): the packet's addresses are not IPv4 addresses")
            return
        }
        report.line("Proof: \(base.path): \(witness.verdict.uppercased()) witness (\(ProofDocument.witnessFile))")
        report.query(witness.query)
        checkIdentity(base, covering: [ProofDocument.witnessFile], &report)
        if witness.verdict != "reachable" {
            report.failure("Verdict: the witness says \"\(witness.verdict)\"; a witness proves \"reachable\" and nothing else")
        }
        guard let network = checkSnapshot(witness.snapshot, &report) else { return }
        replayWitness(witness, packet: packet, delivered: delivered, network: network, &report)
    }

    /// Reads and decodes witness.json; reports bad input and returns nil when it cannot.
    private func readWitness(_ base: URL, _ report: inout Report) -> ProofWitness? {
        guard let data = try? Data(contentsOf: base.appendingPathComponent(ProofDocument.witnessFile)) else {
            report.badInput("\(ProofDocument.witnessFile) is unreadable in \(base.path)")
            return nil
        }
        let witness: ProofWitness
        do {
            witness = try JSONDecoder().decode(ProofWitness.self, from: data)
        } catch {
            report.badInput("\(ProofDocument.witnessFile) is not a PathProof witness: \(describe(error))")
            return nil
        }
        guard witness.format == ProofWitness.formatName else {
            report.badInput("\(ProofDocument.witnessFile) has format \"\(witness.format)\"; this PathProof reads \"\(ProofWitness.formatName)\"")
            return nil
        }
        return witness
    }

    /// Walks the witness packet forward and back and compares every hop with the recorded trace.
    /// Whether a packet addressed to a load balancer node and delivered at one of its targets is a packet of a query
    /// to `id`: the load balancer's node (at one of `addresses`), or that target.
    static func throughLoadBalancer(_ id: String, _ addresses: [IPAddress], _ packet: Packet, deliveredAt destination: Location,
                                    _ network: Network) -> Bool {
        guard let node = network.networkInterface(privateAddress: packet.destination) ?? network.networkInterface(publicAddress: packet.destination),
              let loadBalancer = network.loadBalancer(ofInterface: node),
              case .networkInterface(let target) = destination,
              network.loadBalancers(targeting: target).contains(where: { $0.arn == loadBalancer.arn }) else { return false }
        return (id == node.id && addresses.contains(packet.destination)) || id == target
    }

    private func replayWitness(_ witness: ProofWitness, packet: Packet, delivered: Packet, network: Network, _ report: inout Report) {
        let source = location(witness.source)
        let destination = location(witness.destination)
        report.line("Witness packet: \(packet), from \(place(source)) to \(place(destination))")
        let membership = queryMembership(witness, packet, source, destination, network)
        if membership.isEmpty {
            report.line("  it is a packet of the query (traffic \(witness.query.traffic), from its source to its destination)")
        } else {
            report.failure("  it is not a packet of the query:", details: membership)
        }

        let walker = PacketWalker(network: network)
        // A load balancer on the way sends the connection to the target the witness was delivered at (its flow hash).
        var choice = ConnectionState()
        if case .networkInterface(let id) = destination { choice.loadBalancerTarget = id }
        let forward = walker.walk(packet, from: source, leg: .forward, state: choice)
        let hopsMatch = compare("Forward path", recorded: witness.forward, walked: forward, &report)
        let arrived: Packet? = forward.deliveredPacket
        let arrivedText = arrived?.description ?? "nothing"
        let deliveredHere = forward.deliveredAt == destination
        if !deliveredHere {
            report.failure("  the walker does not deliver it at \(destination): \(outcome(forward))")
        } else if arrived != delivered {
            report.failure("  it arrives as \(arrivedText), the witness records \(delivered)")
        } else if hopsMatch {
            report.line("  delivered at \(place(destination)) as \(delivered)")
        }

        let replied: Packet? = (arrived ?? delivered).response
        let needsReturn = !witness.query.oneWay && replied != nil
        verifyReturn(witness, needsReturn: needsReturn, forward: forward, walker: walker, source: source, packet: packet, &report)
        report.conclusion = "a packet of this query gets through\(needsReturn ? " and back" : ""), replayed hop by hop by the concrete packet walker"
    }

    /// Checks the return path of a witness: present exactly when the query needs a response, and walked back.
    /// (Kept out of `verifyWitness`, and written with plain `if`s: Swift 6.3's optimizer crashed on the tuple switch.)
    private func verifyReturn(_ witness: ProofWitness, needsReturn: Bool, forward: Walk, walker: PacketWalker, source: Location,
                              packet: Packet, _ report: inout Report) {
        let why = witness.query.oneWay ? "one way" : "an ICMP message that gets no reply"
        guard needsReturn else {
            if witness.return != nil {
                report.failure("Return path: recorded, but the query needs no response (\(why))")
            } else {
                report.line("Return path: none needed (\(witness.query.oneWay ? "one way" : "no reply to this ICMP message"))")
            }
            return
        }
        guard let recorded = witness.return else {
            report.failure("Return path: missing: the query needs the response back, and the witness records none")
            return
        }
        guard let at = forward.deliveredAt, let response = forward.deliveredPacket?.response else {
            report.failure("Return path: not walked: the forward packet was not delivered")
            return
        }
        let back = walker.walk(response, from: at, leg: .return, state: forward.state)
        let backOK = compare("Return path", recorded: recorded, walked: back, &report)
        if back.deliveredAt != source || back.deliveredPacket?.destination != packet.source {
            report.failure("  the response does not get back to \(source) at \(packet.source): \(outcome(back))")
        } else if backOK {
            report.line("  the response \(response) is delivered back at \(place(source))")
        }
    }

    private func location(_ text: String) -> Location {
        if text == "internet" { return .internet }
        if text == Location.onPremises.description { return .onPremises }
        if text.hasPrefix("service:") { return .service(String(text.dropFirst("service:".count))) }
        return .networkInterface(text)
    }

    private func place(_ location: Location) -> String { location == .internet ? "the internet" : location.description }

    private func outcome(_ walk: Walk) -> String {
        switch walk.outcome {
        case .delivered(let location, let packet): "delivered at \(location) as \(packet)"
        case .dropped(let drop): "dropped: \(drop)"
        case .unsupported(let reason): "unsupported: \(reason)"
        }
    }

    /// Compares hops one by one; reports the first difference.
    private func compare(_ name: String, recorded: [Hop], walked: Walk, _ report: inout Report) -> Bool {
        for (i, pair) in zip(recorded, walked.hops).enumerated() where pair.0 != pair.1 {
            report.failure("\(name): hop \(i + 1) differs from the witness", details: [
                "witness: \(pair.0.component) [\(pair.0.kind.rawValue)] \(pair.0.detail)",
                "walker:  \(pair.1.component) [\(pair.1.kind.rawValue)] \(pair.1.detail)",
            ])
            return false
        }
        if recorded.count != walked.hops.count {
            report.failure("\(name): the witness records \(recorded.count) hops, the walker crosses \(walked.hops.count) (\(outcome(walked)))")
            return false
        }
        report.line("\(name): \(recorded.count) hops replayed by the packet walker, each as recorded")
        return true
    }

    /// Why the witness is not a packet of its query (empty when it is): traffic, source and destination.
    private func queryMembership(_ witness: ProofWitness, _ packet: Packet, _ source: Location, _ destination: Location,
                                 _ network: Network) -> [String] {
        let resolver = EndpointResolver(network: network)
        let question: QueryText, from: ResolvedEndpoint, to: ResolvedEndpoint
        do {
            question = try QueryText.parse(witness.query.text)
            from = try resolver.resolve(question.source)
            to = try resolver.resolveDestination(question.destination, from: from)
        } catch {
            return ["the query \"\(witness.query.text)\" cannot be asked of this snapshot: \(error)"]
        }
        var problems: [String] = []
        let family = (try? EndpointResolver.family(of: question, from, to)) ?? .ipv4
        let traffic = question.traffic.adapted(to: family)
        if packet.family != family { problems.append("\(packet) is not an \(family) packet") }
        if !Self.matches(packet, traffic) { problems.append("\(packet) is not \(traffic) traffic") }
        let sources = resolver.sources(from)
        let sourceOK = sources.contains { endpoint in
            switch endpoint {
            case .interface(let id, let addresses): source == .networkInterface(id) && addresses.contains(packet.source)
            case .publicAddressOf(let id):
                source == .networkInterface(id) && network.networkInterface(id)?.addresses.contains { $0.address == packet.source } == true
            case .internet(let prefix): source == .internet && (prefix?.contains(packet.source) ?? true) && network.isInternetHost(packet.source)
            case .service: false
            case .onPremises(let prefix): source == .onPremises && (prefix?.contains(packet.source) ?? true)
            }
        }
        if !sourceOK { problems.append("it is not sent by \(witness.query.source) (from \(source) at \(packet.source))") }
        let destinations = resolver.destinations(to, fromInternet: from.isInternet)
        let destinationOK = destinations.contains { endpoint in
            switch endpoint {
            case .interface(let id, let addresses):
                (destination == .networkInterface(id) && addresses.contains(packet.destination))
                    || Self.throughLoadBalancer(id, addresses, packet, deliveredAt: destination, network)
            case .publicAddressOf(let id):
                // IPv6 addresses are global: from the internet an interface is reached at them directly.
                (destination == .networkInterface(id) && network.networkInterface(id)?.addresses.contains {
                    family == .ipv6 ? $0.address == packet.destination : $0.publicAddress == packet.destination
                } == true) || Self.throughLoadBalancer(id, [packet.destination], packet, deliveredAt: destination, network)
            case .internet(let prefix):
                destination == .internet && (prefix?.contains(packet.destination) ?? true) && network.isInternetHost(packet.destination)
            case .service(let name):
                destination == .service(name) && network.serviceBlocks(name).contains { $0.contains(packet.destination) }
            case .onPremises(let prefix): destination == .onPremises && (prefix?.contains(packet.destination) ?? true)
            }
        }
        if !destinationOK { problems.append("it is not addressed to \(witness.query.destination) (delivered at \(destination), to \(packet.destination))") }
        return problems
    }

    /// Whether a concrete packet is of the query's traffic (as the encoding's `matches`).
    static func matches(_ packet: Packet, _ traffic: TrafficSpec) -> Bool {
        guard let number = traffic.ipProtocol else {
            return !IPProtocolNumber.hasPorts(packet.ipProtocol) || traffic.sourcePorts.contains(packet.sourcePort)
        }
        guard packet.ipProtocol == number else { return false }
        if IPProtocolNumber.hasPorts(number) {
            if let ports = traffic.destinationPorts, !ports.contains(packet.destinationPort) { return false }
            if !traffic.sourcePorts.contains(packet.sourcePort) { return false }
        }
        if IPProtocolNumber.isICMP(number) {
            if let type = traffic.icmpType, packet.icmpType != type { return false }
            if let code = traffic.icmpCode, packet.icmpCode != code { return false }
        }
        return true
    }

    // MARK: Identity

    /// Recomputes the proof's identity (`ProofIdentity`) over the files that state its claim and compares it with
    /// `identity.txt`: any edit of the verdict, the query, the constants, the SMT-LIB2 text or the witness fails.
    private func checkIdentity(_ base: URL, covering names: [String], _ report: inout Report) {
        guard let text = try? String(contentsOf: base.appendingPathComponent(ProofIdentity.file), encoding: .utf8) else {
            return report.failure("Identity: \(ProofIdentity.file) is missing: nothing binds the claim to what was proved")
        }
        guard let recorded = ProofIdentity.recorded(in: text) else {
            return report.failure("Identity: \(ProofIdentity.file) holds no sha256:<digest> line")
        }
        var files: [(name: String, bytes: [UInt8])] = []
        for name in names {
            guard let data = try? Data(contentsOf: base.appendingPathComponent(name)) else {
                return report.failure("Identity: \(name) is unreadable")
            }
            files.append((name, Array(data)))
        }
        let now = ProofIdentity.digest(files)
        if now == recorded {
            report.line("Identity: sha256:\(recorded) over \(names.sorted().joined(separator: ", ")), as recorded")
        } else {
            report.failure("Identity: \(names.sorted().joined(separator: ", ")) changed after the proof was written (identity sha256:\(recorded), now sha256:\(now))")
        }
    }

    /// A claim proves one thing: that no packet of its query gets through (and back). The verdict and the sentence
    /// must say so.
    private func checkClaimStatement(_ manifest: ProofManifest, _ report: inout Report) {
        if manifest.verdict != "unreachable" {
            report.failure("Verdict: the manifest says \"\(manifest.verdict)\"; an unsat claim proves \"unreachable\" and nothing else")
        }
        if manifest.claim != manifest.query.unreachableStatement {
            report.failure("Claim: the manifest states \"\(manifest.claim)\", not what its script proves: \"\(manifest.query.unreachableStatement)\"")
        }
    }

    // MARK: Snapshots

    /// Checks the snapshot against the record; returns its network when it is unchanged.
    @discardableResult
    private func checkSnapshot(_ record: ProofSnapshotRecord, _ report: inout Report) -> Network? {
        var loaded: (network: Network, files: [String])?
        var loadError: String?
        if let terraform = record.terraform {
            guard let loadTerraform else {
                report.failure("Terraform: the proof was made from \(terraform.file), and this verifier cannot read Terraform files")
                return nil
            }
            do { loaded = try loadTerraform(terraform.file, record.directory.isEmpty ? nil : record.directory) } catch { loadError = "\(error)" }
        } else {
            do { loaded = try loadSnapshot(record.directory) } catch { loadError = "\(error)" }
        }
        let changes = record.changes(currentFiles: loaded?.files)
        if !changes.isEmpty {
            report.failure("Snapshot: \(record.source) is not what the proof was made from:", details: changes)
            return nil
        }
        guard let loaded else {
            report.failure("Snapshot: \(record.source) does not load: \(loadError ?? "unknown error")")
            return nil
        }
        if let terraform = record.terraform {
            report.line("Terraform: \(terraform.file): unchanged (SHA-256 as recorded), read as the network after apply")
            for address in terraform.unknownAddresses ?? [] { report.line("  \(address)") }
        }
        if !record.directory.isEmpty {
            report.line("Snapshot: \(record.directory): \(record.files.count) files, each unchanged (SHA-256 as recorded)")
        }
        return loaded.network
    }

    // MARK: Running

    private func run(_ executable: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    private func describe(_ error: Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, let context): return "missing \(path(context.codingPath + [key]))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return "wrong value at \(path(context.codingPath)): \(context.debugDescription)"
            case .dataCorrupted(let context): return "\(context.debugDescription) \(path(context.codingPath))"
            @unknown default: return "\(error)"
            }
        }
        return error.localizedDescription
    }

    private func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}

/// The lines of a verification and its status.
private struct Report {
    var lines: [String] = []
    var failed = false
    var bad = false
    var conclusion: String?

    mutating func line(_ text: String) { lines.append(text) }

    mutating func query(_ query: ProofQueryRecord) {
        line("Query: \(query.text)\(query.oneWay ? " (one way)" : "")")
        line("  from \(query.source) to \(query.destination), \(query.traffic)")
    }

    mutating func failure(_ text: String, details: [String] = []) {
        failed = true
        lines.append(text)
        lines += details.map { "  - \($0)" }
    }

    mutating func badInput(_ text: String) {
        bad = true
        lines.append("error: \(text)")
    }

    func finish() -> ProofVerification {
        if bad { return ProofVerification(status: .badInput, lines: lines + ["NOT CHECKED: the proof could not be read or checked"]) }
        if failed || conclusion == nil {
            return ProofVerification(status: .fails, lines: lines + ["PROOF DOES NOT HOLD"])
        }
        return ProofVerification(status: .holds, lines: lines + ["PROOF HOLDS: \(conclusion!)"])
    }
}

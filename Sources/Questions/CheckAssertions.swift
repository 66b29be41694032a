import Analysis
import Foundation
import NetworkModel
import Simulation

/// One direction of an assertion, answered: `can` and `cannot` have one, `isolated` two.
public struct DirectionResult: Sendable {
    /// The two sides' labels, in this direction.
    public let from: String
    public let to: String
    public let traffic: TrafficSpec
    public let oneWay: Bool
    public let family: AddressFamily
    public let verdict: Verdict
    /// The answer that decides: the witness when reachable; when unreachable, the one with the fewest blockers;
    /// nil when the analysis failed.
    public let answer: Answer?
    /// The concrete pair of the witness (reachable) or of the example packet (unreachable with blockers).
    public let pairSource: String?
    public let pairDestination: String?
    /// How many SMT problems were solved (one per cross product of members, see `CheckPairs`).
    public let problems: Int
    /// When the proof was made over one destination of each class (`DestinationClasses`): how many classes, standing
    /// for how many destinations.
    public var destinationClasses: (classes: Int, destinations: Int)? = nil
}

/// An assertion, checked.
public struct AssertionResult: Sendable {
    public enum Status: Hashable, Sendable {
        case holds
        case violated
        /// The solver gave no answer, or the traffic reaches something PathProof does not model.
        case unknown(reason: String)

        public var name: String {
            switch self {
            case .holds: "holds"
            case .violated: "violated"
            case .unknown: "unknown"
            }
        }
    }

    public let assertion: QueryAssertion
    public let status: Status
    /// The resolved ends, as shown in reports.
    public let sourceLabel: String
    public let destinationLabel: String
    public let directions: [DirectionResult]
    /// One sentence: what holds, or what is wrong.
    public let summary: String
    /// The evidence, several lines: blockers for a `can` that fails; the concrete pair, witness packet and path for
    /// a `cannot` or `isolated` that fails; the witness pair for a `can` that holds.
    public let details: [String]
    public let milliseconds: Double

    /// The summary and the details, as one text.
    public var explanation: String { ([summary] + details).joined(separator: "\n") }
}

/// A file whose assertions are resolved against a network and ready to check.
public struct ResolvedQueryFile: Sendable {
    public let file: QueryFile
    let assertions: [ResolvedAssertion]
}

struct ResolvedAssertion: Sendable {
    let assertion: QueryAssertion
    let source: EndpointGroup
    let destination: EndpointGroup
}

/// Checks the assertions of `.reach` files on one network. Each direction of an assertion is one SMT problem over
/// all its member pairs (a few more only when the two sides share members, see `CheckPairs`).
public final class QueryFileChecker {
    public let network: Network
    public let engine: ReachabilityEngine
    public let resolver: EndpointGroupResolver
    private lazy var destinationClasses = DestinationClasses(network: network)

    public init(network: Network, timeoutMilliseconds: UInt32? = 30_000) {
        self.network = network
        self.engine = ReachabilityEngine(network: network, timeoutMilliseconds: timeoutMilliseconds)
        self.resolver = EndpointGroupResolver(network: network)
    }

    /// Parses nothing and checks everything: resolves every assertion first (throwing every resolution mistake of
    /// the file at once), then checks them in order.
    public static func check(_ file: QueryFile, _ network: Network, timeoutMilliseconds: UInt32? = 30_000) throws(QueryFileError) -> [AssertionResult] {
        try QueryFileChecker(network: network, timeoutMilliseconds: timeoutMilliseconds).check(file)
    }

    public func check(_ file: QueryFile) throws(QueryFileError) -> [AssertionResult] {
        check(try resolve(file))
    }

    /// Resolves every endpoint of every assertion: unknown names, ambiguous names, empty groups and assertions that
    /// leave no pair to check are errors naming the line and column.
    public func resolve(_ file: QueryFile) throws(QueryFileError) -> ResolvedQueryFile {
        var diagnostics: [QueryFileDiagnostic] = []
        var resolved: [ResolvedAssertion] = []
        for assertion in file.assertions {
            var ends: [EndpointGroup] = []
            for (index, (reference, location)) in [(assertion.source, assertion.sourceLocation), (assertion.destination, assertion.destinationLocation)].enumerated() {
                do {
                    // A DNS name as the destination resolves for the source (`EndpointGroup+DNS.swift`).
                    ends.append(index == 0 ? try resolver.resolve(reference) : try resolver.resolve(reference, from: assertion.source))
                } catch let error as QueryError {
                    diagnostics.append(QueryFileDiagnostic(location, error.message))
                } catch {
                    diagnostics.append(QueryFileDiagnostic(location, "\(error)"))
                }
            }
            guard ends.count == 2 else { continue }
            let (source, destination) = (ends[0], ends[1])
            if !source.hasInterfaceMembers && !destination.hasInterfaceMembers {
                diagnostics.append(QueryFileDiagnostic(assertion.location, "both ends are outside the snapshot (the internet, a service, on premises); at least one must be in it"))
                continue
            }
            if assertion.kind != .isolated, source.members.allSatisfy({ if case .outside(.service) = $0 { true } else { false } }) {
                diagnostics.append(QueryFileDiagnostic(assertion.sourceLocation, "\(assertion.source) starts no connections: a service behind a gateway endpoint can only be a destination"))
                continue
            }
            if CheckPairs.blocks(sources: source.members, destinations: destination.members).isEmpty {
                diagnostics.append(QueryFileDiagnostic(assertion.location,
                                                       "\(assertion.source) and \(assertion.destination) are the same single interface: there is no pair of distinct endpoints to check"))
                continue
            }
            resolved.append(ResolvedAssertion(assertion: assertion, source: source, destination: destination))
        }
        if !diagnostics.isEmpty { throw QueryFileError(diagnostics) }
        return ResolvedQueryFile(file: file, assertions: resolved)
    }

    public func check(_ file: ResolvedQueryFile) -> [AssertionResult] {
        file.assertions.map(check)
    }

    func check(_ item: ResolvedAssertion) -> AssertionResult {
        let started = Date()
        let assertion = item.assertion
        // Blockers explain a `can` that fails; a `cannot` or `isolated` that holds needs only the proof.
        let explainsBlockers = assertion.kind == .can
        var directions: [DirectionResult] = []
        for family in families(assertion) {
            directions.append(run(from: item.source, to: item.destination, traffic: assertion.traffic, oneWay: assertion.oneWay, family: family,
                                  explain: explainsBlockers))
            if assertion.kind == .isolated {
                directions.append(run(from: item.destination, to: item.source, traffic: .anyProtocol, oneWay: true, family: family,
                                      explain: explainsBlockers))
            }
        }
        let reachable = directions.filter { $0.verdict == .reachable }
        let unknown = directions.compactMap { direction -> String? in
            if case .unknown(let reason) = direction.verdict { return reason }
            return nil
        }
        let status: AssertionResult.Status
        switch assertion.kind {
        case .can:
            status = !reachable.isEmpty ? .holds : unknown.first.map { .unknown(reason: $0) } ?? .violated
        case .cannot, .isolated:
            status = !reachable.isEmpty ? .violated : unknown.first.map { .unknown(reason: $0) } ?? .holds
        }
        let (summary, details) = explain(assertion, status, item, directions)
        return AssertionResult(assertion: assertion, status: status, sourceLabel: item.source.label, destinationLabel: item.destination.label,
                               directions: directions, summary: summary, details: details,
                               milliseconds: Date().timeIntervalSince(started) * 1000)
    }

    /// The families an assertion is checked over: the one it names; else IPv4 for `can`, and for `cannot` and
    /// `isolated` both (IPv6 only when some interface of the snapshot has an IPv6 address).
    private func families(_ assertion: QueryAssertion) -> [AddressFamily] {
        if let family = assertion.family { return [family] }
        guard assertion.kind != .can, hasIPv6 else { return [.ipv4] }
        return [.ipv4, .ipv6]
    }

    private var hasIPv6: Bool { engine.network.networkInterfaces.contains { !$0.addresses(.ipv6).isEmpty } }

    /// One direction: every block of pairs, stopping at the first witness.
    private func run(from source: EndpointGroup, to destination: EndpointGroup, traffic: TrafficSpec, oneWay: Bool, family: AddressFamily,
                     explain: Bool) -> DirectionResult {
        var answers: [Answer] = []
        var problems = 0
        var failure: String?
        var classCount: Int?, classedDestinations = 0
        for block in CheckPairs.blocks(sources: source.members, destinations: destination.members) {
            let fromInternet = block.sources.contains(where: \.isInternet)
            let fromInside = block.sources.contains { !$0.isInternet }
            let query = TrafficQuery(sources: unique(block.sources.flatMap(resolver.sources)),
                                     destinations: unique(block.destinations.flatMap { resolver.destinations($0, fromInside: fromInside, fromInternet: fromInternet) }),
                                     traffic: traffic, oneWay: oneWay, family: family)
            problems += 1
            do {
                let (answer, classed) = try answer(query, explain: explain)
                if let classed { classCount = (classCount ?? 0) + classed.classes; classedDestinations += classed.destinations }
                answers.append(answer)
                if answer.verdict == .reachable { break }
            } catch {
                failure = "the analysis failed: \(error)"
                break
            }
        }
        let verdict: Verdict
        let deciding: Answer?
        if let witness = answers.first(where: { $0.verdict == .reachable }) {
            (verdict, deciding) = (.reachable, witness)
        } else if let failure {
            (verdict, deciding) = (.unknown(reason: failure), nil)
        } else if let open = answers.first(where: { if case .unknown = $0.verdict { true } else { false } }) {
            (verdict, deciding) = (open.verdict, open)
        } else {
            let explained = answers.filter { !$0.blockers.isEmpty }.min { $0.blockers.count < $1.blockers.count }
            (verdict, deciding) = (.unreachable, explained ?? answers.first)
        }
        var pairSource: String?, pairDestination: String?
        if let deciding, let packet = deciding.packet, let from = deciding.source, let to = deciding.destination {
            pairSource = resolver.label(from, address: packet.source)
            pairDestination = resolver.label(to, address: packet.destination)
        }
        return DirectionResult(from: source.label, to: destination.label, traffic: traffic.adapted(to: family), oneWay: oneWay, family: family,
                               verdict: verdict, answer: deciding,
                               pairSource: pairSource, pairDestination: pairDestination, problems: problems,
                               destinationClasses: verdict == .unreachable ? classCount.map { ($0, classedDestinations) } : nil)
    }

    /// The engine's answer; a large group that needs only the proof is first asked over one destination of each
    /// class (`DestinationClasses`), and again over every destination only when that does not prove it unreachable.
    private func answer(_ query: TrafficQuery, explain: Bool) throws -> (Answer, classed: (classes: Int, destinations: Int)?) {
        if !explain, let representatives = destinationClasses.representatives(query.destinations, sources: query.sources) {
            let classed = TrafficQuery(sources: query.sources, destinations: representatives, traffic: query.traffic, oneWay: query.oneWay,
                                       family: query.family)
            let answer = try engine.answer(classed, explainingUnreachable: false)
            if answer.verdict == .unreachable { return (answer, (representatives.count, query.destinations.count)) }
        }
        return (try engine.answer(query, explainingUnreachable: explain), nil)
    }

    private func unique(_ endpoints: [Endpoint]) -> [Endpoint] {
        var seen: Set<Endpoint> = []
        return endpoints.filter { seen.insert($0).inserted }
    }

    // MARK: Explanations

    private func explain(_ assertion: QueryAssertion, _ status: AssertionResult.Status, _ item: ResolvedAssertion,
                         _ directions: [DirectionResult]) -> (String, [String]) {
        let groups = item.source.reference.isGroup || item.destination.reference.isGroup
        let back = assertion.oneWay ? "" : " and back"
        switch status {
        case .unknown(let reason):
            return ("unknown: \(reason)", [])
        case .holds where assertion.kind == .can:
            guard let direction = directions.first, let answer = direction.answer else { return ("holds", []) }
            let details = paths(answer)
            let packet = answer.packet.map { ": \($0)" } ?? ""
            return ("holds: \(direction.pairSource ?? item.source.label) reaches \(direction.pairDestination ?? item.destination.label)\(packet)", details)
        case .holds:
            let paths = directions.reduce(0) { $0 + ($1.answer?.candidatePaths.forward ?? 0) }
            let classed = directions.compactMap(\.destinationClasses)
            let classes = classed.isEmpty ? ""
                : ", one destination of each of \(classed.reduce(0) { $0 + $1.classes }) classes standing for \(classed.reduce(0) { $0 + $1.destinations }) destinations"
            let families = Set(directions.map(\.family)).sorted()
            let over = families == [.ipv4] ? "" : families.map(\.description).joined(separator: " or ") + " "
            let scope = assertion.kind == .isolated ? "no \(over)packet of any protocol gets from either side to the other"
                : "no \(over)packet of \(assertion.traffic) gets from \(item.source.label) to \(item.destination.label)\(back)"
            return ("holds: proved, \(scope) (\(paths == 1 ? "1 candidate path" : "\(paths) candidate paths")\(classes))", [])
        case .violated where assertion.kind == .can:
            guard let direction = directions.first else { return ("violated", []) }
            let who = groups ? "no member of \(item.source.label) reaches a member of \(item.destination.label)"
                : "\(item.source.label) does not reach \(item.destination.label)"
            var details: [String] = []
            var summary = "violated: \(who) with \(assertion.traffic)\(back) (proved)"
            if let answer = direction.answer {
                if answer.blockers.isEmpty {
                    if let note = answer.note { summary += "; \(note)" }
                } else {
                    let count = answer.blockers.count
                    summary += count == 1 ? "; blocked by 1 configuration element" : "; blocked by \(count) configuration elements (all must change)"
                    for (i, blocker) in answer.blockers.enumerated() {
                        let side = blocker.direction.map { " \($0)" } ?? ""
                        details.append("\(i + 1). \(blocker.component) [\(blocker.code), \(blocker.leg)\(side)]: \(blocker.message)")
                    }
                    if let packet = answer.packet, let source = direction.pairSource, let destination = direction.pairDestination {
                        details.append("Example: \(source) → \(destination), a packet that would pass once they change: \(packet)")
                    }
                }
            }
            return (summary, details)
        case .violated:
            guard let direction = directions.first(where: { $0.verdict == .reachable }), let answer = direction.answer else { return ("violated", []) }
            let source = direction.pairSource ?? direction.from, destination = direction.pairDestination ?? direction.to
            let packet = answer.packet.map { ": \($0)" } ?? ""
            let way = assertion.kind == .isolated ? " (\(direction.from) → \(direction.to))" : ""
            let details = paths(answer)
            return ("violated: \(source) reaches \(destination)\(way)\(packet)", details)
        }
    }

    private func paths(_ answer: Answer) -> [String] {
        var lines: [String] = []
        if let packet = answer.packet { lines.append("Witness packet: \(packet)") }
        if let forward = answer.forward {
            lines.append("Forward path:")
            lines += forward.hops.enumerated().map { "  \($0.offset + 1). \($0.element.component) [\($0.element.kind.rawValue)] \($0.element.detail)" }
        }
        if let back = answer.returnWalk {
            lines.append("Return path:")
            lines += back.hops.enumerated().map { "  \($0.offset + 1). \($0.element.component) [\($0.element.kind.rawValue)] \($0.element.detail)" }
        }
        return lines
    }
}

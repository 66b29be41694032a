import Foundation
import NetworkModel
import Simulation
import SMT

/// Something went wrong inside the analysis (not in the user's input).
public enum AnalysisError: Error, CustomStringConvertible {
    /// Z3 reported an error.
    case solver(String)
    /// The SMT encoding and the concrete walker disagree about a packet: a bug in one of them.
    case disagreement(String)

    public var description: String {
        switch self {
        case .solver(let message): "solver error: \(message)"
        case .disagreement(let message): "internal disagreement between the SMT encoding and the packet walker: \(message)"
        }
    }
}

/// Answers reachability queries on one network: proves unreachability with Z3 (UNSAT), or finds a witness packet
/// (SAT) and replays it through the concrete walker; for unreachable queries, finds the smallest set of
/// configuration elements whose change makes the query reachable (MaxSAT).
public final class ReachabilityEngine {
    public let network: Network
    public let walker: PacketWalker
    /// Solver timeout per check; a timeout gives `.unknown`.
    public var timeoutMilliseconds: UInt32?

    /// What encodings look up over the whole network, made once and shared by every query of this engine.
    let index: EncodingIndex
    /// Whether a query of one packet (ping from an instance to an instance) has its witness found by the walker
    /// (`walkedAnswer`) rather than by Z3; the answer is the same either way (`OnePacketWitnessTests`).
    public var walksOnePacketQueries = true
    /// Whether an answer without blockers skips the check for unmodelled components when the pinned addresses alone
    /// rule out every unsupported path (`Encoding.unmodelledRuledOutByPins`); the verdict is the same either way
    /// (`PinnedUnmodelledCheckTests`).
    public var skipsUnmodelledCheckByPins = true
    /// How many answers skipped that check.
    public private(set) var skippedUnmodelledChecks = 0
    /// How many answers had their witness found by the walker (`walkedAnswer`), each without a Z3 context.
    public internal(set) var walkedWitnesses = 0
    /// How many Z3 contexts `answer` has made (one per answer not found by the walker).
    public private(set) var contextsMade = 0

    public init(network: Network, timeoutMilliseconds: UInt32? = 30_000) {
        self.network = network
        self.walker = PacketWalker(network: network)
        self.index = EncodingIndex(network: network)
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Answers a query. With `explainingUnreachable` false, an unreachable answer is the proof alone, without the
    /// search for blockers (and without the hypothetical paths only that search needs): what a "cannot" policy needs.
    public func answer(_ query: TrafficQuery, explainingUnreachable: Bool = true) throws -> Answer {
        let started = Date()
        let phases = PhaseTimes.recorder("answer")
        defer { phases?.print() }
        // A question of one packet (ping from an instance to an instance) that the walker gets there and back is
        // answered without Z3 (`walkedAnswer`); everything else from here on, as it always was.
        if let walked = walkedAnswer(query, explainingUnreachable: explainingUnreachable, started: started, phases: phases) { return walked }
        let context = SMTContext(timeoutMilliseconds: timeoutMilliseconds)
        contextsMade += 1
        phases?.mark("z3-context")
        let encoding = Encoding(query: query, network: network, context: context, includesHypotheticalPaths: explainingUnreachable, index: index)
        phases?.mark("encode")
        var answer = Answer(verdict: .unreachable, packet: nil, forward: nil, returnWalk: nil, source: nil, destination: nil, blockers: [], note: nil,
                            candidatePaths: (encoding.alternatives.count, encoding.alternatives.reduce(0) { $0 + $1.returns.count }),
                            solverMilliseconds: 0)

        // 1. Is there a packet that gets there (and back)? Many candidate paths are first refuted part by part
        // (`PartitionedRefutation`); when that proves nothing, the one whole check answers, as it always did.
        // The pins (`Encoding.pins`) only where they leave Z3 no choice of witness: both addresses pinned and every
        // other field fixed by the traffic. Elsewhere Z3's pick (a TCP source port, an internet address) depends on
        // the formula's shape, and answers must stay as they were.
        let pins = encoding.pins.count == 2 && query.traffic.fixesEveryField ? encoding.pins : []
        // A part that is satisfiable already gives the witness (a model of the whole disjunction).
        let parts = encoding.alternatives.count + encoding.unsupported.count >= PartitionedRefutation.threshold
            ? PartitionedRefutation(context: context, shared: encoding.base + pins) : nil
        let provable = encoding.alternatives.indices.filter { encoding.alternatives[$0].provable != nil }
        let outcome = try parts?.refute(provable.map { encoding.alternatives[$0].provable! }) ?? .undecided
        let solver = context.makeSolver()
        var searched = provable
        var partModel: Model?
        let result: CheckResult
        switch outcome {
        case .refuted:
            result = .unsatisfiable
        case .satisfiable(let model, let part):
            (result, partModel, searched) = (.satisfiable, model, Array(provable[part]))
        case .undecided:
            encoding.assertBase(solver)
            for pin in pins { solver.assert(pin) }
            solver.assert(context.or(encoding.alternatives.compactMap(\.provable)))
            result = try check(solver.check())
        }
        phases?.mark("solve")
        switch result {
        case .satisfiable:
            guard let model = partModel ?? solver.model(), let packet = encoding.packet.packet(in: model),
                  let chosen = searched.lazy.map({ encoding.alternatives[$0] }).first(where: { $0.provable.map { model.bool($0) == true } ?? false }) else {
                throw AnalysisError.solver("no model for a satisfiable query")
            }
            answer.verdict = .reachable
            answer.packet = packet
            answer.source = chosen.source
            answer.destination = chosen.destination
            (answer.forward, answer.returnWalk) = try replay(packet, chosen, oneWay: query.oneWay)
            phases?.mark("replay")
            answer.solverMilliseconds = Date().timeIntervalSince(started) * 1000
            return answer
        case .unknown(let reason):
            answer.verdict = .unknown(reason: noAnswer(reason))
            answer.solverMilliseconds = Date().timeIntervalSince(started) * 1000
            return answer
        case .unsatisfiable:
            break
        }

        // 2. Could it get through a component PathProof does not model? Then there is no verdict.
        // Without the search for blockers, nothing after this check reads the context, so a check the pinned
        // addresses make needless is skipped; with it, the check stays, as the blockers' MaxSAT model (the example
        // packet) depends on everything the context has seen.
        let ruledOut = !explainingUnreachable && skipsUnmodelledCheckByPins && encoding.unmodelledRuledOutByPins(context)
        if ruledOut { skippedUnmodelledChecks += 1 }
        if !encoding.unsupported.isEmpty, !ruledOut,
           !(try parts?.refutes(encoding.unsupported.map(\.term)) ?? false) {
            let probe = context.makeSolver()
            encoding.assertBase(probe)
            probe.assert(context.or(encoding.unsupported.map(\.term)))
            let result = try check(probe.check())
            if let verdict = unmodelledVerdict(result, encoding.unsupported, model: result == .satisfiable ? probe.model() : nil) {
                answer.verdict = verdict
                answer.solverMilliseconds = Date().timeIntervalSince(started) * 1000
                return answer
            }
        }

        phases?.mark("unmodelled-check")
        // 3. Unreachable: the smallest set of checkpoints to change.
        answer.verdict = .unreachable
        if explainingUnreachable { try findBlockers(encoding, context, into: &answer) }
        phases?.mark("blockers")
        answer.solverMilliseconds = Date().timeIntervalSince(started) * 1000
        return answer
    }

    /// Whether the SMT encoding lets exactly `packet` through (forward, and back unless one-way), by the modelled
    /// semantics (`Alternative.formula`: what the snapshot does not describe counts as it is modelled, not as
    /// unknown). For cross-checks against the walker.
    public func admits(_ query: TrafficQuery, packet: Packet) throws -> Bool? {
        let context = SMTContext(timeoutMilliseconds: timeoutMilliseconds)
        let encoding = Encoding(query: query, network: network, context: context, index: index)
        let solver = context.makeSolver()
        encoding.assertBase(solver)
        solver.assert(context.or(encoding.alternatives.map { $0.formula }))
        let p = encoding.packet
        guard packet.family == query.family, packet.destination.family == query.family else { return false }
        let width = query.family.bitWidth
        solver.assert(context.equal(p.source, context.bitVector(wide: packet.source.value, width: width)))
        solver.assert(context.equal(p.destination, context.bitVector(wide: packet.destination.value, width: width)))
        solver.assert(context.equal(p.ipProtocol, context.bitVector(UInt64(packet.ipProtocol), width: 8)))
        solver.assert(context.equal(p.sourcePort, context.bitVector(UInt64(packet.sourcePort), width: 16)))
        solver.assert(context.equal(p.destinationPort, context.bitVector(UInt64(packet.destinationPort), width: 16)))
        solver.assert(context.equal(p.icmpType, context.bitVector(UInt64(packet.icmpType), width: 8)))
        solver.assert(context.equal(p.icmpCode, context.bitVector(UInt64(packet.icmpCode), width: 8)))
        switch try check(solver.check()) {
        case .satisfiable: return true
        case .unsatisfiable: return false
        case .unknown: return nil
        }
    }

    private func check(_ result: CheckResult) throws -> CheckResult { result }

    /// The verdict of the check for a packet that gets into a component PathProof does not model (`result`, over
    /// the `unsupported` paths' terms): nil when none does (UNSAT); UNKNOWN naming the component when one does (SAT,
    /// with its `model`); UNKNOWN saying the solver gave no answer, a timeout with its value, when it could not
    /// tell, as then nothing is known of such a path.
    func unmodelledVerdict(_ result: CheckResult, _ unsupported: [(term: Term, reason: String)], model: Model?) -> Verdict? {
        switch result {
        case .unsatisfiable:
            return nil
        case .unknown(let reason):
            return .unknown(reason: noAnswer(reason))
        case .satisfiable:
            guard let first = unsupported.first else { return nil }
            return .unknown(reason: unsupported.first { model?.bool($0.term) == true }?.reason ?? first.reason)
        }
    }

    /// What an UNKNOWN verdict says when Z3 gave no answer (`reason`, Z3's own): that the solver timed out, with
    /// the timeout, when it ran out of time.
    func noAnswer(_ reason: String) -> String {
        if let timeoutMilliseconds, reason.contains("timeout") || reason.contains("canceled") {
            return "the solver timed out after \(timeoutMilliseconds) ms (\(reason))"
        }
        return "the solver gave no answer (\(reason))"
    }

    /// Replays a witness through the walker; throws if the walker does not deliver it as the solver claims.
    func replay(_ packet: Packet, _ alternative: Alternative, oneWay: Bool) throws -> (Walk, Walk?) {
        let origin = alternative.sourceLocation
        // The target a load balancer picks (its flow hash) is the one of the witness's path; a path that ends at a
        // load balancer's node (the query's destination is the load balancer) names the node.
        var choice = ConnectionState(loadBalancerTarget: alternative.forward.state.loadBalancer?.target)
        if choice.loadBalancerTarget == nil, case .networkInterface(let id)? = alternative.forward.location { choice.loadBalancerTarget = id }
        let forward = walker.walk(packet, from: origin, leg: .forward, state: choice)
        guard let delivered = forward.deliveredPacket, forward.deliveredAt == alternative.forward.location else {
            throw AnalysisError.disagreement("the solver says \(packet) from \(origin) reaches \(alternative.forward.location.map(\.description) ?? "?"), the walker says:\n\(forward)")
        }
        guard !oneWay, let response = delivered.response, let at = forward.deliveredAt else { return (forward, nil) }
        let back = walker.walk(response, from: at, leg: .return, state: forward.state)
        guard back.deliveredAt == origin, back.deliveredPacket?.destination == packet.source else {
            throw AnalysisError.disagreement("the solver says the response \(response) gets back to \(origin), the walker says:\n\(back)")
        }
        return (forward, back)
    }

    private func findBlockers(_ encoding: Encoding, _ context: SMTContext, into answer: inout Answer) throws {
        let search = RelaxedSearch(encoding: encoding, context: context)
        switch try search.optimizer.check() {
        case .unsatisfiable:
            let reasons = encoding.impossibilities.isEmpty ? "no candidate path exists between these endpoints" : encoding.impossibilities.joined(separator: "; ")
            answer.note = "no change to the modelled configuration elements makes this traffic reachable: \(reasons)"
            return
        case .unknown(let reason):
            answer.note = "the search for blockers gave no answer (\(reason)); the verdict itself is proved"
            return
        case .satisfiable:
            break
        }
        guard let model = search.optimizer.model(), let (alternative, conditions) = search.chosenPath(in: model) else { return }
        answer.packet = encoding.packet.packet(in: model)
        answer.source = alternative.source
        answer.destination = alternative.destination
        let explanation = BlockerExplanation(network: network, walker: walker)
        var seen: Set<Checkpoint> = []
        for (condition, leg) in conditions {
            guard let checkpoint = condition.checkpoint, !seen.contains(checkpoint), search.isRelaxed(checkpoint, in: model),
                  model.bool(condition.term) == false, let packet = condition.packet.packet(in: model) else { continue }
            seen.insert(checkpoint)
            answer.blockers.append(explanation.blocker(for: condition, checkpoint: checkpoint, packet: packet, leg: leg))
        }
    }
}

/// One source–destination pair's forward path with its candidate return paths.
struct Alternative {
    let source: Endpoint
    let destination: Endpoint
    let sourceLocation: Location
    let initial: Term
    let forward: SymbolicPath
    let returns: [SymbolicPath]
    let expectsResponse: Term
    let oneWay: Bool
    var family: AddressFamily { forward.packet.family }
    /// The conditions of the forward path and, when a response is expected, of some return path: the modelled
    /// semantics, which the walker shares (what `ReachabilityEngine.admits` and the search for blockers use).
    let formula: Term
    /// The same over the paths the snapshot describes in full (no `PathCondition.gap`, no undescribed VPC): what a
    /// verdict rests on. Nil when the forward path itself depends on something undescribed; such a path is also an
    /// unsupported entry of the encoding, so that a packet taking it gives UNKNOWN.
    let provable: Term?

    init(source: Endpoint, destination: Endpoint, sourceLocation: Location, initial: Term, forward: SymbolicPath, returns: [SymbolicPath],
         expectsResponse: Term, oneWay: Bool, context: SMTContext, gapped: (SymbolicPath) -> Bool = { _ in false }) {
        self.source = source
        self.destination = destination
        self.sourceLocation = sourceLocation
        self.initial = initial
        self.forward = forward
        self.returns = returns
        self.expectsResponse = expectsResponse
        self.oneWay = oneWay
        let forwardHolds = context.and([initial] + forward.conditions.map(\.term))
        if oneWay {
            formula = forwardHolds
            provable = gapped(forward) ? nil : forwardHolds
        } else {
            let returnTerms = returns.map { context.and($0.conditions.map(\.term)) }
            formula = context.and([forwardHolds, context.implies(expectsResponse, context.or(returnTerms))])
            let described = returns.map { !gapped($0) }
            if gapped(forward) {
                provable = nil
            } else if described.allSatisfy({ $0 }) {
                provable = formula // every path is described in full: the verdict rests on the same formula
            } else {
                let someDescribedReturn = context.or(zip(returnTerms, described).filter(\.1).map(\.0))
                provable = context.and([forwardHolds, context.implies(expectsResponse, someDescribedReturn)])
            }
        }
    }
}

/// A query encoded: the symbolic packet, its constraints, and every candidate path.
struct Encoding {
    let packet: SymbolicPacket
    let base: [Term]
    /// The packet's source and destination address, where the query's ends allow one address only (an instance to
    /// an instance): `packet_src = 10.1.0.10`. Every candidate path and every unmodelled escape already conjoins
    /// its ends' constraints, so these add nothing to what is proved; asserted beside them, they let Z3 put the
    /// addresses into every condition before it works on the formula. `answer` asserts them only where the
    /// witness is then the one packet of the query (`TrafficSpec.fixesEveryField`), as they change the shape of
    /// the formula and with it which model Z3 picks where there is a choice.
    var pins: [Term] = []
    /// The addresses `pins` fix, if any.
    var pinnedAddresses: (source: IPAddress?, destination: IPAddress?) = (nil, nil)
    /// The packet's address constants that `pins` fix, each with its value (`unmodelledRuledOutByPins`).
    var pinValues: [(constant: Term, value: Term)] = []
    var alternatives: [Alternative] = []
    var unsupported: [(term: Term, reason: String)] = []
    /// The destination endpoint of each `unsupported` entry (same order).
    var unsupportedDestinations: [Endpoint] = []
    var impossibilities: [String] = []

    init(query: TrafficQuery, network: Network, context: SMTContext, includesHypotheticalPaths: Bool = true, index: EncodingIndex? = nil) {
        let encoder = PathEncoder(network: network, context: context, family: query.family, includesHypotheticalPaths: includesHypotheticalPaths,
                                  index: index)
        let packet = SymbolicPacket.fresh(context, "packet", family: query.family)
        self.packet = packet
        let sourceEnvelope = AddressEnvelope.union(query.sources.map(encoder.sourceEnvelope))
        let destinationEnvelope = AddressEnvelope.union(query.destinations.flatMap { destination in
            ([destination] + encoder.loadBalancerEntrances(to: destination)).map(encoder.destinationEnvelope)
        })
        encoder.constrain(packet.source, to: sourceEnvelope)
        encoder.constrain(packet.destination, to: destinationEnvelope)
        pinnedAddresses = (sourceEnvelope?.onlyAddress(of: query.family), destinationEnvelope?.onlyAddress(of: query.family))
        pinValues = [(packet.source, pinnedAddresses.source), (packet.destination, pinnedAddresses.destination)].compactMap { term, address in
            address.map { (term, encoder.terms.constant($0)) }
        }
        pins = pinValues.map { context.equal($0.constant, $0.value) }
        for source in query.sources {
            let sourceLocation = source.location
            guard let returnTarget = source.returnTarget(network) else { continue } // a service sends nothing
            for destination in query.destinations {
              // An end in a VPC the snapshot does not describe: its CIDR blocks, hence every path, are unknown.
              if let gap = Self.vpcGap([source, destination].compactMap { $0.interfaceID.flatMap(network.networkInterface)?.vpcID }, network) {
                  unsupported.append((context.and([encoder.sourceConstraint(source, packet), encoder.destinationConstraint(destination, packet)]), gap))
                  unsupportedDestinations.append(destination)
              }
              // An end in an account and region where a call of the capture failed: what it would have read (a
              // route, a target, an address) may open a path the snapshot does not show.
              if let gap = Self.failedCallGap([source, destination].compactMap { $0.interfaceID.flatMap(network.networkInterface)?.vpcID }, network) {
                  unsupported.append((context.and([encoder.sourceConstraint(source, packet), encoder.destinationConstraint(destination, packet)]), gap))
                  unsupportedDestinations.append(destination)
              }
              // Directly, and through the nodes of the load balancers that have the destination as a target.
              encoder.loadBalancerQueryTarget = destination.interfaceID
              for entrance in [destination] + encoder.loadBalancerEntrances(to: destination) {
                let initial = context.and([encoder.sourceConstraint(source, packet), encoder.destinationConstraint(entrance, packet)])
                for forward in encoder.paths(from: source, packet, to: entrance, leg: .forward)
                where entrance == destination || encoder.reaches(forward, destination) {
                    switch forward.end {
                    case .unsupported(let reason):
                        unsupported.append((context.and([initial] + forward.conditions.map(\.term)), reason))
                        unsupportedDestinations.append(destination)
                    case .delivered(let location):
                        // A path through something the snapshot does not describe gives no verdict (`Alternative.gap`):
                        // a VPC (whatever the path's other conditions, which its missing blocks falsify), a security
                        // group or network ACL (taken as letting every packet through).
                        let placementGap = Self.placementGap(forward, network)
                        if let gap = placementGap ?? forward.gap {
                            unsupported.append((placementGap == nil ? context.and([initial] + Self.open(forward, context)) : initial, gap))
                            unsupportedDestinations.append(destination)
                        }
                        // A path through a VPC of an account and region where a call of the capture failed.
                        if let gap = Self.failedCallGap(Self.placement(of: forward).vpcs, network) {
                            unsupported.append((context.and([initial] + Self.open(forward, context)), gap))
                            unsupportedDestinations.append(destination)
                        }
                        var returns: [SymbolicPath] = []
                        let expects = encoder.terms.expectsResponse(forward.packet)
                        if !query.oneWay {
                            let origin = Endpoint.origin(at: location)
                            let response = encoder.terms.response(to: forward.packet)
                            for back in encoder.returnPaths(from: origin, response, to: returnTarget, after: forward) {
                                switch back.end {
                                case .delivered:
                                    returns.append(back)
                                    let placementGap = Self.placementGap(back, network)
                                    guard let gap = placementGap ?? back.gap else { continue }
                                    let term = placementGap == nil ? context.and([initial] + forward.conditions.map(\.term) + [expects] + Self.open(back, context))
                                                                 : context.and([initial] + forward.conditions.map(\.term))
                                    unsupported.append((term, gap))
                                    unsupportedDestinations.append(destination)
                                case .unsupported(let reason):
                                    unsupported.append((context.and([initial] + forward.conditions.map(\.term) + [expects] + back.conditions.map(\.term)), reason))
                                    unsupportedDestinations.append(destination)
                                }
                            }
                        }
                        alternatives.append(Alternative(source: source, destination: destination, sourceLocation: sourceLocation, initial: initial, forward: forward,
                                                        returns: returns, expectsResponse: expects, oneWay: query.oneWay, context: context,
                                                        gapped: { Self.placementGap($0, network) != nil || $0.gap != nil }))
                    }
                }
              }
            }
        }
        base = [encoder.terms.matches(packet, query.traffic)] + encoder.globalConstraints
        var seen: Set<String> = []
        impossibilities = (Self.addresslessEnds(query, network) + encoder.impossibilities).filter { seen.insert($0).inserted }
    }

    /// A path's conditions with those the snapshot does not describe (`PathCondition.gap`) letting every packet through.
    private static func open(_ path: SymbolicPath, _ context: SMTContext) -> [Term] {
        path.conditions.map { $0.gap == nil ? $0.term : context.boolean(true) }
    }

    /// Where a path runs: the interfaces it crosses, and the VPCs of those and of its route tables.
    private static func placement(of path: SymbolicPath) -> (interfaces: [NetworkInterface], vpcs: [String]) {
        var interfaces: [NetworkInterface] = [], vpcs: [String] = []
        for condition in path.conditions {
            switch condition.role {
            case .liveness(let interface), .securityGroups(let interface, _):
                interfaces.append(interface)
                vpcs.append(interface.vpcID)
            case .route(let table, _): vpcs.append(table.vpcID)
            default: break
            }
        }
        return (interfaces, vpcs)
    }

    /// Why where a path runs is not known: a VPC or an interface's subnet no output describes (`Network.vpcGap`,
    /// `Network.subnetGap`), or nil.
    private static func placementGap(_ path: SymbolicPath, _ network: Network) -> String? {
        // Only dangling VPC and subnet references leave a placement unknown: none, nothing to look at (the usual case,
        // met once per candidate path).
        guard !network.completeness.danglingReferences.isEmpty else { return nil }
        let (interfaces, vpcs) = placement(of: path)
        return vpcs.lazy.compactMap(network.vpcGap).first ?? interfaces.lazy.compactMap(network.subnetGap).first
    }

    /// Why one of `vpcIDs` is not known (`Network.vpcGap`), or nil.
    private static func vpcGap(_ vpcIDs: [String], _ network: Network) -> String? {
        guard !network.completeness.danglingReferences.isEmpty else { return nil }
        return vpcIDs.lazy.compactMap(network.vpcGap).first
    }

    /// Why a call the capture could not make leaves a path through one of `vpcIDs` unknown (`Network.failedCallGap`), or nil.
    private static func failedCallGap(_ vpcIDs: [String], _ network: Network) -> String? {
        guard !network.completeness.failedCalls.isEmpty else { return nil }
        var seen: Set<String> = []
        for id in vpcIDs where seen.insert(id).inserted {
            if let gap = network.failedCallGap(id) { return gap }
        }
        return nil
    }

    /// Interfaces at either end that have no address of the query's family (an instance without IPv6).
    private static func addresslessEnds(_ query: TrafficQuery, _ network: Network) -> [String] {
        (query.sources + query.destinations).compactMap { endpoint -> String? in
            guard let id = endpoint.interfaceID, let interface = network.networkInterface(id) else { return nil }
            let addresses: [IPAddress]
            switch endpoint {
            case .interface(_, let given): addresses = given.filter { $0.family == query.family }
            default: addresses = interface.addresses(query.family)
            }
            // An IPv4 public-address end without a public address is a blocker (the interface's), not an impossibility.
            guard addresses.isEmpty, !(query.family == .ipv4 && endpoint.isPublicAddressEnd) else { return nil }
            let owner = interface.instanceID.map { " (\($0)\(network.name(of: $0).map { " \($0)" } ?? ""))" } ?? ""
            return "\(interface.id)\(owner) has no \(query.family) address, so it sends and receives no \(query.family) traffic"
        }
    }

    func assertBase(_ solver: Solver) { for term in base { solver.assert(term) } }
    func assertBase(_ optimizer: Optimizer) { for term in base { optimizer.assert(term) } }
}

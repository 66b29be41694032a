import NetworkModel
import Simulation
import SMT

extension ReachabilityEngine {
    /// A proof of `answer`, this engine's answer to `query`: for an unreachable answer, a self-contained SMT-LIB2
    /// claim that is unsatisfiable exactly when no packet of the query gets through (and back), with a manifest
    /// of what each assertion encodes; for a reachable one, the witness packet and its hops. nil for an unknown
    /// answer: there is nothing to prove.
    ///
    /// Before a claim is returned, Z3 checks that it is the engine's own formula (its satisfiability is that of
    /// the query) and that it is unsatisfiable; a disagreement throws `AnalysisError.disagreement`.
    public func proof(of query: TrafficQuery, answer: Answer, record: ProofQueryRecord,
                      snapshot: ProofSnapshotRecord) throws -> ProofDocument? {
        switch answer.verdict {
        case .unknown:
            return nil
        case .reachable:
            guard let packet = answer.packet, let forward = answer.forward, let delivered = forward.deliveredPacket,
                  let destination = forward.deliveredAt else {
                throw AnalysisError.disagreement("a reachable answer without a replayed witness")
            }
            let source: Location = answer.source?.location ?? .internet
            return .witness(ProofWitness(query: record, snapshot: snapshot, z3Version: SMTContext.z3Version, packet: packet,
                                         source: source, destination: destination, deliveredPacket: delivered,
                                         forward: forward.hops, return: answer.returnWalk?.hops))
        case .unreachable:
            let (manifest, script) = try claim(of: query, answer: answer, record: record, snapshot: snapshot)
            return .claim(manifest, script: script)
        }
    }

    private func claim(of query: TrafficQuery, answer: Answer, record: ProofQueryRecord,
                       snapshot: ProofSnapshotRecord) throws -> (ProofManifest, script: String) {
        let context = SMTContext(timeoutMilliseconds: timeoutMilliseconds)
        let encoding = Encoding(query: query, network: network, context: context)
        var builder = ClaimBuilder(context: context, network: network)
        let claim = builder.build(encoding, traffic: query.traffic.description)

        // The claim must be the engine's formula: same satisfiability under the definitions, for every packet.
        let engineClaim = context.and(encoding.base + [context.or(encoding.alternatives.map(\.formula) + encoding.unsupported.map(\.term))])
        let same = context.makeSolver()
        builder.definitions.forEach { same.assert($0) }
        same.assert(context.not(context.equal(claim, engineClaim)))
        switch try same.check() {
        case .unsatisfiable: break
        case .satisfiable: throw AnalysisError.disagreement("the exported claim is not the engine's formula")
        case .unknown(let reason): throw AnalysisError.solver("could not compare the exported claim with the engine's formula (\(reason))")
        }
        let solver = context.makeSolver()
        builder.definitions.forEach { solver.assert($0) }
        solver.assert(claim)
        let z3Answer: String
        switch try solver.check() {
        case .unsatisfiable: z3Answer = "unsat"
        case .satisfiable: throw AnalysisError.disagreement("the exported claim is satisfiable, but the answer is unreachable")
        case .unknown(let reason): throw AnalysisError.solver("Z3 gave no answer on the exported claim (\(reason))")
        }

        let sections = builder.sections(claim: claim)
        let assertions = sections.reduce(0) { $0 + $1.assertions.count }
        let header = """
        PathProof claim: \(record.unreachableStatement).
        Query: \(record.text)\(record.oneWay ? " (one way)" : "")
          from \(record.source) to \(record.destination), \(record.traffic)
        Snapshot: \(snapshot.source)
        Unsatisfiable exactly when the claim holds: check with `cvc5 --lang smt2 claim.smt2` (expect unsat).
        Each Bool constant is one condition of a candidate path, named after the configuration element it
        encodes; manifest.json says what each one means. The last assertion is the query over those constants.
        """
        let script = context.smtlib2Script(sections: sections, comment: header)
        if let error = context.error { throw AnalysisError.solver(error.description) }

        let groupOfCheckpoint = Dictionary(builder.groups.compactMap { group in group.key.checkpoint.map { ($0, group.id) } },
                                           uniquingKeysWith: { first, _ in first })
        let manifest = ProofManifest(
            format: ProofManifest.formatName, verdict: "unreachable", claim: record.unreachableStatement, query: record,
            snapshot: snapshot, z3Version: SMTContext.z3Version, z3Answer: z3Answer,
            smt2: .init(file: ProofDocument.claimFile, logic: "QF_BV", expect: "unsat", assertions: assertions,
                        check: "cvc5 --lang smt2 \(ProofDocument.claimFile)"),
            formula: builder.formulaShape(oneWay: query.oneWay),
            groups: builder.groups.map { .init(id: $0.id, elements: $0.elements, checkpoint: $0.key.checkpoint.map(ClaimBuilder.record),
                                               description: $0.description, constants: $0.constants) },
            constants: builder.constants, paths: builder.paths,
            blockers: answer.blockers.map {
                .init(component: $0.component, code: $0.code.rawValue, path: $0.leg.rawValue, direction: $0.direction?.rawValue,
                      message: $0.message, group: groupOfCheckpoint[$0.checkpoint])
            },
            note: answer.note)
        return (manifest, script)
    }
}

/// Builds the exported claim: one fresh Bool constant per condition, defined by `(= constant condition)`, and
/// the query as one formula over the constants.
struct ClaimBuilder {
    enum GroupKey: Hashable {
        case query
        case element(Checkpoint)
        case facts
        case unmodelled

        var checkpoint: Checkpoint? { if case .element(let checkpoint) = self { checkpoint } else { nil } }

        var order: Int {
            switch self {
            case .query: 0
            case .element: 1
            case .facts: 2
            case .unmodelled: 3
            }
        }
    }

    struct Group {
        let key: GroupKey
        var id = ""
        var elements: [String]
        var description: String
        var constants: [String] = []
        /// Indexes into `definitions`.
        var members: [Int] = []
    }

    let context: SMTContext
    let network: Network
    private(set) var definitions: [Term] = []
    private(set) var constants: [ProofManifest.Constant] = []
    private(set) var paths: [ProofManifest.Path] = []
    private(set) var groups: [Group] = []
    private var groupIndex: [GroupKey: Int] = [:]
    private var comments: [String] = []
    private var conditionCount = 0

    init(context: SMTContext, network: Network) {
        self.context = context
        self.network = network
    }

    /// Defines every constant and returns the claim: base ∧ OR(alternatives, unmodelled paths).
    mutating func build(_ encoding: Encoding, traffic: String) -> Term {
        var base: [Term] = []
        for (i, term) in encoding.base.enumerated() {
            let sentence = i == 0
                ? "the packet is of the query's traffic (\(traffic)) and well formed"
                : "a constraint every packet of the query meets (a stand-in public address is an internet address)"
            base.append(define("q\(i + 1) query", term, group: .query, alternative: nil, path: nil, sentence: sentence))
        }
        var disjuncts: [Term] = []
        for (i, alternative) in encoding.alternatives.enumerated() {
            let n = i + 1
            let from = alternative.sourceLocation.description
            let to = alternative.forward.location?.description ?? alternative.destination.description
            let endpoints = define("p\(n) endpoints", alternative.initial, group: .query, alternative: n, path: "forward",
                                   sentence: "the packet is sent by \(alternative.source) to \(alternative.destination)")
            var parts = [endpoints]
            let forward = alternative.forward.conditions.map { condition(n, "forward", $0) }
            paths.append(.init(alternative: n, path: "forward", from: from, to: to, constants: [name(endpoints)] + forward.map(name)))
            parts += forward
            if !alternative.oneWay {
                let expects = define("p\(n) response expected", alternative.expectsResponse, group: .query, alternative: n, path: "return",
                                     sentence: "the receiver sends a response (the packet is not an ICMP message that gets no reply)")
                var returns: [Term] = []
                for (j, back) in alternative.returns.enumerated() {
                    let label = "return \(j + 1)"
                    let conditions = back.conditions.map { condition(n, label, $0) }
                    paths.append(.init(alternative: n, path: label, from: to, to: back.location?.description ?? from,
                                       constants: conditions.map(name)))
                    returns.append(context.and(conditions))
                }
                parts.append(context.implies(expects, context.or(returns)))
            }
            disjuncts.append(context.and(parts))
        }
        for (k, unsupported) in encoding.unsupported.enumerated() {
            disjuncts.append(define("u\(k + 1) unmodelled", unsupported.term, group: .unmodelled, alternative: nil, path: nil,
                                    sentence: "the packet (or its response) reaches something PathProof does not model: \(unsupported.reason)"))
        }
        // Groups in order: the query, the configuration elements as paths first meet them, facts, unmodelled paths.
        groups = groups.enumerated().sorted { ($0.element.key.order, $0.offset) < ($1.element.key.order, $1.offset) }.map(\.element)
        for index in groups.indices { groups[index].id = "g\(index + 1)" }
        for group in groups { for member in group.members { constants[member].group = group.id } }
        return context.and(base + [context.or(disjuncts)])
    }

    /// The script's sections: one per definition (its comment names the group on the group's first), then the claim.
    func sections(claim: Term) -> [SMTLIB2Section] {
        var sections: [SMTLIB2Section] = []
        for group in groups {
            for (position, member) in group.members.enumerated() {
                var comment = ""
                if position == 0 {
                    let count = "\(group.members.count) condition\(group.members.count == 1 ? "" : "s")"
                    comment += "── group \(group.id): \(group.elements.joined(separator: ", ")): \(group.description) (\(count))\n"
                }
                comment += comments[member]
                sections.append(SMTLIB2Section(comment: comment, assertions: [definitions[member]]))
            }
        }
        sections.append(SMTLIB2Section(comment: "── the query: some packet of its traffic gets through over some candidate path",
                                       assertions: [claim]))
        return sections
    }

    /// The last assertion in words.
    func formulaShape(oneWay: Bool) -> String {
        let path = oneWay
            ? "(and pN-endpoints forward-conditions…)"
            : "(and pN-endpoints forward-conditions… (=> pN-response-expected (or (and return-conditions…) …)))"
        return "(and q-constants… (or \(path) … u-constants…)) over the candidate paths N listed in paths"
    }

    // MARK: Constants

    private mutating func define(_ name: String, _ term: Term, group key: GroupKey, alternative: Int?, path: String?,
                                 sentence: String, elements: [String] = [], checkpoint: Checkpoint? = nil) -> Term {
        let constant = context.boolean(name)
        let index = definitions.count
        definitions.append(context.equal(constant, term))
        let groupElements: [String]
        let description: String
        switch key {
        case .query: (groupElements, description) = (["query"], "the query: its traffic, its endpoints, whether a response is expected")
        case .facts: (groupElements, description) = (["path facts"], "facts of the candidate paths, not configuration elements (addresses the path needs)")
        case .unmodelled: (groupElements, description) = (["unmodelled"], "paths into components PathProof does not model (there must be none)")
        case .element(let checkpoint): (groupElements, description) = (elements, "\(Self.record(checkpoint).kind) \(checkpoint.description)")
        }
        if groupIndex[key] == nil {
            groupIndex[key] = groups.count
            groups.append(Group(key: key, elements: groupElements, description: description))
        }
        groups[groupIndex[key]!].constants.append(name)
        groups[groupIndex[key]!].members.append(index)
        let place = alternative.map { " (path \($0)\(path.map { " \($0)" } ?? ""))" } ?? ""
        comments.append("\(name)\(place): \(sentence)")
        constants.append(.init(name: name, group: "", alternative: alternative, path: path, elements: key == .query ? ["query"] : groupElements,
                               checkpoint: checkpoint.map(Self.record), sentence: sentence))
        return constant
    }

    private func name(_ constant: Term) -> String {
        let text = constant.description
        return text.hasPrefix("|") && text.hasSuffix("|") ? String(text.dropFirst().dropLast()) : text
    }

    private mutating func condition(_ alternative: Int, _ path: String, _ condition: PathCondition) -> Term {
        conditionCount += 1
        let leg = path == "forward" ? "forward" : "return"
        let (elements, what, sentence) = describe(condition.role, leg: leg)
        let name = "c\(conditionCount) \(elements.joined(separator: "+")) \(what)\(what.isEmpty ? "" : " ")\(leg)"
        let key: GroupKey = condition.checkpoint.map { .element($0) } ?? .facts
        return define(name, condition.term, group: key, alternative: alternative, path: path, sentence: sentence,
                      elements: elements, checkpoint: condition.checkpoint)
    }

    static func record(_ checkpoint: Checkpoint) -> ProofManifest.CheckpointRecord {
        .init(component: checkpoint.component, kind: checkpoint.kind, direction: checkpoint.direction?.rawValue,
              leg: checkpoint.leg?.rawValue, description: checkpoint.description)
    }

    /// The AWS ids a condition reads, a short word for the constant's name, and a plain sentence.
    private func describe(_ role: PathCondition.Role, leg: String) -> ([String], String, String) {
        let packet = leg == "forward" ? "the packet" : "the response"
        switch role {
        case .fact:
            return (["fact"], "", "a fact of this path, not a configuration element: \(packet)'s addresses are as the path needs them")
        case .liveness(let interface): return claimLiveness(interface)
        case .securityGroups(let interface, let direction): return claimSecurityGroups(interface, direction, packet: packet)
        case .networkACL(let acl, let direction, let subnet): return claimNetworkACL(acl, direction, subnet: subnet, packet: packet)
        case .route(let table, let intent): return claimRoute(table, intent, packet: packet)
        case .peeringState(let connection): return claimPeeringState(connection)
        case .missingPeering(let from, let to): return claimMissingPeering(from: from, to: to)
        case .gatewayAttachment(let gateway, let vpc): return claimGatewayAttachment(gateway, vpc: vpc)
        case .missingGateway(let vpc): return claimMissingGateway(vpc: vpc)
        case .publicAddress(let interface, let address, let ingress): return claimPublicAddress(interface, address, ingress: ingress)
        case .natGatewayState(let nat): return claimNATGatewayState(nat)
        case .sourceDestinationCheck(let interface): return claimSourceDestinationCheck(interface, packet: packet)
        case .endpointState(let endpoint): return claimEndpointState(endpoint)
        case .missingEndpoint(let vpc, let service): return claimMissingEndpoint(vpc: vpc, service: service)
        case .vpnGatewayAttachment(let gateway, let vpc): return claimVPNGatewayAttachment(gateway, vpc: vpc)
        case .missingVPNGateway(let vpc): return claimMissingVPNGateway(vpc: vpc)
        case .vpnGatewayState(let gateway): return claimVPNGatewayState(gateway)
        case .onPremisesLink(let gateway, let outbound): return claimOnPremisesLink(gateway, outbound: outbound, packet: packet)
        case .loadBalancerListener(let loadBalancer): return claimLoadBalancerListener(loadBalancer, packet: packet)
        case .loadBalancerRestriction(let candidate): return claimLoadBalancerRestriction(candidate, network: network)
        case .transitGatewayState, .transitGatewayAttachmentState, .transitGatewayAttachmentZone, .transitGatewayAssociation,
             .transitGatewayRoute, .transitGatewayOnPremisesLink:
            return describeTransitGateway(role, packet: packet)
        }
    }
}

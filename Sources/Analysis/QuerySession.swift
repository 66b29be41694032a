import NetworkModel
import Simulation
import SMT

/// Narrows the traffic of a session's query for one check: a protocol, destination ports, ICMP type and code,
/// or "none of these protocols".
public struct TrafficRestriction: Hashable, Sendable, CustomStringConvertible {
    public var ipProtocol: UInt8?
    public var destinationPorts: PortRange?
    public var icmpType: UInt8?
    public var icmpCode: UInt8?
    public var excludedProtocols: [UInt8]
    public var excludedTypes: [UInt8]

    public init(ipProtocol: UInt8? = nil, destinationPorts: PortRange? = nil, icmpType: UInt8? = nil, icmpCode: UInt8? = nil,
                excludedProtocols: [UInt8] = [], excludedTypes: [UInt8] = []) {
        self.excludedTypes = excludedTypes
        self.ipProtocol = ipProtocol
        self.destinationPorts = destinationPorts
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.excludedProtocols = excludedProtocols
    }

    public var description: String {
        var parts: [String] = []
        if let ipProtocol { parts.append(IPProtocolNumber.name(ipProtocol)) }
        if let destinationPorts { parts.append("ports \(destinationPorts)") }
        if let icmpType { parts.append("type \(icmpType)") }
        if let icmpCode { parts.append("code \(icmpCode)") }
        if !excludedProtocols.isEmpty { parts.append("not \(excludedProtocols.map { IPProtocolNumber.name($0) }.joined(separator: "/"))") }
        return parts.isEmpty ? "any traffic" : parts.joined(separator: " ")
    }
}

/// A query encoded once, then checked under many restrictions on one incremental solver: the building block
/// of whole-network answers (ports, matrices, exposure). Verdicts only; reachable ones are replayed through the
/// walker like any answer.
public final class QuerySession {
    public enum Result: Sendable {
        case reachable(Packet, source: Endpoint, destination: Endpoint)
        case unreachable
        case unknown(String)

        public var isReachable: Bool { if case .reachable = self { true } else { false } }
    }

    let engine: ReachabilityEngine
    let query: TrafficQuery
    private let context: SMTContext
    private let encoding: Encoding
    private let solver: Solver
    /// Literals equivalent to "some candidate path carries the packet" and "the packet reaches something PathProof
    /// does not model", checked as assumptions.
    private let reaches: Term
    private let escapes: Term
    /// Per destination endpoint of the query (same order): "some candidate path carries the packet there" and
    /// "the packet bound there reaches something PathProof does not model".
    private let reachesDestination: [Term]
    private let escapesToward: [Term]
    /// The alternatives toward each destination endpoint (indices into the encoding's alternatives).
    private let alternativesToward: [[Int]]
    /// How many candidate forward paths the query has; zero means nothing can get through, whatever the traffic.
    public let candidatePaths: Int
    /// The address family of the session's query.
    public var family: AddressFamily { query.family }
    /// How many candidate paths one part of a large group's refutation holds (`PartitionedRefutation`).
    public static var refutationPartSize: Int { PartitionedRefutation.defaultPartSize }

    init(engine: ReachabilityEngine, query: TrafficQuery) {
        self.engine = engine
        self.query = query
        context = SMTContext(timeoutMilliseconds: engine.timeoutMilliseconds)
        encoding = Encoding(query: query, network: engine.network, context: context, includesHypotheticalPaths: false, index: engine.index)
        candidatePaths = encoding.alternatives.count
        solver = context.makeSolver()
        encoding.assertBase(solver)
        reaches = context.boolean("reaches")
        escapes = context.boolean("escapes")
        solver.assert(context.equal(reaches, context.or(encoding.alternatives.compactMap(\.provable))))
        solver.assert(context.equal(escapes, context.or(encoding.unsupported.map(\.term))))
        // Group alternatives and unmodelled escapes by destination once (destinations may repeat).
        var firstIndex: [Endpoint: Int] = [:]
        for (i, destination) in query.destinations.enumerated() where firstIndex[destination] == nil { firstIndex[destination] = i }
        var alternativesToward = Array(repeating: [Int](), count: query.destinations.count)
        var unsupportedToward = Array(repeating: [Term](), count: query.destinations.count)
        // Only paths the snapshot describes in full carry a verdict (`Alternative.provable`).
        for (k, alternative) in encoding.alternatives.enumerated() where alternative.provable != nil {
            if let i = firstIndex[alternative.destination] { alternativesToward[i].append(k) }
        }
        for (entry, destination) in zip(encoding.unsupported, encoding.unsupportedDestinations) {
            if let i = firstIndex[destination] { unsupportedToward[i].append(entry.term) }
        }
        var reachesDestination: [Term] = [], escapesToward: [Term] = []
        for (i, destination) in query.destinations.enumerated() {
            let first = firstIndex[destination] ?? i
            if first != i {
                alternativesToward[i] = alternativesToward[first]
                reachesDestination.append(reachesDestination[first])
                escapesToward.append(escapesToward[first])
                continue
            }
            let reaching = context.boolean("reaches_\(i)"), escaping = context.boolean("escapes_\(i)")
            let alternatives = encoding.alternatives
            solver.assert(context.equal(reaching, context.or(alternativesToward[i].compactMap { alternatives[$0].provable })))
            solver.assert(context.equal(escaping, context.or(unsupportedToward[i])))
            reachesDestination.append(reaching)
            escapesToward.append(escaping)
        }
        self.reachesDestination = reachesDestination
        self.escapesToward = escapesToward
        self.alternativesToward = alternativesToward
    }

    /// Whether some packet of the query, within `restriction`, gets through (and back unless one-way); with
    /// `destinations` (indices into the query's destinations), only toward those.
    public func check(_ restriction: TrafficRestriction = TrafficRestriction(), destinations: [Int]? = nil) throws -> Result {
        if encoding.alternatives.isEmpty && encoding.unsupported.isEmpty { return .unreachable }
        var reaches = self.reaches, escapes = self.escapes
        if let destinations {
            reaches = context.or(destinations.map { reachesDestination[$0] })
            escapes = context.or(destinations.map { escapesToward[$0] })
        }
        let packet = encoding.packet
        var restricted: [Term] = []
        if let n = restriction.ipProtocol { restricted.append(context.equal(packet.ipProtocol, context.bitVector(UInt64(n), width: 8))) }
        if let ports = restriction.destinationPorts {
            restricted.append(context.inRange(packet.destinationPort, UInt64(ports.lower), UInt64(ports.upper)))
        }
        if let type = restriction.icmpType { restricted.append(context.equal(packet.icmpType, context.bitVector(UInt64(type), width: 8))) }
        if let code = restriction.icmpCode { restricted.append(context.equal(packet.icmpCode, context.bitVector(UInt64(code), width: 8))) }
        for type in restriction.excludedTypes {
            restricted.append(context.not(context.equal(packet.icmpType, context.bitVector(UInt64(type), width: 8))))
        }
        for n in restriction.excludedProtocols {
            restricted.append(context.not(context.equal(packet.ipProtocol, context.bitVector(UInt64(n), width: 8))))
        }
        // A large group (every destination of the query) is first refuted part by part; only when that proves
        // nothing is the one whole check below asked, as it always was.
        // A part that is satisfiable already gives the witness (a model of the whole disjunction).
        if destinations == nil, encoding.alternatives.count + encoding.unsupported.count >= PartitionedRefutation.threshold {
            let parts = PartitionedRefutation(context: context, shared: encoding.base + restricted)
            let provable = encoding.alternatives.indices.filter { encoding.alternatives[$0].provable != nil }
            switch try parts.refute(provable.map { encoding.alternatives[$0].provable! }) {
            case .refuted:
                if try parts.refutes(encoding.unsupported.map(\.term)) { return .unreachable }
            case .satisfiable(let model, let part):
                if let witness = packet.packet(in: model),
                   let chosen = provable[part].lazy.map({ self.encoding.alternatives[$0] }).first(where: { $0.provable.map { model.bool($0) == true } ?? false }) {
                    _ = try engine.replay(witness, chosen, oneWay: query.oneWay)
                    return .reachable(witness, source: chosen.source, destination: chosen.destination)
                }
            case .undecided:
                break
            }
        }
        solver.push()
        defer { solver.pop() }
        for term in restricted { solver.assert(term) }
        switch try solver.check(assuming: [reaches]) {
        case .unknown(let reason):
            return .unknown(engine.noAnswer(reason))
        case .unsatisfiable:
            guard !encoding.unsupported.isEmpty else { return .unreachable }
            // Could it get through something PathProof does not model? Then there is no verdict.
            switch try solver.check(assuming: [escapes]) {
            case .unsatisfiable: return .unreachable
            case .unknown(let reason): return .unknown(engine.noAnswer(reason))
            case .satisfiable:
                let model = solver.model()
                return .unknown(encoding.unsupported.first { model?.bool($0.term) == true }?.reason ?? encoding.unsupported[0].reason)
            }
        case .satisfiable:
            guard let model = solver.model(), let witness = packet.packet(in: model),
                  let chosen = (destinations.map { $0.flatMap { alternativesToward[$0] } } ?? Array(encoding.alternatives.indices))
                      .lazy.map({ self.encoding.alternatives[$0] }).first(where: { $0.provable.map { model.bool($0) == true } ?? false }) else {
                throw AnalysisError.solver("no model for a satisfiable check")
            }
            _ = try engine.replay(witness, chosen, oneWay: query.oneWay)
            return .reachable(witness, source: chosen.source, destination: chosen.destination)
        }
    }
}

extension ReachabilityEngine {
    /// Encodes `query` once for many checks. Its traffic should be as wide as every restriction to check
    /// (e.g. `.anyProtocol`).
    public func session(_ query: TrafficQuery) -> QuerySession { QuerySession(engine: self, query: query) }
}

import Analysis
import NetworkModel

/// What changed between two snapshots: the instance pairs whose reachability changed for one kind of traffic,
/// each with the new answer's witness or blockers; optionally the ports each pair gained or lost; and, always, the
/// protocols and ports each instance is open on to the internet (`exposureChanges`). A plain value: the renderers
/// (text and JSON in the CLI) read it and add nothing.
public struct SnapshotDiff: Sendable {
    public struct Change: Sendable {
        public let from: String
        public let to: String
        public let before: Verdict
        public let after: Verdict
        /// The answer in the new snapshot (witness when it became reachable, blockers when it became unreachable).
        public let answer: QuestionResult?
        /// With port comparison: the ports before and after.
        public let portsBefore: PortSurvey?
        public let portsAfter: PortSurvey?
    }

    public private(set) var changes: [Change] = []
    public private(set) var comparedPairs = 0
    /// Instances only in one of the two snapshots.
    public private(set) var onlyBefore: [String] = []
    public private(set) var onlyAfter: [String] = []
    /// The traffic the pairs were compared on.
    public let traffic: TrafficSpec
    /// The instances whose exposure to the internet changed (see `SnapshotDiff+Exposure.swift`).
    public private(set) var exposureChanges: [ExposureChange] = []
    /// The instances whose exposure to the internet is unknown in the new network.
    public private(set) var unknownExposureAfter: [String] = []

    /// Whether anything reachable changed: a pair's verdict or ports, or an instance's exposure to the internet.
    public var hasChanges: Bool { !changes.isEmpty || !exposureChanges.isEmpty }

    /// With `oneWay`, every comparison (pairs, ports, exposure) asks for the forward path only.
    public init(old: Network, new: Network, traffic: TrafficSpec, comparePorts: Bool = false, oneWay: Bool = false) throws {
        self.traffic = traffic
        let before = try ReachabilityMatrix(network: old, traffic: traffic, oneWay: oneWay)
        let after = try ReachabilityMatrix(network: new, traffic: traffic, oneWay: oneWay)
        var previousVerdicts: [String: Verdict] = [:]
        for row in before.rows { previousVerdicts["\(row.from)|\(row.to)"] = row.verdict }
        let oldIDs = Set(before.instances.map(\.id)), newIDs = Set(after.instances.map(\.id))
        onlyBefore = oldIDs.subtracting(newIDs).sorted()
        onlyAfter = newIDs.subtracting(oldIDs).sorted()
        let questions = ReachabilityQuestions(network: new)
        let oldEngine = ReachabilityEngine(network: old), newEngine = ReachabilityEngine(network: new)
        for row in after.rows {
            guard let previous = previousVerdicts["\(row.from)|\(row.to)"] else { continue }
            comparedPairs += 1
            var portsBefore: PortSurvey?, portsAfter: PortSurvey?
            if comparePorts {
                portsBefore = try Self.ports(row.from, row.to, old, oldEngine, oneWay: oneWay)
                portsAfter = try Self.ports(row.from, row.to, new, newEngine, oneWay: oneWay)
            }
            let portsChanged = comparePorts && portsBefore?.description != portsAfter?.description
            guard previous != row.verdict || portsChanged else { continue }
            let answer = previous != row.verdict ? try questions.ask(TrafficText.query(row.from, row.to, traffic), oneWay: oneWay) : nil
            changes.append(Change(from: row.from, to: row.to, before: previous, after: row.verdict, answer: answer,
                                  portsBefore: portsBefore, portsAfter: portsAfter))
        }
        (exposureChanges, unknownExposureAfter) = try Self.exposureChanges(old: old, new: new, oneWay: oneWay)
    }

    static func ports(_ from: String, _ to: String, _ network: Network, _ engine: ReachabilityEngine, oneWay: Bool) throws -> PortSurvey {
        let query = TrafficQuery(sources: ReachabilityMatrix.endpoints(of: from, network, destination: false),
                                 destinations: ReachabilityMatrix.endpoints(of: to, network, destination: true), traffic: .anyProtocol,
                                 oneWay: oneWay)
        return try PortSurvey.survey(engine.session(query), network: network)
    }
}

/// Query text for a traffic spec, so that a whole-network answer can be re-asked as a single query.
enum TrafficText {
    static func query(_ from: String, _ to: String, _ traffic: TrafficSpec) -> String {
        traffic == .ping ? "can \(from) ping \(to)" : "can \(from) reach \(to) on \(protocolText(traffic))"
    }

    static func protocolText(_ traffic: TrafficSpec) -> String {
        switch traffic.ipProtocol {
        case nil: return "any"
        case IPProtocolNumber.icmp?: return "icmp"
        case let n? where IPProtocolNumber.hasPorts(n):
            let ports = traffic.destinationPorts ?? .all
            return "\(IPProtocolNumber.name(n))/\(ports.isAll ? "0-65535" : ports.description)"
        case let n?: return "proto/\(n)"
        }
    }
}

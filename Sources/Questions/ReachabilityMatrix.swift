import Analysis
import Foundation
import NetworkModel

/// Which instances reach which, for one kind of traffic: every ordered pair of instances, solved once per pair
/// of endpoint classes.
public struct ReachabilityMatrix: Sendable {
    public struct Row: Sendable {
        public let from: String
        public let to: String
        public let verdict: Verdict
    }

    public let traffic: TrafficSpec
    public let instances: [Instance]
    public private(set) var rows: [Row] = []
    public private(set) var classCount = 0
    public private(set) var solvedPairs = 0
    public private(set) var milliseconds = 0.0

    /// `verdictOf[i][j]`: the verdict from instance i to instance j (nil on the diagonal).
    public private(set) var verdicts: [[Verdict?]] = []

    public init(network: Network, traffic: TrafficSpec, oneWay: Bool = false, engine: ReachabilityEngine? = nil) throws {
        let started = Date()
        let engine = engine ?? ReachabilityEngine(network: network)
        self.traffic = traffic
        instances = network.instances.sorted { ($0.tags.name ?? $0.id, $0.id) < ($1.tags.name ?? $1.id, $1.id) }
        let classes = EndpointClasses(network: network, instances: instances)
        classCount = classes.classes.count
        let connector = VPCConnectivity(network: network)
        var classVerdicts: [[Verdict?]] = Array(repeating: Array(repeating: nil, count: classes.classes.count), count: classes.classes.count)
        // One encoding per source class, toward every class it may reach; one incremental check per class pair.
        for (a, source) in classes.classes.enumerated() {
            let from = source.representative
            var destinations: [Endpoint] = []
            var targets: [(b: Int, indices: [Int])] = []
            for (b, destination) in classes.classes.enumerated() {
                guard let to = destination.members.first(where: { $0 != from }) else { continue }
                guard connector.mayConnect(from, to) else {
                    classVerdicts[a][b] = .unreachable
                    continue
                }
                let endpoints = Self.endpoints(of: to, network, destination: true)
                targets.append((b, Array(destinations.count..<(destinations.count + endpoints.count))))
                destinations += endpoints
            }
            guard !targets.isEmpty else { continue }
            let session = engine.session(TrafficQuery(sources: Self.endpoints(of: from, network, destination: false),
                                                      destinations: destinations, traffic: traffic, oneWay: oneWay))
            for (b, indices) in targets {
                solvedPairs += 1
                switch try session.check(destinations: indices) {
                case .reachable: classVerdicts[a][b] = .reachable
                case .unreachable: classVerdicts[a][b] = .unreachable
                case .unknown(let reason): classVerdicts[a][b] = .unknown(reason: reason)
                }
            }
        }
        verdicts = instances.map { from in
            instances.map { to in
                guard from.id != to.id, let a = classes.classIndex(of: from.id), let b = classes.classIndex(of: to.id) else { return nil }
                return classVerdicts[a][b]
            }
        }
        for (i, from) in instances.enumerated() {
            for (j, to) in instances.enumerated() {
                if let verdict = verdicts[i][j] { rows.append(Row(from: from.id, to: to.id, verdict: verdict)) }
            }
        }
        milliseconds = Date().timeIntervalSince(started) * 1000
    }

    static func endpoints(of instanceID: String, _ network: Network, destination: Bool) -> [Endpoint] {
        network.networkInterfaces(ofInstance: instanceID).map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
    }
}

/// A quick, sound pre-check: two instances in different VPCs with no peering connection between them, no transit
/// gateway path (`TransitGatewayReach`), and no route in the source VPC to anything that may carry the packet on
/// into another VPC (a NAT gateway or an appliance, which route it again, or a target PathProof does not model; a
/// gateway endpoint or a virtual private gateway takes it out of every VPC), cannot reach each other's private
/// addresses.
struct VPCConnectivity {
    let network: Network
    private var peered: Set<String> = []
    private var escapes: Set<String> = []
    private let transit: TransitGatewayReach

    init(network: Network) {
        self.network = network
        transit = TransitGatewayReach(network: network)
        for connection in network.peeringConnections {
            peered.insert("\(connection.requester.vpcID)|\(connection.accepter.vpcID)")
            peered.insert("\(connection.accepter.vpcID)|\(connection.requester.vpcID)")
        }
        for table in network.routeTables {
            for route in table.routes where route.isActive {
                switch route.target {
                case .local, .internetGateway, .peeringConnection, .transitGateway: continue
                case _ where network.endsOutsideVPCs(route.target): continue
                default: escapes.insert(table.vpcID)
                }
            }
        }
    }

    func mayConnect(_ from: String, _ to: String) -> Bool {
        let fromVPCs = Set(network.networkInterfaces(ofInstance: from).map(\.vpcID))
        let toVPCs = Set(network.networkInterfaces(ofInstance: to).map(\.vpcID))
        for a in fromVPCs {
            if escapes.contains(a) { return true }
            for b in toVPCs where a == b || peered.contains("\(a)|\(b)") || transit.mayConnect(a, b) { return true }
        }
        return false
    }
}

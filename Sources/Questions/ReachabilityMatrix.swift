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

    /// Pairs the packet walker decided (ping: one echo request per pair of addresses), the rest by the solver.
    public private(set) var walkedPairs = 0

    /// Decides every class pair (`MatrixCells`, on every core) and spells the verdicts out per instance pair.
    /// With `engine` `.solver` the packet walker decides nothing (to compare the two engines).
    public init(network: Network, traffic: TrafficSpec, oneWay: Bool = false, engine: MatrixEngine = .automatic) throws {
        let started = Date()
        let cells = MatrixCells(network: network, traffic: traffic, oneWay: oneWay, engine: engine)
        try cells.decideAll()
        self.traffic = traffic
        instances = cells.instances
        let classes = cells.classes
        classCount = classes.classes.count
        solvedPairs = cells.solvedPairs
        walkedPairs = cells.walkedPairs
        let classRows = try classes.classes.indices.map { try cells.row($0).verdicts }
        verdicts = instances.map { from in
            instances.map { to in
                guard from.id != to.id, let a = classes.classIndex(of: from.id), let b = classes.classIndex(of: to.id) else { return nil }
                return classRows[a][b]
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
    /// For each VPC, the routes to something that may carry the packet on into another VPC, each with the longer
    /// prefixes of its own table: a destination inside one of those is never routed by it (longest prefix first).
    private var escapes: [String: [(prefix: IPPrefix, longer: [IPPrefix])]] = [:]
    private let transit: TransitGatewayReach

    init(network: Network) {
        self.network = network
        transit = TransitGatewayReach(network: network)
        for connection in network.peeringConnections {
            peered.insert("\(connection.requester.vpcID)|\(connection.accepter.vpcID)")
            peered.insert("\(connection.accepter.vpcID)|\(connection.requester.vpcID)")
        }
        for table in network.routeTables {
            let entries = network.routingEntries(of: table)
            for entry in entries where entry.route.isActive {
                switch entry.route.target {
                case .local, .internetGateway, .peeringConnection, .transitGateway: continue
                case _ where network.endsOutsideVPCs(entry.route.target): continue
                default:
                    let longer = entries.filter { $0.prefix.family == entry.prefix.family && $0.prefix.length > entry.prefix.length }.map(\.prefix)
                    escapes[table.vpcID, default: []].append((entry.prefix, longer))
                }
            }
        }
    }

    /// Whether a route of VPC `a` to something that routes again may take a packet bound for VPC `b`: one whose
    /// prefix meets a block of `b` not wholly inside a longer prefix of the same table. Unknown VPC: true.
    private func mayEscape(_ a: String, to b: String) -> Bool {
        guard let routes = escapes[a] else { return false }
        guard let blocks = network.vpc(b)?.cidrBlocks, !blocks.isEmpty else { return true }
        for route in routes {
            for block in blocks where route.prefix.overlaps(block) && !route.longer.contains(where: { $0.contains(block) }) {
                return true
            }
        }
        return false
    }

    func mayConnect(_ from: String, _ to: String) -> Bool {
        mayConnect(vpcs: Set(network.networkInterfaces(ofInstance: from).map(\.vpcID)), Set(network.networkInterfaces(ofInstance: to).map(\.vpcID)))
    }

    /// The same for instances in these VPCs.
    func mayConnect(vpcs fromVPCs: Set<String>, _ toVPCs: Set<String>) -> Bool {
        for a in fromVPCs {
            for b in toVPCs where a == b || peered.contains("\(a)|\(b)") || transit.mayConnect(a, b) || mayEscape(a, to: b) { return true }
        }
        return false
    }
}

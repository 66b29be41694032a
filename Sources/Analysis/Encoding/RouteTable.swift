import NetworkModel
import Simulation
import SMT

/// A route table over all packets at once, mirroring `Simulation/Components/RouteTable.swift`: whether its decision
/// for the destination is a route to a given target (`FilterEncoding.routes`), and the paths a packet takes from
/// it, toward each kind of target in turn (`targets`). After a NAT gateway or an appliance the packet is routed
/// again by the route table of its subnet, toward every kind of target (`onward`); a packet that comes into a VPC
/// by a gateway with an edge-associated route table is routed by that table (`ingress`: the local route or an
/// appliance). Routes the walker cannot follow (a target the snapshot does not describe, a kind PathProof does not
/// model there) give unsupported paths carrying the conditions that lead there, so that such packets give no verdict.
extension PathEncoder {
    enum HopMode {
        /// A sender's own route table: only the targets `fromInterface` leaves to `edgePaths`.
        case first
        /// The route table of a NAT gateway's or an appliance's subnet: every target.
        case onward
        /// A gateway route table: the local route and appliances.
        case ingress
    }

    func route(_ table: RouteTable, _ packet: SymbolicPacket, _ intent: RouteIntent, _ leg: Leg) -> PathCondition {
        let term: Term
        switch intent {
        case .local: term = filters.routes(table, packet.destination, to: .local)
        case .peering(let id, _): term = filters.routes(table, packet.destination, to: .peeringConnection(id))
        case .newPeering: term = context.boolean(false)
        case .internetGateway(let id): term = filters.routes(table, packet.destination, to: .internetGateway(id))
        case .newInternetGateway: term = context.boolean(false)
        case .egressOnlyGateway(let id): term = filters.routes(table, packet.destination, to: .egressOnlyInternetGateway(id))
        case .transitGateway(let id): term = filters.routes(table, packet.destination, to: .transitGateway(id))
        case .natGateway, .appliance, .gatewayEndpoint, .newGatewayEndpoint, .vpnGateway, .newVPNGateway:
            term = edgeRouteTerm(table, packet.destination, intent)
        }
        return PathCondition(term: term, checkpoint: .routeTable(table.id, leg), role: .route(table, intent), packet: packet)
    }

    /// Whether a route table's decision for `destination` is the route of an edge intent.
    func edgeRouteTerm(_ table: RouteTable, _ destination: Term, _ intent: RouteIntent) -> Term {
        switch intent {
        case .natGateway(let id): filters.routes(table, destination, to: .natGateway(id))
        case .appliance(let target): filters.routes(table, destination, to: target)
        case .gatewayEndpoint(let id): filters.routes(table, destination, to: .vpcEndpoint(id))
        case .vpnGateway(let id): filters.routes(table, destination, to: .virtualPrivateGateway(id))
        case .newGatewayEndpoint, .newVPNGateway: context.boolean(false)
        default: context.boolean(false)
        }
    }

    /// The paths of a packet routed by `table` in `vpcID`, sent from `subnetID` (nil for a gateway route table) by
    /// `sender` (nil for a gateway route table): one component after the other, as the walker's `Trip.route` hands
    /// the packet to its route's target.
    func targets(_ table: RouteTable, subnet subnetID: String?, vpc vpcID: String, sender: NetworkInterface?, _ packet: SymbolicPacket,
                 _ prefix: [PathCondition], _ hop: EdgeHop, mode: HopMode) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        var routed: [RouteTarget] = []
        for route in table.routes where route.isActive && !routed.contains(route.target) { routed.append(route.target) }
        let fromSubnet = mode != .ingress

        result += localPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
        if fromSubnet, let subnetID, let sender {
            result += peeringPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, proposesNew: mode == .first)
            result += internetPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
            result += transitGatewayPaths(from: sender, table: table, prefix, packet, to: hop.destination, leg: hop.leg).map {
                var path = $0
                path.state = hop.state
                return path
            }
            result += natGatewayPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
        }
        result += appliancePaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
        if fromSubnet, let subnetID {
            result += gatewayEndpointPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
            result += vpnGatewayPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
        }
        // Routes the walker does not follow from here.
        for target in routed where !follows(target, mode) {
            result.append(unsupported(table, target, packet, prefix, hop,
                                      mode == .ingress ? "gateway route table \(table.id) sends the packet to \(target), a target PathProof does not model there"
                                                       : "\(table.id) sends the packet to \(target), a target PathProof does not model yet"))
        }
        return result
    }

    func follows(_ target: RouteTarget, _ mode: HopMode) -> Bool {
        switch (target, mode) {
        case (.local, _), (.networkInterface, _), (.instance, _): true
        case (_, .ingress): false
        case (.vpcEndpoint, _), (.virtualPrivateGateway, _): true
        case (.peeringConnection, .onward), (.internetGateway, .onward), (.transitGateway, .onward): true
        case (.peeringConnection, .first), (.internetGateway, .first), (.transitGateway, .first): true
        case (.egressOnlyInternetGateway, .onward), (.egressOnlyInternetGateway, .first): terms.family == .ipv6
        case (.natGateway, _): terms.family == .ipv4
        default: false
        }
    }

    func unsupported(_ table: RouteTable, _ target: RouteTarget, _ packet: SymbolicPacket, _ prefix: [PathCondition],
                             _ hop: EdgeHop, _ reason: String) -> SymbolicPath {
        var conditions = prefix
        conditions.append(fact(filters.routes(table, packet.destination, to: target), packet))
        return SymbolicPath(conditions: conditions, packet: packet, end: .unsupported(reason), leg: hop.leg, state: hop.state)
    }

    func localPaths(_ table: RouteTable, subnet subnetID: String?, vpc vpcID: String, _ packet: SymbolicPacket,
                            _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        guard case .interface(let id, _) = hop.destination, let receiver = network.networkInterface(id), receiver.vpcID == vpcID else { return [] }
        var conditions = prefix
        conditions.append(route(table, packet, .local(vpc: vpcID), hop.leg))
        conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        if receiver.subnetID != subnetID {
            if let subnetID { conditions += acl(subnetID, .outbound, packet, hop.leg) }
            conditions += acl(receiver.subnetID, .inbound, packet, hop.leg)
        }
        return [deliver(packet, to: receiver, leg: hop.leg, conditions, state: hop.state)]
    }

    /// Into a VPC by `gateway`, whose edge-associated route table `table` routes the packet (already addressed to
    /// `receiver`'s private address) before it is delivered.
    func ingressPaths(through gateway: String, table: RouteTable, _ packet: SymbolicPacket, to receiver: NetworkInterface, at address: IPAddress?,
                      leg: Leg, _ prefix: [PathCondition], state: SymbolicState) -> [SymbolicPath] {
        let addresses = address.map { [$0] } ?? receiver.addresses.map(\.address)
        let hop = EdgeHop(destination: .interface(receiver.id, addresses: addresses), leg: leg, state: state, origin: nil)
        return targets(table, subnet: nil, vpc: receiver.vpcID, sender: nil, packet, prefix, hop, mode: .ingress)
    }
}

extension FilterEncoding {
    /// Whether a route table's forwarding decision for the packet's destination is an active route to `target`.
    func routes(_ table: RouteTable, _ destination: Term, to target: RouteTarget) -> Term {
        cached("rtb|\(table.id)|\(target)", [destination]) { routesUncached(table, destination, to: target) }
    }

    func routesUncached(_ table: RouteTable, _ destination: Term, to target: RouteTarget) -> Term {
        var decision = context.boolean(false)
        for entry in network.routingEntries(of: table).reversed() {
            decision = context.ite(terms.isIn(destination, entry.prefix),
                                   context.boolean(entry.route.isActive && entry.route.target == target), decision)
        }
        return decision
    }
}

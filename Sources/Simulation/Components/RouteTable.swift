import NetworkModel

/// A route table: it picks the route for the packet's destination (longest prefix first, static before propagated;
/// `Network.routingEntries`) and hands the packet to that route's target, whose component decides what happens
/// next. No route drops the packet (NO_ROUTE_TO_DESTINATION), a blackhole route too (BAD_STATE_ROUTE). The local
/// route delivers inside the VPC: through the sender's subnet's network ACL outbound and the receiver's inbound
/// when they are different subnets. A gateway route table (edge-associated with an internet gateway or a virtual
/// private gateway) routes what comes in by that gateway, to the local route or an appliance.
extension PacketWalker {
    /// The route a table uses for `destination`: the first entry in forwarding order (longest prefix) that
    /// contains it, or nil when no route matches.
    public func route(in table: RouteTable, for destination: IPAddress) -> RoutingEntry? {
        network.routingEntry(in: table, for: destination)
    }

    /// The CIDR block to name when a route to `destination` is missing: the block of the VPC that holds it, else the address itself.
    public func destinationBlock(for destination: IPAddress) -> IPPrefix {
        for vpc in network.vpcs { if let block = vpc.cidrBlocks.first(where: { $0.contains(destination) }) { return block } }
        return IPPrefix.host(destination)
    }

    /// "its default route" or "its route 10.2.0.0/16": how a blocker names the route a table uses for `destination`.
    public func routeName(_ table: RouteTable, for destination: IPAddress) -> String {
        guard let entry = route(in: table, for: destination) else { return "no route" }
        return entry.prefix.length == 0 ? "its default route" : "its route \(entry.route.destination)"
    }

    /// Why a blackhole route drops a packet (after "no route to … in rtb-…: ").
    /// A route `followsRoute` follows never gets here: its target's own state drops the packet.
    public static func blackholeMessage(routeName: String, target: RouteTarget, cause: BlackholeCause) -> String {
        switch cause {
        case .targetGone(let state):
            "\(routeName) to \(target) is a blackhole (\(target) is \(state): the route itself must change to a new target)"
        case .targetUnknown, .targetUnusable:
            "\(routeName) to \(target) is a blackhole (its target no longer exists)"
        }
    }
}

extension Trip {
    mutating func route(_ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface) -> Walk.Outcome {
        guard let table = network.routeTable(forSubnet: subnetID) else {
            return .unsupported("subnet \(subnetID) has no route table in the snapshot")
        }
        let entry: RoutingEntry
        switch pickRoute(table, packet) {
        case .success(let picked): entry = picked
        case .failure(let drop): return .dropped(drop)
        }
        switch entry.route.target {
        case .local:
            return local(packet, fromSubnet: subnetID, sender: sender, table: table)
        case .peeringConnection(let id):
            return peeringConnection(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        case .internetGateway(let id):
            return internetGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        case .egressOnlyInternetGateway(let id):
            return egressOnlyInternetGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        case .natGateway(let id):
            return natGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        case .transitGateway(let id):
            return transitGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        case .networkInterface, .instance:
            return appliance(entry.route.target, packet, fromSubnet: subnetID, table: table)
        case .vpcEndpoint(let id):
            return gatewayEndpoint(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        case .virtualPrivateGateway(let id):
            return vpnGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)
        default:
            return .unsupported("\(table.id) sends the packet to \(entry.route.target), a target PathProof does not model yet")
        }
    }

    /// The local route: to the interface that has the destination address in the sender's VPC.
    private mutating func local(_ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface, table: RouteTable) -> Walk.Outcome {
        guard let receiver = network.networkInterface(privateAddress: packet.destination), receiver.vpcID == sender.vpcID else {
            return .dropped(Drop(nil, component: table.id, code: .noPossibleDestination,
                                 message: "no network interface in \(sender.vpcID) has the address \(packet.destination)"))
        }
        if let drop = crossACLs(packet, from: subnetID, to: receiver.subnetID) { return .dropped(drop) }
        return deliver(packet, to: receiver, locally: true)
    }

    /// A packet that comes into `vpcID` by `gateway`, routed by the gateway's edge route table `table`.
    mutating func routeIngress(_ packet: Packet, gateway: String, table: RouteTable, vpc vpcID: String) -> Walk.Outcome {
        let entry: RoutingEntry
        switch pickRoute(table, packet, gateway: gateway) {
        case .success(let picked): entry = picked
        case .failure(let drop): return .dropped(drop)
        }
        switch entry.route.target {
        case .local:
            guard let receiver = network.networkInterface(privateAddress: packet.destination, inVPC: vpcID) else {
                return .dropped(Drop(nil, component: table.id, code: .noPossibleDestination,
                                     message: "no network interface in \(vpcID) has the address \(packet.destination)"))
            }
            if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
            return deliver(packet, to: receiver)
        case .networkInterface, .instance:
            return appliance(entry.route.target, packet, fromSubnet: nil, table: table)
        case .vpcEndpoint(let id) where network.isGatewayLoadBalancerEndpoint(id):
            return gatewayLoadBalancerEndpoint(network.vpcEndpoint(id)!, packet, fromSubnet: nil, table: table)
        default:
            return .unsupported("gateway route table \(table.id) sends the packet to \(entry.route.target), a target PathProof does not model there")
        }
    }

    /// The route `table` uses for the packet, with its hop; the drop when it has none or a blackhole. `gateway`: the
    /// gateway whose gateway route table `table` is.
    mutating func pickRoute(_ table: RouteTable, _ packet: Packet, gateway: String? = nil) -> Result<RoutingEntry, Drop> {
        let place = gateway.map { "gateway route table \(table.id)\(name(table.id)) of \($0)" } ?? table.id
        guard let entry = walker.route(in: table, for: packet.destination) else {
            return .failure(Drop(.routeTable(table.id, leg), code: .noRouteToDestination,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(place): none of its routes matches \(packet.destination)"))
        }
        // A blackhole route whose target can become usable again is followed: the target's state drops the packet.
        guard network.followsRoute(entry.route, in: table.vpcID) else {
            return .failure(Drop(.routeTable(table.id, leg), code: .badStateRoute,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(place): \(PacketWalker.blackholeMessage(routeName: routeName(table, packet), target: entry.route.target, cause: network.blackholeCause(of: entry.route.target, in: table.vpcID)))"))
        }
        let edge = gateway.map { " (gateway route table of \($0))" } ?? ""
        hops.append(Hop(component: table.id, kind: .routeTable, detail: "route \(entry.route.destination) → \(entry.route.target)\(edge)"))
        return .success(entry)
    }

    /// "its default route" or "its route 10.2.0.0/16" of `table` for the packet's destination.
    func routeName(_ table: RouteTable, _ packet: Packet) -> String { walker.routeName(table, for: packet.destination) }
}

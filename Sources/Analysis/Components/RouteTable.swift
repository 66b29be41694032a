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
        for route in table.routes where network.followsRoute(route, in: table.vpcID) && !routed.contains(route.target) { routed.append(route.target) }
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
        result += gatewayLoadBalancerEndpointPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
        if fromSubnet, let subnetID {
            result += gatewayEndpointPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
            result += vpnGatewayPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
        }
        // Routes to peering connections the snapshot does not describe: no verdict for what takes them.
        for target in routed {
            guard case .peeringConnection(let id) = target, let gap = network.peeringGap(id, routedBy: table.id) else { continue }
            result.append(unsupported(table, target, packet, prefix, hop, gap))
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
        case (.vpcEndpoint(let id), .ingress): network.isGatewayLoadBalancerEndpoint(id)
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
        conditions += acls(from: subnetID, to: receiver.subnetID, packet, hop.leg)
        if subnetID != nil, hop.leg == .forward, let loadBalancer = network.loadBalancer(ofInterface: receiver) {
            return loadBalancerPaths(loadBalancer, node: receiver, packet, conditions, hop)
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
        let entries = network.routingEntries(of: table)
        // As for a transit gateway's table (`transitGatewayChoice`): in a long table (a hub's route per peered VPC) a
        // route to a block the destination can never be in (its envelope: the query's own ends) is never the
        // decision, so only the others are written and a query names the routes it can meet.
        let envelope = entries.count >= PacketTerms.compactionThreshold ? envelopeOf(destination) : nil
        for entry in entries.reversed() where envelope?.mayMeet(entry.prefix) ?? true {
            decision = context.ite(terms.isIn(destination, entry.prefix),
                                   context.boolean(network.followsRoute(entry.route, in: table.vpcID) && entry.route.target == target), decision)
        }
        return decision
    }
}

// MARK: Blockers

extension BlockerExplanation {
    func explainRoute(_ table: RouteTable, _ intent: RouteIntent, _ packet: Packet) -> (String, BlockerCode, String) {
        let destination = packet.destination
        let wanted: String
        switch intent {
        case .local, .peering, .newPeering, .transitGateway: wanted = walker.destinationBlock(for: destination).description
        case .internetGateway, .newInternetGateway, .egressOnlyGateway: wanted = "the internet"
        case .natGateway, .appliance, .gatewayEndpoint, .newGatewayEndpoint, .vpnGateway, .newVPNGateway: wanted = edgeWanted(intent, destination)
        }
        let head = "no route to \(wanted) in \(table.id)\(network.nameSuffix(table.id))"
        guard let entry = walker.route(in: table, for: destination) else {
            return (table.id, .noRouteToDestination, "\(head): none of its routes matches \(destination)")
        }
        let routeName = entry.prefix.length == 0 ? "its default route" : "its route \(entry.route.destination)"
        guard network.followsRoute(entry.route, in: table.vpcID) else {
            return (table.id, .badStateRoute, "\(head): \(PacketWalker.blackholeMessage(routeName: routeName, target: entry.route.target, cause: network.blackholeCause(of: entry.route.target, in: table.vpcID)))")
        }
        switch entry.route.target {
        case .internetGateway(let id):
            if !InternetAddressSpace.isRoutable(destination) {
                return (table.id, .noRouteToDestination,
                        "\(head): \(routeName) sends the packet to \(id), which \(InternetAddressSpace.refusal(destination))")
            }
            return (table.id, .noRouteToDestination, "\(head): \(routeName) sends the packet to \(id)")
        case .egressOnlyInternetGateway(let id):
            if case .internetGateway = intent {
                return (table.id, .egressOnlyInboundConnection,
                        "\(head): \(routeName) sends the packet to \(id), which is egress-only: it carries out only connections started inside the VPC, not responses to connections from the internet")
            }
            return (table.id, .noRouteToDestination, "\(head): \(routeName) sends the packet to \(id)")
        case .peeringConnection(let id):
            if let connection = network.peeringConnection(id), let peer = connection.peer(of: table.vpcID) {
                let blocks = network.peerCIDRBlocks(of: connection, from: table.vpcID)
                if !blocks.contains(where: { $0.contains(destination) }) {
                    return (table.id, .peeringRequiresAddressInVPCCIDR,
                            "\(head): " + PacketWalker.nonTransitiveMessage(routeName: routeName, connection: id, peerVPC: peer.vpcID, blocks: blocks))
                }
            }
            return (table.id, .noRouteToDestination, "\(head): \(routeName) sends the packet to \(id)")
        case .natGateway, .vpcEndpoint, .virtualPrivateGateway, .networkInterface, .instance:
            return (table.id, .noRouteToDestination, "\(head): \(routeName) sends the packet to \(describeEdgeTarget(entry.route.target, packet))")
        default:
            return (table.id, .noRouteToDestination, "\(head): \(routeName) sends the packet to \(entry.route.target)")
        }
    }

    /// A route's NAT gateway, endpoint, virtual private gateway or appliance target, as a blocker's sentence names it.
    func describeEdgeTarget(_ target: RouteTarget, _ packet: Packet) -> String {
        switch target {
        case .natGateway(let id): return "NAT gateway \(id)\(network.nameSuffix(id))"
        case .virtualPrivateGateway(let id): return "virtual private gateway \(id)\(network.nameSuffix(id)), which carries it on premises"
        case .vpcEndpoint(let id):
            guard let endpoint = network.vpcEndpoint(id), endpoint.isGateway else { return "endpoint \(id)" }
            let carried = VPCEndpoint.gatewayCarries(ipProtocol: packet.ipProtocol, icmpType: packet.icmpType, toService: true)
            return "gateway endpoint \(id)\(network.nameSuffix(id)) to \(endpoint.serviceName)" + (carried ? "" : ", which carries only TCP and ICMP echo requests there")
        case .networkInterface(let id), .instance(let id): return "appliance \(id)\(network.nameSuffix(id))"
        default: return target.description
        }
    }

    /// What a route toward a NAT gateway, appliance, endpoint or VPN gateway should reach, in a blocker's sentence.
    func edgeWanted(_ intent: RouteIntent, _ destination: IPAddress) -> String {
        switch intent {
        case .gatewayEndpoint(let id):
            let service = network.vpcEndpoint(id)?.serviceName
            return service.map { name in network.servicePrefixList(name).map { "\(name) (\($0.id))" } ?? name } ?? walker.destinationBlock(for: destination).description
        case .newGatewayEndpoint(let service):
            return network.servicePrefixList(service).map { "\(service) (\($0.id))" } ?? service
        case .vpnGateway, .newVPNGateway:
            return "\(destination) on premises"
        default:
            if network.vpcs.contains(where: { $0.contains(destination) }) || !InternetAddressSpace.isRoutable(destination) {
                return walker.destinationBlock(for: destination).description
            }
            return network.isInternetHost(destination) ? "the internet" : walker.destinationBlock(for: destination).description
        }
    }
}

// MARK: Fixes

extension FixDerivation {
    mutating func routeChange(_ table: RouteTable, _ intent: RouteIntent, _ packet: Packet, checkpoint: Checkpoint, leg: Leg) throws(Inexpressible) -> FixChange {
        let destination = packet.destination
        let entry = walker.route(in: table, for: destination)
        let target: RouteTarget
        let block: IPPrefix
        switch intent {
        case .local:
            guard let entry, entry.route.target != .local else {
                throw Inexpressible("\(table.id) has no local route for \(destination); AWS creates local routes itself")
            }
            return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                             summary: "delete route \(entry.route.destination) → \(entry.route.target) from \(table.id)\(network.nameSuffix(table.id)): it overrides the local route for \(destination)",
                             actions: [.deleteRoute(table: table.id, destination: entry.route.destination)])
        case .peering(let id, let peerVPC):
            target = .peeringConnection(replacedPeerings[id] ?? id)
            let blocks = network.peeringConnection(id).map { network.peerCIDRBlocks(of: $0, from: table.vpcID) } ?? []
            block = blocks.first { $0.contains(destination) } ?? vpcBlock(peerVPC, containing: destination)
        case .newPeering(let peerVPC):
            target = .peeringConnection(newPeeringID(table.vpcID, peerVPC))
            block = vpcBlock(peerVPC, containing: destination)
        case .internetGateway(let id):
            target = .internetGateway(id)
            block = .any(destination.family)
        case .newInternetGateway:
            target = .internetGateway(newGatewayID(table.vpcID))
            block = .any(destination.family)
        case .egressOnlyGateway(let id):
            target = .egressOnlyInternetGateway(id)
            block = .anyIPv6
        case .transitGateway(let id):
            target = .transitGateway(id)
            block = walker.destinationBlock(for: destination)
        case .natGateway, .appliance, .gatewayEndpoint, .newGatewayEndpoint, .vpnGateway, .newVPNGateway:
            if let change = try edgeRouteChange(table, intent, packet, checkpoint: checkpoint, leg: leg) { return change }
            (target, block) = edgeRouteTarget(table, intent, destination)
        }
        // For any internet host, mend the default route rather than a specific route that happens to catch the
        // example packet's address.
        if block.length == 0, internetRange?.length == 0, let entry, entry.prefix.length > 0 {
            let any = IPPrefix.any(destination.family)
            if let current = table.routes.first(where: { $0.destination == .cidr(any) }) {
                return replaceRoute(table, RoutingEntry(prefix: any, route: current), with: target, checkpoint: checkpoint, leg: leg)
            }
            return createRoute(table, any, target, checkpoint: checkpoint, leg: leg)
        }
        guard let entry, entry.prefix.length >= block.length else {
            return createRoute(table, block, target, checkpoint: checkpoint, leg: leg)
        }
        if entry.prefix == block, case .prefixList = entry.route.destination {
            return createRoute(table, block, target, checkpoint: checkpoint, leg: leg) // a CIDR route wins over an equal prefix-list one
        }
        return replaceRoute(table, entry, with: target, checkpoint: checkpoint, leg: leg)
    }

    func createRoute(_ table: RouteTable, _ block: IPPrefix, _ target: RouteTarget, checkpoint: Checkpoint, leg: Leg) -> FixChange {
        FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                  summary: "add route \(block) → \(target) to \(table.id)\(network.nameSuffix(table.id))",
                  actions: [.createRoute(table: table.id, destination: block, target: target)])
    }

    func replaceRoute(_ table: RouteTable, _ entry: RoutingEntry, with target: RouteTarget, checkpoint: Checkpoint, leg: Leg) -> FixChange {
        let now = entry.route.isActive ? "now → \(entry.route.target)" : "now a blackhole to \(entry.route.target)"
        return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                         summary: "replace route \(entry.route.destination) in \(table.id)\(network.nameSuffix(table.id)) (\(now)) with \(entry.route.destination) → \(target)",
                         actions: [.replaceRoute(table: table.id, destination: entry.route.destination, target: target)])
    }

    func vpcBlock(_ vpcID: String, containing address: IPAddress) -> IPPrefix {
        network.vpc(vpcID)?.cidrBlocks.first { $0.contains(address) } ?? walker.destinationBlock(for: address)
    }

    /// A change for a route toward a gateway endpoint, which is the endpoint's association with the route table
    /// (AWS adds the route for the service's prefix list itself); nil for the route kinds (`edgeRouteTarget`).
    mutating func edgeRouteChange(_ table: RouteTable, _ intent: RouteIntent, _ packet: Packet, checkpoint: Checkpoint,
                                  leg: Leg) throws(Inexpressible) -> FixChange? {
        let endpoint: String
        let service: String
        switch intent {
        case .gatewayEndpoint(let id):
            guard let existing = network.vpcEndpoint(id) else { throw Inexpressible("\(id) is not in the snapshot") }
            guard !existing.routeTableIDs.contains(table.id) else {
                throw Inexpressible("\(table.id) has \(id)'s route already; a more specific route catches \(packet.destination)")
            }
            (endpoint, service) = (id, existing.serviceName)
        case .newGatewayEndpoint(let name):
            (endpoint, service) = (newEndpointID(vpc: table.vpcID, service: name), name)
        case .newVPNGateway:
            throw Inexpressible("\(table.vpcID) has no virtual private gateway to route to")
        default:
            return nil
        }
        let list = network.servicePrefixList(service).map { " (for \($0.id))" } ?? ""
        return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                         summary: "associate \(table.id)\(network.nameSuffix(table.id)) with gateway endpoint \(endpoint) to \(service): it adds the endpoint's route\(list)",
                         actions: [.addGatewayEndpointRouteTable(endpoint: endpoint, table: table.id)])
    }

    /// The target and destination block of a route toward a NAT gateway, an appliance or a virtual private
    /// gateway: 0.0.0.0/0 for an internet destination, the destination's subnet for an appliance between subnets
    /// of one VPC (a route more specific than the local route must name a whole subnet), the on-premises range of
    /// the query for a virtual private gateway, else the destination's VPC block (its /32 outside every VPC).
    func edgeRouteTarget(_ table: RouteTable, _ intent: RouteIntent, _ destination: IPAddress) -> (RouteTarget, IPPrefix) {
        let block: IPPrefix
        if network.isInternetHost(destination) {
            block = .any(destination.family)
        } else if case .appliance = intent, let subnet = network.subnets.first(where: { $0.vpcID == table.vpcID && $0.contains(destination) }),
                  let subnetBlock = subnet.cidrBlocks.first(where: { $0.contains(destination) }) {
            block = subnetBlock
        } else if case .vpnGateway = intent, let range = onPremisesRange, range.contains(destination) {
            block = range
        } else {
            block = walker.destinationBlock(for: destination)
        }
        switch intent {
        case .natGateway(let id): return (.natGateway(id), block)
        case .appliance(let target): return (target, block)
        case .vpnGateway(let id): return (.virtualPrivateGateway(id), block)
        default: return (.other("unknown"), block)
        }
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a route table sends the packet to the path's next hop.
    func claimRoute(_ table: RouteTable, _ intent: RouteIntent, packet: String) -> ([String], String, String) {
        let head = "route table \(table.id)\(network.nameSuffix(table.id)) sends \(packet)"
        switch intent {
        case .local(let vpc):
            return ([table.id], "local", "\(head) to its local route (inside \(vpc))")
        case .peering(let id, let peer):
            return ([table.id], "to \(id)", "\(head) to peering connection \(id) (toward \(peer))")
        case .newPeering(let peer):
            return ([table.id], "to new peering", "\(head) to a peering connection with \(peer); none exists, so this is false")
        case .internetGateway(let id):
            return ([table.id], "to \(id)", "\(head) to internet gateway \(id)")
        case .newInternetGateway:
            return ([table.id], "to new igw", "\(head) to an internet gateway; its VPC has none, so this is false")
        case .egressOnlyGateway(let id):
            return ([table.id], "to \(id)", "\(head) to egress-only internet gateway \(id)")
        case .transitGateway(let id):
            return ([table.id], "to \(id)", "\(head) to transit gateway \(id)")
            case .natGateway(let id): return ([table.id], "to \(id)", "\(head) to NAT gateway \(id)")
            case .appliance(let target): return ([table.id], "to \(target.id)", "\(head) to appliance \(target.id)")
            case .gatewayEndpoint(let id): return ([table.id], "to \(id)", "\(head) to gateway endpoint \(id)")
            case .newGatewayEndpoint(let service):
                return ([table.id], "to new vpce", "\(head) to a gateway endpoint for \(service); its VPC has none, so this is false")
            case .vpnGateway(let id): return ([table.id], "to \(id)", "\(head) to virtual private gateway \(id)")
            case .newVPNGateway: return ([table.id], "to new vgw", "\(head) to a virtual private gateway; its VPC has none, so this is false")
        }
    }
}

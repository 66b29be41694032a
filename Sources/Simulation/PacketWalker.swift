import NetworkModel

/// The reference semantics of PathProof: follows one concrete packet through the network, hop by hop, the way
/// AWS's data plane forwards and filters it. Plain Swift, independent of the SMT encoding; every witness the
/// solver finds is replayed here.
public struct PacketWalker: Sendable {
    public let network: Network

    public init(network: Network) { self.network = network }

    /// Follows `packet` from `origin`. On the `.return` leg the packet is a response: security groups let it
    /// through (they are stateful); network ACLs and routes apply as to any packet. `state` is, on the return leg,
    /// the forward walk's `state` (the NAT gateway, gateway endpoint or VPN gateway the request used).
    public func walk(_ packet: Packet, from origin: Location, leg: Leg, state: ConnectionState = ConnectionState()) -> Walk {
        var trip = Trip(walker: self, leg: leg, state: state)
        let outcome: Walk.Outcome
        switch origin {
        case .networkInterface(let id):
            outcome = trip.send(packet, fromInterface: id)
        case .internet:
            trip.hops.append(Hop(component: "internet", kind: .internet, detail: "sends \(packet)"))
            outcome = trip.fromInternet(packet)
        case .service(let name):
            outcome = trip.fromService(packet, name)
        case .onPremises:
            trip.hops.append(Hop(component: "on-premises", kind: .onPremises, detail: "sends \(packet)"))
            outcome = trip.fromOnPremises(packet)
        }
        return Walk(hops: trip.hops, outcome: outcome, state: trip.state)
    }

    /// Checkpoint that an interface's liveness depends on: its instance running, or (without an instance) being attached.
    public func livenessCheckpoint(_ interface: NetworkInterface) -> Checkpoint {
        if let instanceID = interface.instanceID, network.instance(instanceID) != nil { return .instanceRunning(instanceID) }
        return .interfaceAttached(interface.id)
    }

    /// The CIDR block to name when a route to `destination` is missing: the block of the VPC that holds it, else the address itself.
    public func destinationBlock(for destination: IPAddress) -> IPPrefix {
        for vpc in network.vpcs { if let block = vpc.cidrBlocks.first(where: { $0.contains(destination) }) { return block } }
        return IPPrefix.host(destination)
    }
}

/// The mutable state of one walk.
struct Trip {
    let walker: PacketWalker
    let leg: Leg
    var hops: [Hop] = []
    /// Recorded on the forward leg, read on the return leg (`ConnectionState`).
    var state: ConnectionState
    /// The appliances this leg crossed (`PacketWalker+Edge.swift`).
    var crossed: [String] = []
    var network: Network { walker.network }

    init(walker: PacketWalker, leg: Leg, state: ConnectionState = ConnectionState()) {
        self.walker = walker
        self.leg = leg
        self.state = state
    }

    mutating func send(_ packet: Packet, fromInterface id: String) -> Walk.Outcome {
        guard let interface = network.networkInterface(id) else { return .unsupported("unknown network interface \(id)") }
        if let drop = refusesToSend(interface) { return .dropped(drop) }
        if let drop = liveness(interface) { return .dropped(drop) }
        hops.append(Hop(component: interface.id, kind: .networkInterface, detail: "sends \(packet)\(owner(interface))"))
        if leg == .forward {
            let decision = walker.securityGroupDecision(interface, .outbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(interface, .outbound, decision)) }
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
        } else {
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup,
                            detail: "response of an allowed flow: security groups are stateful"))
        }
        return route(packet, fromSubnet: interface.subnetID, sender: interface)
    }

    mutating func route(_ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface) -> Walk.Outcome {
        guard let table = network.routeTable(forSubnet: subnetID) else {
            return .unsupported("subnet \(subnetID) has no route table in the snapshot")
        }
        let checkpoint = Checkpoint.routeTable(table.id, leg)
        let missing = walker.destinationBlock(for: packet.destination)
        guard let entry = walker.route(in: table, for: packet.destination) else {
            return .dropped(Drop(checkpoint, code: "NO_ROUTE_TO_DESTINATION",
                                 message: "no route to \(missing) in \(table.id): none of its routes matches \(packet.destination)"))
        }
        let routeName = entry.prefix.length == 0 ? "its default route" : "its route \(entry.route.destination)"
        guard entry.route.isActive else {
            return .dropped(Drop(checkpoint, code: "BAD_STATE_ROUTE",
                                 message: "no route to \(missing) in \(table.id): \(routeName) to \(entry.route.target) is a blackhole (its target no longer exists)"))
        }
        hops.append(Hop(component: table.id, kind: .routeTable, detail: "route \(entry.route.destination) → \(entry.route.target)"))
        switch entry.route.target {
        case .local:
            guard let receiver = network.networkInterface(privateAddress: packet.destination), receiver.vpcID == sender.vpcID else {
                return .dropped(Drop(nil, component: table.id, code: "NO_POSSIBLE_DESTINATION",
                                     message: "no network interface in \(sender.vpcID) has the address \(packet.destination)"))
            }
            if receiver.subnetID != subnetID {
                if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
                if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
            }
            return deliver(packet, to: receiver)

        case .peeringConnection(let id):
            guard let connection = network.peeringConnection(id) else {
                return .dropped(Drop(checkpoint, code: "BAD_STATE_ROUTE",
                                     message: "no route to \(missing) in \(table.id): \(routeName) sends the packet to \(id), which is not in the snapshot"))
            }
            guard connection.isActive else {
                return .dropped(Drop(.peeringActive(id), code: "BAD_STATE",
                                     message: "\(id) is \(connection.status): only an active peering connection carries traffic"))
            }
            guard let peer = connection.peer(of: sender.vpcID) else { return .unsupported("\(id) does not join \(sender.vpcID)") }
            let peerBlocks = network.peerCIDRBlocks(of: connection, from: sender.vpcID)
            guard peerBlocks.contains(where: { $0.contains(packet.destination) }) else {
                let blocks = peerBlocks.map(\.description).joined(separator: ", ")
                return .dropped(Drop(checkpoint, code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                                     message: "no route to \(missing) in \(table.id): \(routeName) sends the packet to \(id), which only delivers to addresses in \(peer.vpcID) (\(blocks)); peering is not transitive"))
            }
            if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
            hops.append(Hop(component: id, kind: .peeringConnection, detail: "active peering to \(peer.vpcID)"))
            guard let receiver = network.networkInterface(privateAddress: packet.destination), receiver.vpcID == peer.vpcID else {
                return .dropped(Drop(nil, component: id, code: "NO_POSSIBLE_DESTINATION",
                                     message: "no network interface in \(peer.vpcID) has the address \(packet.destination)"))
            }
            if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
            return deliver(packet, to: receiver)

        case .internetGateway(let id) where packet.family == .ipv6:
            return internetGatewayIPv6(id, egressOnly: false, packet, fromSubnet: subnetID, sender: sender, table: table, routeName: routeName)

        case .egressOnlyInternetGateway(let id):
            guard packet.family == .ipv6 else {
                return .unsupported("\(table.id) sends an IPv4 packet to the egress-only internet gateway \(id), which carries IPv6 only")
            }
            return internetGatewayIPv6(id, egressOnly: true, packet, fromSubnet: subnetID, sender: sender, table: table, routeName: routeName)

        case .natGateway(let id) where packet.family == .ipv6:
            return .unsupported("\(table.id) sends an IPv6 packet to the NAT gateway \(id) (NAT64), which PathProof does not model")

        case .internetGateway(let id):
            guard let gateway = network.internetGateway(id), let attachment = gateway.attachment(to: sender.vpcID), attachment.isAttached else {
                let state = network.internetGateway(id)?.attachment(to: sender.vpcID)?.state ?? .detached
                return .dropped(Drop(.gatewayAttached(id, vpc: sender.vpcID), code: "BAD_STATE_ATTACHMENT",
                                     message: "\(id) is not attached to \(sender.vpcID) (attachment \(state))"))
            }
            if !InternetAddressSpace.isRoutable(packet.destination) {
                return .dropped(Drop(checkpoint, code: "NO_ROUTE_TO_DESTINATION",
                                     message: "no route to \(missing) in \(table.id): \(routeName) sends the packet to \(id), which \(InternetAddressSpace.refusal(packet.destination))"))
            }
            // The gateway maps the private address of whichever interface owns it (an appliance forwards others').
            let source = network.networkInterface(privateAddress: packet.source, inVPC: sender.vpcID) ?? sender
            guard let publicAddress = source.publicAddress(for: packet.source) else {
                if let unknown = applianceMayTranslate(packet, gateway: id) { return unknown }
                return .dropped(Drop(.publicAddress(interface: source.id, packet.source), code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
                                     message: "\(source.id)\(owner(source)) has no public IPv4 address for \(packet.source), so \(id) cannot carry its traffic to the internet"))
            }
            if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
            var translated = packet
            translated.source = publicAddress
            hops.append(Hop(component: id, kind: .internetGateway, detail: "translates source \(packet.source) → \(publicAddress)"))
            return fromInternet(translated)

        case .transitGateway(let id):
            return transitGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)

        case .natGateway(let id):
            return natGateway(id, packet, fromSubnet: subnetID, sender: sender, table: table)

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

    /// A packet on the internet: delivered to an internet host, or through an internet gateway to the interface
    /// that owns its (public) destination address.
    mutating func fromInternet(_ packet: Packet) -> Walk.Outcome {
        crossed = [] // coming in from the internet is a new pass through the VPC's appliances
        if packet.family == .ipv6 { return fromInternetIPv6(packet) }
        guard let receiver = network.networkInterface(publicAddress: packet.destination) else {
            if let reason = InternetAddressSpace.reasonNotRoutable(packet.destination) {
                return .dropped(Drop(nil, component: "internet", code: "NO_POSSIBLE_DESTINATION",
                                     message: "the internet does not carry packets to \(packet.destination) (\(reason))"))
            }
            hops.append(Hop(component: "internet", kind: .internet, detail: "delivered to internet host \(packet.destination)"))
            return .delivered(.internet, packet)
        }
        guard let privateAddress = receiver.addresses.first(where: { $0.publicAddress == packet.destination })?.address else {
            return .unsupported("no private address maps to \(packet.destination)")
        }
        let gateways = network.internetGateways(of: receiver.vpcID)
        guard let gateway = gateways.first(where: { $0.attachment(to: receiver.vpcID)?.isAttached == true }) else {
            if let gateway = gateways.first {
                let state = gateway.attachment(to: receiver.vpcID)?.state ?? .detached
                return .dropped(Drop(.gatewayAttached(gateway.id, vpc: receiver.vpcID), code: "BAD_STATE_ATTACHMENT",
                                     message: "\(gateway.id) is not attached to \(receiver.vpcID) (attachment \(state))"))
            }
            return .dropped(Drop(.gatewayMissing(vpc: receiver.vpcID), code: "NO_INTERNET_GATEWAY",
                                 message: walker.noInternetGatewayMessage(vpc: receiver.vpcID, destination: packet.destination)))
        }
        var translated = packet
        translated.destination = privateAddress
        hops.append(Hop(component: gateway.id, kind: .internetGateway, detail: "translates destination \(packet.destination) → \(privateAddress)"))
        if let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: receiver.vpcID) {
            return routeIngress(translated, gateway: gateway.id, table: table, vpc: receiver.vpcID)
        }
        if let drop = crossACL(translated, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(translated, to: receiver)
    }

    mutating func deliver(_ packet: Packet, to interface: NetworkInterface) -> Walk.Outcome {
        if let outcome = arriveAtNATGateway(packet, interface) { return outcome }
        if let drop = liveness(interface) { return .dropped(drop) }
        if leg == .forward {
            let decision = walker.securityGroupDecision(interface, .inbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(interface, .inbound, decision)) }
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
        } else {
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup,
                            detail: "response of an allowed flow: security groups are stateful"))
        }
        hops.append(Hop(component: interface.id, kind: .networkInterface, detail: "receives \(packet)\(owner(interface))"))
        return .delivered(.networkInterface(interface.id), packet)
    }

    mutating func crossACL(_ packet: Packet, subnet subnetID: String, _ direction: Direction) -> Drop? {
        guard let acl = network.networkACL(forSubnet: subnetID) else {
            // A subnet always has a network ACL in AWS; a snapshot without one describes none, so none filters.
            return nil
        }
        let decision = walker.networkACLDecision(acl, direction, packet)
        guard decision.allowed else {
            return Drop(.networkACL(acl.id, direction, leg), code: "SUBNET_ACL_RESTRICTION",
                        message: "blocked by network ACL \(decision.detail) (subnet \(subnetID))")
        }
        hops.append(Hop(component: acl.id, kind: .networkACL, detail: "\(decision.detail) (subnet \(subnetID))"))
        return nil
    }

    func liveness(_ interface: NetworkInterface) -> Drop? {
        guard !network.isLive(interface) else { return nil }
        let checkpoint = walker.livenessCheckpoint(interface)
        if case .instanceRunning(let instanceID) = checkpoint {
            let state = network.instance(instanceID)?.state.rawValue ?? "unknown"
            return Drop(checkpoint, code: "BAD_STATE", message: "instance \(instanceID)\(name(instanceID)) is \(state): only a running instance sends or receives")
        }
        return Drop(checkpoint, code: "BAD_STATE", message: "network interface \(interface.id) is \(interface.status), not attached")
    }

    func securityGroupDrop(_ interface: NetworkInterface, _ direction: Direction, _ decision: Decision) -> Drop {
        let groups = interface.securityGroupIDs
        let label = groups.count == 1 ? "SG \(groups[0])" : groups.isEmpty ? "no SG on \(interface.id)" : "SGs \(groups.joined(separator: ", "))"
        return Drop(.securityGroups(interface: interface.id, direction), component: groupComponent(interface),
                    code: "ENI_SG_RULES_MISMATCH", message: "blocked by \(label) \(direction): \(decision.detail)")
    }

    func groupComponent(_ interface: NetworkInterface) -> String {
        interface.securityGroupIDs.count == 1 ? interface.securityGroupIDs[0] : interface.id
    }

    func owner(_ interface: NetworkInterface) -> String {
        guard let instanceID = interface.instanceID else { return "" }
        return " (\(instanceID)\(name(instanceID)))"
    }

    func name(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

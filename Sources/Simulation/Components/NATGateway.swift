import NetworkModel

/// A NAT gateway (route target `nat-…`) must be available and translates TCP, UDP and ICMP only
/// (PROTOCOL_RESTRICTION); it carries only traffic whose source is an address of its VPC
/// (NGW_REQUIRES_SOURCE_IN_VPC: nothing from a peering, a VPN or Direct Connect). It translates the source to its
/// private address and a port in 1024-65535 (`NATGateway.translatedPort`) and sends the packet on by its own
/// subnet's route table (a public NAT gateway's subnet routes to an internet gateway, which maps its private
/// address to its Elastic IP). Network ACLs apply when the packet enters and leaves the NAT gateway's subnet; a
/// NAT gateway has no security group. A response comes back to the NAT gateway's address and is translated back
/// to the client; anything else that reaches a NAT gateway is dropped: nothing can start a connection through it.
/// A response routed into a NAT gateway (asymmetric routing) would leave with the NAT gateway's address, so it is
/// dropped at the route table that sends it there.
extension PacketWalker {
    /// Why a NAT gateway that is not available forwards nothing.
    public static func unavailableMessage(_ nat: NATGateway, named: String) -> String {
        let reason = nat.failureMessage.map { " (\($0))" } ?? ""
        return "\(nat.id)\(named) is \(nat.state)\(reason): only an available NAT gateway forwards traffic"
    }

    /// Why an interface that is no end of traffic (a NAT gateway's, a transit gateway attachment's) sends nothing.
    public static func startsNoConnectionsMessage(_ interface: NetworkInterface, in network: Network) -> String {
        if interface.isTransitGatewayAttachment {
            return attachmentInterfaceMessage(interface, named: network.nameSuffix(interface.id), sends: true)
        }
        let id = network.natGateway(ofInterface: interface)?.id ?? interface.id
        return "\(id)\(network.nameSuffix(id)) starts no connections: a NAT gateway only forwards connections started inside its VPC"
    }
}

extension Trip {
    mutating func natGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                             table: RouteTable) -> Walk.Outcome {
        guard packet.family == .ipv4 else {
            return .unsupported("\(table.id) sends an IPv6 packet to the NAT gateway \(id) (NAT64), which PathProof does not model")
        }
        guard let nat = network.natGateway(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-nat-gateways)")
        }
        guard let interface = network.networkInterface(ofNATGateway: nat), let address = network.translationAddress(of: nat) else {
            return .unsupported("the snapshot describes no address of \(id) (NatGatewayAddresses)")
        }
        guard leg == .forward else {
            let missing = walker.destinationBlock(for: packet.destination)
            return .dropped(Drop(.routeTable(table.id, leg), code: .noRouteToDestination,
                                 message: "no route to \(missing) in \(table.id)\(name(table.id)) for the response: \(routeName(table, packet)) sends it to \(id), which would give it its own address instead of the one the request was sent to (a response must go back the way its request came)"))
        }
        guard state.loadBalancer == nil else {
            return .unsupported("the packet reaches the NAT gateway \(id) after a load balancer; PathProof does not model both on one path")
        }
        guard state.nat == nil else {
            return .unsupported("the packet reaches a second NAT gateway (\(id)); PathProof models one NAT gateway per path")
        }
        guard nat.isAvailable else {
            return .dropped(Drop(.natGatewayAvailable(id), code: .badState, message: PacketWalker.unavailableMessage(nat, named: name(id))))
        }
        guard NATGateway.translates(packet.ipProtocol) else {
            return .dropped(Drop(nil, component: id, code: .protocolRestriction,
                                 message: "\(id)\(name(id)) translates only TCP, UDP and ICMP, not \(IPProtocolNumber.name(packet.ipProtocol))"))
        }
        guard network.vpc(nat.vpcID)?.contains(packet.source) == true else {
            return .dropped(Drop(nil, component: id, code: .natGatewayRequiresSourceInVPC,
                                 message: "\(id)\(name(id)) carries only traffic from addresses of \(nat.vpcID), not from \(packet.source)"))
        }
        if let drop = crossACLs(packet, from: subnetID, to: nat.subnetID) { return .dropped(drop) }
        var translated = packet
        translated.source = address
        translated.sourcePort = IPProtocolNumber.hasPorts(packet.ipProtocol) ? NATGateway.translatedPort(packet.sourcePort) : 0
        let ports = IPProtocolNumber.hasPorts(packet.ipProtocol) ? " port \(packet.sourcePort) → \(translated.sourcePort)" : ""
        hops.append(Hop(component: id, kind: .natGateway, detail: "translates source \(packet.source) → \(address)\(ports) (subnet \(nat.subnetID))"))
        state.nat = ConnectionState.NATBinding(gateway: id, interface: interface.id, client: packet.source, clientPort: packet.sourcePort,
                                               address: address, port: translated.sourcePort)
        return route(translated, fromSubnet: nat.subnetID, sender: interface)
    }

    /// A packet that arrives at a NAT gateway's interface: the response of a connection it translated goes back to
    /// its client; anything else is dropped. nil when `interface` is an end of traffic; a transit gateway
    /// attachment's interface, no end either, drops everything.
    mutating func arriveAtNATGateway(_ packet: Packet, _ interface: NetworkInterface) -> Walk.Outcome? {
        guard !network.isTrafficEndpoint(interface) else { return nil }
        if interface.isTransitGatewayAttachment {
            return .dropped(Drop(nil, component: interface.id, code: .noPossibleDestination,
                                 message: PacketWalker.attachmentInterfaceMessage(interface, named: name(interface.id), sends: false)))
        }
        let nat = network.natGateway(ofInterface: interface)
        let id = nat?.id ?? interface.id
        guard leg == .return, let binding = state.nat, binding.interface == interface.id, packet.destination == binding.address,
              !IPProtocolNumber.hasPorts(packet.ipProtocol) || packet.destinationPort == binding.port, let nat else {
            return .dropped(Drop(nil, component: id, code: .noPossibleDestination,
                                 message: "\(id)\(name(id)) does not accept connections: a NAT gateway forwards only connections started inside its VPC, and their responses"))
        }
        var back = packet
        back.destination = binding.client
        back.destinationPort = IPProtocolNumber.hasPorts(packet.ipProtocol) ? binding.clientPort : 0
        let ports = IPProtocolNumber.hasPorts(packet.ipProtocol) ? " port \(packet.destinationPort) → \(back.destinationPort)" : ""
        hops.append(Hop(component: nat.id, kind: .natGateway, detail: "translates destination \(packet.destination) → \(binding.client)\(ports) (the response of a connection it translated)"))
        return route(back, fromSubnet: nat.subnetID, sender: interface)
    }

    /// Why an interface cannot send: a NAT gateway's, or a transit gateway attachment's, starts no connection. nil
    /// when it can.
    func refusesToSend(_ interface: NetworkInterface) -> Drop? {
        guard !network.isTrafficEndpoint(interface) else { return nil }
        return Drop(nil, component: network.natGateway(ofInterface: interface)?.id ?? interface.id, code: .noPossibleDestination,
                    message: PacketWalker.startsNoConnectionsMessage(interface, in: network))
    }
}

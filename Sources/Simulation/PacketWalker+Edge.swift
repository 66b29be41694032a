import NetworkModel

/// The hops of a walk through NAT gateways, appliances (routes to an interface or instance), gateway VPC endpoints
/// and virtual private gateways, and into a VPC through a gateway route table.
///
/// The rules, as AWS documents them:
/// - A NAT gateway (route target `nat-…`) must be available and translates TCP, UDP and ICMP only
///   (PROTOCOL_RESTRICTION); it carries only traffic whose source is an address of its VPC
///   (NGW_REQUIRES_SOURCE_IN_VPC: nothing from a peering, a VPN or Direct Connect). It translates the source to its
///   private address and a port in 1024-65535 (`NATGateway.translatedPort`) and sends the packet on by its own
///   subnet's route table (a public NAT gateway's subnet routes to an internet gateway, which maps its private
///   address to its Elastic IP). Network ACLs apply when the packet enters and leaves the NAT gateway's subnet; a
///   NAT gateway has no security group. A response comes back to the NAT gateway's address and is translated back
///   to the client; anything else that reaches a NAT gateway is dropped: nothing can start a connection through it.
///   A response routed into a NAT gateway (asymmetric routing) would leave with the NAT gateway's address, so it is
///   dropped at the route table that sends it there.
/// - An appliance (route target `eni-…` or `i-…`) receives the packet by its interface: network ACLs on the way
///   into its subnet, its security groups inbound, then, unless the packet is addressed to it, it forwards it by
///   its subnet's route table after its security groups outbound. With the source/destination check on (the
///   default) it drops what is neither from nor to itself (ENI_SOURCE_DEST_CHECK_RESTRICTION). On the return leg
///   its security groups let the response through when the request crossed it too (they are stateful); otherwise
///   the response is a new flow for them. An appliance met twice on one leg is a routing loop; more than
///   `maximumForwardingSteps` appliances on one leg end the walk unsupported.
/// - A gateway endpoint (route target `vpce-…`, for the service's prefix list) must be available; it carries TCP and
///   ICMP echo requests to the service and TCP and echo replies back (VPCE_GATEWAY_PROTOCOL_RESTRICTION), only
///   from addresses of its VPC (GATEWAY_REJECTS_SPOOFED_TRAFFIC). The response comes back in by the same endpoint.
/// - A virtual private gateway (route target `vgw-…`) must be attached to the VPC and available; it accepts only
///   traffic from an address of an interface in the VPC (VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS) and sends it on
///   premises over a VPN connection that is available with a tunnel up (static routing: only to its routes' blocks)
///   or a Direct Connect private virtual interface that is available (through a Direct Connect gateway: an
///   associated one, only for the association's allowed prefixes). On premises is assumed to route the VPC's
///   blocks back over the same link; traffic from on premises comes in by the VPC's attached virtual private
///   gateway, to a private address of an interface in the VPC (VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS).
/// - A route table with an edge association to an internet gateway or virtual private gateway routes the traffic
///   that comes in by that gateway (to the local route or to an appliance) before it is delivered.
extension PacketWalker {
    /// How many appliances one leg may cross before the walk gives up (unsupported).
    public static let maximumForwardingSteps = 4

    /// Why a packet that an appliance forwarded to an internet gateway, from an address without a public address,
    /// gets no verdict.
    public static func applianceTranslationNote(appliance: String, source: IPAddress, gateway: String) -> String {
        "\(appliance) forwards a packet from \(source), which has no public address, to \(gateway): whether the appliance translates it (as a NAT instance does) the snapshot does not say"
    }

    /// Why an appliance with its source/destination check on drops a packet it should forward.
    public func sourceDestinationCheckMessage(_ interface: NetworkInterface, _ packet: Packet) -> String {
        let owner = interface.instanceID.map { id in " (\(id)\(network.name(of: id).map { " \($0)" } ?? ""))" } ?? ""
        return "\(interface.id)\(owner) has its source/destination check on, so it drops \(describe(packet)) for \(packet.destination), which is not its own address: an appliance needs the check off to forward traffic"
    }
}

extension Trip {
    static var maximumForwardingSteps: Int { PacketWalker.maximumForwardingSteps }

    // MARK: NAT gateways

    mutating func natGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                             table: RouteTable) -> Walk.Outcome {
        guard let nat = network.natGateway(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-nat-gateways)")
        }
        guard let interface = network.networkInterface(ofNATGateway: nat), let address = network.translationAddress(of: nat) else {
            return .unsupported("the snapshot describes no address of \(id) (NatGatewayAddresses)")
        }
        guard leg == .forward else {
            let missing = walker.destinationBlock(for: packet.destination)
            return .dropped(Drop(.routeTable(table.id, leg), code: "NO_ROUTE_TO_DESTINATION",
                                 message: "no route to \(missing) in \(table.id)\(name(table.id)) for the response: \(routeName(table, packet)) sends it to \(id), which would give it its own address instead of the one the request was sent to (a response must go back the way its request came)"))
        }
        guard state.nat == nil else {
            return .unsupported("the packet reaches a second NAT gateway (\(id)); PathProof models one NAT gateway per path")
        }
        guard nat.isAvailable else {
            let reason = nat.failureMessage.map { " (\($0))" } ?? ""
            return .dropped(Drop(.natGatewayAvailable(id), code: "BAD_STATE",
                                 message: "\(id)\(name(id)) is \(nat.state)\(reason): only an available NAT gateway forwards traffic"))
        }
        guard NATGateway.translates(packet.ipProtocol) else {
            return .dropped(Drop(nil, component: id, code: "PROTOCOL_RESTRICTION",
                                 message: "\(id)\(name(id)) translates only TCP, UDP and ICMP, not \(IPProtocolNumber.name(packet.ipProtocol))"))
        }
        guard network.vpc(nat.vpcID)?.contains(packet.source) == true else {
            return .dropped(Drop(nil, component: id, code: "NGW_REQUIRES_SOURCE_IN_VPC",
                                 message: "\(id)\(name(id)) carries only traffic from addresses of \(nat.vpcID), not from \(packet.source)"))
        }
        if subnetID != nat.subnetID {
            if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
            if let drop = crossACL(packet, subnet: nat.subnetID, .inbound) { return .dropped(drop) }
        }
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
    /// its client; anything else is dropped. nil when `interface` is no NAT gateway's.
    mutating func arriveAtNATGateway(_ packet: Packet, _ interface: NetworkInterface) -> Walk.Outcome? {
        guard !network.isTrafficEndpoint(interface) else { return nil }
        let nat = network.natGateway(ofInterface: interface)
        let id = nat?.id ?? interface.id
        guard leg == .return, let binding = state.nat, binding.interface == interface.id, packet.destination == binding.address,
              !IPProtocolNumber.hasPorts(packet.ipProtocol) || packet.destinationPort == binding.port, let nat else {
            return .dropped(Drop(nil, component: id, code: "NO_POSSIBLE_DESTINATION",
                                 message: "\(id)\(name(id)) does not accept connections: a NAT gateway forwards only connections started inside its VPC, and their responses"))
        }
        var back = packet
        back.destination = binding.client
        back.destinationPort = IPProtocolNumber.hasPorts(packet.ipProtocol) ? binding.clientPort : 0
        let ports = IPProtocolNumber.hasPorts(packet.ipProtocol) ? " port \(packet.destinationPort) → \(back.destinationPort)" : ""
        hops.append(Hop(component: nat.id, kind: .natGateway, detail: "translates destination \(packet.destination) → \(binding.client)\(ports) (the response of a connection it translated)"))
        return route(back, fromSubnet: nat.subnetID, sender: interface)
    }

    /// Why an interface cannot send: a NAT gateway's starts no connection. nil when it can.
    func refusesToSend(_ interface: NetworkInterface) -> Drop? {
        guard !network.isTrafficEndpoint(interface) else { return nil }
        let id = network.natGateway(ofInterface: interface)?.id ?? interface.id
        return Drop(nil, component: id, code: "NO_POSSIBLE_DESTINATION",
                    message: "\(id)\(name(id)) starts no connections: a NAT gateway only forwards connections started inside its VPC")
    }

    // MARK: Appliances

    /// A route to an interface or instance: the packet goes to that appliance, which forwards it. `subnetID` is
    /// the sender's subnet, nil for traffic routed by a gateway route table as it comes into the VPC.
    mutating func appliance(_ target: RouteTarget, _ packet: Packet, fromSubnet subnetID: String?, table: RouteTable) -> Walk.Outcome {
        let resolved: NetworkInterface?
        switch target {
        case .instance(let id): resolved = network.networkInterfaces(ofInstance: id).first
        default: resolved = network.networkInterface(target.id)
        }
        guard let interface = resolved else {
            return .unsupported("\(table.id) sends the packet to \(target.id), which the snapshot does not describe")
        }
        guard network.isTrafficEndpoint(interface) else {
            return .unsupported("\(table.id) sends the packet to \(interface.id), a NAT gateway's interface (route to the NAT gateway instead)")
        }
        guard !crossed.contains(interface.id) else {
            return .dropped(Drop(.routeTable(table.id, leg), code: "NO_ROUTE_TO_DESTINATION",
                                 message: "\(table.id)\(name(table.id)) sends the packet back to \(interface.id), which has forwarded it already: a routing loop"))
        }
        guard crossed.count < Self.maximumForwardingSteps else {
            return .unsupported("the packet crosses more than \(Self.maximumForwardingSteps) appliances")
        }
        if let drop = liveness(interface) { return .dropped(drop) }
        if let subnetID, subnetID != interface.subnetID, let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        if subnetID != interface.subnetID, let drop = crossACL(packet, subnet: interface.subnetID, .inbound) { return .dropped(drop) }
        if interface.owns(packet.destination) { return deliver(packet, to: interface) }
        guard !interface.sourceDestinationCheck else {
            return .dropped(Drop(.sourceDestinationCheck(interface: interface.id), code: "ENI_SOURCE_DEST_CHECK_RESTRICTION",
                                 message: walker.sourceDestinationCheckMessage(interface, packet)))
        }
        let tracked = leg == .return && state.appliances.contains(interface.id)
        if tracked {
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup,
                            detail: "response of an allowed flow: security groups are stateful"))
        } else {
            let decision = walker.securityGroupDecision(interface, .inbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(interface, .inbound, decision)) }
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
        }
        hops.append(Hop(component: interface.id, kind: .networkInterface,
                        detail: "receives \(packet) and forwards it (source/destination check off)\(owner(interface))"))
        crossed.append(interface.id)
        if leg == .forward { state.appliances.append(interface.id) }
        if !tracked {
            let decision = walker.securityGroupDecision(interface, .outbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(interface, .outbound, decision)) }
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
        }
        return route(packet, fromSubnet: interface.subnetID, sender: interface)
    }

    /// After an appliance, a source address without a public address leaves the answer open: software on the
    /// appliance may translate it (a NAT instance does), which the snapshot does not say. nil when no appliance
    /// forwarded the packet on this leg.
    func applianceMayTranslate(_ packet: Packet, gateway: String) -> Walk.Outcome? {
        guard let appliance = crossed.last else { return nil }
        return .unsupported(PacketWalker.applianceTranslationNote(appliance: appliance, source: packet.source, gateway: gateway))
    }

    /// A packet that comes into `vpcID` by `gateway`, routed by the gateway's edge route table `table`.
    mutating func routeIngress(_ packet: Packet, gateway: String, table: RouteTable, vpc vpcID: String) -> Walk.Outcome {
        let missing = walker.destinationBlock(for: packet.destination)
        guard let entry = walker.route(in: table, for: packet.destination) else {
            return .dropped(Drop(.routeTable(table.id, leg), code: "NO_ROUTE_TO_DESTINATION",
                                 message: "no route to \(missing) in gateway route table \(table.id)\(name(table.id)) of \(gateway): none of its routes matches \(packet.destination)"))
        }
        guard entry.route.isActive else {
            return .dropped(Drop(.routeTable(table.id, leg), code: "BAD_STATE_ROUTE",
                                 message: "no route to \(missing) in gateway route table \(table.id)\(name(table.id)) of \(gateway): \(routeName(table, packet)) to \(entry.route.target) is a blackhole (its target no longer exists)"))
        }
        hops.append(Hop(component: table.id, kind: .routeTable, detail: "route \(entry.route.destination) → \(entry.route.target) (gateway route table of \(gateway))"))
        switch entry.route.target {
        case .local:
            guard let receiver = network.networkInterface(privateAddress: packet.destination, inVPC: vpcID) else {
                return .dropped(Drop(nil, component: table.id, code: "NO_POSSIBLE_DESTINATION",
                                     message: "no network interface in \(vpcID) has the address \(packet.destination)"))
            }
            if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
            return deliver(packet, to: receiver)
        case .networkInterface, .instance:
            return appliance(entry.route.target, packet, fromSubnet: nil, table: table)
        default:
            return .unsupported("gateway route table \(table.id) sends the packet to \(entry.route.target), a target PathProof does not model there")
        }
    }

    // MARK: Gateway endpoints

    mutating func gatewayEndpoint(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                                  table: RouteTable) -> Walk.Outcome {
        guard let endpoint = network.vpcEndpoint(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpc-endpoints)")
        }
        guard endpoint.isGateway else {
            return .unsupported("\(table.id) sends the packet to \(id), a \(endpoint.endpointType) endpoint, which PathProof does not model as a route target")
        }
        guard endpoint.isAvailable else {
            return .dropped(Drop(.endpointAvailable(id), code: "BAD_STATE",
                                 message: "\(id)\(name(id)) (\(endpoint.serviceName)) is \(endpoint.state): only an available endpoint carries traffic"))
        }
        guard network.vpc(endpoint.vpcID)?.contains(packet.source) == true else {
            return .dropped(Drop(nil, component: id, code: "GATEWAY_REJECTS_SPOOFED_TRAFFIC",
                                 message: "\(id)\(name(id)) carries only traffic from addresses of \(endpoint.vpcID), not from \(packet.source)"))
        }
        guard VPCEndpoint.gatewayCarries(ipProtocol: packet.ipProtocol, icmpType: packet.icmpType, toService: true) else {
            return .dropped(Drop(nil, component: id, code: "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
                                 message: "\(id)\(name(id)) carries only TCP and ICMP echo requests to \(endpoint.serviceName), not \(describe(packet))"))
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        hops.append(Hop(component: id, kind: .vpcEndpoint, detail: "gateway endpoint to \(endpoint.serviceName)"))
        if leg == .forward { state.exit = id }
        return .delivered(.service(endpoint.serviceName), packet)
    }

    /// A response from a service, back in by the gateway endpoint its request left by.
    mutating func fromService(_ packet: Packet, _ serviceName: String) -> Walk.Outcome {
        hops.append(Hop(component: serviceName, kind: .service, detail: "sends \(packet)"))
        guard leg == .return, let id = state.exit, let endpoint = network.vpcEndpoint(id), endpoint.serviceName == serviceName else {
            return .dropped(Drop(nil, component: serviceName, code: "NO_POSSIBLE_DESTINATION",
                                 message: "\(serviceName) starts no connections through a gateway endpoint; it only answers them"))
        }
        guard VPCEndpoint.gatewayCarries(ipProtocol: packet.ipProtocol, icmpType: packet.icmpType, toService: false) else {
            return .dropped(Drop(nil, component: id, code: "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
                                 message: "\(id)\(name(id)) carries only TCP and ICMP echo replies from \(serviceName), not \(describe(packet))"))
        }
        guard let receiver = network.networkInterface(privateAddress: packet.destination, inVPC: endpoint.vpcID) else {
            return .dropped(Drop(nil, component: id, code: "NO_POSSIBLE_DESTINATION",
                                 message: "no network interface in \(endpoint.vpcID) has the address \(packet.destination)"))
        }
        hops.append(Hop(component: id, kind: .vpcEndpoint, detail: "brings the response from \(serviceName) into \(endpoint.vpcID)"))
        if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }

    // MARK: Virtual private gateways

    mutating func vpnGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                             table: RouteTable) -> Walk.Outcome {
        guard let gateway = network.vpnGateway(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpn-gateways)")
        }
        let vpcID = table.vpcID
        if let drop = vpnGatewayState(gateway, vpc: vpcID) { return .dropped(drop) }
        guard network.networkInterface(privateAddress: packet.source, inVPC: vpcID) != nil else {
            return .dropped(Drop(nil, component: id, code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS",
                                 message: "\(id)\(name(id)) carries only traffic from addresses of interfaces in \(vpcID), not from \(packet.source)"))
        }
        guard let link = network.onPremisesLink(of: id, vpcAddress: packet.source, remote: packet.destination) else {
            return .dropped(linkDrop(gateway, vpcAddress: packet.source, remote: packet.destination))
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        hops.append(Hop(component: id, kind: .vpnGateway, detail: "sends it on premises over \(link)"))
        if leg == .forward { state.exit = id }
        hops.append(Hop(component: "on-premises", kind: .onPremises, detail: "delivered to on-premises host \(packet.destination)"))
        return .delivered(.onPremises, packet)
    }

    /// A packet from on premises: in by the virtual private gateway the request left by (a response), else by the
    /// one attached to the VPC of the destination address.
    mutating func fromOnPremises(_ packet: Packet) -> Walk.Outcome {
        let gateway: VirtualPrivateGateway
        let vpcID: String
        if leg == .return, let id = state.exit, let known = network.vpnGateway(id),
           let vpc = network.networkInterface(privateAddress: packet.destination)?.vpcID, known.attachment(to: vpc) != nil {
            (gateway, vpcID) = (known, vpc)
        } else {
            guard let receiver = network.networkInterface(privateAddress: packet.destination) else {
                return .dropped(Drop(nil, component: "on-premises", code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                                     message: "no network interface has the address \(packet.destination), so no virtual private gateway takes it in"))
            }
            guard let found = network.ingressVPNGateway(ofVPC: receiver.vpcID) else {
                return .dropped(Drop(.vpnGatewayMissing(vpc: receiver.vpcID), code: "NO_VPN_GATEWAY",
                                     message: "\(receiver.vpcID)\(name(receiver.vpcID)) has no virtual private gateway, so nothing on premises reaches it"))
            }
            (gateway, vpcID) = (found, receiver.vpcID)
        }
        if let drop = vpnGatewayState(gateway, vpc: vpcID) { return .dropped(drop) }
        guard let link = network.onPremisesLink(of: gateway.id, vpcAddress: packet.destination, remote: packet.source) else {
            return .dropped(linkDrop(gateway, vpcAddress: packet.destination, remote: packet.source))
        }
        guard let receiver = network.networkInterface(privateAddress: packet.destination, inVPC: vpcID) else {
            return .dropped(Drop(nil, component: gateway.id, code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                                 message: "no network interface in \(vpcID) has the address \(packet.destination)"))
        }
        hops.append(Hop(component: gateway.id, kind: .vpnGateway, detail: "brings it in from on premises over \(link)"))
        if let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: vpcID) {
            return routeIngress(packet, gateway: gateway.id, table: table, vpc: vpcID)
        }
        if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }

    private func vpnGatewayState(_ gateway: VirtualPrivateGateway, vpc vpcID: String) -> Drop? {
        guard gateway.attachment(to: vpcID)?.isAttached == true else {
            let state = gateway.attachment(to: vpcID)?.state ?? .detached
            return Drop(.vpnGatewayAttached(gateway.id, vpc: vpcID), code: "BAD_STATE_ATTACHMENT",
                        message: "\(gateway.id)\(name(gateway.id)) is not attached to \(vpcID) (attachment \(state))")
        }
        guard gateway.isAvailable else {
            return Drop(.vpnGatewayAvailable(gateway.id), code: "BAD_STATE",
                        message: "\(gateway.id)\(name(gateway.id)) is \(gateway.state): only an available virtual private gateway carries traffic")
        }
        return nil
    }

    private func linkDrop(_ gateway: VirtualPrivateGateway, vpcAddress: IPAddress, remote: IPAddress) -> Drop {
        let explanation = OnPremisesExplanation(network: network, gateway: gateway.id, vpcAddress: vpcAddress, remote: remote)
        return Drop(.onPremisesLink(gateway.id), code: explanation.code, message: explanation.message(named: name(gateway.id)))
    }

    private func routeName(_ table: RouteTable, _ packet: Packet) -> String {
        guard let entry = walker.route(in: table, for: packet.destination) else { return "no route" }
        return entry.prefix.length == 0 ? "its default route" : "its route \(entry.route.destination)"
    }

    private func describe(_ packet: Packet) -> String { walker.describe(packet) }
}

/// Why no link of a virtual private gateway carries traffic between a VPC address and an on-premises address, as
/// a code and a sentence (shared by the walker and the blocker explanations).
public struct OnPremisesExplanation: Sendable {
    public let network: Network
    public let gateway: String
    public let vpcAddress: IPAddress
    public let remote: IPAddress

    public init(network: Network, gateway: String, vpcAddress: IPAddress, remote: IPAddress) {
        self.network = network
        self.gateway = gateway
        self.vpcAddress = vpcAddress
        self.remote = remote
    }

    /// BAD_STATE_VPN when a VPN connection is down, BAD_STATE when a virtual interface is, NO_ROUTE_TO_DESTINATION
    /// when the links are up but none carries these addresses, NO_VPN_CONNECTION when there is no link at all.
    public var code: String {
        let links = network.onPremisesLinks(of: gateway)
        if links.isEmpty { return "NO_VPN_CONNECTION" }
        if links.contains(where: { !$0.isUp && $0.kind == .vpn }) { return "BAD_STATE_VPN" }
        if links.contains(where: { !$0.isUp }) { return "BAD_STATE" }
        return "NO_ROUTE_TO_DESTINATION"
    }

    /// "vgw-… carries nothing between 10.0.1.5 and 192.168.0.9 on premises: vpn-… has all 2 tunnels DOWN; …".
    public func message(named: String) -> String {
        let links = network.onPremisesLinks(of: gateway)
        let head = "\(gateway)\(named) carries nothing between \(vpcAddress) and \(remote) on premises"
        guard !links.isEmpty else {
            return "\(head): it has no VPN connection and no Direct Connect virtual interface"
        }
        let reasons = links.map { link -> String in
            if let problem = link.problem { return "\(link) \(problem)" }
            if let remotePrefixes = link.remotePrefixes, !remotePrefixes.contains(where: { $0.contains(remote) }) {
                let routes = remotePrefixes.isEmpty ? "no static route" : "static routes only to \(remotePrefixes.map(\.description).joined(separator: ", "))"
                return "\(link) has \(routes), none to \(remote)"
            }
            if let localPrefixes = link.localPrefixes, !localPrefixes.contains(where: { $0.contains(vpcAddress) }) {
                return "\(link) reaches the VPC through Direct Connect gateway \(link.via ?? "?"), which advertises only \(localPrefixes.map(\.description).joined(separator: ", ")) on premises, not \(vpcAddress)"
            }
            return "\(link) carries it"
        }
        return "\(head): " + reasons.joined(separator: "; ")
    }
}

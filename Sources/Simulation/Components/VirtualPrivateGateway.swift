import NetworkModel

/// A virtual private gateway (route target `vgw-…`) must be attached to the VPC and available; it accepts only
/// traffic from an address of an interface in the VPC (VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS) and sends it on
/// premises over a VPN connection that is available with a tunnel up (static routing: only to its routes' blocks)
/// or a Direct Connect private virtual interface that is available (through a Direct Connect gateway: an
/// associated one, only for the association's allowed prefixes). On premises is assumed to route the VPC's
/// blocks back over the same link; traffic from on premises comes in by the VPC's attached virtual private
/// gateway, to a private address of an interface in the VPC (VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS).
extension PacketWalker {
    /// Why a packet for the internet that a route sends to a virtual private gateway has no answer: it is delivered
    /// on premises, and what on premises does with it (send it on to the internet, or drop it) is in no AWS output.
    public static func internetByOnPremisesMessage(_ gateway: String, table: String) -> String {
        "\(table) sends the packet for the internet to virtual private gateway \(gateway), which delivers it on premises; whether on premises sends it on to the internet is not in the snapshot (it depends on the on-premises network's routes)"
    }

    /// Why a virtual private gateway that is not available carries nothing.
    public static func unavailableMessage(_ gateway: VirtualPrivateGateway, named: String) -> String {
        "\(gateway.id)\(named) is \(gateway.state): only an available virtual private gateway carries traffic"
    }
}

extension Trip {
    mutating func vpnGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                             table: RouteTable) -> Walk.Outcome {
        guard let gateway = network.vpnGateway(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpn-gateways)")
        }
        let vpcID = table.vpcID
        if let drop = vpnGatewayState(gateway, vpc: vpcID) { return .dropped(drop) }
        guard network.networkInterface(privateAddress: packet.source, inVPC: vpcID) != nil else {
            return .dropped(Drop(nil, component: id, code: .vpnGatewayNeedsPrivateAddressForEgress,
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
        // Also in by a transit gateway's VPN or Direct Connect attachment (`TransitGatewayOnPremises.swift`).
        if let outcome = fromOnPremisesAnyWay(packet) { return outcome }
        return fromOnPremisesByVPNGateway(packet)
    }

    /// A packet from on premises in by a virtual private gateway.
    mutating func fromOnPremisesByVPNGateway(_ packet: Packet) -> Walk.Outcome {
        let gateway: VirtualPrivateGateway
        let vpcID: String
        if leg == .return, let id = state.exit, let known = network.vpnGateway(id),
           let vpc = network.networkInterface(privateAddress: packet.destination)?.vpcID, known.attachment(to: vpc) != nil {
            (gateway, vpcID) = (known, vpc)
        } else {
            guard let receiver = network.networkInterface(privateAddress: packet.destination) else {
                return .dropped(Drop(nil, component: "on-premises", code: .vpnGatewayNeedsPrivateAddressForIngress,
                                     message: "no network interface has the address \(packet.destination), so no virtual private gateway takes it in"))
            }
            guard let found = network.ingressVPNGateway(ofVPC: receiver.vpcID) else {
                return .dropped(Drop(.vpnGatewayMissing(vpc: receiver.vpcID), code: .noVPNGateway,
                                     message: "\(receiver.vpcID)\(name(receiver.vpcID)) has no virtual private gateway, so nothing on premises reaches it"))
            }
            (gateway, vpcID) = (found, receiver.vpcID)
        }
        if let drop = vpnGatewayState(gateway, vpc: vpcID) { return .dropped(drop) }
        guard let link = network.onPremisesLink(of: gateway.id, vpcAddress: packet.destination, remote: packet.source) else {
            return .dropped(linkDrop(gateway, vpcAddress: packet.destination, remote: packet.source))
        }
        guard let receiver = network.networkInterface(privateAddress: packet.destination, inVPC: vpcID) else {
            return .dropped(Drop(nil, component: gateway.id, code: .vpnGatewayNeedsPrivateAddressForIngress,
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
            let state = gateway.attachment(to: vpcID).map { "\($0.state)" } ?? "detached"
            return Drop(.vpnGatewayAttached(gateway.id, vpc: vpcID), code: .badStateAttachment,
                        message: PacketWalker.detachedGatewayMessage(gateway.id, named: name(gateway.id), vpc: vpcID, state: state))
        }
        guard gateway.isAvailable else {
            return Drop(.vpnGatewayAvailable(gateway.id), code: .badState, message: PacketWalker.unavailableMessage(gateway, named: name(gateway.id)))
        }
        return nil
    }

    private func linkDrop(_ gateway: VirtualPrivateGateway, vpcAddress: IPAddress, remote: IPAddress) -> Drop {
        let explanation = OnPremisesExplanation(network: network, gateway: gateway.id, vpcAddress: vpcAddress, remote: remote)
        return Drop(.onPremisesLink(gateway.id), code: explanation.code, message: explanation.message(named: name(gateway.id)))
    }
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
    public var code: BlockerCode {
        let links = network.onPremisesLinks(of: gateway)
        if links.isEmpty { return .noVPNConnection }
        if links.contains(where: { !$0.isUp && $0.kind == .vpn }) { return .badStateVPN }
        if links.contains(where: { !$0.isUp }) { return .badState }
        return .noRouteToDestination
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

import NetworkModel

/// An internet gateway (route target `igw-…`), both ways, for both address families.
///
/// The rules, as AWS documents them:
/// - It must be attached to the VPC (BAD_STATE_ATTACHMENT), and the destination must be an internet address
///   (`InternetAddressSpace`: no private, shared, loopback, link-local, multicast or unique local addresses).
/// - IPv4: it maps the private address of the interface that owns the packet's source to that interface's public
///   or Elastic IP address (IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS when it has none), and on the way in maps the
///   public address back. After an appliance, a source without a public address gets no verdict: the appliance
///   may translate it (as a NAT instance does), which the snapshot does not say.
/// - IPv6: addresses are global: it carries the packet unchanged both ways, only from the VPC's own IPv6 addresses
///   (GATEWAY_REJECTS_SPOOFED_TRAFFIC).
/// - From the internet, a packet comes in by the VPC's attached internet gateway (NO_INTERNET_GATEWAY when the VPC
///   has none), through its gateway route table when it has one, else through the receiver subnet's network ACL.
///   The sender subnet's network ACL applies outbound on the way out.
extension PacketWalker {
    /// Why nothing on the internet reaches `destination` in a VPC without an internet gateway; it names the VPC's
    /// egress-only internet gateways, which let no connection in.
    public func noInternetGatewayMessage(vpc vpcID: String, destination: IPAddress) -> String {
        let egressOnly = network.egressOnlyInternetGateways.filter { $0.attachment(to: vpcID)?.isAttached == true }.map(\.id)
        let note = egressOnly.isEmpty ? ""
            : " (\(egressOnly.joined(separator: ", ")) \(egressOnly.count == 1 ? "is" : "are") egress-only: no connection from the internet can start through \(egressOnly.count == 1 ? "it" : "them"))"
        return "\(vpcID) has no internet gateway, so nothing on the internet reaches \(destination)\(note)"
    }

    /// Why a gateway that is not attached to a VPC carries nothing of it.
    public static func detachedGatewayMessage(_ gateway: String, named: String = "", vpc vpcID: String, state: String) -> String {
        "\(gateway)\(named) is not attached to \(vpcID) (attachment \(state))"
    }
}

extension Trip {
    mutating func internetGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                                  table: RouteTable) -> Walk.Outcome {
        leaveByGateway(id, egressOnly: false, packet, fromSubnet: subnetID, sender: sender, table: table)
    }

    /// Out through an internet gateway or an egress-only internet gateway (`egressOnly`, IPv6 only).
    mutating func leaveByGateway(_ id: String, egressOnly: Bool, _ packet: Packet, fromSubnet subnetID: String,
                                 sender: NetworkInterface, table: RouteTable) -> Walk.Outcome {
        let attachment = egressOnly ? network.egressOnlyInternetGateway(id)?.attachment(to: sender.vpcID)
                                    : network.internetGateway(id)?.attachment(to: sender.vpcID)
        guard let attachment, attachment.isAttached else {
            let state = attachment.map { "\($0.state)" } ?? "detached"
            return .dropped(Drop(.gatewayAttached(id, vpc: sender.vpcID), code: .badStateAttachment,
                                 message: PacketWalker.detachedGatewayMessage(id, vpc: sender.vpcID, state: state)))
        }
        if egressOnly, leg == .return {
            return .dropped(Drop(.routeTable(table.id, leg), code: .egressOnlyInboundConnection,
                                 message: PacketWalker.egressOnlyResponseMessage(table: table.id, gateway: id, missing: walker.destinationBlock(for: packet.destination))))
        }
        if !InternetAddressSpace.isRoutable(packet.destination) {
            return .dropped(Drop(.routeTable(table.id, leg), code: .noRouteToDestination,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(table.id): \(routeName(table, packet)) sends the packet to \(id), which \(InternetAddressSpace.refusal(packet.destination))"))
        }
        var outside = packet
        switch packet.family {
        case .ipv4:
            // The gateway maps the private address of whichever interface owns it (an appliance forwards others').
            let source = network.networkInterface(privateAddress: packet.source, inVPC: sender.vpcID) ?? sender
            guard let publicAddress = source.publicAddress(for: packet.source) else {
                if let unknown = applianceMayTranslate(packet, gateway: id) { return unknown }
                return .dropped(Drop(.publicAddress(interface: source.id, packet.source), code: .internetGatewayNeedsPublicAddressForEgress,
                                     message: "\(source.id)\(owner(source)) has no public IPv4 address for \(packet.source), so \(id) cannot carry its traffic to the internet"))
            }
            outside.source = publicAddress
        case .ipv6:
            guard network.vpc(sender.vpcID)?.contains(packet.source) == true else {
                return .dropped(Drop(nil, component: id, code: .gatewayRejectsSpoofedTraffic,
                                     message: "\(id) carries only the IPv6 addresses of \(sender.vpcID), and \(packet.source) is not one of them"))
            }
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        switch (packet.family, egressOnly) {
        case (.ipv4, _):
            hops.append(Hop(component: id, kind: .internetGateway, detail: "translates source \(packet.source) → \(outside.source)"))
        case (.ipv6, false):
            hops.append(Hop(component: id, kind: .internetGateway, detail: "carries IPv6 \(packet.source) out unchanged"))
        case (.ipv6, true):
            if leg == .forward { state.exit = id }
            hops.append(Hop(component: id, kind: .internetGateway,
                            detail: "egress-only: carries \(packet.source) out unchanged; only responses come back in"))
        }
        return fromInternet(outside)
    }

    /// A packet on the internet: delivered to an internet host, or through an internet gateway to the interface
    /// that owns its destination address (IPv4: a public address, mapped to the private one; IPv6: the address itself).
    mutating func fromInternet(_ packet: Packet) -> Walk.Outcome {
        crossed = [] // coming in from the internet is a new pass through the VPC's appliances
        let receiver = packet.family == .ipv4 ? network.networkInterface(publicAddress: packet.destination)
                                              : network.networkInterface(privateAddress: packet.destination)
        guard let receiver else {
            if let reason = InternetAddressSpace.reasonNotRoutable(packet.destination) {
                return .dropped(Drop(nil, component: "internet", code: .noPossibleDestination,
                                     message: "the internet does not carry packets to \(packet.destination) (\(reason))"))
            }
            if packet.family == .ipv6, let vpc = network.vpcs.first(where: { $0.contains(packet.destination) }) {
                return .dropped(Drop(nil, component: "internet", code: .noPossibleDestination,
                                     message: "no network interface in \(vpc.id) has the address \(packet.destination)"))
            }
            hops.append(Hop(component: "internet", kind: .internet, detail: "delivered to internet host \(packet.destination)"))
            return .delivered(.internet, packet)
        }
        var inside = packet
        if packet.family == .ipv4 {
            guard let privateAddress = receiver.addresses.first(where: { $0.publicAddress == packet.destination })?.address else {
                return .unsupported("no private address maps to \(packet.destination)")
            }
            inside.destination = privateAddress
        } else if let outcome = responseByEgressOnlyGateway(packet, to: receiver) {
            return outcome
        }
        let gateways = network.internetGatewaysForIngress(of: receiver.vpcID)
        guard let gateway = gateways.first(where: { $0.attachment(to: receiver.vpcID)?.isAttached == true }) else {
            if let gateway = gateways.first {
                let state = gateway.attachment(to: receiver.vpcID).map { "\($0.state)" } ?? "detached"
                return .dropped(Drop(.gatewayAttached(gateway.id, vpc: receiver.vpcID), code: .badStateAttachment,
                                     message: PacketWalker.detachedGatewayMessage(gateway.id, vpc: receiver.vpcID, state: state)))
            }
            return .dropped(Drop(.gatewayMissing(vpc: receiver.vpcID), code: .noInternetGateway,
                                 message: walker.noInternetGatewayMessage(vpc: receiver.vpcID, destination: packet.destination)))
        }
        let detail = packet.family == .ipv4 ? "translates destination \(packet.destination) → \(inside.destination)"
                                            : "carries IPv6 \(packet.destination) in unchanged"
        hops.append(Hop(component: gateway.id, kind: .internetGateway, detail: detail))
        if let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: receiver.vpcID) {
            return routeIngress(inside, gateway: gateway.id, table: table, vpc: receiver.vpcID)
        }
        if let drop = crossACL(inside, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(inside, to: receiver, locally: true)
    }
}

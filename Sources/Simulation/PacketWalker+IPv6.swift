import NetworkModel

/// The hops of an IPv6 packet between a VPC and the internet.
///
/// The rules, as AWS documents them:
/// - IPv6 addresses are global: an internet gateway carries IPv6 traffic both ways unchanged (no public address,
///   no translation). It must be attached to the VPC, the destination must be an internet address (global
///   unicast), and the source must be one of the VPC's own IPv6 addresses.
/// - An egress-only internet gateway (route target `eigw-…`) carries IPv6 traffic out of its VPC, under the same
///   conditions, and lets in only the responses of the connections it carried out: nothing on the internet can
///   start a connection through it. It carries no IPv4.
/// - A response that its route table sends to an egress-only internet gateway (the request came in from the
///   internet by an internet gateway) is dropped: the gateway is stateful and carries out only connections started
///   inside the VPC, as a NAT gateway does (asymmetric routing through a stateful gateway; a judgement, since AWS
///   documents only that nothing on the internet can start a connection through it).
/// - From the internet, a packet to an address of an interface comes in by the VPC's attached internet gateway
///   (through its gateway route table, if it has one); a response to a connection that left by an egress-only
///   internet gateway comes in by that gateway.
/// - NAT gateways translate IPv4 only; NAT64 (an IPv6 route to a NAT gateway, for 64:ff9b::/96) is not modelled.
extension Trip {
    /// Out through an internet gateway or an egress-only internet gateway (`egressOnly`), which carries the packet
    /// unchanged.
    mutating func internetGatewayIPv6(_ id: String, egressOnly: Bool, _ packet: Packet, fromSubnet subnetID: String,
                                      sender: NetworkInterface, table: RouteTable, routeName: String) -> Walk.Outcome {
        let attachment = egressOnly ? network.egressOnlyInternetGateway(id)?.attachment(to: sender.vpcID)
                                    : network.internetGateway(id)?.attachment(to: sender.vpcID)
        guard let attachment, attachment.isAttached else {
            let state = attachment?.state ?? .detached
            return .dropped(Drop(.gatewayAttached(id, vpc: sender.vpcID), code: "BAD_STATE_ATTACHMENT",
                                 message: "\(id) is not attached to \(sender.vpcID) (attachment \(state))"))
        }
        let missing = walker.destinationBlock(for: packet.destination)
        if egressOnly, leg == .return {
            return .dropped(Drop(.routeTable(table.id, leg), code: "EGRESS_ONLY_INBOUND_CONNECTION",
                                 message: PacketWalker.egressOnlyResponseMessage(table: table.id, gateway: id, missing: missing)))
        }
        if !InternetAddressSpace.isRoutable(packet.destination) {
            return .dropped(Drop(.routeTable(table.id, leg), code: "NO_ROUTE_TO_DESTINATION",
                                 message: "no route to \(missing) in \(table.id): \(routeName) sends the packet to \(id), which \(InternetAddressSpace.refusal(packet.destination))"))
        }
        guard network.vpc(sender.vpcID)?.contains(packet.source) == true else {
            return .dropped(Drop(nil, component: id, code: "GATEWAY_REJECTS_SPOOFED_TRAFFIC",
                                 message: "\(id) carries only the IPv6 addresses of \(sender.vpcID), and \(packet.source) is not one of them"))
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        if egressOnly {
            if leg == .forward { state.exit = id }
            hops.append(Hop(component: id, kind: .internetGateway,
                            detail: "egress-only: carries \(packet.source) out unchanged; only responses come back in"))
        } else {
            hops.append(Hop(component: id, kind: .internetGateway, detail: "carries IPv6 \(packet.source) out unchanged"))
        }
        return fromInternet(packet)
    }

    /// An IPv6 packet on the internet: delivered to an internet host, or into the VPC that has its destination.
    mutating func fromInternetIPv6(_ packet: Packet) -> Walk.Outcome {
        guard let receiver = network.networkInterface(privateAddress: packet.destination) else {
            if let reason = InternetAddressSpace.reasonNotRoutable(packet.destination) {
                return .dropped(Drop(nil, component: "internet", code: "NO_POSSIBLE_DESTINATION",
                                     message: "the internet does not carry packets to \(packet.destination) (\(reason))"))
            }
            if let vpc = network.vpcs.first(where: { $0.contains(packet.destination) }) {
                return .dropped(Drop(nil, component: "internet", code: "NO_POSSIBLE_DESTINATION",
                                     message: "no network interface in \(vpc.id) has the address \(packet.destination)"))
            }
            hops.append(Hop(component: "internet", kind: .internet, detail: "delivered to internet host \(packet.destination)"))
            return .delivered(.internet, packet)
        }
        // The response of a connection that left by an egress-only internet gateway comes back in by it.
        if leg == .return, let id = state.exit, let gateway = network.egressOnlyInternetGateway(id),
           gateway.attachment(to: receiver.vpcID)?.isAttached == true {
            hops.append(Hop(component: id, kind: .internetGateway, detail: "egress-only: lets in the response to \(packet.destination)"))
            if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
            return deliver(packet, to: receiver)
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
        hops.append(Hop(component: gateway.id, kind: .internetGateway, detail: "carries IPv6 \(packet.destination) in unchanged"))
        if let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: receiver.vpcID) {
            return routeIngress(packet, gateway: gateway.id, table: table, vpc: receiver.vpcID)
        }
        if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }
}

extension PacketWalker {
    /// Why a response routed to an egress-only internet gateway is dropped.
    public static func egressOnlyResponseMessage(table: String, gateway: String, missing: IPPrefix) -> String {
        "no route for the response to \(missing) in \(table): it goes to \(gateway), which is egress-only: it carries out only connections started inside the VPC, so nothing on the internet can start one with this subnet"
    }

    /// Why nothing on the internet reaches `destination` in a VPC without an internet gateway; it names the VPC's
    /// egress-only internet gateways, which let no connection in.
    public func noInternetGatewayMessage(vpc vpcID: String, destination: IPAddress) -> String {
        let egressOnly = network.egressOnlyInternetGateways.filter { $0.attachment(to: vpcID)?.isAttached == true }.map(\.id)
        let note = egressOnly.isEmpty ? ""
            : " (\(egressOnly.joined(separator: ", ")) \(egressOnly.count == 1 ? "is" : "are") egress-only: no connection from the internet can start through \(egressOnly.count == 1 ? "it" : "them"))"
        return "\(vpcID) has no internet gateway, so nothing on the internet reaches \(destination)\(note)"
    }
}

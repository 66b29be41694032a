import NetworkModel

/// An egress-only internet gateway (route target `eigw-…`): IPv6 only.
///
/// The rules, as AWS documents them:
/// - It carries IPv6 traffic out of its VPC under the internet gateway's conditions (attached, an internet
///   destination, a source among the VPC's own addresses; `InternetGateway.swift`), and lets in only the responses
///   of the connections it carried out: nothing on the internet can start a connection through it. It carries no
///   IPv4 (a route that sends IPv4 to one gets no verdict).
/// - A response that its route table sends to an egress-only internet gateway (the request came in from the
///   internet by an internet gateway) is dropped: the gateway is stateful and carries out only connections started
///   inside the VPC, as a NAT gateway does (asymmetric routing through a stateful gateway; a judgement, since AWS
///   documents only that nothing on the internet can start a connection through it).
extension PacketWalker {
    /// Why a response routed to an egress-only internet gateway is dropped.
    public static func egressOnlyResponseMessage(table: String, gateway: String, missing: IPPrefix) -> String {
        "no route for the response to \(missing) in \(table): it goes to \(gateway), which is egress-only: it carries out only connections started inside the VPC, so nothing on the internet can start one with this subnet"
    }
}

extension Trip {
    mutating func egressOnlyInternetGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                                            table: RouteTable) -> Walk.Outcome {
        guard packet.family == .ipv6 else {
            return .unsupported("\(table.id) sends an IPv4 packet to the egress-only internet gateway \(id), which carries IPv6 only")
        }
        return leaveByGateway(id, egressOnly: true, packet, fromSubnet: subnetID, sender: sender, table: table)
    }

    /// The response of a connection that left by an egress-only internet gateway comes back in by it. nil when the
    /// packet is no such response.
    mutating func responseByEgressOnlyGateway(_ packet: Packet, to receiver: NetworkInterface) -> Walk.Outcome? {
        guard leg == .return, let id = state.exit, let gateway = network.egressOnlyInternetGateway(id),
              gateway.attachment(to: receiver.vpcID)?.isAttached == true else { return nil }
        hops.append(Hop(component: id, kind: .internetGateway, detail: "egress-only: lets in the response to \(packet.destination)"))
        if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }
}

import NetworkModel

extension SnapshotBuilder {
    /// `describe-vpn-gateways`: `{"VpnGateways": [{"VpnGatewayId", "State", "Type", "VpcAttachments": [{"VpcId", "State"}],
    /// "AmazonSideAsn", "Tags"}]}`.
    mutating func readVPNGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("VpnGatewayId")
            var attachments: [VirtualPrivateGateway.Attachment] = []
            for attachment in try item.array("VpcAttachments") {
                attachments.append(.init(vpcID: try attachment.string("VpcId"), state: AttachmentState(rawValue: try attachment.string("State"))))
            }
            let gateway = VirtualPrivateGateway(
                id: id, state: VPNState(rawValue: try item.string("State")), type: try item.optionalString("Type") ?? "ipsec.1",
                attachments: attachments,
                amazonSideASN: try item.optionalInteger("AmazonSideAsn", in: 1...4_294_967_294, what: "an ASN"), tags: try item.tags())
            edgeParts.vpnGateways.add(gateway, id: id) { first, other in
                for attachment in other.attachments where first.attachment(to: attachment.vpcID) == nil { first.attachments.append(attachment) }
            }
        }
    }

    /// `describe-vpn-connections`: `{"VpnConnections": [{"VpnConnectionId", "State", "CustomerGatewayId", "VpnGatewayId",
    /// "TransitGatewayId", "Options": {"StaticRoutesOnly"}, "Routes": [{"DestinationCidrBlock", "State"}],
    /// "VgwTelemetry": [{"OutsideIpAddress", "Status", "StatusMessage"}], "Tags"}]}`. `CustomerGatewayConfiguration`
    /// (which holds the tunnels' pre-shared keys) is not read. A static route's `DestinationCidrBlock` may be of either
    /// family (a VPN connection with IPv6 inside its tunnels prints IPv6 routes under the same key).
    mutating func readVPNConnections(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("VpnConnectionId")
            var routes: [VPNConnection.StaticRoute] = []
            for route in try item.array("Routes") {
                routes.append(.init(prefix: try route.prefix("DestinationCidrBlock", nil),
                                    state: try route.optionalString("State").map(VPNState.init) ?? .available))
            }
            var tunnels: [VPNConnection.Tunnel] = []
            for tunnel in try item.array("VgwTelemetry") {
                tunnels.append(.init(outsideAddress: try tunnel.optionalString("OutsideIpAddress"),
                                     status: TelemetryStatus(rawValue: try tunnel.string("Status")),
                                     statusMessage: try tunnel.optionalString("StatusMessage")))
            }
            let connection = VPNConnection(
                id: id, state: VPNState(rawValue: try item.string("State")), customerGatewayID: try item.optionalString("CustomerGatewayId"),
                vpnGatewayID: try item.optionalString("VpnGatewayId"), transitGatewayID: try item.optionalString("TransitGatewayId"),
                staticRoutesOnly: try item.optionalObject("Options")?.bool("StaticRoutesOnly", default: false) ?? false,
                routes: routes, tunnels: tunnels, tags: try item.tags())
            edgeParts.vpnConnections.add(connection, id: id) { _, _ in }
        }
    }

    /// `describe-customer-gateways`: `{"CustomerGateways": [{"CustomerGatewayId", "State", "Type", "IpAddress", "BgpAsn",
    /// "Tags"}]}`.
    mutating func readCustomerGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("CustomerGatewayId")
            let gateway = CustomerGateway(id: id, state: VPNState(rawValue: try item.string("State")),
                                          ipAddress: try item.optionalString("IpAddress"), bgpASN: try item.optionalString("BgpAsn"),
                                          tags: try item.tags())
            edgeParts.customerGateways.add(gateway, id: id) { _, _ in }
        }
    }
}

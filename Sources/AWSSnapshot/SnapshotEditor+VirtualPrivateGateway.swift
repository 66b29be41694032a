import NetworkModel

/// `attach-vpn-gateway` on a snapshot (the attachment, and the gateway's blackhole routes in that VPC active again)
/// and `create-vpn-connection-route` (a static route of the connection).
extension SnapshotEditor {
    mutating func attachVPNGateway(_ id: String, to vpcID: String) throws(SnapshotEditError) {
        guard network.vpc(vpcID) != nil else { throw SnapshotEditError("attach-vpn-gateway: no VPC \(vpcID) in the snapshot") }
        let places = find("VpnGateways", "VpnGatewayId", id)
        guard !places.isEmpty else { throw SnapshotEditError("attach-vpn-gateway: no virtual private gateway \(id) in the snapshot") }
        try attach(id, to: vpcID, at: places, call: "attach-vpn-gateway", resources: "VpnGateways", list: "VpcAttachments",
                   attachment: .object(["VpcId": .string(vpcID), "State": .string("attached")]), state: "attached",
                   attachedStates: ["attached"])
        // AWS shows the routes to an attached gateway as active again.
        try reviveBlackholeRoutes("GatewayId", id, inVPCs: [vpcID])
    }

    mutating func createVPNConnectionRoute(_ id: String, _ block: IPPrefix) throws(SnapshotEditError) {
        let places = find("VpnConnections", "VpnConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("create-vpn-connection-route: no VPN connection \(id) in the snapshot") }
        let route = JSONValue.object(["DestinationCidrBlock": .string(block.description), "Source": .string("static"),
                                      "State": .string("available")])
        for place in places {
            try edit(place, "VpnConnections") { (document, item) throws(SnapshotEditError) in
                if let routes = item.member("Routes") {
                    if routes.elements.contains(where: { $0.member("DestinationCidrBlock")?.string.flatMap(IPPrefix.init) == block }) {
                        throw SnapshotEditError("create-vpn-connection-route: \(id) has a route to \(block) already")
                    }
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(route, to: routes) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Routes", .array([route]), in: item) }
                }
            }
        }
    }
}

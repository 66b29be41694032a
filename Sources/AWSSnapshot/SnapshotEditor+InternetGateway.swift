import NetworkModel

/// create-internet-gateway and attach-internet-gateway on a snapshot.
extension SnapshotEditor {
    /// A gateway created and not attached yet is written when it is attached (or, never attached, when the
    /// snapshot is written).
    mutating func createGateway(_ id: String) {
        pendingGateways[id] = [("Attachments", .array([])), ("InternetGatewayId", .string(id)), ("Tags", .array([]))]
        pendingGatewayOrder.append(id)
    }

    mutating func attachGateway(_ id: String, to vpcID: String) throws(SnapshotEditError) {
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("attach-internet-gateway: no VPC \(vpcID) in the snapshot") }
        let attachment = JSONValue.object(["State": .string("available"), "VpcId": .string(vpcID)])
        if var gateway = pendingGateways.removeValue(forKey: id) {
            gateway = gateway.map { $0.0 == "Attachments" ? ($0.0, .array([attachment])) : $0 }
            if let owner = vpc.ownerID { gateway.insert(("OwnerId", .string(owner)), at: gateway.count - 1) }
            try add(.object(JSONObject(gateway)), key: "InternetGateways", folder: folder(ofVPC: vpcID), fileName: "describe-internet-gateways.json")
            return
        }
        let places = find("InternetGateways", "InternetGatewayId", id)
        guard !places.isEmpty else { throw SnapshotEditError("attach-internet-gateway: no internet gateway \(id) in the snapshot") }
        try attach(id, to: vpcID, at: places, call: "attach-internet-gateway", resources: "InternetGateways", list: "Attachments",
                   attachment: attachment, state: "available",
                   attachedStates: ["available", "attached"])
        // AWS shows the routes to an attached gateway as active again.
        try reviveBlackholeRoutes("GatewayId", id, inVPCs: [vpcID])
    }

    /// Records a gateway's attachment to a VPC in each of its descriptions: the VPC's attachment in `list` gets
    /// `state`, or `attachment` is added. A gateway attached to another VPC (an attachment in one of
    /// `attachedStates`) is refused, as AWS refuses it.
    mutating func attach(_ id: String, to vpcID: String, at places: [Place], call: String, resources: String, list: String,
                         attachment: JSONValue, state: String, attachedStates: Set<String>) throws(SnapshotEditError) {
        for place in places {
            try edit(place, resources) { (document, item) throws(SnapshotEditError) in
                let attachments = item.member(list)
                if let elsewhere = attachments?.elements.first(where: { $0.member("VpcId")?.string != vpcID
                                                                         && attachedStates.contains($0.member("State")?.string ?? "") }) {
                    throw SnapshotEditError("\(call): \(id) is attached to \(elsewhere.member("VpcId")?.string ?? "another VPC") already")
                }
                if let current = attachments?.elements.first(where: { $0.member("VpcId")?.string == vpcID }) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("State", .string(state), in: current) }
                } else if let attachments {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(attachment, to: attachments) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set(list, .array([attachment]), in: item) }
                }
            }
        }
    }
}

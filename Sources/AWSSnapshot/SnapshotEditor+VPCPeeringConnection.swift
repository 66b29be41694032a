import NetworkModel

/// create-vpc-peering-connection, accept-vpc-peering-connection and modify-vpc-peering-connection-options on a snapshot.
extension SnapshotEditor {
    /// A VPC as a peering connection's side records it.
    func peeringSide(_ vpcID: String, owner: String?, region: String?) throws(SnapshotEditError) -> JSONValue {
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("no VPC \(vpcID) in the snapshot") }
        var members: [(String, JSONValue)] = []
        let ipv4 = vpc.cidrBlocks.filter { $0.family == .ipv4 }
        let ipv6 = vpc.cidrBlocks.filter { $0.family == .ipv6 }
        if let primary = ipv4.first { members.append(("CidrBlock", .string(primary.description))) }
        if !ipv6.isEmpty { members.append(("Ipv6CidrBlockSet", .array(ipv6.map { .object(["Ipv6CidrBlock": .string($0.description)]) }))) }
        members.append(("CidrBlockSet", .array(ipv4.map { .object(["CidrBlock": .string($0.description)]) })))
        if let owner = owner ?? vpc.ownerID { members.append(("OwnerId", .string(owner))) }
        members.append(("VpcId", .string(vpcID)))
        if let region = region ?? vpc.region { members.append(("Region", .string(region))) }
        return .object(JSONObject(members))
    }

    mutating func createPeering(_ id: String, requester: String, accepter: String, accepterRegion: String?,
                                accepterOwner: String?) throws(SnapshotEditError) {
        let accepterOwner = accepterOwner ?? network.vpc(accepter)?.ownerID
        let connection = JSONValue.object([
            "AccepterVpcInfo": try peeringSide(accepter, owner: accepterOwner, region: accepterRegion),
            "RequesterVpcInfo": try peeringSide(requester, owner: nil, region: nil),
            "Status": .object(["Code": .string("pending-acceptance"), "Message": .string("Pending Acceptance by \(accepterOwner ?? accepter)")]),
            "Tags": .array([]),
            "VpcPeeringConnectionId": .string(id),
        ])
        var folders: [String] = []
        for vpc in [requester, accepter] where !folders.contains(folder(ofVPC: vpc)) { folders.append(folder(ofVPC: vpc)) }
        for folder in folders {
            try add(connection, key: "VpcPeeringConnections", folder: folder, fileName: "describe-vpc-peering-connections.json")
        }
    }

    mutating func acceptPeering(_ id: String) throws(SnapshotEditError) {
        let places = find("VpcPeeringConnections", "VpcPeeringConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("accept-vpc-peering-connection: no peering connection \(id) in the snapshot") }
        for place in places {
            try edit(place, "VpcPeeringConnections") { (document, item) throws(SnapshotEditError) in
                let status = item.member("Status")?.member("Code")?.string ?? "unknown"
                guard status == "pending-acceptance" else {
                    throw SnapshotEditError("accept-vpc-peering-connection: \(id) is \(status), not pending-acceptance")
                }
                let active = JSONValue.object(["Code": .string("active"), "Message": .string("Active")])
                try Self.splice { () throws(JSONSyntaxError) in try document.set("Status", active, in: item) }
            }
        }
        // AWS shows the routes to an accepted peering connection as active again.
        if let connection = network.peeringConnection(id) {
            try reviveBlackholeRoutes("VpcPeeringConnectionId", id, inVPCs: [connection.requester.vpcID, connection.accepter.vpcID])
        }
    }

    /// `modify-vpc-peering-connection-options`: sets one side's `PeeringOptions.AllowDnsResolutionFromRemoteVpc` in
    /// every copy of the connection (AWS refuses it unless the connection is active).
    mutating func modifyPeeringDNSResolution(_ id: String, side: VPCPeeringConnection.SideName, allow: Bool) throws(SnapshotEditError) {
        let places = find("VpcPeeringConnections", "VpcPeeringConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("modify-vpc-peering-connection-options: no peering connection \(id) in the snapshot") }
        let sideKey = side == .requester ? "RequesterVpcInfo" : "AccepterVpcInfo"
        for place in places {
            try edit(place, "VpcPeeringConnections") { (document, item) throws(SnapshotEditError) in
                let status = item.member("Status")?.member("Code")?.string ?? "unknown"
                guard status == "active" else {
                    throw SnapshotEditError("modify-vpc-peering-connection-options: \(id) is \(status), not active")
                }
                guard let info = item.member(sideKey) else {
                    throw SnapshotEditError("modify-vpc-peering-connection-options: \(id) has no \(sideKey)")
                }
                try Self.splice { () throws(JSONSyntaxError) in
                    if let options = info.member("PeeringOptions") {
                        try document.set("AllowDnsResolutionFromRemoteVpc", .bool(allow), in: options)
                    } else {
                        try document.set("PeeringOptions", .object(["AllowDnsResolutionFromRemoteVpc": .bool(allow)]), in: info)
                    }
                }
            }
        }
    }
}

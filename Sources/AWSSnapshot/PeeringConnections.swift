import NetworkModel

extension SnapshotBuilder {
    /// `describe-vpc-peering-connections`: `{"VpcPeeringConnections": [{"VpcPeeringConnectionId", "Status": {"Code",
    /// "Message"}, "RequesterVpcInfo", "AccepterVpcInfo", "Tags"}]}`; each side has `VpcId`, `OwnerId`, `Region`,
    /// `CidrBlock`, `CidrBlockSet` and `Ipv6CidrBlockSet` (its blocks: the IPv4 ones, then the IPv6 ones), and
    /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc`.
    ///
    /// A connection appears in the dumps of both its regions (and both accounts); the copies are merged, each side
    /// taking its region, owner and CIDR blocks from whichever copy records them.
    mutating func readPeeringConnections(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("VpcPeeringConnectionId")
            let status = try item.requiredObject("Status")
            let connection = VPCPeeringConnection(
                id: id, requester: try readSide(item.requiredObject("RequesterVpcInfo")),
                accepter: try readSide(item.requiredObject("AccepterVpcInfo")),
                status: PeeringConnectionStatus(rawValue: try status.string("Code")), statusMessage: try status.optionalString("Message"),
                tags: try item.tags())
            try checkSameDescription(connection, id: id, in: peeringConnections, at: item, what: "status, VPCs or CIDR blocks") {
                $0.sameState(as: $1)
            }
            peeringConnections.add(connection, id: id) { $0.absorb($1) }
        }
    }

    private func readSide(_ node: JSONNode) throws(SnapshotError) -> VPCPeeringConnection.Side {
        var blocks: [IPPrefix] = []
        if let primary = try node.optionalPrefix("CidrBlock", .ipv4) { blocks.append(primary) }
        for entry in try node.array("CidrBlockSet") { blocks.appendMissing([try entry.prefix("CidrBlock", .ipv4)]) }
        for entry in try node.array("Ipv6CidrBlockSet") { blocks.appendMissing([try entry.prefix("Ipv6CidrBlock", .ipv6)]) }
        var side = VPCPeeringConnection.Side(vpcID: try node.string("VpcId"), ownerID: try node.optionalString("OwnerId"),
                                             region: try node.optionalString("Region"), cidrBlocks: blocks)
        if let option = try node.optionalObject("PeeringOptions")?.member("AllowDnsResolutionFromRemoteVpc") {
            side.allowDnsResolutionFromRemoteVpc = try option.bool()
        }
        return side
    }
}

extension VPCPeeringConnection {
    /// Folds in another copy of the same connection: each side's missing facts are filled from it.
    mutating func absorb(_ other: VPCPeeringConnection) {
        requester.absorb(other.requester)
        accepter.absorb(other.accepter)
        statusMessage = statusMessage ?? other.statusMessage
        if tags.pairs.isEmpty { tags = other.tags }
    }
}

extension VPCPeeringConnection.Side {
    mutating func absorb(_ other: VPCPeeringConnection.Side) {
        guard other.vpcID == vpcID else { return }
        ownerID = ownerID ?? other.ownerID
        region = region ?? other.region
        if cidrBlocks.isEmpty { cidrBlocks = other.cidrBlocks }
        allowDnsResolutionFromRemoteVpc = allowDnsResolutionFromRemoteVpc ?? other.allowDnsResolutionFromRemoteVpc
    }
}

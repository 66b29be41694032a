import NetworkModel

extension SnapshotBuilder {
    /// `describe-vpcs`: `{"Vpcs": [{"VpcId", "CidrBlock", "CidrBlockAssociationSet", "IsDefault", "OwnerId", "Tags"}]}`.
    ///
    /// The CIDR blocks are the primary `CidrBlock` and every `CidrBlockAssociationSet` entry whose
    /// `CidrBlockState.State` is `associated` (or absent). IPv6 blocks are skipped with a warning. The region comes
    /// from the file's folders (or later from the subnets); the owner from `OwnerId`, else an `accounts/<id>/` folder.
    mutating func readVPCs(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("VpcId")
            var blocks: [IPPrefix] = []
            if let primary = try item.optionalPrefix("CidrBlock") { blocks.append(primary) }
            for association in try item.array("CidrBlockAssociationSet") {
                let block = try association.prefix("CidrBlock")
                guard try isAssociated(association, stateKey: "CidrBlockState") else { continue }
                blocks.appendMissing([block])
            }
            let ipv6 = try item.array("Ipv6CidrBlockAssociationSet")
            skippedIPv6("VPC CIDR blocks", count: ipv6.count, in: file)
            let vpc = VPC(id: id, cidrBlocks: blocks, ownerID: try item.optionalString("OwnerId") ?? file.account,
                          region: file.region, isDefault: try item.bool("IsDefault", default: false), tags: try item.tags())
            vpcs.add(vpc, id: id) { $0.absorb($1) }
            if vpcSources[id] == nil { vpcSources[id] = file }
        }
    }

    /// Whether an association entry is in effect: its `<stateKey>.State` is `associated`, or there is none.
    func isAssociated(_ association: JSONNode, stateKey: String) throws(SnapshotError) -> Bool {
        guard let state = try association.optionalObject(stateKey)?.optionalString("State") else { return true }
        return state == "associated"
    }
}

extension VPC {
    /// Folds in another copy of the same VPC (from another dump): CIDR blocks united, missing facts filled.
    mutating func absorb(_ other: VPC) {
        cidrBlocks.appendMissing(other.cidrBlocks)
        ownerID = ownerID ?? other.ownerID
        region = region ?? other.region
        isDefault = isDefault || other.isDefault
        if tags.pairs.isEmpty { tags = other.tags }
    }
}

import NetworkModel

extension SnapshotBuilder {
    /// `describe-vpcs`: `{"Vpcs": [{"VpcId", "CidrBlock", "CidrBlockAssociationSet", "Ipv6CidrBlockAssociationSet",
    /// "IsDefault", "OwnerId", "Tags"}]}`.
    ///
    /// The CIDR blocks are the primary `CidrBlock` and every `CidrBlockAssociationSet` entry whose
    /// `CidrBlockState.State` is `associated` (or absent), then every `Ipv6CidrBlockAssociationSet` entry's
    /// `Ipv6CidrBlock` whose `Ipv6CidrBlockState.State` is `associated` (or absent). The region comes from the file's
    /// folders (or later from the subnets); the owner from `OwnerId`, else an `accounts/<id>/` folder.
    mutating func readVPCs(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("VpcId")
            var blocks: [IPPrefix] = []
            if let primary = try item.optionalPrefix("CidrBlock", .ipv4) { blocks.append(primary) }
            for association in try item.array("CidrBlockAssociationSet") {
                let block = try association.prefix("CidrBlock", .ipv4)
                guard try isAssociated(association, stateKey: "CidrBlockState") else { continue }
                blocks.appendMissing([block])
            }
            blocks.appendMissing(try ipv6Blocks(item))
            let vpc = VPC(id: id, cidrBlocks: blocks, ownerID: try item.optionalString("OwnerId") ?? file.account,
                          region: file.region, isDefault: try item.bool("IsDefault", default: false), tags: try item.tags())
            try checkSameDescription(vpc, id: id, in: vpcs, at: item, what: "CIDR blocks") { $0.sameBlocks(as: $1) }
            vpcs.add(vpc, id: id) { $0.absorb($1) }
            if vpcSources[id] == nil { vpcSources[id] = file }
        }
    }

    /// The associated IPv6 blocks of a VPC or subnet: `Ipv6CidrBlockAssociationSet[].Ipv6CidrBlock` whose
    /// `Ipv6CidrBlockState.State` is `associated` (or absent). An entry in another state (`associating`,
    /// `disassociated`, `failed`) may lack its block and is passed over.
    func ipv6Blocks(_ item: JSONNode) throws(SnapshotError) -> [IPPrefix] {
        var blocks: [IPPrefix] = []
        for association in try item.array("Ipv6CidrBlockAssociationSet") {
            let block = try association.optionalPrefix("Ipv6CidrBlock", .ipv6)
            guard try isAssociated(association, stateKey: "Ipv6CidrBlockState") else { continue }
            guard let block else {
                throw SnapshotError(file: association.file, jsonPath: association.path.appending(.key("Ipv6CidrBlock")).description,
                                    message: "missing (expected an IPv6 CIDR block)")
            }
            blocks.appendMissing([block])
        }
        return blocks
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
        cidrBlocks.orderByFamily()
        ownerID = ownerID ?? other.ownerID
        region = region ?? other.region
        isDefault = isDefault || other.isDefault
        if tags.pairs.isEmpty { tags = other.tags }
    }
}

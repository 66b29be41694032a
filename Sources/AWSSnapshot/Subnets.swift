import NetworkModel

extension SnapshotBuilder {
    /// `describe-subnets`: `{"Subnets": [{"SubnetId", "VpcId", "CidrBlock", "Ipv6CidrBlockAssociationSet",
    /// "Ipv6Native", "AvailabilityZone", "Tags"}]}`.
    ///
    /// The CIDR blocks are `CidrBlock` (IPv4), then the associated IPv6 blocks (see `ipv6Blocks(_:)`). An IPv6-only
    /// subnet (`Ipv6Native: true`) has no `CidrBlock`; a subnet with neither is an error.
    mutating func readSubnets(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("SubnetId")
            let vpcID = try item.string("VpcId")
            let ipv6 = try ipv6Blocks(item)
            var blocks: [IPPrefix] = []
            if ipv6.isEmpty {
                blocks.append(try item.prefix("CidrBlock", .ipv4))
            } else if let block = try item.optionalPrefix("CidrBlock", .ipv4) {
                blocks.append(block)
            }
            blocks.appendMissing(ipv6)
            let subnet = Subnet(id: id, vpcID: vpcID, cidrBlocks: blocks,
                                availabilityZone: try item.optionalString("AvailabilityZone"), tags: try item.tags())
            try checkSameDescription(subnet, id: id, in: subnets, at: item, what: "VPC, CIDR blocks or availability zone") { $0.samePlace(as: $1) }
            subnets.add(subnet, id: id) { first, other in
                first.cidrBlocks.appendMissing(other.cidrBlocks)
                first.cidrBlocks.orderByFamily()
                first.availabilityZone = first.availabilityZone ?? other.availabilityZone
                if first.tags.pairs.isEmpty { first.tags = other.tags }
            }
            if subnetSources[id] == nil { subnetSources[id] = file }
        }
    }
}

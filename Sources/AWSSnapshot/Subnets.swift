import NetworkModel

extension SnapshotBuilder {
    /// `describe-subnets`: `{"Subnets": [{"SubnetId", "VpcId", "CidrBlock", "AvailabilityZone", "Tags"}]}`.
    ///
    /// IPv6 blocks are skipped with a warning; an IPv6-only subnet (no `CidrBlock`) is skipped entirely.
    mutating func readSubnets(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("SubnetId")
            let vpcID = try item.string("VpcId")
            let ipv6 = try item.array("Ipv6CidrBlockAssociationSet")
            guard try item.member("CidrBlock") != nil || ipv6.isEmpty else {
                warnings.add("IPv6-only subnets", file: file.path, detail: id) { "\($0) skipped; IPv4 only for now" }
                continue
            }
            skippedIPv6("subnet CIDR blocks", count: ipv6.count, in: file)
            let subnet = Subnet(id: id, vpcID: vpcID, cidrBlocks: [try item.prefix("CidrBlock")],
                                availabilityZone: try item.optionalString("AvailabilityZone"), tags: try item.tags())
            subnets.add(subnet, id: id) { first, other in
                first.availabilityZone = first.availabilityZone ?? other.availabilityZone
                if first.tags.pairs.isEmpty { first.tags = other.tags }
            }
            if subnetSources[id] == nil { subnetSources[id] = file }
        }
    }
}

import NetworkModel

extension SnapshotBuilder {
    /// `describe-network-acls`: `{"NetworkAcls": [{"NetworkAclId", "VpcId", "IsDefault", "Associations": [{"SubnetId"}],
    /// "Entries", "Tags"}]}`; each entry has `RuleNumber`, `Egress`, `RuleAction` (`allow`/`deny`), `Protocol`
    /// (`-1` or a number), `CidrBlock`, `PortRange` (`From`, `To`) and `IcmpTypeCode` (`Type`, `Code`, -1 = any).
    /// IPv6 entries (`Ipv6CidrBlock`) are skipped with a warning.
    mutating func readNetworkACLs(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("NetworkAclId")
            var subnetIDs: [String] = []
            for association in try item.array("Associations") { subnetIDs.appendMissing([try association.string("SubnetId")]) }
            var entries: [NetworkACLEntry] = []
            for entryNode in try item.array("Entries") {
                if let entry = try readEntry(entryNode, from: file) { entries.append(entry) }
            }
            let acl = NetworkACL(id: id, vpcID: try item.string("VpcId"), isDefault: try item.bool("IsDefault", default: false),
                                 subnetIDs: subnetIDs, entries: entries, tags: try item.tags())
            networkACLs.add(acl, id: id) { first, other in first.subnetIDs.appendMissing(other.subnetIDs) }
        }
    }

    private mutating func readEntry(_ node: JSONNode, from file: SourceFile) throws(SnapshotError) -> NetworkACLEntry? {
        let number = try node.requiredMember("RuleNumber", expected: "a number")
            .integer(in: 1...32767, what: "a rule number (1-32767)")
        let egress = try node.requiredMember("Egress", expected: "true or false").bool()
        let actionNode = try node.requiredMember("RuleAction", expected: "a string")
        let action = try actionNode.string()
        guard action == "allow" || action == "deny" else { throw actionNode.error("\(quoted(action)) is neither allow nor deny") }
        let selector = try RuleFields.protocolSelector(node.requiredMember("Protocol", expected: "a string"))
        let (ports, icmp) = try RuleFields.networkACLPorts(node, protocol: selector)
        guard let block = try node.optionalPrefix("CidrBlock") else {
            if try node.optionalString("Ipv6CidrBlock") != nil {
                skippedIPv6("network ACL entries", in: file)
                return nil
            }
            throw SnapshotError(file: file.path, jsonPath: node.path.appending(.key("CidrBlock")).description,
                                message: "missing (expected a CIDR block)")
        }
        return NetworkACLEntry(ruleNumber: number, direction: egress ? .outbound : .inbound, allows: action == "allow",
                               ipProtocol: selector, cidrBlock: block, ports: ports, icmp: icmp)
    }
}

import NetworkModel

extension SnapshotBuilder {
    /// `describe-network-acls`: `{"NetworkAcls": [{"NetworkAclId", "VpcId", "IsDefault", "Associations": [{"SubnetId"}],
    /// "Entries", "Tags"}]}`; each entry has `RuleNumber`, `Egress`, `RuleAction` (`allow`/`deny`), `Protocol`
    /// (`-1` or a number), `CidrBlock` (IPv4) or `Ipv6CidrBlock` (IPv6), `PortRange` (`From`, `To`) and `IcmpTypeCode`
    /// (`Type`, `Code`, -1 = any; for protocol 1, and 58 for ICMPv6). Rule numbers 32767 and 32768 are AWS's final
    /// denies for IPv4 and IPv6.
    mutating func readNetworkACLs(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("NetworkAclId")
            var subnetIDs: [String] = []
            for association in try item.array("Associations") { subnetIDs.appendMissing([try association.string("SubnetId")]) }
            var entries: [NetworkACLEntry] = []
            var numbered: [NetworkACLEntry.Key: JSONNode] = [:]
            for entryNode in try item.array("Entries") {
                let entry = try readEntry(entryNode)
                // AWS keeps one entry per rule number and direction; two would make the verdict depend on their order.
                if let earlier = numbered[entry.key] {
                    throw SnapshotError(
                        file: entryNode.file, jsonPath: entryNode.path.appending(.key("RuleNumber")).description,
                        message: "rule number \(entry.ruleNumber) is used twice among the \(entry.direction == .inbound ? "inbound" : "outbound (Egress)") entries (also at \(earlier.path)); AWS allows one entry per number and direction")
                }
                numbered[entry.key] = entryNode
                entries.append(entry)
            }
            let acl = NetworkACL(id: id, vpcID: try item.string("VpcId"), isDefault: try item.bool("IsDefault", default: false),
                                 subnetIDs: subnetIDs, entries: entries, tags: try item.tags())
            try checkSameDescription(acl, id: id, in: networkACLs, at: item, what: "entries") { $0.sameEntries(as: $1) }
            networkACLs.add(acl, id: id) { first, other in first.subnetIDs.appendMissing(other.subnetIDs) }
        }
    }

    private func readEntry(_ node: JSONNode) throws(SnapshotError) -> NetworkACLEntry {
        let number = try node.requiredMember("RuleNumber", expected: "a number")
            .integer(in: 1...32768, what: "a rule number (1-32766, or 32767 and 32768 for the final denies)")
        let egress = try node.requiredMember("Egress", expected: "true or false").bool()
        let actionNode = try node.requiredMember("RuleAction", expected: "a string")
        let action = try actionNode.string()
        guard action == "allow" || action == "deny" else { throw actionNode.error("\(quoted(action)) is neither allow nor deny") }
        let selector = try RuleFields.protocolSelector(node.requiredMember("Protocol", expected: "a string"))
        let (ports, icmp) = try RuleFields.networkACLPorts(node, protocol: selector)
        var block = try node.optionalPrefix("CidrBlock", .ipv4)
        if block == nil { block = try node.optionalPrefix("Ipv6CidrBlock", .ipv6) }
        guard let block else {
            throw SnapshotError(file: node.file, jsonPath: node.path.appending(.key("CidrBlock")).description,
                                message: "missing (expected a CIDR block, or an Ipv6CidrBlock)")
        }
        return NetworkACLEntry(ruleNumber: number, direction: egress ? .outbound : .inbound, allows: action == "allow",
                               ipProtocol: selector, cidrBlock: block, ports: ports, icmp: icmp)
    }
}

extension NetworkACLEntry {
    /// What AWS keeps unique among a network ACL's entries: the rule number in one direction.
    struct Key: Hashable {
        let ruleNumber: Int
        let outbound: Bool
    }

    var key: Key { Key(ruleNumber: ruleNumber, outbound: direction == .outbound) }
}

import NetworkModel

extension SnapshotBuilder {
    /// `describe-security-groups`: `{"SecurityGroups": [{"GroupId", "GroupName", "VpcId", "OwnerId", "IpPermissions",
    /// "IpPermissionsEgress", "Tags"}]}`.
    ///
    /// Each permission is flattened into one rule per peer: `IpRanges[].CidrIp` (IPv4), `Ipv6Ranges[].CidrIpv6`
    /// (IPv6), `PrefixListIds[].PrefixListId`, `UserIdGroupPairs[].GroupId` (with `UserId`); the peer's
    /// `Description` becomes the rule's. For `icmp` and `icmpv6` (58) `FromPort`/`ToPort` are the type and code.
    mutating func readSecurityGroups(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("GroupId")
            var inbound: [SecurityGroupRule] = []
            for permission in try item.array("IpPermissions") { inbound += try readPermission(permission) }
            var outbound: [SecurityGroupRule] = []
            for permission in try item.array("IpPermissionsEgress") { outbound += try readPermission(permission) }
            let group = SecurityGroup(id: id, name: try item.optionalString("GroupName") ?? "",
                                      vpcID: try item.optionalString("VpcId"),
                                      ownerID: try item.optionalString("OwnerId") ?? file.account,
                                      inbound: inbound, outbound: outbound, tags: try item.tags())
            try checkSameDescription(group, id: id, in: securityGroups, at: item, what: "rules") { $0.sameRules(as: $1) }
            securityGroups.add(group, id: id) { _, _ in }
        }
    }

    private func readPermission(_ permission: JSONNode) throws(SnapshotError) -> [SecurityGroupRule] {
        let selector = try RuleFields.protocolSelector(permission.requiredMember("IpProtocol", expected: "a string"))
        let (ports, icmp) = try RuleFields.securityGroupPorts(permission, protocol: selector)
        func rule(_ peer: SecurityGroupRule.Peer, _ description: String?) -> SecurityGroupRule {
            SecurityGroupRule(ipProtocol: selector, ports: ports, icmp: icmp, peer: peer, ruleDescription: description)
        }
        var rules: [SecurityGroupRule] = []
        for range in try permission.array("IpRanges") {
            rules.append(rule(.cidr(try range.prefix("CidrIp", .ipv4)), try range.optionalString("Description")))
        }
        for range in try permission.array("Ipv6Ranges") {
            rules.append(rule(.cidr(try range.prefix("CidrIpv6", .ipv6)), try range.optionalString("Description")))
        }
        for list in try permission.array("PrefixListIds") {
            rules.append(rule(.prefixList(try list.string("PrefixListId")), try list.optionalString("Description")))
        }
        for pair in try permission.array("UserIdGroupPairs") {
            let (group, owner) = Self.groupReference(try pair.string("GroupId"), userID: try pair.optionalString("UserId"))
            rules.append(rule(.securityGroup(group, ownerID: owner), try pair.optionalString("Description")))
        }
        return rules
    }

    /// A referenced group: `sg-…` with its `UserId`, or the `123456789012/sg-…` form that names the account.
    static func groupReference(_ text: String, userID: String?) -> (group: String, owner: String?) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 12, parts[0].allSatisfy(\.isNumber), parts[1].hasPrefix("sg-") {
            return (String(parts[1]), userID ?? String(parts[0]))
        }
        return (text, userID)
    }
}

import NetworkModel

/// `describe-security-group-rules` rules, collected file by file and merged with `describe-security-groups` once
/// every file is read (`SnapshotBuilder.mergeSecurityGroupRules`).
struct SecurityGroupRuleParts {
    struct Entry {
        let groupID: String
        let ownerID: String?
        let isEgress: Bool
        let rule: SecurityGroupRule
        let node: JSONNode
    }
    var entries: [Entry] = []
    var seenRuleIDs: Set<String> = []
}

extension SnapshotBuilder {
    /// `describe-security-group-rules`: `{"SecurityGroupRules": [{"SecurityGroupRuleId", "GroupId", "GroupOwnerId",
    /// "IsEgress", "IpProtocol", "FromPort", "ToPort", one of "CidrIpv4", "CidrIpv6", "PrefixListId",
    /// "ReferencedGroupInfo": {"GroupId", "UserId", …}, "Description", "Tags"}]}`: one rule per entry, in the same
    /// fields as a security group's permission (`FromPort`/`ToPort` are the ICMP type and code for ICMP).
    mutating func readSecurityGroupRules(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        presentKinds.insert(.securityGroups)
        for item in try list.elements() {
            if let id = try item.optionalString("SecurityGroupRuleId"), !securityGroupRuleParts.seenRuleIDs.insert(id).inserted { continue }
            let selector = try RuleFields.protocolSelector(item.requiredMember("IpProtocol", expected: "a string"))
            let (ports, icmp) = try RuleFields.securityGroupPorts(item, protocol: selector)
            let peer: SecurityGroupRule.Peer
            if let block = try item.optionalPrefix("CidrIpv4", .ipv4) {
                peer = .cidr(block)
            } else if let block = try item.optionalPrefix("CidrIpv6", .ipv6) {
                peer = .cidr(block)
            } else if let list = try item.optionalString("PrefixListId") {
                peer = .prefixList(list)
            } else if let referenced = try item.optionalObject("ReferencedGroupInfo") {
                let (group, owner) = Self.groupReference(try referenced.string("GroupId"), userID: try referenced.optionalString("UserId"))
                peer = .securityGroup(group, ownerID: owner)
            } else {
                throw item.error("a security group rule needs CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupInfo")
            }
            let rule = SecurityGroupRule(ipProtocol: selector, ports: ports, icmp: icmp, peer: peer, ruleDescription: try item.optionalString("Description"))
            securityGroupRuleParts.entries.append(.init(groupID: try item.string("GroupId"), ownerID: try item.optionalString("GroupOwnerId") ?? file.account,
                                                        isEgress: try item.bool("IsEgress", default: false), rule: rule, node: item))
        }
    }

    /// The rules of `describe-security-group-rules` put together per group: a group that `describe-security-groups`
    /// also describes must have the same rules (else bad input naming the rule); a group only the rules describe is
    /// made from them (no name, no VPC).
    mutating func mergeSecurityGroupRules() throws(SnapshotError) {
        var byGroup: [String: [SecurityGroupRuleParts.Entry]] = [:]
        var order: [String] = []
        for entry in securityGroupRuleParts.entries {
            if byGroup[entry.groupID] == nil { order.append(entry.groupID) }
            byGroup[entry.groupID, default: []].append(entry)
        }
        for groupID in order {
            let entries = byGroup[groupID] ?? []
            let inbound = entries.filter { !$0.isEgress }.map(\.rule)
            let outbound = entries.filter(\.isEgress).map(\.rule)
            if let described = securityGroups[groupID] {
                for entry in entries {
                    let rules = entry.isEgress ? described.outbound : described.inbound
                    guard rules.contains(entry.rule) else {
                        throw entry.node.error("\(groupID)'s rule \(entry.rule.description(entry.isEgress ? .outbound : .inbound)) is not among the rules describe-security-groups gives it; a snapshot must hold one state of each resource (capture it again)")
                    }
                }
                let own = Set(inbound), ownOut = Set(outbound)
                if let missing = (described.inbound.filter { !own.contains($0) } + described.outbound.filter { !ownOut.contains($0) }).first, let node = entries.first?.node {
                    throw node.error("describe-security-group-rules lists rules of \(groupID) without \(missing), which describe-security-groups gives it; a snapshot must hold one state of each resource (capture it again)")
                }
            } else {
                securityGroups.add(SecurityGroup(id: groupID, name: "", ownerID: entries.first?.ownerID, inbound: inbound, outbound: outbound),
                                   id: groupID) { _, _ in }
            }
        }
    }
}

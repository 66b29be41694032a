import AWSSnapshot
import NetworkModel

/// `aws_security_group` (inline `ingress`/`egress` blocks), `aws_default_security_group`, `aws_security_group_rule`,
/// `aws_vpc_security_group_ingress_rule` / `_egress_rule`: `describe-security-groups`.
///
/// The provider's semantics: an `aws_security_group` holds exactly its inline rules (it removes the allow-all egress
/// rule AWS creates, so a group without `egress` blocks allows no egress); `aws_default_security_group` removes every
/// rule of the VPC's default group and holds its own; separate rule resources add to their group. A group with both
/// inline rules and separate rule resources is what the provider warns about (each apply fights the other): a
/// warning says so, and both are modelled.
extension Translation {
    mutating func addSecurityGroup(_ group: TerraformResource) throws(SnapshotError) {
        name(group)
        let isDefault = group.type == "aws_default_security_group"
        var id = group.id
        var vpcID = try reference("vpc_id", of: group, types: ["aws_vpc", "aws_default_vpc"])
        if isDefault, !group.hasKnownID, let vpc = try referencedResources("vpc_id", of: group, types: ["aws_vpc", "aws_default_vpc"]).first {
            id = try defaultID("default_security_group_id", nil, of: vpc)
            addresses[id] = group.address
        }
        if isDefault, vpcID == nil { vpcID = set.find("SecurityGroups", id)?.text("VpcId") }
        set.remove("SecurityGroups", id)
        var object = JSONObject([("GroupId", .s(id)), ("GroupName", .s(try group.string("name") ?? (isDefault ? "default" : group.address))),
                                 ("Tags", try tags(group))])
        if let vpcID { object.set("VpcId", .s(vpcID)) }
        if let owner = try group.string("owner_id") { object.set("OwnerId", .s(owner)) }
        var ingress: [JSONValue] = []
        var egress: [JSONValue] = []
        for rule in try group.list("ingress") { ingress += try permissions(rule, group: id, of: group) }
        for rule in try group.list("egress") { egress += try permissions(rule, group: id, of: group) }
        if !ingress.isEmpty || !egress.isEmpty { inlineRuleGroups.insert(id) }
        object.set("IpPermissions", .array(ingress))
        object.set("IpPermissionsEgress", .array(egress))
        set.add("SecurityGroups", object)
    }

    /// The permissions (one per source kind) of an inline rule block or an `aws_security_group_rule`.
    private mutating func permissions(_ rule: JSONNode, group: String, of resource: TerraformResource,
                                      sourceGroup: String? = nil) throws(SnapshotError) -> [JSONValue] {
        let values = TerraformResource(address: resource.address, moduleAddress: resource.moduleAddress, type: resource.type,
                                       name: resource.name, indexText: resource.indexText, values: rule)
        var members = try Self.protocolAndPorts(values, protocolAttribute: "protocol")
        var ranges: [JSONValue] = []
        for block in try values.list("cidr_blocks") {
            let text = try block.string()
            guard IPPrefix(text)?.family == .ipv4 else { throw block.error("\(JSONValue.quote(text)) is not an IPv4 CIDR block") }
            ranges.append(.obj([("CidrIp", .s(text))]))
        }
        var ipv6: [JSONValue] = []
        for block in try values.list("ipv6_cidr_blocks") {
            let text = try block.string()
            guard IPPrefix(text)?.family == .ipv6 else { throw block.error("\(JSONValue.quote(text)) is not an IPv6 CIDR block") }
            ipv6.append(.obj([("CidrIpv6", .s(text))]))
        }
        var lists: [JSONValue] = []
        for list in try values.list("prefix_list_ids") { lists.append(.obj([("PrefixListId", .s(try list.string()))])) }
        var pairs: [JSONValue] = []
        for source in try values.list("security_groups") { pairs.append(.obj([("GroupId", .s(try source.string()))])) }
        if let sourceGroup { pairs.append(.obj([("GroupId", .s(sourceGroup))])) }
        if try values.bool("self") == true { pairs.append(.obj([("GroupId", .s(group))])) }
        members += [("IpRanges", .array(ranges)), ("Ipv6Ranges", .array(ipv6)), ("PrefixListIds", .array(lists)),
                    ("UserIdGroupPairs", .array(pairs))]
        return [.obj(members)]
    }

    /// `IpProtocol`, `FromPort`, `ToPort` as describe-security-groups prints them (no ports for all protocols).
    static func protocolAndPorts(_ values: TerraformResource, protocolAttribute: String) throws(SnapshotError) -> [(String, JSONValue)] {
        var text = try values.string(protocolAttribute) ?? "-1"
        if let node = try values.values.member(protocolAttribute), case .number(let literal) = node.value { text = literal }
        switch text.lowercased() {
        case "all", "-1": text = "-1"
        case "6": text = "tcp"
        case "17": text = "udp"
        case "1": text = "icmp"
        case "58": text = "icmpv6"
        default: text = text.lowercased()
        }
        var members: [(String, JSONValue)] = [("IpProtocol", .s(text))]
        if text != "-1" {
            if let from = try values.integer("from_port", in: -1...65535, what: "a port (0-65535, or -1)") { members.append(("FromPort", .integer(from))) }
            if let to = try values.integer("to_port", in: -1...65535, what: "a port (0-65535, or -1)") { members.append(("ToPort", .integer(to))) }
        }
        return members
    }

    /// The security group a rule resource names.
    private mutating func ruleGroupID(_ rule: TerraformResource) throws(SnapshotError) -> String {
        if let id = try rule.string("security_group_id") { return id }
        for group in try referencedResources("security_group_id", of: rule, types: ["aws_security_group", "aws_default_security_group"]) {
            if group.type == "aws_default_security_group", !group.hasKnownID,
               let vpc = try referencedResources("vpc_id", of: group, types: ["aws_vpc", "aws_default_vpc"]).first {
                return try defaultID("default_security_group_id", nil, of: vpc)
            }
            return group.id
        }
        if let vpc = try referencedResources("security_group_id", of: rule, types: ["aws_vpc", "aws_default_vpc"]).first {
            return try defaultID("default_security_group_id", nil, of: vpc)
        }
        return try requiredReference("security_group_id", of: rule, types: ["aws_security_group"])
    }

    /// `aws_security_group_rule`.
    mutating func addSecurityGroupRule(_ rule: TerraformResource) throws(SnapshotError) {
        addresses[rule.id] = rule.address
        let groupID = try ruleGroupID(rule)
        let isEgress = try rule.string("type") == "egress"
        var source = try reference("source_security_group_id", of: rule, types: ["aws_security_group", "aws_default_security_group"])
        var hasOtherSource = rule.isUnknown("cidr_blocks")
        for attribute in ["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids"] where try !rule.list(attribute).isEmpty { hasOtherSource = true }
        if try rule.bool("self") == true { hasOtherSource = true }
        if source == nil, rule.isUnknown("source_security_group_id"), !hasOtherSource {
            source = try requiredReference("source_security_group_id", of: rule, types: ["aws_security_group"])
        }
        var permissions = try permissions(rule.values, group: groupID, of: rule, sourceGroup: source)
        if rule.isUnknown("cidr_blocks") {
            warn("unknown cidr \(rule.address)", "\(rule.address): cidr_blocks is unknown until apply; the rule's address ranges are not modelled")
            permissions = permissions.filter { _ in source != nil }
        }
        addPermissions(permissions, to: groupID, egress: isEgress, from: rule)
    }

    /// `aws_vpc_security_group_ingress_rule` / `_egress_rule` (one source each).
    mutating func addVPCSecurityGroupRule(_ rule: TerraformResource) throws(SnapshotError) {
        addresses[rule.id] = rule.address
        let groupID = try ruleGroupID(rule)
        var members = try Self.protocolAndPorts(rule, protocolAttribute: "ip_protocol")
        var ranges: [JSONValue] = [], ipv6: [JSONValue] = [], lists: [JSONValue] = [], pairs: [JSONValue] = []
        if let block = try cidr("cidr_ipv4", of: rule, .ipv4) { ranges.append(.obj([("CidrIp", .s(block))])) }
        if let block = try cidr("cidr_ipv6", of: rule, .ipv6) { ipv6.append(.obj([("CidrIpv6", .s(block))])) }
        if let list = try reference("prefix_list_id", of: rule, types: ["aws_ec2_managed_prefix_list"]) {
            lists.append(.obj([("PrefixListId", .s(list))]))
        }
        if let group = try reference("referenced_security_group_id", of: rule, types: ["aws_security_group", "aws_default_security_group"]) {
            pairs.append(.obj([("GroupId", .s(group))]))
        }
        if ranges.isEmpty && ipv6.isEmpty && lists.isEmpty && pairs.isEmpty {
            warn("unknown source \(rule.address)", "\(rule.address): the rule's source or destination is unknown until apply; it is not modelled")
            return
        }
        members += [("IpRanges", .array(ranges)), ("Ipv6Ranges", .array(ipv6)), ("PrefixListIds", .array(lists)), ("UserIdGroupPairs", .array(pairs))]
        addPermissions([.obj(members)], to: groupID, egress: rule.type.hasSuffix("egress_rule"), from: rule)
    }

    private mutating func addPermissions(_ permissions: [JSONValue], to groupID: String, egress: Bool, from rule: TerraformResource) {
        if inlineRuleGroups.contains(groupID) {
            let named = addresses[groupID].map { $0 == groupID ? groupID : "\(groupID) (\($0))" } ?? groupID
            warn("mixed rules \(groupID)", "\(named) has inline rules and \(rule.type) resources (\(rule.address)); the AWS provider does not support both on one group (each apply removes the other's rules); both are modelled")
        }
        let key = egress ? "IpPermissionsEgress" : "IpPermissions"
        let found = set.modify("SecurityGroups", groupID) { group in
            for permission in permissions { group.append(key, permission) }
        }
        if !found {
            warn("security group \(groupID)", "\(rule.address): security group \(groupID) is described by no output; the rule is not modelled")
        }
    }

    /// Removes the permissions an `aws_security_group_rule` or `aws_vpc_security_group_*_rule` the plan deletes or
    /// changes contributed (its address ranges; the rest of each permission stays).
    mutating func removeSecurityGroupRule(_ rule: TerraformResource) throws(SnapshotError) {
        guard let groupID = try rule.string("security_group_id") else { return }
        let egress = try rule.string("type") == "egress" || rule.type.hasSuffix("egress_rule")
        let protocolMembers = try Self.protocolAndPorts(rule, protocolAttribute: rule.type == "aws_security_group_rule" ? "protocol" : "ip_protocol")
        var blocks: Set<String> = []
        for block in try rule.list("cidr_blocks") + rule.list("ipv6_cidr_blocks") { blocks.insert(try block.string()) }
        for attribute in ["cidr_ipv4", "cidr_ipv6"] { if let block = try rule.string(attribute) { blocks.insert(block) } }
        let key = egress ? "IpPermissionsEgress" : "IpPermissions"
        func sameTraffic(_ object: JSONObject) -> Bool {
            protocolMembers.allSatisfy { member in
                switch (object[member.0], member.1) {
                case (.string(let a)?, .string(let b)): a.lowercased() == b.lowercased()
                case (.number(let a)?, .number(let b)): a == b
                default: false
                }
            }
        }
        set.modify("SecurityGroups", groupID) { group in
            let kept: [JSONValue] = group.elements(key).compactMap { permission in
                guard case .object(var object) = permission, sameTraffic(object) else { return permission }
                object.filter("IpRanges") { entry in
                    guard case .object(let range) = entry, let block = range.text("CidrIp") else { return true }
                    return !blocks.contains(block)
                }
                object.filter("Ipv6Ranges") { entry in
                    guard case .object(let range) = entry, let block = range.text("CidrIpv6") else { return true }
                    return !blocks.contains(block)
                }
                let empty = ["IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"].allSatisfy { object.elements($0).isEmpty }
                return empty ? nil : .object(object)
            }
            group.set(key, .array(kept))
        }
    }
}

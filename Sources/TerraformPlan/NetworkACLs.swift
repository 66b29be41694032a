import AWSSnapshot
import NetworkModel

/// `aws_network_acl` (inline `ingress`/`egress` blocks, `subnet_ids`), `aws_default_network_acl`,
/// `aws_network_acl_rule`, `aws_network_acl_association`: `describe-network-acls`. A subnet no ACL names is
/// associated with its VPC's default network ACL, as AWS does.
enum NetworkACLs {
    /// The entries of a VPC's default network ACL as AWS creates it: allow everything, both ways.
    static let allowAllEntries: [JSONValue] = [true, false].flatMap { egress in
        [entry(100, egress: egress, action: "allow"), entry(32767, egress: egress, action: "deny")]
    }

    static func entry(_ number: Int, egress: Bool, action: String) -> JSONValue {
        .obj([("CidrBlock", .s("0.0.0.0/0")), ("Egress", .bool(egress)), ("Protocol", .s("-1")), ("RuleAction", .s(action)),
              ("RuleNumber", .integer(number))])
    }

    /// The final deny entries AWS adds to every network ACL.
    static let finalDenies: [JSONValue] = [entry(32767, egress: true, action: "deny"), entry(32767, egress: false, action: "deny")]

    /// The protocol number describe-network-acls prints.
    static func protocolNumber(_ text: String) -> String {
        switch text.lowercased() {
        case "all", "-1": "-1"
        case "tcp": "6"
        case "udp": "17"
        case "icmp": "1"
        case "icmpv6": "58"
        default: text
        }
    }
}

extension Translation {
    mutating func addNetworkACL(_ acl: TerraformResource) throws(SnapshotError) {
        name(acl)
        let isDefault = acl.type == "aws_default_network_acl"
        var id = acl.id
        var vpcID = try reference("vpc_id", of: acl, types: ["aws_vpc", "aws_default_vpc"])
        if isDefault, !acl.hasKnownID {
            id = try adoptedID("default_network_acl_id", vpcAttribute: "default_network_acl_id", of: acl)
            addresses[id] = acl.address
        }
        if isDefault, vpcID == nil {
            vpcID = set.find("NetworkAcls", id)?.text("VpcId")
            if vpcID == nil { vpcID = try referencedResources("default_network_acl_id", of: acl, types: ["aws_vpc"]).first?.id }
        }
        let previous = set.find("NetworkAcls", id)?.elements("Associations") ?? []
        set.remove("NetworkAcls", id)
        var entries: [JSONValue] = []
        for (key, egress) in [("ingress", false), ("egress", true)] {
            for rule in try acl.list(key) {
                let values = TerraformResource(address: acl.address, moduleAddress: acl.moduleAddress, type: acl.type, name: acl.name,
                                               indexText: acl.indexText, values: rule)
                if let entry = try entry(values, egress: egress, numberAttribute: "rule_no", actionAttribute: "action") { entries.append(entry) }
            }
        }
        entries += NetworkACLs.finalDenies
        let vpc: String
        if let vpcID { vpc = vpcID } else { vpc = try requiredReference("vpc_id", of: acl, types: ["aws_vpc"]) }
        set.add("NetworkAcls", JSONObject([("NetworkAclId", .s(id)), ("VpcId", .s(vpc)), ("IsDefault", .bool(isDefault)),
                                           ("Entries", .array(entries)), ("Associations", .array(isDefault ? previous : [])),
                                           ("Tags", try tags(acl))]))
        for subnet in try references("subnet_ids", of: acl, types: ["aws_subnet", "aws_default_subnet"]) {
            associate(subnet: subnet, acl: id)
        }
    }

    /// A network ACL entry as describe-network-acls prints it.
    private func entry(_ rule: TerraformResource, egress: Bool, numberAttribute: String, actionAttribute: String) throws(SnapshotError) -> JSONValue? {
        guard let number = try rule.integer(numberAttribute, in: 1...32767, what: "a rule number (1-32767)") else { return nil }
        var protocolText = try rule.string("protocol") ?? "-1"
        if let node = try rule.values.member("protocol"), case .number(let literal) = node.value { protocolText = literal }
        let protocolNumber = NetworkACLs.protocolNumber(protocolText)
        var members: [(String, JSONValue)] = [("RuleNumber", .integer(number)), ("Egress", .bool(egress)), ("Protocol", .s(protocolNumber)),
                                              ("RuleAction", .s((try rule.string(actionAttribute) ?? "deny").lowercased()))]
        if let block = try cidr("cidr_block", of: rule, .ipv4) {
            members.append(("CidrBlock", .s(block)))
        } else if let block = try cidr("ipv6_cidr_block", of: rule, .ipv6) {
            members.append(("Ipv6CidrBlock", .s(block)))
        } else {
            return nil
        }
        if protocolNumber == "6" || protocolNumber == "17" {
            let from = try rule.integer("from_port", in: 0...65535, what: "a port") ?? 0
            let to = try rule.integer("to_port", in: 0...65535, what: "a port") ?? 65535
            members.append(("PortRange", .obj([("From", .integer(from)), ("To", .integer(to))])))
        } else if protocolNumber == "1" || protocolNumber == "58" {
            let type = try rule.integer("icmp_type", in: -1...255, what: "an ICMP type") ?? -1
            let code = try rule.integer("icmp_code", in: -1...255, what: "an ICMP code") ?? -1
            members.append(("IcmpTypeCode", .obj([("Type", .integer(type)), ("Code", .integer(code))])))
        }
        return .obj(members)
    }

    /// A subnet has one network ACL: associating it ends its other association.
    mutating func associate(subnet: String, acl: String) {
        for other in set.all("NetworkAcls") {
            guard let id = other.text("NetworkAclId"), id != acl else { continue }
            set.modify("NetworkAcls", id) { object in
                object.filter("Associations") { entry in
                    guard case .object(let association) = entry else { return true }
                    return association.text("SubnetId") != subnet
                }
            }
        }
        set.modify("NetworkAcls", acl) { object in
            object.filter("Associations") { entry in
                guard case .object(let association) = entry else { return true }
                return association.text("SubnetId") != subnet
            }
            object.append("Associations", .obj([("NetworkAclId", .s(acl)), ("SubnetId", .s(subnet))]))
        }
    }

    mutating func addNetworkACLRule(_ rule: TerraformResource) throws(SnapshotError) {
        addresses[rule.id] = rule.address
        var aclID = try rule.string("network_acl_id")
        if aclID == nil, let acl = try referencedResources("network_acl_id", of: rule, types: ["aws_network_acl", "aws_default_network_acl"]).first {
            aclID = acl.type == "aws_default_network_acl" && !acl.hasKnownID
                ? try adoptedID("default_network_acl_id", vpcAttribute: "default_network_acl_id", of: acl) : acl.id
        }
        if aclID == nil, let vpc = try referencedResources("network_acl_id", of: rule, types: ["aws_vpc", "aws_default_vpc"]).first {
            aclID = try defaultID("default_network_acl_id", nil, of: vpc)
        }
        let id: String
        if let aclID { id = aclID } else { id = try requiredReference("network_acl_id", of: rule, types: ["aws_network_acl"]) }
        let egress = try rule.bool("egress") ?? false
        guard let entry = try entry(rule, egress: egress, numberAttribute: "rule_number", actionAttribute: "rule_action") else {
            warn("unknown entry \(rule.address)", "\(rule.address): the rule's CIDR block is unknown until apply; it is not modelled")
            return
        }
        let number = try rule.integer("rule_number", in: 1...32767, what: "a rule number")
        let found = set.modify("NetworkAcls", id) { acl in
            acl.filter("Entries") { existing in
                guard case .object(let object) = existing, case .bool(let isEgress)? = object["Egress"],
                      case .number(let literal)? = object["RuleNumber"] else { return true }
                return !(isEgress == egress && Int(literal) == number)
            }
            acl.append("Entries", entry)
        }
        if !found { warn("network acl \(id)", "\(rule.address): network ACL \(id) is described by no output; the rule is not modelled") }
    }

    mutating func removeNetworkACLRule(_ rule: TerraformResource) throws(SnapshotError) {
        guard let id = try rule.string("network_acl_id"), let number = try rule.integer("rule_number", in: 1...32767, what: "a rule number") else { return }
        let egress = try rule.bool("egress") ?? false
        set.modify("NetworkAcls", id) { acl in
            acl.filter("Entries") { existing in
                guard case .object(let object) = existing, case .bool(let isEgress)? = object["Egress"],
                      case .number(let literal)? = object["RuleNumber"] else { return true }
                return !(isEgress == egress && Int(literal) == number)
            }
        }
    }

    mutating func addNetworkACLAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let acl = try requiredReference("network_acl_id", of: association, types: ["aws_network_acl", "aws_default_network_acl"])
        let subnet = try requiredReference("subnet_id", of: association, types: ["aws_subnet", "aws_default_subnet"])
        associate(subnet: subnet, acl: acl)
    }

    /// Subnets no network ACL names are associated with their VPC's default one (as AWS does on creation).
    mutating func associateRemainingSubnets() {
        var associated: Set<String> = []
        var defaults: [String: String] = [:]
        for acl in set.all("NetworkAcls") {
            for entry in acl.elements("Associations") {
                if case .object(let object) = entry, let subnet = object.text("SubnetId") { associated.insert(subnet) }
            }
            if case .bool(true)? = acl["IsDefault"], let vpc = acl.text("VpcId"), let id = acl.text("NetworkAclId") { defaults[vpc] = id }
        }
        for subnet in set.all("Subnets") {
            guard let id = subnet.text("SubnetId"), !associated.contains(id), let vpc = subnet.text("VpcId"),
                  let acl = defaults[vpc] else { continue }
            associate(subnet: id, acl: acl)
        }
    }
}

import NetworkModel

/// create-network-acl-entry and replace-network-acl-entry on a snapshot (`CidrBlock` or `Ipv6CidrBlock`).
extension SnapshotEditor {
    mutating func networkACLEntry(_ acl: String, _ rule: NetworkACLEntry, replace: Bool) throws(SnapshotEditError) {
        let call = replace ? "replace-network-acl-entry" : "create-network-acl-entry"
        let egress = rule.direction == .outbound
        let number = rule.ruleNumber
        guard (1...32766).contains(number) else { throw SnapshotEditError("\(call): --rule-number must be 1-32766") }
        // `CidrBlock` (IPv4) or `Ipv6CidrBlock`; the protocol by number (-1 for all).
        var members: [(String, JSONValue)] = [(rule.cidrBlock.family == .ipv6 ? "Ipv6CidrBlock" : "CidrBlock", .string(rule.cidrBlock.description)),
                                              ("Egress", .bool(egress))]
        let protocolNumber: String
        switch rule.ipProtocol {
        case .all:
            protocolNumber = "-1"
        case .number(let n):
            protocolNumber = String(n)
            if IPProtocolNumber.hasPorts(n) {
                let ports = rule.ports ?? .all
                members.append(("PortRange", .object(["From": .integer(Int(ports.lower)), "To": .integer(Int(ports.upper))])))
            } else if IPProtocolNumber.isICMP(n) {
                members.append(("IcmpTypeCode", .object(["Code": .integer(rule.icmp.code.map { Int($0) } ?? -1),
                                                         "Type": .integer(rule.icmp.type.map { Int($0) } ?? -1)])))
            }
        }
        members += [("Protocol", .string(protocolNumber)), ("RuleAction", .string(rule.allows ? "allow" : "deny")), ("RuleNumber", .integer(number))]
        let entry = JSONValue.object(JSONObject(members))

        let places = find("NetworkAcls", "NetworkAclId", acl)
        guard !places.isEmpty else { throw SnapshotEditError("\(call): no network ACL \(acl) in the snapshot") }
        for place in places {
            try edit(place, "NetworkAcls") { (document, item) throws(SnapshotEditError) in
                let entries = item.member("Entries")
                let existing = entries?.elements.firstIndex { element in
                    element.member("Egress")?.bool == egress && element.member("RuleNumber")?.integer == number
                }
                if replace {
                    guard let entries, let existing else {
                        throw SnapshotEditError("replace-network-acl-entry: \(acl) has no \(egress ? "egress" : "ingress") rule \(number)")
                    }
                    try Self.splice { () throws(JSONSyntaxError) in try document.replace(entries.elements[existing], with: entry) }
                    return
                }
                guard existing == nil else {
                    throw SnapshotEditError("create-network-acl-entry: \(acl) already has \(egress ? "egress" : "ingress") rule \(number) (NetworkAclEntryAlreadyExists)")
                }
                guard let entries else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Entries", .array([entry]), in: item) }
                    return
                }
                // In rule order, as AWS lists them: before the first rule of the same direction with a larger number.
                let elements = entries.elements
                let sameDirection = elements.indices.filter { elements[$0].member("Egress")?.bool == egress }
                let position = sameDirection.first { (elements[$0].member("RuleNumber")?.integer ?? 0) > number }
                    ?? sameDirection.last.map { $0 + 1 } ?? elements.count
                try Self.splice { () throws(JSONSyntaxError) in try document.insert(entry, at: position, in: entries) }
            }
        }
    }
}

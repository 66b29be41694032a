import NetworkModel

/// authorize-security-group-ingress / -egress on a snapshot (`IpRanges` of `CidrIp`, `Ipv6Ranges` of `CidrIpv6`).
extension SnapshotEditor {
    mutating func authorize(_ group: String, _ direction: Direction, _ rule: SecurityGroupRule) throws(SnapshotEditError) {
        let call = direction == .inbound ? "authorize-security-group-ingress" : "authorize-security-group-egress"
        let key = direction == .inbound ? "IpPermissions" : "IpPermissionsEgress"
        let places = find("SecurityGroups", "GroupId", group)
        guard !places.isEmpty else { throw SnapshotEditError("\(call): no security group \(group) in the snapshot") }
        let permission = Self.describedPermission(rule)
        for place in places {
            try edit(place, "SecurityGroups") { (document, item) throws(SnapshotEditError) in
                if let list = item.member(key) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(permission, to: list) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set(key, .array([permission]), in: item) }
                }
            }
        }
    }

    /// A rule as describe-security-groups prints it: protocol and ports first (`FromPort`/`ToPort` are the ICMP
    /// type and code, -1 for any), then all four peer lists (`IpRanges` with `CidrIp`, `Ipv6Ranges` with
    /// `CidrIpv6`). The protocols AWS names are written by name (`tcp`, `udp`, `icmp`, `icmpv6`), others by number.
    static func describedPermission(_ rule: SecurityGroupRule) -> JSONValue {
        var members: [(String, JSONValue)] = []
        switch rule.ipProtocol {
        case .all:
            members.append(("IpProtocol", .string("-1")))
        case .number(let number):
            let named = [IPProtocolNumber.tcp, IPProtocolNumber.udp, IPProtocolNumber.icmp, IPProtocolNumber.icmpv6].contains(number)
            members.append(("IpProtocol", .string(named ? IPProtocolNumber.name(number) : String(number))))
            if IPProtocolNumber.hasPorts(number) {
                let ports = rule.ports ?? .all
                members += [("FromPort", .integer(Int(ports.lower))), ("ToPort", .integer(Int(ports.upper)))]
            } else if IPProtocolNumber.isICMP(number) {
                members += [("FromPort", .integer(rule.icmp.type.map { Int($0) } ?? -1)), ("ToPort", .integer(rule.icmp.code.map { Int($0) } ?? -1))]
            }
        }
        var peers: [String: JSONValue] = [:]
        switch rule.peer {
        case .cidr(let prefix) where prefix.family == .ipv6: peers["Ipv6Ranges"] = .object(["CidrIpv6": .string(prefix.description)])
        case .cidr(let prefix): peers["IpRanges"] = .object(["CidrIp": .string(prefix.description)])
        case .prefixList(let id): peers["PrefixListIds"] = .object(["PrefixListId": .string(id)])
        case .securityGroup(let id, _): peers["UserIdGroupPairs"] = .object(["GroupId": .string(id)])
        }
        for key in ["UserIdGroupPairs", "IpRanges", "Ipv6Ranges", "PrefixListIds"] {
            members.append((key, .array(peers[key].map { [$0] } ?? [])))
        }
        return .object(JSONObject(members))
    }
}

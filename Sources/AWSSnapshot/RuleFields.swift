import NetworkModel

/// The protocol, port and ICMP fields shared by security group rules and network ACL entries.
enum RuleFields {
    /// `IpProtocol` / `Protocol`: `-1` or `all` for every protocol; `tcp`, `udp`, `icmp`, `icmpv6`; or a
    /// protocol number `0`-`255` as a string.
    static func protocolSelector(_ node: JSONNode) throws(SnapshotError) -> ProtocolSelector {
        let text = try node.string()
        switch text.lowercased() {
        case "-1", "all": return .all
        case "tcp": return .number(IPProtocolNumber.tcp)
        case "udp": return .number(IPProtocolNumber.udp)
        case "icmp": return .number(IPProtocolNumber.icmp)
        case "icmpv6": return .number(IPProtocolNumber.icmpv6)
        default:
            guard !text.isEmpty, text.count <= 3, text.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = UInt8(text) else {
                throw node.error("\(quoted(text)) is not an IP protocol (a name, a number 0-255, or -1 for all)")
            }
            return .number(number)
        }
    }

    static func isICMP(_ selector: ProtocolSelector) -> Bool {
        selector == .number(IPProtocolNumber.icmp) || selector == .number(IPProtocolNumber.icmpv6)
    }

    static func hasPorts(_ selector: ProtocolSelector) -> Bool {
        if case .number(let n) = selector { return IPProtocolNumber.hasPorts(n) }
        return false
    }

    /// A port field that may be -1 (all ports); nil for -1.
    static func portOrAll(_ node: JSONNode) throws(SnapshotError) -> UInt16? {
        let value = try node.integer(in: -1...65535, what: "a port (0-65535, or -1 for all)")
        return value < 0 ? nil : UInt16(value)
    }

    /// An ICMP type or code that may be -1 (any); nil for -1.
    static func icmpValue(_ node: JSONNode, what: String) throws(SnapshotError) -> UInt8? {
        let value = try node.integer(in: -1...255, what: "an ICMP \(what) (0-255, or -1 for any)")
        return value < 0 ? nil : UInt8(value)
    }

    /// A security group permission's `FromPort`/`ToPort`: a port range for TCP and UDP (nil for all ports: -1), the
    /// ICMP type and code for ICMP (-1: any). Other protocols ignore them, but they must still be valid numbers.
    ///
    /// Strict where AWS is: `describe-security-groups` prints both fields for every TCP, UDP and ICMP permission, so
    /// one missing is an error (never "all ports"), and a TCP or UDP range whose `FromPort` is above its `ToPort`
    /// (which AWS refuses) is an error too. An ICMP permission with neither field means any type and code.
    static func securityGroupPorts(_ permission: JSONNode, protocol selector: ProtocolSelector)
        throws(SnapshotError) -> (ports: PortRange?, icmp: ICMPSelector) {
        let from = try permission.member("FromPort")
        let to = try permission.member("ToPort")
        if isICMP(selector) {
            if (from == nil) != (to == nil) {
                throw missingPortField(permission, from == nil ? "FromPort" : "ToPort",
                                       because: "AWS prints both FromPort and ToPort (the ICMP type and code, -1 for any) for an ICMP rule")
            }
            var type: UInt8?
            var code: UInt8?
            if let from { type = try icmpValue(from, what: "type") }
            if let to { code = try icmpValue(to, what: "code") }
            return (nil, ICMPSelector(type: type, code: code))
        }
        var lower: UInt16?
        var upper: UInt16?
        if let from { lower = try portOrAll(from) }
        if let to { upper = try portOrAll(to) }
        guard hasPorts(selector) else { return (nil, .any) }
        guard let from, let to else {
            throw missingPortField(permission, from == nil ? "FromPort" : "ToPort",
                                   because: "AWS prints both FromPort and ToPort for every TCP and UDP rule")
        }
        guard let lower, let upper else {
            if (lower == nil) != (upper == nil) {
                throw (lower == nil ? from : to).error("-1 (all ports) at one end only of a range (FromPort \(lower.map(String.init) ?? "-1"), ToPort \(upper.map(String.init) ?? "-1"))")
            }
            return (nil, .any)
        }
        guard lower <= upper else {
            throw to.error("ToPort \(upper) is below FromPort \(lower): an inverted range, which AWS refuses")
        }
        return (PortRange(lower, upper), .any)
    }

    private static func missingPortField(_ node: JSONNode, _ key: String, because reason: String) -> SnapshotError {
        SnapshotError(file: node.file, jsonPath: node.path.appending(.key(key)).description, message: "missing (\(reason))")
    }

    /// A network ACL entry's `PortRange` (`From`, `To`) and `IcmpTypeCode` (`Type`, `Code`, -1 = any).
    static func networkACLPorts(_ entry: JSONNode, protocol selector: ProtocolSelector)
        throws(SnapshotError) -> (ports: PortRange?, icmp: ICMPSelector) {
        var ports: PortRange?
        if let range = try entry.optionalObject("PortRange") {
            let what = "a port (0-65535)"
            let lower = try range.requiredMember("From", expected: "a number").integer(in: 0...65535, what: what)
            let toNode = try range.requiredMember("To", expected: "a number")
            let upper = try toNode.integer(in: 0...65535, what: what)
            guard lower <= upper else {
                throw toNode.error("To \(upper) is below From \(lower): an inverted range, which AWS refuses")
            }
            if hasPorts(selector) { ports = PortRange(UInt16(lower), UInt16(upper)) }
        } else if hasPorts(selector) {
            throw missingPortField(entry, "PortRange", because: "AWS prints a PortRange for every TCP (6) and UDP (17) entry")
        }
        var icmp = ICMPSelector.any
        if let typeCode = try entry.optionalObject("IcmpTypeCode") {
            var type: UInt8?
            var code: UInt8?
            if let node = try typeCode.member("Type") { type = try icmpValue(node, what: "type") }
            if let node = try typeCode.member("Code") { code = try icmpValue(node, what: "code") }
            if isICMP(selector) { icmp = ICMPSelector(type: type, code: code) }
        }
        return (ports, icmp)
    }
}

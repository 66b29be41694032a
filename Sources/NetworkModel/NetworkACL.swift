/// A network ACL: stateless, ordered allow/deny rules at the edge of the subnets associated with it.
public struct NetworkACL: Hashable, Codable, Sendable {
    public let id: String
    public var vpcID: String
    public var isDefault: Bool
    public var subnetIDs: [String]
    public var entries: [NetworkACLEntry]
    public var tags: Tags

    public init(id: String, vpcID: String, isDefault: Bool = false, subnetIDs: [String] = [],
                entries: [NetworkACLEntry] = [], tags: Tags = Tags()) {
        self.id = id
        self.vpcID = vpcID
        self.isDefault = isDefault
        self.subnetIDs = subnetIDs
        self.entries = entries
        self.tags = tags
    }

    /// The rules of one direction in evaluation order (ascending rule number). AWS evaluates the first match;
    /// a packet that matches none is denied.
    public func rules(_ direction: Direction) -> [NetworkACLEntry] {
        entries.filter { $0.direction == direction }.sorted { $0.ruleNumber < $1.ruleNumber }
    }
}

/// One numbered network ACL rule.
public struct NetworkACLEntry: Hashable, Codable, Sendable, CustomStringConvertible {
    public var ruleNumber: Int
    public var direction: Direction
    public var allows: Bool
    public var ipProtocol: ProtocolSelector
    /// The other end: the source of inbound rules, the destination of outbound rules.
    public var cidrBlock: IPPrefix
    /// Destination ports for TCP and UDP rules (nil: all).
    public var ports: PortRange?
    public var icmp: ICMPSelector

    public init(ruleNumber: Int, direction: Direction, allows: Bool, ipProtocol: ProtocolSelector,
                cidrBlock: IPPrefix, ports: PortRange? = nil, icmp: ICMPSelector = .any) {
        self.ruleNumber = ruleNumber
        self.direction = direction
        self.allows = allows
        self.ipProtocol = ipProtocol
        self.cidrBlock = cidrBlock
        self.ports = ports
        self.icmp = icmp
    }

    /// The rule number as the console shows it: `*` for 32767 and 32768, AWS's final denies (IPv4 and IPv6).
    public var ruleName: String { ruleNumber == 32767 || ruleNumber == 32768 ? "*" : String(ruleNumber) }

    public var description: String {
        var what = ipProtocol.description
        if case .number(let n) = ipProtocol {
            if IPProtocolNumber.hasPorts(n), let ports, !ports.isAll { what += "/\(ports)" }
            if IPProtocolNumber.isICMP(n), icmp.type != nil { what += " \(icmp)" }
        }
        let peer = direction == .inbound ? "from" : "to"
        return "rule \(ruleName) (\(allows ? "allow" : "deny") \(what) \(peer) \(cidrBlock))"
    }
}

extension Network {
    /// The subnet boundaries a packet crosses inside a VPC, from one subnet to another, each a network ACL check: out
    /// of `from`, then into `to`; none when they are the same subnet (network ACLs filter only traffic that crosses a
    /// subnet's boundary). `from` nil: the packet comes from outside the VPC's subnets (in by a gateway), so only
    /// `to`'s inbound rules apply. Network ACLs are stateless: a response crosses the same boundaries the other way.
    public func subnetBoundaries(from: String?, to: String) -> [(subnet: String, direction: Direction)] {
        guard from != to else { return [] }
        return (from.map { [($0, Direction.outbound)] } ?? []) + [(to, .inbound)]
    }
}

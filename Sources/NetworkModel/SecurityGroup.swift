/// A security group: stateful allow rules applied at each network interface that carries it.
public struct SecurityGroup: Hashable, Codable, Sendable {
    public let id: String
    public var name: String
    public var vpcID: String?
    public var ownerID: String?
    public var inbound: [SecurityGroupRule]
    public var outbound: [SecurityGroupRule]
    public var tags: Tags

    public init(id: String, name: String, vpcID: String? = nil, ownerID: String? = nil,
                inbound: [SecurityGroupRule] = [], outbound: [SecurityGroupRule] = [], tags: Tags = Tags()) {
        self.id = id
        self.name = name
        self.vpcID = vpcID
        self.ownerID = ownerID
        self.inbound = inbound
        self.outbound = outbound
        self.tags = tags
    }

    public func rules(_ direction: Direction) -> [SecurityGroupRule] { direction == .inbound ? inbound : outbound }
}

/// Inbound (ingress) or outbound (egress).
public enum Direction: String, Hashable, Codable, Sendable, CustomStringConvertible {
    case inbound
    case outbound

    public var description: String { rawValue }
}

/// One allow rule of a security group, for one peer (AWS's `IpPermissions` entries, flattened per peer).
public struct SecurityGroupRule: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The other end of the traffic: the source of inbound rules, the destination of outbound rules.
    public enum Peer: Hashable, Codable, Sendable, CustomStringConvertible {
        case cidr(IPPrefix)
        case prefixList(String)
        /// Another security group: matches the private addresses of the network interfaces in that group.
        case securityGroup(String, ownerID: String?)

        public var description: String {
            switch self {
            case .cidr(let prefix): prefix.description
            case .prefixList(let id): id
            case .securityGroup(let id, _): id
            }
        }
    }

    public var ipProtocol: ProtocolSelector
    /// Destination ports, for TCP and UDP rules (nil: all ports).
    public var ports: PortRange?
    /// ICMP type and code, for ICMP rules.
    public var icmp: ICMPSelector
    public var peer: Peer
    public var ruleDescription: String?

    public init(ipProtocol: ProtocolSelector, ports: PortRange? = nil, icmp: ICMPSelector = .any, peer: Peer,
                ruleDescription: String? = nil) {
        self.ipProtocol = ipProtocol
        self.ports = ports
        self.icmp = icmp
        self.peer = peer
        self.ruleDescription = ruleDescription
    }

    /// "tcp/22 from 0.0.0.0/0" (inbound) or "all traffic to 0.0.0.0/0" (outbound).
    public func description(_ direction: Direction) -> String {
        let text = description
        guard let space = text.lastIndex(of: " ") else { return text }
        return "\(text[..<space]) \(direction == .inbound ? "from" : "to") \(text[text.index(after: space)...])"
    }

    /// "tcp/22 0.0.0.0/0"-style text without the direction word.
    public var description: String {
        var text: String
        switch ipProtocol {
        case .all: text = "all traffic"
        case .number(let n) where IPProtocolNumber.hasPorts(n):
            text = "\(IPProtocolNumber.name(n))/\((ports ?? .all).isAll ? "all ports" : (ports ?? .all).description)"
        case .number(let n) where IPProtocolNumber.isICMP(n):
            text = icmp.type == nil ? "all \(IPProtocolNumber.name(n) == "icmp" ? "ICMP" : "ICMPv6")" : "\(IPProtocolNumber.name(n)) \(icmp)"
        case .number(let n): text = IPProtocolNumber.name(n)
        }
        text += " \(peer)"
        return text
    }
}

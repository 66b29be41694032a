/// IP protocol numbers, and the protocol selector used by security group and network ACL rules.
public enum IPProtocolNumber {
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpv6: UInt8 = 58

    public static func name(_ number: UInt8) -> String {
        switch number {
        case icmp: "icmp"
        case tcp: "tcp"
        case udp: "udp"
        case icmpv6: "icmpv6"
        default: "protocol \(number)"
        }
    }

    /// Whether packets of this protocol carry an ICMP type and code: ICMP (1) and ICMPv6 (58).
    public static func isICMP(_ number: UInt8) -> Bool { number == icmp || number == icmpv6 }

    /// The ICMP protocol of an address family: ICMP for IPv4, ICMPv6 for IPv6.
    public static func icmp(_ family: AddressFamily) -> UInt8 { family == .ipv4 ? icmp : icmpv6 }

    /// Whether packets of this protocol carry source and destination ports.
    public static func hasPorts(_ number: UInt8) -> Bool { number == tcp || number == udp }
}

/// Which IP protocols a rule applies to: all of them (`-1` in AWS), or one protocol number.
public enum ProtocolSelector: Hashable, Codable, Sendable, CustomStringConvertible {
    case all
    case number(UInt8)

    public func matches(_ number: UInt8) -> Bool {
        switch self {
        case .all: true
        case .number(let n): n == number
        }
    }

    public var description: String {
        switch self {
        case .all: "all traffic"
        case .number(let n): IPProtocolNumber.name(n)
        }
    }
}

/// ICMP type and code as rules select them; nil means any.
public struct ICMPSelector: Hashable, Codable, Sendable, CustomStringConvertible {
    public let type: UInt8?
    public let code: UInt8?

    public init(type: UInt8?, code: UInt8?) {
        self.type = type
        self.code = type == nil ? nil : code
    }

    public static let any = ICMPSelector(type: nil, code: nil)

    public func matches(type packetType: UInt8, code packetCode: UInt8) -> Bool {
        if let type, type != packetType { return false }
        if let code, code != packetCode { return false }
        return true
    }

    public var description: String {
        switch (type, code) {
        case (nil, _): "any type"
        case (let t?, nil): "type \(t)"
        case (let t?, let c?): "type \(t) code \(c)"
        }
    }
}

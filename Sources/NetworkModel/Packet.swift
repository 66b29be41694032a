/// The header fields of an IPv4 or IPv6 packet that AWS's data plane looks at.
///
/// Ports are meaningful for TCP and UDP only and are 0 otherwise; ICMP type and code for ICMP and ICMPv6 only.
/// Both addresses are of one family (`family`).
public struct Packet: Hashable, Sendable, CustomStringConvertible {
    public var source: IPAddress
    public var destination: IPAddress
    public var ipProtocol: UInt8
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var icmpType: UInt8
    public var icmpCode: UInt8

    public init(source: IPAddress, destination: IPAddress, ipProtocol: UInt8,
                sourcePort: UInt16 = 0, destinationPort: UInt16 = 0, icmpType: UInt8 = 0, icmpCode: UInt8 = 0) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        let ports = IPProtocolNumber.hasPorts(ipProtocol)
        self.sourcePort = ports ? sourcePort : 0
        self.destinationPort = ports ? destinationPort : 0
        let icmp = IPProtocolNumber.isICMP(ipProtocol)
        self.icmpType = icmp ? icmpType : 0
        self.icmpCode = icmp ? icmpCode : 0
    }

    /// The packet's address family (that of its source address).
    public var family: AddressFamily { source.family }

    /// A short human description of the protocol part: "tcp/22", "icmp echo-request", "icmpv6 echo-request",
    /// "protocol 47".
    public var protocolDescription: String {
        switch ipProtocol {
        case IPProtocolNumber.tcp, IPProtocolNumber.udp: "\(IPProtocolNumber.name(ipProtocol))/\(destinationPort)"
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            "\(IPProtocolNumber.name(ipProtocol)) \(ICMPMessage.name(type: icmpType, code: icmpCode, ipProtocol: ipProtocol))"
        default: IPProtocolNumber.name(ipProtocol)
        }
    }

    public var description: String {
        switch ipProtocol {
        case IPProtocolNumber.tcp, IPProtocolNumber.udp:
            "\(IPProtocolNumber.name(ipProtocol)) \(source):\(sourcePort) → \(destination):\(destinationPort)"
        default:
            "\(protocolDescription) \(source) → \(destination)"
        }
    }
}

/// ICMP and ICMPv6 message types that matter for reachability, and the reply each query type gets.
public enum ICMPMessage {
    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let echoRequest: UInt8 = 8
    public static let timestampRequest: UInt8 = 13
    public static let timestampReply: UInt8 = 14
    /// ICMPv6 echo request and reply (RFC 4443).
    public static let echoRequestV6: UInt8 = 128
    public static let echoReplyV6: UInt8 = 129

    /// The echo request type of a protocol: 8 for ICMP, 128 for ICMPv6.
    public static func echoRequest(_ ipProtocol: UInt8) -> UInt8 { ipProtocol == IPProtocolNumber.icmpv6 ? echoRequestV6 : echoRequest }

    /// The echo reply type of a protocol: 0 for ICMP, 129 for ICMPv6.
    public static func echoReply(_ ipProtocol: UInt8) -> UInt8 { ipProtocol == IPProtocolNumber.icmpv6 ? echoReplyV6 : echoReply }

    /// The reply type of a query type (ICMP: echo, timestamp, information, address mask; ICMPv6: echo), nil for
    /// messages that get none.
    public static func replyType(to type: UInt8, ipProtocol: UInt8 = IPProtocolNumber.icmp) -> UInt8? {
        if ipProtocol == IPProtocolNumber.icmpv6 { return type == echoRequestV6 ? echoReplyV6 : nil }
        switch type {
        case 8: return 0
        case 13: return 14
        case 15: return 16
        case 17: return 18
        default: return nil
        }
    }

    public static func name(type: UInt8, code: UInt8, ipProtocol: UInt8 = IPProtocolNumber.icmp) -> String {
        if ipProtocol == IPProtocolNumber.icmpv6 {
            switch type {
            case 1: return "destination-unreachable code \(code)"
            case 2: return "packet-too-big"
            case 3: return "time-exceeded code \(code)"
            case 128: return "echo-request"
            case 129: return "echo-reply"
            default: return "type \(type) code \(code)"
            }
        }
        return switch type {
        case 0: "echo-reply"
        case 8: "echo-request"
        case 3: "destination-unreachable code \(code)"
        case 11: "time-exceeded code \(code)"
        case 13: "timestamp-request"
        case 14: "timestamp-reply"
        default: "type \(type) code \(code)"
        }
    }
}

extension Packet {
    /// The packet a responder sends back: addresses and ports swapped; an ICMP or ICMPv6 query gets its reply
    /// type. nil for ICMP messages that get no reply (errors such as destination-unreachable).
    public var response: Packet? {
        var reply = Packet(source: destination, destination: source, ipProtocol: ipProtocol,
                           sourcePort: destinationPort, destinationPort: sourcePort)
        if IPProtocolNumber.isICMP(ipProtocol) {
            guard let type = ICMPMessage.replyType(to: icmpType, ipProtocol: ipProtocol) else { return nil }
            reply.icmpType = type
            reply.icmpCode = 0
        }
        return reply
    }
}

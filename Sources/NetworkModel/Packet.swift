/// The header fields of an IPv4 packet that AWS's data plane looks at.
///
/// Ports are meaningful for TCP and UDP only and are 0 otherwise; ICMP type and code for ICMP only.
public struct Packet: Hashable, Sendable, CustomStringConvertible {
    public var source: IPv4Address
    public var destination: IPv4Address
    public var ipProtocol: UInt8
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var icmpType: UInt8
    public var icmpCode: UInt8

    public init(source: IPv4Address, destination: IPv4Address, ipProtocol: UInt8,
                sourcePort: UInt16 = 0, destinationPort: UInt16 = 0, icmpType: UInt8 = 0, icmpCode: UInt8 = 0) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        let ports = IPProtocolNumber.hasPorts(ipProtocol)
        self.sourcePort = ports ? sourcePort : 0
        self.destinationPort = ports ? destinationPort : 0
        let icmp = ipProtocol == IPProtocolNumber.icmp
        self.icmpType = icmp ? icmpType : 0
        self.icmpCode = icmp ? icmpCode : 0
    }

    /// A short human description of the protocol part: "tcp/22", "icmp echo-request", "protocol 47".
    public var protocolDescription: String {
        switch ipProtocol {
        case IPProtocolNumber.tcp, IPProtocolNumber.udp: "\(IPProtocolNumber.name(ipProtocol))/\(destinationPort)"
        case IPProtocolNumber.icmp: "icmp \(ICMPMessage.name(type: icmpType, code: icmpCode))"
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

/// ICMP message types that matter for reachability, and the reply each query type gets.
public enum ICMPMessage {
    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let echoRequest: UInt8 = 8
    public static let timestampRequest: UInt8 = 13
    public static let timestampReply: UInt8 = 14

    /// The reply type of an ICMP query type (echo, timestamp, information, address mask), nil for messages that get none.
    public static func replyType(to type: UInt8) -> UInt8? {
        switch type {
        case 8: 0
        case 13: 14
        case 15: 16
        case 17: 18
        default: nil
        }
    }

    public static func name(type: UInt8, code: UInt8) -> String {
        switch type {
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
    /// The packet a responder sends back: addresses and ports swapped; an ICMP query gets its reply type.
    /// nil for ICMP messages that get no reply (errors such as destination-unreachable).
    public var response: Packet? {
        var reply = Packet(source: destination, destination: source, ipProtocol: ipProtocol,
                           sourcePort: destinationPort, destinationPort: sourcePort)
        if ipProtocol == IPProtocolNumber.icmp {
            guard let type = ICMPMessage.replyType(to: icmpType) else { return nil }
            reply.icmpType = type
            reply.icmpCode = 0
        }
        return reply
    }
}

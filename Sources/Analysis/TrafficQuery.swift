import NetworkModel

/// The traffic a query asks about: protocol, ports, ICMP type and code. nil fields mean "any".
public struct TrafficSpec: Hashable, Sendable, CustomStringConvertible {
    public var ipProtocol: UInt8?
    /// For TCP and UDP: the destination ports asked about (nil: any).
    public var destinationPorts: PortRange?
    /// For TCP and UDP: the source ports a client may use (ephemeral unless stated).
    public var sourcePorts: PortRange
    public var icmpType: UInt8?
    public var icmpCode: UInt8?

    public init(ipProtocol: UInt8?, destinationPorts: PortRange? = nil, sourcePorts: PortRange = .ephemeral,
                icmpType: UInt8? = nil, icmpCode: UInt8? = nil) {
        self.ipProtocol = ipProtocol
        self.destinationPorts = destinationPorts
        self.sourcePorts = sourcePorts
        self.icmpType = icmpType
        self.icmpCode = icmpCode
    }

    /// The same traffic in `family`: ICMP and ICMPv6 swap (and echo request/reply types with them); the rest is
    /// the same in both.
    public func adapted(to family: AddressFamily) -> TrafficSpec {
        guard let number = ipProtocol, IPProtocolNumber.isICMP(number), number != IPProtocolNumber.icmp(family) else { return self }
        let target = IPProtocolNumber.icmp(family)
        var type = icmpType
        if type == ICMPMessage.echoRequest(number) { type = ICMPMessage.echoRequest(target) }
        else if type == ICMPMessage.echoReply(number) { type = ICMPMessage.echoReply(target) }
        return TrafficSpec(ipProtocol: target, destinationPorts: destinationPorts, sourcePorts: sourcePorts, icmpType: type, icmpCode: icmpCode)
    }

    /// Whether the traffic leaves no field of the packet open besides its addresses (ping: ICMP echo request,
    /// code 0), so that a packet of it between two addresses is one packet.
    public var fixesEveryField: Bool {
        guard let number = ipProtocol else { return false }
        if IPProtocolNumber.hasPorts(number) { return destinationPorts.map { $0.lower == $0.upper } == true && sourcePorts.lower == sourcePorts.upper }
        if IPProtocolNumber.isICMP(number) { return icmpType != nil && icmpCode != nil }
        return true
    }

    /// ICMP echo request (the reply is checked on the return leg).
    public static let ping = TrafficSpec(ipProtocol: IPProtocolNumber.icmp, icmpType: ICMPMessage.echoRequest, icmpCode: 0)
    public static let anyICMP = TrafficSpec(ipProtocol: IPProtocolNumber.icmp)
    public static let anyProtocol = TrafficSpec(ipProtocol: nil)
    public static func tcp(_ ports: PortRange) -> TrafficSpec { TrafficSpec(ipProtocol: IPProtocolNumber.tcp, destinationPorts: ports) }
    public static func udp(_ ports: PortRange) -> TrafficSpec { TrafficSpec(ipProtocol: IPProtocolNumber.udp, destinationPorts: ports) }
    public static func ipProtocol(_ number: UInt8) -> TrafficSpec { TrafficSpec(ipProtocol: number) }

    public var description: String {
        switch ipProtocol {
        case nil: return "any protocol"
        case let n? where IPProtocolNumber.isICMP(n):
            if icmpType == ICMPMessage.echoRequest(n) && icmpCode == 0 { return "ping" }
            let name = IPProtocolNumber.name(n)
            return icmpType.map { "\(name) type \($0)" + (icmpCode.map { " code \($0)" } ?? "") } ?? name
        case let n? where IPProtocolNumber.hasPorts(n):
            return "\(IPProtocolNumber.name(n))/\(destinationPorts?.description ?? "any")"
        case let n?: return "proto/\(n)"
        }
    }
}

/// One end of a query, as the analysis sees it.
public enum Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// A network interface, using (as source) or reached at (as destination) these addresses: its private
    /// addresses, or public addresses that an internet gateway maps to it.
    case interface(String, addresses: [IPAddress])
    /// The public addresses of a network interface, reached from the internet. If it has none, the analysis
    /// reports the missing public address as a blocker.
    case publicAddressOf(String)
    /// Hosts on the internet: those in a CIDR block (a /32 for one host), or (nil) any internet host.
    case internet(IPPrefix?)
    /// An AWS service (`com.amazonaws.us-east-1.s3`) reached through a gateway VPC endpoint, at the addresses of its
    /// prefix list. Only a destination: a service starts no connections.
    case service(String)
    /// Hosts on premises in a CIDR block (nil: anywhere), reached through a virtual private gateway.
    case onPremises(IPPrefix?)

    /// One host on the internet.
    public static func internetHost(_ address: IPAddress) -> Endpoint { .internet(IPPrefix.host(address)) }

    public var description: String {
        switch self {
        case .interface(let id, let addresses): "\(id) (\(addresses.map(\.description).joined(separator: ", ")))"
        case .publicAddressOf(let id): "public address of \(id)"
        case .internet(let prefix?): prefix.isHost ? "internet host \(prefix.network)" : "internet hosts in \(prefix)"
        case .internet(nil): "internet"
        case .service(let name): "service \(name)"
        case .onPremises(let prefix?): "on-premises hosts in \(prefix)"
        case .onPremises(nil): "on premises"
        }
    }

    /// Whether this is the public-address end of an interface (reached from the internet).
    public var isPublicAddressEnd: Bool { if case .publicAddressOf = self { true } else { false } }

    /// The network interface this endpoint is on, if any.
    public var interfaceID: String? {
        switch self {
        case .interface(let id, _), .publicAddressOf(let id): id
        case .internet, .service, .onPremises: nil
        }
    }
}

/// A reachability question: can traffic of this kind get from some source to some destination (and back)?
public struct TrafficQuery: Hashable, Sendable {
    public var sources: [Endpoint]
    public var destinations: [Endpoint]
    public var traffic: TrafficSpec
    /// Only the forward path; no response is required.
    public var oneWay: Bool
    /// IPv4 or IPv6: the packets asked about. Endpoint addresses and blocks of the other family are ignored.
    public var family: AddressFamily

    public init(sources: [Endpoint], destinations: [Endpoint], traffic: TrafficSpec, oneWay: Bool = false,
                family: AddressFamily = .ipv4) {
        self.sources = sources
        self.destinations = destinations
        self.traffic = traffic.adapted(to: family)
        self.oneWay = oneWay
        self.family = family
    }
}

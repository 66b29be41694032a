import NetworkModel

/// Where a packet starts or ends: a network interface, a host on the internet, an AWS service reached through
/// gateway endpoints, or a host on premises reached through a virtual private gateway.
public enum Location: Hashable, Sendable, CustomStringConvertible {
    case networkInterface(String)
    case internet
    /// An AWS service (`com.amazonaws.us-east-1.s3`) behind a gateway VPC endpoint.
    case service(String)
    /// A network on premises, behind a VPN connection or Direct Connect.
    case onPremises

    public var description: String {
        switch self {
        case .networkInterface(let id): id
        case .internet: "internet"
        case .service(let name): "service:\(name)"
        case .onPremises: "on-premises"
        }
    }
}

/// The forward packet, or the response that comes back.
public enum Leg: String, Hashable, Sendable, Codable, CustomStringConvertible {
    case forward
    case `return`

    public var description: String { rawValue }
}

import NetworkModel

/// Where a packet starts or ends: a network interface, or a host on the internet.
public enum Location: Hashable, Sendable, CustomStringConvertible {
    case networkInterface(String)
    case internet

    public var description: String {
        switch self {
        case .networkInterface(let id): id
        case .internet: "internet"
        }
    }
}

/// The forward packet, or the response that comes back.
public enum Leg: String, Hashable, Sendable, Codable, CustomStringConvertible {
    case forward
    case `return`

    public var description: String { rawValue }
}

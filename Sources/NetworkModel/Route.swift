/// Where a route sends matching packets.
public enum RouteTarget: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The VPC's own addresses: delivery inside the VPC.
    case local
    case internetGateway(String)
    case egressOnlyInternetGateway(String)
    case natGateway(String)
    case peeringConnection(String)
    case transitGateway(String)
    case virtualPrivateGateway(String)
    case networkInterface(String)
    case instance(String)
    case vpcEndpoint(String)
    case carrierGateway(String)
    case localGateway(String)
    case coreNetwork(String)
    /// A target kind this model does not know; kept so that nothing is silently lost.
    case other(String)

    /// The AWS id of the target ("local" for the local route).
    public var id: String {
        switch self {
        case .local: "local"
        case .internetGateway(let id), .egressOnlyInternetGateway(let id), .natGateway(let id),
             .peeringConnection(let id), .transitGateway(let id), .virtualPrivateGateway(let id),
             .networkInterface(let id), .instance(let id), .vpcEndpoint(let id), .carrierGateway(let id),
             .localGateway(let id), .coreNetwork(let id), .other(let id): id
        }
    }

    public var description: String { id }
}

/// What a route matches: a CIDR block or a managed prefix list.
public enum RouteDestination: Hashable, Codable, Sendable, CustomStringConvertible {
    case cidr(IPPrefix)
    case prefixList(String)

    public var description: String {
        switch self {
        case .cidr(let prefix): prefix.description
        case .prefixList(let id): id
        }
    }
}

/// One route of a route table.
public struct Route: Hashable, Codable, Sendable {
    public var destination: RouteDestination
    public var target: RouteTarget
    /// `false` for a route in state `blackhole` (its target is gone): it matches and drops.
    public var isActive: Bool
    /// `CreateRouteTable`, `CreateRoute` or `EnableVgwRoutePropagation`, as AWS reports it.
    public var origin: RouteOrigin?

    public init(destination: RouteDestination, target: RouteTarget, isActive: Bool = true, origin: RouteOrigin? = nil) {
        self.destination = destination
        self.target = target
        self.isActive = isActive
        self.origin = origin
    }
}

/// How a route got into its route table (EC2's `RouteOrigin`).
public struct RouteOrigin: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The local route, made with the route table.
    public static let createRouteTable = Self(rawValue: "CreateRouteTable")
    /// Added by `create-route` (or `replace-route`).
    public static let createRoute = Self(rawValue: "CreateRoute")
    /// Propagated from a virtual private gateway.
    public static let enableVgwRoutePropagation = Self(rawValue: "EnableVgwRoutePropagation")
}

/// A VPC endpoint. A gateway endpoint (S3, DynamoDB) is a route target: the route tables associated with it get a
/// route for the service's prefix list to it, and it carries TCP and ICMP echo to the service. An interface endpoint
/// is a network interface in a subnet (described by `describe-network-interfaces`), reached like any interface.
public struct VPCEndpoint: Hashable, Sendable {
    public let id: String
    public var vpcID: String
    /// `com.amazonaws.us-east-1.s3`, …
    public var serviceName: String
    /// `Gateway`, `Interface`, `GatewayLoadBalancer`, … as AWS reports it.
    public var endpointType: VPCEndpointType
    /// `pendingAcceptance`, `pending`, `available`, `deleting`, `deleted`, `rejected`, `failed`, `expired`.
    public var state: VPCEndpointState
    public var routeTableIDs: [String]
    public var subnetIDs: [String]
    public var networkInterfaceIDs: [String]
    public var tags: Tags

    public init(id: String, vpcID: String, serviceName: String, endpointType: VPCEndpointType, state: VPCEndpointState,
                routeTableIDs: [String] = [], subnetIDs: [String] = [], networkInterfaceIDs: [String] = [], tags: Tags = Tags()) {
        self.id = id
        self.vpcID = vpcID
        self.serviceName = serviceName
        self.endpointType = endpointType
        self.state = state
        self.routeTableIDs = routeTableIDs
        self.subnetIDs = subnetIDs
        self.networkInterfaceIDs = networkInterfaceIDs
        self.tags = tags
    }

    public var isGateway: Bool { endpointType == .gateway }
    public var isAvailable: Bool { state == .available }

    /// The short name of the service: `s3` for `com.amazonaws.us-east-1.s3`.
    public var shortServiceName: String { VPCEndpoint.shortName(of: serviceName) }

    public static func shortName(of serviceName: String) -> String {
        serviceName.split(separator: ".").last.map(String.init) ?? serviceName
    }

    /// Whether a gateway endpoint carries a packet of this protocol and ICMP type toward its service (`toService`)
    /// or back from it: TCP, ICMP echo requests toward the service and echo replies back (AWS Reachability
    /// Analyzer's VPCE_GATEWAY_PROTOCOL_RESTRICTION).
    public static func gatewayCarries(ipProtocol: UInt8, icmpType: UInt8, toService: Bool) -> Bool {
        if ipProtocol == IPProtocolNumber.tcp { return true }
        if ipProtocol == IPProtocolNumber.icmp { return icmpType == (toService ? ICMPMessage.echoRequest : ICMPMessage.echoReply) }
        return false
    }
}

/// The type of a VPC endpoint (EC2's `VpcEndpointType`). AWS prints `Gateway`, `Interface`, …; values compare
/// regardless of case.
public struct VPCEndpointType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let gateway = Self(rawValue: "Gateway")
    public static let interface = Self(rawValue: "Interface")
    public static let gatewayLoadBalancer = Self(rawValue: "GatewayLoadBalancer")

    public static func == (a: Self, b: Self) -> Bool { a.rawValue.lowercased() == b.rawValue.lowercased() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
}

/// The state of a VPC endpoint (EC2's `State`). `describe-vpc-endpoints` prints it in lower case (`available`), the
/// API reference capitalizes it (`Available`); values compare regardless of case.
public struct VPCEndpointState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pendingAcceptance = Self(rawValue: "pendingAcceptance")
    public static let pending = Self(rawValue: "pending")
    /// The only state in which an endpoint carries traffic.
    public static let available = Self(rawValue: "available")
    public static let deleting = Self(rawValue: "deleting")
    public static let deleted = Self(rawValue: "deleted")
    public static let rejected = Self(rawValue: "rejected")
    public static let failed = Self(rawValue: "failed")
    public static let expired = Self(rawValue: "expired")

    public static func == (a: Self, b: Self) -> Bool { a.rawValue.lowercased() == b.rawValue.lowercased() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
}

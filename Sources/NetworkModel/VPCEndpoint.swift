/// A VPC endpoint. A gateway endpoint (S3, DynamoDB) is a route target: the route tables associated with it get a
/// route for the service's prefix list to it, and it carries TCP and ICMP echo to the service. An interface endpoint
/// is a network interface in a subnet (described by `describe-network-interfaces`), reached like any interface.
public struct VPCEndpoint: Hashable, Codable, Sendable {
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
public struct VPCEndpointState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pendingAcceptance = Self(rawValue: "pendingAcceptance")
    public static let rejected = Self(rawValue: "rejected")
    public static let failed = Self(rawValue: "failed")
    public static let expired = Self(rawValue: "expired")

    public static func == (a: Self, b: Self) -> Bool { a.rawValue.lowercased() == b.rawValue.lowercased() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
}

/// Facts about gateway endpoints and the services behind them, shared by the walker and the SMT encoding.
extension Network {
    public var vpcEndpoints: [VPCEndpoint] { edge.vpcEndpoints }
    public func vpcEndpoint(_ id: String) -> VPCEndpoint? { edge.vpcEndpoint(id) }

    /// The gateway endpoints of a VPC for a service (every service when nil), not deleted.
    public func gatewayEndpoints(ofVPC vpcID: String, service: String? = nil) -> [VPCEndpoint] {
        edge.vpcEndpoints.filter {
            $0.isGateway && $0.vpcID == vpcID && $0.state != .deleted && (service == nil || $0.serviceName == service)
        }
    }

    /// The AWS prefix list of a service (`describe-prefix-lists` names it after the service).
    public func servicePrefixList(_ serviceName: String) -> PrefixList? { prefixLists.first { $0.name == serviceName } }

    /// The addresses of a service reached through gateway endpoints: its prefix list's CIDR blocks.
    public func serviceBlocks(_ serviceName: String) -> [IPPrefix] { servicePrefixList(serviceName)?.cidrBlocks ?? [] }

    /// The gateway-endpoint services of the snapshot that `name` stands for: a full service name
    /// (`com.amazonaws.us-east-1.s3`), a prefix list id, or the short name (`s3`, `dynamodb`), in every region the
    /// snapshot has an endpoint or a prefix list for.
    public func gatewayServices(named name: String) -> [String] {
        var candidates: [String] = []
        for endpoint in edge.vpcEndpoints where endpoint.isGateway { candidates.appendIfMissing(endpoint.serviceName) }
        for list in prefixLists where list.name.hasPrefix("com.amazonaws.") { candidates.appendIfMissing(list.name) }
        if let list = prefixList(name) { return [list.name] }
        let wanted = name.lowercased()
        return candidates.filter { $0.lowercased() == wanted || VPCEndpoint.shortName(of: $0).lowercased() == wanted }
    }
}

/// A NAT gateway: translates the source address of connections started inside its VPC to its own private
/// address (and, for a public NAT gateway, through an internet gateway to its Elastic IP). Nothing outside can
/// start a connection through it.
public struct NATGateway: Hashable, Codable, Sendable {
    /// One address of the NAT gateway: a private address on its network interface and, for a public NAT gateway,
    /// the Elastic IP an internet gateway maps it to.
    public struct Address: Hashable, Codable, Sendable {
        public var privateAddress: IPAddress?
        public var publicAddress: IPAddress?
        public var allocationID: String?
        public var networkInterfaceID: String?
        public var isPrimary: Bool

        public init(privateAddress: IPAddress?, publicAddress: IPAddress? = nil, allocationID: String? = nil,
                    networkInterfaceID: String? = nil, isPrimary: Bool = true) {
            self.privateAddress = privateAddress
            self.publicAddress = publicAddress
            self.allocationID = allocationID
            self.networkInterfaceID = networkInterfaceID
            self.isPrimary = isPrimary
        }
    }

    public let id: String
    public var vpcID: String
    public var subnetID: String
    /// Only `available` forwards traffic.
    public var state: NATGatewayState
    /// `public` (the default) or `private`.
    public var connectivityType: ConnectivityType
    public var addresses: [Address]
    public var failureMessage: String?
    public var tags: Tags

    public init(id: String, vpcID: String, subnetID: String, state: NATGatewayState, connectivityType: ConnectivityType = .public,
                addresses: [Address] = [], failureMessage: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.vpcID = vpcID
        self.subnetID = subnetID
        self.state = state
        self.connectivityType = connectivityType
        self.addresses = addresses
        self.failureMessage = failureMessage
        self.tags = tags
    }

    public var isAvailable: Bool { state == .available }
    public var isPublic: Bool { connectivityType != .private }

    /// The address connections are translated to: the primary one.
    public var primaryAddress: Address? { addresses.first(where: \.isPrimary) ?? addresses.first }

    /// The network interface the NAT gateway sends and receives on.
    public var networkInterfaceID: String? { primaryAddress?.networkInterfaceID ?? addresses.lazy.compactMap(\.networkInterfaceID).first }

    /// The protocols a NAT gateway translates: TCP, UDP and ICMP.
    public static func translates(_ ipProtocol: UInt8) -> Bool {
        ipProtocol == IPProtocolNumber.tcp || ipProtocol == IPProtocolNumber.udp || ipProtocol == IPProtocolNumber.icmp
    }

    /// The source port a NAT gateway gives a translated TCP or UDP connection. AWS remaps it into the ephemeral
    /// range 1024-65535 without saying which port it picks; PathProof keeps the client's port when it is already
    /// in that range and takes 1024 for a port below it (the response comes back to that port, which the NAT
    /// gateway's subnet's network ACL must let in).
    public static func translatedPort(_ port: UInt16) -> UInt16 { port >= PortRange.ephemeral.lower ? port : PortRange.ephemeral.lower }
}

/// The state of a NAT gateway (EC2's `NatGatewayState`).
public struct NATGatewayState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let failed = Self(rawValue: "failed")
}

/// Whether a NAT gateway translates to a public address through an internet gateway (EC2's `ConnectivityType`).
public struct ConnectivityType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// AWS's default.
    public static let `public` = Self(rawValue: "public")
    public static let `private` = Self(rawValue: "private")
}

/// Facts about NAT gateways, shared by the walker and the SMT encoding.
extension Network {
    public var natGateways: [NATGateway] { edge.natGateways }
    public func natGateway(_ id: String) -> NATGateway? { edge.natGateway(id) }

    /// The NAT gateways of a VPC that are not deleted.
    public func natGateways(ofVPC vpcID: String) -> [NATGateway] {
        edge.natGateways.filter { $0.vpcID == vpcID && $0.state != .deleted }
    }

    /// The NAT gateway an interface belongs to, if it is a NAT gateway's interface.
    public func natGateway(ofInterface interface: NetworkInterface) -> NATGateway? { edge.natGateway(ofInterface: interface.id) }

    /// The network interface a NAT gateway sends and receives on.
    public func networkInterface(ofNATGateway nat: NATGateway) -> NetworkInterface? {
        if let id = nat.networkInterfaceID, let interface = networkInterface(id) { return interface }
        return nat.primaryAddress?.privateAddress.flatMap { networkInterface(privateAddress: $0) }
    }

    /// The private address a NAT gateway translates connections to.
    public func translationAddress(of nat: NATGateway) -> IPAddress? {
        nat.primaryAddress?.privateAddress ?? networkInterface(ofNATGateway: nat)?.primaryAddress
    }
}

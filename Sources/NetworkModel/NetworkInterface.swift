/// An elastic network interface (ENI): where traffic enters and leaves the VPC's data plane.
public struct NetworkInterface: Hashable, Codable, Sendable {
    /// An address of the interface: a private IPv4 address, with the public address (auto-assigned or Elastic IP)
    /// that an internet gateway maps it to, if any; or an IPv6 address (global, never mapped).
    public struct InterfaceAddress: Hashable, Codable, Sendable {
        public var address: IPAddress
        public var isPrimary: Bool
        public var publicAddress: IPAddress?
        /// The Elastic IP allocation behind `publicAddress`, when it is one.
        public var elasticIPAllocationID: String?

        public init(address: IPAddress, isPrimary: Bool, publicAddress: IPAddress? = nil, elasticIPAllocationID: String? = nil) {
            self.address = address
            self.isPrimary = isPrimary
            self.publicAddress = publicAddress
            self.elasticIPAllocationID = elasticIPAllocationID
        }
    }

    public let id: String
    public var subnetID: String
    public var vpcID: String
    /// The instance it is attached to, if any.
    public var instanceID: String?
    /// `in-use` when attached, `available` when not.
    public var status: NetworkInterfaceStatus
    public var sourceDestinationCheck: Bool
    public var securityGroupIDs: [String]
    /// Its private IPv4 addresses (the primary first), then its IPv6 addresses.
    public var addresses: [InterfaceAddress]
    /// `interface`, `nat_gateway`, `transit_gateway`, `vpc_endpoint`, … as AWS reports it.
    public var interfaceType: NetworkInterfaceType?
    public var interfaceDescription: String?
    public var tags: Tags

    public init(id: String, subnetID: String, vpcID: String, instanceID: String? = nil, status: NetworkInterfaceStatus = .inUse,
                sourceDestinationCheck: Bool = true, securityGroupIDs: [String] = [], addresses: [InterfaceAddress] = [],
                interfaceType: NetworkInterfaceType? = nil, interfaceDescription: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.subnetID = subnetID
        self.vpcID = vpcID
        self.instanceID = instanceID
        self.status = status
        self.sourceDestinationCheck = sourceDestinationCheck
        self.securityGroupIDs = securityGroupIDs
        self.addresses = addresses
        self.interfaceType = interfaceType
        self.interfaceDescription = interfaceDescription
        self.tags = tags
    }

    /// The primary private IPv4 address.
    public var primaryAddress: IPAddress? {
        (addresses.first { $0.isPrimary && $0.address.family == .ipv4 } ?? addresses.first { $0.address.family == .ipv4 })?.address
    }

    /// Its addresses of one family.
    public func addresses(_ family: AddressFamily) -> [IPAddress] { addresses.map(\.address).filter { $0.family == family } }

    public func owns(_ address: IPAddress) -> Bool { addresses.contains { $0.address == address } }

    /// Whether this is a transit gateway VPC attachment's interface in its subnet (`InterfaceType` `transit_gateway`).
    public var isTransitGatewayAttachment: Bool { interfaceType == .transitGateway }

    /// The public address an internet gateway maps `privateAddress` to.
    public func publicAddress(for privateAddress: IPAddress) -> IPAddress? {
        addresses.first { $0.address == privateAddress }?.publicAddress
    }
}

/// The status of a network interface (EC2's `NetworkInterfaceStatus`).
public struct NetworkInterfaceStatus: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Not attached to anything.
    public static let available = Self(rawValue: "available")
    public static let associated = Self(rawValue: "associated")
    public static let attaching = Self(rawValue: "attaching")
    /// Attached: the only status in which an interface sends or receives traffic.
    public static let inUse = Self(rawValue: "in-use")
    public static let detaching = Self(rawValue: "detaching")
}

/// What a network interface belongs to (EC2's `NetworkInterfaceType`), as AWS reports it.
public struct NetworkInterfaceType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An instance's interface (or one created on its own).
    public static let interface = Self(rawValue: "interface")
    public static let natGateway = Self(rawValue: "nat_gateway")
    public static let transitGateway = Self(rawValue: "transit_gateway")
    public static let vpcEndpoint = Self(rawValue: "vpc_endpoint")
}

extension Network {
    /// Whether an interface is an end of traffic, one that starts and accepts connections. A NAT gateway's
    /// interface is not: it only forwards connections started inside its VPC. Nor is a transit gateway
    /// attachment's (`transit_gateway`): it only carries its VPC's traffic to and from the transit gateway.
    public func isTrafficEndpoint(_ interface: NetworkInterface) -> Bool {
        interface.interfaceType != .natGateway && !interface.isTransitGatewayAttachment && natGateway(ofInterface: interface) == nil
    }

    /// The interface of `vpcID` that has `address` as a private address.
    public func networkInterface(privateAddress address: IPAddress, inVPC vpcID: String) -> NetworkInterface? {
        guard let interface = networkInterface(privateAddress: address), interface.vpcID == vpcID else { return nil }
        return interface
    }
}

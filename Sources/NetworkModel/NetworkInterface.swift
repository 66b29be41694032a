/// An elastic network interface (ENI): where traffic enters and leaves the VPC's data plane.
public struct NetworkInterface: Hashable, Sendable {
    /// A private IPv4 address of the interface, with the public address (auto-assigned or Elastic IP) that an
    /// internet gateway maps it to, if any.
    public struct PrivateAddress: Hashable, Sendable {
        public var address: IPv4Address
        public var isPrimary: Bool
        public var publicAddress: IPv4Address?
        /// The Elastic IP allocation behind `publicAddress`, when it is one.
        public var elasticIPAllocationID: String?

        public init(address: IPv4Address, isPrimary: Bool, publicAddress: IPv4Address? = nil, elasticIPAllocationID: String? = nil) {
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
    public var status: String
    public var sourceDestinationCheck: Bool
    public var securityGroupIDs: [String]
    public var privateAddresses: [PrivateAddress]
    /// `interface`, `nat_gateway`, `transit_gateway`, `vpc_endpoint`, … as AWS reports it.
    public var interfaceType: String?
    public var interfaceDescription: String?
    public var tags: Tags

    public init(id: String, subnetID: String, vpcID: String, instanceID: String? = nil, status: String = "in-use",
                sourceDestinationCheck: Bool = true, securityGroupIDs: [String] = [], privateAddresses: [PrivateAddress] = [],
                interfaceType: String? = nil, interfaceDescription: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.subnetID = subnetID
        self.vpcID = vpcID
        self.instanceID = instanceID
        self.status = status
        self.sourceDestinationCheck = sourceDestinationCheck
        self.securityGroupIDs = securityGroupIDs
        self.privateAddresses = privateAddresses
        self.interfaceType = interfaceType
        self.interfaceDescription = interfaceDescription
        self.tags = tags
    }

    public var primaryAddress: IPv4Address? { (privateAddresses.first { $0.isPrimary } ?? privateAddresses.first)?.address }

    public func owns(_ address: IPv4Address) -> Bool { privateAddresses.contains { $0.address == address } }

    /// The public address an internet gateway maps `privateAddress` to.
    public func publicAddress(for privateAddress: IPv4Address) -> IPv4Address? {
        privateAddresses.first { $0.address == privateAddress }?.publicAddress
    }
}

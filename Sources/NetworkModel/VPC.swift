/// A virtual private cloud: an isolated network with one or more IPv4 CIDR blocks, and maybe IPv6 blocks.
public struct VPC: Hashable, Codable, Sendable {
    public let id: String
    /// Every associated CIDR block: the IPv4 blocks (the primary first), then the IPv6 blocks.
    public var cidrBlocks: [IPPrefix]
    public var ownerID: String?
    public var region: String?
    public var isDefault: Bool
    public var tags: Tags
    /// `enableDnsSupport` (`describe-vpc-attribute`): whether the Amazon DNS server resolves names for the VPC;
    /// nil when the snapshot does not hold the attribute (`Network.dnsSupport(of:)` applies AWS's default).
    public var enableDnsSupport: Bool?
    /// `enableDnsHostnames`: whether instances get public DNS hostnames; nil when the snapshot does not hold it.
    public var enableDnsHostnames: Bool?

    public init(id: String, cidrBlocks: [IPPrefix], ownerID: String? = nil, region: String? = nil,
                isDefault: Bool = false, tags: Tags = Tags()) {
        self.id = id
        self.cidrBlocks = cidrBlocks
        self.ownerID = ownerID
        self.region = region
        self.isDefault = isDefault
        self.tags = tags
    }

    public func contains(_ address: IPAddress) -> Bool { cidrBlocks.contains { $0.contains(address) } }
}

/// A subnet: a range of a VPC's addresses in one availability zone. A dual-stack subnet has an IPv4 block and an
/// IPv6 /64; an IPv6-only subnet has only the latter.
public struct Subnet: Hashable, Codable, Sendable {
    public let id: String
    public var vpcID: String
    /// Its CIDR blocks: the IPv4 block first (when it has one), then the IPv6 blocks.
    public var cidrBlocks: [IPPrefix]
    public var availabilityZone: String?
    public var tags: Tags

    public init(id: String, vpcID: String, cidrBlocks: [IPPrefix], availabilityZone: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.vpcID = vpcID
        self.cidrBlocks = cidrBlocks
        self.availabilityZone = availabilityZone
        self.tags = tags
    }

    /// The subnet's block of `family`, if it has one.
    public func cidrBlock(_ family: AddressFamily) -> IPPrefix? { cidrBlocks.first { $0.family == family } }

    public func contains(_ address: IPAddress) -> Bool { cidrBlocks.contains { $0.contains(address) } }

    /// "10.1.1.0/24, 2600:1f18:1234:5601::/64".
    public var cidrDescription: String { cidrBlocks.map(\.description).joined(separator: ", ") }
}

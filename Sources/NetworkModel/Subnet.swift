/// A subnet: a range of a VPC's addresses in one availability zone.
public struct Subnet: Hashable, Sendable {
    public let id: String
    public var vpcID: String
    public var cidrBlock: IPv4Prefix
    public var availabilityZone: String?
    public var tags: Tags

    public init(id: String, vpcID: String, cidrBlock: IPv4Prefix, availabilityZone: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.vpcID = vpcID
        self.cidrBlock = cidrBlock
        self.availabilityZone = availabilityZone
        self.tags = tags
    }
}

/// A managed prefix list (customer- or AWS-managed) or an AWS service prefix list: a named set of CIDRs.
public struct PrefixList: Hashable, Sendable {
    public let id: String
    public var name: String
    public var cidrBlocks: [IPv4Prefix]

    public init(id: String, name: String, cidrBlocks: [IPv4Prefix]) {
        self.id = id
        self.name = name
        self.cidrBlocks = cidrBlocks
    }
}

/// A managed prefix list (customer- or AWS-managed) or an AWS service prefix list: a named set of CIDRs.
public struct PrefixList: Hashable, Codable, Sendable {
    public let id: String
    public var name: String
    public var cidrBlocks: [IPPrefix]

    public init(id: String, name: String, cidrBlocks: [IPPrefix]) {
        self.id = id
        self.name = name
        self.cidrBlocks = cidrBlocks
    }
}

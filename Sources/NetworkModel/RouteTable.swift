/// A VPC route table and the subnets that use it.
public struct RouteTable: Hashable, Sendable {
    public let id: String
    public var vpcID: String
    public var routes: [Route]
    /// Subnets explicitly associated with this table.
    public var subnetIDs: [String]
    /// Whether this is its VPC's main route table (used by every subnet without an explicit association).
    public var isMain: Bool
    /// Gateways (igw-, vgw-) with an edge association: the table routes traffic entering the VPC through them.
    public var gatewayIDs: [String]
    public var tags: Tags

    public init(id: String, vpcID: String, routes: [Route], subnetIDs: [String] = [], isMain: Bool = false,
                gatewayIDs: [String] = [], tags: Tags = Tags()) {
        self.id = id
        self.vpcID = vpcID
        self.routes = routes
        self.subnetIDs = subnetIDs
        self.isMain = isMain
        self.gatewayIDs = gatewayIDs
        self.tags = tags
    }
}

/// One entry of a route table's forwarding order: a route and one CIDR it matches (a prefix-list route
/// contributes one entry per CIDR of its list).
public struct RoutingEntry: Hashable, Sendable {
    public let prefix: IPPrefix
    public let route: Route

    public init(prefix: IPPrefix, route: Route) {
        self.prefix = prefix
        self.route = route
    }
}

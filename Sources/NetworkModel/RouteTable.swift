/// A VPC route table and the subnets that use it.
public struct RouteTable: Hashable, Codable, Sendable {
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

extension Network {
    /// The route table with an edge association to a gateway (igw-, vgw-) in a VPC: it routes the traffic that
    /// enters the VPC through that gateway.
    public func edgeRouteTable(ofGateway gatewayID: String, vpc vpcID: String) -> RouteTable? {
        routeTables(inVPC: vpcID).first { $0.gatewayIDs.contains(gatewayID) }
    }

    /// Whether a route target takes packets out of every VPC for good: a gateway endpoint (to its service) or a
    /// virtual private gateway (on premises), as the snapshot describes them. A NAT gateway or an appliance routes
    /// the packet again, and a target the snapshot does not describe may do anything.
    public func endsOutsideVPCs(_ target: RouteTarget) -> Bool {
        switch target {
        case .vpcEndpoint(let id): vpcEndpoint(id)?.isGateway == true
        case .virtualPrivateGateway(let id): vpnGateway(id) != nil
        default: false
        }
    }
}

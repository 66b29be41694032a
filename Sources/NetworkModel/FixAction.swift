/// One AWS API call a fix makes, with the parameters it needs. Each maps to one `aws ec2 …` command (rendered by
/// `FixAction.awsCommand` in Questions, for display only) and is made on a snapshot's JSON by `SnapshotEditor`; the
/// identifiers of resources a fix creates are synthetic (`pcx-pathproof0001`) and stand for the ids AWS returns.
public enum FixAction: Hashable, Sendable {
    /// `create-route`: a new route (the table has none for exactly this destination).
    case createRoute(table: String, destination: IPPrefix, target: RouteTarget)
    /// `replace-route`: the route for exactly this destination gets a new target (a blackhole, or a wrong target).
    case replaceRoute(table: String, destination: RouteDestination, target: RouteTarget)
    /// `delete-route`: a route that shadows the local route.
    case deleteRoute(table: String, destination: RouteDestination)
    /// `authorize-security-group-ingress` / `-egress`.
    case authorizeSecurityGroupRule(group: String, direction: Direction, rule: SecurityGroupRule)
    /// `create-network-acl-entry`: a new numbered rule (the number is free in its direction).
    case createNetworkACLEntry(acl: String, entry: NetworkACLEntry)
    /// `replace-network-acl-entry`: the rule with this number and direction is replaced.
    case replaceNetworkACLEntry(acl: String, entry: NetworkACLEntry)
    /// `create-vpc-peering-connection`, requested from `requesterVPC`; the region and owner of the accepter are
    /// given when they differ from the requester's.
    case createPeeringConnection(id: String, requesterVPC: String, accepterVPC: String, accepterRegion: String?, accepterOwner: String?)
    /// `accept-vpc-peering-connection`, run in the accepter's region (given when the peering is inter-region).
    case acceptPeeringConnection(id: String, region: String?)
    case createInternetGateway(id: String)
    case attachInternetGateway(id: String, vpc: String)
    /// `allocate-address --domain vpc`: a new Elastic IP.
    case allocateAddress(allocationID: String, publicAddress: IPAddress)
    /// `associate-address`: an Elastic IP mapped to one private address of an interface.
    case associateAddress(allocationID: String, interface: String, privateAddress: IPAddress)
    /// `start-instances`.
    case startInstance(String)
    /// `create-transit-gateway-route`: a static route in a transit gateway route table.
    case createTransitGatewayRoute(table: String, destination: IPPrefix, attachment: String)
    /// `replace-transit-gateway-route`: the static route for exactly this destination (a blackhole, or one to
    /// another attachment) sends to `attachment`.
    case replaceTransitGatewayRoute(table: String, destination: IPPrefix, attachment: String)
    /// `enable-transit-gateway-route-table-propagation`: a VPC attachment's CIDR blocks become propagated routes.
    case enableTransitGatewayPropagation(table: String, attachment: String)
    /// `associate-transit-gateway-route-table`: the route table that routes what comes in by the attachment.
    case associateTransitGatewayRouteTable(table: String, attachment: String)
    /// `modify-transit-gateway-vpc-attachment --add-subnet-ids`: subnets (one per zone) added to a VPC attachment.
    case addTransitGatewayAttachmentSubnets(attachment: String, subnets: [String])
    /// `accept-transit-gateway-vpc-attachment`, or `accept-transit-gateway-peering-attachment` for a peering.
    case acceptTransitGatewayAttachment(id: String, peering: Bool)
    /// `modify-network-interface-attribute --no-source-dest-check`: an appliance's interface forwards traffic.
    case disableSourceDestinationCheck(interface: String)
    /// `create-vpc-endpoint --vpc-endpoint-type Gateway`: a gateway endpoint for a service, serving no route table yet.
    case createGatewayEndpoint(id: String, vpc: String, service: String)
    /// `modify-vpc-endpoint --add-route-table-ids`: the table gets the endpoint's route for the service's prefix list.
    case addGatewayEndpointRouteTable(endpoint: String, table: String)
    /// `attach-vpn-gateway`.
    case attachVPNGateway(id: String, vpc: String)
    /// `create-vpn-connection-route`: a static route of a VPN connection to an on-premises block.
    case createVPNConnectionRoute(connection: String, destination: IPPrefix)
}

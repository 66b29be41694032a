import NetworkModel
import Simulation

/// One AWS API call a fix makes, with the parameters it needs. Each maps to one `aws ec2 …` command; the
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

/// One configuration element changed by a fix, in one sentence, with the AWS calls that change it.
public struct FixChange: Hashable, Sendable {
    /// What kind of change it is; fixes of equal size are ranked by their kinds, narrowest first.
    public enum Kind: Int, Hashable, Sendable, Comparable {
        /// An allow rule in a security group.
        case securityGroupRule
        /// An allow rule in a network ACL.
        case networkACLRule
        /// A route created, replaced or deleted (in a VPC or a transit gateway route table), or a propagation enabled.
        case route
        /// A transit gateway attachment associated with a route table.
        case transitGatewayAssociation
        /// A pending peering connection accepted.
        case peeringAcceptance
        /// A stopped instance started.
        case instanceStart
        /// An appliance's source/destination check turned off.
        case interfaceAttribute
        /// An internet gateway attached.
        case gatewayAttachment
        /// A transit gateway attachment accepted, or given a subnet in another zone.
        case transitGatewayAttachment
        /// A new Elastic IP associated.
        case publicAddress
        /// A new peering connection (requested and accepted).
        case newPeering
        /// A new internet gateway (created and attached).
        case newGateway
        /// A new gateway endpoint (created, then associated with route tables).
        case newEndpoint

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let kind: Kind
    /// The configuration element whose condition the change makes true (a route table on one leg, an SG, …).
    public let checkpoint: Checkpoint
    /// The AWS id of the element changed (rtb-…, sg-…, acl-…, pcx-…, igw-…, eni-…, i-…), or of the one created.
    public let component: String
    /// The leg whose condition failed, where the element is leg-specific (routes, network ACLs).
    public let leg: Leg?
    /// "add route 10.2.0.0/16 → pcx-… to rtb-… NextWork-1-rtb-public".
    public let summary: String
    /// The AWS calls, in order.
    public let actions: [FixAction]

    public init(kind: Kind, checkpoint: Checkpoint, component: String, leg: Leg?, summary: String, actions: [FixAction]) {
        self.kind = kind
        self.checkpoint = checkpoint
        self.component = component
        self.leg = leg
        self.summary = summary
        self.actions = actions
    }
}

/// A set of changes that makes an unreachable query reachable, checked by answering the query again on the
/// network with the changes applied.
public struct Fix: Sendable {
    public let changes: [FixChange]
    /// A packet that gets through (and back) once the changes are made: the witness of the check.
    public let packet: Packet?

    public init(changes: [FixChange], packet: Packet?) {
        self.changes = changes
        self.packet = packet
    }

    /// Every AWS call of the fix, in order.
    public var actions: [FixAction] { changes.flatMap(\.actions) }
}

/// The fixes for a query: its answer as the network stands and, when it is unreachable, the smallest sets of
/// changes that make it reachable, ranked.
public struct FixReport: Sendable {
    /// The query's answer on the network as it is.
    public let answer: Answer
    /// Fewest changes first; for equal sizes, narrowest kinds of change first, then by the changes' text.
    public let fixes: [Fix]
    /// Why there are no (or not more) fixes, when there is something to say.
    public let note: String?

    public init(answer: Answer, fixes: [Fix], note: String?) {
        self.answer = answer
        self.fixes = fixes
        self.note = note
    }
}

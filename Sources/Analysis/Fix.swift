import NetworkModel
import Simulation

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
        /// A listener added to a load balancer: wider than a rule or a route (it opens a port of the load balancer
        /// to every client that reaches its nodes), narrower than changing or creating a resource.
        case listener
        /// A load balancer's or target group's configuration: cross-zone load balancing turned on, a zone enabled,
        /// a target registered.
        case loadBalancerConfiguration
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

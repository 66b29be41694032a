import NetworkModel
import Simulation
import SMT

/// What a route table is expected to do on a path: the next hop the path takes.
enum RouteIntent: Hashable {
    case local(vpc: String)
    case peering(String, peerVPC: String)
    /// A peering connection that does not exist yet.
    case newPeering(peerVPC: String)
    case internetGateway(String)
    /// An internet gateway the VPC does not have yet.
    case newInternetGateway
    /// A transit gateway (the VPC's attachment to it).
    case transitGateway(String)
}

/// One condition of a path: a formula, the checkpoint that owns it (nil for facts of the query itself, such as
/// which addresses the destination has), and the packet as it is at that point.
struct PathCondition {
    enum Role {
        case fact
        case liveness(NetworkInterface)
        case securityGroups(NetworkInterface, Direction)
        case networkACL(NetworkACL, Direction, subnet: String)
        case route(RouteTable, RouteIntent)
        case peeringState(VPCPeeringConnection)
        case missingPeering(from: String, to: String)
        case gatewayAttachment(String, vpc: String)
        case missingGateway(vpc: String)
        case publicAddress(NetworkInterface, IPv4Address, ingress: Bool)
        /// A transit gateway is available.
        case transitGatewayState(TransitGateway)
        /// A transit gateway attachment end is available.
        case transitGatewayAttachmentState(TransitGatewayAttachment)
        /// A VPC attachment has a subnet in `zone`, where `subnet` (the sender's) is.
        case transitGatewayAttachmentZone(TransitGatewayAttachment, subnet: String, zone: String)
        /// An attachment end without an association is associated with `table`.
        case transitGatewayAssociation(TransitGatewayAttachment, table: TransitGatewayRouteTable)
        /// A transit gateway route table sends the packet to `target` (an attachment end of the table's gateway).
        case transitGatewayRoute(TransitGatewayRouteTable, target: TransitGatewayAttachment)
    }

    let term: Term
    let checkpoint: Checkpoint?
    let role: Role
    let packet: SymbolicPacket
}

/// A candidate path: the conditions a packet must meet along it, the packet as it arrives, and where it ends.
struct SymbolicPath {
    enum End {
        case delivered(Location)
        case unsupported(String)
    }

    var conditions: [PathCondition]
    var packet: SymbolicPacket
    var end: End
    var leg: Leg

    var location: Location? {
        if case .delivered(let location) = end { return location }
        return nil
    }
}

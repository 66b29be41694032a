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
    /// An egress-only internet gateway (IPv6).
    case egressOnlyGateway(String)
    /// A transit gateway (the VPC's attachment to it).
    case transitGateway(String)
    /// A NAT gateway.
    case natGateway(String)
    /// An appliance: the route target `eni-…` or `i-…` (an instance's primary interface).
    case appliance(RouteTarget)
    /// A gateway endpoint, for its service's prefix list.
    case gatewayEndpoint(String)
    /// A gateway endpoint for a service that the VPC does not have yet.
    case newGatewayEndpoint(service: String)
    /// A virtual private gateway.
    case vpnGateway(String)
    /// A virtual private gateway the VPC does not have yet.
    case newVPNGateway
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
        case publicAddress(NetworkInterface, IPAddress, ingress: Bool)
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
        /// A transit gateway's VPN or Direct Connect gateway attachment has a link on premises that carries the
        /// packet (the VPC-side address is the packet's source when `outbound`, its destination otherwise).
        case transitGatewayOnPremisesLink(TransitGatewayAttachment, outbound: Bool)
        /// A NAT gateway is available.
        case natGatewayState(NATGateway)
        /// An appliance's source/destination check is off.
        case sourceDestinationCheck(NetworkInterface)
        /// A gateway endpoint is available.
        case endpointState(VPCEndpoint)
        /// A VPC has a gateway endpoint for a service (it has none).
        case missingEndpoint(vpc: String, service: String)
        /// A virtual private gateway is attached to a VPC.
        case vpnGatewayAttachment(VirtualPrivateGateway, vpc: String)
        /// A VPC has a virtual private gateway (it has none).
        case missingVPNGateway(vpc: String)
        /// A virtual private gateway is available.
        case vpnGatewayState(VirtualPrivateGateway)
        /// A virtual private gateway has a link on premises that carries the packet (the VPC-side address is the
        /// packet's source when `outbound`, its destination otherwise).
        case onPremisesLink(VirtualPrivateGateway, outbound: Bool)
        /// A load balancer's listener takes the packet (the first on its port and protocol).
        case loadBalancerListener(LoadBalancer)
        /// A load balancer node routes to a candidate target that cross-zone load balancing, its zone or its
        /// registration keeps it from today.
        case loadBalancerRestriction(LoadBalancerCandidate)
    }

    let term: Term
    let checkpoint: Checkpoint?
    let role: Role
    let packet: SymbolicPacket
    /// Why the snapshot does not say what this step does (a security group or network ACL no output describes).
    /// `term` is still what the model says (groups no output describes have no rules; a subnet without a network
    /// ACL has no ACL condition), which the walker shares; a path holding a gap gives no verdict (`Encoding`), as if
    /// the condition let every packet through.
    var gap: String? = nil
    /// What also makes the condition hold once another checkpoint changes: `term` there, under that change (a
    /// security group's reference to a group across a peering connection pending acceptance resolves once the
    /// connection is accepted). The blocker search relaxes the condition when its checkpoint or, with `term`
    /// holding, the other one changes, so that the other change alone is the blocker: the root cause, not also
    /// its consequence.
    var revivals: [(checkpoint: Checkpoint, term: Term)] = []
}

extension SymbolicPath {
    /// The first step of the path the snapshot does not describe (`PathCondition.gap`), if any.
    var gap: String? { conditions.lazy.compactMap(\.gap).first }
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
    /// What the path met that its response depends on (a forward path's NAT gateway, exit, appliances).
    var state = SymbolicState()

    var location: Location? {
        if case .delivered(let location) = end { return location }
        return nil
    }
}

/// What a candidate path met that its response depends on: the symbolic counterpart of the walker's
/// `ConnectionState`.
struct SymbolicState {
    /// A NAT gateway's translation: the client's address and port, the NAT gateway's address and the port it gave.
    struct NATBinding {
        let gateway: String
        let interface: String
        let client: Term
        let clientPort: Term
        let address: IPAddress
        let port: Term
    }

    /// A load balancer node's forwarding: the client's address and port, the node address and listener port the
    /// client connected to, and the source of the node's packet to the target.
    struct LoadBalancerBinding {
        let loadBalancer: String
        let node: String
        let target: String
        let client: Term
        let clientPort: Term
        let address: Term
        let listenerPort: Term
        let source: Term
        let nodeAddress: IPAddress
        let preservesClientIP: Bool
    }

    var nat: NATBinding?
    var loadBalancer: LoadBalancerBinding?
    /// The gateway endpoint or virtual private gateway the path left its VPC by.
    var exit: String?
    /// The appliance interfaces the path crossed.
    var appliances: [String] = []
}

/// The context of a sequence of hops: where it must end, on which leg, the state, the appliances this leg has
/// crossed, and the interface whose private address the packet's source is (an internet gateway maps that one).
struct EdgeHop {
    var destination: Endpoint
    let leg: Leg
    var state: SymbolicState
    var crossed: [String] = []
    var origin: NetworkInterface?
}

extension Endpoint {
    /// Where this endpoint sends from, for the walker.
    public var location: Location {
        switch self {
        case .interface(let id, _), .publicAddressOf(let id): .networkInterface(id)
        case .internet: .internet
        case .service(let name): .service(name)
        case .onPremises: .onPremises
        }
    }

    /// The endpoint a response starts from, where its request was delivered.
    static func origin(at location: Location) -> Endpoint {
        switch location {
        case .networkInterface(let id): .interface(id, addresses: [])
        case .internet: .internet(nil)
        case .service(let name): .service(name)
        case .onPremises: .onPremises(nil)
        }
    }

    /// The endpoint a response must get back to, for a request sent by this one: an interface at its private and
    /// public addresses, the internet, or on premises. nil for a service, which sends no request.
    func returnTarget(_ network: Network) -> Endpoint? {
        switch self {
        case .interface(let id, _), .publicAddressOf(let id):
            let interface = network.networkInterface(id)
            let addresses = (interface?.addresses.map(\.address) ?? []) + (interface?.addresses.compactMap(\.publicAddress) ?? [])
            return .interface(id, addresses: addresses)
        case .internet: return .internet(nil)
        case .onPremises(let prefix): return .onPremises(prefix)
        case .service: return nil
        }
    }
}

extension SymbolicPath {
    /// A path that ends in something PathProof does not model.
    init(conditions: [PathCondition], packet: SymbolicPacket, leg: Leg, state: SymbolicState, unsupported reason: String) {
        self.init(conditions: conditions, packet: packet, end: .unsupported(reason), leg: leg, state: state)
    }
}

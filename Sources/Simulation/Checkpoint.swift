import NetworkModel

/// A configuration element that a packet's path depends on: changing it can make a blocked path pass.
///
/// The walker names the checkpoint that dropped a packet; the SMT encoding guards every condition of a path
/// with its checkpoint, so that the smallest set of checkpoints to change is the set of blockers.
public enum Checkpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The instance must be running.
    case instanceRunning(String)
    /// An interface without an instance must be attached (`in-use`).
    case interfaceAttached(String)
    /// The security groups of an interface, in one direction.
    case securityGroups(interface: String, Direction)
    /// A network ACL in one direction, on one leg.
    case networkACL(String, Direction, Leg)
    /// A route table's choice of target for the packet, on one leg.
    case routeTable(String, Leg)
    /// A peering connection must be active.
    case peeringActive(String)
    /// Two VPCs have no peering connection at all.
    case peeringMissing(String, String)
    /// An internet gateway must be attached to the VPC.
    case gatewayAttached(String, vpc: String)
    /// A VPC has no internet gateway.
    case gatewayMissing(vpc: String)
    /// A private address needs a public address (auto-assigned or Elastic IP) to use the internet gateway.
    case publicAddress(interface: String, IPAddress)
    /// A transit gateway must be available.
    case transitGatewayAvailable(String)
    /// A transit gateway attachment must be available (accepted, not deleted).
    case transitGatewayAttachmentAvailable(String)
    /// A VPC attachment needs a subnet in the availability zone traffic comes from.
    case transitGatewayAttachmentZone(String, zone: String)
    /// An attachment end must be associated with a route table of its transit gateway.
    case transitGatewayAssociation(attachment: String, gateway: String)
    /// A transit gateway route table's choice of attachment for the packet, on one leg.
    case transitGatewayRouteTable(String, Leg)
    /// A NAT gateway must be available.
    case natGatewayAvailable(String)
    /// An appliance's interface must have its source/destination check off to forward traffic.
    case sourceDestinationCheck(interface: String)
    /// A VPC endpoint must be available.
    case endpointAvailable(String)
    /// A VPC has no gateway endpoint for a service.
    case endpointMissing(vpc: String, service: String)
    /// A virtual private gateway must be attached to the VPC.
    case vpnGatewayAttached(String, vpc: String)
    /// A VPC has no virtual private gateway.
    case vpnGatewayMissing(vpc: String)
    /// A virtual private gateway must be available.
    case vpnGatewayAvailable(String)
    /// A virtual private gateway needs a working VPN connection or Direct Connect virtual interface that carries
    /// the traffic on premises.
    case onPremisesLink(String)
    /// A load balancer (by name) has a listener that takes the packet (its port and protocol).
    case loadBalancerListener(String)
    /// Cross-zone load balancing is on for the load balancer or target group with this ARN (the one whose
    /// `load_balancing.cross_zone.enabled` decides).
    case loadBalancerCrossZone(String)
    /// A load balancer (by ARN) is enabled in a zone (has a subnet there).
    case loadBalancerZone(String, zone: String)
    /// A target group (by ARN) has the target the query needs registered.
    case loadBalancerTargetRegistered(String)
    /// A target of a target group (by ARN) passes its health check.
    case loadBalancerTargetHealthy(String, target: String)

    /// The AWS id the checkpoint belongs to.
    /// The checkpoint's kind, as proof manifests name it: "route-table", "nat-gateway-available", ….
    public var kind: String {
        switch self {
        case .instanceRunning: "instance-running"
        case .interfaceAttached: "interface-attached"
        case .securityGroups: "security-groups"
        case .networkACL: "network-acl"
        case .routeTable: "route-table"
        case .peeringActive: "peering-active"
        case .peeringMissing: "peering-missing"
        case .gatewayAttached: "gateway-attached"
        case .gatewayMissing: "gateway-missing"
        case .publicAddress: "public-address"
        case .transitGatewayAvailable: "transit-gateway-available"
        case .transitGatewayAttachmentAvailable: "transit-gateway-attachment-available"
        case .transitGatewayAttachmentZone: "transit-gateway-attachment-zone"
        case .transitGatewayAssociation: "transit-gateway-association"
        case .transitGatewayRouteTable: "transit-gateway-route-table"
        case .natGatewayAvailable: "nat-gateway-available"
        case .sourceDestinationCheck: "source-destination-check"
        case .endpointAvailable: "endpoint-available"
        case .endpointMissing: "endpoint-missing"
        case .vpnGatewayAttached: "vpn-gateway-attached"
        case .vpnGatewayMissing: "vpn-gateway-missing"
        case .vpnGatewayAvailable: "vpn-gateway-available"
        case .onPremisesLink: "on-premises-link"
        case .loadBalancerListener: "load-balancer-listener"
        case .loadBalancerCrossZone: "load-balancer-cross-zone"
        case .loadBalancerZone: "load-balancer-zone"
        case .loadBalancerTargetRegistered: "load-balancer-target-registered"
        case .loadBalancerTargetHealthy: "load-balancer-target-healthy"
        }
    }

    public var component: String {
        switch self {
        case .instanceRunning(let id), .interfaceAttached(let id), .networkACL(let id, _, _), .routeTable(let id, _),
             .peeringActive(let id), .gatewayAttached(let id, _), .transitGatewayAvailable(let id),
             .transitGatewayAttachmentAvailable(let id), .transitGatewayAttachmentZone(let id, _),
             .transitGatewayAssociation(let id, _), .transitGatewayRouteTable(let id, _):
            id
        case .natGatewayAvailable(let id), .sourceDestinationCheck(let id), .endpointAvailable(let id), .vpnGatewayAttached(let id, _),
             .vpnGatewayAvailable(let id), .onPremisesLink(let id), .loadBalancerListener(let id):
            id
        case .loadBalancerCrossZone(let arn), .loadBalancerZone(let arn, _), .loadBalancerTargetRegistered(let arn),
             .loadBalancerTargetHealthy(let arn, _): arn
        case .endpointMissing(let vpc, _), .vpnGatewayMissing(let vpc): vpc
        case .securityGroups(let interface, _), .publicAddress(let interface, _): interface
        case .peeringMissing(let a, _): a
        case .gatewayMissing(let vpc): vpc
        }
    }

    public var direction: Direction? {
        switch self {
        case .securityGroups(_, let direction), .networkACL(_, let direction, _): direction
        default: nil
        }
    }

    public var leg: Leg? {
        switch self {
        case .networkACL(_, _, let leg), .routeTable(_, let leg), .transitGatewayRouteTable(_, let leg): leg
        // Security groups belong to no leg: an endpoint's are checked on the forward leg only (they are
        // stateful), but an appliance's are checked on both; the blocker takes the leg of the failing condition.
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .instanceRunning(let id): "\(id) running"
        case .interfaceAttached(let id): "\(id) attached"
        case .securityGroups(let id, let direction): "security groups of \(id) \(direction)"
        case .networkACL(let id, let direction, let leg): "\(id) \(direction) (\(leg))"
        case .routeTable(let id, let leg): "\(id) (\(leg))"
        case .peeringActive(let id): "\(id) active"
        case .peeringMissing(let a, let b): "peering \(a)–\(b)"
        case .gatewayAttached(let id, let vpc): "\(id) attached to \(vpc)"
        case .gatewayMissing(let vpc): "internet gateway of \(vpc)"
        case .publicAddress(let id, let address): "public address of \(id) \(address)"
        case .transitGatewayAvailable(let id): "\(id) available"
        case .transitGatewayAttachmentAvailable(let id): "\(id) available"
        case .transitGatewayAttachmentZone(let id, let zone): "\(id) subnet in \(zone)"
        case .transitGatewayAssociation(let id, let gateway): "\(id) association on \(gateway)"
        case .transitGatewayRouteTable(let id, let leg): "\(id) (\(leg))"
        case .natGatewayAvailable(let id): "\(id) available"
        case .sourceDestinationCheck(let id): "source/destination check of \(id)"
        case .endpointAvailable(let id): "\(id) available"
        case .endpointMissing(let vpc, let service): "gateway endpoint for \(service) in \(vpc)"
        case .vpnGatewayAttached(let id, let vpc): "\(id) attached to \(vpc)"
        case .vpnGatewayMissing(let vpc): "virtual private gateway of \(vpc)"
        case .vpnGatewayAvailable(let id): "\(id) available"
        case .onPremisesLink(let id): "on-premises links of \(id)"
        case .loadBalancerListener(let name): "listeners of load balancer \(name)"
        case .loadBalancerCrossZone(let arn): "cross-zone load balancing of \(arn)"
        case .loadBalancerZone(let arn, let zone): "\(arn) enabled in \(zone)"
        case .loadBalancerTargetRegistered(let arn): "targets registered in \(arn)"
        case .loadBalancerTargetHealthy(let arn, let target): "health of \(target) in \(arn)"
        }
    }

    public static func < (lhs: Checkpoint, rhs: Checkpoint) -> Bool { lhs.description < rhs.description }
}

/// Why a packet was dropped: the checkpoint, an AWS Reachability Analyzer explanation code, and a sentence.
public struct Drop: Hashable, Sendable, Error, CustomStringConvertible {
    /// nil when nothing in the configuration could change it (the destination does not exist).
    public let checkpoint: Checkpoint?
    /// The AWS id to show (usually the checkpoint's component; a security group or route table for some).
    public let component: String
    public let code: BlockerCode
    public let message: String

    public init(_ checkpoint: Checkpoint?, component: String? = nil, code: BlockerCode, message: String) {
        self.checkpoint = checkpoint
        self.component = component ?? checkpoint?.component ?? "unknown"
        self.code = code
        self.message = message
    }

    public var description: String { "\(code) at \(component): \(message)" }
}

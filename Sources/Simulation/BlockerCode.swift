/// Why a packet is blocked, as a code: AWS Reachability Analyzer's explanation code where one fits, PathProof's own
/// (in the same style) where none does. The raw value is the code users see in answers, JSON, SARIF and proofs.
public enum BlockerCode: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    // Reachability Analyzer's codes.
    case badState = "BAD_STATE"
    case badStateAttachment = "BAD_STATE_ATTACHMENT"
    case badStateRoute = "BAD_STATE_ROUTE"
    case badStateVPN = "BAD_STATE_VPN"
    case networkInterfaceSecurityGroupRulesMismatch = "ENI_SG_RULES_MISMATCH"
    case networkInterfaceSourceDestinationCheck = "ENI_SOURCE_DEST_CHECK_RESTRICTION"
    case gatewayRejectsSpoofedTraffic = "GATEWAY_REJECTS_SPOOFED_TRAFFIC"
    case internetGatewayNeedsPublicAddressForEgress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
    case internetGatewayNeedsPrivateAddressForIngress = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    case loadBalancerInstalledZoneRestriction = "ELB_INSTALLED_AZ_RESTRICTION"
    case loadBalancerListenersMismatch = "ELB_LISTENERS_MISMATCH"
    case loadBalancerNotCrossZone = "ELB_NOT_CROSSZONE"
    case loadBalancerListenerHasNoTargetGroup = "ELBV2_LISTENER_HAS_NO_TG"
    case natGatewayRequiresSourceInVPC = "NGW_REQUIRES_SOURCE_IN_VPC"
    case noPossibleDestination = "NO_POSSIBLE_DESTINATION"
    case noRouteToDestination = "NO_ROUTE_TO_DESTINATION"
    case peeringRequiresAddressInVPCCIDR = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
    case protocolRestriction = "PROTOCOL_RESTRICTION"
    case subnetACLRestriction = "SUBNET_ACL_RESTRICTION"
    case transitGatewayAttachmentMissingRouteTableAssociation = "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"
    case transitGatewayRouteZoneRestriction = "TGW_ROUTE_AZ_RESTRICTION"
    case transitGatewayRouteTableBadStateRoute = "TGW_RTB_BAD_STATE_ROUTE"
    case transitGatewayRouteTableCannotRoute = "TGW_RTB_CANNOT_ROUTE"
    case gatewayEndpointProtocolRestriction = "VPCE_GATEWAY_PROTOCOL_RESTRICTION"
    case vpnGatewayNeedsPrivateAddressForEgress = "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS"
    case vpnGatewayNeedsPrivateAddressForIngress = "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    // PathProof's own: something the configuration lacks altogether, or a rule Reachability Analyzer has no code for.
    case egressOnlyInboundConnection = "EGRESS_ONLY_INBOUND_CONNECTION"
    case noInternetGateway = "NO_INTERNET_GATEWAY"
    case noPeeringConnection = "NO_PEERING_CONNECTION"
    case noVPCEndpoint = "NO_VPC_ENDPOINT"
    case noVPNConnection = "NO_VPN_CONNECTION"
    case noVPNGateway = "NO_VPN_GATEWAY"
    /// A load balancer's target group has no target; the one the query needs is not registered.
    case targetNotRegistered = "TARGET_NOT_REGISTERED"
    /// A load balancer routes only to healthy targets while any is healthy; this one is not.
    case targetUnhealthy = "TARGET_UNHEALTHY"
    /// A condition with no explanation of its own (a fact of the path, which nothing in the configuration changes).
    case unknown = "UNKNOWN"

    public var description: String { rawValue }
}

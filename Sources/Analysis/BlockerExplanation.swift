import NetworkModel
import Simulation

/// Turns a failed path condition, evaluated on a concrete packet, into a blocker sentence with its code. Each
/// component's sentences live in its file of `Components/` (an extension of this type, under "Blockers").
struct BlockerExplanation {
    let network: Network
    let walker: PacketWalker

    func blocker(for condition: PathCondition, checkpoint: Checkpoint, packet: Packet, leg: Leg) -> Blocker {
        let (component, code, message) = explain(condition.role, checkpoint: checkpoint, packet: packet)
        return Blocker(checkpoint: checkpoint, component: component, code: code, direction: checkpoint.direction,
                       leg: checkpoint.leg ?? leg, message: message)
    }

    private func explain(_ role: PathCondition.Role, checkpoint: Checkpoint, packet: Packet) -> (String, BlockerCode, String) {
        switch role {
        case .fact: (checkpoint.component, .unknown, "\(checkpoint) fails")
        case .liveness(let interface): explainLiveness(interface)
        case .securityGroups(let interface, let direction): explainSecurityGroups(interface, direction, packet)
        case .networkACL(let acl, let direction, let subnet): explainNetworkACL(acl, direction, subnet: subnet, packet)
        case .route(let table, let intent): explainRoute(table, intent, packet)
        case .peeringState(let connection): explainPeeringState(connection)
        case .missingPeering(let from, let to): explainMissingPeering(from: from, to: to)
        case .gatewayAttachment(let gateway, let vpc): explainGatewayAttachment(gateway, vpc: vpc)
        case .missingGateway(let vpc): explainMissingGateway(vpc: vpc, packet)
        case .publicAddress(let interface, let address, let ingress): explainPublicAddress(interface, address, ingress: ingress)
        case .natGatewayState(let nat): explainNATGatewayState(nat)
        case .sourceDestinationCheck(let interface): explainSourceDestinationCheck(interface, packet)
        case .endpointState(let endpoint): explainEndpointState(endpoint)
        case .missingEndpoint(let vpc, let service): explainMissingEndpoint(vpc: vpc, service: service)
        case .vpnGatewayAttachment(let gateway, let vpc): explainVPNGatewayAttachment(gateway, vpc: vpc)
        case .missingVPNGateway(let vpc): explainMissingVPNGateway(vpc: vpc)
        case .vpnGatewayState(let gateway): explainVPNGatewayState(gateway)
        case .onPremisesLink(let gateway, let outbound): explainOnPremisesLink(gateway, outbound: outbound, packet)
        case .loadBalancerListener(let loadBalancer): explainLoadBalancerListener(loadBalancer, packet)
        case .loadBalancerRestriction(let candidate): explainLoadBalancerRestriction(candidate)
        case .transitGatewayState, .transitGatewayAttachmentState, .transitGatewayAttachmentZone, .transitGatewayAssociation,
             .transitGatewayRoute, .transitGatewayOnPremisesLink:
            explainTransitGateway(role, packet: packet)
        }
    }
}

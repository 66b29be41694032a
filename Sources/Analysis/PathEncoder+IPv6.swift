import NetworkModel
import Simulation
import SMT

/// Candidate paths of IPv6 packets between a VPC and the internet, mirroring `PacketWalker+IPv6.swift` step by step
/// (its documentation states the rules): internet gateways and egress-only internet gateways carry IPv6 packets
/// unchanged, from the VPC's own addresses; from the internet a packet comes in by the VPC's attached internet
/// gateway, or, as the response of a connection that left by an egress-only internet gateway, by that gateway.
extension PathEncoder {
    /// Out of `vpcID` through its internet gateways (existing, routed to, or, for explanations, one it lacks) and
    /// egress-only internet gateways, from `table` of `subnetID`.
    func internetPathsIPv6(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                           _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        guard hop.leg == .return || needsInternet(hop.destination) else { return [] }
        var egressOnlyIDs = network.egressOnlyInternetGateways.filter { $0.attachment(to: vpcID) != nil }.map(\.id)
        for route in table.routes {
            if case .egressOnlyInternetGateway(let id) = route.target, !egressOnlyIDs.contains(id) { egressOnlyIDs.append(id) }
        }
        let ownBlocks = network.vpc(vpcID)?.cidrBlocks ?? []
        var result: [SymbolicPath] = []
        for gatewayID in internetGatewayCandidates(table, vpc: vpcID) {
            var conditions = prefix + internetGatewayConditions(table, gatewayID, vpc: vpcID, packet, hop.leg)
            conditions.append(fact(terms.isRoutable(packet.destination), packet))
            conditions.append(fact(terms.isIn(packet.source, any: ownBlocks), packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            result += fromInternetIPv6(packet, to: hop.destination, leg: hop.leg, prefix: conditions, state: hop.state)
        }
        // A response is not carried out by an egress-only gateway (the walker's EGRESS_ONLY_INBOUND_CONNECTION):
        // on the return leg its route leads nowhere, and the route table is the blocker.
        guard hop.leg == .forward else { return result }
        for gatewayID in egressOnlyIDs {
            var conditions = prefix
            let attached = network.egressOnlyInternetGateway(gatewayID)?.attachment(to: vpcID)?.isAttached ?? false
            conditions.append(route(table, packet, .egressOnlyGateway(gatewayID), hop.leg))
            conditions.append(PathCondition(term: context.boolean(attached), checkpoint: .gatewayAttached(gatewayID, vpc: vpcID),
                                            role: .gatewayAttachment(gatewayID, vpc: vpcID), packet: packet))
            conditions.append(fact(terms.isRoutable(packet.destination), packet))
            conditions.append(fact(terms.isIn(packet.source, any: ownBlocks), packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            var state = hop.state
            state.exit = gatewayID
            result += fromInternetIPv6(packet, to: hop.destination, leg: hop.leg, prefix: conditions, state: state)
        }
        return result
    }

    /// An IPv6 packet on the internet: delivered to an internet host, or into the VPC of the interface it is for.
    func fromInternetIPv6(_ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, prefix: [PathCondition],
                          state: SymbolicState) -> [SymbolicPath] {
        switch destination {
        case .service, .onPremises:
            return []
        case .internet:
            var conditions = prefix
            conditions.append(fact(isInternetHost(packet.destination), packet))
            return [SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.internet), leg: leg, state: state)]
        case .interface(let id, _), .publicAddressOf(let id):
            guard let receiver = network.networkInterface(id) else { return [] }
            var conditions = prefix
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses(.ipv6)), packet))
            // The response of a connection that left by an egress-only internet gateway comes back in by it.
            if leg == .return, let exit = state.exit, let gateway = network.egressOnlyInternetGateway(exit),
               gateway.attachment(to: receiver.vpcID)?.isAttached == true {
                return enter(packet, by: nil, to: receiver, at: nil, leg: leg, conditions, state: state)
            }
            let gateway = ingressGateway(of: receiver.vpcID)
            conditions.append(ingressGatewayCondition(gateway, vpc: receiver.vpcID, packet))
            return enter(packet, by: gateway, to: receiver, at: nil, leg: leg, conditions, state: state)
        }
    }
}

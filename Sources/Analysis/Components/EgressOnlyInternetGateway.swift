import NetworkModel
import Simulation
import SMT

/// An egress-only internet gateway over all packets, mirroring `Simulation/Components/EgressOnlyInternetGateway.swift`.
extension PathEncoder {
    /// Out through the VPC's egress-only internet gateways (IPv6, forward leg only: a response is not carried out
    /// by one, the walker's EGRESS_ONLY_INBOUND_CONNECTION, so on the return leg its route leads nowhere and the
    /// route table is the blocker).
    func egressOnlyPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                         _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        guard hop.leg == .forward else { return [] }
        var egressOnlyIDs = network.egressOnlyInternetGateways.filter { $0.attachment(to: vpcID) != nil }.map(\.id)
        for route in table.routes {
            if case .egressOnlyInternetGateway(let id) = route.target, !egressOnlyIDs.contains(id) { egressOnlyIDs.append(id) }
        }
        let ownBlocks = network.vpc(vpcID)?.cidrBlocks ?? []
        var result: [SymbolicPath] = []
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
            result += fromInternet(packet, to: hop.destination, leg: hop.leg, prefix: conditions, state: state)
        }
        return result
    }

    /// The response of a connection that left by an egress-only internet gateway comes back in by it; nil when the
    /// packet is no such response.
    func responseByEgressOnlyGateway(_ packet: SymbolicPacket, to receiver: NetworkInterface, leg: Leg, _ conditions: [PathCondition],
                                     state: SymbolicState) -> [SymbolicPath]? {
        guard leg == .return, let exit = state.exit, let gateway = network.egressOnlyInternetGateway(exit),
              gateway.attachment(to: receiver.vpcID)?.isAttached == true else { return nil }
        return enter(packet, by: nil, to: receiver, at: nil, leg: leg, conditions, state: state)
    }
}

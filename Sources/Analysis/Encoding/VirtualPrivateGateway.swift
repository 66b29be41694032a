import NetworkModel
import Simulation
import SMT

/// A virtual private gateway (VPN connections and Direct Connect) over all packets, mirroring
/// `Simulation/Components/VirtualPrivateGateway.swift`.
extension PathEncoder {
    func vpnGatewayPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                                 _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        var gatewayIDs = network.vpnGateways(ofVPC: vpcID).map(\.id)
        for case .virtualPrivateGateway(let id) in routed {
            if network.vpnGateway(id) == nil {
                result.append(unsupported(table, .virtualPrivateGateway(id), packet, prefix, hop,
                                          "\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpn-gateways)"))
            } else if !gatewayIDs.contains(id) {
                gatewayIDs.append(id)
            }
        }
        guard case .onPremises = hop.destination else { return result }
        let candidates: [String?] = gatewayIDs.isEmpty ? (includesHypotheticalPaths ? [nil] : []) : gatewayIDs
        for id in candidates {
            var conditions = prefix
            if let id, let gateway = network.vpnGateway(id) {
                conditions.append(route(table, packet, .vpnGateway(id), hop.leg))
                conditions += vpnGatewayState(gateway, vpc: vpcID, packet)
            } else {
                conditions.append(route(table, packet, .newVPNGateway, hop.leg))
                conditions.append(PathCondition(term: context.boolean(false), checkpoint: .vpnGatewayMissing(vpc: vpcID),
                                                role: .missingVPNGateway(vpc: vpcID), packet: packet))
            }
            let sources = hop.origin.flatMap { $0.vpcID == vpcID ? $0.addresses.map(\.address) : nil } ?? []
            conditions.append(fact(terms.isOneOf(packet.source, sources), packet))
            if let id, let gateway = network.vpnGateway(id) {
                conditions.append(PathCondition(term: linkTerm(gateway, vpcAddress: packet.source, remote: packet.destination),
                                                checkpoint: .onPremisesLink(id), role: .onPremisesLink(gateway, outbound: true), packet: packet))
            }
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            var state = hop.state
            if hop.leg == .forward { state.exit = id }
            result.append(SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.onPremises), leg: hop.leg, state: state))
        }
        return result
    }

    /// A packet from on premises: in by the virtual private gateway the request left by (a response), else by the
    /// one attached to the destination's VPC, then to the destination interface.
    func fromOnPremises(_ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, state: SymbolicState) -> [SymbolicPath] {
        guard case .interface(let id, _) = destination, let receiver = network.networkInterface(id) else { return [] }
        let vpcID = receiver.vpcID
        var gateway = network.ingressVPNGateway(ofVPC: vpcID)
        if leg == .return, let exit = state.exit, let known = network.vpnGateway(exit), known.attachment(to: vpcID) != nil { gateway = known }
        var conditions: [PathCondition] = []
        if let gateway {
            conditions += vpnGatewayState(gateway, vpc: vpcID, packet)
            conditions.append(PathCondition(term: linkTerm(gateway, vpcAddress: packet.destination, remote: packet.source),
                                            checkpoint: .onPremisesLink(gateway.id), role: .onPremisesLink(gateway, outbound: false), packet: packet))
        } else {
            guard includesHypotheticalPaths else { return [] }
            conditions.append(PathCondition(term: context.boolean(false), checkpoint: .vpnGatewayMissing(vpc: vpcID),
                                            role: .missingVPNGateway(vpc: vpcID), packet: packet))
        }
        conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        if let gateway, let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: vpcID) {
            return ingressPaths(through: gateway.id, table: table, packet, to: receiver, at: nil, leg: leg, conditions, state: state)
        }
        conditions += acl(receiver.subnetID, .inbound, packet, leg)
        return [deliver(packet, to: receiver, leg: leg, conditions, state: state)]
    }

    func vpnGatewayState(_ gateway: VirtualPrivateGateway, vpc vpcID: String, _ packet: SymbolicPacket) -> [PathCondition] {
        [PathCondition(term: context.boolean(gateway.attachment(to: vpcID)?.isAttached == true), checkpoint: .vpnGatewayAttached(gateway.id, vpc: vpcID),
                       role: .vpnGatewayAttachment(gateway, vpc: vpcID), packet: packet),
         PathCondition(term: context.boolean(gateway.isAvailable), checkpoint: .vpnGatewayAvailable(gateway.id),
                       role: .vpnGatewayState(gateway), packet: packet)]
    }

    /// Some link of the gateway carries traffic between the VPC address and the on-premises address
    /// (`OnPremisesLink.carries`).
    func linkTerm(_ gateway: VirtualPrivateGateway, vpcAddress: Term, remote: Term) -> Term {
        context.or(network.onPremisesLinks(of: gateway.id).filter(\.isUp).map { link in
            var parts: [Term] = []
            if let remotePrefixes = link.remotePrefixes { parts.append(terms.isIn(remote, any: remotePrefixes)) }
            if let localPrefixes = link.localPrefixes { parts.append(terms.isIn(vpcAddress, any: localPrefixes)) }
            return context.and(parts)
        })
    }
}

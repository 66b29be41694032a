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
        if case .internet = hop.destination { return result + internetByOnPremisesPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed) }
        guard case .onPremises = hop.destination else { return result }
        let hypothetical = includesHypotheticalPaths && network.onPremisesTransitGatewayAttachments(reaching: vpcID).isEmpty
        let candidates: [String?] = gatewayIDs.isEmpty ? (hypothetical ? [nil] : []) : gatewayIDs
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

    /// A packet for the internet that a route sends to a virtual private gateway (a default route to on premises):
    /// it leaves for on premises as any packet the gateway carries (the walker delivers it there), and whether on
    /// premises sends it on to the internet is in no AWS output. Each such path is unsupported, naming the gateway:
    /// the answer is UNKNOWN, never a proof either way.
    func internetByOnPremisesPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                                   _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        for case .virtualPrivateGateway(let id) in routed {
            guard let gateway = network.vpnGateway(id) else { continue }
            // Only a route whose block holds internet addresses (a default route, a public block) can send one there.
            let carriesInternet = table.routes.contains { route in
                guard route.target == .virtualPrivateGateway(id), case .cidr(let block) = route.destination, block.family == terms.family else { return false }
                return !InternetAddressSpace.nonRoutable.contains { $0.contains(block) }
            }
            guard carriesInternet else { continue }
            var conditions = prefix
            conditions.append(route(table, packet, .vpnGateway(id), hop.leg))
            conditions += vpnGatewayState(gateway, vpc: vpcID, packet)
            let sources = hop.origin.flatMap { $0.vpcID == vpcID ? $0.addresses.map(\.address) : nil } ?? []
            conditions.append(fact(terms.isOneOf(packet.source, sources), packet))
            conditions.append(PathCondition(term: linkTerm(gateway, vpcAddress: packet.source, remote: packet.destination),
                                            checkpoint: .onPremisesLink(id), role: .onPremisesLink(gateway, outbound: true), packet: packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            result.append(SymbolicPath(conditions: conditions, packet: packet, end: .unsupported(PacketWalker.internetByOnPremisesMessage(gateway.id, table: table.id)),
                                       leg: hop.leg, state: hop.state))
        }
        return result
    }

    /// A packet from on premises: in by the virtual private gateway the request left by (a response), else by the
    /// one attached to the destination's VPC, then to the destination interface.
    func fromOnPremises(_ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, state: SymbolicState) -> [SymbolicPath] {
        guard case .interface(let id, _) = destination, let receiver = network.networkInterface(id) else { return [] }
        let vpcID = receiver.vpcID
        var result: [SymbolicPath] = []
        // Also in by a transit gateway's VPN or Direct Connect attachment (`TransitGatewayOnPremises.swift`).
        result += transitGatewayPathsFromOnPremises(packet, to: destination, receiver: receiver, leg: leg, state: state)
        let byTransitGateway = !network.onPremisesTransitGatewayAttachments(reaching: vpcID).isEmpty
        var gateway = network.ingressVPNGateway(ofVPC: vpcID)
        if leg == .return, let exit = state.exit, let known = network.vpnGateway(exit), known.attachment(to: vpcID) != nil { gateway = known }
        var conditions: [PathCondition] = []
        if let gateway {
            conditions += vpnGatewayState(gateway, vpc: vpcID, packet)
            conditions.append(PathCondition(term: linkTerm(gateway, vpcAddress: packet.destination, remote: packet.source),
                                            checkpoint: .onPremisesLink(gateway.id), role: .onPremisesLink(gateway, outbound: false), packet: packet))
        } else {
            guard includesHypotheticalPaths, !byTransitGateway else { return result }
            conditions.append(PathCondition(term: context.boolean(false), checkpoint: .vpnGatewayMissing(vpc: vpcID),
                                            role: .missingVPNGateway(vpc: vpcID), packet: packet))
        }
        conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        if let gateway, let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: vpcID) {
            return result + ingressPaths(through: gateway.id, table: table, packet, to: receiver, at: nil, leg: leg, conditions, state: state)
        }
        conditions += acl(receiver.subnetID, .inbound, packet, leg)
        return result + [deliver(packet, to: receiver, leg: leg, conditions, state: state)]
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

// MARK: Blockers

extension BlockerExplanation {
    /// Why a virtual private gateway carries nothing of a VPC: it is not attached to it.
    func explainVPNGatewayAttachment(_ gateway: VirtualPrivateGateway, vpc: String) -> (String, BlockerCode, String) {
        let state = gateway.attachment(to: vpc).map { "\($0.state)" } ?? "detached"
        return (gateway.id, .badStateAttachment, PacketWalker.detachedGatewayMessage(gateway.id, named: network.nameSuffix(gateway.id), vpc: vpc, state: state))
    }

    /// Why a VPC exchanges nothing with on premises: it has no virtual private gateway.
    func explainMissingVPNGateway(vpc: String) -> (String, BlockerCode, String) {
        return (vpc, .noVPNGateway, "\(network.describeVPC(vpc)) has no virtual private gateway, so it exchanges no traffic with on premises")
    }

    /// Why a virtual private gateway carries nothing: it is not available.
    func explainVPNGatewayState(_ gateway: VirtualPrivateGateway) -> (String, BlockerCode, String) {
        (gateway.id, .badState, PacketWalker.unavailableMessage(gateway, named: network.nameSuffix(gateway.id)))
    }

    /// Why no VPN connection or Direct Connect virtual interface of a gateway carries the packet.
    func explainOnPremisesLink(_ gateway: VirtualPrivateGateway, outbound: Bool, _ packet: Packet) -> (String, BlockerCode, String) {
        let explanation = OnPremisesExplanation(network: network, gateway: gateway.id,
                                                vpcAddress: outbound ? packet.source : packet.destination,
                                                remote: outbound ? packet.destination : packet.source)
        return (gateway.id, explanation.code, explanation.message(named: network.nameSuffix(gateway.id)))
    }
}

// MARK: Fixes

extension FixDerivation {
    /// A virtual private gateway attached to the VPC (attach-vpn-gateway).
    func vpnGatewayAttachmentChange(_ gateway: VirtualPrivateGateway, vpc: String, checkpoint: Checkpoint) -> FixChange {
        return FixChange(kind: .gatewayAttachment, checkpoint: checkpoint, component: gateway.id, leg: nil,
                         summary: "attach virtual private gateway \(gateway.id)\(network.nameSuffix(gateway.id)) to \(vpc)\(network.nameSuffix(vpc))",
                         actions: [.attachVPNGateway(id: gateway.id, vpc: vpc)])
    }

    /// A static route added to a VPN connection that is up (create-vpn-connection-route); other links cannot be fixed by a call PathProof writes.
    func onPremisesLinkChange(_ gateway: VirtualPrivateGateway, outbound: Bool, checkpoint: Checkpoint, packet: Packet) throws(Inexpressible) -> FixChange {
        let remote = outbound ? packet.destination : packet.source
        let links = network.onPremisesLinks(of: gateway.id)
        guard let link = links.first(where: { $0.isUp && $0.kind == .vpn && $0.remotePrefixes != nil }) else {
            let reasons = links.compactMap { link in link.problem.map { "\(link) \($0)" } }
            let why = reasons.isEmpty ? "it has no VPN connection with static routes to add one to" : reasons.joined(separator: "; ")
            throw Inexpressible("no link of \(gateway.id) carries the traffic on premises, and no call of PathProof's changes that: \(why)")
        }
        let block = onPremisesRange.flatMap { $0.contains(remote) ? $0 : nil } ?? IPPrefix.host(remote)
        return FixChange(kind: .route, checkpoint: checkpoint, component: link.id, leg: nil,
                         summary: "add static route \(block) to VPN connection \(link.id)\(network.nameSuffix(link.id)) of \(gateway.id)\(network.nameSuffix(gateway.id))",
                         actions: [.createVPNConnectionRoute(connection: link.id, destination: block)])
    }

    /// No call makes a virtual private gateway available.
    func vpnGatewayStateChange(_ gateway: VirtualPrivateGateway) throws(Inexpressible) -> FixChange {
        throw Inexpressible("virtual private gateway \(gateway.id) is \(gateway.state): no call makes it available")
    }

    /// A new virtual private gateway needs a VPN connection on premises, which PathProof does not write.
    func missingVPNGatewayChange(vpc: String) throws(Inexpressible) -> FixChange {
        throw Inexpressible("\(vpc) has no virtual private gateway: one must be created, attached and connected on premises (create-vpn-gateway, attach-vpn-gateway, create-customer-gateway, create-vpn-connection), which PathProof does not write")
    }

    /// The on-premises end of the query, when one end is on premises.
    var onPremisesRange: IPPrefix? {
        for endpoint in [alternative.source, alternative.destination] {
            if case .onPremises(let prefix) = endpoint { return prefix }
        }
        return nil
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a virtual private gateway is attached to the VPC.
    func claimVPNGatewayAttachment(_ gateway: VirtualPrivateGateway, vpc: String) -> ([String], String, String) {
        let attached = gateway.attachment(to: vpc)?.isAttached ?? false
        return ([gateway.id], "attached", "virtual private gateway \(gateway.id)\(network.nameSuffix(gateway.id)) is attached to \(vpc)\(attached ? "" : "; it is not, so this is false")")
    }

    /// The claim that a VPC has a virtual private gateway (it has none).
    func claimMissingVPNGateway(vpc: String) -> ([String], String, String) {
        return ([vpc], "vgw", "\(vpc)\(network.nameSuffix(vpc)) has a virtual private gateway; it has none, so this is false")
    }

    /// The claim that a virtual private gateway is available.
    func claimVPNGatewayState(_ gateway: VirtualPrivateGateway) -> ([String], String, String) {
        let state = gateway.isAvailable ? "" : "; it is \(gateway.state), so this is false"
        return ([gateway.id], "available", "virtual private gateway \(gateway.id)\(network.nameSuffix(gateway.id)) is available\(state)")
    }

    /// The claim that a link of the gateway carries the packet to or from on premises.
    func claimOnPremisesLink(_ gateway: VirtualPrivateGateway, outbound: Bool, packet: String) -> ([String], String, String) {
        let links = network.onPremisesLinks(of: gateway.id)
        let working = links.filter(\.isUp).map(\.id)
        let over = working.isEmpty ? "; it has no working VPN connection or virtual interface, so this is false" : " (over \(working.joined(separator: ", ")))"
        return ([gateway.id] + links.map(\.id), "link", "virtual private gateway \(gateway.id)\(network.nameSuffix(gateway.id)) carries \(packet) \(outbound ? "to" : "from") on premises\(over)")
    }
}

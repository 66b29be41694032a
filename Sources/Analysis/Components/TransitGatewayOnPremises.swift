import NetworkModel
import Simulation
import SMT

/// On premises through a transit gateway's VPN or Direct Connect gateway attachment over all packets, mirroring
/// `Simulation/Components/TransitGatewayOnPremises.swift`: out by such an attachment that a transit gateway route
/// table picks (the link behind it carries the packet), and in by any such attachment of a transit gateway the
/// destination's VPC is attached to, routed by the route table the attachment is associated with. What the snapshot
/// does not describe (the VPN connection, the Direct Connect gateway's association and interfaces) gives an
/// unsupported path, never a blocked one.
extension PathEncoder {
    /// Some link carries traffic between the VPC address and the on-premises address (`OnPremisesLink.carries`).
    func onPremisesLinkTerm(_ links: [OnPremisesLink], vpcAddress: Term, remote: Term) -> Term {
        context.or(links.filter(\.isUp).map { link in
            var parts: [Term] = []
            if let remotePrefixes = link.remotePrefixes { parts.append(terms.isIn(remote, any: remotePrefixes)) }
            if let localPrefixes = link.localPrefixes { parts.append(terms.isIn(vpcAddress, any: localPrefixes)) }
            return context.and(parts)
        })
    }

    /// The paths of a packet from on premises into `receiver`'s VPC by the on-premises attachments of the transit
    /// gateways the VPC is attached to.
    func transitGatewayPathsFromOnPremises(_ packet: SymbolicPacket, to destination: Endpoint, receiver: NetworkInterface, leg: Leg,
                                           state: SymbolicState) -> [SymbolicPath] {
        var walk = TransitGatewayWalk(encoder: self, packet: packet, destination: destination, leg: leg)
        let addressed = fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet)
        for attachment in network.onPremisesTransitGatewayAttachments(reaching: receiver.vpcID) {
            var conditions = [addressed]
            guard let gateway = network.transitGateway(attachment.transitGatewayID) else {
                walk.unsupported(conditions, "\(attachment.id) belongs to \(attachment.transitGatewayID), which the snapshot does not describe (describe-transit-gateways)")
                continue
            }
            conditions.append(PathCondition(term: context.boolean(gateway.isAvailable), checkpoint: .transitGatewayAvailable(gateway.id),
                                            role: .transitGatewayState(gateway), packet: packet))
            conditions.append(PathCondition(term: context.boolean(attachment.carriesTraffic), checkpoint: .transitGatewayAttachmentAvailable(attachment.id),
                                            role: .transitGatewayAttachmentState(attachment), packet: packet))
            var explore = gateway.isAvailable && attachment.carriesTraffic
            switch network.transitGatewayOnPremisesLinks(attachment) {
            case .unknown(let reason):
                if explore { walk.unsupported(conditions, reason) }
                continue
            case .links(let links):
                conditions.append(PathCondition(term: onPremisesLinkTerm(links, vpcAddress: packet.destination, remote: packet.source),
                                                checkpoint: .onPremisesLink(attachment.id),
                                                role: .transitGatewayOnPremisesLink(attachment, outbound: false), packet: packet))
                explore = explore && links.contains(where: \.isUp)
            }
            walk.through(attachment.transitGatewayID, ingress: attachment, conditions, entryZone: nil, peeringHops: 0, explore: explore)
        }
        return walk.paths.map {
            var path = $0
            path.state = state
            return path
        }
    }
}

extension TransitGatewayWalk {
    /// A packet for the internet that `table` sends on premises by `attachment` (a default route to the VPN or
    /// Direct Connect attachment): it leaves for on premises over a link that carries it, as the walker delivers it,
    /// and whether on premises sends it on to the internet is in no AWS output. The path is unsupported, naming the
    /// attachment: the answer is UNKNOWN, never a proof either way (as for a virtual private gateway).
    mutating func internetByOnPremises(by attachment: TransitGatewayAttachment, _ conditions: [PathCondition], table: TransitGatewayRouteTable,
                                       explore: Bool) {
        guard explore else { return }
        switch network.transitGatewayOnPremisesLinks(attachment) {
        case .unknown(let reason):
            unsupported(conditions, reason)
        case .links(let links):
            var next = conditions
            next.append(PathCondition(term: encoder.onPremisesLinkTerm(links, vpcAddress: packet.source, remote: packet.destination),
                                      checkpoint: .onPremisesLink(attachment.id),
                                      role: .transitGatewayOnPremisesLink(attachment, outbound: true), packet: packet))
            unsupported(next, PacketWalker.internetByOnPremisesMessage(attachment: attachment.id, table: table.id))
        }
    }

    /// Out by an on-premises attachment that `table` picks, for a destination on premises.
    mutating func toOnPremises(by attachment: TransitGatewayAttachment, _ conditions: [PathCondition], table: TransitGatewayRouteTable,
                               explore: Bool) {
        let blocks = network.vpcs.flatMap(\.cidrBlocks).filter { $0.family == encoder.terms.family }
        let intoVPC = encoder.terms.isIn(packet.destination, any: blocks)
        switch network.transitGatewayOnPremisesLinks(attachment) {
        case .unknown(let reason):
            if explore { unsupported(conditions, reason) }
        case .links(let links):
            if explore, !blocks.isEmpty {
                unsupported(conditions + [encoder.fact(intoVPC, packet)],
                            "\(table.id) sends the packet for an address of a VPC on premises by \(attachment.id): what on premises does with it is not modelled")
            }
            var next = conditions
            next.append(encoder.fact(context.not(intoVPC), packet))
            next.append(PathCondition(term: encoder.onPremisesLinkTerm(links, vpcAddress: packet.source, remote: packet.destination),
                                      checkpoint: .onPremisesLink(attachment.id),
                                      role: .transitGatewayOnPremisesLink(attachment, outbound: true), packet: packet))
            paths.append(SymbolicPath(conditions: next, packet: packet, end: .delivered(.onPremises), leg: leg))
        }
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why no link behind an on-premises attachment carries the packet.
    func explainTransitGatewayOnPremisesLink(_ attachment: TransitGatewayAttachment, outbound: Bool, _ packet: Packet) -> (String, BlockerCode, String) {
        let (code, message) = PacketWalker.onPremisesAttachmentBlock(network, attachment, vpcAddress: outbound ? packet.source : packet.destination,
                                                                     remote: outbound ? packet.destination : packet.source)
        return (attachment.id, code, message)
    }
}

// MARK: Fixes

extension FixDerivation {
    /// No call of PathProof's brings a VPN tunnel or a virtual interface up.
    func transitGatewayOnPremisesLinkUnfixable(_ attachment: TransitGatewayAttachment) -> String {
        let links: String
        if case .links(let known) = network.transitGatewayOnPremisesLinks(attachment) {
            links = known.map { "\($0)\($0.problem.map { " \($0)" } ?? "")" }.joined(separator: "; ")
        } else {
            links = "not described"
        }
        return "the link behind \(attachment.id) (\(attachment.resourceType) \(attachment.resourceID ?? "?")) carries nothing (\(links.isEmpty ? "no link" : links)): it is mended on premises or in the link's own settings, not by a call PathProof writes"
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a link behind an on-premises attachment carries the packet to or from on premises.
    func claimTransitGatewayOnPremisesLink(_ attachment: TransitGatewayAttachment, outbound: Bool, packet: String) -> ([String], String, String) {
        var links: [OnPremisesLink] = []
        if case .links(let known) = network.transitGatewayOnPremisesLinks(attachment) { links = known }
        let working = links.filter(\.isUp).map(\.id)
        let over = working.isEmpty ? "; it has no working VPN connection or virtual interface, so this is false" : " (over \(working.joined(separator: ", ")))"
        return ([attachment.id] + links.map(\.id), "link",
                "transit gateway attachment \(attachment.id)\(network.nameSuffix(attachment.id)) carries \(packet) \(outbound ? "to" : "from") on premises\(over)")
    }
}

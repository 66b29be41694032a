import NetworkModel

/// On premises through a transit gateway's VPN or Direct Connect gateway attachment (`OnPremisesTransit.swift`):
///
/// - Out: a transit gateway route table sends the packet to such an attachment; the link behind it must carry the
///   packet (the VPN connection available with a tunnel UP; a transit virtual interface of the Direct Connect
///   gateway available and associated, advertising the VPC address); then it is delivered on premises. A packet
///   for an address of a VPC sent on premises is not followed (on premises may route it back): unsupported.
/// - In: the packet enters the transit gateway by such an attachment (the gateway and the attachment available,
///   a link up that carries it), and the route table the attachment is associated with routes it, as for any
///   attachment (`Trip.throughTransitGateway`). On premises may send by any such attachment of a transit gateway
///   the destination's VPC is attached to, or by the VPC's virtual private gateway: the first that delivers is the
///   walk.
/// - What the snapshot does not describe (the VPN connection, the Direct Connect gateway's association and
///   interfaces) ends the walk unsupported, never dropped.
extension PacketWalker {
    /// The code and sentence for an on-premises attachment whose links carry nothing between the two addresses:
    /// BAD_STATE_VPN (a VPN connection down or its tunnels DOWN), BAD_STATE (a virtual interface down), NO_VPN_CONNECTION
    /// (a Direct Connect gateway without a transit virtual interface), NO_ROUTE_TO_DESTINATION (links up, but the
    /// association does not advertise the VPC address).
    public static func onPremisesAttachmentBlock(_ network: Network, _ attachment: TransitGatewayAttachment, vpcAddress: IPAddress,
                                                 remote: IPAddress) -> (BlockerCode, String) {
        let message = network.transitGatewayOnPremisesProblem(attachment, vpcAddress: vpcAddress, remote: remote)
            ?? "\(attachment.id) carries nothing between \(vpcAddress) and \(remote) on premises"
        guard case .links(let links) = network.transitGatewayOnPremisesLinks(attachment), !links.isEmpty else { return (.noVPNConnection, message) }
        if links.contains(where: { !$0.isUp && $0.kind == .vpn }) { return (.badStateVPN, message) }
        if links.contains(where: { !$0.isUp }) { return (.badState, message) }
        return (.noRouteToDestination, message)
    }

    /// Why a packet for the internet that a transit gateway route table sends by a VPN or Direct Connect attachment
    /// has no answer: it is delivered on premises, and what on premises does with it is in no AWS output.
    public static func internetByOnPremisesMessage(attachment: String, table: String) -> String {
        "\(table) sends the packet for the internet on premises by \(attachment); whether on premises sends it on to the internet is not in the snapshot (it depends on the on-premises network's routes)"
    }
}

extension Trip {
    /// The link of an on-premises attachment (a VPN tunnel, a Direct Connect virtual interface) that carries traffic
    /// between `vpcAddress` and the on-premises `remote` address, either way; or how the walk ends without one:
    /// unsupported when the snapshot cannot tell the links, dropped (saying why) when none carries it.
    enum OnPremisesLinkChoice {
        case link(OnPremisesLink)
        case end(Walk.Outcome)
    }

    func onPremisesLink(of attachment: TransitGatewayAttachment, vpcAddress: IPAddress, remote: IPAddress) -> OnPremisesLinkChoice {
        switch network.transitGatewayOnPremisesLinks(attachment) {
        case .unknown(let reason):
            return .end(.unsupported(reason))
        case .links(let links):
            if let link = links.first(where: { $0.carries(vpcAddress: vpcAddress, remote: remote) }) { return .link(link) }
            let (code, message) = PacketWalker.onPremisesAttachmentBlock(network, attachment, vpcAddress: vpcAddress, remote: remote)
            return .end(.dropped(Drop(.onPremisesLink(attachment.id), code: code, message: message)))
        }
    }

    /// Out by an on-premises attachment that a route table of its transit gateway picked.
    mutating func toOnPremises(_ packet: Packet, by attachment: TransitGatewayAttachment, table: TransitGatewayRouteTable) -> Walk.Outcome {
        if network.vpcs.contains(where: { $0.contains(packet.destination) }) {
            return .unsupported("\(table.id) sends the packet for \(packet.destination), an address of a VPC, on premises by \(attachment.id): what on premises does with it is not modelled")
        }
        let link: OnPremisesLink
        switch onPremisesLink(of: attachment, vpcAddress: packet.source, remote: packet.destination) {
        case .link(let found): link = found
        case .end(let outcome): return outcome
        }
        hops.append(Hop(component: attachment.id, kind: .transitGatewayAttachment,
                        detail: "leaves \(attachment.transitGatewayID) for on premises over \(link)"))
        if leg == .forward { state.exit = attachment.id }
        hops.append(Hop(component: "on-premises", kind: .onPremises, detail: "delivered to on-premises host \(packet.destination)"))
        return .delivered(.onPremises, packet)
    }

    /// In from on premises by an on-premises attachment of a transit gateway.
    mutating func fromOnPremises(_ packet: Packet, by attachment: TransitGatewayAttachment) -> Walk.Outcome {
        let gatewayID = attachment.transitGatewayID
        guard let gateway = network.transitGateway(gatewayID) else {
            return .unsupported("\(attachment.id) belongs to \(gatewayID), which the snapshot does not describe (describe-transit-gateways)")
        }
        guard gateway.isAvailable else {
            return .dropped(Drop(.transitGatewayAvailable(gatewayID), code: .badState, message: PacketWalker.unavailableMessage(gateway, named: name(gatewayID))))
        }
        guard attachment.carriesTraffic else {
            return .dropped(Drop(.transitGatewayAttachmentAvailable(attachment.id), code: .badState,
                                 message: PacketWalker.unavailableMessage(attachment, named: name(attachment.id), label: true)))
        }
        let link: OnPremisesLink
        switch onPremisesLink(of: attachment, vpcAddress: packet.destination, remote: packet.source) {
        case .link(let found): link = found
        case .end(let outcome): return outcome
        }
        hops.append(Hop(component: attachment.id, kind: .transitGatewayAttachment, detail: "brings it into \(gatewayID) from on premises over \(link)"))
        return throughTransitGateway(packet, gateway: gatewayID, ingress: attachment, entryZone: nil, peeringHops: 0)
    }

    /// In from on premises by any way into the destination's VPC: its virtual private gateway (when it has one, or
    /// when the request left by one) and each on-premises attachment of a transit gateway it is attached to (the
    /// one the request left by, and those the VPC's side routes the source to, first). The first walk that
    /// delivers; else the first unsupported; else the first drop. nil when the VPC has no such
    /// attachment (the virtual private gateway is the only way).
    mutating func fromOnPremisesAnyWay(_ packet: Packet) -> Walk.Outcome? {
        guard let vpcID = network.networkInterface(privateAddress: packet.destination)?.vpcID else { return nil }
        var attachments = network.onPremisesTransitGatewayAttachments(reaching: vpcID)
        guard !attachments.isEmpty else { return nil }
        // Shown first: the way the request left by (a response), then the ways the VPC's side routes the source
        // back to (a symmetric path); every way is tried.
        let preferred = attachments.filter { attachment in
            if leg == .return, state.exit == attachment.id { return true }
            guard let own = network.transitGatewayAttachment(ofVPC: vpcID, on: attachment.transitGatewayID),
                  let table = own.associatedRouteTableID.flatMap({ network.transitGatewayRouteTable($0) }),
                  let entry = network.transitGatewayRoute(in: table, for: packet.source) else { return false }
            return entry.route.attachmentIDs == [attachment.id]
        }
        attachments = preferred + attachments.filter { !preferred.contains($0) }
        var trials: [(Trip, Walk.Outcome)] = []
        let leftByGateway = leg == .return && state.exit.flatMap { network.vpnGateway($0) } != nil
        if network.ingressVPNGateway(ofVPC: vpcID) != nil || leftByGateway {
            var trial = branch()
            let outcome = trial.fromOnPremisesByVPNGateway(packet)
            trials.append((trial, outcome))
        }
        for attachment in attachments {
            var trial = branch()
            let outcome = trial.fromOnPremises(packet, by: attachment)
            trials.append((trial, outcome))
        }
        func isDelivered(_ outcome: Walk.Outcome) -> Bool { if case .delivered = outcome { return true } else { return false } }
        func isUnsupported(_ outcome: Walk.Outcome) -> Bool { if case .unsupported = outcome { return true } else { return false } }
        let chosen = trials.first { isDelivered($0.1) } ?? trials.first { isUnsupported($0.1) } ?? trials[0]
        self = chosen.0
        return chosen.1
    }
}

/// On premises joined to a transit gateway: a VPN attachment (`describe-transit-gateway-attachments`, `ResourceType`
/// `vpn`, `ResourceId` the VPN connection) or a Direct Connect gateway attachment (`direct-connect-gateway`,
/// `ResourceId` the Direct Connect gateway). What comes in by such an attachment is routed by the transit gateway
/// route table the attachment is associated with; what a transit gateway route table sends to such an attachment
/// leaves for on premises, when the link behind it is up: the VPN connection available with a tunnel UP
/// (`VgwTelemetry` of `describe-vpn-connections`), or a transit virtual interface of the Direct Connect gateway,
/// available, whose gateway is associated with the transit gateway (only the association's allowed prefixes are
/// advertised on premises). Which on-premises blocks the transit gateway routes to the attachment is the route
/// table's business (static routes, or routes propagated by BGP, known only from `search-transit-gateway-routes`);
/// the VPN connection's own static routes do not apply to a transit gateway.
extension Network {
    /// Whether an attachment joins its transit gateway to on premises (a VPN connection or a Direct Connect gateway).
    public func isOnPremisesAttachment(_ attachment: TransitGatewayAttachment) -> Bool {
        attachment.resourceType == .vpn || attachment.resourceType == .directConnectGateway
    }

    /// The VPN and Direct Connect gateway attachments (not deleted) of the transit gateways `vpcID` is attached to
    /// (by an attachment that is not deleted), and of the transit gateways peered with those (one peering hop, as
    /// the transit gateway walk follows), in the snapshot's order: the ways on premises may send into the VPC.
    public func onPremisesTransitGatewayAttachments(reaching vpcID: String) -> [TransitGatewayAttachment] {
        var gateways = Set(transit.attachments.filter { $0.vpcID == vpcID && $0.state != .deleted }.map(\.transitGatewayID))
        for end in transit.attachments where end.isPeering && end.state != .deleted && gateways.contains(end.transitGatewayID) {
            if let peer = transitGatewayPeerEnd(of: end) { gateways.insert(peer.transitGatewayID) }
        }
        return transit.attachments.filter { gateways.contains($0.transitGatewayID) && isOnPremisesAttachment($0) && $0.state != .deleted }
    }

    /// What carries an on-premises attachment's traffic, or why the snapshot cannot tell.
    public enum TransitGatewayOnPremisesLinks: Sendable {
        /// The links behind the attachment (empty: none, so it carries nothing).
        case links([OnPremisesLink])
        /// The snapshot does not describe what is behind the attachment (the output to capture is named).
        case unknown(String)
    }

    /// The links behind an on-premises attachment of a transit gateway: the VPN connection (`ResourceId`), or the
    /// transit virtual interfaces of the Direct Connect gateway (`ResourceId`) whose association with the transit
    /// gateway is described. UNKNOWN (`.unknown`) when the snapshot does not describe the VPN connection, or
    /// describes neither the Direct Connect gateway's association nor its virtual interfaces.
    public func transitGatewayOnPremisesLinks(_ attachment: TransitGatewayAttachment) -> TransitGatewayOnPremisesLinks {
        guard let resource = attachment.resourceID else {
            return .unknown("\(attachment.id) joins \(attachment.transitGatewayID) to on premises, but the snapshot does not say by what (no ResourceId)")
        }
        if attachment.resourceType == .vpn {
            guard let connection = edge.vpnConnections.first(where: { $0.id == resource }) else {
                return .unknown("\(attachment.id) joins \(attachment.transitGatewayID) to VPN connection \(resource), which no describe-vpn-connections output describes")
            }
            let problem = vpnConnectionProblem(connection)
            return .links([OnPremisesLink(id: connection.id, kind: .vpn, problem: problem, remotePrefixes: nil, localPrefixes: nil)])
        }
        let association = edge.directConnectGatewayAssociations.first {
            $0.directConnectGatewayID == resource && $0.gatewayID == attachment.transitGatewayID && $0.state != .disassociated
        }
        let interfaces = edge.virtualInterfaces.filter { $0.directConnectGatewayID == resource && $0.type == .transit && $0.state != .deleted }
        if association == nil && interfaces.isEmpty {
            return .unknown("\(attachment.id) joins \(attachment.transitGatewayID) to Direct Connect gateway \(resource), whose association and transit virtual interfaces no output describes (aws directconnect describe-direct-connect-gateway-associations, describe-virtual-interfaces)")
        }
        let gateway = edge.directConnectGateway(resource)
        return .links(interfaces.map { interface in
            var problem: String?
            if !interface.isAvailable {
                problem = "is \(interface.state)"
            } else if !interface.hasBGPUp {
                problem = "has no BGP session up"
            } else if let association, !association.isAssociated {
                problem = "reaches \(attachment.transitGatewayID) through Direct Connect gateway \(resource), whose association is \(association.state)"
            } else if let gateway, !gateway.isAvailable {
                problem = "reaches \(attachment.transitGatewayID) through Direct Connect gateway \(gateway.id), which is \(gateway.state)"
            }
            let allowed = association?.allowedPrefixes ?? []
            return OnPremisesLink(id: interface.id, kind: .directConnect, problem: problem, remotePrefixes: nil,
                                  localPrefixes: allowed.isEmpty ? nil : allowed, via: resource)
        })
    }

    /// Why an on-premises attachment carries nothing between a VPC address and an on-premises address, nil when
    /// some link behind it does (or the snapshot cannot tell: see `transitGatewayOnPremisesLinks`).
    public func transitGatewayOnPremisesProblem(_ attachment: TransitGatewayAttachment, vpcAddress: IPAddress, remote: IPAddress) -> String? {
        guard case .links(let links) = transitGatewayOnPremisesLinks(attachment) else { return nil }
        if links.contains(where: { $0.carries(vpcAddress: vpcAddress, remote: remote) }) { return nil }
        let head = "\(attachment.id) (\(attachment.resourceType) \(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)) carries nothing between \(vpcAddress) and \(remote) on premises"
        guard !links.isEmpty else { return "\(head): Direct Connect gateway \(attachment.resourceID ?? "?") has no transit virtual interface" }
        let reasons = links.map { link -> String in
            if let problem = link.problem { return "\(link) \(problem)" }
            if let local = link.localPrefixes, !local.contains(where: { $0.contains(vpcAddress) }) {
                return "\(link): Direct Connect gateway \(link.via ?? "?") advertises only \(local.map(\.description).joined(separator: ", ")) on premises, not \(vpcAddress)"
            }
            return "\(link) carries it"
        }
        return "\(head): " + reasons.joined(separator: "; ")
    }
}

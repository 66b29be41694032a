/// Configuration facts about transit gateways, shared by the walker and the SMT encoding.
extension Network {
    public var transitGateways: [TransitGateway] { transit.gateways }

    public func transitGateway(_ id: String) -> TransitGateway? { transit.gateway(id) }
    public func transitGatewayRouteTable(_ id: String) -> TransitGatewayRouteTable? { transit.routeTable(id) }

    /// The end of attachment `id` on transit gateway `gatewayID`.
    public func transitGatewayAttachment(_ id: String, on gatewayID: String) -> TransitGatewayAttachment? {
        transit.attachment(id, on: gatewayID)
    }

    /// The attachment of a VPC to a transit gateway (one that is not deleted, the first that carries traffic).
    public func transitGatewayAttachment(ofVPC vpcID: String, on gatewayID: String) -> TransitGatewayAttachment? {
        let candidates = transit.attachments.filter {
            $0.transitGatewayID == gatewayID && $0.vpcID == vpcID && $0.state != .deleted
        }
        return candidates.first(where: \.carriesTraffic) ?? candidates.first
    }

    /// The other end of a peering attachment: the same attachment id on the peer transit gateway.
    public func transitGatewayPeerEnd(of attachment: TransitGatewayAttachment) -> TransitGatewayAttachment? {
        guard attachment.isPeering else { return nil }
        if let peer = attachment.resourceID, let end = transit.attachment(attachment.id, on: peer) { return end }
        return transit.attachmentEnds(attachment.id).first { $0.transitGatewayID != attachment.transitGatewayID }
    }

    /// The route tables of a transit gateway (not deleted).
    public func transitGatewayRouteTables(of gatewayID: String) -> [TransitGatewayRouteTable] { transit.routeTables(of: gatewayID) }

    /// A transit gateway route table's forwarding order: longest prefix first; static before propagated routes of
    /// the same prefix; routes that enabled VPC propagations imply included.
    public func transitGatewayRoutingEntries(of table: TransitGatewayRouteTable) -> [TransitGatewayRoutingEntry] {
        transit.routingEntries(of: table.id)
    }

    /// The entry a transit gateway route table uses for `destination`: the first in forwarding order that
    /// contains it, or nil when none does.
    public func transitGatewayRoute(in table: TransitGatewayRouteTable, for destination: IPAddress) -> TransitGatewayRoutingEntry? {
        transit.routingEntries(of: table.id).first { $0.prefix.contains(destination) }
    }

    /// Attachments that propagate routes the snapshot cannot tell into this table (empty when all are known).
    public func transitGatewayUnknownRoutes(of table: TransitGatewayRouteTable) -> [String] { transit.unknownRoutes(of: table.id) }

    /// The subnet of a VPC attachment in an availability zone: where traffic from that zone enters the transit
    /// gateway. nil when the attachment has no subnet there (resources in that zone cannot reach the transit
    /// gateway). When the zone is unknown, the attachment's first subnet stands in.
    public func transitGatewayEntrySubnet(_ attachment: TransitGatewayAttachment, zone: String?) -> String? {
        guard let zone else { return attachment.subnetIDs.first }
        return attachment.subnetIDs.first { subnet($0)?.availabilityZone == zone }
    }

    /// The subnet where a VPC attachment delivers traffic that entered the transit gateway in `zone`: its subnet
    /// in that zone (the transit gateway keeps traffic in the zone it came from), else its first subnet (AWS then
    /// crosses to a zone the attachment has; which one it does not document, so PathProof takes the first listed).
    public func transitGatewayExitSubnet(_ attachment: TransitGatewayAttachment, entryZone zone: String?) -> String? {
        if let zone, let same = attachment.subnetIDs.first(where: { subnet($0)?.availabilityZone == zone }) { return same }
        return attachment.subnetIDs.first
    }

    /// The transit gateways a VPC has an attachment to (not deleted), in the snapshot's order.
    public func transitGatewayIDs(attachedTo vpcID: String) -> [String] {
        var result: [String] = []
        for attachment in transit.attachments where attachment.vpcID == vpcID && attachment.state != .deleted {
            if !result.contains(attachment.transitGatewayID) { result.append(attachment.transitGatewayID) }
        }
        return result
    }

    /// The Name tag of a transit gateway, attachment or transit gateway route table.
    func transitGatewayName(of id: String) -> String? {
        if id.hasPrefix("tgw-rtb-") { return transit.routeTable(id)?.tags.name }
        if id.hasPrefix("tgw-attach-") { return transit.attachmentEnds(id).lazy.compactMap(\.tags.name).first }
        if id.hasPrefix("tgw-") { return transit.gateway(id)?.tags.name }
        return nil
    }
}

/// On premises joined to a transit gateway: a VPN attachment (`describe-transit-gateway-attachments`, `ResourceType`
/// `vpn`) or a Direct Connect gateway attachment (`direct-connect-gateway`). What comes in by such an attachment is
/// routed by the transit gateway toward VPCs; PathProof does not follow it yet, so a packet from on premises to a VPC
/// attached to such a transit gateway gets no verdict (it must never be "proved" unreachable because the VPC has
/// no virtual private gateway).
extension Network {
    /// The VPN and Direct Connect gateway attachments, able to carry traffic, of the transit gateways `vpcID` is
    /// attached to (by an attachment that carries traffic).
    public func onPremisesTransitGatewayAttachments(reaching vpcID: String) -> [TransitGatewayAttachment] {
        let gateways = Set(transit.attachments.filter { $0.vpcID == vpcID && $0.carriesTraffic }.map(\.transitGatewayID))
        return transit.attachments.filter {
            gateways.contains($0.transitGatewayID) && ($0.resourceType == .vpn || $0.resourceType == .directConnectGateway) && $0.carriesTraffic
        }
    }

    /// Why a packet from on premises to `vpcID` gets no verdict: the first such attachment, named; nil when none.
    public func onPremisesTransitGap(reaching vpcID: String) -> String? {
        guard let attachment = onPremisesTransitGatewayAttachments(reaching: vpcID).first else { return nil }
        return "on premises may reach \(vpcID) through transit gateway \(attachment.transitGatewayID) by its \(attachment.resourceType.rawValue) attachment \(attachment.id) (\(attachment.resourceID ?? "?")): traffic from on premises through a transit gateway is not modelled yet"
    }
}

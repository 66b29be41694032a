/// Security-group references beyond the rule's own VPC and its peerings:
///
/// - Through a transit gateway: an inbound rule of a group in a VPC attached to a transit gateway may name a group
///   of another VPC attached to the same transit gateway (hence in the same region) when the transit gateway's
///   `Options.SecurityGroupReferencingSupport` is `enable` (AWS's default is `disable`) and both VPC attachments'
///   are too (their default is `enable`), the attachments and the gateway carrying traffic. It then matches the
///   private addresses of that group's interfaces in the other VPC. Outbound rules cannot reference across a
///   transit gateway (AWS supports inbound rules only); otherwise the rule matches nothing there.
/// - Across accounts: `UserIdGroupPairs` naming a `UserId` other than the group's owner (or a `GroupId` written
///   `123456789012/sg-…`) resolve by the group's id wherever the snapshot describes it, whatever the account;
///   a group of an account the snapshot does not hold is a reference no output resolves (`Completeness`), so the
///   answers that depend on it are UNKNOWN.
extension Network {
    /// Whether an inbound rule of a group in `vpcID` may reference groups of `peerVPCID` through a transit gateway.
    public func referenceCrossesTransitGateway(from vpcID: String, to peerVPCID: String) -> Bool {
        guard vpcID != peerVPCID, transit.gateways.contains(where: \.securityGroupReferencingSupport) else { return false }
        for attachment in transit.attachments where attachment.vpcID == vpcID && attachment.carriesTraffic && attachment.securityGroupReferencingSupport {
            guard let gateway = transitGateway(attachment.transitGatewayID), gateway.isAvailable, gateway.securityGroupReferencingSupport else { continue }
            if transit.attachments.contains(where: {
                $0.transitGatewayID == gateway.id && $0.vpcID == peerVPCID && $0.carriesTraffic && $0.securityGroupReferencingSupport
            }) {
                return true
            }
        }
        return false
    }

    /// The private addresses a rule of `direction` in a group of `ruleVPCID` that references `groupID` matches: the
    /// group's interfaces in the rule's VPC and in VPCs joined by an active peering in the same region
    /// (`addresses(ofSecurityGroupReference:fromVPC:assumingActive:)`), and for an inbound rule those in VPCs joined
    /// through a transit gateway with security-group referencing enabled.
    public func addresses(ofSecurityGroupReference groupID: String, fromVPC ruleVPCID: String, direction: Direction,
                          assumingActive: String? = nil) -> [IPAddress] {
        var result = addresses(ofSecurityGroupReference: groupID, fromVPC: ruleVPCID, assumingActive: assumingActive)
        guard direction == .inbound, transit.gateways.contains(where: \.securityGroupReferencingSupport) else { return result }
        for interface in interfaces(carrying: groupID) where interface.vpcID != ruleVPCID {
            guard !referenceCrossesPeering(from: ruleVPCID, to: interface.vpcID, assumingActive: assumingActive),
                  referenceCrossesTransitGateway(from: ruleVPCID, to: interface.vpcID) else { continue }
            result.append(contentsOf: interface.addresses.map(\.address))
        }
        return result
    }

    /// The accounts the snapshot holds: the owners of its VPCs and security groups.
    public var snapshotAccounts: Set<String> {
        Set(vpcs.compactMap(\.ownerID) + securityGroups.compactMap(\.ownerID))
    }
}

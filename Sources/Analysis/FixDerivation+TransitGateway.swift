import NetworkModel
import Simulation

extension FixDerivation {
    /// The change for a failed transit gateway condition:
    /// - a route table without a usable route to the attachment that leads to the destination: the attachment's
    ///   propagation enabled when it is a VPC attachment that does not propagate there yet (its CIDR blocks become
    ///   routes), else a static route to the destination VPC's CIDR block; a static route that catches the packet
    ///   with an equal or longer prefix (a blackhole, or a route to another attachment) is replaced, a propagated
    ///   one is outranked by a static route of the same prefix;
    /// - an attachment without an association: associated with the route table of the path;
    /// - a VPC attachment without a subnet in the sender's zone: the sender's subnet added to it;
    /// - an attachment pending acceptance: accepted. Other states (and a transit gateway that is not available)
    ///   cannot be changed by a call: the fix is left out with the reason.
    func transitGatewayChange(for item: FailedCondition) throws(Inexpressible) -> FixChange {
        let checkpoint = item.checkpoint
        switch item.condition.role {
        case .transitGatewayState(let gateway):
            throw Inexpressible("transit gateway \(gateway.id) is \(gateway.state): no call makes it available")

        case .transitGatewayAttachmentState(let attachment):
            guard attachment.state == .pendingAcceptance else {
                throw Inexpressible("transit gateway attachment \(attachment.id) is \(attachment.state): no call makes it available")
            }
            return FixChange(kind: .transitGatewayAttachment, checkpoint: checkpoint, component: attachment.id, leg: nil,
                             summary: "accept \(attachment.id)\(tgwName(attachment.id)) (\(label(attachment)), pending acceptance), as the owner of \(attachment.transitGatewayID)",
                             actions: [.acceptTransitGatewayAttachment(id: attachment.id, peering: attachment.isPeering)])

        case .transitGatewayAttachmentZone(let attachment, let subnet, let zone):
            return FixChange(kind: .transitGatewayAttachment, checkpoint: checkpoint, component: attachment.id, leg: nil,
                             summary: "add subnet \(subnet)\(tgwName(subnet)) (\(zone)) to \(attachment.id)\(tgwName(attachment.id)) (\(label(attachment))), so that \(zone) reaches \(attachment.transitGatewayID)",
                             actions: [.addTransitGatewayAttachmentSubnets(attachment: attachment.id, subnets: [subnet])])

        case .transitGatewayAssociation(let attachment, let table):
            return FixChange(kind: .transitGatewayAssociation, checkpoint: checkpoint, component: attachment.id, leg: nil,
                             summary: "associate \(attachment.id)\(tgwName(attachment.id)) (\(label(attachment))) with \(table.id)\(tgwName(table.id)), so that \(attachment.transitGatewayID) routes what comes in by it",
                             actions: [.associateTransitGatewayRouteTable(table: table.id, attachment: attachment.id)])

        case .transitGatewayRoute(let table, let target):
            return transitGatewayRouteChange(table, target, item.packet, checkpoint: checkpoint, leg: item.leg)

        default:
            throw Inexpressible("\(checkpoint) is not a transit gateway element")
        }
    }

    private func transitGatewayRouteChange(_ table: TransitGatewayRouteTable, _ target: TransitGatewayAttachment, _ packet: Packet,
                                           checkpoint: Checkpoint, leg: Leg) -> FixChange {
        let destination = packet.destination
        let block = target.vpcID.flatMap { network.vpc($0)?.cidrBlocks.first { $0.contains(destination) } }
            ?? walker.destinationBlock(for: destination)
        let head = "\(table.id)\(tgwName(table.id))"
        if let entry = network.transitGatewayRoute(in: table, for: destination), entry.prefix.length >= block.length {
            if entry.route.isStatic {
                let now = entry.route.isBlackhole ? "now a blackhole" : "now → \(entry.route.attachmentIDs.joined(separator: ", "))"
                return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                                 summary: "replace route \(entry.prefix) in \(head) (\(now)) with \(entry.prefix) → \(target.id) (\(label(target)))",
                                 actions: [.replaceTransitGatewayRoute(table: table.id, destination: entry.prefix, attachment: target.id)])
            }
            return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                             summary: "add static route \(entry.prefix) → \(target.id) (\(label(target))) to \(head): it wins over the propagated route to \(entry.route.attachmentIDs.joined(separator: ", "))",
                             actions: [.createTransitGatewayRoute(table: table.id, destination: entry.prefix, attachment: target.id)])
        }
        let propagates = table.propagations.contains { $0.attachmentID == target.id && $0.isEnabled }
        if target.isVPC, !propagates, let vpc = target.vpcID.flatMap({ network.vpc($0) }), vpc.cidrBlocks.contains(block) {
            let blocks = vpc.cidrBlocks.map(\.description).joined(separator: ", ")
            return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                             summary: "enable propagation from \(target.id) (\(label(target))) to \(head): it adds the routes \(blocks) → \(target.id)",
                             actions: [.enableTransitGatewayPropagation(table: table.id, attachment: target.id)])
        }
        return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                         summary: "add static route \(block) → \(target.id) (\(label(target))) to \(head)",
                         actions: [.createTransitGatewayRoute(table: table.id, destination: block, attachment: target.id)])
    }

    private func label(_ attachment: TransitGatewayAttachment) -> String {
        if attachment.isVPC { return "\(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)" }
        if attachment.isPeering { return "peering of \(attachment.transitGatewayID) with \(attachment.resourceID ?? "?")" }
        return "\(attachment.resourceType) \(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)"
    }

    private func tgwName(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

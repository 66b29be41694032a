import NetworkModel
import Simulation

extension BlockerExplanation {
    /// The sentence for a transit gateway condition that fails for `packet`, with its AWS Reachability Analyzer code.
    func explainTransitGateway(_ role: PathCondition.Role, packet: Packet) -> (String, String, String) {
        switch role {
        case .transitGatewayState(let gateway):
            return (gateway.id, "BAD_STATE", "\(gateway.id)\(tgwName(gateway.id)) is \(gateway.state): only an available transit gateway forwards traffic")

        case .transitGatewayAttachmentState(let attachment):
            var message = "\(attachment.id)\(tgwName(attachment.id)) (\(attachmentLabel(attachment))) is \(attachment.state): only an available attachment carries traffic"
            if attachment.state == .pendingAcceptance { message += "; the owner of \(attachment.transitGatewayID) must accept it" }
            return (attachment.id, "BAD_STATE", message)

        case .transitGatewayAttachmentZone(let attachment, let subnet, let zone):
            return (attachment.id, "TGW_ROUTE_AZ_RESTRICTION",
                    "\(attachment.id)\(tgwName(attachment.id)) (\(attachmentLabel(attachment))) has no subnet in \(zone), where \(subnet)\(tgwName(subnet)) is, so nothing there reaches \(attachment.transitGatewayID) (the attachment needs a subnet in every zone that sends through it)")

        case .transitGatewayAssociation(let attachment, _):
            return (attachment.id, "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION",
                    "\(attachment.id)\(tgwName(attachment.id)) (\(attachmentLabel(attachment))) is associated with no route table of \(attachment.transitGatewayID), so \(attachment.transitGatewayID) routes nothing that comes in by it")

        case .transitGatewayRoute(let table, let target):
            let destination = packet.destination
            let head = "no route to \(walker.destinationBlock(for: destination)) in \(table.id)\(tgwName(table.id))"
            guard let entry = network.transitGatewayRoute(in: table, for: destination) else {
                return (table.id, "TGW_RTB_CANNOT_ROUTE", "\(head): none of its routes matches \(destination)")
            }
            let routeName = entry.prefix.length == 0 ? "its default route" : "its route \(entry.prefix)"
            if entry.route.isBlackhole || entry.route.attachmentIDs.isEmpty {
                return (table.id, "TGW_RTB_BAD_STATE_ROUTE", "\(head): \(routeName) is a blackhole")
            }
            let chosen = entry.route.attachmentIDs.joined(separator: ", ")
            let where_ = entry.route.attachmentIDs.count == 1
                ? network.transitGatewayAttachment(entry.route.attachmentIDs[0], on: table.transitGatewayID).map { " (\(attachmentLabel($0)))" } ?? ""
                : ""
            return (table.id, "TGW_RTB_CANNOT_ROUTE", "\(head): \(routeName) sends the packet to \(chosen)\(where_), not to \(target.id) (\(attachmentLabel(target)))")

        default:
            return ("unknown", "UNKNOWN", "not a transit gateway condition")
        }
    }

    /// "vpc-1 to tgw-1", "peering of tgw-1 with tgw-2", "vpn vpn-1 to tgw-1".
    func attachmentLabel(_ attachment: TransitGatewayAttachment) -> String {
        if attachment.isVPC { return "\(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)" }
        if attachment.isPeering { return "peering of \(attachment.transitGatewayID) with \(attachment.resourceID ?? "?")" }
        return "\(attachment.resourceType) \(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)"
    }

    private func tgwName(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

import NetworkModel
import Simulation

extension ClaimBuilder {
    /// The AWS ids a transit gateway condition reads, a short word for the constant's name, and a plain sentence.
    /// `packet` is "the packet" or "the response".
    func describeTransitGateway(_ role: PathCondition.Role, packet: String) -> ([String], String, String) {
        switch role {
        case .transitGatewayState(let gateway):
            let state = gateway.isAvailable ? "" : "; it is \(gateway.state), so this is false"
            return ([gateway.id], "available", "transit gateway \(gateway.id)\(tgwName(gateway.id)) is available\(state)")
        case .transitGatewayAttachmentState(let attachment):
            let state = attachment.carriesTraffic ? "" : "; it is \(attachment.state), so this is false"
            return ([attachment.id], "available", "transit gateway attachment \(attachment.id)\(tgwName(attachment.id)) is available\(state)")
        case .transitGatewayAttachmentZone(let attachment, let subnet, let zone):
            return ([attachment.id], "subnet in \(zone)",
                    "transit gateway attachment \(attachment.id)\(tgwName(attachment.id)) has a subnet in \(zone), where \(subnet) is; it has none, so this is false")
        case .transitGatewayAssociation(let attachment, let table):
            return ([attachment.id, table.id], "association",
                    "transit gateway attachment \(attachment.id)\(tgwName(attachment.id)) is associated with \(table.id)\(tgwName(table.id)); it is associated with no route table, so this is false")
        case .transitGatewayRoute(let table, let target):
            return ([table.id], "to \(target.id)",
                    "transit gateway route table \(table.id)\(tgwName(table.id)) sends \(packet) to attachment \(target.id) (\(target.resourceType) \(target.resourceID ?? "?"))")
        default:
            return (["fact"], "", "not a transit gateway condition")
        }
    }

    private func tgwName(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

import NetworkModel
import SMT

extension FilterEncoding {
    /// Whether a transit gateway route table's forwarding decision for the destination (longest prefix first,
    /// static before propagated) is a route to exactly the attachment `attachmentID`.
    func transitGatewayRoutes(_ table: TransitGatewayRouteTable, _ destination: Term, toAttachment attachmentID: String) -> Term {
        cached("tgw-rtb|\(table.id)|\(attachmentID)", [destination]) {
            transitGatewayDecision(table, destination) { !$0.isBlackhole && $0.attachmentIDs == [attachmentID] }
        }
    }

    /// Whether the decision is an equal-cost route to several attachments.
    func transitGatewayRoutesToSeveral(_ table: TransitGatewayRouteTable, _ destination: Term) -> Term {
        cached("tgw-rtb|\(table.id)|ecmp", [destination]) {
            transitGatewayDecision(table, destination) { !$0.isBlackhole && $0.attachmentIDs.count > 1 }
        }
    }

    private func transitGatewayDecision(_ table: TransitGatewayRouteTable, _ destination: Term, _ selected: (TransitGatewayRoute) -> Bool) -> Term {
        var decision = context.boolean(false)
        for entry in network.transitGatewayRoutingEntries(of: table).reversed() {
            decision = context.ite(terms.isIn(destination, entry.prefix), context.boolean(selected(entry.route)), decision)
        }
        return decision
    }
}

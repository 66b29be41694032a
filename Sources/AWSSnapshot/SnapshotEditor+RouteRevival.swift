import NetworkModel

/// What AWS does to routes when their target becomes usable again: a route table's `blackhole` routes to a peering
/// connection that is accepted, or to a gateway that is attached, show as `active` again.
extension SnapshotEditor {
    /// Marks `active` every `blackhole` route of the route tables of `vpcIDs` whose `member` (`GatewayId`,
    /// `VpcPeeringConnectionId`) is `id`.
    mutating func reviveBlackholeRoutes(_ member: String, _ id: String, inVPCs vpcIDs: [String]) throws(SnapshotEditError) {
        for table in network.routeTables where vpcIDs.contains(table.vpcID) {
            for place in find("RouteTables", "RouteTableId", table.id) {
                // One route per edit: each splice moves what follows it in the file.
                var more = true
                while more {
                    more = false
                    try edit(place, "RouteTables") { (document, item) throws(SnapshotEditError) in
                        guard let route = item.member("Routes")?.elements.first(where: {
                            $0.member(member)?.string == id && $0.member("State")?.string == "blackhole" }) else { return }
                        try Self.splice { () throws(JSONSyntaxError) in try document.set("State", .string("active"), in: route) }
                        more = true
                    }
                }
            }
        }
    }
}

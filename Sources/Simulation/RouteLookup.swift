import NetworkModel

extension PacketWalker {
    /// The route a table uses for `destination`: the first entry in forwarding order (longest prefix) that
    /// contains it, or nil when no route matches.
    public func route(in table: RouteTable, for destination: IPAddress) -> RoutingEntry? {
        network.routingEntries(of: table).first { $0.prefix.contains(destination) }
    }
}

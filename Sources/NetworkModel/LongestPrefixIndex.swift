/// The longest-prefix match over a route table's entries in forwarding order, without scanning them: per address
/// family, the distinct prefix lengths from the longest down, and per length the position of the first entry in
/// forwarding order with each network address. An address is looked up once per distinct length (a transit gateway
/// table of one route per VPC has one or two lengths, however many VPCs).
///
/// Forwarding order puts longer prefixes first and, for one prefix, the entry that wins (static before propagated,
/// a CIDR route before a prefix-list route, then the table's order) before the others. Two prefixes of one length
/// that both contain an address are the same prefix, so the first entry in forwarding order that contains an address
/// is the first entry of the longest matching prefix: what `match` returns, as the scan did.
public struct LongestPrefixIndex: Sendable {
    private struct Level: Sendable {
        let length: Int
        let mask: UInt128
        var first: [UInt128: Int]
    }

    /// Levels of IPv4 prefixes, then of IPv6 prefixes, each from the longest down.
    private let ipv4: [Level]
    private let ipv6: [Level]

    /// Tables shorter than this are scanned: a few comparisons cost less than the look-ups.
    public static let minimumEntries = 8

    /// `prefixes`: the entries' prefixes in forwarding order.
    public init(prefixes: [IPPrefix]) {
        var levels: [AddressFamily: [Int: Level]] = [:]
        for (position, prefix) in prefixes.enumerated() {
            var level = levels[prefix.family, default: [:]][prefix.length]
                ?? Level(length: prefix.length, mask: IPPrefix.mask(prefix.length, prefix.family), first: [:])
            if level.first[prefix.network.value] == nil { level.first[prefix.network.value] = position }
            levels[prefix.family, default: [:]][prefix.length] = level
        }
        ipv4 = (levels[.ipv4] ?? [:]).values.sorted { $0.length > $1.length }
        ipv6 = (levels[.ipv6] ?? [:]).values.sorted { $0.length > $1.length }
    }

    /// The position (in forwarding order) of the entry for `address`: the first entry of the longest prefix that
    /// contains it; nil when none does.
    public func match(_ address: IPAddress) -> Int? {
        for level in address.family == .ipv4 ? ipv4 : ipv6 {
            if let position = level.first[address.value & level.mask] { return position }
        }
        return nil
    }
}

/// A route table's forwarding order and, for a long one, its index (`LongestPrefixIndex`).
struct ForwardingTable: Sendable {
    let entries: [RoutingEntry]
    /// The routes the entries were made from: a table passed in with other routes is worked out again.
    let routes: [Route]
    let index: LongestPrefixIndex?

    init(entries: [RoutingEntry], routes: [Route]) {
        self.entries = entries
        self.routes = routes
        index = entries.count >= LongestPrefixIndex.minimumEntries ? LongestPrefixIndex(prefixes: entries.map(\.prefix)) : nil
    }

    func match(_ destination: IPAddress) -> RoutingEntry? {
        if let index { return index.match(destination).map { entries[$0] } }
        return entries.first { $0.prefix.contains(destination) }
    }
}

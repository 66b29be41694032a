import Foundation
import NetworkModel
import SMT

/// What an encoding looks up over the whole network, worked out once per network and kept by the engine for every
/// query it answers: every VPC's CIDR blocks and every public address of the snapshot (what the internet host test
/// excludes), as lists and as the merged ranges `PacketTerms.isIn(_:any:)` and `isOneOf` write for long lists. A
/// query then pays for the terms it writes, not for gathering and merging the network's addresses again.
///
/// Thread-safe: engines are shared by the threads of a matrix.
final class EncodingIndex: @unchecked Sendable {
    let network: Network
    private let lock = NSLock()
    private var vpcBlocksCache: [IPPrefix]?
    private var publicAddressesCache: [IPAddress]?
    private var mergedCache: [String: [(lower: UInt128, upper: UInt128)]] = [:]
    private var transitGatewayPrefixesCache: [String: [String: [IPPrefix]]] = [:]

    init(network: Network) { self.network = network }

    /// Every VPC's CIDR blocks, in the snapshot's order.
    var vpcBlocks: [IPPrefix] {
        lock.withLock {
            if let known = vpcBlocksCache { return known }
            let blocks = network.vpcs.flatMap(\.cidrBlocks)
            vpcBlocksCache = blocks
            return blocks
        }
    }

    /// Every public address of the snapshot's interfaces, in the snapshot's order.
    var publicAddresses: [IPAddress] {
        lock.withLock {
            if let known = publicAddressesCache { return known }
            let addresses = network.networkInterfaces.flatMap { $0.addresses.compactMap(\.publicAddress) }
            publicAddressesCache = addresses
            return addresses
        }
    }

    /// The prefixes of a transit gateway route table's routes that name each attachment alone (not a blackhole), by
    /// attachment, in the table's forwarding order: made once per table.
    func transitGatewayPrefixes(_ table: TransitGatewayRouteTable) -> [String: [IPPrefix]] {
        if let known = lock.withLock({ transitGatewayPrefixesCache[table.id] }) { return known }
        var byAttachment: [String: [IPPrefix]] = [:]
        for entry in network.transitGatewayRoutingEntries(of: table) where !entry.route.isBlackhole && entry.route.attachmentIDs.count == 1 {
            byAttachment[entry.route.attachmentIDs[0], default: []].append(entry.prefix)
        }
        lock.withLock { transitGatewayPrefixesCache[table.id] = byAttachment }
        return byAttachment
    }

    /// The merged ranges of a list this index holds (`key` names it and the family), made once by `make`.
    func merged(_ key: String, _ make: () -> [(lower: UInt128, upper: UInt128)]) -> [(lower: UInt128, upper: UInt128)] {
        if let known = lock.withLock({ mergedCache[key] }) { return known }
        let ranges = make()
        lock.withLock { mergedCache[key] = ranges }
        return ranges
    }
}

extension PacketTerms {
    /// `isIn(address, any: prefixes)` for one of the index's lists: the same term, its merged ranges made once.
    func isIn(_ address: Term, any prefixes: [IPPrefix], indexedAs key: String, in index: EncodingIndex) -> Term {
        guard prefixes.count >= Self.compactionThreshold else { return isIn(address, any: prefixes) }
        let ranges = index.merged("\(key)|\(family)") {
            Self.merge(prefixes.filter { $0.family == family }.map { ($0.first.value, $0.last.value) }, family: family)
        }
        return context.or(ranges.map { context.inRange(address, wide: $0.lower, $0.upper) })
    }

    /// `isOneOf(address, addresses)` for one of the index's lists: the same term, its merged ranges made once.
    func isOneOf(_ address: Term, _ addresses: [IPAddress], indexedAs key: String, in index: EncodingIndex) -> Term {
        let ranges = index.merged("\(key)|\(family)|addresses") {
            let own = addresses.filter { $0.family == family }
            // Short lists keep one comparison per address (`isOneOf`); an empty range list marks them.
            guard own.count >= Self.compactionThreshold else { return [] }
            return Self.merge(own.map { ($0.value, $0.value) }, family: family)
        }
        guard !ranges.isEmpty else { return isOneOf(address, addresses) }
        return context.or(ranges.map { context.inRange(address, wide: $0.lower, $0.upper) })
    }
}

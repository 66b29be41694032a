/// The transit gateways of a snapshot, their attachments and route tables, with lookups and each route table's
/// forwarding order (static routes, and the routes its enabled propagations imply).
public struct TransitGatewayConfiguration: Sendable {
    public private(set) var gateways: [TransitGateway]
    /// Attachment ends, one per transit gateway they belong to (a peering attachment has two).
    public private(set) var attachments: [TransitGatewayAttachment]
    public private(set) var routeTables: [TransitGatewayRouteTable]

    private var gatewayIndex: [String: Int] = [:]
    private var attachmentIndex: [String: Int] = [:]
    private var attachmentEnds: [String: [Int]] = [:]
    private var routeTableIndex: [String: Int] = [:]
    private var entries: [String: [TransitGatewayRoutingEntry]] = [:]
    /// The longest-prefix index of each long table's entries (`LongestPrefixIndex`).
    private var indices: [String: LongestPrefixIndex] = [:]
    private var unknownRoutes: [String: [String]] = [:]

    public init(gateways: [TransitGateway] = [], attachments: [TransitGatewayAttachment] = [], routeTables: [TransitGatewayRouteTable] = []) {
        self.gateways = gateways
        self.attachments = attachments
        self.routeTables = routeTables
        for (i, gateway) in gateways.enumerated() where gatewayIndex[gateway.id] == nil { gatewayIndex[gateway.id] = i }
        for (i, attachment) in attachments.enumerated() {
            let key = Self.key(attachment.id, attachment.transitGatewayID)
            if attachmentIndex[key] == nil { attachmentIndex[key] = i }
            attachmentEnds[attachment.id, default: []].append(i)
        }
        for (i, table) in routeTables.enumerated() where routeTableIndex[table.id] == nil { routeTableIndex[table.id] = i }
    }

    private static func key(_ attachment: String, _ gateway: String) -> String { "\(gateway)/\(attachment)" }

    public var isEmpty: Bool { gateways.isEmpty && attachments.isEmpty && routeTables.isEmpty }

    public func gateway(_ id: String) -> TransitGateway? { gatewayIndex[id].map { gateways[$0] } }
    public func routeTable(_ id: String) -> TransitGatewayRouteTable? { routeTableIndex[id].map { routeTables[$0] } }

    /// The end of attachment `id` on transit gateway `gatewayID`.
    public func attachment(_ id: String, on gatewayID: String) -> TransitGatewayAttachment? {
        attachmentIndex[Self.key(id, gatewayID)].map { attachments[$0] }
    }

    /// Every end of attachment `id` (two for a peering attachment).
    public func attachmentEnds(_ id: String) -> [TransitGatewayAttachment] { (attachmentEnds[id] ?? []).map { attachments[$0] } }

    /// The route tables of a transit gateway that exist (not `deleted`), in the snapshot's order.
    public func routeTables(of gatewayID: String) -> [TransitGatewayRouteTable] {
        routeTables.filter { $0.transitGatewayID == gatewayID && $0.state != .deleted }
    }

    /// A route table's entries in forwarding order (the IPv4 ones, then the IPv6 ones; an address matches only
    /// routes of its family): longest prefix first; for equal prefixes static before
    /// propagated, and propagated from a VPC before propagated from anything else (AWS's route priority), then
    /// the table's order. Only active and blackhole routes take part.
    public func routingEntries(of tableID: String) -> [TransitGatewayRoutingEntry] { entries[tableID] ?? [] }

    /// The entry a route table uses for `destination`: the first in forwarding order that contains it, or nil.
    public func route(in tableID: String, for destination: IPAddress) -> TransitGatewayRoutingEntry? {
        guard let list = entries[tableID] else { return nil }
        if let index = indices[tableID] { return index.match(destination).map { list[$0] } }
        return list.first { $0.prefix.contains(destination) }
    }

    /// Why a route table's routes are not all known: enabled propagations from attachments whose routes the
    /// snapshot cannot tell (a VPN connection, a Direct Connect gateway, a VPC it does not describe). Empty when
    /// every route is known.
    public func unknownRoutes(of tableID: String) -> [String] { unknownRoutes[tableID] ?? [] }

    /// The configuration with each route table's forwarding order worked out: the listed routes, plus, for each
    /// enabled propagation from a VPC attachment, one propagated route per CIDR block of the VPC (unless the table
    /// lists it already): its IPv4 blocks, and its IPv6 blocks only when the attachment has IPv6 support.
    public func resolved(vpcs: [VPC]) -> TransitGatewayConfiguration {
        var copy = self
        copy.entries = [:]
        copy.indices = [:]
        copy.unknownRoutes = [:]
        var blocks: [String: [IPPrefix]] = [:]
        for vpc in vpcs where blocks[vpc.id] == nil { blocks[vpc.id] = vpc.cidrBlocks }
        for table in routeTables where table.state != .deleted {
            var routes = table.routes.filter(\.isInstalled)
            let listsPropagated = routes.contains { !$0.isStatic }
            var unknown: [String] = []
            for propagation in table.propagations where propagation.isEnabled {
                let end = attachment(propagation.attachmentID, on: table.transitGatewayID)
                let type = end?.resourceType ?? propagation.resourceType ?? .unknown
                let resource = end?.resourceID ?? propagation.resourceID
                if type == .vpc, let vpcID = resource, let cidrs = blocks[vpcID] {
                    let ipv6 = end?.ipv6Support ?? false
                    for block in cidrs where (block.family == .ipv4 || ipv6) && !routes.contains(where: { $0.destination == block && $0.attachmentIDs == [propagation.attachmentID] }) {
                        routes.append(TransitGatewayRoute(destination: block, attachmentIDs: [propagation.attachmentID], type: .propagated,
                                                          state: .active, resourceType: .vpc))
                    }
                } else if type == .peering || type == .tgwPeering {
                    continue // peering attachments do not propagate routes: they need static routes
                } else if !listsPropagated {
                    let what = type == .vpc ? "VPC \(resource ?? "?") that the snapshot does not describe"
                        : resource.map { "\(type) \($0)" } ?? type.rawValue
                    unknown.append("\(propagation.attachmentID) (\(what))")
                }
            }
            let ranked = routes.enumerated().map { (position, route) -> (TransitGatewayRoute, Int, Int) in
                let rank: Int
                if route.isStatic {
                    rank = 0
                } else {
                    let type = route.resourceType ?? route.attachmentIDs.first.flatMap { attachment($0, on: table.transitGatewayID)?.resourceType }
                    rank = type == .vpc ? 1 : 2
                }
                return (route, rank, position)
            }.sorted {
                if $0.0.destination.family != $1.0.destination.family { return $0.0.destination.family < $1.0.destination.family }
                if $0.0.destination.length != $1.0.destination.length { return $0.0.destination.length > $1.0.destination.length }
                if $0.1 != $1.1 { return $0.1 < $1.1 }
                return $0.2 < $1.2
            }
            copy.entries[table.id] = ranked.map { TransitGatewayRoutingEntry(route: $0.0) }
            if ranked.count >= LongestPrefixIndex.minimumEntries { copy.indices[table.id] = LongestPrefixIndex(prefixes: ranked.map(\.0.destination)) }
            if !unknown.isEmpty { copy.unknownRoutes[table.id] = unknown }
        }
        return copy
    }

    // MARK: Changes (what fixes do)

    /// Adds a static route, or makes the static route for exactly this destination send to `attachmentID`.
    public mutating func setStaticRoute(table tableID: String, destination: IPPrefix, attachmentID: String) {
        guard let index = routeTableIndex[tableID] else { return }
        let route = TransitGatewayRoute(destination: destination, attachmentIDs: [attachmentID], type: .static, state: .active)
        if let existing = routeTables[index].routes.firstIndex(where: { $0.destination == destination && $0.isStatic }) {
            routeTables[index].routes[existing] = route
        } else {
            routeTables[index].routes.append(route)
        }
    }

    /// Associates an attachment end with a route table of its transit gateway.
    public mutating func associate(attachment attachmentID: String, table tableID: String) {
        guard let table = routeTable(tableID), let index = attachmentIndex[Self.key(attachmentID, table.transitGatewayID)] else { return }
        attachments[index].associatedRouteTableID = tableID
    }

    /// Enables the propagation of an attachment's routes into a route table.
    public mutating func enablePropagation(attachment attachmentID: String, table tableID: String) {
        guard let index = routeTableIndex[tableID] else { return }
        let end = attachment(attachmentID, on: routeTables[index].transitGatewayID)
        if let existing = routeTables[index].propagations.firstIndex(where: { $0.attachmentID == attachmentID }) {
            routeTables[index].propagations[existing].state = .enabled
        } else {
            routeTables[index].propagations.append(TransitGatewayPropagation(attachmentID: attachmentID, resourceType: end?.resourceType,
                                                                             resourceID: end?.resourceID, state: .enabled))
        }
    }

    /// Adds subnets to a VPC attachment.
    public mutating func addSubnets(_ subnetIDs: [String], to attachmentID: String) {
        for index in attachmentEnds[attachmentID] ?? [] where attachments[index].isVPC {
            for subnet in subnetIDs where !attachments[index].subnetIDs.contains(subnet) { attachments[index].subnetIDs.append(subnet) }
        }
    }

    /// Sets the state of every end of an attachment (`available` once accepted).
    public mutating func setState(_ state: TransitGatewayAttachmentState, of attachmentID: String) {
        for index in attachmentEnds[attachmentID] ?? [] { attachments[index].state = state }
    }
}

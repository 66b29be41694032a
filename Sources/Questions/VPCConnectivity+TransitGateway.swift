import NetworkModel
import Simulation

/// Which VPCs may exchange traffic through transit gateways, for the matrix's pre-check. An over-approximation.
/// Through a transit gateway on its own (no peering with another, no attachment subnet routing to another), VPC A
/// may send to VPC B when the route table A's attachment is associated with has a route whose prefix meets one of
/// B's blocks and that sends to B's attachment, to another VPC's attachment whose subnets route such a packet on (the
/// walker then answers "not modelled"), or to anything else (peering, VPN, …: any VPC). Otherwise the older rule
/// holds: a VPC that routes to a transit gateway may reach every VPC attached to it, to the transit gateways peered
/// with it, and to those its attached VPCs route on to; and any VPC at all when the traffic may go on to something
/// PathProof does not model (a VPN or Direct Connect attachment, routes it cannot know, an appliance or peering
/// behind an attachment, a transit gateway or attachment the snapshot does not describe).
struct TransitGatewayReach {
    /// For each VPC that routes to a transit gateway: the VPCs its traffic may end in; nil: any VPC.
    private var reach: [String: Set<String>?] = [:]

    init(network: Network) {
        var parent: [String: String] = [:]
        func root(_ id: String) -> String {
            var id = id
            while let up = parent[id], up != id { id = up }
            return id
        }
        func join(_ a: String, _ b: String) {
            let (x, y) = (root(a), root(b))
            if x != y { parent[x] = y }
        }
        var leaky: Set<String> = []
        // Leaky only because an attachment subnet routes on to an appliance, NAT gateway, peering, …: the route
        // table rule below answers for that where it applies.
        var routesOn: Set<String> = []
        var attached: [String: Set<String>] = [:]
        for attachment in network.transit.attachments where attachment.state != .deleted {
            let gateway = attachment.transitGatewayID
            if attachment.isPeering, let peer = attachment.resourceID {
                join(gateway, peer)
            } else if let vpcID = attachment.vpcID, network.vpc(vpcID) != nil, !attachment.subnetIDs.isEmpty {
                attached[gateway, default: []].insert(vpcID)
                for subnet in attachment.subnetIDs {
                    for route in network.routeTable(forSubnet: subnet)?.routes ?? [] where route.isActive {
                        switch route.target {
                        case .local, .internetGateway: continue
                        case .transitGateway(let onward): join(gateway, onward)
                        default: routesOn.insert(gateway)
                        }
                    }
                }
            } else {
                leaky.insert(gateway)
            }
        }
        for table in network.transit.routeTables where table.state != .deleted {
            if !network.transitGatewayUnknownRoutes(of: table).isEmpty
                || network.transitGatewayRoutingEntries(of: table).contains(where: { $0.route.attachmentIDs.count > 1 }) {
                leaky.insert(table.transitGatewayID)
            }
        }
        let leakyRoots = Set(leaky.map(root))
        let routesOnRoots = Set(routesOn.map(root))
        var vpcsOfRoot: [String: Set<String>] = [:]
        for (gateway, vpcs) in attached { vpcsOfRoot[root(gateway), default: []].formUnion(vpcs) }
        var gatewaysOfRoot: [String: Set<String>] = [:]
        for gateway in Set(attached.keys).union(parent.keys).union(parent.values) { gatewaysOfRoot[root(gateway), default: []].insert(gateway) }
        var tableReach: [String: Set<String>?] = [:]
        for table in network.routeTables {
            for route in table.routes where route.isActive {
                guard case .transitGateway(let id) = route.target else { continue }
                if reach[table.vpcID] == .some(nil) { break }
                guard network.transitGateway(id) != nil, network.transitGatewayAttachment(ofVPC: table.vpcID, on: id) != nil else {
                    reach[table.vpcID] = .some(nil)
                    break
                }
                let component = root(id)
                if leakyRoots.contains(component) {
                    reach[table.vpcID] = .some(nil)
                    break
                }
                var known = reach[table.vpcID].flatMap { $0 } ?? []
                if gatewaysOfRoot[component, default: [id]].count <= 1, let attachment = network.transitGatewayAttachment(ofVPC: table.vpcID, on: id) {
                    // The walker drops what comes in by an attachment with no association.
                    if let tableID = attachment.associatedRouteTableID {
                        if tableReach[tableID] == nil {
                            tableReach[tableID] = .some(Self.reach(ofTable: tableID, gateway: id, among: vpcsOfRoot[component] ?? [], network))
                        }
                        guard let vpcs = tableReach[tableID] ?? nil else {
                            reach[table.vpcID] = .some(nil)
                            break
                        }
                        known.formUnion(vpcs)
                    }
                } else {
                    if routesOnRoots.contains(component) {
                        reach[table.vpcID] = .some(nil)
                        break
                    }
                    known.formUnion(vpcsOfRoot[component] ?? [])
                }
                reach[table.vpcID] = .some(known)
            }
        }
    }

    /// The VPCs (of `candidates`) a transit gateway route table may send a packet bound for them towards; nil: any.
    private static func reach(ofTable tableID: String, gateway: String, among candidates: Set<String>, _ network: Network) -> Set<String>? {
        guard let table = network.transitGatewayRouteTable(tableID) else { return nil }
        let entries = network.transitGatewayRoutingEntries(of: table).filter { $0.route.state == .active }
        var result: Set<String> = []
        for vpcID in candidates {
            guard let blocks = network.vpc(vpcID)?.cidrBlocks else { return nil }
            for entry in entries where blocks.contains(where: { $0.overlaps(entry.prefix) }) {
                guard entry.route.attachmentIDs.count == 1, let target = network.transitGatewayAttachment(entry.route.attachmentIDs[0], on: gateway),
                      target.isVPC, let targetVPC = target.vpcID, network.vpc(targetVPC) != nil else { return nil }
                if targetVPC == vpcID || mayRouteOn(target, blocks: blocks, network) {
                    result.insert(vpcID)
                    break
                }
            }
        }
        return result
    }

    /// Whether a VPC attachment's subnets may route a packet bound for these blocks somewhere other than an internet
    /// gateway (which drops it): the walker then answers that traffic through a VPC is not modelled.
    private static func mayRouteOn(_ attachment: TransitGatewayAttachment, blocks: [IPPrefix], _ network: Network) -> Bool {
        for subnet in attachment.subnetIDs {
            guard let table = network.routeTable(forSubnet: subnet) else { return true }
            for entry in network.routingEntries(of: table) where entry.route.isActive && !PacketWalker.dropsTransit(entry.route.target)
                && blocks.contains(where: { $0.overlaps(entry.prefix) }) {
                return true
            }
        }
        return false
    }

    /// Whether traffic from VPC `a` may reach VPC `b` through transit gateways.
    func mayConnect(_ a: String, _ b: String) -> Bool {
        guard let entry = reach[a] else { return false }
        guard let vpcs = entry else { return true }
        return vpcs.contains(b)
    }
}

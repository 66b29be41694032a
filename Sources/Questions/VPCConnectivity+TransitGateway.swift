import NetworkModel

/// Which VPCs may exchange traffic through transit gateways, for the matrix's pre-check. An over-approximation:
/// a VPC that routes to a transit gateway may reach every VPC attached to it, to the transit gateways peered
/// with it, and to those its attached VPCs route on to; and any VPC at all when the traffic may go on to
/// something PathProof does not model (a VPN or Direct Connect attachment, routes it cannot know, an appliance or
/// peering behind an attachment, a transit gateway or attachment the snapshot does not describe).
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
                        default: leaky.insert(gateway)
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
        var vpcsOfRoot: [String: Set<String>] = [:]
        for (gateway, vpcs) in attached { vpcsOfRoot[root(gateway), default: []].formUnion(vpcs) }
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
                known.formUnion(vpcsOfRoot[component] ?? [])
                reach[table.vpcID] = .some(known)
            }
        }
    }

    /// Whether traffic from VPC `a` may reach VPC `b` through transit gateways.
    func mayConnect(_ a: String, _ b: String) -> Bool {
        guard let entry = reach[a] else { return false }
        guard let vpcs = entry else { return true }
        return vpcs.contains(b)
    }
}

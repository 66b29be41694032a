import NetworkModel

extension SnapshotBuilder {
    /// Internet gateways that active routes use but no `InternetGateways` file describes (a snapshot without
    /// describe-internet-gateways, or a multi-account snapshot missing one account's dump). AWS turns a route to
    /// a detached or deleted gateway into a `blackhole` route, so an active route means the gateway exists and is
    /// attached to the route table's VPC; it is added as such, with a warning.
    mutating func addUndescribedInternetGateways() {
        var assumed: [String: [String]] = [:]
        var order: [String] = []
        for table in routeTables.items {
            for route in table.routes where route.isActive {
                guard case .internetGateway(let id) = route.target, !internetGateways.contains(id) else { continue }
                if assumed[id] == nil { order.append(id) }
                if assumed[id, default: []].contains(table.vpcID) == false { assumed[id, default: []].append(table.vpcID) }
            }
        }
        for id in order {
            let vpcIDs = assumed[id] ?? []
            internetGateways.add(InternetGateway(id: id, attachments: vpcIDs.map { .init(vpcID: $0, state: .available) }), id: id) { _, _ in }
            warnings.add("undescribed internet gateways", file: nil, detail: "\(id) in \(vpcIDs.joined(separator: ", "))") { count in
                "\(count) internet gateway\(count == 1 ? " is" : "s are") used by active routes but not described; assumed attached (AWS marks routes to detached gateways blackhole)"
            }
        }
    }

    /// Egress-only internet gateways that active routes use but no `EgressOnlyInternetGateways` file describes
    /// (a snapshot without describe-egress-only-internet-gateways): as for internet gateways, AWS turns a route to a
    /// deleted gateway into a `blackhole` route, so an active route means the gateway exists, attached to the route
    /// table's VPC; it is added as such, with a warning.
    mutating func addUndescribedEgressOnlyInternetGateways() {
        var assumed: [String: [String]] = [:]
        var order: [String] = []
        for table in routeTables.items {
            for route in table.routes where route.isActive {
                guard case .egressOnlyInternetGateway(let id) = route.target, !edgeParts.egressOnlyInternetGateways.contains(id) else { continue }
                if assumed[id] == nil { order.append(id) }
                if assumed[id, default: []].contains(table.vpcID) == false { assumed[id, default: []].append(table.vpcID) }
            }
        }
        for id in order {
            let vpcIDs = assumed[id] ?? []
            edgeParts.egressOnlyInternetGateways.add(EgressOnlyInternetGateway(id: id, attachments: vpcIDs.map { .init(vpcID: $0, state: .attached) }),
                                                     id: id) { _, _ in }
            warnings.add("undescribed egress-only internet gateways", file: nil, detail: "\(id) in \(vpcIDs.joined(separator: ", "))") { count in
                "\(count) egress-only internet gateway\(count == 1 ? " is" : "s are") used by active routes but not described; assumed attached (AWS marks routes to deleted gateways blackhole)"
            }
        }
    }
}

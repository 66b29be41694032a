import NetworkModel

extension SnapshotBuilder {
    /// What the snapshot holds and which references it leaves unresolved, with one warning per missing kind the
    /// network needs and per dangling reference, naming the `describe-*` command whose output is missing.
    ///
    /// Kinds are counted over the whole snapshot (every folder, region and account together).
    mutating func completeness(of network: Network) -> SnapshotCompleteness {
        var dangling: [SnapshotCompleteness.DanglingReference] = []
        let holdsGroups = presentKinds.contains(.securityGroups)
        let holdsACLs = presentKinds.contains(.networkACLs)
        let holdsTables = presentKinds.contains(.routeTables)

        let interfacesWithGroups = network.networkInterfaces.filter { !$0.securityGroupIDs.isEmpty }
        if !holdsGroups, let first = interfacesWithGroups.first {
            missingKind(.securityGroups, because: "\(interfacesWithGroups.count) network interface\(interfacesWithGroups.count == 1 ? " has" : "s have") security groups (\(first.id): \(first.securityGroupIDs.joined(separator: ", ")))")
        }
        if !holdsACLs, let first = network.subnets.first {
            missingKind(.networkACLs, because: "\(network.subnets.count) subnet\(network.subnets.count == 1 ? " has" : "s have") a network ACL (\(first.id))")
        }
        if !holdsTables, let first = network.subnets.first {
            missingKind(.routeTables, because: "\(network.subnets.count) subnet\(network.subnets.count == 1 ? " has" : "s have") a route table (\(first.id))")
        }

        if holdsGroups {
            for interface in network.networkInterfaces {
                for group in interface.securityGroupIDs where network.securityGroup(group) == nil {
                    dangling.append(.init(kind: .securityGroups, id: group, referencedBy: interface.id))
                }
            }
        }
        if holdsGroups { dangling += crossAccountReferences(of: network) }
        for table in network.routeTables {
            var seen: Set<String> = []
            for route in table.routes where route.isActive {
                guard case .peeringConnection(let id) = route.target, network.peeringConnection(id) == nil, seen.insert(id).inserted else { continue }
                dangling.append(.init(kind: .peeringConnections, id: id, referencedBy: table.id))
            }
        }
        var seenSubnets: Set<String> = []
        for interface in network.networkInterfaces where !interface.subnetID.isEmpty && network.subnet(interface.subnetID) == nil {
            guard seenSubnets.insert(interface.subnetID).inserted else { continue }
            dangling.append(.init(kind: .subnets, id: interface.subnetID, referencedBy: interface.id))
        }
        for subnet in network.subnets {
            if network.vpc(subnet.vpcID) == nil {
                dangling.append(.init(kind: .vpcs, id: subnet.vpcID, referencedBy: subnet.id))
            }
            if holdsACLs, network.networkACL(forSubnet: subnet.id) == nil {
                dangling.append(.init(kind: .networkACLs, id: subnet.id, referencedBy: subnet.id))
            }
            if holdsTables, network.routeTable(forSubnet: subnet.id) == nil {
                dangling.append(.init(kind: .routeTables, id: subnet.id, referencedBy: subnet.id))
            }
        }
        for reference in dangling {
            let kind = reference.kind
            warnings.add("\(SnapshotWarning.unresolvedReferencesPrefix) (\(kind.command))", file: nil, detail: reference.description) { count in
                "\(count) reference\(count == 1 ? "" : "s") to resources no \(kind.command) output describes; answers that depend on them are unknown (add the output of aws ec2 \(kind.command))"
            }
        }
        return SnapshotCompleteness(presentKinds: presentKinds, danglingReferences: dangling, failedCalls: failedCalls)
    }

    /// One warning for a kind the network needs but no output holds.
    private mutating func missingKind(_ kind: SnapshotCompleteness.Kind, because need: String) {
        warnings.add("\(SnapshotWarning.missingOutputPrefix)\(kind.command.dropFirst("describe-".count)) output", file: nil) { _ in
            "the snapshot holds no \(kind.rawValue) (\(need)); answers that depend on them are unknown (add the output of aws ec2 \(kind.command))"
        }
    }
}

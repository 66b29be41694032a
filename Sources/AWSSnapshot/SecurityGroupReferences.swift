import NetworkModel

extension SnapshotBuilder {
    /// Rules naming a group of another account (`UserIdGroupPairs` with a `UserId` other than the rule's group's
    /// owner, or `123456789012/sg-…`) that no output describes, when the snapshot holds nothing of that account:
    /// which addresses the rule matches is unknown, so answers that depend on the interfaces carrying the rule's
    /// group are UNKNOWN (one dangling reference per such interface, named `account/sg-…`).
    func crossAccountReferences(of network: Network) -> [SnapshotCompleteness.DanglingReference] {
        let accounts = network.snapshotAccounts
        var unresolved: [String: [String]] = [:]  // group id -> the `account/sg-…` references its rules make
        for group in network.securityGroups {
            for rule in group.inbound + group.outbound {
                guard case .securityGroup(let id, let owner?) = rule.peer, owner != group.ownerID, !accounts.contains(owner),
                      network.securityGroup(id) == nil else { continue }
                let reference = "\(owner)/\(id)"
                if !(unresolved[group.id] ?? []).contains(reference) { unresolved[group.id, default: []].append(reference) }
            }
        }
        guard !unresolved.isEmpty else { return [] }
        var result: [SnapshotCompleteness.DanglingReference] = []
        for interface in network.networkInterfaces {
            for groupID in interface.securityGroupIDs {
                for reference in unresolved[groupID] ?? [] {
                    result.append(.init(kind: .securityGroups, id: reference, referencedBy: interface.id))
                }
            }
        }
        return result
    }
}

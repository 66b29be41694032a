import NetworkModel
import Simulation
import SMT

/// A network ACL as a formula over a symbolic packet, mirroring `Simulation/Components/NetworkACL.swift`: the
/// lowest-numbered matching rule decides, nothing matched is denied. ACLs are stateless: every crossing of a subnet
/// boundary, on either leg, is one condition (`acl(_:_:_:_:)`).
extension FilterEncoding {
    /// A network ACL in one direction: the first matching rule (ascending rule number) decides; none denies.
    func networkACLAllows(_ acl: NetworkACL, _ direction: Direction, _ packet: SymbolicPacket) -> Term {
        cached("acl|\(acl.id)|\(direction)", Self.fields(packet)) { networkACLAllowsUncached(acl, direction, packet) }
    }

    private func networkACLAllowsUncached(_ acl: NetworkACL, _ direction: Direction, _ packet: SymbolicPacket) -> Term {
        var decision = context.boolean(false)
        for entry in acl.rules(direction).reversed() {
            var parts = protocolParts(entry.ipProtocol, ports: entry.ports, icmp: entry.icmp, packet)
            parts.append(terms.isIn(direction == .inbound ? packet.source : packet.destination, entry.cidrBlock))
            decision = context.ite(context.and(parts), context.boolean(entry.allows), decision)
        }
        return decision
    }
}

extension PathEncoder {
    /// The condition that the network ACL of `subnetID` lets the packet cross in `direction` (none when the snapshot
    /// describes no network ACL for the subnet). When the snapshot should describe one but does not
    /// (`Network.networkACLGap`), a condition every packet meets, marked as a gap.
    func acl(_ subnetID: String, _ direction: Direction, _ packet: SymbolicPacket, _ leg: Leg) -> [PathCondition] {
        if let gap = network.networkACLGap(subnetID) {
            return [PathCondition(term: context.boolean(true), checkpoint: nil, role: .fact, packet: packet, gap: gap)]
        }
        guard let acl = network.networkACL(forSubnet: subnetID) else { return [] }
        return [PathCondition(term: filters.networkACLAllows(acl, direction, packet), checkpoint: .networkACL(acl.id, direction, leg),
                              role: .networkACL(acl, direction, subnet: subnetID), packet: packet)]
    }

    /// The network ACL conditions of the subnet boundaries a packet crosses from `from` to `to`
    /// (`Network.subnetBoundaries`).
    func acls(from: String?, to: String, _ packet: SymbolicPacket, _ leg: Leg) -> [PathCondition] {
        network.subnetBoundaries(from: from, to: to).flatMap { acl($0.subnet, $0.direction, packet, leg) }
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why a subnet's network ACL blocks the packet in `direction`.
    func explainNetworkACL(_ acl: NetworkACL, _ direction: Direction, subnet: String, _ packet: Packet) -> (String, BlockerCode, String) {
        let decision = walker.networkACLDecision(acl, direction, packet)
        return (acl.id, .subnetACLRestriction, "blocked by network ACL \(decision.detail) (subnet \(subnet)\(network.nameSuffix(subnet)))")
    }
}

// MARK: Fixes

extension FixDerivation {
    /// One allow rule numbered below the rule that denied the packet, or that rule replaced when no number is free (create-/replace-network-acl-entry).
    func networkACLRuleChange(_ acl: NetworkACL, _ direction: Direction, leg: Leg, checkpoint: Checkpoint, packet: Packet) throws(Inexpressible) -> FixChange {
        let peerAddress = direction == .inbound ? packet.source : packet.destination
        let peer = peerBlock(peerAddress, ruleVPC: acl.vpcID)
        let (selector, ports, icmp) = ruleTraffic(packet, leg: leg)
        let denier = Self.firstMatch(acl, direction, packet)
        let deniedBy = denier.map(\.ruleNumber) ?? 32767
        let what = Self.describe(selector, ports, icmp)
        let preposition = direction == .inbound ? "from" : "to"
        let reason = deniedBy >= 32767 ? "before the final deny" : "before rule \(deniedBy), which denies it"
        if let number = Self.freeRuleNumber(acl, direction, below: deniedBy) {
            let entry = NetworkACLEntry(ruleNumber: number, direction: direction, allows: true, ipProtocol: selector,
                                        cidrBlock: peer, ports: ports, icmp: icmp)
            return FixChange(kind: .networkACLRule, checkpoint: checkpoint, component: acl.id, leg: leg,
                             summary: "add \(direction) rule \(number) to network ACL \(acl.id)\(network.nameSuffix(acl.id)): allow \(what) \(preposition) \(peer) (\(reason))",
                             actions: [.createNetworkACLEntry(acl: acl.id, entry: entry)])
        }
        guard deniedBy < 32767 else { throw Inexpressible("\(acl.id) has no free rule number for an allow rule") }
        let entry = NetworkACLEntry(ruleNumber: deniedBy, direction: direction, allows: true, ipProtocol: selector,
                                    cidrBlock: peer, ports: ports, icmp: icmp)
        return FixChange(kind: .networkACLRule, checkpoint: checkpoint, component: acl.id, leg: leg,
                         summary: "replace \(direction) rule \(deniedBy) of network ACL \(acl.id)\(network.nameSuffix(acl.id)) (no free number below it) with: allow \(what) \(preposition) \(peer)",
                         actions: [.replaceNetworkACLEntry(acl: acl.id, entry: entry)])
    }

    /// The entry that decides for `packet` (the lowest-numbered match), nil when none matches.
    static func firstMatch(_ acl: NetworkACL, _ direction: Direction, _ packet: Packet) -> NetworkACLEntry? {
        acl.rules(direction).first { entry in
            guard entry.ipProtocol.matches(packet.ipProtocol) else { return false }
            if case .number(let number) = entry.ipProtocol {
                if IPProtocolNumber.hasPorts(number), let ports = entry.ports, !ports.contains(packet.destinationPort) { return false }
                if IPProtocolNumber.isICMP(number), !entry.icmp.matches(type: packet.icmpType, code: packet.icmpCode) { return false }
            }
            return entry.cidrBlock.contains(direction == .inbound ? packet.source : packet.destination)
        }
    }

    /// A free rule number below `denier`: after every rule when the final `*` rule (32767) denies, else the
    /// largest free multiple of 10 below the denying rule, else any free number below it.
    static func freeRuleNumber(_ acl: NetworkACL, _ direction: Direction, below denier: Int) -> Int? {
        let used = Set(acl.rules(direction).map(\.ruleNumber))
        if denier >= 32767 {
            let highest = used.filter { $0 < 32767 }.max() ?? 0
            let next = (highest / 10 + 1) * 10
            if next < 32767 { return next }
        }
        var candidate = (min(denier, 32767) - 1) / 10 * 10
        while candidate >= 10 {
            if !used.contains(candidate) { return candidate }
            candidate -= 10
        }
        return stride(from: min(denier, 32767) - 1, through: 1, by: -1).first { !used.contains($0) }
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a subnet's network ACL lets the packet through in `direction`.
    func claimNetworkACL(_ acl: NetworkACL, _ direction: Direction, subnet: String, packet: String) -> ([String], String, String) {
        let word = direction == .inbound ? "into" : "out of"
        return ([acl.id], direction.rawValue, "network ACL \(acl.id)\(network.nameSuffix(acl.id)) lets \(packet) \(word) subnet \(subnet)\(network.nameSuffix(subnet))")
    }
}

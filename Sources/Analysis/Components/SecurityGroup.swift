import NetworkModel
import Simulation
import SMT

/// A security group as a formula over a symbolic packet, mirroring `Simulation/Components/SecurityGroup.swift`:
/// the union of the allow rules of an interface's groups in one direction.
extension FilterEncoding {
    /// The union of the allow rules of an interface's security groups in one direction.
    func securityGroupsAllow(_ interface: NetworkInterface, _ direction: Direction, _ packet: SymbolicPacket) -> Term {
        // The rules' meaning depends on the groups, the direction and (for group references) the interface's VPC.
        let element = "sg|\(interface.securityGroupIDs.joined(separator: ","))|\(direction)|\(interface.vpcID)"
        return cached(element, Self.fields(packet)) { securityGroupsAllowUncached(interface, direction, packet) }
    }

    private func securityGroupsAllowUncached(_ interface: NetworkInterface, _ direction: Direction, _ packet: SymbolicPacket) -> Term {
        var options: [Term] = []
        for groupID in interface.securityGroupIDs {
            guard let group = network.securityGroup(groupID) else { continue }
            for rule in group.rules(direction) {
                options.append(matches(rule, direction, packet, ruleVPC: interface.vpcID))
            }
        }
        return context.or(options)
    }

    private func matches(_ rule: SecurityGroupRule, _ direction: Direction, _ packet: SymbolicPacket, ruleVPC: String) -> Term {
        var parts = protocolParts(rule.ipProtocol, ports: rule.ports, icmp: rule.icmp, packet)
        let peer = direction == .inbound ? packet.source : packet.destination
        switch rule.peer {
        case .cidr(let prefix): parts.append(terms.isIn(peer, prefix))
        case .prefixList(let id): parts.append(terms.isIn(peer, any: network.cidrBlocks(ofPrefixList: id)))
        case .securityGroup(let id, _):
            parts.append(terms.isOneOf(peer, network.addresses(ofSecurityGroupReference: id, fromVPC: ruleVPC)))
        }
        return context.and(parts)
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why an interface's security groups block the packet in `direction`.
    func explainSecurityGroups(_ interface: NetworkInterface, _ direction: Direction, _ packet: Packet) -> (String, BlockerCode, String) {
        let groups = interface.securityGroupIDs
        let component = groups.count == 1 ? groups[0] : interface.id
        let label = groups.count == 1 ? "SG \(groups[0])" : groups.isEmpty ? "\(interface.id), which has no SG," : "SGs \(groups.joined(separator: ", "))"
        let decision = walker.securityGroupDecision(interface, direction, packet)
        let reason = decision.allowed ? "its rules do not allow \(packet.protocolDescription)" : decision.detail
        return (component, .networkInterfaceSecurityGroupRulesMismatch, "blocked by \(label) \(direction): \(reason)")
    }
}

// MARK: Fixes

extension FixDerivation {
    /// One rule in the interface's first security group for the query's traffic and the other end (authorize-security-group-ingress/-egress).
    func securityGroupRuleChange(_ interface: NetworkInterface, _ direction: Direction, checkpoint: Checkpoint, packet: Packet) throws(Inexpressible) -> FixChange {
        guard let group = interface.securityGroupIDs.first else {
            throw Inexpressible("\(interface.id) has no security group to add a rule to")
        }
        let peerAddress = direction == .inbound ? packet.source : packet.destination
        let peer = peerBlock(peerAddress, ruleVPC: interface.vpcID)
        let (selector, ports, icmp) = ruleTraffic(packet, leg: .forward)
        let rule = SecurityGroupRule(ipProtocol: selector, ports: ports, icmp: icmp, peer: .cidr(peer))
        let preposition = direction == .inbound ? "from" : "to"
        return FixChange(kind: .securityGroupRule, checkpoint: checkpoint, component: group, leg: .forward,
                         summary: "allow \(Self.describe(selector, ports, icmp)) \(preposition) \(peer) \(direction) in \(group)\(network.nameSuffix(group)) (of \(interface.id))",
                         actions: [.authorizeSecurityGroupRule(group: group, direction: direction, rule: rule)])
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that an interface's security groups let the packet through in `direction`.
    func claimSecurityGroups(_ interface: NetworkInterface, _ direction: Direction, packet: String) -> ([String], String, String) {
        let groups = interface.securityGroupIDs
        let word = direction == .inbound ? "into" : "out of"
        let label = groups.isEmpty ? "no security group (\(interface.id) has none)"
            : "the security group\(groups.count == 1 ? "" : "s") \(groups.joined(separator: ", "))"
        return (groups.isEmpty ? [interface.id] : groups, direction.rawValue,
                "\(label) of \(interface.id)\(owner(interface)) let\(groups.count == 1 ? "s" : "") \(packet) \(word) the interface")
    }
}

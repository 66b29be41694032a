import NetworkModel
import Simulation
import SMT

/// A security group as a formula over a symbolic packet, mirroring `Simulation/Components/SecurityGroup.swift`:
/// the union of the allow rules of an interface's groups in one direction.
extension FilterEncoding {
    /// The union of the allow rules of an interface's security groups in one direction.
    /// `assumingActive`: a peering connection counted as active, for the groups' references across it.
    func securityGroupsAllow(_ interface: NetworkInterface, _ direction: Direction, _ packet: SymbolicPacket, assumingActive: String? = nil) -> Term {
        // The rules' meaning depends on the groups, the direction and (for group references) the interface's VPC.
        let element = "sg|\(interface.securityGroupIDs.joined(separator: ","))|\(direction)|\(interface.vpcID)|\(assumingActive ?? "")"
        return cached(element, Self.fields(packet)) { securityGroupsAllowUncached(interface, direction, packet, assumingActive: assumingActive) }
    }

    private func securityGroupsAllowUncached(_ interface: NetworkInterface, _ direction: Direction, _ packet: SymbolicPacket,
                                             assumingActive: String?) -> Term {
        var options: [Term] = []
        for groupID in interface.securityGroupIDs {
            guard let group = network.securityGroup(groupID) else { continue }
            for rule in group.rules(direction) {
                options.append(matches(rule, direction, packet, ruleVPC: interface.vpcID, assumingActive: assumingActive))
            }
        }
        return context.or(options)
    }

    /// The peering connections of the interface's VPC pending acceptance whose acceptance would resolve a reference
    /// of its groups' rules in `direction` to a group with interfaces in the peer VPC.
    func peeringsResolvingReferences(_ interface: NetworkInterface, _ direction: Direction) -> [String] {
        let pending = network.peeringConnections.filter {
            $0.peer(of: interface.vpcID) != nil && network.blackholeCause(of: .peeringConnection($0.id), in: interface.vpcID) == .targetUnusable
        }
        guard !pending.isEmpty else { return [] }
        var referenced: Set<String> = []
        for groupID in interface.securityGroupIDs {
            for rule in network.securityGroup(groupID)?.rules(direction) ?? [] {
                if case .securityGroup(let id, _) = rule.peer { referenced.insert(id) }
            }
        }
        guard !referenced.isEmpty else { return [] }
        var result: [String] = []
        for connection in pending {
            guard let peer = connection.peer(of: interface.vpcID) else { continue }
            let resolves = referenced.contains { id in
                !network.addresses(ofSecurityGroupReference: id, fromVPC: interface.vpcID, assumingActive: connection.id)
                    .allSatisfy { address in network.addresses(ofSecurityGroupReference: id, fromVPC: interface.vpcID).contains(address) }
            }
            if resolves, peer.vpcID != interface.vpcID { result.append(connection.id) }
        }
        return result
    }

    private func matches(_ rule: SecurityGroupRule, _ direction: Direction, _ packet: SymbolicPacket, ruleVPC: String, assumingActive: String?) -> Term {
        var parts = protocolParts(rule.ipProtocol, ports: rule.ports, icmp: rule.icmp, packet)
        let peer = direction == .inbound ? packet.source : packet.destination
        switch rule.peer {
        case .cidr(let prefix): parts.append(terms.isIn(peer, prefix))
        case .prefixList(let id): parts.append(terms.isIn(peer, any: network.cidrBlocks(ofPrefixList: id)))
        case .securityGroup(let id, _):
            parts.append(terms.isOneOf(peer, network.addresses(ofSecurityGroupReference: id, fromVPC: ruleVPC, direction: direction,
                                                                 assumingActive: assumingActive)))
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

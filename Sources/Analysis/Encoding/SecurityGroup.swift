import NetworkModel
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

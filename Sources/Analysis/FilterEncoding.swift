import NetworkModel
import SMT

/// Security groups, network ACLs and route tables as formulas over a symbolic packet.
///
/// Terms are cached by the element and the identity of the packet fields they read, so that a security group
/// shared by thousands of interfaces, or a route table used by many paths, is encoded once per packet.
final class FilterEncoding {
    let network: Network
    let terms: PacketTerms
    var context: SMTContext { terms.context }
    /// Cached terms, with the packet terms their keys identify (kept alive so that no identity is reused).
    private var cache: [String: (term: Term, keys: [Term])] = [:]

    init(network: Network, terms: PacketTerms) {
        self.network = network
        self.terms = terms
    }

    func cached(_ element: String, _ keys: [Term], _ make: () -> Term) -> Term {
        let key = element + "|" + keys.map { String(UInt(bitPattern: ObjectIdentifier($0).hashValue)) }.joined(separator: ",")
        if let entry = cache[key] { return entry.term }
        let term = make()
        cache[key] = (term, keys)
        return term
    }

    private static func fields(_ packet: SymbolicPacket) -> [Term] {
        [packet.source, packet.destination, packet.ipProtocol, packet.destinationPort, packet.icmpType, packet.icmpCode]
    }

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

    private func protocolParts(_ selector: ProtocolSelector, ports: PortRange?, icmp: ICMPSelector, _ packet: SymbolicPacket) -> [Term] {
        guard case .number(let n) = selector else { return [] }
        var parts = [context.equal(packet.ipProtocol, terms.protocolNumber(n))]
        if IPProtocolNumber.hasPorts(n), let ports, !ports.isAll {
            parts.append(context.inRange(packet.destinationPort, UInt64(ports.lower), UInt64(ports.upper)))
        }
        if IPProtocolNumber.isICMP(n) {
            if let type = icmp.type { parts.append(context.equal(packet.icmpType, terms.protocolNumber(type))) }
            if let code = icmp.code { parts.append(context.equal(packet.icmpCode, terms.protocolNumber(code))) }
        }
        return parts
    }

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

    /// Whether a route table's forwarding decision for the packet's destination is an active route to `target`.
    func routes(_ table: RouteTable, _ destination: Term, to target: RouteTarget) -> Term {
        cached("rtb|\(table.id)|\(target)", [destination]) { routesUncached(table, destination, to: target) }
    }

    private func routesUncached(_ table: RouteTable, _ destination: Term, to target: RouteTarget) -> Term {
        var decision = context.boolean(false)
        for entry in network.routingEntries(of: table).reversed() {
            decision = context.ite(terms.isIn(destination, entry.prefix),
                                   context.boolean(entry.route.isActive && entry.route.target == target), decision)
        }
        return decision
    }
}

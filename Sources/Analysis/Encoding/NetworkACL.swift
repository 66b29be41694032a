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
    func acl(_ subnetID: String, _ direction: Direction, _ packet: SymbolicPacket, _ leg: Leg) -> [PathCondition] {
        guard let acl = network.networkACL(forSubnet: subnetID) else { return [] }
        return [PathCondition(term: filters.networkACLAllows(acl, direction, packet), checkpoint: .networkACL(acl.id, direction, leg),
                              role: .networkACL(acl, direction, subnet: subnetID), packet: packet)]
    }
}

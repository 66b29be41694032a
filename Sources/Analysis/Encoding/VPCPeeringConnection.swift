import NetworkModel
import Simulation
import SMT

/// A VPC peering connection over all packets, mirroring `Simulation/Components/VPCPeeringConnection.swift`.
extension PathEncoder {
    /// Across a peering connection to the destination interface's VPC: each existing one, and (for a sender's own
    /// route table, `proposesNew`) one that would have to be created when there is none; VPCs whose blocks overlap
    /// cannot be peered. Only the peer VPC's blocks are carried (`Network.peerCIDRBlocks`): peering is not transitive.
    func peeringPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                      _ prefix: [PathCondition], _ hop: EdgeHop, proposesNew: Bool) -> [SymbolicPath] {
        guard case .interface(let id, _) = hop.destination, let receiver = network.networkInterface(id), receiver.vpcID != vpcID else { return [] }
        let connections = network.peeringConnections(between: vpcID, and: receiver.vpcID)
        var result = connections.map { connection in
            var conditions = prefix
            conditions.append(route(table, packet, .peering(connection.id, peerVPC: receiver.vpcID), hop.leg))
            conditions.append(PathCondition(term: context.boolean(connection.isActive), checkpoint: .peeringActive(connection.id),
                                            role: .peeringState(connection), packet: packet))
            conditions.append(fact(terms.isIn(packet.destination, any: network.peerCIDRBlocks(of: connection, from: vpcID)), packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
            conditions += acl(receiver.subnetID, .inbound, packet, hop.leg)
            return deliver(packet, to: receiver, leg: hop.leg, conditions, state: hop.state)
        }
        guard proposesNew, connections.isEmpty else { return result }
        if let overlap = overlap(vpcID, receiver.vpcID) {
            impossibilities.append("\(vpcID) and \(receiver.vpcID) have overlapping CIDR blocks (\(overlap)), so they cannot be peered")
        } else if includesHypotheticalPaths {
            var conditions = prefix
            conditions.append(route(table, packet, .newPeering(peerVPC: receiver.vpcID), hop.leg))
            let pair = [vpcID, receiver.vpcID].sorted()
            conditions.append(PathCondition(term: context.boolean(false), checkpoint: .peeringMissing(pair[0], pair[1]),
                                            role: .missingPeering(from: vpcID, to: receiver.vpcID), packet: packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
            conditions += acl(receiver.subnetID, .inbound, packet, hop.leg)
            result.append(deliver(packet, to: receiver, leg: hop.leg, conditions, state: hop.state))
        }
        return result
    }

    /// The overlapping CIDR blocks of two VPCs, which prevent peering them; nil when they can be peered.
    func overlap(_ a: String, _ b: String) -> String? {
        guard let first = network.vpc(a), let second = network.vpc(b) else { return "unknown VPC" }
        for block in first.cidrBlocks { for other in second.cidrBlocks where other.overlaps(block) { return "\(block) and \(other)" } }
        return nil
    }
}

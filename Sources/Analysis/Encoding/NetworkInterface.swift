import NetworkModel
import Simulation
import SMT

/// A network interface as the end of a path, mirroring `Simulation/Components/NetworkInterface.swift`: it sends
/// after its liveness and its security groups outbound, and receives after its liveness and its security groups
/// inbound (on the forward leg; a response passes them, as they are stateful).
extension PathEncoder {
    /// A packet an interface sends: its liveness and (on the forward leg) its security groups outbound, then its
    /// subnet's route table toward every kind of target (`RouteTable.swift`).
    func fromInterface(_ interface: NetworkInterface, _ packet: SymbolicPacket, to destination: Endpoint, leg: Leg,
                       state: SymbolicState) -> [SymbolicPath] {
        var prefix = [liveness(interface, packet)]
        if leg == .forward {
            prefix.append(PathCondition(term: filters.securityGroupsAllow(interface, .outbound, packet),
                                        checkpoint: .securityGroups(interface: interface.id, .outbound),
                                        role: .securityGroups(interface, .outbound), packet: packet))
        }
        guard let table = network.routeTable(forSubnet: interface.subnetID) else {
            return [SymbolicPath(conditions: prefix, packet: packet, end: .unsupported("subnet \(interface.subnetID) has no route table in the snapshot"), leg: leg)]
        }
        let hop = EdgeHop(destination: destination, leg: leg, state: state, origin: interface)
        return targets(table, subnet: interface.subnetID, vpc: interface.vpcID, sender: interface, packet, prefix, hop, mode: .first)
    }

    func deliver(_ packet: SymbolicPacket, to receiver: NetworkInterface, leg: Leg, _ prefix: [PathCondition],
                 state: SymbolicState = SymbolicState()) -> SymbolicPath {
        var conditions = prefix
        if let refusal = refusal(receiver, leg: leg) {
            // A NAT gateway's interface takes only responses, which `returnPaths` brings to it.
            conditions.append(fact(context.boolean(false), packet))
            impossibilities.append(refusal)
        }
        conditions.append(liveness(receiver, packet))
        if leg == .forward {
            conditions.append(PathCondition(term: filters.securityGroupsAllow(receiver, .inbound, packet),
                                            checkpoint: .securityGroups(interface: receiver.id, .inbound),
                                            role: .securityGroups(receiver, .inbound), packet: packet))
        }
        return SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.networkInterface(receiver.id)), leg: leg, state: state)
    }

    func liveness(_ interface: NetworkInterface, _ packet: SymbolicPacket) -> PathCondition {
        let checkpoint: Checkpoint = interface.instanceID.flatMap { network.instance($0) }.map { .instanceRunning($0.id) }
            ?? .interfaceAttached(interface.id)
        return PathCondition(term: context.boolean(network.isLive(interface)), checkpoint: checkpoint, role: .liveness(interface), packet: packet)
    }
}

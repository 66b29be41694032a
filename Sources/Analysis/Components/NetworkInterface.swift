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
        if leg == .forward, let loadBalancer = network.loadBalancer(ofInterface: interface) {
            prefix += nodeSendConditions(loadBalancer, node: interface, packet)
        } else if leg == .forward {
            prefix.append(securityGroupsCondition(interface, .outbound, packet))
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
        if let reason = loadBalancerArrival(receiver, leg: leg) {
            // Only the local route brings a packet to a load balancer node that PathProof follows (`localPaths`).
            return SymbolicPath(conditions: conditions, packet: packet, end: .unsupported(reason), leg: leg, state: state)
        }
        if let refusal = refusal(receiver, leg: leg) {
            // A NAT gateway's interface takes only responses, which `returnPaths` brings to it.
            conditions.append(fact(context.boolean(false), packet))
            impossibilities.append(refusal)
        }
        conditions.append(liveness(receiver, packet))
        if leg == .forward {
            conditions.append(securityGroupsCondition(receiver, .inbound, packet))
        }
        return SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.networkInterface(receiver.id)), leg: leg, state: state)
    }

    /// The condition that an interface's security groups let the packet through in `direction`, marked as a gap
    /// when the snapshot does not describe them (`Network.securityGroupGap`).
    func securityGroupsCondition(_ interface: NetworkInterface, _ direction: Direction, _ packet: SymbolicPacket) -> PathCondition {
        // A reference across a peering connection pending acceptance resolves once it is accepted: that change
        // alone lets the packet through here too.
        let revivals = filters.peeringsResolvingReferences(interface, direction).map {
            (checkpoint: Checkpoint.peeringActive($0), term: filters.securityGroupsAllow(interface, direction, packet, assumingActive: $0))
        }
        return PathCondition(term: filters.securityGroupsAllow(interface, direction, packet), checkpoint: .securityGroups(interface: interface.id, direction),
                             role: .securityGroups(interface, direction), packet: packet, gap: network.securityGroupGap(interface), revivals: revivals)
    }

    func liveness(_ interface: NetworkInterface, _ packet: SymbolicPacket) -> PathCondition {
        let checkpoint: Checkpoint = interface.instanceID.flatMap { network.instance($0) }.map { .instanceRunning($0.id) }
            ?? .interfaceAttached(interface.id)
        return PathCondition(term: context.boolean(network.isLive(interface)), checkpoint: checkpoint, role: .liveness(interface), packet: packet)
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why an interface does not send or receive: its instance is not running, or it is not attached.
    func explainLiveness(_ interface: NetworkInterface) -> (String, BlockerCode, String) {
        if let instanceID = interface.instanceID, let instance = network.instance(instanceID) {
            return (instanceID, .badState, PacketWalker.notRunningMessage(instanceID, named: network.nameSuffix(instanceID), state: "\(instance.state)"))
        }
        return (interface.id, .badState, PacketWalker.notAttachedMessage(interface))
    }
}

// MARK: Fixes

extension FixDerivation {
    /// A stopped instance started (start-instances); an interface without an instance cannot be fixed here.
    func startInstanceChange(_ interface: NetworkInterface, checkpoint: Checkpoint) throws(Inexpressible) -> FixChange {
        guard let instanceID = interface.instanceID, let instance = network.instance(instanceID) else {
            throw Inexpressible("network interface \(interface.id) is \(interface.status): attach it to an instance (attach-network-interface) first")
        }
        guard instance.state == .stopped || instance.state == .stopping else {
            throw Inexpressible("instance \(instanceID) is \(instance.state) and cannot be started")
        }
        return FixChange(kind: .instanceStart, checkpoint: checkpoint, component: instanceID, leg: nil,
                         summary: "start instance \(instanceID)\(network.nameSuffix(instanceID)) (now \(instance.state))",
                         actions: [.startInstance(instanceID)])
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that an interface is live: its instance running, or it attached.
    func claimLiveness(_ interface: NetworkInterface) -> ([String], String, String) {
        if let instanceID = interface.instanceID, let instance = network.instance(instanceID) {
            let state = instance.isRunning ? "" : "; it is \(instance.state), so this is false"
            return ([instanceID], "running", "instance \(instanceID)\(network.nameSuffix(instanceID)) is running\(state)")
        }
        let state = network.isLive(interface) ? "" : "; it is \(interface.status), so this is false"
        return ([interface.id], "attached", "network interface \(interface.id)\(network.nameSuffix(interface.id)) is attached\(state)")
    }

    /// " (i-… Name)": the instance that owns an interface, as claims name it.
    func owner(_ interface: NetworkInterface) -> String {
        interface.instanceID.map { " (\($0)\(network.nameSuffix($0)))" } ?? ""
    }
}

import NetworkModel
import Simulation
import SMT

/// An appliance over all packets, mirroring `Simulation/Components/Appliance.swift`.
extension PathEncoder {
    /// Through the appliances (route targets `eni-…`, `i-…`) the table routes to.
    func appliancePaths(_ table: RouteTable, subnet subnetID: String?, vpc vpcID: String, _ packet: SymbolicPacket,
                        _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        for target in routed {
            switch target {
            case .networkInterface, .instance:
                result += throughAppliance(target, table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
            default: continue
            }
        }
        return result
    }

    func throughAppliance(_ target: RouteTarget, _ table: RouteTable, subnet subnetID: String?, vpc vpcID: String,
                                  _ packet: SymbolicPacket, _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        var conditions = prefix
        conditions.append(route(table, packet, .appliance(target), hop.leg))
        let resolved: NetworkInterface?
        switch target {
        case .instance(let id): resolved = network.networkInterfaces(ofInstance: id).first
        default: resolved = network.networkInterface(target.id)
        }
        guard let interface = resolved else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "\(table.id) sends the packet to \(target.id), which the snapshot does not describe")]
        }
        guard network.isTrafficEndpoint(interface) else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "\(table.id) sends the packet to \(interface.id), a NAT gateway's interface (route to the NAT gateway instead)")]
        }
        guard !hop.crossed.contains(interface.id) else { return [] } // a routing loop: dropped
        guard hop.crossed.count < PacketWalker.maximumForwardingSteps else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the packet crosses more than \(PacketWalker.maximumForwardingSteps) appliances")]
        }
        conditions.append(liveness(interface, packet))
        conditions += acls(from: subnetID, to: interface.subnetID, packet, hop.leg)
        let own = terms.isOneOf(packet.destination, interface.addresses.map(\.address))
        var result: [SymbolicPath] = []

        // Addressed to the appliance itself: delivered there.
        if case .interface(let id, _) = hop.destination, id == interface.id {
            var delivered = conditions
            delivered.append(fact(own, packet))
            result.append(deliver(packet, to: interface, leg: hop.leg, delivered, state: hop.state))
        }

        // Forwarded.
        conditions.append(fact(context.not(own), packet))
        conditions.append(PathCondition(term: context.boolean(!interface.sourceDestinationCheck), checkpoint: .sourceDestinationCheck(interface: interface.id),
                                        role: .sourceDestinationCheck(interface), packet: packet))
        let tracked = hop.leg == .return && hop.state.appliances.contains(interface.id)
        if !tracked {
            for direction in [Direction.inbound, .outbound] {
                conditions.append(PathCondition(term: filters.securityGroupsAllow(interface, direction, packet),
                                                checkpoint: .securityGroups(interface: interface.id, direction),
                                                role: .securityGroups(interface, direction), packet: packet))
            }
        }
        var next = hop
        next.crossed.append(interface.id)
        if hop.leg == .forward { next.state.appliances.append(interface.id) }
        guard let applianceTable = network.routeTable(forSubnet: interface.subnetID) else {
            result.append(SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: next.state,
                                       unsupported: "subnet \(interface.subnetID) has no route table in the snapshot"))
            return result
        }
        result += targets(applianceTable, subnet: interface.subnetID, vpc: interface.vpcID, sender: interface, packet, conditions, next, mode: .onward)
        return result
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why an appliance drops what it should forward: its source/destination check is on.
    func explainSourceDestinationCheck(_ interface: NetworkInterface, _ packet: Packet) -> (String, BlockerCode, String) {
        return (interface.id, .networkInterfaceSourceDestinationCheck, walker.sourceDestinationCheckMessage(interface, packet))
    }
}

// MARK: Fixes

extension FixDerivation {
    /// An appliance's source/destination check turned off (modify-network-interface-attribute).
    func sourceDestinationCheckChange(_ interface: NetworkInterface, checkpoint: Checkpoint) -> FixChange {
        let owner = interface.instanceID.map { " (\($0)\(network.nameSuffix($0)))" } ?? ""
        return FixChange(kind: .interfaceAttribute, checkpoint: checkpoint, component: interface.id, leg: nil,
                         summary: "turn off the source/destination check of \(interface.id)\(owner), so that it forwards traffic that is not its own",
                         actions: [.disableSourceDestinationCheck(interface: interface.id)])
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that an appliance forwards the packet (its source/destination check off).
    func claimSourceDestinationCheck(_ interface: NetworkInterface, packet: String) -> ([String], String, String) {
        let state = interface.sourceDestinationCheck ? "; it is on, so this is false" : ""
        return ([interface.id], "source/dest check off",
                "network interface \(interface.id)\(network.nameSuffix(interface.id)) has its source/destination check off, so it forwards \(packet)\(state)")
    }
}

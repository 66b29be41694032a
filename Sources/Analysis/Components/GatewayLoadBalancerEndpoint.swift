import NetworkModel
import Simulation
import SMT

/// A Gateway Load Balancer endpoint over all packets, mirroring `Simulation/Components/GatewayLoadBalancerEndpoint.swift`
/// (its documentation states the rules and the assumption).
extension PathEncoder {
    /// Through the Gateway Load Balancer endpoints the table routes to (from a subnet, or, `subnetID` nil, from a
    /// gateway route table): the endpoint's state (a checkpoint), the network ACLs into its subnet, then onward by the
    /// route table of its subnet with the packet unchanged.
    func gatewayLoadBalancerEndpointPaths(_ table: RouteTable, subnet subnetID: String?, vpc vpcID: String, _ packet: SymbolicPacket,
                                          _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        for case .vpcEndpoint(let id) in routed {
            guard let endpoint = network.vpcEndpoint(id), endpoint.endpointType == .gatewayLoadBalancer else { continue }
            var conditions = prefix
            conditions.append(route(table, packet, .appliance(.vpcEndpoint(id)), hop.leg))
            guard let interface = network.gatewayLoadBalancerEndpointInterface(endpoint) else {
                result.append(SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                           unsupported: "\(table.id) sends the packet to Gateway Load Balancer endpoint \(id), whose network interface the snapshot does not describe (describe-network-interfaces)"))
                continue
            }
            guard !hop.crossed.contains(id) else { continue } // a routing loop: dropped
            guard hop.crossed.count < PacketWalker.maximumForwardingSteps else {
                result.append(SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                           unsupported: "the packet crosses more than \(PacketWalker.maximumForwardingSteps) appliances"))
                continue
            }
            conditions.append(PathCondition(term: context.boolean(endpoint.isAvailable), checkpoint: .endpointAvailable(id),
                                            role: .endpointState(endpoint), packet: packet))
            conditions += acls(from: subnetID, to: interface.subnetID, packet, hop.leg)
            var next = hop
            next.crossed.append(id)
            guard let endpointTable = network.routeTable(forSubnet: interface.subnetID) else {
                result.append(SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                           unsupported: "subnet \(interface.subnetID) has no route table in the snapshot"))
                continue
            }
            result += targets(endpointTable, subnet: interface.subnetID, vpc: interface.vpcID, sender: interface, packet, conditions, next, mode: .onward)
        }
        return result
    }
}

/// The appliances a leg crossed, without the Gateway Load Balancer endpoints (whose appliances return the packet
/// unchanged: no translation to wonder about at an internet gateway).
extension Array where Element == String {
    var appliancesOnly: [String] { filter { !$0.hasPrefix("vpce-") } }
}

import NetworkModel

/// A gateway endpoint (route target `vpce-…`, for the service's prefix list) must be available; it carries TCP and
/// ICMP echo requests to the service and TCP and echo replies back (VPCE_GATEWAY_PROTOCOL_RESTRICTION), only
/// from addresses of its VPC (GATEWAY_REJECTS_SPOOFED_TRAFFIC). The response comes back in by the same endpoint.
extension PacketWalker {
    /// Why an endpoint that is not available carries nothing.
    public static func unavailableMessage(_ endpoint: VPCEndpoint, named: String) -> String {
        "\(endpoint.id)\(named) (\(endpoint.serviceName)) is \(endpoint.state): only an available endpoint carries traffic"
    }
}

extension Trip {
    mutating func gatewayEndpoint(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                                  table: RouteTable) -> Walk.Outcome {
        guard let endpoint = network.vpcEndpoint(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpc-endpoints)")
        }
        if endpoint.endpointType == .gatewayLoadBalancer {
            return gatewayLoadBalancerEndpoint(endpoint, packet, fromSubnet: subnetID, table: table)
        }
        guard endpoint.isGateway else {
            return .unsupported("\(table.id) sends the packet to \(id), a \(endpoint.endpointType) endpoint, which PathProof does not model as a route target")
        }
        guard endpoint.isAvailable else {
            return .dropped(Drop(.endpointAvailable(id), code: .badState, message: PacketWalker.unavailableMessage(endpoint, named: name(id))))
        }
        guard network.vpc(endpoint.vpcID)?.contains(packet.source) == true else {
            return .dropped(Drop(nil, component: id, code: .gatewayRejectsSpoofedTraffic,
                                 message: "\(id)\(name(id)) carries only traffic from addresses of \(endpoint.vpcID), not from \(packet.source)"))
        }
        guard VPCEndpoint.gatewayCarries(ipProtocol: packet.ipProtocol, icmpType: packet.icmpType, toService: true) else {
            return .dropped(Drop(nil, component: id, code: .gatewayEndpointProtocolRestriction,
                                 message: "\(id)\(name(id)) carries only TCP and ICMP echo requests to \(endpoint.serviceName), not \(describe(packet))"))
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        hops.append(Hop(component: id, kind: .vpcEndpoint, detail: "gateway endpoint to \(endpoint.serviceName)"))
        if leg == .forward { state.exit = id }
        return .delivered(.service(endpoint.serviceName), packet)
    }

    /// A response from a service, back in by the gateway endpoint its request left by.
    mutating func fromService(_ packet: Packet, _ serviceName: String) -> Walk.Outcome {
        hops.append(Hop(component: serviceName, kind: .service, detail: "sends \(packet)"))
        guard leg == .return, let id = state.exit, let endpoint = network.vpcEndpoint(id), endpoint.serviceName == serviceName else {
            return .dropped(Drop(nil, component: serviceName, code: .noPossibleDestination,
                                 message: "\(serviceName) starts no connections through a gateway endpoint; it only answers them"))
        }
        guard VPCEndpoint.gatewayCarries(ipProtocol: packet.ipProtocol, icmpType: packet.icmpType, toService: false) else {
            return .dropped(Drop(nil, component: id, code: .gatewayEndpointProtocolRestriction,
                                 message: "\(id)\(name(id)) carries only TCP and ICMP echo replies from \(serviceName), not \(describe(packet))"))
        }
        guard let receiver = network.networkInterface(privateAddress: packet.destination, inVPC: endpoint.vpcID) else {
            return .dropped(Drop(nil, component: id, code: .noPossibleDestination,
                                 message: "no network interface in \(endpoint.vpcID) has the address \(packet.destination)"))
        }
        hops.append(Hop(component: id, kind: .vpcEndpoint, detail: "brings the response from \(serviceName) into \(endpoint.vpcID)"))
        if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }
}

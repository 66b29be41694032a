import NetworkModel

/// A Gateway Load Balancer endpoint (a VPC endpoint of type `GatewayLoadBalancer`) as a route target: the packet
/// goes to the endpoint's network interface (network ACLs on the way into its subnet; the endpoint has no security
/// groups), the Gateway Load Balancer hands it to its appliances, which return it to the endpoint, and the packet
/// goes on by the route table of the endpoint's subnet. This is AWS's inspection pattern: an internet gateway's
/// route table sends what comes in to the endpoint, the endpoint's subnet sends it on to the instances; the
/// instances' subnet sends what goes out to the endpoint, the endpoint's subnet to the internet gateway.
///
/// The assumption, said in every walk through one: the appliances return the packet unchanged (what they inspect,
/// drop or rewrite, the snapshot does not say). The endpoint must be available; one met twice on a leg is a routing
/// loop. A route from a gateway route table to it is followed as a route from a subnet.
extension PacketWalker {
    /// The assumption a walk through a Gateway Load Balancer endpoint makes.
    public static func gatewayLoadBalancerAssumption(_ endpoint: VPCEndpoint) -> String {
        "Gateway Load Balancer endpoint of \(endpoint.serviceName): its appliances return the packet unchanged (assumed: what they inspect or drop the snapshot does not say)"
    }
}

extension Network {
    /// The network interface of a Gateway Load Balancer endpoint (`NetworkInterfaceIds` of `describe-vpc-endpoints`,
    /// described by `describe-network-interfaces`); nil when the snapshot does not describe it.
    public func gatewayLoadBalancerEndpointInterface(_ endpoint: VPCEndpoint) -> NetworkInterface? {
        endpoint.networkInterfaceIDs.lazy.compactMap { self.networkInterface($0) }.first
    }

    /// Whether `id` is a Gateway Load Balancer endpoint the snapshot describes.
    public func isGatewayLoadBalancerEndpoint(_ id: String) -> Bool { vpcEndpoint(id)?.endpointType == .gatewayLoadBalancer }
}

extension Trip {
    /// A route to a Gateway Load Balancer endpoint. `subnetID` is the sender's subnet, nil for traffic routed by a
    /// gateway route table as it comes into the VPC.
    mutating func gatewayLoadBalancerEndpoint(_ endpoint: VPCEndpoint, _ packet: Packet, fromSubnet subnetID: String?, table: RouteTable) -> Walk.Outcome {
        guard endpoint.isAvailable else {
            return .dropped(Drop(.endpointAvailable(endpoint.id), code: .badState, message: PacketWalker.unavailableMessage(endpoint, named: name(endpoint.id))))
        }
        guard let interface = network.gatewayLoadBalancerEndpointInterface(endpoint) else {
            return .unsupported("\(table.id) sends the packet to Gateway Load Balancer endpoint \(endpoint.id), whose network interface the snapshot does not describe (describe-network-interfaces)")
        }
        guard !crossed.contains(endpoint.id) else {
            return .dropped(Drop(.routeTable(table.id, leg), code: .noRouteToDestination,
                                 message: "\(table.id)\(name(table.id)) sends the packet back to \(endpoint.id), which has passed it already: a routing loop"))
        }
        guard crossed.count < Self.maximumForwardingSteps else {
            return .unsupported("the packet crosses more than \(Self.maximumForwardingSteps) appliances")
        }
        if let drop = crossACLs(packet, from: subnetID, to: interface.subnetID) { return .dropped(drop) }
        hops.append(Hop(component: endpoint.id, kind: .vpcEndpoint, detail: PacketWalker.gatewayLoadBalancerAssumption(endpoint)))
        crossed.append(endpoint.id)
        return route(packet, fromSubnet: interface.subnetID, sender: interface)
    }
}

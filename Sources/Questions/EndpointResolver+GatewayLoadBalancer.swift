import NetworkModel

extension EndpointResolver {
    /// Why a Gateway Load Balancer named as a query's end has no answer (UNKNOWN): it has no listener a client
    /// connects to and starts nothing; traffic reaches it only through its Gateway Load Balancer endpoints, route
    /// targets whose appliances PathProof takes as returning the packet unchanged. The hosts on either side of an
    /// endpoint are the question to ask.
    func gatewayLoadBalancerReason(_ loadBalancer: LoadBalancer) -> String {
        let endpoints = network.vpcEndpoints.filter { $0.endpointType == .gatewayLoadBalancer }.map(\.id).sorted()
        let through = endpoints.isEmpty ? "its Gateway Load Balancer endpoints (the snapshot describes none)"
                                        : "its Gateway Load Balancer endpoints (\(endpoints.joined(separator: ", ")) in this snapshot)"
        return "load balancer \(loadBalancer.name) is a Gateway Load Balancer (\(loadBalancer.arn)): it has no listener a client connects to and starts no connection; traffic reaches its appliances only through \(through), routed there by route tables, and PathProof takes the appliances as returning the packet unchanged. Ask about the hosts on either side of an endpoint instead"
    }
}

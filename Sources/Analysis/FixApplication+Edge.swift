import NetworkModel

extension Network {
    /// One NAT gateway, endpoint or VPN call of a fix, made the way AWS makes it: an interface's source/destination
    /// check turned off; a gateway endpoint created (available, serving no route table); a route table associated
    /// with a gateway endpoint (AWS adds the route for the service's prefix list to the endpoint); a virtual
    /// private gateway attached (AWS turns the blackhole routes to it active again); a VPN connection's static
    /// route added.
    func applyEdge(_ action: FixAction, routeTables: inout [RouteTable], networkInterfaces: inout [NetworkInterface], edge: inout EdgeResources) {
        var endpoints = edge.vpcEndpoints
        var gateways = edge.vpnGateways
        var connections = edge.vpnConnections
        switch action {
        case .disableSourceDestinationCheck(let interface):
            for index in networkInterfaces.indices where networkInterfaces[index].id == interface {
                networkInterfaces[index].sourceDestinationCheck = false
            }
        case .createGatewayEndpoint(let id, let vpc, let service):
            endpoints.append(VPCEndpoint(id: id, vpcID: vpc, serviceName: service, endpointType: .gateway, state: .available))
        case .addGatewayEndpointRouteTable(let endpoint, let table):
            guard let index = endpoints.firstIndex(where: { $0.id == endpoint }) else { return }
            if !endpoints[index].routeTableIDs.contains(table) { endpoints[index].routeTableIDs.append(table) }
            guard let list = servicePrefixList(endpoints[index].serviceName) else { break }
            for position in routeTables.indices where routeTables[position].id == table {
                routeTables[position].routes.removeAll { $0.destination == .prefixList(list.id) }
                routeTables[position].routes.append(Route(destination: .prefixList(list.id), target: .vpcEndpoint(endpoint), origin: .createRoute))
            }
        case .attachVPNGateway(let id, let vpc):
            guard let index = gateways.firstIndex(where: { $0.id == id }) else { return }
            gateways[index].attachments.removeAll { $0.vpcID == vpc }
            gateways[index].attachments.append(.init(vpcID: vpc, state: .attached))
            for position in routeTables.indices where routeTables[position].vpcID == vpc {
                for route in routeTables[position].routes.indices where routeTables[position].routes[route].target == .virtualPrivateGateway(id) {
                    routeTables[position].routes[route].isActive = true
                }
            }
        case .createVPNConnectionRoute(let connection, let destination):
            guard let index = connections.firstIndex(where: { $0.id == connection }) else { return }
            connections[index].routes.append(.init(prefix: destination, state: .available))
        default:
            return
        }
        edge = EdgeResources(natGateways: edge.natGateways, vpcEndpoints: endpoints, vpnGateways: gateways, vpnConnections: connections,
                             customerGateways: edge.customerGateways, virtualInterfaces: edge.virtualInterfaces,
                             directConnectGateways: edge.directConnectGateways,
                             directConnectGatewayAssociations: edge.directConnectGatewayAssociations,
                             egressOnlyInternetGateways: edge.egressOnlyInternetGateways)
    }
}

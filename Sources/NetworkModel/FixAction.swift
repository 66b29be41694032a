/// One AWS API call a fix makes, with the parameters it needs. Each maps to one `aws ec2 …` (or `aws elbv2 …`) command (rendered by
/// `FixAction.awsCommand` in Questions, for display only) and is made on a snapshot's JSON by `SnapshotEditor`; the
/// identifiers of resources a fix creates are synthetic (`pcx-pathproof0001`) and stand for the ids AWS returns.
public enum FixAction: Hashable, Sendable {
    /// `create-route`: a new route (the table has none for exactly this destination).
    case createRoute(table: String, destination: IPPrefix, target: RouteTarget)
    /// `replace-route`: the route for exactly this destination gets a new target (a blackhole, or a wrong target).
    case replaceRoute(table: String, destination: RouteDestination, target: RouteTarget)
    /// `delete-route`: a route that shadows the local route.
    case deleteRoute(table: String, destination: RouteDestination)
    /// `authorize-security-group-ingress` / `-egress`.
    case authorizeSecurityGroupRule(group: String, direction: Direction, rule: SecurityGroupRule)
    /// `create-network-acl-entry`: a new numbered rule (the number is free in its direction).
    case createNetworkACLEntry(acl: String, entry: NetworkACLEntry)
    /// `replace-network-acl-entry`: the rule with this number and direction is replaced.
    case replaceNetworkACLEntry(acl: String, entry: NetworkACLEntry)
    /// `create-vpc-peering-connection`, requested from `requesterVPC`; the region and owner of the accepter are
    /// given when they differ from the requester's.
    case createPeeringConnection(id: String, requesterVPC: String, accepterVPC: String, accepterRegion: String?, accepterOwner: String?)
    /// `accept-vpc-peering-connection`, run in the accepter's region (given when the peering is inter-region).
    case acceptPeeringConnection(id: String, region: String?)
    case createInternetGateway(id: String)
    case attachInternetGateway(id: String, vpc: String)
    /// `allocate-address --domain vpc`: a new Elastic IP.
    case allocateAddress(allocationID: String, publicAddress: IPAddress)
    /// `associate-address`: an Elastic IP mapped to one private address of an interface.
    case associateAddress(allocationID: String, interface: String, privateAddress: IPAddress)
    /// `start-instances`.
    case startInstance(String)
    /// `create-transit-gateway-route`: a static route in a transit gateway route table.
    case createTransitGatewayRoute(table: String, destination: IPPrefix, attachment: String)
    /// `replace-transit-gateway-route`: the static route for exactly this destination (a blackhole, or one to
    /// another attachment) sends to `attachment`.
    case replaceTransitGatewayRoute(table: String, destination: IPPrefix, attachment: String)
    /// `enable-transit-gateway-route-table-propagation`: a VPC attachment's CIDR blocks become propagated routes.
    case enableTransitGatewayPropagation(table: String, attachment: String)
    /// `associate-transit-gateway-route-table`: the route table that routes what comes in by the attachment.
    case associateTransitGatewayRouteTable(table: String, attachment: String)
    /// `modify-transit-gateway-vpc-attachment --add-subnet-ids`: subnets (one per zone) added to a VPC attachment.
    case addTransitGatewayAttachmentSubnets(attachment: String, subnets: [String])
    /// `accept-transit-gateway-vpc-attachment`, or `accept-transit-gateway-peering-attachment` for a peering.
    case acceptTransitGatewayAttachment(id: String, peering: Bool)
    /// `modify-network-interface-attribute --no-source-dest-check`: an appliance's interface forwards traffic.
    case disableSourceDestinationCheck(interface: String)
    /// `create-vpc-endpoint --vpc-endpoint-type Gateway`: a gateway endpoint for a service, serving no route table yet.
    case createGatewayEndpoint(id: String, vpc: String, service: String)
    /// `modify-vpc-endpoint --add-route-table-ids`: the table gets the endpoint's route for the service's prefix list.
    case addGatewayEndpointRouteTable(endpoint: String, table: String)
    /// `attach-vpn-gateway`.
    case attachVPNGateway(id: String, vpc: String)
    /// `create-vpn-connection-route`: a static route of a VPN connection to an on-premises block.
    case createVPNConnectionRoute(connection: String, destination: IPPrefix)
    /// `elbv2 create-listener`: a listener of a load balancer on a port and protocol (`TCP`, `UDP`, `TLS`, `HTTP`,
    /// `HTTPS`) whose default action forwards to one target group; `arn` is the `ListenerArn` AWS returns.
    case createListener(arn: String, loadBalancer: String, listenerProtocol: String, port: UInt16, targetGroup: String)
    /// `elbv2 modify-load-balancer-attributes` (a load balancer's ARN) or `elbv2 modify-target-group-attributes` (a
    /// target group's) with `load_balancing.cross_zone.enabled=true`.
    case enableCrossZone(arn: String, targetGroup: Bool)
    /// `elbv2 register-targets`: a target (an instance id or an IP address) in a target group, on the group's port.
    case registerTarget(targetGroup: String, target: String)
    /// `elbv2 set-subnets`: the subnets a load balancer is enabled in (all of them, one per zone, as the call takes them).
    case setLoadBalancerSubnets(loadBalancer: String, subnets: [String])
    /// `elb create-load-balancer-listeners`: a Classic Load Balancer's listener (`loadBalancer` its ARN in the model,
    /// `name` its name) on `port` to its instances' `instancePort` (`ClassicLoadBalancerChanges.swift`).
    case createClassicListener(loadBalancer: String, name: String, listenerProtocol: String, port: UInt16, instanceProtocol: String, instancePort: UInt16)
    /// `elb register-instances-with-load-balancer`: an instance of a Classic Load Balancer (for all its listeners).
    case registerClassicInstance(loadBalancer: String, name: String, instance: String)
    /// `elb attach-load-balancer-to-subnets`: a Classic Load Balancer enabled in more subnets.
    case attachClassicSubnets(loadBalancer: String, name: String, subnets: [String])
    /// `elb modify-load-balancer-attributes` with `CrossZoneLoadBalancing` enabled.
    case enableClassicCrossZone(loadBalancer: String, name: String)
    /// `modify-vpc-peering-connection-options`: one side's `AllowDnsResolutionFromRemoteVpc` (that side's VPC
    /// answers the peer VPC's queries for its public DNS hostnames with private addresses).
    case modifyPeeringDNSResolution(id: String, side: VPCPeeringConnection.SideName, allow: Bool)
}

extension Network {
    /// This network with a fix's AWS calls made, the way AWS would make them (as far as the model sees them): a
    /// gateway endpoint is created available and serving no route table; a route table associated with a gateway
    /// endpoint gets the route for the service's prefix list; attaching a virtual private gateway turns the blackhole
    /// routes to it active again; a listener is added to its load balancer, after the listeners it has. Calls that name something the network does not have change nothing.
    public func applying(_ actions: [FixAction]) -> Network {
        var routeTables = self.routeTables
        var securityGroups = self.securityGroups
        var networkACLs = self.networkACLs
        var peeringConnections = self.peeringConnections
        var internetGateways = self.internetGateways
        var instances = self.instances
        var networkInterfaces = self.networkInterfaces
        var allocations: [String: IPAddress] = [:]
        var transit = self.transit
        var endpoints = edge.vpcEndpoints
        var vpnGateways = edge.vpnGateways
        var vpnConnections = edge.vpnConnections
        var loadBalancing = self.loadBalancing

        func modify<T>(_ items: inout [T], _ matches: (T) -> Bool, _ body: (inout T) -> Void) {
            for index in items.indices where matches(items[index]) { body(&items[index]) }
        }
        // AWS shows the blackhole routes to a target that becomes usable (a peering connection accepted, a gateway
        // attached) as active again.
        func reviveRoutes(to target: RouteTarget, inVPCs vpcIDs: Set<String>) {
            for position in routeTables.indices where vpcIDs.contains(routeTables[position].vpcID) {
                for route in routeTables[position].routes.indices where routeTables[position].routes[route].target == target {
                    routeTables[position].routes[route].isActive = true
                }
            }
        }

        for action in actions {
            switch action {
            case .createRoute(let table, let destination, let target):
                modify(&routeTables, { $0.id == table }) {
                    $0.routes.append(Route(destination: .cidr(destination), target: target, isActive: true, origin: .createRoute))
                }
            case .replaceRoute(let table, let destination, let target):
                modify(&routeTables, { $0.id == table }) { table in
                    for index in table.routes.indices where table.routes[index].destination == destination {
                        table.routes[index].target = target
                        table.routes[index].isActive = true
                    }
                }
            case .deleteRoute(let table, let destination):
                modify(&routeTables, { $0.id == table }) { $0.routes.removeAll { $0.destination == destination } }
            case .authorizeSecurityGroupRule(let group, let direction, let rule):
                modify(&securityGroups, { $0.id == group }) { group in
                    if direction == .inbound { group.inbound.append(rule) } else { group.outbound.append(rule) }
                }
            case .createNetworkACLEntry(let acl, let entry):
                modify(&networkACLs, { $0.id == acl }) { $0.entries.append(entry) }
            case .replaceNetworkACLEntry(let acl, let entry):
                modify(&networkACLs, { $0.id == acl }) { acl in
                    acl.entries.removeAll { $0.ruleNumber == entry.ruleNumber && $0.direction == entry.direction }
                    acl.entries.append(entry)
                }
            case .createPeeringConnection(let id, let requesterID, let accepterID, let accepterRegion, let accepterOwner):
                guard let requester = vpc(requesterID), let accepter = vpc(accepterID) else { continue }
                peeringConnections.append(VPCPeeringConnection(
                    id: id,
                    requester: .init(vpcID: requester.id, ownerID: requester.ownerID, region: requester.region, cidrBlocks: requester.cidrBlocks),
                    accepter: .init(vpcID: accepter.id, ownerID: accepterOwner ?? accepter.ownerID,
                                    region: accepterRegion ?? accepter.region ?? requester.region, cidrBlocks: accepter.cidrBlocks),
                    status: .pendingAcceptance))
            case .acceptPeeringConnection(let id, _):
                modify(&peeringConnections, { $0.id == id }) { $0.status = .active }
                if let connection = peeringConnections.first(where: { $0.id == id }) {
                    reviveRoutes(to: .peeringConnection(id), inVPCs: [connection.requester.vpcID, connection.accepter.vpcID])
                }
            case .modifyPeeringDNSResolution(let id, let side, let allow):
                modify(&peeringConnections, { $0.id == id }) { connection in
                    if side == .requester { connection.requester.allowDnsResolutionFromRemoteVpc = allow }
                    else { connection.accepter.allowDnsResolutionFromRemoteVpc = allow }
                }
            case .createInternetGateway(let id):
                internetGateways.append(InternetGateway(id: id, attachments: []))
            case .attachInternetGateway(let id, let vpc):
                modify(&internetGateways, { $0.id == id }) { gateway in
                    if let index = gateway.attachments.firstIndex(where: { $0.vpcID == vpc }) {
                        gateway.attachments[index].state = .available
                    } else {
                        gateway.attachments.append(.init(vpcID: vpc, state: .available))
                    }
                }
                reviveRoutes(to: .internetGateway(id), inVPCs: [vpc])
            case .allocateAddress(let allocationID, let publicAddress):
                allocations[allocationID] = publicAddress
            case .associateAddress(let allocationID, let interface, let privateAddress):
                guard let publicAddress = allocations[allocationID] else { continue }
                modify(&networkInterfaces, { $0.id == interface }) { interface in
                    for index in interface.addresses.indices where interface.addresses[index].address == privateAddress {
                        interface.addresses[index].publicAddress = publicAddress
                        interface.addresses[index].elasticIPAllocationID = allocationID
                    }
                }
            case .startInstance(let id):
                modify(&instances, { $0.id == id }) { $0.state = .running }
            case .createTransitGatewayRoute(let table, let destination, let attachment),
                 .replaceTransitGatewayRoute(let table, let destination, let attachment):
                transit.setStaticRoute(table: table, destination: destination, attachmentID: attachment)
            case .enableTransitGatewayPropagation(let table, let attachment):
                transit.enablePropagation(attachment: attachment, table: table)
            case .associateTransitGatewayRouteTable(let table, let attachment):
                transit.associate(attachment: attachment, table: table)
            case .addTransitGatewayAttachmentSubnets(let attachment, let subnets):
                transit.addSubnets(subnets, to: attachment)
            case .acceptTransitGatewayAttachment(let id, _):
                transit.setState(.available, of: id)
            case .disableSourceDestinationCheck(let interface):
                for index in networkInterfaces.indices where networkInterfaces[index].id == interface {
                    networkInterfaces[index].sourceDestinationCheck = false
                }
            case .createGatewayEndpoint(let id, let vpc, let service):
                endpoints.append(VPCEndpoint(id: id, vpcID: vpc, serviceName: service, endpointType: .gateway, state: .available))
            case .addGatewayEndpointRouteTable(let endpoint, let table):
                guard let index = endpoints.firstIndex(where: { $0.id == endpoint }) else { continue }
                if !endpoints[index].routeTableIDs.contains(table) { endpoints[index].routeTableIDs.append(table) }
                guard let list = servicePrefixList(endpoints[index].serviceName) else { continue }
                for position in routeTables.indices where routeTables[position].id == table {
                    routeTables[position].routes.removeAll { $0.destination == .prefixList(list.id) }
                    routeTables[position].routes.append(Route(destination: .prefixList(list.id), target: .vpcEndpoint(endpoint), origin: .createRoute))
                }
            case .attachVPNGateway(let id, let vpc):
                guard let index = vpnGateways.firstIndex(where: { $0.id == id }) else { continue }
                vpnGateways[index].attachments.removeAll { $0.vpcID == vpc }
                vpnGateways[index].attachments.append(.init(vpcID: vpc, state: .attached))
                for position in routeTables.indices where routeTables[position].vpcID == vpc {
                    for route in routeTables[position].routes.indices where routeTables[position].routes[route].target == .virtualPrivateGateway(id) {
                        routeTables[position].routes[route].isActive = true
                    }
                }
            case .createVPNConnectionRoute(let connection, let destination):
                guard let index = vpnConnections.firstIndex(where: { $0.id == connection }) else { continue }
                vpnConnections[index].routes.append(.init(prefix: destination, state: .available))
            case .createListener(let arn, let loadBalancer, let listenerProtocol, let port, let targetGroup):
                loadBalancing.addListener(Listener(arn: arn, port: port, listenerProtocol: listenerProtocol,
                                                   defaultActions: [.forward([targetGroup])]), to: loadBalancer)
            case .enableCrossZone(let arn, _):
                loadBalancing.enableCrossZone(arn)
            case .registerTarget(let group, let target):
                loadBalancing.registerTarget(target, in: group)
            case .createClassicListener, .registerClassicInstance, .attachClassicSubnets, .enableClassicCrossZone:
                applyClassic(action, to: &loadBalancing)
            case .setLoadBalancerSubnets(let loadBalancer, let subnets):
                let zones = subnets.map { LoadBalancer.Zone(subnetID: $0, zoneName: subnet($0)?.availabilityZone) }
                loadBalancing.setSubnets(zones, of: loadBalancer) { group, target in
                    if let zone = target.availabilityZone, zone != "all" { return zone }
                    return AddressFamily.allCases.lazy.compactMap { self.resolve(target, of: group, family: $0) }.first.flatMap { self.zone(of: $0.0) }
                }
            }
        }
        var changed = Network(vpcs: vpcs, subnets: subnets, routeTables: routeTables, peeringConnections: peeringConnections,
                       securityGroups: securityGroups, networkACLs: networkACLs, internetGateways: internetGateways,
                       instances: instances, networkInterfaces: networkInterfaces, prefixLists: prefixLists, transit: transit,
                       edge: EdgeResources(natGateways: edge.natGateways, vpcEndpoints: endpoints, vpnGateways: vpnGateways,
                                           vpnConnections: vpnConnections, customerGateways: edge.customerGateways,
                                           virtualInterfaces: edge.virtualInterfaces, directConnectGateways: edge.directConnectGateways,
                                           directConnectGatewayAssociations: edge.directConnectGatewayAssociations,
                                           egressOnlyInternetGateways: edge.egressOnlyInternetGateways),
                       loadBalancing: loadBalancing)
        changed.completeness = completeness
        changed.dnsHostnames = dnsHostnames
        return changed
    }
}

import NetworkModel

extension Network {
    /// This network with a fix's AWS calls made, the way AWS would make them (as far as the model sees them).
    /// Calls that name something the network does not have change nothing.
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
        var edge = self.edge

        func modify<T>(_ items: inout [T], _ matches: (T) -> Bool, _ body: (inout T) -> Void) {
            for index in items.indices where matches(items[index]) { body(&items[index]) }
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
            case .disableSourceDestinationCheck, .createGatewayEndpoint, .addGatewayEndpointRouteTable, .attachVPNGateway,
                 .createVPNConnectionRoute:
                applyEdge(action, routeTables: &routeTables, networkInterfaces: &networkInterfaces, edge: &edge)
            }
        }
        return Network(vpcs: vpcs, subnets: subnets, routeTables: routeTables, peeringConnections: peeringConnections,
                       securityGroups: securityGroups, networkACLs: networkACLs, internetGateways: internetGateways,
                       instances: instances, networkInterfaces: networkInterfaces, prefixLists: prefixLists, transit: transit,
                       edge: edge)
    }
}

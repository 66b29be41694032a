import NetworkModel
import Simulation

extension FixDerivation {
    /// The change for a failed NAT gateway, appliance, gateway endpoint or VPN condition:
    /// - an appliance's source/destination check: turned off (modify-network-interface-attribute);
    /// - a VPC without a gateway endpoint for the service: one created (create-vpc-endpoint; the route table of the
    ///   path is associated with it by the route change);
    /// - a virtual private gateway not attached to the VPC: attached (attach-vpn-gateway);
    /// - no link on premises that carries the traffic, where a VPN connection with static routing is up but has no
    ///   route to the on-premises address: its static route added (create-vpn-connection-route), for the query's
    ///   on-premises block.
    /// What no call changes is left out with the reason: a NAT gateway, endpoint or virtual private gateway in a bad
    /// state, VPN tunnels that are down, a Direct Connect virtual interface that is down or a Direct Connect gateway
    /// that does not advertise the VPC's block (an `aws directconnect` call PathProof does not write), a VPC without a
    /// virtual private gateway (a new one needs a customer gateway and a VPN connection on premises).
    mutating func edgeChange(for item: FailedCondition) throws(Inexpressible) -> FixChange {
        let checkpoint = item.checkpoint
        switch item.condition.role {
        case .sourceDestinationCheck(let interface):
            let owner = interface.instanceID.map { " (\($0)\(edgeName($0)))" } ?? ""
            return FixChange(kind: .interfaceAttribute, checkpoint: checkpoint, component: interface.id, leg: nil,
                             summary: "turn off the source/destination check of \(interface.id)\(owner), so that it forwards traffic that is not its own",
                             actions: [.disableSourceDestinationCheck(interface: interface.id)])

        case .missingEndpoint(let vpc, let service):
            let id = newEndpointID(vpc: vpc, service: service)
            return FixChange(kind: .newEndpoint, checkpoint: checkpoint, component: id, leg: nil,
                             summary: "create a gateway endpoint (\(id)) for \(service) in \(vpc)\(edgeName(vpc))",
                             actions: [.createGatewayEndpoint(id: id, vpc: vpc, service: service)])

        case .vpnGatewayAttachment(let gateway, let vpc):
            return FixChange(kind: .gatewayAttachment, checkpoint: checkpoint, component: gateway.id, leg: nil,
                             summary: "attach virtual private gateway \(gateway.id)\(edgeName(gateway.id)) to \(vpc)\(edgeName(vpc))",
                             actions: [.attachVPNGateway(id: gateway.id, vpc: vpc)])

        case .onPremisesLink(let gateway, let outbound):
            let remote = outbound ? item.packet.destination : item.packet.source
            let links = network.onPremisesLinks(of: gateway.id)
            guard let link = links.first(where: { $0.isUp && $0.kind == .vpn && $0.remotePrefixes != nil }) else {
                let reasons = links.compactMap { link in link.problem.map { "\(link) \($0)" } }
                let why = reasons.isEmpty ? "it has no VPN connection with static routes to add one to" : reasons.joined(separator: "; ")
                throw Inexpressible("no link of \(gateway.id) carries the traffic on premises, and no call of PathProof's changes that: \(why)")
            }
            let block = onPremisesRange.flatMap { $0.contains(remote) ? $0 : nil } ?? IPPrefix.host(remote)
            return FixChange(kind: .route, checkpoint: checkpoint, component: link.id, leg: nil,
                             summary: "add static route \(block) to VPN connection \(link.id)\(edgeName(link.id)) of \(gateway.id)\(edgeName(gateway.id))",
                             actions: [.createVPNConnectionRoute(connection: link.id, destination: block)])

        case .natGatewayState(let nat):
            if nat.state == .pending { throw Inexpressible("NAT gateway \(nat.id) is pending: wait until it is available") }
            throw Inexpressible("NAT gateway \(nat.id) is \(nat.state) and cannot become available again: create a new one (create-nat-gateway) and route to it")
        case .endpointState(let endpoint):
            throw Inexpressible("gateway endpoint \(endpoint.id) is \(endpoint.state): no call makes it available")
        case .vpnGatewayState(let gateway):
            throw Inexpressible("virtual private gateway \(gateway.id) is \(gateway.state): no call makes it available")
        case .missingVPNGateway(let vpc):
            throw Inexpressible("\(vpc) has no virtual private gateway: one must be created, attached and connected on premises (create-vpn-gateway, attach-vpn-gateway, create-customer-gateway, create-vpn-connection), which PathProof does not write")
        default:
            throw Inexpressible("\(checkpoint) is not a NAT gateway, endpoint or VPN element")
        }
    }

    /// A change for a route toward a gateway endpoint, which is the endpoint's association with the route table
    /// (AWS adds the route for the service's prefix list itself); nil for the route kinds (`edgeRouteTarget`).
    mutating func edgeRouteChange(_ table: RouteTable, _ intent: RouteIntent, _ packet: Packet, checkpoint: Checkpoint,
                                  leg: Leg) throws(Inexpressible) -> FixChange? {
        let endpoint: String
        let service: String
        switch intent {
        case .gatewayEndpoint(let id):
            guard let existing = network.vpcEndpoint(id) else { throw Inexpressible("\(id) is not in the snapshot") }
            guard !existing.routeTableIDs.contains(table.id) else {
                throw Inexpressible("\(table.id) has \(id)'s route already; a more specific route catches \(packet.destination)")
            }
            (endpoint, service) = (id, existing.serviceName)
        case .newGatewayEndpoint(let name):
            (endpoint, service) = (newEndpointID(vpc: table.vpcID, service: name), name)
        case .newVPNGateway:
            throw Inexpressible("\(table.vpcID) has no virtual private gateway to route to")
        default:
            return nil
        }
        let list = network.servicePrefixList(service).map { " (for \($0.id))" } ?? ""
        return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                         summary: "associate \(table.id)\(edgeName(table.id)) with gateway endpoint \(endpoint) to \(service): it adds the endpoint's route\(list)",
                         actions: [.addGatewayEndpointRouteTable(endpoint: endpoint, table: table.id)])
    }

    /// The target and destination block of a route toward a NAT gateway, an appliance or a virtual private
    /// gateway: 0.0.0.0/0 for an internet destination, the destination's subnet for an appliance between subnets
    /// of one VPC (a route more specific than the local route must name a whole subnet), the on-premises range of
    /// the query for a virtual private gateway, else the destination's VPC block (its /32 outside every VPC).
    func edgeRouteTarget(_ table: RouteTable, _ intent: RouteIntent, _ destination: IPAddress) -> (RouteTarget, IPPrefix) {
        let block: IPPrefix
        if network.isInternetHost(destination) {
            block = .any(destination.family)
        } else if case .appliance = intent, let subnet = network.subnets.first(where: { $0.vpcID == table.vpcID && $0.contains(destination) }),
                  let subnetBlock = subnet.cidrBlocks.first(where: { $0.contains(destination) }) {
            block = subnetBlock
        } else if case .vpnGateway = intent, let range = onPremisesRange, range.contains(destination) {
            block = range
        } else {
            block = walker.destinationBlock(for: destination)
        }
        switch intent {
        case .natGateway(let id): return (.natGateway(id), block)
        case .appliance(let target): return (target, block)
        case .vpnGateway(let id): return (.virtualPrivateGateway(id), block)
        default: return (.other("unknown"), block)
        }
    }

    /// The on-premises end of the query, when one end is on premises.
    var onPremisesRange: IPPrefix? {
        for endpoint in [alternative.source, alternative.destination] {
            if case .onPremises(let prefix) = endpoint { return prefix }
        }
        return nil
    }

    /// The synthetic id of the gateway endpoint this fix creates for a service in a VPC (the same for the endpoint and
    /// the route tables associated with it).
    private mutating func newEndpointID(vpc: String, service: String) -> String {
        let key = "\(vpc)|\(service)"
        if let id = newEndpoints[key] { return id }
        let id = synthetic("vpce", taken: Set(network.vpcEndpoints.map(\.id)))
        newEndpoints[key] = id
        return id
    }

    private func edgeName(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

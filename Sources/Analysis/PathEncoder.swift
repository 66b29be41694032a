import NetworkModel
import Simulation
import SMT

/// Enumerates the candidate paths between two endpoints and encodes each as conditions on a symbolic packet.
///
/// It follows the same structure as the walker (security groups, route table, network ACLs, peering, internet
/// gateway, delivery) but over all packets at once. Where the configuration lacks something a path needs (a
/// peering connection, a public address), the path is still built with that condition false and owned by a
/// checkpoint, so that the explanation can name it.
final class PathEncoder {
    let network: Network
    let terms: PacketTerms
    let filters: FilterEncoding
    /// Constraints every model must meet (the placeholder public addresses are internet addresses).
    private(set) var globalConstraints: [Term] = []
    /// Why some path cannot exist at all, whatever is changed (shown when no candidate path remains).
    private(set) var impossibilities: [String] = []
    private var placeholders: [String: Term] = [:]
    /// Whether to build the paths that need something the configuration lacks (a peering connection, an
    /// internet gateway, a public address). They explain blockers; a verdict alone does not need them.
    let includesHypotheticalPaths: Bool
    var context: SMTContext { terms.context }

    init(network: Network, context: SMTContext, family: AddressFamily, includesHypotheticalPaths: Bool = true) {
        self.includesHypotheticalPaths = includesHypotheticalPaths
        self.network = network
        self.terms = PacketTerms(context: context, family: family)
        self.filters = FilterEncoding(network: network, terms: terms)
    }

    // MARK: Endpoints

    /// What the packet's source address may be for a source endpoint.
    func sourceConstraint(_ endpoint: Endpoint, _ packet: SymbolicPacket) -> Term {
        switch endpoint {
        case .interface(_, let addresses): terms.isOneOf(packet.source, addresses)
        case .publicAddressOf(let id): terms.isOneOf(packet.source, network.networkInterface(id)?.addresses.map(\.address) ?? [])
        case .internet(let prefix?): context.and([terms.isIn(packet.source, prefix), isInternetHost(packet.source)])
        case .internet(nil): isInternetHost(packet.source)
        case .service: context.boolean(false) // a service starts no connections
        case .onPremises(let prefix): prefix.map { terms.isIn(packet.source, $0) } ?? context.boolean(true)
        }
    }

    /// What the packet's destination address may be for a destination endpoint.
    func destinationConstraint(_ endpoint: Endpoint, _ packet: SymbolicPacket) -> Term {
        switch endpoint {
        case .interface(_, let addresses): terms.isOneOf(packet.destination, addresses)
        case .publicAddressOf: context.boolean(true) // the ingress step pins it to the interface's public addresses
        case .internet(let prefix?): context.and([terms.isIn(packet.destination, prefix), isInternetHost(packet.destination)])
        case .internet(nil): isInternetHost(packet.destination)
        case .service(let name): terms.isIn(packet.destination, any: network.serviceBlocks(name))
        case .onPremises(let prefix): prefix.map { terms.isIn(packet.destination, $0) } ?? context.boolean(true)
        }
    }

    func isInternetHost(_ address: Term) -> Term {
        // Built once per address term: it names every VPC block and every public address of the snapshot.
        if let known = internetHosts[ObjectIdentifier(address)] { return known.term }
        let owned = network.networkInterfaces.flatMap { $0.addresses.compactMap(\.publicAddress) }
        let term = context.and([terms.isRoutable(address),
                                context.not(terms.isIn(address, any: network.vpcs.flatMap(\.cidrBlocks))),
                                context.not(terms.isOneOf(address, owned))])
        internetHosts[ObjectIdentifier(address)] = (term, address)
        return term
    }

    /// `isInternetHost` terms by the address term they test (kept alive with it).
    private var internetHosts: [ObjectIdentifier: (term: Term, address: Term)] = [:]

    /// Leaving through an internet gateway from `address` of `owner`: the public address the gateway maps it to
    /// (a stand-in when it has none), and the conditions: the packet's source is that address, and (owned by the
    /// public-address checkpoint) it has a public address.
    func publicSource(_ owner: NetworkInterface, _ address: NetworkInterface.InterfaceAddress,
                      _ packet: SymbolicPacket) -> (Term, [PathCondition]) {
        var conditions = [fact(context.equal(packet.source, terms.constant(address.address)), packet)]
        if let known = address.publicAddress { return (terms.constant(known), conditions) }
        conditions.append(PathCondition(term: context.boolean(false), checkpoint: .publicAddress(interface: owner.id, address.address),
                                        role: .publicAddress(owner, address.address, ingress: false), packet: packet))
        return (placeholderPublicAddress(owner, address.address), conditions)
    }

    /// A stand-in for the public address a private address lacks: some internet address.
    func placeholderPublicAddress(_ interface: NetworkInterface, _ address: IPAddress) -> Term {
        let key = "\(interface.id)_\(address)"
        if let term = placeholders[key] { return term }
        let term = context.bitVector("public_address_of_\(key)", width: 32)
        placeholders[key] = term
        globalConstraints.append(isInternetHost(term))
        return term
    }

    // MARK: Paths

    /// All candidate paths of a packet sent from `origin` toward `destination`. On the return leg, `state` is the
    /// forward path's (`returnPaths(from:_:to:after:)` gives the response's paths).
    func paths(from origin: Endpoint, _ packet: SymbolicPacket, to destination: Endpoint, leg: Leg,
               state: SymbolicState = SymbolicState()) -> [SymbolicPath] {
        switch origin {
        case .interface(let id, _), .publicAddressOf(let id):
            guard let interface = network.networkInterface(id), network.isTrafficEndpoint(interface) else { return [] }
            return fromInterface(interface, packet, to: destination, leg: leg, state: state)
        case .internet:
            return fromInternet(packet, to: destination, leg: leg, prefix: [], state: state)
        case .service(let name):
            return fromService(name, packet, to: destination, leg: leg, state: state)
        case .onPremises:
            return fromOnPremises(packet, to: destination, leg: leg, state: state)
        }
    }

    private func fromInterface(_ interface: NetworkInterface, _ packet: SymbolicPacket, to destination: Endpoint, leg: Leg,
                               state: SymbolicState) -> [SymbolicPath] {
        var prefix = [liveness(interface, packet)]
        if leg == .forward {
            prefix.append(PathCondition(term: filters.securityGroupsAllow(interface, .outbound, packet),
                                        checkpoint: .securityGroups(interface: interface.id, .outbound),
                                        role: .securityGroups(interface, .outbound), packet: packet))
        }
        guard let table = network.routeTable(forSubnet: interface.subnetID) else {
            return [SymbolicPath(conditions: prefix, packet: packet, end: .unsupported("subnet \(interface.subnetID) has no route table in the snapshot"), leg: leg)]
        }
        let subnetID = interface.subnetID
        var result: [SymbolicPath] = []
        let receiver = destination.interfaceID.flatMap { network.networkInterface($0) }
        let receiverByPrivateAddress: Bool = { if case .interface = destination { return true } else { return false } }()

        // Delivery inside the VPC.
        if let receiver, receiverByPrivateAddress, receiver.vpcID == interface.vpcID {
            var conditions = prefix
            conditions.append(route(table, packet, .local(vpc: interface.vpcID), leg))
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
            if receiver.subnetID != subnetID {
                conditions += acl(subnetID, .outbound, packet, leg)
                conditions += acl(receiver.subnetID, .inbound, packet, leg)
            }
            result.append(deliver(packet, to: receiver, leg: leg, conditions))
        }

        // Across a peering connection (existing, or one that would have to be created).
        if let receiver, receiverByPrivateAddress, receiver.vpcID != interface.vpcID {
            let connections = network.peeringConnections(between: interface.vpcID, and: receiver.vpcID)
            for connection in connections {
                var conditions = prefix
                conditions.append(route(table, packet, .peering(connection.id, peerVPC: receiver.vpcID), leg))
                conditions.append(PathCondition(term: context.boolean(connection.isActive), checkpoint: .peeringActive(connection.id),
                                                role: .peeringState(connection), packet: packet))
                conditions.append(fact(terms.isIn(packet.destination, any: network.peerCIDRBlocks(of: connection, from: interface.vpcID)), packet))
                conditions += acl(subnetID, .outbound, packet, leg)
                conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
                conditions += acl(receiver.subnetID, .inbound, packet, leg)
                result.append(deliver(packet, to: receiver, leg: leg, conditions))
            }
            if connections.isEmpty, let overlap = overlap(interface.vpcID, receiver.vpcID) {
                impossibilities.append("\(interface.vpcID) and \(receiver.vpcID) have overlapping CIDR blocks (\(overlap)), so they cannot be peered")
            } else if connections.isEmpty, includesHypotheticalPaths {
                var conditions = prefix
                conditions.append(route(table, packet, .newPeering(peerVPC: receiver.vpcID), leg))
                let pair = [interface.vpcID, receiver.vpcID].sorted()
                conditions.append(PathCondition(term: context.boolean(false), checkpoint: .peeringMissing(pair[0], pair[1]),
                                                role: .missingPeering(from: interface.vpcID, to: receiver.vpcID), packet: packet))
                conditions += acl(subnetID, .outbound, packet, leg)
                conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
                conditions += acl(receiver.subnetID, .inbound, packet, leg)
                result.append(deliver(packet, to: receiver, leg: leg, conditions))
            }
        }

        // Out through an internet gateway (IPv6: or an egress-only internet gateway).
        let hop = EdgeHop(destination: destination, leg: leg, state: state, origin: interface)
        result += internetPaths(table, subnet: subnetID, vpc: interface.vpcID, packet, prefix, hop)

        // Through a transit gateway.
        result += transitGatewayPaths(from: interface, table: table, prefix, packet, to: destination, leg: leg)

        // Through a NAT gateway, an appliance, a gateway endpoint or a virtual private gateway.
        result += edgePaths(from: interface, table: table, prefix, packet, to: destination, leg: leg, state: state)

        // Routes to targets this model does not analyse yet: if the packet can take one, no verdict can be given.
        var unsupported: [RouteTarget] = []
        for entry in table.routes where entry.isActive && !unsupported.contains(entry.target) {
            switch entry.target {
            case .local, .peeringConnection, .internetGateway, .transitGateway, .egressOnlyInternetGateway: continue
            case .natGateway, .networkInterface, .instance, .vpcEndpoint, .virtualPrivateGateway: continue // edgePaths
            default: unsupported.append(entry.target)
            }
        }
        for target in unsupported {
            var conditions = prefix
            conditions.append(fact(filters.routes(table, packet.destination, to: target), packet))
            result.append(SymbolicPath(conditions: conditions, packet: packet,
                                       end: .unsupported("\(table.id) sends the packet to \(target), a target PathProof does not model yet"), leg: leg))
        }
        return result
    }

    /// A packet on the internet: delivered to an internet host, or in through an internet gateway.
    func fromInternet(_ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, prefix: [PathCondition],
                      state: SymbolicState = SymbolicState()) -> [SymbolicPath] {
        if terms.family == .ipv6 { return fromInternetIPv6(packet, to: destination, leg: leg, prefix: prefix, state: state) }
        switch destination {
        case .service, .onPremises:
            return []
        case .internet:
            var conditions = prefix
            conditions.append(fact(isInternetHost(packet.destination), packet))
            return [SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.internet), leg: leg, state: state)]
        case .interface(let id, _), .publicAddressOf(let id):
            guard let receiver = network.networkInterface(id) else { return [] }
            return receiver.addresses.filter { $0.address.family == .ipv4 && (includesHypotheticalPaths || $0.publicAddress != nil) }.flatMap { address -> [SymbolicPath] in
                var conditions = prefix
                if let publicAddress = address.publicAddress {
                    conditions.append(fact(context.equal(packet.destination, terms.constant(publicAddress)), packet))
                } else {
                    conditions.append(fact(context.equal(packet.destination, placeholderPublicAddress(receiver, address.address)), packet))
                    conditions.append(PathCondition(term: context.boolean(false), checkpoint: .publicAddress(interface: receiver.id, address.address),
                                                    role: .publicAddress(receiver, address.address, ingress: true), packet: packet))
                }
                let gateway = ingressGateway(of: receiver.vpcID)
                conditions.append(ingressGatewayCondition(gateway, vpc: receiver.vpcID, packet))
                var translated = packet
                translated.destination = terms.constant(address.address)
                return enter(translated, by: gateway, to: receiver, at: address.address, leg: leg, conditions, state: state)
            }
        }
    }

    /// The internet gateway traffic from the internet comes into `vpcID` by: an attached one, else any (for the
    /// explanation), nil when the VPC has none.
    func ingressGateway(of vpcID: String) -> InternetGateway? {
        let gateways = network.internetGateways(of: vpcID)
        return gateways.first { $0.attachment(to: vpcID)?.isAttached == true } ?? gateways.first
    }

    /// Coming in by `gateway`: it must be attached (or, when there is none, the VPC lacks one).
    func ingressGatewayCondition(_ gateway: InternetGateway?, vpc vpcID: String, _ packet: SymbolicPacket) -> PathCondition {
        guard let gateway else {
            return PathCondition(term: context.boolean(false), checkpoint: .gatewayMissing(vpc: vpcID), role: .missingGateway(vpc: vpcID), packet: packet)
        }
        let attached = gateway.attachment(to: vpcID)?.isAttached ?? false
        return PathCondition(term: context.boolean(attached), checkpoint: .gatewayAttached(gateway.id, vpc: vpcID),
                             role: .gatewayAttachment(gateway.id, vpc: vpcID), packet: packet)
    }

    /// In by `gateway` to `receiver` (at `address`; nil: any of its addresses): routed by the gateway's edge route
    /// table if it has one, else through the receiver's network ACL to it.
    func enter(_ packet: SymbolicPacket, by gateway: InternetGateway?, to receiver: NetworkInterface, at address: IPAddress?, leg: Leg,
               _ conditions: [PathCondition], state: SymbolicState) -> [SymbolicPath] {
        if let gateway, let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: receiver.vpcID) {
            return ingressPaths(through: gateway.id, table: table, packet, to: receiver, at: address, leg: leg, conditions, state: state)
        }
        return [deliver(packet, to: receiver, leg: leg, conditions + acl(receiver.subnetID, .inbound, packet, leg), state: state)]
    }

    func deliver(_ packet: SymbolicPacket, to receiver: NetworkInterface, leg: Leg, _ prefix: [PathCondition],
                 state: SymbolicState = SymbolicState()) -> SymbolicPath {
        var conditions = prefix
        if let refusal = refusal(receiver, leg: leg) {
            // A NAT gateway's interface takes only responses, which `returnPaths` brings to it.
            conditions.append(fact(context.boolean(false), packet))
            impossibilities.append(refusal)
        }
        conditions.append(liveness(receiver, packet))
        if leg == .forward {
            conditions.append(PathCondition(term: filters.securityGroupsAllow(receiver, .inbound, packet),
                                            checkpoint: .securityGroups(interface: receiver.id, .inbound),
                                            role: .securityGroups(receiver, .inbound), packet: packet))
        }
        return SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.networkInterface(receiver.id)), leg: leg, state: state)
    }

    // MARK: Conditions

    func fact(_ term: Term, _ packet: SymbolicPacket) -> PathCondition {
        PathCondition(term: term, checkpoint: nil, role: .fact, packet: packet)
    }

    func liveness(_ interface: NetworkInterface, _ packet: SymbolicPacket) -> PathCondition {
        let checkpoint: Checkpoint = interface.instanceID.flatMap { network.instance($0) }.map { .instanceRunning($0.id) }
            ?? .interfaceAttached(interface.id)
        return PathCondition(term: context.boolean(network.isLive(interface)), checkpoint: checkpoint, role: .liveness(interface), packet: packet)
    }

    func route(_ table: RouteTable, _ packet: SymbolicPacket, _ intent: RouteIntent, _ leg: Leg) -> PathCondition {
        let term: Term
        switch intent {
        case .local: term = filters.routes(table, packet.destination, to: .local)
        case .peering(let id, _): term = filters.routes(table, packet.destination, to: .peeringConnection(id))
        case .newPeering: term = context.boolean(false)
        case .internetGateway(let id): term = filters.routes(table, packet.destination, to: .internetGateway(id))
        case .newInternetGateway: term = context.boolean(false)
        case .egressOnlyGateway(let id): term = filters.routes(table, packet.destination, to: .egressOnlyInternetGateway(id))
        case .transitGateway(let id): term = filters.routes(table, packet.destination, to: .transitGateway(id))
        case .natGateway, .appliance, .gatewayEndpoint, .newGatewayEndpoint, .vpnGateway, .newVPNGateway:
            term = edgeRouteTerm(table, packet.destination, intent)
        }
        return PathCondition(term: term, checkpoint: .routeTable(table.id, leg), role: .route(table, intent), packet: packet)
    }

    /// The internet gateways a packet routed by `table` may leave `vpcID` by: the VPC's and those its routes name;
    /// for explanations, one it lacks (nil) when there is none.
    func internetGatewayCandidates(_ table: RouteTable, vpc vpcID: String) -> [String?] {
        var gatewayIDs = network.internetGateways(of: vpcID).map(\.id)
        for route in table.routes { if case .internetGateway(let id) = route.target, !gatewayIDs.contains(id) { gatewayIDs.append(id) } }
        return gatewayIDs.isEmpty ? (includesHypotheticalPaths ? [nil] : []) : gatewayIDs
    }

    /// Leaving by internet gateway `gatewayID` (nil: one the VPC lacks): the route to it and its attachment.
    func internetGatewayConditions(_ table: RouteTable, _ gatewayID: String?, vpc vpcID: String, _ packet: SymbolicPacket,
                                   _ leg: Leg) -> [PathCondition] {
        guard let gatewayID else {
            return [route(table, packet, .newInternetGateway, leg),
                    PathCondition(term: context.boolean(false), checkpoint: .gatewayMissing(vpc: vpcID), role: .missingGateway(vpc: vpcID), packet: packet)]
        }
        let attached = network.internetGateway(gatewayID)?.attachment(to: vpcID)?.isAttached ?? false
        return [route(table, packet, .internetGateway(gatewayID), leg),
                PathCondition(term: context.boolean(attached), checkpoint: .gatewayAttached(gatewayID, vpc: vpcID),
                              role: .gatewayAttachment(gatewayID, vpc: vpcID), packet: packet)]
    }

    func acl(_ subnetID: String, _ direction: Direction, _ packet: SymbolicPacket, _ leg: Leg) -> [PathCondition] {
        guard let acl = network.networkACL(forSubnet: subnetID) else { return [] }
        return [PathCondition(term: filters.networkACLAllows(acl, direction, packet), checkpoint: .networkACL(acl.id, direction, leg),
                              role: .networkACL(acl, direction, subnet: subnetID), packet: packet)]
    }

    func needsInternet(_ destination: Endpoint) -> Bool {
        switch destination {
        case .internet, .publicAddressOf: return true
        case .service, .onPremises: return false
        case .interface(let id, let addresses):
            guard let interface = network.networkInterface(id) else { return false }
            // IPv6 addresses are global: any interface may be reached over the internet too.
            if terms.family == .ipv6 { return !interface.addresses(.ipv6).isEmpty }
            return addresses.contains { address in interface.addresses.contains { $0.publicAddress == address } }
        }
    }

    /// The overlapping CIDR blocks of two VPCs, which prevent peering them; nil when they can be peered.
    private func overlap(_ a: String, _ b: String) -> String? {
        guard let first = network.vpc(a), let second = network.vpc(b) else { return "unknown VPC" }
        for block in first.cidrBlocks { for other in second.cidrBlocks where other.overlaps(block) { return "\(block) and \(other)" } }
        return nil
    }
}

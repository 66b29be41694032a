import NetworkModel
import Simulation
import SMT

/// What a candidate path met that its response depends on: the symbolic counterpart of the walker's
/// `ConnectionState`.
struct SymbolicState {
    /// A NAT gateway's translation: the client's address and port, the NAT gateway's address and the port it gave.
    struct NATBinding {
        let gateway: String
        let interface: String
        let client: Term
        let clientPort: Term
        let address: IPAddress
        let port: Term
    }

    var nat: NATBinding?
    /// The gateway endpoint or virtual private gateway the path left its VPC by.
    var exit: String?
    /// The appliance interfaces the path crossed.
    var appliances: [String] = []
}

/// The context of a sequence of hops: where it must end, on which leg, the state, the appliances this leg has
/// crossed, and the interface whose private address the packet's source is (an internet gateway maps that one).
struct EdgeHop {
    var destination: Endpoint
    let leg: Leg
    var state: SymbolicState
    var crossed: [String] = []
    var origin: NetworkInterface?
}

/// Candidate paths through NAT gateways, appliances, gateway endpoints, virtual private gateways and gateway route
/// tables, mirroring `PacketWalker+Edge.swift` step by step (its documentation states the rules).
///
/// `fromInterface` builds a sender's local, peering, internet gateway and transit gateway paths; `edgePaths` adds
/// its paths through these targets. After a NAT gateway or an appliance the packet is routed again, by the route
/// table of its subnet, toward every kind of target (`onward`); a packet that comes into a VPC by a gateway with an
/// edge-associated route table is routed by that table (`ingress`: the local route or an appliance). Routes the
/// walker cannot follow (a target the snapshot does not describe, a kind PathProof does not model there) give
/// unsupported paths carrying the conditions that lead there, so that such packets give no verdict.
extension PathEncoder {
    enum HopMode {
        /// A sender's own route table: only the targets `fromInterface` leaves to `edgePaths`.
        case first
        /// The route table of a NAT gateway's or an appliance's subnet: every target.
        case onward
        /// A gateway route table: the local route and appliances.
        case ingress
    }

    /// The paths of a sender's packet through NAT gateways, appliances, gateway endpoints and virtual private gateways.
    func edgePaths(from interface: NetworkInterface, table: RouteTable, _ prefix: [PathCondition], _ packet: SymbolicPacket,
                   to destination: Endpoint, leg: Leg, state: SymbolicState) -> [SymbolicPath] {
        let hop = EdgeHop(destination: destination, leg: leg, state: state, origin: interface)
        return targets(table, subnet: interface.subnetID, vpc: interface.vpcID, sender: interface, packet, prefix, hop, mode: .first)
    }

    /// The response's candidate paths from where the request was delivered back to the requester. A request that a
    /// NAT gateway translated is answered to the NAT gateway's address: the response first goes there, and the NAT
    /// gateway sends it on to the client by its subnet's route table.
    func returnPaths(from origin: Endpoint, _ response: SymbolicPacket, to target: Endpoint, after forward: SymbolicPath) -> [SymbolicPath] {
        let state = forward.state
        guard let binding = state.nat, let interface = network.networkInterface(binding.interface),
              let nat = network.natGateway(binding.gateway) else {
            return paths(from: origin, response, to: target, leg: .return, state: state)
        }
        let addresses = [binding.address] + interface.addresses.filter { $0.address == binding.address }.compactMap(\.publicAddress)
        let goal = Endpoint.interface(interface.id, addresses: addresses)
        var responder: NetworkInterface?
        if case .interface(let id, _) = origin, let known = network.networkInterface(id), known.vpcID == nat.vpcID { responder = known }
        var result: [SymbolicPath] = []
        for path in paths(from: origin, response, to: goal, leg: .return, state: state) {
            guard path.location == .networkInterface(interface.id) else {
                result.append(path)
                continue
            }
            var conditions = path.conditions
            let arrived = path.packet
            conditions.append(fact(context.equal(arrived.destination, terms.constant(binding.address)), arrived))
            conditions.append(fact(context.implies(hasPorts(arrived), context.equal(arrived.destinationPort, binding.port)), arrived))
            var back = arrived
            back.destination = binding.client
            back.destinationPort = binding.clientPort
            guard let table = network.routeTable(forSubnet: nat.subnetID) else {
                result.append(SymbolicPath(conditions: conditions, packet: back, end: .unsupported("subnet \(nat.subnetID) has no route table in the snapshot"),
                                           leg: .return))
                continue
            }
            let hop = EdgeHop(destination: target, leg: .return, state: state, origin: responder)
            result += targets(table, subnet: nat.subnetID, vpc: nat.vpcID, sender: interface, back, conditions, hop, mode: .onward)
        }
        return result
    }

    /// Why a delivery to `receiver` cannot happen on `leg`: a NAT gateway's interface accepts no connection.
    func refusal(_ receiver: NetworkInterface, leg: Leg) -> String? {
        guard leg == .forward, !network.isTrafficEndpoint(receiver) else { return nil }
        let id = network.natGateway(ofInterface: receiver)?.id ?? receiver.id
        return "\(id) does not accept connections: a NAT gateway forwards only connections started inside its VPC, and their responses"
    }

    /// Whether a route table's decision for `destination` is the route of an edge intent.
    func edgeRouteTerm(_ table: RouteTable, _ destination: Term, _ intent: RouteIntent) -> Term {
        switch intent {
        case .natGateway(let id): filters.routes(table, destination, to: .natGateway(id))
        case .appliance(let target): filters.routes(table, destination, to: target)
        case .gatewayEndpoint(let id): filters.routes(table, destination, to: .vpcEndpoint(id))
        case .vpnGateway(let id): filters.routes(table, destination, to: .virtualPrivateGateway(id))
        case .newGatewayEndpoint, .newVPNGateway: context.boolean(false)
        default: context.boolean(false)
        }
    }

    // MARK: Targets of one route table

    /// The paths of a packet routed by `table` in `vpcID`, sent from `subnetID` (nil for a gateway route table) by
    /// `sender` (nil for a gateway route table).
    private func targets(_ table: RouteTable, subnet subnetID: String?, vpc vpcID: String, sender: NetworkInterface?, _ packet: SymbolicPacket,
                         _ prefix: [PathCondition], _ hop: EdgeHop, mode: HopMode) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        var routed: [RouteTarget] = []
        for route in table.routes where route.isActive && !routed.contains(route.target) { routed.append(route.target) }
        let fromSubnet = mode != .ingress

        if mode != .first {
            result += localPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
        }
        if mode == .onward, let subnetID, let sender {
            result += peeringPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
            result += internetPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
            result += transitGatewayPaths(from: sender, table: table, prefix, packet, to: hop.destination, leg: hop.leg).map {
                var path = $0
                path.state = hop.state
                return path
            }
        }
        if fromSubnet, let subnetID {
            var natIDs: [String] = []
            for case .natGateway(let id) in routed { natIDs.append(id) }
            if includesHypotheticalPaths, hop.leg == .forward, hop.state.nat == nil {
                for nat in network.natGateways(ofVPC: vpcID) where !natIDs.contains(nat.id) { natIDs.append(nat.id) }
            }
            if terms.family == .ipv4 { // NAT64 is not modelled: IPv6 routes to a NAT gateway are unsupported (`follows`)
                for id in natIDs { result += throughNATGateway(id, table, subnet: subnetID, vpc: vpcID, packet, prefix, hop) }
            }
        }
        for target in routed {
            switch target {
            case .networkInterface, .instance:
                result += throughAppliance(target, table, subnet: subnetID, vpc: vpcID, packet, prefix, hop)
            default: continue
            }
        }
        if fromSubnet, let subnetID {
            result += gatewayEndpointPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
            result += vpnGatewayPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop, routed: routed)
        }
        // Routes the walker does not follow from here.
        for target in routed where !follows(target, mode) {
            result.append(unsupported(table, target, packet, prefix, hop,
                                      mode == .ingress ? "gateway route table \(table.id) sends the packet to \(target), a target PathProof does not model there"
                                                       : "\(table.id) sends the packet to \(target), a target PathProof does not model yet"))
        }
        return result
    }

    private func follows(_ target: RouteTarget, _ mode: HopMode) -> Bool {
        switch (target, mode) {
        case (.local, _), (.networkInterface, _), (.instance, _): true
        case (_, .ingress): false
        case (.vpcEndpoint, _), (.virtualPrivateGateway, _): true
        case (.peeringConnection, .onward), (.internetGateway, .onward), (.transitGateway, .onward): true
        case (.peeringConnection, .first), (.internetGateway, .first), (.transitGateway, .first): true
        case (.egressOnlyInternetGateway, .onward), (.egressOnlyInternetGateway, .first): terms.family == .ipv6
        case (.natGateway, _): terms.family == .ipv4
        default: false
        }
    }

    private func unsupported(_ table: RouteTable, _ target: RouteTarget, _ packet: SymbolicPacket, _ prefix: [PathCondition],
                             _ hop: EdgeHop, _ reason: String) -> SymbolicPath {
        var conditions = prefix
        conditions.append(fact(filters.routes(table, packet.destination, to: target), packet))
        return SymbolicPath(conditions: conditions, packet: packet, end: .unsupported(reason), leg: hop.leg, state: hop.state)
    }

    // MARK: Local, peering, internet (after a NAT gateway or an appliance, or into a VPC)

    private func localPaths(_ table: RouteTable, subnet subnetID: String?, vpc vpcID: String, _ packet: SymbolicPacket,
                            _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        guard case .interface(let id, _) = hop.destination, let receiver = network.networkInterface(id), receiver.vpcID == vpcID else { return [] }
        var conditions = prefix
        conditions.append(route(table, packet, .local(vpc: vpcID), hop.leg))
        conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        if receiver.subnetID != subnetID {
            if let subnetID { conditions += acl(subnetID, .outbound, packet, hop.leg) }
            conditions += acl(receiver.subnetID, .inbound, packet, hop.leg)
        }
        return [deliver(packet, to: receiver, leg: hop.leg, conditions, state: hop.state)]
    }

    private func peeringPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                              _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        guard case .interface(let id, _) = hop.destination, let receiver = network.networkInterface(id), receiver.vpcID != vpcID else { return [] }
        return network.peeringConnections(between: vpcID, and: receiver.vpcID).map { connection in
            var conditions = prefix
            conditions.append(route(table, packet, .peering(connection.id, peerVPC: receiver.vpcID), hop.leg))
            conditions.append(PathCondition(term: context.boolean(connection.isActive), checkpoint: .peeringActive(connection.id),
                                            role: .peeringState(connection), packet: packet))
            conditions.append(fact(terms.isIn(packet.destination, any: network.peerCIDRBlocks(of: connection, from: vpcID)), packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
            conditions += acl(receiver.subnetID, .inbound, packet, hop.leg)
            return deliver(packet, to: receiver, leg: hop.leg, conditions, state: hop.state)
        }
    }

    /// Out through an internet gateway, which maps the private address of the interface the packet's source is
    /// (`hop.origin`) to its public address.
    func internetPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                               _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        if terms.family == .ipv6 { return internetPathsIPv6(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop) }
        let candidates = internetGatewayCandidates(table, vpc: vpcID)
        var result: [SymbolicPath] = []
        if let appliance = hop.crossed.last {
            // After an appliance, a source without a public address leaves the answer open (the walker's
            // `applianceMayTranslate`): whether the appliance translates it, the snapshot does not say.
            let owned = hop.origin.flatMap { $0.vpcID == vpcID ? $0.addresses.filter { $0.publicAddress != nil }.map(\.address) : nil } ?? []
            for case let gatewayID? in candidates {
                var conditions = prefix
                conditions.append(route(table, packet, .internetGateway(gatewayID), hop.leg))
                conditions.append(fact(context.boolean(network.internetGateway(gatewayID)?.attachment(to: vpcID)?.isAttached ?? false), packet))
                conditions.append(fact(terms.isRoutable(packet.destination), packet))
                conditions.append(fact(context.not(terms.isOneOf(packet.source, owned)), packet))
                result.append(SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                           unsupported: "\(appliance) forwards the packet to \(gatewayID) from an address without a public address: whether the appliance translates it (as a NAT instance does) the snapshot does not say"))
            }
        }
        guard hop.leg == .return || needsInternet(hop.destination), let owner = hop.origin, owner.vpcID == vpcID else { return result }
        for gatewayID in candidates {
            for address in owner.addresses where address.address.family == .ipv4 && ((includesHypotheticalPaths && hop.crossed.isEmpty) || address.publicAddress != nil) {
                var conditions = prefix + internetGatewayConditions(table, gatewayID, vpc: vpcID, packet, hop.leg)
                conditions.append(fact(terms.isRoutable(packet.destination), packet))
                let (publicAddress, translation) = publicSource(owner, address, packet)
                conditions += translation
                conditions += acl(subnetID, .outbound, packet, hop.leg)
                var translated = packet
                translated.source = publicAddress
                result += fromInternet(translated, to: hop.destination, leg: hop.leg, prefix: conditions, state: hop.state)
            }
        }
        return result
    }

    /// Into a VPC by `gateway`, whose edge-associated route table `table` routes the packet (already addressed to
    /// `receiver`'s private address) before it is delivered.
    func ingressPaths(through gateway: String, table: RouteTable, _ packet: SymbolicPacket, to receiver: NetworkInterface, at address: IPAddress?,
                      leg: Leg, _ prefix: [PathCondition], state: SymbolicState) -> [SymbolicPath] {
        let addresses = address.map { [$0] } ?? receiver.addresses.map(\.address)
        let hop = EdgeHop(destination: .interface(receiver.id, addresses: addresses), leg: leg, state: state, origin: nil)
        return targets(table, subnet: nil, vpc: receiver.vpcID, sender: nil, packet, prefix, hop, mode: .ingress)
    }

    // MARK: NAT gateways

    private func throughNATGateway(_ id: String, _ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                                   _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        var conditions = prefix
        conditions.append(route(table, packet, .natGateway(id), hop.leg))
        guard let nat = network.natGateway(id) else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-nat-gateways)")]
        }
        guard let interface = network.networkInterface(ofNATGateway: nat), let address = network.translationAddress(of: nat) else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the snapshot describes no address of \(id) (NatGatewayAddresses)")]
        }
        // A response routed into a NAT gateway is dropped at the route table (the walker's NO_ROUTE_TO_DESTINATION).
        guard hop.leg == .forward else { return [] }
        guard hop.state.nat == nil else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the packet reaches a second NAT gateway (\(id)); PathProof models one NAT gateway per path")]
        }
        conditions.append(PathCondition(term: context.boolean(nat.isAvailable), checkpoint: .natGatewayAvailable(id),
                                        role: .natGatewayState(nat), packet: packet))
        let protocols = [IPProtocolNumber.tcp, IPProtocolNumber.udp, IPProtocolNumber.icmp]
        conditions.append(fact(context.or(protocols.map { context.equal(packet.ipProtocol, terms.protocolNumber($0)) }), packet))
        conditions.append(fact(terms.isIn(packet.source, any: network.vpc(nat.vpcID)?.cidrBlocks ?? []), packet))
        if subnetID != nat.subnetID {
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            conditions += acl(nat.subnetID, .inbound, packet, hop.leg)
        }
        var translated = packet
        translated.source = terms.constant(address)
        let low = context.bitVector(UInt64(PortRange.ephemeral.lower), width: 16)
        let remapped = context.ite(context.unsignedLessOrEqual(low, packet.sourcePort), packet.sourcePort, low)
        translated.sourcePort = context.ite(hasPorts(packet), remapped, packet.sourcePort)
        var next = hop
        next.state.nat = SymbolicState.NATBinding(gateway: id, interface: interface.id, client: packet.source, clientPort: packet.sourcePort,
                                                  address: address, port: translated.sourcePort)
        next.origin = interface
        guard let natTable = network.routeTable(forSubnet: nat.subnetID) else {
            return [SymbolicPath(conditions: conditions, packet: translated, leg: hop.leg, state: next.state,
                                 unsupported: "subnet \(nat.subnetID) has no route table in the snapshot")]
        }
        return targets(natTable, subnet: nat.subnetID, vpc: nat.vpcID, sender: interface, translated, conditions, next, mode: .onward)
    }

    // MARK: Appliances

    private func throughAppliance(_ target: RouteTarget, _ table: RouteTable, subnet subnetID: String?, vpc vpcID: String,
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
        if let subnetID, subnetID != interface.subnetID { conditions += acl(subnetID, .outbound, packet, hop.leg) }
        if subnetID != interface.subnetID { conditions += acl(interface.subnetID, .inbound, packet, hop.leg) }
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

    // MARK: Gateway endpoints

    private func gatewayEndpointPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                                      _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        // Routes to endpoints the walker cannot follow.
        for case .vpcEndpoint(let id) in routed {
            if let endpoint = network.vpcEndpoint(id), endpoint.isGateway { continue }
            let reason = network.vpcEndpoint(id).map { "\(table.id) sends the packet to \(id), a \($0.endpointType) endpoint, which PathProof does not model as a route target" }
                ?? "\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpc-endpoints)"
            result.append(unsupported(table, .vpcEndpoint(id), packet, prefix, hop, reason))
        }
        guard hop.leg == .forward, case .service(let service) = hop.destination else { return result }
        var endpoints: [VPCEndpoint?] = network.gatewayEndpoints(ofVPC: vpcID, service: service)
        if endpoints.isEmpty, includesHypotheticalPaths { endpoints = [nil] }
        for endpoint in endpoints {
            var conditions = prefix
            if let endpoint {
                conditions.append(route(table, packet, .gatewayEndpoint(endpoint.id), hop.leg))
                conditions.append(PathCondition(term: context.boolean(endpoint.isAvailable), checkpoint: .endpointAvailable(endpoint.id),
                                                role: .endpointState(endpoint), packet: packet))
            } else {
                conditions.append(route(table, packet, .newGatewayEndpoint(service: service), hop.leg))
                conditions.append(PathCondition(term: context.boolean(false), checkpoint: .endpointMissing(vpc: vpcID, service: service),
                                                role: .missingEndpoint(vpc: vpcID, service: service), packet: packet))
            }
            conditions.append(fact(terms.isIn(packet.source, any: network.vpc(vpcID)?.cidrBlocks ?? []), packet))
            conditions.append(fact(gatewayEndpointCarries(packet, toService: true), packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            var state = hop.state
            state.exit = endpoint?.id ?? Self.newEndpointExit(vpc: vpcID)
            result.append(SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.service(service)), leg: hop.leg, state: state))
        }
        return result
    }

    /// TCP, and ICMP echo requests toward the service or echo replies back (`VPCEndpoint.gatewayCarries`).
    private func gatewayEndpointCarries(_ packet: SymbolicPacket, toService: Bool) -> Term {
        let echo = toService ? ICMPMessage.echoRequest : ICMPMessage.echoReply
        return context.or([context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.tcp)),
                           context.and([context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.icmp)),
                                        context.equal(packet.icmpType, terms.protocolNumber(echo))])])
    }

    /// The exit of a path through a gateway endpoint that `vpcID` does not have yet.
    private static func newEndpointExit(vpc vpcID: String) -> String { "new-gateway-endpoint:\(vpcID)" }

    /// A response from a service, back in by the gateway endpoint the request left by (or by the one its VPC lacks,
    /// on a path that needs it: the same missing element).
    func fromService(_ service: String, _ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, state: SymbolicState) -> [SymbolicPath] {
        guard leg == .return, let id = state.exit, case .interface(let receiverID, _) = destination,
              let receiver = network.networkInterface(receiverID) else { return [] }
        var conditions: [PathCondition] = []
        if let endpoint = network.vpcEndpoint(id) {
            guard endpoint.serviceName == service, receiver.vpcID == endpoint.vpcID else { return [] }
        } else {
            guard id == Self.newEndpointExit(vpc: receiver.vpcID) else { return [] }
            conditions.append(PathCondition(term: context.boolean(false), checkpoint: .endpointMissing(vpc: receiver.vpcID, service: service),
                                            role: .missingEndpoint(vpc: receiver.vpcID, service: service), packet: packet))
        }
        conditions.append(fact(gatewayEndpointCarries(packet, toService: false), packet))
        conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        conditions += acl(receiver.subnetID, .inbound, packet, leg)
        return [deliver(packet, to: receiver, leg: leg, conditions, state: state)]
    }

    // MARK: Virtual private gateways

    private func vpnGatewayPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                                 _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        var gatewayIDs = network.vpnGateways(ofVPC: vpcID).map(\.id)
        for case .virtualPrivateGateway(let id) in routed {
            if network.vpnGateway(id) == nil {
                result.append(unsupported(table, .virtualPrivateGateway(id), packet, prefix, hop,
                                          "\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-vpn-gateways)"))
            } else if !gatewayIDs.contains(id) {
                gatewayIDs.append(id)
            }
        }
        guard case .onPremises = hop.destination else { return result }
        let candidates: [String?] = gatewayIDs.isEmpty ? (includesHypotheticalPaths ? [nil] : []) : gatewayIDs
        for id in candidates {
            var conditions = prefix
            if let id, let gateway = network.vpnGateway(id) {
                conditions.append(route(table, packet, .vpnGateway(id), hop.leg))
                conditions += vpnGatewayState(gateway, vpc: vpcID, packet)
            } else {
                conditions.append(route(table, packet, .newVPNGateway, hop.leg))
                conditions.append(PathCondition(term: context.boolean(false), checkpoint: .vpnGatewayMissing(vpc: vpcID),
                                                role: .missingVPNGateway(vpc: vpcID), packet: packet))
            }
            let sources = hop.origin.flatMap { $0.vpcID == vpcID ? $0.addresses.map(\.address) : nil } ?? []
            conditions.append(fact(terms.isOneOf(packet.source, sources), packet))
            if let id, let gateway = network.vpnGateway(id) {
                conditions.append(PathCondition(term: linkTerm(gateway, vpcAddress: packet.source, remote: packet.destination),
                                                checkpoint: .onPremisesLink(id), role: .onPremisesLink(gateway, outbound: true), packet: packet))
            }
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            var state = hop.state
            if hop.leg == .forward { state.exit = id }
            result.append(SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.onPremises), leg: hop.leg, state: state))
        }
        return result
    }

    /// A packet from on premises: in by the virtual private gateway the request left by (a response), else by the
    /// one attached to the destination's VPC, then to the destination interface.
    func fromOnPremises(_ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, state: SymbolicState) -> [SymbolicPath] {
        guard case .interface(let id, _) = destination, let receiver = network.networkInterface(id) else { return [] }
        let vpcID = receiver.vpcID
        var gateway = network.ingressVPNGateway(ofVPC: vpcID)
        if leg == .return, let exit = state.exit, let known = network.vpnGateway(exit), known.attachment(to: vpcID) != nil { gateway = known }
        var conditions: [PathCondition] = []
        if let gateway {
            conditions += vpnGatewayState(gateway, vpc: vpcID, packet)
            conditions.append(PathCondition(term: linkTerm(gateway, vpcAddress: packet.destination, remote: packet.source),
                                            checkpoint: .onPremisesLink(gateway.id), role: .onPremisesLink(gateway, outbound: false), packet: packet))
        } else {
            guard includesHypotheticalPaths else { return [] }
            conditions.append(PathCondition(term: context.boolean(false), checkpoint: .vpnGatewayMissing(vpc: vpcID),
                                            role: .missingVPNGateway(vpc: vpcID), packet: packet))
        }
        conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        if let gateway, let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: vpcID) {
            return ingressPaths(through: gateway.id, table: table, packet, to: receiver, at: nil, leg: leg, conditions, state: state)
        }
        conditions += acl(receiver.subnetID, .inbound, packet, leg)
        return [deliver(packet, to: receiver, leg: leg, conditions, state: state)]
    }

    private func vpnGatewayState(_ gateway: VirtualPrivateGateway, vpc vpcID: String, _ packet: SymbolicPacket) -> [PathCondition] {
        [PathCondition(term: context.boolean(gateway.attachment(to: vpcID)?.isAttached == true), checkpoint: .vpnGatewayAttached(gateway.id, vpc: vpcID),
                       role: .vpnGatewayAttachment(gateway, vpc: vpcID), packet: packet),
         PathCondition(term: context.boolean(gateway.isAvailable), checkpoint: .vpnGatewayAvailable(gateway.id),
                       role: .vpnGatewayState(gateway), packet: packet)]
    }

    /// Some link of the gateway carries traffic between the VPC address and the on-premises address
    /// (`OnPremisesLink.carries`).
    private func linkTerm(_ gateway: VirtualPrivateGateway, vpcAddress: Term, remote: Term) -> Term {
        context.or(network.onPremisesLinks(of: gateway.id).filter(\.isUp).map { link in
            var parts: [Term] = []
            if let remotePrefixes = link.remotePrefixes { parts.append(terms.isIn(remote, any: remotePrefixes)) }
            if let localPrefixes = link.localPrefixes { parts.append(terms.isIn(vpcAddress, any: localPrefixes)) }
            return context.and(parts)
        })
    }

    // MARK: Helpers

    private func hasPorts(_ packet: SymbolicPacket) -> Term {
        context.or([context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.tcp)),
                    context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.udp))])
    }
}

extension Endpoint {
    /// Where this endpoint sends from, for the walker.
    public var location: Location {
        switch self {
        case .interface(let id, _), .publicAddressOf(let id): .networkInterface(id)
        case .internet: .internet
        case .service(let name): .service(name)
        case .onPremises: .onPremises
        }
    }

    /// The endpoint a response starts from, where its request was delivered.
    static func origin(at location: Location) -> Endpoint {
        switch location {
        case .networkInterface(let id): .interface(id, addresses: [])
        case .internet: .internet(nil)
        case .service(let name): .service(name)
        case .onPremises: .onPremises(nil)
        }
    }

    /// The endpoint a response must get back to, for a request sent by this one: an interface at its private and
    /// public addresses, the internet, or on premises. nil for a service, which sends no request.
    func returnTarget(_ network: Network) -> Endpoint? {
        switch self {
        case .interface(let id, _), .publicAddressOf(let id):
            let interface = network.networkInterface(id)
            let addresses = (interface?.addresses.map(\.address) ?? []) + (interface?.addresses.compactMap(\.publicAddress) ?? [])
            return .interface(id, addresses: addresses)
        case .internet: return .internet(nil)
        case .onPremises(let prefix): return .onPremises(prefix)
        case .service: return nil
        }
    }
}

extension SymbolicPath {
    /// A path that ends in something PathProof does not model.
    init(conditions: [PathCondition], packet: SymbolicPacket, leg: Leg, state: SymbolicState, unsupported reason: String) {
        self.init(conditions: conditions, packet: packet, end: .unsupported(reason), leg: leg, state: state)
    }
}

import NetworkModel
import Simulation
import SMT

/// A NAT gateway over all packets, mirroring `Simulation/Components/NATGateway.swift`: the translation of the request,
/// the NAT binding its response is answered to (`returnPaths`), and the refusal of anything else.
extension PathEncoder {
    /// Through the NAT gateways the table routes to (and, for explanations, the VPC's others on a first pass).
    func natGatewayPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                         _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        // NAT64 is not modelled: IPv6 routes to a NAT gateway are unsupported (`follows`).
        guard terms.family == .ipv4 else { return [] }
        var natIDs: [String] = []
        for case .natGateway(let id) in routed { natIDs.append(id) }
        if includesHypotheticalPaths, hop.leg == .forward, hop.state.nat == nil {
            for nat in network.natGateways(ofVPC: vpcID) where !natIDs.contains(nat.id) { natIDs.append(nat.id) }
        }
        return natIDs.flatMap { throughNATGateway($0, table, subnet: subnetID, vpc: vpcID, packet, prefix, hop) }
    }

    func throughNATGateway(_ id: String, _ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
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
        guard hop.state.loadBalancer == nil else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the packet reaches the NAT gateway \(id) after a load balancer; PathProof does not model both on one path")]
        }
        guard hop.state.nat == nil else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the packet reaches a second NAT gateway (\(id)); PathProof models one NAT gateway per path")]
        }
        conditions.append(PathCondition(term: context.boolean(nat.isAvailable), checkpoint: .natGatewayAvailable(id),
                                        role: .natGatewayState(nat), packet: packet))
        let protocols = [IPProtocolNumber.tcp, IPProtocolNumber.udp, IPProtocolNumber.icmp]
        conditions.append(fact(context.or(protocols.map { context.equal(packet.ipProtocol, terms.protocolNumber($0)) }), packet))
        conditions.append(fact(terms.isIn(packet.source, any: network.vpc(nat.vpcID)?.cidrBlocks ?? []), packet))
        conditions += acls(from: subnetID, to: nat.subnetID, packet, hop.leg)
        var translated = packet
        translated.source = translatedAddress(address)
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

    /// The response's candidate paths from where the request was delivered back to the requester. A request that a
    /// NAT gateway translated is answered to the NAT gateway's address: the response first goes there, and the NAT
    /// gateway sends it on to the client by its subnet's route table.
    func returnPaths(from origin: Endpoint, _ response: SymbolicPacket, to target: Endpoint, after forward: SymbolicPath) -> [SymbolicPath] {
        let state = forward.state
        if let loadBalancer = state.loadBalancer {
            return loadBalancerReturnPaths(from: origin, response, to: target, after: forward, loadBalancer)
        }
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

    /// Why a delivery to `receiver` cannot happen on `leg`: a NAT gateway's interface, or a transit gateway
    /// attachment's, accepts no connection.
    func refusal(_ receiver: NetworkInterface, leg: Leg) -> String? {
        guard leg == .forward, !network.isTrafficEndpoint(receiver) else { return nil }
        if receiver.isTransitGatewayAttachment {
            return PacketWalker.attachmentInterfaceMessage(receiver, named: network.nameSuffix(receiver.id), sends: false)
        }
        let id = network.natGateway(ofInterface: receiver)?.id ?? receiver.id
        return "\(id) does not accept connections: a NAT gateway forwards only connections started inside its VPC, and their responses"
    }

    func hasPorts(_ packet: SymbolicPacket) -> Term {
        context.or([context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.tcp)),
                    context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.udp))])
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why a NAT gateway forwards nothing: it is not available.
    func explainNATGatewayState(_ nat: NATGateway) -> (String, BlockerCode, String) {
        (nat.id, .badState, PacketWalker.unavailableMessage(nat, named: network.nameSuffix(nat.id)))
    }
}

// MARK: Fixes

extension FixDerivation {
    /// No call makes a NAT gateway available.
    func natGatewayStateChange(_ nat: NATGateway) throws(Inexpressible) -> FixChange {
        if nat.state == .pending { throw Inexpressible("NAT gateway \(nat.id) is pending: wait until it is available") }
        throw Inexpressible("NAT gateway \(nat.id) is \(nat.state) and cannot become available again: create a new one (create-nat-gateway) and route to it")
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a NAT gateway is available.
    func claimNATGatewayState(_ nat: NATGateway) -> ([String], String, String) {
        let state = nat.isAvailable ? "" : "; it is \(nat.state), so this is false"
        return ([nat.id], "available", "NAT gateway \(nat.id)\(network.nameSuffix(nat.id)) is available\(state)")
    }
}

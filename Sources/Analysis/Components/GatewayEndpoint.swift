import NetworkModel
import Simulation
import SMT

/// A gateway VPC endpoint over all packets, mirroring `Simulation/Components/GatewayEndpoint.swift`.
extension PathEncoder {
    func gatewayEndpointPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                                      _ prefix: [PathCondition], _ hop: EdgeHop, routed: [RouteTarget]) -> [SymbolicPath] {
        var result: [SymbolicPath] = []
        // Routes to endpoints the walker cannot follow.
        for case .vpcEndpoint(let id) in routed {
            if let endpoint = network.vpcEndpoint(id), endpoint.isGateway || endpoint.endpointType == .gatewayLoadBalancer { continue }
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
    func gatewayEndpointCarries(_ packet: SymbolicPacket, toService: Bool) -> Term {
        let echo = toService ? ICMPMessage.echoRequest : ICMPMessage.echoReply
        return context.or([context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.tcp)),
                           context.and([context.equal(packet.ipProtocol, terms.protocolNumber(IPProtocolNumber.icmp)),
                                        context.equal(packet.icmpType, terms.protocolNumber(echo))])])
    }

    /// The exit of a path through a gateway endpoint that `vpcID` does not have yet.
    static func newEndpointExit(vpc vpcID: String) -> String { "new-gateway-endpoint:\(vpcID)" }

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
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why a gateway endpoint carries nothing: it is not available.
    func explainEndpointState(_ endpoint: VPCEndpoint) -> (String, BlockerCode, String) {
        (endpoint.id, .badState, PacketWalker.unavailableMessage(endpoint, named: network.nameSuffix(endpoint.id)))
    }

    /// Why a VPC reaches a service only through the internet: it has no gateway endpoint for it.
    func explainMissingEndpoint(vpc: String, service: String) -> (String, BlockerCode, String) {
        let list = network.servicePrefixList(service).map { " (prefix list \($0.id))" } ?? ""
        return (vpc, .noVPCEndpoint,
                "\(network.describeVPC(vpc)) has no gateway endpoint for \(service)\(list): without one, its addresses are reached only through the internet")
    }
}

// MARK: Fixes

extension FixDerivation {
    /// A new gateway endpoint for the service (create-vpc-endpoint; the route change associates the route table).
    mutating func missingEndpointChange(vpc: String, service: String, checkpoint: Checkpoint) -> FixChange {
        let id = newEndpointID(vpc: vpc, service: service)
        return FixChange(kind: .newEndpoint, checkpoint: checkpoint, component: id, leg: nil,
                         summary: "create a gateway endpoint (\(id)) for \(service) in \(vpc)\(network.nameSuffix(vpc))",
                         actions: [.createGatewayEndpoint(id: id, vpc: vpc, service: service)])
    }

    /// No call makes an endpoint available.
    func endpointStateChange(_ endpoint: VPCEndpoint) throws(Inexpressible) -> FixChange {
        throw Inexpressible("gateway endpoint \(endpoint.id) is \(endpoint.state): no call makes it available")
    }

    /// The synthetic id of the gateway endpoint this fix creates for a service in a VPC (the same for the endpoint and
    /// the route tables associated with it).
    mutating func newEndpointID(vpc: String, service: String) -> String {
        let key = "\(vpc)|\(service)"
        if let id = newEndpoints[key] { return id }
        let id = synthetic("vpce", taken: Set(network.vpcEndpoints.map(\.id)))
        newEndpoints[key] = id
        return id
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a gateway endpoint is available.
    func claimEndpointState(_ endpoint: VPCEndpoint) -> ([String], String, String) {
        let state = endpoint.isAvailable ? "" : "; it is \(endpoint.state), so this is false"
        return ([endpoint.id], "available", "gateway endpoint \(endpoint.id)\(network.nameSuffix(endpoint.id)) (\(endpoint.serviceName)) is available\(state)")
    }

    /// The claim that a VPC has a gateway endpoint for the service (it has none).
    func claimMissingEndpoint(vpc: String, service: String) -> ([String], String, String) {
        return ([vpc], "vpce", "\(vpc)\(network.nameSuffix(vpc)) has a gateway endpoint for \(service); it has none, so this is false")
    }
}

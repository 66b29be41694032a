import NetworkModel
import Simulation

extension BlockerExplanation {
    /// The sentence for a NAT gateway, appliance, gateway endpoint or VPN condition that fails for `packet`, with its
    /// AWS Reachability Analyzer code (PathProof's own where none fits: NO_VPC_ENDPOINT, NO_VPN_GATEWAY,
    /// NO_VPN_CONNECTION).
    func explainEdge(_ role: PathCondition.Role, packet: Packet) -> (String, String, String) {
        switch role {
        case .natGatewayState(let nat):
            let reason = nat.failureMessage.map { " (\($0))" } ?? ""
            return (nat.id, "BAD_STATE", "\(nat.id)\(edgeName(nat.id)) is \(nat.state)\(reason): only an available NAT gateway forwards traffic")

        case .sourceDestinationCheck(let interface):
            return (interface.id, "ENI_SOURCE_DEST_CHECK_RESTRICTION", walker.sourceDestinationCheckMessage(interface, packet))

        case .endpointState(let endpoint):
            return (endpoint.id, "BAD_STATE",
                    "\(endpoint.id)\(edgeName(endpoint.id)) (\(endpoint.serviceName)) is \(endpoint.state): only an available endpoint carries traffic")

        case .missingEndpoint(let vpc, let service):
            let list = network.servicePrefixList(service).map { " (prefix list \($0.id))" } ?? ""
            return (vpc, "NO_VPC_ENDPOINT",
                    "\(describeEdgeVPC(vpc)) has no gateway endpoint for \(service)\(list): without one, its addresses are reached only through the internet")

        case .vpnGatewayAttachment(let gateway, let vpc):
            let state = gateway.attachment(to: vpc)?.state ?? .detached
            return (gateway.id, "BAD_STATE_ATTACHMENT", "\(gateway.id)\(edgeName(gateway.id)) is not attached to \(vpc) (attachment \(state))")

        case .missingVPNGateway(let vpc):
            return (vpc, "NO_VPN_GATEWAY", "\(describeEdgeVPC(vpc)) has no virtual private gateway, so it exchanges no traffic with on premises")

        case .vpnGatewayState(let gateway):
            return (gateway.id, "BAD_STATE",
                    "\(gateway.id)\(edgeName(gateway.id)) is \(gateway.state): only an available virtual private gateway carries traffic")

        case .onPremisesLink(let gateway, let outbound):
            let explanation = OnPremisesExplanation(network: network, gateway: gateway.id,
                                                    vpcAddress: outbound ? packet.source : packet.destination,
                                                    remote: outbound ? packet.destination : packet.source)
            return (gateway.id, explanation.code, explanation.message(named: edgeName(gateway.id)))

        default:
            return ("unknown", "UNKNOWN", "not a NAT gateway, endpoint or VPN condition")
        }
    }

    /// A route's NAT gateway, endpoint, virtual private gateway or appliance target, as a blocker's sentence names it.
    func describeEdgeTarget(_ target: RouteTarget, _ packet: Packet) -> String {
        switch target {
        case .natGateway(let id): return "NAT gateway \(id)\(edgeName(id))"
        case .virtualPrivateGateway(let id): return "virtual private gateway \(id)\(edgeName(id)), which carries it on premises"
        case .vpcEndpoint(let id):
            guard let endpoint = network.vpcEndpoint(id), endpoint.isGateway else { return "endpoint \(id)" }
            let carried = VPCEndpoint.gatewayCarries(ipProtocol: packet.ipProtocol, icmpType: packet.icmpType, toService: true)
            return "gateway endpoint \(id)\(edgeName(id)) to \(endpoint.serviceName)" + (carried ? "" : ", which carries only TCP and ICMP echo requests there")
        case .networkInterface(let id), .instance(let id): return "appliance \(id)\(edgeName(id))"
        default: return target.description
        }
    }

    /// What a route toward a NAT gateway, appliance, endpoint or VPN gateway should reach, in a blocker's sentence.
    func edgeWanted(_ intent: RouteIntent, _ destination: IPAddress) -> String {
        switch intent {
        case .gatewayEndpoint(let id):
            let service = network.vpcEndpoint(id)?.serviceName
            return service.map { name in network.servicePrefixList(name).map { "\(name) (\($0.id))" } ?? name } ?? walker.destinationBlock(for: destination).description
        case .newGatewayEndpoint(let service):
            return network.servicePrefixList(service).map { "\(service) (\($0.id))" } ?? service
        case .vpnGateway, .newVPNGateway:
            return "\(destination) on premises"
        default:
            if network.vpcs.contains(where: { $0.contains(destination) }) || !InternetAddressSpace.isRoutable(destination) {
                return walker.destinationBlock(for: destination).description
            }
            return network.isInternetHost(destination) ? "the internet" : walker.destinationBlock(for: destination).description
        }
    }

    private func describeEdgeVPC(_ id: String) -> String {
        guard let vpc = network.vpc(id) else { return id }
        return "\(id)\(edgeName(id)) (\(vpc.cidrBlocks.map(\.description).joined(separator: ", ")))"
    }

    private func edgeName(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

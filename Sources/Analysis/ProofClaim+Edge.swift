import NetworkModel
import Simulation

extension ClaimBuilder {
    /// The manifest's kind of a NAT gateway, appliance, endpoint or VPN checkpoint.
    static func edgeKind(_ checkpoint: Checkpoint) -> String {
        switch checkpoint {
        case .natGatewayAvailable: "nat-gateway-available"
        case .sourceDestinationCheck: "source-destination-check"
        case .endpointAvailable: "endpoint-available"
        case .endpointMissing: "endpoint-missing"
        case .vpnGatewayAttached: "vpn-gateway-attached"
        case .vpnGatewayMissing: "vpn-gateway-missing"
        case .vpnGatewayAvailable: "vpn-gateway-available"
        case .onPremisesLink: "on-premises-link"
        default: "unknown"
        }
    }

    /// What a route table condition toward a NAT gateway, appliance, endpoint or virtual private gateway says.
    func describeEdgeRoute(_ table: RouteTable, _ intent: RouteIntent, head: String) -> ([String], String, String) {
        switch intent {
        case .natGateway(let id): ([table.id], "to \(id)", "\(head) to NAT gateway \(id)")
        case .appliance(let target): ([table.id], "to \(target.id)", "\(head) to appliance \(target.id)")
        case .gatewayEndpoint(let id): ([table.id], "to \(id)", "\(head) to gateway endpoint \(id)")
        case .newGatewayEndpoint(let service):
            ([table.id], "to new vpce", "\(head) to a gateway endpoint for \(service); its VPC has none, so this is false")
        case .vpnGateway(let id): ([table.id], "to \(id)", "\(head) to virtual private gateway \(id)")
        case .newVPNGateway: ([table.id], "to new vgw", "\(head) to a virtual private gateway; its VPC has none, so this is false")
        default: ([table.id], "", head)
        }
    }

    /// The AWS ids a NAT gateway, appliance, endpoint or VPN condition reads, a short word for the constant's name,
    /// and a plain sentence. `packet` is "the packet" or "the response".
    func describeEdge(_ role: PathCondition.Role, packet: String) -> ([String], String, String) {
        switch role {
        case .natGatewayState(let nat):
            let state = nat.isAvailable ? "" : "; it is \(nat.state), so this is false"
            return ([nat.id], "available", "NAT gateway \(nat.id)\(edgeName(nat.id)) is available\(state)")
        case .sourceDestinationCheck(let interface):
            let state = interface.sourceDestinationCheck ? "; it is on, so this is false" : ""
            return ([interface.id], "source/dest check off",
                    "network interface \(interface.id)\(edgeName(interface.id)) has its source/destination check off, so it forwards \(packet)\(state)")
        case .endpointState(let endpoint):
            let state = endpoint.isAvailable ? "" : "; it is \(endpoint.state), so this is false"
            return ([endpoint.id], "available", "gateway endpoint \(endpoint.id)\(edgeName(endpoint.id)) (\(endpoint.serviceName)) is available\(state)")
        case .missingEndpoint(let vpc, let service):
            return ([vpc], "vpce", "\(vpc)\(edgeName(vpc)) has a gateway endpoint for \(service); it has none, so this is false")
        case .vpnGatewayAttachment(let gateway, let vpc):
            let attached = gateway.attachment(to: vpc)?.isAttached ?? false
            return ([gateway.id], "attached", "virtual private gateway \(gateway.id)\(edgeName(gateway.id)) is attached to \(vpc)\(attached ? "" : "; it is not, so this is false")")
        case .missingVPNGateway(let vpc):
            return ([vpc], "vgw", "\(vpc)\(edgeName(vpc)) has a virtual private gateway; it has none, so this is false")
        case .vpnGatewayState(let gateway):
            let state = gateway.isAvailable ? "" : "; it is \(gateway.state), so this is false"
            return ([gateway.id], "available", "virtual private gateway \(gateway.id)\(edgeName(gateway.id)) is available\(state)")
        case .onPremisesLink(let gateway, let outbound):
            let links = network.onPremisesLinks(of: gateway.id)
            let working = links.filter(\.isUp).map(\.id)
            let over = working.isEmpty ? "; it has no working VPN connection or virtual interface, so this is false" : " (over \(working.joined(separator: ", ")))"
            return ([gateway.id] + links.map(\.id), "link", "virtual private gateway \(gateway.id)\(edgeName(gateway.id)) carries \(packet) \(outbound ? "to" : "from") on premises\(over)")
        default:
            return (["fact"], "", "not a NAT gateway, endpoint or VPN condition")
        }
    }

    private func edgeName(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

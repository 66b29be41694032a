import NetworkModel
import Simulation

/// Turns a failed path condition, evaluated on a concrete packet, into a blocker sentence.
struct BlockerExplanation {
    let network: Network
    let walker: PacketWalker

    func blocker(for condition: PathCondition, checkpoint: Checkpoint, packet: Packet, leg: Leg) -> Blocker {
        let (component, code, message) = explain(condition.role, checkpoint: checkpoint, packet: packet)
        return Blocker(checkpoint: checkpoint, component: component, code: code, direction: checkpoint.direction,
                       leg: checkpoint.leg ?? leg, message: message)
    }

    private func explain(_ role: PathCondition.Role, checkpoint: Checkpoint, packet: Packet) -> (String, String, String) {
        switch role {
        case .fact:
            return (checkpoint.component, "UNKNOWN", "\(checkpoint) fails")

        case .liveness(let interface):
            if let instanceID = interface.instanceID, let instance = network.instance(instanceID) {
                return (instanceID, "BAD_STATE",
                        "instance \(instanceID)\(named(instanceID)) is \(instance.state): only a running instance sends or receives traffic")
            }
            return (interface.id, "BAD_STATE", "network interface \(interface.id) is \(interface.status), not attached to anything")

        case .securityGroups(let interface, let direction):
            let groups = interface.securityGroupIDs
            let component = groups.count == 1 ? groups[0] : interface.id
            let label = groups.count == 1 ? "SG \(groups[0])" : groups.isEmpty ? "\(interface.id), which has no SG," : "SGs \(groups.joined(separator: ", "))"
            let decision = walker.securityGroupDecision(interface, direction, packet)
            let reason = decision.allowed ? "its rules do not allow \(packet.protocolDescription)" : decision.detail
            return (component, "ENI_SG_RULES_MISMATCH", "blocked by \(label) \(direction): \(reason)")

        case .networkACL(let acl, let direction, let subnet):
            let decision = walker.networkACLDecision(acl, direction, packet)
            return (acl.id, "SUBNET_ACL_RESTRICTION", "blocked by network ACL \(decision.detail) (subnet \(subnet)\(named(subnet)))")

        case .route(let table, let intent):
            return explainRoute(table, intent, packet)

        case .transitGatewayState, .transitGatewayAttachmentState, .transitGatewayAttachmentZone, .transitGatewayAssociation,
             .transitGatewayRoute:
            return explainTransitGateway(role, packet: packet)

        case .natGatewayState, .sourceDestinationCheck, .endpointState, .missingEndpoint, .vpnGatewayAttachment, .missingVPNGateway,
             .vpnGatewayState, .onPremisesLink:
            return explainEdge(role, packet: packet)

        case .peeringState(let connection):
            var message = "\(connection.id)\(named(connection.id)) is \(connection.status): only an active peering connection carries traffic"
            if connection.status == .pendingAcceptance {
                message += "; the accepter VPC \(connection.accepter.vpcID) must accept it"
            }
            return (connection.id, "BAD_STATE", message)

        case .missingPeering(let from, let to):
            return (from, "NO_PEERING_CONNECTION",
                    "no peering connection joins \(describeVPC(from)) and \(describeVPC(to)): traffic between two VPCs needs one, active, with routes on both sides")

        case .gatewayAttachment(let gateway, let vpc):
            let state = (network.internetGateway(gateway)?.attachment(to: vpc) ?? network.egressOnlyInternetGateway(gateway)?.attachment(to: vpc))?.state ?? .detached
            return (gateway, "BAD_STATE_ATTACHMENT", "\(gateway)\(named(gateway)) is not attached to \(vpc) (attachment \(state))")

        case .missingGateway(let vpc):
            if packet.family == .ipv6, network.vpc(vpc)?.contains(packet.destination) == true {
                return (vpc, "NO_INTERNET_GATEWAY", walker.noInternetGatewayMessage(vpc: vpc, destination: packet.destination))
            }
            return (vpc, "NO_INTERNET_GATEWAY", "\(describeVPC(vpc)) has no internet gateway, so it exchanges no traffic with the internet")

        case .publicAddress(let interface, let address, let ingress):
            let owner = interface.instanceID.map { " (\($0)\(named($0)))" } ?? ""
            if ingress {
                return (interface.id, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                        "\(interface.id)\(owner) has no public IPv4 address for \(address) (neither an auto-assigned public IP nor an Elastic IP), so nothing on the internet can address it")
            }
            return (interface.id, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
                    "\(interface.id)\(owner) has no public IPv4 address for \(address) (neither an auto-assigned public IP nor an Elastic IP), so its traffic cannot use the internet gateway")
        }
    }

    private func explainRoute(_ table: RouteTable, _ intent: RouteIntent, _ packet: Packet) -> (String, String, String) {
        let destination = packet.destination
        let wanted: String
        switch intent {
        case .local, .peering, .newPeering, .transitGateway: wanted = walker.destinationBlock(for: destination).description
        case .internetGateway, .newInternetGateway, .egressOnlyGateway: wanted = "the internet"
        case .natGateway, .appliance, .gatewayEndpoint, .newGatewayEndpoint, .vpnGateway, .newVPNGateway: wanted = edgeWanted(intent, destination)
        }
        let head = "no route to \(wanted) in \(table.id)\(named(table.id))"
        guard let entry = walker.route(in: table, for: destination) else {
            return (table.id, "NO_ROUTE_TO_DESTINATION", "\(head): none of its routes matches \(destination)")
        }
        let routeName = entry.prefix.length == 0 ? "its default route" : "its route \(entry.route.destination)"
        guard entry.route.isActive else {
            return (table.id, "BAD_STATE_ROUTE", "\(head): \(routeName) to \(entry.route.target) is a blackhole (its target no longer exists)")
        }
        switch entry.route.target {
        case .internetGateway(let id):
            if !InternetAddressSpace.isRoutable(destination) {
                return (table.id, "NO_ROUTE_TO_DESTINATION",
                        "\(head): \(routeName) sends the packet to \(id), which \(InternetAddressSpace.refusal(destination))")
            }
            return (table.id, "NO_ROUTE_TO_DESTINATION", "\(head): \(routeName) sends the packet to \(id)")
        case .egressOnlyInternetGateway(let id):
            if case .internetGateway = intent {
                return (table.id, "EGRESS_ONLY_INBOUND_CONNECTION",
                        "\(head): \(routeName) sends the packet to \(id), which is egress-only: it carries out only connections started inside the VPC, not responses to connections from the internet")
            }
            return (table.id, "NO_ROUTE_TO_DESTINATION", "\(head): \(routeName) sends the packet to \(id)")
        case .peeringConnection(let id):
            if let connection = network.peeringConnection(id), let peer = connection.peer(of: table.vpcID) {
                let blocks = network.peerCIDRBlocks(of: connection, from: table.vpcID)
                if !blocks.contains(where: { $0.contains(destination) }) {
                    return (table.id, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                            "\(head): \(routeName) sends the packet to \(id), which only delivers to addresses in \(peer.vpcID) (\(blocks.map(\.description).joined(separator: ", "))); peering is not transitive")
                }
            }
            return (table.id, "NO_ROUTE_TO_DESTINATION", "\(head): \(routeName) sends the packet to \(id)")
        case .natGateway, .vpcEndpoint, .virtualPrivateGateway, .networkInterface, .instance:
            return (table.id, "NO_ROUTE_TO_DESTINATION", "\(head): \(routeName) sends the packet to \(describeEdgeTarget(entry.route.target, packet))")
        default:
            return (table.id, "NO_ROUTE_TO_DESTINATION", "\(head): \(routeName) sends the packet to \(entry.route.target)")
        }
    }

    private func describeVPC(_ id: String) -> String {
        guard let vpc = network.vpc(id) else { return id }
        let blocks = vpc.cidrBlocks.map(\.description).joined(separator: ", ")
        return "\(id)\(named(id)) (\(blocks))"
    }

    private func named(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

import NetworkModel

/// A VPC peering connection (route target `pcx-…`): it must be active, and it delivers only to addresses in the
/// peer VPC's CIDR blocks that the peering carries (`Network.peerCIDRBlocks`): peering is not transitive, so
/// nothing goes on from the peer VPC to a third network (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR). The sender subnet's
/// network ACL applies outbound and the receiver's inbound.
extension PacketWalker {
    /// Why a peering connection does not carry a packet to `destination`'s block (after "no route to … in rtb-…: ").
    public static func nonTransitiveMessage(routeName: String, connection: String, peerVPC: String, blocks: [IPPrefix]) -> String {
        "\(routeName) sends the packet to \(connection), which only delivers to addresses in \(peerVPC) (\(blocks.map(\.description).joined(separator: ", "))); peering is not transitive"
    }

    /// Why a peering connection that is not active carries nothing.
    public static func inactivePeeringMessage(_ connection: VPCPeeringConnection, named: String) -> String {
        "\(connection.id)\(named) is \(connection.status): only an active peering connection carries traffic"
    }
}

extension Trip {
    mutating func peeringConnection(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                                    table: RouteTable) -> Walk.Outcome {
        guard let connection = network.peeringConnection(id) else {
            return .dropped(Drop(.routeTable(table.id, leg), code: .badStateRoute,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(table.id): \(routeName(table, packet)) sends the packet to \(id), which is not in the snapshot"))
        }
        guard connection.isActive else {
            return .dropped(Drop(.peeringActive(id), code: .badState, message: PacketWalker.inactivePeeringMessage(connection, named: "")))
        }
        guard let peer = connection.peer(of: sender.vpcID) else { return .unsupported("\(id) does not join \(sender.vpcID)") }
        let peerBlocks = network.peerCIDRBlocks(of: connection, from: sender.vpcID)
        guard peerBlocks.contains(where: { $0.contains(packet.destination) }) else {
            return .dropped(Drop(.routeTable(table.id, leg), code: .peeringRequiresAddressInVPCCIDR,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(table.id): " + PacketWalker.nonTransitiveMessage(
                                    routeName: routeName(table, packet), connection: id, peerVPC: peer.vpcID, blocks: peerBlocks)))
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        hops.append(Hop(component: id, kind: .peeringConnection, detail: "active peering to \(peer.vpcID)"))
        guard let receiver = network.networkInterface(privateAddress: packet.destination), receiver.vpcID == peer.vpcID else {
            return .dropped(Drop(nil, component: id, code: .noPossibleDestination,
                                 message: "no network interface in \(peer.vpcID) has the address \(packet.destination)"))
        }
        if let drop = crossACL(packet, subnet: receiver.subnetID, .inbound) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }
}

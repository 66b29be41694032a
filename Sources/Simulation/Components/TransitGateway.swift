import NetworkModel

/// The transit gateway hop of a walk: from a VPC route to a transit gateway, through the sender VPC's
/// attachment, the route table it is associated with, maybe a peering attachment to a second transit gateway
/// and its route table, to a VPC attachment that delivers into its VPC.
///
/// The rules, as AWS documents them:
/// - The sender's VPC needs an attachment to the transit gateway with a subnet in the sender's availability zone
///   (TGW_ROUTE_AZ_RESTRICTION); both the transit gateway and the attachment must be available.
/// - Network ACLs: the sender subnet's outbound rules, then the inbound rules of the attachment subnet the packet
///   enters by (even when it is the sender's own subnet); on the far side the outbound rules of the attachment
///   subnet it leaves by and the inbound rules of the receiver's subnet, neither when they are the same subnet.
/// - The transit gateway route table associated with the attachment the packet comes in by decides, longest
///   prefix first, static before propagated; a blackhole route drops, no route drops, an attachment with no
///   association drops.
/// - A VPC attachment delivers by its subnet in the zone the packet came from, else by its first subnet; that
///   subnet's route table then routes the packet inside the VPC (the local route to the receiver).
/// - A peering attachment hands the packet to the other transit gateway, whose route table associated with the
///   peering attachment decides there. One peering hop; more, and attachments of other kinds (Connect, network
///   function), are not modelled: the walk ends unsupported, as it does when a route table takes routes
///   propagated from something the snapshot does not describe.
/// - A VPN or Direct Connect gateway attachment leads on premises (`TransitGatewayOnPremises.swift`).
extension PacketWalker {
    /// Why a transit gateway that is not available forwards nothing.
    public static func unavailableMessage(_ gateway: TransitGateway, named: String) -> String {
        "\(gateway.id)\(named) is \(gateway.state): only an available transit gateway forwards traffic"
    }

    /// Why an attachment that is not available carries nothing (`label`: with what it attaches, in parentheses).
    public static func unavailableMessage(_ attachment: TransitGatewayAttachment, named: String, label: Bool) -> String {
        let what = label ? " (\(attachmentLabel(attachment)))" : ""
        return "\(attachment.id)\(named)\(what) is \(attachment.state): only an available attachment carries traffic"
    }

    /// Why a transit gateway attachment's network interface is no end of traffic, as a sender (`sends`) or as a
    /// receiver.
    public static func attachmentInterfaceMessage(_ interface: NetworkInterface, named: String, sends: Bool) -> String {
        "\(interface.id)\(named) is a transit gateway attachment's network interface: it only carries its VPC's traffic to and " +
            "from the transit gateway, and \(sends ? "starts" : "accepts") no connections"
    }

    /// "vpc-1 to tgw-1", "peering of tgw-1 with tgw-2", "vpn vpn-1 to tgw-1".
    public static func attachmentLabel(_ attachment: TransitGatewayAttachment) -> String {
        if attachment.isVPC { return "\(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)" }
        if attachment.isPeering { return "peering of \(attachment.transitGatewayID) with \(attachment.resourceID ?? "?")" }
        return "\(attachment.resourceType) \(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)"
    }
}

extension Trip {
    mutating func transitGateway(_ id: String, _ packet: Packet, fromSubnet subnetID: String, sender: NetworkInterface,
                                 table: RouteTable) -> Walk.Outcome {
        guard let gateway = network.transitGateway(id) else {
            return .unsupported("\(table.id) sends the packet to \(id), which the snapshot does not describe (describe-transit-gateways)")
        }
        guard let attachment = network.transitGatewayAttachment(ofVPC: sender.vpcID, on: id) else {
            return .unsupported("\(table.id) sends the packet to \(id), but the snapshot describes no attachment of \(sender.vpcID) to it (describe-transit-gateway-vpc-attachments)")
        }
        guard !attachment.subnetIDs.isEmpty else {
            return .unsupported("the snapshot lists no subnets of \(attachment.id) (describe-transit-gateway-vpc-attachments)")
        }
        guard gateway.isAvailable else {
            return .dropped(Drop(.transitGatewayAvailable(id), code: .badState, message: PacketWalker.unavailableMessage(gateway, named: name(id))))
        }
        guard attachment.carriesTraffic else {
            return .dropped(Drop(.transitGatewayAttachmentAvailable(attachment.id), code: .badState,
                                 message: PacketWalker.unavailableMessage(attachment, named: name(attachment.id), label: true)))
        }
        let zone = network.subnet(subnetID)?.availabilityZone
        guard let entry = network.transitGatewayEntrySubnet(attachment, zone: zone) else {
            return .dropped(Drop(.transitGatewayAttachmentZone(attachment.id, zone: zone ?? "?"), code: .transitGatewayRouteZoneRestriction,
                                 message: "\(attachment.id)\(name(attachment.id)) has no subnet in \(zone ?? "?"), where \(subnetID) is, so nothing there reaches \(id) (the attachment needs a subnet in every zone that sends through it)"))
        }
        if let drop = crossACL(packet, subnet: subnetID, .outbound) { return .dropped(drop) }
        if let drop = crossACL(packet, subnet: entry, .inbound) { return .dropped(drop) }
        hops.append(Hop(component: attachment.id, kind: .transitGatewayAttachment,
                        detail: "enters \(id) from \(sender.vpcID) by the attachment's interface in \(entry)"))
        return throughTransitGateway(packet, gateway: id, ingress: attachment, entryZone: zone, peeringHops: 0)
    }

    /// The packet inside transit gateway `gatewayID`, come in by `ingress`.
    mutating func throughTransitGateway(_ packet: Packet, gateway gatewayID: String, ingress: TransitGatewayAttachment,
                                                entryZone: String?, peeringHops: Int) -> Walk.Outcome {
        guard let tableID = ingress.associatedRouteTableID else {
            return .dropped(Drop(.transitGatewayAssociation(attachment: ingress.id, gateway: gatewayID), code: .transitGatewayAttachmentMissingRouteTableAssociation,
                                 message: "\(ingress.id)\(name(ingress.id)) is associated with no route table of \(gatewayID), so \(gatewayID) routes nothing that comes in by it"))
        }
        guard let table = network.transitGatewayRouteTable(tableID) else {
            return .unsupported("\(ingress.id) is associated with \(tableID), which the snapshot does not describe (describe-transit-gateway-route-tables)")
        }
        let unknown = network.transitGatewayUnknownRoutes(of: table)
        guard unknown.isEmpty else {
            return .unsupported("\(table.id) takes routes propagated from \(unknown.joined(separator: ", ")), which the snapshot does not list")
        }
        let checkpoint = Checkpoint.transitGatewayRouteTable(table.id, leg)
        guard let entry = network.transitGatewayRoute(in: table, for: packet.destination) else {
            return .dropped(Drop(checkpoint, code: .transitGatewayRouteTableCannotRoute,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(table.id)\(name(table.id)): none of its routes matches \(packet.destination)"))
        }
        let routeName = entry.prefix.length == 0 ? "its default route" : "its route \(entry.prefix)"
        guard !entry.route.isBlackhole, let targetID = entry.route.attachmentIDs.first else {
            return .dropped(Drop(checkpoint, code: .transitGatewayRouteTableBadStateRoute,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(table.id)\(name(table.id)): \(routeName) is a blackhole"))
        }
        guard entry.route.attachmentIDs.count == 1 else {
            return .unsupported("\(table.id) spreads \(entry.prefix) over several attachments (equal-cost routes), which PathProof does not model yet")
        }
        guard let target = network.transitGatewayAttachment(targetID, on: gatewayID) else {
            return .unsupported("\(table.id) sends the packet to \(targetID), which the snapshot does not describe (describe-transit-gateway-attachments)")
        }
        hops.append(Hop(component: table.id, kind: .transitGatewayRouteTable,
                        detail: "route \(entry.prefix) → \(targetID) (\(target.resourceType) \(target.resourceID ?? "?"))"))
        guard target.carriesTraffic else {
            return .dropped(Drop(.transitGatewayAttachmentAvailable(target.id), code: .badState,
                                 message: PacketWalker.unavailableMessage(target, named: name(target.id), label: false)))
        }
        if target.isPeering {
            guard peeringHops == 0, let peerEnd = network.transitGatewayPeerEnd(of: target),
                  let peer = network.transitGateway(peerEnd.transitGatewayID) else {
                return .unsupported("\(table.id) sends the packet over \(target.id) to \(target.resourceID ?? "another transit gateway"), which PathProof cannot follow (not described, or a second peering hop)")
            }
            guard peer.isAvailable else {
                return .dropped(Drop(.transitGatewayAvailable(peer.id), code: .badState, message: PacketWalker.unavailableMessage(peer, named: name(peer.id))))
            }
            guard peerEnd.carriesTraffic else {
                return .dropped(Drop(.transitGatewayAttachmentAvailable(peerEnd.id), code: .badState,
                                     message: PacketWalker.unavailableMessage(peerEnd, named: name(peerEnd.id), label: false)))
            }
            hops.append(Hop(component: target.id, kind: .transitGatewayAttachment, detail: "peering from \(gatewayID) to \(peer.id)"))
            return throughTransitGateway(packet, gateway: peer.id, ingress: peerEnd, entryZone: entryZone, peeringHops: peeringHops + 1)
        }
        if network.isOnPremisesAttachment(target) { return toOnPremises(packet, by: target, table: table) }
        guard target.isVPC, let vpcID = target.vpcID, let vpc = network.vpc(vpcID) else {
            return .unsupported("\(table.id) sends the packet to \(target.id) (\(target.resourceType) \(target.resourceID ?? "?")), which PathProof does not model yet")
        }
        guard let exit = network.transitGatewayExitSubnet(target, entryZone: entryZone), let exitTable = network.routeTable(forSubnet: exit) else {
            return .unsupported("the snapshot lists no subnet (with a route table) of \(target.id) (describe-transit-gateway-vpc-attachments)")
        }
        let inside = walker.route(in: exitTable, for: packet.destination)
        guard vpc.contains(packet.destination) else {
            if let inside, inside.route.isActive, !PacketWalker.dropsTransit(inside.route.target) {
                return .unsupported("\(exitTable.id) in \(vpcID) sends the packet on to \(inside.route.target) after \(gatewayID): traffic through a VPC is not modelled yet")
            }
            return .dropped(Drop(checkpoint, code: .transitGatewayRouteTableCannotRoute,
                                 message: "no route to \(walker.destinationBlock(for: packet.destination)) in \(table.id)\(name(table.id)): \(routeName) sends the packet to \(target.id) (\(vpcID)), which does not hold \(packet.destination)"))
        }
        let exitCheckpoint = Checkpoint.routeTable(exitTable.id, leg)
        guard let inside else {
            return .dropped(Drop(exitCheckpoint, code: .noRouteToDestination,
                                 message: "no route to \(packet.destination) in \(exitTable.id)\(name(exitTable.id)): none of its routes matches it"))
        }
        guard inside.route.isActive else {
            return .dropped(Drop(exitCheckpoint, code: .badStateRoute,
                                 message: "no route to \(packet.destination) in \(exitTable.id)\(name(exitTable.id)): its route \(inside.route.destination) to \(inside.route.target) is a blackhole (its target no longer exists)"))
        }
        guard inside.route.target == .local else {
            return .unsupported("\(exitTable.id) in \(vpcID) sends the packet to \(inside.route.target) after \(gatewayID), a target PathProof does not model there yet")
        }
        hops.append(Hop(component: target.id, kind: .transitGatewayAttachment, detail: "leaves \(gatewayID) into \(vpcID) by the attachment's interface in \(exit)"))
        hops.append(Hop(component: exitTable.id, kind: .routeTable, detail: "route \(inside.route.destination) → local"))
        guard let receiver = network.networkInterface(owning: packet.destination, inVPC: vpcID) else {
            return .dropped(Drop(nil, component: target.id, code: .noPossibleDestination,
                                 message: "no network interface in \(vpcID) has the address \(packet.destination)"))
        }
        if let drop = crossACLs(packet, from: exit, to: receiver.subnetID) { return .dropped(drop) }
        return deliver(packet, to: receiver)
    }
}

extension PacketWalker {
    /// Route targets that drop a packet that came from a transit gateway and is not for the VPC: an internet
    /// gateway carries only the traffic of the VPC's own interfaces.
    public static func dropsTransit(_ target: RouteTarget) -> Bool {
        if case .internetGateway = target { return true }
        return false
    }
}

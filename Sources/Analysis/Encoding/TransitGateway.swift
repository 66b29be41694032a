import NetworkModel
import Simulation
import SMT

/// Candidate paths through transit gateways, mirroring `Trip.transitGateway` in the walker step by step: the VPC
/// route to the transit gateway, the gateway's and the attachment's state, the attachment's subnet in the sender's
/// zone, the network ACLs on the way in, the route table associated with the attachment (the one association, or
/// for an attachment without one, each route table it could be associated with), maybe one peering hop, and the
/// VPC attachment that delivers into the receiver's VPC, with the route table of its subnet and the network ACLs
/// on the way out.
///
/// Where the walker would stop unsupported (a transit gateway or attachment the snapshot does not describe,
/// routes it cannot know, an attachment of a kind PathProof does not model, traffic sent on through a VPC), an
/// unsupported path carries the conditions that lead there, so that such packets give no verdict.
extension PathEncoder {
    func transitGatewayPaths(from interface: NetworkInterface, table: RouteTable, _ prefix: [PathCondition], _ packet: SymbolicPacket,
                             to destination: Endpoint, leg: Leg) -> [SymbolicPath] {
        var gatewayIDs: [String] = []
        for route in table.routes where route.isActive {
            if case .transitGateway(let id) = route.target, !gatewayIDs.contains(id) { gatewayIDs.append(id) }
        }
        let routed = Set(gatewayIDs)
        if includesHypotheticalPaths {
            for id in network.transitGatewayIDs(attachedTo: interface.vpcID) where !gatewayIDs.contains(id) { gatewayIDs.append(id) }
        }
        var walk = TransitGatewayWalk(encoder: self, packet: packet, destination: destination, leg: leg)
        for id in gatewayIDs {
            var conditions = prefix
            conditions.append(route(table, packet, .transitGateway(id), leg))
            guard let gateway = network.transitGateway(id), let attachment = network.transitGatewayAttachment(ofVPC: interface.vpcID, on: id),
                  !attachment.subnetIDs.isEmpty else {
                if routed.contains(id) {
                    walk.unsupported(conditions, "\(table.id) sends the packet to \(id), whose attachment of \(interface.vpcID) the snapshot does not describe")
                }
                continue
            }
            var explore = routed.contains(id) && gateway.isAvailable && attachment.carriesTraffic
            conditions.append(PathCondition(term: context.boolean(gateway.isAvailable), checkpoint: .transitGatewayAvailable(id),
                                            role: .transitGatewayState(gateway), packet: packet))
            conditions.append(PathCondition(term: context.boolean(attachment.carriesTraffic), checkpoint: .transitGatewayAttachmentAvailable(attachment.id),
                                            role: .transitGatewayAttachmentState(attachment), packet: packet))
            let zone = network.subnet(interface.subnetID)?.availabilityZone
            let entry: String
            if let subnet = network.transitGatewayEntrySubnet(attachment, zone: zone) {
                entry = subnet
            } else {
                guard includesHypotheticalPaths else { continue }
                // The path a fix opens: the attachment gets the sender's subnet in that zone.
                conditions.append(PathCondition(term: context.boolean(false), checkpoint: .transitGatewayAttachmentZone(attachment.id, zone: zone ?? "?"),
                                                role: .transitGatewayAttachmentZone(attachment, subnet: interface.subnetID, zone: zone ?? "?"), packet: packet))
                entry = interface.subnetID
                explore = false
            }
            conditions += acl(interface.subnetID, .outbound, packet, leg)
            conditions += acl(entry, .inbound, packet, leg)
            walk.through(id, ingress: attachment, conditions, entryZone: zone, peeringHops: 0, explore: explore)
        }
        return walk.paths
    }
}

/// The paths of one packet through transit gateways, built hop by hop.
private struct TransitGatewayWalk {
    let encoder: PathEncoder
    let packet: SymbolicPacket
    let destination: Endpoint
    let leg: Leg
    var paths: [SymbolicPath] = []

    var network: Network { encoder.network }
    var context: SMTContext { encoder.context }

    init(encoder: PathEncoder, packet: SymbolicPacket, destination: Endpoint, leg: Leg) {
        self.encoder = encoder
        self.packet = packet
        self.destination = destination
        self.leg = leg
    }

    /// The receiver when the destination is an interface addressed by its private addresses.
    var receiver: NetworkInterface? {
        guard case .interface(let id, _) = destination else { return nil }
        return network.networkInterface(id)
    }

    mutating func unsupported(_ conditions: [PathCondition], _ reason: String) {
        paths.append(SymbolicPath(conditions: conditions, packet: packet, end: .unsupported(reason), leg: leg))
    }

    /// The packet inside `gatewayID`, come in by `ingress`. `explore`: every condition so far can hold as the
    /// configuration stands, so the unsupported continuations matter (on hypothetical paths they cannot hold).
    mutating func through(_ gatewayID: String, ingress: TransitGatewayAttachment, _ conditions: [PathCondition],
                          entryZone: String?, peeringHops: Int, explore: Bool) {
        var tables: [(TransitGatewayRouteTable, [PathCondition])] = []
        var explore = explore
        if let tableID = ingress.associatedRouteTableID {
            guard let table = network.transitGatewayRouteTable(tableID) else {
                if explore { unsupported(conditions, "\(ingress.id) is associated with \(tableID), which the snapshot does not describe") }
                return
            }
            tables = [(table, [])]
        } else {
            guard encoder.includesHypotheticalPaths else { return }
            explore = false
            for table in network.transitGatewayRouteTables(of: gatewayID) {
                tables.append((table, [PathCondition(term: context.boolean(false),
                                                     checkpoint: .transitGatewayAssociation(attachment: ingress.id, gateway: gatewayID),
                                                     role: .transitGatewayAssociation(ingress, table: table), packet: packet)]))
            }
        }
        for (table, association) in tables {
            let reached = conditions + association
            let unknown = network.transitGatewayUnknownRoutes(of: table)
            guard unknown.isEmpty else {
                if explore { unsupported(reached, "\(table.id) takes routes propagated from \(unknown.joined(separator: ", ")), which the snapshot does not list") }
                continue
            }
            if explore, network.transitGatewayRoutingEntries(of: table).contains(where: { $0.route.attachmentIDs.count > 1 }) {
                unsupported(reached + [encoder.fact(encoder.filters.transitGatewayRoutesToSeveral(table, packet.destination), packet)],
                            "\(table.id) spreads the destination over several attachments (equal-cost routes), which PathProof does not model yet")
            }
            for targetID in targets(of: table, gateway: gatewayID, peeringHops: peeringHops) {
                let routes = encoder.filters.transitGatewayRoutes(table, packet.destination, toAttachment: targetID)
                guard let target = network.transitGatewayAttachment(targetID, on: gatewayID) else {
                    if explore { unsupported(reached + [encoder.fact(routes, packet)], "\(table.id) sends the packet to \(targetID), which the snapshot does not describe") }
                    continue
                }
                var next = reached
                next.append(PathCondition(term: routes, checkpoint: .transitGatewayRouteTable(table.id, leg),
                                          role: .transitGatewayRoute(table, target: target), packet: packet))
                next.append(PathCondition(term: context.boolean(target.carriesTraffic), checkpoint: .transitGatewayAttachmentAvailable(target.id),
                                          role: .transitGatewayAttachmentState(target), packet: packet))
                let onward = explore && target.carriesTraffic
                if target.isPeering {
                    guard peeringHops == 0, let peerEnd = network.transitGatewayPeerEnd(of: target), let peer = network.transitGateway(peerEnd.transitGatewayID) else {
                        if onward { unsupported(next, "\(table.id) sends the packet over \(target.id), which PathProof cannot follow") }
                        continue
                    }
                    next.append(PathCondition(term: context.boolean(peer.isAvailable), checkpoint: .transitGatewayAvailable(peer.id),
                                              role: .transitGatewayState(peer), packet: packet))
                    next.append(PathCondition(term: context.boolean(peerEnd.carriesTraffic), checkpoint: .transitGatewayAttachmentAvailable(peerEnd.id),
                                              role: .transitGatewayAttachmentState(peerEnd), packet: packet))
                    through(peer.id, ingress: peerEnd, next, entryZone: entryZone, peeringHops: peeringHops + 1,
                            explore: onward && peer.isAvailable && peerEnd.carriesTraffic)
                } else if target.isVPC, let vpcID = target.vpcID, let vpc = network.vpc(vpcID) {
                    deliver(into: vpc, by: target, next, entryZone: entryZone, gatewayID: gatewayID, explore: onward)
                } else if onward {
                    unsupported(next, "\(table.id) sends the packet to \(target.id) (\(target.resourceType) \(target.resourceID ?? "?")), which PathProof does not model yet")
                }
            }
        }
    }

    /// The attachments a route table's decision could pick on the way to the destination: every attachment its
    /// routes name (where the walker could go), and the ones that lead to the receiver's VPC (directly, or over a
    /// peering attachment to a gateway the VPC is attached to), which a missing route would need.
    private func targets(of table: TransitGatewayRouteTable, gateway gatewayID: String, peeringHops: Int) -> [String] {
        var result: [String] = []
        for entry in network.transitGatewayRoutingEntries(of: table) where !entry.route.isBlackhole && entry.route.attachmentIDs.count == 1 {
            if !result.contains(entry.route.attachmentIDs[0]) { result.append(entry.route.attachmentIDs[0]) }
        }
        guard encoder.includesHypotheticalPaths, let receiver else { return result }
        if let direct = network.transitGatewayAttachment(ofVPC: receiver.vpcID, on: gatewayID), !result.contains(direct.id) {
            result.append(direct.id)
        }
        guard peeringHops == 0 else { return result }
        for end in network.transit.attachments where end.transitGatewayID == gatewayID && end.isPeering && !result.contains(end.id) {
            guard let peerEnd = network.transitGatewayPeerEnd(of: end),
                  network.transitGatewayAttachment(ofVPC: receiver.vpcID, on: peerEnd.transitGatewayID) != nil else { continue }
            result.append(end.id)
        }
        return result
    }

    /// The packet leaves the transit gateway into `vpc` by the VPC attachment `target`.
    private mutating func deliver(into vpc: VPC, by target: TransitGatewayAttachment, _ conditions: [PathCondition], entryZone: String?,
                                  gatewayID: String, explore: Bool) {
        guard let exit = network.transitGatewayExitSubnet(target, entryZone: entryZone), let exitTable = network.routeTable(forSubnet: exit) else {
            if explore { unsupported(conditions, "the snapshot lists no subnet (with a route table) of \(target.id)") }
            return
        }
        let inside = encoder.terms.isIn(packet.destination, any: vpc.cidrBlocks)
        if explore {
            var seen: [RouteTarget] = []
            for route in exitTable.routes where route.isActive && !seen.contains(route.target) {
                seen.append(route.target)
                // For the VPC: anything but the local route goes on somewhere. Not for it: anything but an
                // internet gateway (which drops it) carries it on through the VPC.
                var cases: [Term] = []
                if route.target != .local { cases.append(inside) }
                if !PacketWalker.dropsTransit(route.target) { cases.append(context.not(inside)) }
                guard !cases.isEmpty else { continue }
                unsupported(conditions + [encoder.fact(context.and([context.or(cases), encoder.filters.routes(exitTable, packet.destination, to: route.target)]), packet)],
                            "\(exitTable.id) in \(vpc.id) sends the packet on to \(route.target) after \(gatewayID): traffic through a VPC is not modelled yet")
            }
        }
        guard let receiver, receiver.vpcID == vpc.id else { return }
        var delivery = conditions
        delivery.append(encoder.route(exitTable, packet, .local(vpc: vpc.id), leg))
        delivery.append(encoder.fact(encoder.terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
        if receiver.subnetID != exit {
            delivery += encoder.acl(exit, .outbound, packet, leg)
            delivery += encoder.acl(receiver.subnetID, .inbound, packet, leg)
        }
        paths.append(encoder.deliver(packet, to: receiver, leg: leg, delivery))
    }
}

extension FilterEncoding {
    /// Whether a transit gateway route table's forwarding decision for the destination (longest prefix first,
    /// static before propagated) is a route to exactly the attachment `attachmentID`.
    func transitGatewayRoutes(_ table: TransitGatewayRouteTable, _ destination: Term, toAttachment attachmentID: String) -> Term {
        cached("tgw-rtb|\(table.id)|\(attachmentID)", [destination]) {
            transitGatewayDecision(table, destination) { !$0.isBlackhole && $0.attachmentIDs == [attachmentID] }
        }
    }

    /// Whether the decision is an equal-cost route to several attachments.
    func transitGatewayRoutesToSeveral(_ table: TransitGatewayRouteTable, _ destination: Term) -> Term {
        cached("tgw-rtb|\(table.id)|ecmp", [destination]) {
            transitGatewayDecision(table, destination) { !$0.isBlackhole && $0.attachmentIDs.count > 1 }
        }
    }

    private func transitGatewayDecision(_ table: TransitGatewayRouteTable, _ destination: Term, _ selected: (TransitGatewayRoute) -> Bool) -> Term {
        var decision = context.boolean(false)
        for entry in network.transitGatewayRoutingEntries(of: table).reversed() {
            decision = context.ite(terms.isIn(destination, entry.prefix), context.boolean(selected(entry.route)), decision)
        }
        return decision
    }
}

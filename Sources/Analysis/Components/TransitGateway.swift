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
struct TransitGatewayWalk {
    let encoder: PathEncoder
    let packet: SymbolicPacket
    let destination: Endpoint
    let leg: Leg
    var paths: [SymbolicPath] = []
    /// The receiver when the destination is an interface addressed by its private addresses (looked up once: it is
    /// asked for every attachment a route table names).
    let receiver: NetworkInterface?

    var network: Network { encoder.network }
    var context: SMTContext { encoder.context }

    init(encoder: PathEncoder, packet: SymbolicPacket, destination: Endpoint, leg: Leg) {
        self.encoder = encoder
        self.packet = packet
        self.destination = destination
        self.leg = leg
        if case .interface(let id, _) = destination { receiver = encoder.network.networkInterface(id) } else { receiver = nil }
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
            let candidates = encoder.transitGatewayTargets(table: table.id, gateway: gatewayID, peeringHops: peeringHops, receiverVPC: receiver?.vpcID,
                                                           destination: packet.destination) {
                targets(of: table, gateway: gatewayID, peeringHops: peeringHops).filter { !cannotBeBound(for: $0, by: table, gateway: gatewayID) }
            }
            for targetID in candidates {
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
                } else if network.isOnPremisesAttachment(target), case .onPremises = destination {
                    toOnPremises(by: target, next, table: table, explore: onward)
                } else if network.isOnPremisesAttachment(target), case .internet = destination {
                    internetByOnPremises(by: target, next, table: table, explore: onward)
                } else if onward {
                    unsupported(next, "\(table.id) sends the packet to \(target.id) (\(target.resourceType) \(target.resourceID ?? "?")), which PathProof does not model yet")
                }
            }
        }
    }

    /// Whether the table's routes to the VPC attachment `targetID` cover no address the packet can be bound for
    /// (`AddressEnvelope`): then the route condition is false on every path of the query, and the paths through it,
    /// which would only be unsupported continuations into a VPC other than the receiver's, are left out.
    private func cannotBeBound(for targetID: String, by table: TransitGatewayRouteTable, gateway gatewayID: String) -> Bool {
        guard let envelope = encoder.envelope(of: packet.destination),
              let target = network.transitGatewayAttachment(targetID, on: gatewayID), target.isVPC, let vpcID = target.vpcID,
              vpcID != receiver?.vpcID else { return false }
        return !encoder.transitGatewayPrefixes(table, toAttachment: targetID).contains { envelope.mayMeet($0) }
    }

    /// The attachments a route table's decision could pick on the way to the destination: every attachment its
    /// routes name (where the walker could go), and the ones that lead to the receiver's VPC (directly, or over a
    /// peering attachment to a gateway the VPC is attached to), which a missing route would need.
    private func targets(of table: TransitGatewayRouteTable, gateway gatewayID: String, peeringHops: Int) -> [String] {
        // In the order first named; `named` only answers "already in?" (a table names an attachment per VPC).
        var result: [String] = [], named: Set<String> = []
        for entry in network.transitGatewayRoutingEntries(of: table) where !entry.route.isBlackhole && entry.route.attachmentIDs.count == 1 {
            if named.insert(entry.route.attachmentIDs[0]).inserted { result.append(entry.route.attachmentIDs[0]) }
        }
        guard encoder.includesHypotheticalPaths else { return result }
        if case .onPremises = destination {
            // The routes a fix adds: to each way on premises of this transit gateway.
            for end in network.transit.attachments where end.transitGatewayID == gatewayID && network.isOnPremisesAttachment(end)
                && end.state != .deleted && !named.contains(end.id) {
                named.insert(end.id)
                result.append(end.id)
            }
        }
        guard let receiver else { return result }
        if let direct = network.transitGatewayAttachment(ofVPC: receiver.vpcID, on: gatewayID), named.insert(direct.id).inserted {
            result.append(direct.id)
        }
        guard peeringHops == 0 else { return result }
        for end in network.transit.attachments where end.transitGatewayID == gatewayID && end.isPeering && !named.contains(end.id) {
            guard let peerEnd = network.transitGatewayPeerEnd(of: end),
                  network.transitGatewayAttachment(ofVPC: receiver.vpcID, on: peerEnd.transitGatewayID) != nil else { continue }
            named.insert(end.id)
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
        delivery += encoder.acls(from: exit, to: receiver.subnetID, packet, leg)
        paths.append(encoder.deliver(packet, to: receiver, leg: leg, delivery))
    }
}

extension FilterEncoding {
    /// Whether a transit gateway route table's forwarding decision for the destination (longest prefix first,
    /// static before propagated) is a route to exactly the attachment `attachmentID`.
    func transitGatewayRoutes(_ table: TransitGatewayRouteTable, _ destination: Term, toAttachment attachmentID: String) -> Term {
        let (choice, codes) = transitGatewayChoice(table, destination)
        guard let code = codes[attachmentID] else { return context.boolean(false) }
        return context.equal(choice, context.bitVector(code, width: Self.choiceWidth))
    }

    /// Whether the decision is an equal-cost route to several attachments.
    func transitGatewayRoutesToSeveral(_ table: TransitGatewayRouteTable, _ destination: Term) -> Term {
        context.equal(transitGatewayChoice(table, destination).choice, context.bitVector(1, width: Self.choiceWidth))
    }

    static let choiceWidth = 32

    /// The table's decision for the destination as one term, built once per table and destination and shared by
    /// every attachment's condition (so that a table of N routes costs N terms, not N per attachment): 0 for no
    /// route or a blackhole, 1 for equal-cost routes to several attachments, 2 + k for the k-th attachment that a
    /// route names alone (`codes`, by attachment id).
    private func transitGatewayChoice(_ table: TransitGatewayRouteTable, _ destination: Term) -> (choice: Term, codes: [String: UInt64]) {
        let entries = network.transitGatewayRoutingEntries(of: table)
        let (codes, entryCodes) = transitGatewayCodes(table, entries)
        let choice = cached("tgw-rtb|\(table.id)|choice", [destination]) {
            var decision = context.bitVector(0, width: Self.choiceWidth)
            // A route to a block the destination can never be in (its envelope: the query's own ends) is never the
            // decision; in a long table (a route per VPC of an organisation) only the others are written, so that a
            // query's path names the routes it can meet, not the whole organisation's.
            let envelope = entries.count >= PacketTerms.compactionThreshold ? envelopeOf(destination) : nil
            for (entry, code) in zip(entries, entryCodes).reversed() where envelope?.mayMeet(entry.prefix) ?? true {
                decision = context.ite(terms.isIn(destination, entry.prefix), context.bitVector(code, width: Self.choiceWidth), decision)
            }
            return decision
        }
        return (choice, codes)
    }

    private func transitGatewayCodes(_ table: TransitGatewayRouteTable, _ entries: [TransitGatewayRoutingEntry]) -> (attachments: [String: UInt64], entries: [UInt64]) {
        if let known = transitGatewayCodes[table.id] { return known }
        var codes: [String: UInt64] = [:]
        var entryCodes: [UInt64] = []
        for entry in entries {
            let route = entry.route
            if route.isBlackhole || route.attachmentIDs.isEmpty {
                entryCodes.append(0)
            } else if route.attachmentIDs.count > 1 {
                entryCodes.append(1)
            } else {
                let id = route.attachmentIDs[0]
                if codes[id] == nil { codes[id] = UInt64(codes.count + 2) }
                entryCodes.append(codes[id]!)
            }
        }
        transitGatewayCodes[table.id] = (codes, entryCodes)
        return (codes, entryCodes)
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// The sentence for a transit gateway condition that fails for `packet`, with its AWS Reachability Analyzer code.
    func explainTransitGateway(_ role: PathCondition.Role, packet: Packet) -> (String, BlockerCode, String) {
        switch role {
        case .transitGatewayState(let gateway):
            return (gateway.id, .badState, PacketWalker.unavailableMessage(gateway, named: network.nameSuffix(gateway.id)))

        case .transitGatewayAttachmentState(let attachment):
            var message = PacketWalker.unavailableMessage(attachment, named: network.nameSuffix(attachment.id), label: true)
            if attachment.state == .pendingAcceptance { message += "; the owner of \(attachment.transitGatewayID) must accept it" }
            return (attachment.id, .badState, message)

        case .transitGatewayAttachmentZone(let attachment, let subnet, let zone):
            return (attachment.id, .transitGatewayRouteZoneRestriction,
                    "\(attachment.id)\(network.nameSuffix(attachment.id)) (\(PacketWalker.attachmentLabel(attachment))) has no subnet in \(zone), where \(subnet)\(network.nameSuffix(subnet)) is, so nothing there reaches \(attachment.transitGatewayID) (the attachment needs a subnet in every zone that sends through it)")

        case .transitGatewayAssociation(let attachment, _):
            return (attachment.id, .transitGatewayAttachmentMissingRouteTableAssociation,
                    "\(attachment.id)\(network.nameSuffix(attachment.id)) (\(PacketWalker.attachmentLabel(attachment))) is associated with no route table of \(attachment.transitGatewayID), so \(attachment.transitGatewayID) routes nothing that comes in by it")

        case .transitGatewayRoute(let table, let target):
            let destination = packet.destination
            let head = "no route to \(walker.destinationBlock(for: destination)) in \(table.id)\(network.nameSuffix(table.id))"
            guard let entry = network.transitGatewayRoute(in: table, for: destination) else {
                return (table.id, .transitGatewayRouteTableCannotRoute, "\(head): none of its routes matches \(destination)")
            }
            let routeName = entry.prefix.length == 0 ? "its default route" : "its route \(entry.prefix)"
            if entry.route.isBlackhole || entry.route.attachmentIDs.isEmpty {
                return (table.id, .transitGatewayRouteTableBadStateRoute, "\(head): \(routeName) is a blackhole")
            }
            let chosen = entry.route.attachmentIDs.joined(separator: ", ")
            let where_ = entry.route.attachmentIDs.count == 1
                ? network.transitGatewayAttachment(entry.route.attachmentIDs[0], on: table.transitGatewayID).map { " (\(PacketWalker.attachmentLabel($0)))" } ?? ""
                : ""
            return (table.id, .transitGatewayRouteTableCannotRoute, "\(head): \(routeName) sends the packet to \(chosen)\(where_), not to \(target.id) (\(PacketWalker.attachmentLabel(target)))")

        case .transitGatewayOnPremisesLink(let attachment, let outbound):
            return explainTransitGatewayOnPremisesLink(attachment, outbound: outbound, packet)

        default:
            return ("unknown", .unknown, "not a transit gateway condition")
        }
    }
}

// MARK: Fixes

extension FixDerivation {
    /// The change for a failed transit gateway condition:
    /// - a route table without a usable route to the attachment that leads to the destination: the attachment's
    ///   propagation enabled when it is a VPC attachment that does not propagate there yet (its CIDR blocks become
    ///   routes), else a static route to the destination VPC's CIDR block; a static route that catches the packet
    ///   with an equal or longer prefix (a blackhole, or a route to another attachment) is replaced, a propagated
    ///   one is outranked by a static route of the same prefix;
    /// - an attachment without an association: associated with the route table of the path;
    /// - a VPC attachment without a subnet in the sender's zone: the sender's subnet added to it;
    /// - an attachment pending acceptance: accepted. Other states (and a transit gateway that is not available)
    ///   cannot be changed by a call: the fix is left out with the reason.
    func transitGatewayChange(for item: FailedCondition) throws(Inexpressible) -> FixChange {
        let checkpoint = item.checkpoint
        switch item.condition.role {
        case .transitGatewayState(let gateway):
            throw Inexpressible("transit gateway \(gateway.id) is \(gateway.state): no call makes it available")

        case .transitGatewayAttachmentState(let attachment):
            guard attachment.state == .pendingAcceptance else {
                throw Inexpressible("transit gateway attachment \(attachment.id) is \(attachment.state): no call makes it available")
            }
            return FixChange(kind: .transitGatewayAttachment, checkpoint: checkpoint, component: attachment.id, leg: nil,
                             summary: "accept \(attachment.id)\(network.nameSuffix(attachment.id)) (\(label(attachment)), pending acceptance), as the owner of \(attachment.transitGatewayID)",
                             actions: [.acceptTransitGatewayAttachment(id: attachment.id, peering: attachment.isPeering)])

        case .transitGatewayAttachmentZone(let attachment, let subnet, let zone):
            return FixChange(kind: .transitGatewayAttachment, checkpoint: checkpoint, component: attachment.id, leg: nil,
                             summary: "add subnet \(subnet)\(network.nameSuffix(subnet)) (\(zone)) to \(attachment.id)\(network.nameSuffix(attachment.id)) (\(label(attachment))), so that \(zone) reaches \(attachment.transitGatewayID)",
                             actions: [.addTransitGatewayAttachmentSubnets(attachment: attachment.id, subnets: [subnet])])

        case .transitGatewayAssociation(let attachment, let table):
            return FixChange(kind: .transitGatewayAssociation, checkpoint: checkpoint, component: attachment.id, leg: nil,
                             summary: "associate \(attachment.id)\(network.nameSuffix(attachment.id)) (\(label(attachment))) with \(table.id)\(network.nameSuffix(table.id)), so that \(attachment.transitGatewayID) routes what comes in by it",
                             actions: [.associateTransitGatewayRouteTable(table: table.id, attachment: attachment.id)])

        case .transitGatewayRoute(let table, let target):
            return transitGatewayRouteChange(table, target, item.packet, checkpoint: checkpoint, leg: item.leg)

        case .transitGatewayOnPremisesLink(let attachment, _):
            throw Inexpressible(transitGatewayOnPremisesLinkUnfixable(attachment))

        default:
            throw Inexpressible("\(checkpoint) is not a transit gateway element")
        }
    }

    func transitGatewayRouteChange(_ table: TransitGatewayRouteTable, _ target: TransitGatewayAttachment, _ packet: Packet,
                                           checkpoint: Checkpoint, leg: Leg) -> FixChange {
        let destination = packet.destination
        let block = target.vpcID.flatMap { network.vpc($0)?.cidrBlocks.first { $0.contains(destination) } }
            ?? (network.isOnPremisesAttachment(target) ? onPremisesRange.flatMap { $0.contains(destination) ? $0 : nil } : nil)
            ?? walker.destinationBlock(for: destination)
        let head = "\(table.id)\(network.nameSuffix(table.id))"
        if let entry = network.transitGatewayRoute(in: table, for: destination), entry.prefix.length >= block.length {
            if entry.route.isStatic {
                let now = entry.route.isBlackhole ? "now a blackhole" : "now → \(entry.route.attachmentIDs.joined(separator: ", "))"
                return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                                 summary: "replace route \(entry.prefix) in \(head) (\(now)) with \(entry.prefix) → \(target.id) (\(label(target)))",
                                 actions: [.replaceTransitGatewayRoute(table: table.id, destination: entry.prefix, attachment: target.id)])
            }
            return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                             summary: "add static route \(entry.prefix) → \(target.id) (\(label(target))) to \(head): it wins over the propagated route to \(entry.route.attachmentIDs.joined(separator: ", "))",
                             actions: [.createTransitGatewayRoute(table: table.id, destination: entry.prefix, attachment: target.id)])
        }
        let propagates = table.propagations.contains { $0.attachmentID == target.id && $0.isEnabled }
        if target.isVPC, !propagates, let vpc = target.vpcID.flatMap({ network.vpc($0) }), vpc.cidrBlocks.contains(block) {
            let blocks = vpc.cidrBlocks.map(\.description).joined(separator: ", ")
            return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                             summary: "enable propagation from \(target.id) (\(label(target))) to \(head): it adds the routes \(blocks) → \(target.id)",
                             actions: [.enableTransitGatewayPropagation(table: table.id, attachment: target.id)])
        }
        return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                         summary: "add static route \(block) → \(target.id) (\(label(target))) to \(head)",
                         actions: [.createTransitGatewayRoute(table: table.id, destination: block, attachment: target.id)])
    }

    func label(_ attachment: TransitGatewayAttachment) -> String {
        if attachment.isVPC { return "\(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)" }
        if attachment.isPeering { return "peering of \(attachment.transitGatewayID) with \(attachment.resourceID ?? "?")" }
        return "\(attachment.resourceType) \(attachment.resourceID ?? "?") to \(attachment.transitGatewayID)"
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The AWS ids a transit gateway condition reads, a short word for the constant's name, and a plain sentence.
    /// `packet` is "the packet" or "the response".
    func describeTransitGateway(_ role: PathCondition.Role, packet: String) -> ([String], String, String) {
        switch role {
        case .transitGatewayState(let gateway):
            let state = gateway.isAvailable ? "" : "; it is \(gateway.state), so this is false"
            return ([gateway.id], "available", "transit gateway \(gateway.id)\(network.nameSuffix(gateway.id)) is available\(state)")
        case .transitGatewayAttachmentState(let attachment):
            let state = attachment.carriesTraffic ? "" : "; it is \(attachment.state), so this is false"
            return ([attachment.id], "available", "transit gateway attachment \(attachment.id)\(network.nameSuffix(attachment.id)) is available\(state)")
        case .transitGatewayAttachmentZone(let attachment, let subnet, let zone):
            return ([attachment.id], "subnet in \(zone)",
                    "transit gateway attachment \(attachment.id)\(network.nameSuffix(attachment.id)) has a subnet in \(zone), where \(subnet) is; it has none, so this is false")
        case .transitGatewayAssociation(let attachment, let table):
            return ([attachment.id, table.id], "association",
                    "transit gateway attachment \(attachment.id)\(network.nameSuffix(attachment.id)) is associated with \(table.id)\(network.nameSuffix(table.id)); it is associated with no route table, so this is false")
        case .transitGatewayRoute(let table, let target):
            return ([table.id], "to \(target.id)",
                    "transit gateway route table \(table.id)\(network.nameSuffix(table.id)) sends \(packet) to attachment \(target.id) (\(target.resourceType) \(target.resourceID ?? "?"))")
        case .transitGatewayOnPremisesLink(let attachment, let outbound):
            return claimTransitGatewayOnPremisesLink(attachment, outbound: outbound, packet: packet)
        default:
            return (["fact"], "", "not a transit gateway condition")
        }
    }
}

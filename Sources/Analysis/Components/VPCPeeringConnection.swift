import NetworkModel
import Simulation
import SMT

/// A VPC peering connection over all packets, mirroring `Simulation/Components/VPCPeeringConnection.swift`.
extension PathEncoder {
    /// Across a peering connection to the destination interface's VPC: each existing one, and (for a sender's own
    /// route table, `proposesNew`) one that would have to be created when there is none; VPCs whose blocks overlap
    /// cannot be peered. Only the peer VPC's blocks are carried (`Network.peerCIDRBlocks`): peering is not transitive.
    func peeringPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                      _ prefix: [PathCondition], _ hop: EdgeHop, proposesNew: Bool) -> [SymbolicPath] {
        guard case .interface(let id, _) = hop.destination, let receiver = network.networkInterface(id), receiver.vpcID != vpcID else { return [] }
        let connections = network.peeringConnections(between: vpcID, and: receiver.vpcID)
        var result = connections.map { connection in
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
        guard proposesNew, connections.isEmpty else { return result }
        if let overlap = overlap(vpcID, receiver.vpcID) {
            impossibilities.append("\(vpcID) and \(receiver.vpcID) have overlapping CIDR blocks (\(overlap)), so they cannot be peered")
        } else if includesHypotheticalPaths {
            var conditions = prefix
            conditions.append(route(table, packet, .newPeering(peerVPC: receiver.vpcID), hop.leg))
            let pair = [vpcID, receiver.vpcID].sorted()
            conditions.append(PathCondition(term: context.boolean(false), checkpoint: .peeringMissing(pair[0], pair[1]),
                                            role: .missingPeering(from: vpcID, to: receiver.vpcID), packet: packet))
            conditions += acl(subnetID, .outbound, packet, hop.leg)
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses.map(\.address)), packet))
            conditions += acl(receiver.subnetID, .inbound, packet, hop.leg)
            result.append(deliver(packet, to: receiver, leg: hop.leg, conditions, state: hop.state))
        }
        return result
    }

    /// The overlapping CIDR blocks of two VPCs, which prevent peering them; nil when they can be peered.
    func overlap(_ a: String, _ b: String) -> String? {
        guard let first = network.vpc(a), let second = network.vpc(b) else { return "unknown VPC" }
        for block in first.cidrBlocks { for other in second.cidrBlocks where other.overlaps(block) { return "\(block) and \(other)" } }
        return nil
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why a peering connection carries nothing: it is not active.
    func explainPeeringState(_ connection: VPCPeeringConnection) -> (String, BlockerCode, String) {
        var message = PacketWalker.inactivePeeringMessage(connection, named: network.nameSuffix(connection.id))
        if connection.status == .pendingAcceptance {
            message += "; the accepter VPC \(connection.accepter.vpcID) must accept it"
        }
        return (connection.id, .badState, message)
    }

    /// Why two VPCs exchange nothing: no peering connection joins them.
    func explainMissingPeering(from: String, to: String) -> (String, BlockerCode, String) {
        return (from, .noPeeringConnection,
                "no peering connection joins \(network.describeVPC(from)) and \(network.describeVPC(to)): traffic between two VPCs needs one, active, with routes on both sides")
    }
}

// MARK: Fixes

extension FixDerivation {
    /// A pending peering accepted (accept-vpc-peering-connection), or a dead one replaced by a new one.
    mutating func peeringStateChange(_ connection: VPCPeeringConnection, checkpoint: Checkpoint) throws(Inexpressible) -> FixChange {
        if let replacement = replacedPeerings[connection.id] {
            let (requester, accepter) = (connection.requester.vpcID, connection.accepter.vpcID)
            return FixChange(kind: .newPeering, checkpoint: checkpoint, component: replacement, leg: nil,
                             summary: "\(connection.id)\(network.nameSuffix(connection.id)) is \(connection.status) and cannot become active again: request a new peering connection (\(replacement)) from \(network.describeVPC(requester)) to \(network.describeVPC(accepter)) and accept it",
                             actions: newPeeringActions(replacement, from: requester, to: accepter))
        }
        guard connection.status == .pendingAcceptance else {
            throw Inexpressible("\(connection.id) is \(connection.status): wait until it is pending acceptance or active")
        }
        let region = interRegion(connection.requester.vpcID, connection.accepter.vpcID) ? region(of: connection.accepter.vpcID) : nil
        return FixChange(kind: .peeringAcceptance, checkpoint: checkpoint, component: connection.id, leg: nil,
                         summary: "accept \(connection.id)\(network.nameSuffix(connection.id)) (pending acceptance) in the accepter VPC \(network.describeVPC(connection.accepter.vpcID))",
                         actions: [.acceptPeeringConnection(id: connection.id, region: region)])
    }

    /// A new peering connection, requested and accepted.
    mutating func missingPeeringChange(from: String, to: String, checkpoint: Checkpoint) -> FixChange {
        let id = newPeeringID(from, to)
        return FixChange(kind: .newPeering, checkpoint: checkpoint, component: id, leg: nil,
                         summary: "request a peering connection (\(id)) from \(network.describeVPC(from)) to \(network.describeVPC(to)) and accept it",
                         actions: newPeeringActions(id, from: from, to: to))
    }

    mutating func newPeeringActions(_ id: String, from requester: String, to accepter: String) -> [FixAction] {
        let crossRegion = interRegion(requester, accepter)
        let owners = (network.vpc(requester)?.ownerID, network.vpc(accepter)?.ownerID)
        let crossAccount = owners.0 != nil && owners.1 != nil && owners.0 != owners.1
        return [.createPeeringConnection(id: id, requesterVPC: requester, accepterVPC: accepter,
                                         accepterRegion: crossRegion ? region(of: accepter) : nil,
                                         accepterOwner: crossAccount ? owners.1 : nil),
                .acceptPeeringConnection(id: id, region: crossRegion ? region(of: accepter) : nil)]
    }

    mutating func newPeeringID(_ a: String, _ b: String) -> String {
        let key = [a, b].sorted().joined(separator: " ")
        if let id = newPeerings[key] { return id }
        let id = synthetic("pcx", taken: Set(network.peeringConnections.map(\.id)))
        newPeerings[key] = id
        return id
    }

    func region(of vpcID: String) -> String? { network.vpc(vpcID)?.region }

    func interRegion(_ a: String, _ b: String) -> Bool {
        guard let first = region(of: a), let second = region(of: b) else { return false }
        return first != second
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a peering connection is active.
    func claimPeeringState(_ connection: VPCPeeringConnection) -> ([String], String, String) {
        let state = connection.isActive ? "" : "; it is \(connection.status), so this is false"
        return ([connection.id], "active", "peering connection \(connection.id)\(network.nameSuffix(connection.id)) is active\(state)")
    }

    /// The claim that a peering connection joins two VPCs (none does).
    func claimMissingPeering(from: String, to: String) -> ([String], String, String) {
        return ([from, to], "peering", "a peering connection joins \(from)\(network.nameSuffix(from)) and \(to)\(network.nameSuffix(to)); none exists, so this is false")
    }
}

import NetworkModel

extension PacketWalker {
    /// Whether a network ACL lets `packet` cross in `direction`: the lowest-numbered matching rule decides; a
    /// packet no rule matches is denied.
    public func networkACLDecision(_ acl: NetworkACL, _ direction: Direction, _ packet: Packet) -> Decision {
        let peer = direction == .inbound ? "from \(packet.source)" : "to \(packet.destination)"
        for entry in acl.rules(direction) where matches(entry, packet) {
            let what = entry.allows ? "" : " denies \(describe(packet)) \(peer)"
            return Decision(allowed: entry.allows, detail: "\(acl.id) \(direction) \(entry)\(what)")
        }
        return Decision(allowed: false, detail: "\(acl.id) \(direction): no rule matches \(describe(packet)) \(peer), so it is denied")
    }

    /// Whether a network ACL lets `packet` cross in `direction`: `networkACLDecision`'s verdict, without its sentence.
    public func networkACLAllows(_ acl: NetworkACL, _ direction: Direction, _ packet: Packet) -> Bool {
        for entry in acl.rules(direction) where matches(entry, packet) { return entry.allows }
        return false
    }

    func matches(_ entry: NetworkACLEntry, _ packet: Packet) -> Bool {
        guard entry.ipProtocol.matches(packet.ipProtocol) else { return false }
        if case .number(let number) = entry.ipProtocol {
            if IPProtocolNumber.hasPorts(number), let ports = entry.ports, !ports.contains(packet.destinationPort) { return false }
            if IPProtocolNumber.isICMP(number), !entry.icmp.matches(type: packet.icmpType, code: packet.icmpCode) { return false }
        }
        return entry.cidrBlock.contains(entry.direction == .inbound ? packet.source : packet.destination)
    }
}

extension Trip {
    mutating func crossACL(_ packet: Packet, subnet subnetID: String, _ direction: Direction) -> Drop? {
        guard let acl = network.networkACL(forSubnet: subnetID) else {
            // A subnet always has a network ACL in AWS; a snapshot without one describes none, so none filters.
            return nil
        }
        if !hops.records, walker.networkACLAllows(acl, direction, packet) { return nil }
        let decision = walker.networkACLDecision(acl, direction, packet)
        guard decision.allowed else {
            return Drop(.networkACL(acl.id, direction, leg), code: .subnetACLRestriction,
                        message: "blocked by network ACL \(decision.detail) (subnet \(subnetID))")
        }
        hops.append(Hop(component: acl.id, kind: .networkACL, detail: "\(decision.detail) (subnet \(subnetID))"))
        return nil
    }

    /// The network ACLs of the subnet boundaries a packet crosses from `from` to `to` (`Network.subnetBoundaries`).
    mutating func crossACLs(_ packet: Packet, from: String?, to: String) -> Drop? {
        for boundary in network.subnetBoundaries(from: from, to: to) {
            if let drop = crossACL(packet, subnet: boundary.subnet, boundary.direction) { return drop }
        }
        return nil
    }
}

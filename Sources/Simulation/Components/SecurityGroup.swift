import NetworkModel

extension PacketWalker {
    /// Whether the security groups of `interface` allow `packet` in `direction` (the union of their allow rules).
    public func securityGroupDecision(_ interface: NetworkInterface, _ direction: Direction, _ packet: Packet) -> Decision {
        for groupID in interface.securityGroupIDs {
            guard let group = network.securityGroup(groupID) else { continue }
            for rule in group.rules(direction) where matches(rule, direction, packet, ruleVPC: interface.vpcID) {
                return Decision(allowed: true, detail: "\(groupID) \(direction) rule allows \(rule.description(direction))")
            }
        }
        let peer = direction == .inbound ? "from \(packet.source)" : "to \(packet.destination)"
        var detail = "no rule allows \(describe(packet)) \(peer)"
        if let note = crossRegionReferenceNote(interface, direction, packet) { detail += "; \(note)" }
        return Decision(allowed: false, detail: detail)
    }

    /// Whether the security groups of `interface` allow `packet` in `direction`: `securityGroupDecision`'s verdict,
    /// without its sentence.
    public func securityGroupsAllow(_ interface: NetworkInterface, _ direction: Direction, _ packet: Packet) -> Bool {
        for groupID in interface.securityGroupIDs {
            guard let group = network.securityGroup(groupID) else { continue }
            for rule in group.rules(direction) where matches(rule, direction, packet, ruleVPC: interface.vpcID) { return true }
        }
        return false
    }

    func matches(_ rule: SecurityGroupRule, _ direction: Direction, _ packet: Packet, ruleVPC: String) -> Bool {
        guard rule.ipProtocol.matches(packet.ipProtocol) else { return false }
        if case .number(let number) = rule.ipProtocol {
            if IPProtocolNumber.hasPorts(number), let ports = rule.ports, !ports.contains(packet.destinationPort) { return false }
            if IPProtocolNumber.isICMP(number), !rule.icmp.matches(type: packet.icmpType, code: packet.icmpCode) { return false }
        }
        let peerAddress = direction == .inbound ? packet.source : packet.destination
        switch rule.peer {
        case .cidr(let prefix): return prefix.contains(peerAddress)
        case .prefixList(let id): return network.cidrBlocks(ofPrefixList: id).contains { $0.contains(peerAddress) }
        case .securityGroup(let id, _):
            return network.addresses(ofSecurityGroupReference: id, fromVPC: ruleVPC, direction: direction).contains(peerAddress)
        }
    }

    /// A note when a rule references a group of a peer VPC in another region: AWS does not honour it.
    private func crossRegionReferenceNote(_ interface: NetworkInterface, _ direction: Direction, _ packet: Packet) -> String? {
        let peerAddress = direction == .inbound ? packet.source : packet.destination
        guard let peerInterface = network.networkInterface(privateAddress: peerAddress), peerInterface.vpcID != interface.vpcID else { return nil }
        for groupID in interface.securityGroupIDs {
            guard let group = network.securityGroup(groupID) else { continue }
            for rule in group.rules(direction) {
                guard case .securityGroup(let referenced, _) = rule.peer, peerInterface.securityGroupIDs.contains(referenced),
                      !network.referenceCrossesPeering(from: interface.vpcID, to: peerInterface.vpcID) else { continue }
                return "its rule referencing \(referenced) does not apply: a security group can reference a peer VPC's group only across an active peering in the same region"
            }
        }
        return nil
    }

    func describe(_ packet: Packet) -> String {
        switch packet.ipProtocol {
        case IPProtocolNumber.tcp, IPProtocolNumber.udp: "\(IPProtocolNumber.name(packet.ipProtocol).uppercased()) port \(packet.destinationPort)"
        case IPProtocolNumber.icmp: "ICMP \(ICMPMessage.name(type: packet.icmpType, code: packet.icmpCode))"
        case IPProtocolNumber.icmpv6: "ICMPv6 \(ICMPMessage.name(type: packet.icmpType, code: packet.icmpCode, ipProtocol: packet.ipProtocol))"
        default: IPProtocolNumber.name(packet.ipProtocol)
        }
    }
}

extension Trip {
    func securityGroupDrop(_ interface: NetworkInterface, _ direction: Direction, _ decision: Decision) -> Drop {
        let groups = interface.securityGroupIDs
        let label = groups.count == 1 ? "SG \(groups[0])" : groups.isEmpty ? "no SG on \(interface.id)" : "SGs \(groups.joined(separator: ", "))"
        return Drop(.securityGroups(interface: interface.id, direction), component: groupComponent(interface),
                    code: .networkInterfaceSecurityGroupRulesMismatch, message: "blocked by \(label) \(direction): \(decision.detail)")
    }

    func groupComponent(_ interface: NetworkInterface) -> String {
        interface.securityGroupIDs.count == 1 ? interface.securityGroupIDs[0] : interface.id
    }
}

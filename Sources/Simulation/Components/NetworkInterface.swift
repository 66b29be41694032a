import NetworkModel

/// A network interface (an instance's, or another resource's such as a NAT gateway's) as the end of a walk: it
/// sends a packet after its security groups outbound, and receives one after its security groups inbound. Only a
/// live interface sends or receives: its instance running, or (without an instance) the interface attached.
/// On the return leg security groups let the response through: they are stateful.
extension PacketWalker {
    /// Checkpoint that an interface's liveness depends on: its instance running, or (without an instance) being attached.
    public func livenessCheckpoint(_ interface: NetworkInterface) -> Checkpoint {
        if let instanceID = interface.instanceID, network.instance(instanceID) != nil { return .instanceRunning(instanceID) }
        return .interfaceAttached(interface.id)
    }

    /// Why an instance that is not running sends and receives nothing.
    public static func notRunningMessage(_ instanceID: String, named: String, state: String) -> String {
        "instance \(instanceID)\(named) is \(state): only a running instance sends or receives traffic"
    }

    /// Why an interface without an instance that is not attached sends and receives nothing.
    public static func notAttachedMessage(_ interface: NetworkInterface) -> String {
        "network interface \(interface.id) is \(interface.status), not attached to anything"
    }
}

extension Trip {
    mutating func send(_ packet: Packet, fromInterface id: String) -> Walk.Outcome {
        guard let interface = network.networkInterface(id) else { return .unsupported("unknown network interface \(id)") }
        if let drop = refusesToSend(interface) { return .dropped(drop) }
        if let drop = liveness(interface) { return .dropped(drop) }
        hops.append(Hop(component: interface.id, kind: .networkInterface, detail: "sends \(packet)\(owner(interface))"))
        if leg == .forward, let loadBalancer = network.loadBalancer(ofInterface: interface) {
            if let drop = nodeSends(packet, loadBalancer, node: interface) { return .dropped(drop) }
        } else if leg == .forward {
            if !hops.records, walker.securityGroupsAllow(interface, .outbound, packet) {
                // Allowed: the rule that allows it is named only in a hop.
            } else {
                let decision = walker.securityGroupDecision(interface, .outbound, packet)
                guard decision.allowed else { return .dropped(securityGroupDrop(interface, .outbound, decision)) }
                hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
            }
        } else {
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup,
                            detail: "response of an allowed flow: security groups are stateful"))
            if let outcome = respondThroughLoadBalancer(packet, from: interface) { return outcome }
        }
        return route(packet, fromSubnet: interface.subnetID, sender: interface)
    }

    /// `locally`: the packet came by its VPC's local route, or from the internet by its internet gateway straight
    /// to the interface (a load balancer node is followed only then).
    mutating func deliver(_ packet: Packet, to interface: NetworkInterface, locally: Bool = false) -> Walk.Outcome {
        if let loadBalancer = network.loadBalancer(ofInterface: interface) {
            return arriveAtLoadBalancer(packet, loadBalancer, node: interface, locally: locally)
        }
        if let outcome = arriveAtNATGateway(packet, interface) { return outcome }
        if let drop = liveness(interface) { return .dropped(drop) }
        if leg == .forward {
            if !hops.records, walker.securityGroupsAllow(interface, .inbound, packet) {
                // Allowed: the rule that allows it is named only in a hop.
            } else {
                let decision = walker.securityGroupDecision(interface, .inbound, packet)
                guard decision.allowed else { return .dropped(securityGroupDrop(interface, .inbound, decision)) }
                hops.append(Hop(component: groupComponent(interface), kind: .securityGroup, detail: decision.detail))
            }
        } else {
            hops.append(Hop(component: groupComponent(interface), kind: .securityGroup,
                            detail: "response of an allowed flow: security groups are stateful"))
        }
        hops.append(Hop(component: interface.id, kind: .networkInterface, detail: "receives \(packet)\(owner(interface))"))
        return .delivered(.networkInterface(interface.id), packet)
    }

    func liveness(_ interface: NetworkInterface) -> Drop? {
        guard !network.isLive(interface) else { return nil }
        let checkpoint = walker.livenessCheckpoint(interface)
        if case .instanceRunning(let instanceID) = checkpoint {
            let state = network.instance(instanceID).map { "\($0.state)" } ?? "unknown"
            return Drop(checkpoint, code: .badState, message: PacketWalker.notRunningMessage(instanceID, named: name(instanceID), state: state))
        }
        return Drop(checkpoint, code: .badState, message: PacketWalker.notAttachedMessage(interface))
    }

    func owner(_ interface: NetworkInterface) -> String {
        guard let instanceID = interface.instanceID else { return "" }
        return " (\(instanceID)\(name(instanceID)))"
    }
}

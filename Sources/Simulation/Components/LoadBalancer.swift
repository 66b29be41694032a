import NetworkModel

/// An Elastic Load Balancing v2 load balancer (Application or Network Load Balancer; the AWS rules are stated on
/// `LoadBalancer`). A packet reaches one of its nodes like any interface (routes, network ACLs; the node's security
/// groups inbound when the load balancer has them, as an Application Load Balancer always does), on the address
/// the client connected to. A listener on the packet's port and protocol forwards it: the node sends a new packet
/// from its own private address (or the client's, when the target group preserves it) to a target it may route
/// to, on the target's registered port (else the group's), by its own subnet's route table. Which target takes a
/// connection is AWS's flow hash: the walk follows the one its `ConnectionState.loadBalancerTarget` names, else
/// the first that delivers. The response goes back through the same node, which answers the client from the
/// address and port it was sent to.
///
/// Not followed (the answer is UNKNOWN, never a guess): Gateway Load Balancers, listener actions other than a
/// forward, redirect, fixed response or authentication step, rules with a source-ip condition, Lambda and ALB targets, a node reached by anything but its VPC's local route or (internet-facing) its
/// internet gateway without a gateway route table, a load balancer and a NAT
/// gateway on one path, and two load balancers on one path. A load balancer with security groups applies them
/// outbound too, to the node's packet to the target.
extension PacketWalker {
    /// Why a load balancer has no listener for the packet (ELB_LISTENERS_MISMATCH).
    public static func noListenerMessage(_ loadBalancer: LoadBalancer, protocol name: String, port: UInt16) -> String {
        let listeners = loadBalancer.listeners.map { "\($0.listenerProtocol):\($0.port)" }
        let have = listeners.isEmpty ? "it has no listener" : "it listens on \(listeners.joined(separator: ", "))"
        return "load balancer \(loadBalancer.name) has no listener for \(name) port \(port): \(have)"
    }

    /// Why a packet a load balancer node would start is never sent (`LoadBalancer+Ends.swift`).
    public static func nodeSendsOnlyBackLegsMessage(_ loadBalancer: LoadBalancer) -> String {
        "load balancer \(loadBalancer.name) starts no connection of its own: its nodes send, from their private addresses, only the connections their listeners forward to a target they route to (on the target's port) and health checks (on the health check port); this packet is neither"
    }

    /// The hop of a connection to the load balancer itself, ended at a listener that is a proxy.
    public static func listenerEndsConnectionDetail(_ loadBalancer: LoadBalancer, _ listener: Listener, node: NetworkInterface) -> String {
        "listener \(listener.listenerProtocol):\(listener.port) on node \(node.id) accepts the connection: the load balancer ends it there and opens its own connection to a target (ask about a target to follow that one)"
    }

    /// Why a load balancer that is not active forwards nothing.
    public static func loadBalancerStateMessage(_ loadBalancer: LoadBalancer) -> String {
        "load balancer \(loadBalancer.name) is \(loadBalancer.state.map(\.rawValue) ?? "in an unknown state"): only an active load balancer forwards traffic"
    }

    /// Why a load balancer node reached by something other than its VPC's local route or its internet gateway is not followed.
    public static func loadBalancerReachedFromAfarMessage(_ loadBalancer: LoadBalancer) -> String {
        "the packet reaches load balancer \(loadBalancer.name) by a peering, a transit gateway, a virtual private gateway or a gateway route table; PathProof follows a load balancer only from inside its VPC or from the internet yet"
    }

    /// The checkpoint, code and sentence of what keeps a node from a candidate target (`LoadBalancerRestriction`), in
    /// both engines.
    public static func restrictionBlock(_ candidate: LoadBalancerCandidate, in network: Network) -> (Checkpoint, BlockerCode, String)? {
        let forward = candidate.forward
        let loadBalancer = forward.loadBalancer
        let group = forward.targetGroup
        let target = forward.target.id == forward.interface.id ? forward.target.id : "\(forward.target.id) (\(forward.interface.id))"
        switch candidate.restriction {
        case nil: return nil
        case .crossZone(let owner, let targetZone, let nodeZone):
            let whose = owner == group.arn ? "target group \(group.name) has load_balancing.cross_zone.enabled false"
                                           : "load balancer \(loadBalancer.name) has cross-zone load balancing off"
            return (.loadBalancerCrossZone(owner), .loadBalancerNotCrossZone,
                    "\(whose): node \(forward.node.id) in \(nodeZone) does not route to target \(target) of \(group.name) in \(targetZone)")
        case .zoneNotEnabled(let zone):
            let enabled = loadBalancer.zones.compactMap { $0.zoneName ?? network.subnet($0.subnetID)?.availabilityZone }
            return (.loadBalancerZone(loadBalancer.arn, zone: zone), .loadBalancerInstalledZoneRestriction,
                    "target \(target) of \(group.name) is in \(zone), a zone load balancer \(loadBalancer.name) is not enabled in (enabled: \(enabled.joined(separator: ", ")))")
        case .unhealthy:
            let reason = forward.target.reason.map { "\($0); " } ?? ""
            return (.loadBalancerTargetHealthy(group.arn, target: forward.target.id), .targetUnhealthy,
                    "target \(target) of \(group.name) is \(forward.target.health) (\(reason)health check \(group.healthCheck?.description ?? "not described")): load balancer \(loadBalancer.name) routes only to \(loadBalancer.failsOpen ? "healthy targets while any is healthy" : "instances InService")")
        case .notRegistered:
            return (.loadBalancerTargetRegistered(group.arn), .targetNotRegistered,
                    "target group \(group.name) of listener \(forward.listener.listenerProtocol):\(forward.listener.port) of load balancer \(loadBalancer.name) has no registered target; \(target) is not registered in it")
        }
    }

    /// The code of a refusal to forward.
    public static func code(of refusal: LoadBalancerRefusal) -> BlockerCode {
        switch refusal.reason {
        case .noTargetGroup: .loadBalancerListenerHasNoTargetGroup
        case .noTargets: .noPossibleDestination
        case .notInEnabledZone: .loadBalancerInstalledZoneRestriction
        case .notCrossZone: .loadBalancerNotCrossZone
        }
    }
}

extension Network {
    /// The address a node sends from and answers on: its first private address of the family.
    public func nodeAddress(_ node: NetworkInterface, _ family: AddressFamily) -> IPAddress? {
        family == .ipv4 ? node.primaryAddress : node.addresses(family).first
    }
}

extension Trip {
    /// A packet delivered to a load balancer node's interface. `locally`: it came by its VPC's local route.
    mutating func arriveAtLoadBalancer(_ packet: Packet, _ loadBalancer: LoadBalancer, node: NetworkInterface, locally: Bool) -> Walk.Outcome {
        if leg == .return {
            // No forwarded connection: the response of a connection the node opened itself (`LoadBalancer+Ends.swift`).
            if state.loadBalancer == nil { return receiveOwnResponse(packet, loadBalancer, node: node) }
            return answerThroughLoadBalancer(packet, loadBalancer, node: node)
        }
        guard locally else { return .unsupported(PacketWalker.loadBalancerReachedFromAfarMessage(loadBalancer)) }
        guard loadBalancer.isModelled else {
            return .unsupported("the packet reaches load balancer \(loadBalancer.name) of type \(loadBalancer.type), which PathProof does not model")
        }
        guard state.loadBalancer == nil, state.nat == nil else {
            return .unsupported("the packet reaches load balancer \(loadBalancer.name) after a NAT gateway or another load balancer; PathProof models one load balancer per path, without a NAT gateway")
        }
        if let drop = liveness(node) { return .dropped(drop) }
        guard loadBalancer.forwardsTraffic else {
            return .dropped(Drop(nil, component: loadBalancer.name, code: .badState, message: PacketWalker.loadBalancerStateMessage(loadBalancer)))
        }
        if loadBalancer.filtersInbound {
            let decision = walker.securityGroupDecision(node, .inbound, packet)
            guard decision.allowed else { return .dropped(securityGroupDrop(node, .inbound, decision)) }
            hops.append(Hop(component: groupComponent(node), kind: .securityGroup, detail: decision.detail))
        }
        guard IPProtocolNumber.hasPorts(packet.ipProtocol), let listener = loadBalancer.listener(port: packet.destinationPort, ipProtocol: packet.ipProtocol) else {
            return .dropped(Drop(.loadBalancerListener(loadBalancer.name), component: loadBalancer.name, code: .loadBalancerListenersMismatch,
                                 message: PacketWalker.noListenerMessage(loadBalancer, protocol: IPProtocolNumber.name(packet.ipProtocol), port: packet.destinationPort)))
        }
        if state.loadBalancerTarget == node.id, listener.endsConnection(on: loadBalancer.type) {
            // The connection asked about is the client's to the load balancer itself: it ends at the listener.
            hops.append(Hop(component: loadBalancer.name, kind: .loadBalancer,
                            detail: PacketWalker.listenerEndsConnectionDetail(loadBalancer, listener, node: node)))
            return .delivered(.networkInterface(node.id), packet)
        }
        let candidates = network.candidates(of: loadBalancer, node: node, listener: listener, family: packet.family)
        if let reason = candidates.unsupported { return .unsupported(reason) }
        let open = candidates.candidates.filter { $0.restriction == nil }
        // The connection the flow hash gives a target the node may not route to: what keeps it from it.
        if let choice = state.loadBalancerTarget, !open.contains(where: { $0.forward.interface.id == choice }),
           let kept = candidates.candidates.first(where: { $0.forward.interface.id == choice }),
           let (checkpoint, code, message) = PacketWalker.restrictionBlock(kept, in: network) {
            return .dropped(Drop(checkpoint, component: loadBalancer.name, code: code, message: message))
        }
        if open.isEmpty, let refusal = candidates.refusal {
            let block = candidates.candidates.first { $0.restriction == refusal.restriction }.flatMap { PacketWalker.restrictionBlock($0, in: network) }
            return .dropped(Drop(block?.0, component: loadBalancer.name, code: PacketWalker.code(of: refusal), message: refusal.message))
        }
        let found = (forwards: open.map(\.forward), refusal: candidates.refusal)
        guard let nodeAddress = network.nodeAddress(node, packet.family) else {
            return .unsupported("node \(node.id) of load balancer \(loadBalancer.name) has no \(packet.family) address")
        }
        let chosen = state.loadBalancerTarget.map { choice in found.forwards.filter { $0.interface.id == choice } } ?? found.forwards
        guard !chosen.isEmpty else {
            return .dropped(Drop(nil, component: loadBalancer.name, code: .noPossibleDestination,
                                 message: "load balancer \(loadBalancer.name) does not route this connection to \(state.loadBalancerTarget ?? "?")"))
        }
        var first: Walk.Outcome?
        var firstTrip: Trip?
        for forward in chosen {
            var attempt = branch()
            let outcome = attempt.forward(packet, forward, from: nodeAddress)
            if case .delivered = outcome {
                self = attempt
                return outcome
            }
            if first == nil { (first, firstTrip) = (outcome, attempt) }
        }
        if let firstTrip { self = firstTrip }
        return first!
    }

    /// A response arrived at a node that opened the connection itself (a query from the load balancer: its back leg
    /// or a health check): received as by any interface, past its security groups, which are stateful.
    private mutating func receiveOwnResponse(_ packet: Packet, _ loadBalancer: LoadBalancer, node: NetworkInterface) -> Walk.Outcome {
        if let drop = liveness(node) { return .dropped(drop) }
        hops.append(Hop(component: groupComponent(node), kind: .securityGroup, detail: "response of an allowed flow: security groups are stateful"))
        hops.append(Hop(component: node.id, kind: .networkInterface, detail: "receives \(packet) (node of load balancer \(loadBalancer.name))"))
        return .delivered(.networkInterface(node.id), packet)
    }

    /// What a node sends on its own (the query's source is the load balancer): only the back leg of a forwarded
    /// connection or a health check (`Network.backLegs`), then its security groups outbound when the load balancer
    /// has them. nil: the node may send the packet and its security groups let it out.
    mutating func nodeSends(_ packet: Packet, _ loadBalancer: LoadBalancer, node: NetworkInterface) -> Drop? {
        guard network.backLegs(of: node, family: packet.family).contains(where: {
            $0.admits(destination: packet.destination, port: packet.destinationPort, ipProtocol: packet.ipProtocol)
        }) else {
            return Drop(nil, component: loadBalancer.name, code: .noPossibleDestination, message: PacketWalker.nodeSendsOnlyBackLegsMessage(loadBalancer))
        }
        guard loadBalancer.filtersInbound else { return nil }
        let decision = walker.securityGroupDecision(node, .outbound, packet)
        guard decision.allowed else { return securityGroupDrop(node, .outbound, decision) }
        hops.append(Hop(component: groupComponent(node), kind: .securityGroup, detail: decision.detail))
        return nil
    }

    /// The node's new packet to one target.
    private mutating func forward(_ packet: Packet, _ forward: LoadBalancerForward, from nodeAddress: IPAddress) -> Walk.Outcome {
        var next = packet
        next.source = forward.preservesClientIP ? packet.source : nodeAddress
        next.destination = forward.address
        next.destinationPort = forward.port
        if forward.loadBalancer.filtersInbound {
            // A load balancer with security groups sends to its targets only what they allow outbound.
            let decision = walker.securityGroupDecision(forward.node, .outbound, next)
            guard decision.allowed else { return .dropped(securityGroupDrop(forward.node, .outbound, decision)) }
            hops.append(Hop(component: groupComponent(forward.node), kind: .securityGroup, detail: decision.detail))
        }
        let target = forward.target.id == forward.interface.id ? forward.target.id : "\(forward.target.id) (\(forward.interface.id))"
        let source = forward.preservesClientIP ? "keeps the client's address \(packet.source)" : "sends from \(nodeAddress)"
        hops.append(Hop(component: forward.loadBalancer.name, kind: .loadBalancer,
                        detail: "listener \(forward.listener.listenerProtocol):\(forward.listener.port) on node \(forward.node.id) (\(nodeAddress), \(network.zone(of: forward.node) ?? "?")) forwards\(forward.rule.map { " by \($0.label), a condition on the request that any request may meet," } ?? "") to target \(target) \(forward.address) port \(forward.port) of target group \(forward.targetGroup.name) (\(forward.target.health)); \(source)"))
        state.loadBalancer = ConnectionState.LoadBalancerBinding(
            loadBalancer: forward.loadBalancer.arn, node: forward.node.id, target: forward.interface.id,
            client: packet.source, clientPort: packet.sourcePort, address: packet.destination, listenerPort: packet.destinationPort,
            source: next.source, preservesClientIP: forward.preservesClientIP)
        return route(next, fromSubnet: forward.node.subnetID, sender: forward.node)
    }

    /// The response of a target, arrived at the node it came from (the node's address was its source): the node
    /// answers the client from the address and port the client connected to.
    private mutating func answerThroughLoadBalancer(_ packet: Packet, _ loadBalancer: LoadBalancer, node: NetworkInterface) -> Walk.Outcome {
        guard let binding = state.loadBalancer, binding.node == node.id, !binding.preservesClientIP, packet.destination == binding.source,
              packet.destinationPort == binding.clientPort else {
            return .dropped(Drop(nil, component: loadBalancer.name, code: .noPossibleDestination,
                                 message: "node \(node.id) of load balancer \(loadBalancer.name) takes only the responses of connections it forwarded"))
        }
        return answer(packet, loadBalancer, node: node, binding)
    }

    private mutating func answer(_ packet: Packet, _ loadBalancer: LoadBalancer, node: NetworkInterface,
                                 _ binding: ConnectionState.LoadBalancerBinding) -> Walk.Outcome {
        var back = packet
        back.source = binding.address
        back.sourcePort = binding.listenerPort
        back.destination = binding.client
        back.destinationPort = binding.clientPort
        hops.append(Hop(component: loadBalancer.name, kind: .loadBalancer,
                        detail: "node \(node.id) answers \(binding.client) port \(binding.clientPort) from \(binding.address) port \(binding.listenerPort) (the response of the connection it forwarded)"))
        return route(back, fromSubnet: node.subnetID, sender: node)
    }

    /// A response a target sends to a client whose address the load balancer preserved: it goes back through the
    /// node that forwarded the connection (crossing the network ACLs between the target's subnet and the node's),
    /// which answers from the address the client connected to. nil when the interface is no such target.
    mutating func respondThroughLoadBalancer(_ packet: Packet, from interface: NetworkInterface) -> Walk.Outcome? {
        guard leg == .return, let binding = state.loadBalancer, binding.preservesClientIP, binding.target == interface.id else { return nil }
        guard let node = network.networkInterface(binding.node), let loadBalancer = network.loadBalancer(binding.loadBalancer) else {
            return .unsupported("the load balancer node \(binding.node) is not in the snapshot")
        }
        if let drop = crossACLs(packet, from: interface.subnetID, to: node.subnetID) { return .dropped(drop) }
        return answer(packet, loadBalancer, node: node, binding)
    }
}

import NetworkModel
import Simulation
import SMT

/// A load balancer over all packets, mirroring `Simulation/Components/LoadBalancer.swift` step by step: a packet
/// delivered to a node by its VPC's local route passes the node's liveness, the load balancer's state, its security
/// groups inbound (when it filters), a listener (the first on the packet's port and protocol), and then one path per
/// target the node may route to: the node's new packet (from its address, or the client's when preserved, to the
/// target's address and port), through the security groups outbound (when it filters), routed by the node's subnet's
/// route table. The response goes back through the node
/// (`loadBalancerReturnPaths`).
///
/// The listener is a checkpoint (`loadBalancerListener`: a blocker with ELB_LISTENERS_MISMATCH, fixed by a new
/// listener that forwards to the target group the others forward to). What keeps a node from a candidate target
/// (`Network.candidates`: cross-zone off, a zone not enabled, a target group with no target for the query's
/// interface, an unhealthy target) is a condition false today under its own checkpoint, with its blocker and fix
/// (`loadBalancerRestrictionChange`); such paths are built only when hypothetical paths are. The load balancer's
/// state and a listener that forwards to nothing are facts of the path (their reasons among the impossibilities).
/// Security groups, network ACLs and routes on the way are checkpoints as anywhere else.
extension PathEncoder {
    /// The paths of a packet delivered to `node` (a load balancer's) by the local route, after the network ACLs.
    func loadBalancerPaths(_ loadBalancer: LoadBalancer, node: NetworkInterface, _ packet: SymbolicPacket, _ prefix: [PathCondition],
                           _ hop: EdgeHop) -> [SymbolicPath] {
        var conditions = prefix
        guard loadBalancer.isModelled else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the packet reaches load balancer \(loadBalancer.name) of type \(loadBalancer.type), which PathProof does not model")]
        }
        guard hop.state.loadBalancer == nil, hop.state.nat == nil else {
            return [SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                 unsupported: "the packet reaches load balancer \(loadBalancer.name) after a NAT gateway or another load balancer; PathProof models one load balancer per path, without a NAT gateway")]
        }
        conditions.append(liveness(node, packet))
        guard loadBalancer.forwardsTraffic else {
            impossibilities.append(PacketWalker.loadBalancerStateMessage(loadBalancer))
            return []
        }
        if loadBalancer.filtersInbound {
            conditions.append(PathCondition(term: filters.securityGroupsAllow(node, .inbound, packet),
                                            checkpoint: .securityGroups(interface: node.id, .inbound),
                                            role: .securityGroups(node, .inbound), packet: packet))
        }
        guard let nodeAddress = network.nodeAddress(node, terms.family) else { return [] }
        var result: [SymbolicPath] = []
        var earlier: [Term] = []
        for listener in loadBalancer.listeners {
            let accepts = listenerAccepts(listener, packet)
            // The walker takes the first listener on the port and protocol.
            let chosen = context.and([accepts] + earlier.map { context.not($0) })
            earlier.append(accepts)
            var withListener = conditions
            withListener.append(PathCondition(term: chosen, checkpoint: .loadBalancerListener(loadBalancer.name),
                                              role: .loadBalancerListener(loadBalancer), packet: packet))
            if loadBalancerQueryTarget == node.id, listener.endsConnection(on: loadBalancer.type) {
                // The query's destination is the load balancer: a proxy's listener ends the connection
                // (`LoadBalancer+Ends.swift`).
                result.append(SymbolicPath(conditions: withListener, packet: packet, end: .delivered(.networkInterface(node.id)), leg: hop.leg, state: hop.state))
                continue
            }
            let found = network.candidates(of: loadBalancer, node: node, listener: listener, family: terms.family,
                                           registering: loadBalancerQueryTarget.flatMap { network.networkInterface($0) })
            if let reason = found.unsupported {
                result.append(SymbolicPath(conditions: withListener, packet: packet, leg: hop.leg, state: hop.state, unsupported: reason))
                continue
            }
            if let refusal = found.refusal { impossibilities.append("load balancer \(loadBalancer.name): \(refusal.message)") }
            for candidate in found.candidates where candidate.restriction == nil || includesHypotheticalPaths {
                let forward = candidate.forward
                var next = packet
                next.source = forward.preservesClientIP ? packet.source : translatedAddress(nodeAddress)
                next.destination = translatedAddress(forward.address)
                next.destinationPort = context.bitVector(UInt64(forward.port), width: 16)
                var onward = hop
                onward.destination = .interface(forward.interface.id, addresses: [forward.address])
                onward.origin = node
                onward.state.loadBalancer = SymbolicState.LoadBalancerBinding(
                    loadBalancer: loadBalancer.arn, node: node.id, target: forward.interface.id, client: packet.source, clientPort: packet.sourcePort,
                    address: packet.destination, listenerPort: packet.destinationPort, source: next.source, nodeAddress: nodeAddress,
                    preservesClientIP: forward.preservesClientIP)
                var sent = withListener
                if let (checkpoint, _, _) = PacketWalker.restrictionBlock(candidate, in: network) {
                    // What keeps the node from this target today: false until its checkpoint changes.
                    sent.append(PathCondition(term: context.boolean(false), checkpoint: checkpoint,
                                              role: .loadBalancerRestriction(candidate), packet: packet))
                }
                if loadBalancer.filtersInbound {
                    sent.append(PathCondition(term: filters.securityGroupsAllow(node, .outbound, next),
                                              checkpoint: .securityGroups(interface: node.id, .outbound),
                                              role: .securityGroups(node, .outbound), packet: next))
                }
                guard let table = network.routeTable(forSubnet: node.subnetID) else {
                    result.append(SymbolicPath(conditions: sent, packet: next, leg: hop.leg, state: onward.state,
                                               unsupported: "subnet \(node.subnetID) has no route table in the snapshot"))
                    continue
                }
                result += targets(table, subnet: node.subnetID, vpc: node.vpcID, sender: node, next, sent, onward, mode: .onward)
            }
        }
        if loadBalancer.listeners.isEmpty { impossibilities.append("load balancer \(loadBalancer.name) has no listener") }
        return result
    }

    /// What a node sends on its own (the query's source is the load balancer, `LoadBalancer+Ends.swift`): only the
    /// back leg of a forwarded connection or a health check, then its security groups outbound when the load
    /// balancer has them.
    func nodeSendConditions(_ loadBalancer: LoadBalancer, node: NetworkInterface, _ packet: SymbolicPacket) -> [PathCondition] {
        let legs = network.backLegs(of: node, family: terms.family).map { leg in
            context.and([context.equal(packet.destination, terms.constant(leg.address)),
                         context.or(leg.ports.map { context.equal(packet.destinationPort, context.bitVector(UInt64($0), width: 16)) }),
                         context.or(leg.protocols.map { context.equal(packet.ipProtocol, terms.protocolNumber($0)) })])
        }
        impossibilities.append(PacketWalker.nodeSendsOnlyBackLegsMessage(loadBalancer))
        var conditions = [fact(context.or(legs), packet)]
        if loadBalancer.filtersInbound { conditions.append(securityGroupsCondition(node, .outbound, packet)) }
        return conditions
    }

    /// Whether a listener takes the packet: its port, and its protocol (`Listener.carries`).
    func listenerAccepts(_ listener: Listener, _ packet: SymbolicPacket) -> Term {
        let protocols = [IPProtocolNumber.tcp, IPProtocolNumber.udp].filter { listener.carries($0) }
        return context.and([context.equal(packet.destinationPort, context.bitVector(UInt64(listener.port), width: 16)),
                            context.or(protocols.map { context.equal(packet.ipProtocol, terms.protocolNumber($0)) })])
    }

    /// The response's paths when a load balancer forwarded the request: from the target to the node (its address was
    /// the request's source), or, when the client's address was preserved, straight through the node that forwarded
    /// it (across the network ACLs between the two subnets); then from the node, answered from the address and port
    /// the client connected to, to the client by the node's subnet's route table.
    func loadBalancerReturnPaths(from origin: Endpoint, _ response: SymbolicPacket, to target: Endpoint, after forward: SymbolicPath,
                                 _ binding: SymbolicState.LoadBalancerBinding) -> [SymbolicPath] {
        let state = forward.state
        guard let node = network.networkInterface(binding.node), let table = network.routeTable(forSubnet: node.subnetID) else {
            return [SymbolicPath(conditions: [], packet: response, leg: .return, state: state,
                                 unsupported: "the load balancer node \(binding.node) or its route table is not in the snapshot")]
        }
        let hop = EdgeHop(destination: target, leg: .return, state: state, origin: node)
        func answered(_ arrived: SymbolicPacket) -> SymbolicPacket {
            var back = arrived
            back.source = binding.address
            back.sourcePort = binding.listenerPort
            back.destination = binding.client
            back.destinationPort = binding.clientPort
            return back
        }
        if binding.preservesClientIP {
            guard let targetInterface = network.networkInterface(binding.target) else { return [] }
            let conditions = [liveness(targetInterface, response)] + acls(from: targetInterface.subnetID, to: node.subnetID, response, .return)
            return targets(table, subnet: node.subnetID, vpc: node.vpcID, sender: node, answered(response), conditions, hop, mode: .onward)
        }
        let goal = Endpoint.interface(node.id, addresses: [binding.nodeAddress])
        var result: [SymbolicPath] = []
        for path in paths(from: origin, response, to: goal, leg: .return, state: state) {
            guard path.location == .networkInterface(node.id) else {
                result.append(path)
                continue
            }
            var conditions = path.conditions
            let arrived = path.packet
            conditions.append(fact(context.equal(arrived.destination, binding.source), arrived))
            conditions.append(fact(context.equal(arrived.destinationPort, binding.clientPort), arrived))
            result += targets(table, subnet: node.subnetID, vpc: node.vpcID, sender: node, answered(arrived), conditions, hop, mode: .onward)
        }
        return result
    }

    /// The nodes of the load balancers that have `destination` (an interface) among their targets: a query to it is
    /// also answered through them (the client connects to a node on a listener's port; the query's traffic is what
    /// the client sends).
    /// From the internet, the destination is reached at the public addresses of an internet-facing load balancer's nodes.
    func loadBalancerEntrances(to destination: Endpoint) -> [Endpoint] {
        switch destination {
        case .interface(let id, _):
            return entranceBalancers(id).flatMap { network.nodes(of: $0) }
                .filter { $0.id != id }
                .map { .interface($0.id, addresses: $0.addresses.map(\.address).filter { $0.family == terms.family }) }
        case .publicAddressOf(let id):
            return entranceBalancers(id).filter { $0.scheme == .internetFacing }.flatMap { network.nodes(of: $0) }
                .filter { $0.id != id }.map { .publicAddressOf($0.id) }
        default:
            return []
        }
    }

    /// The load balancers that have the interface among their targets, and those with a listener forwarding to a
    /// target group with no target at all that it could be registered in (the way through them needs
    /// `register-targets`, a blocker).
    func entranceBalancers(_ id: String) -> [LoadBalancer] {
        var result = network.loadBalancers(targeting: id)
        guard includesHypotheticalPaths, let interface = network.networkInterface(id) else { return result }
        for loadBalancer in network.loadBalancers(couldRegister: interface) where !result.contains(where: { $0.arn == loadBalancer.arn }) {
            result.append(loadBalancer)
        }
        return result
    }

    /// Whether a path toward a load balancer node goes on to `destination` (delivered there, or unsupported on the way
    /// to it). An unsupported path before the node picked a target (a listener rule PathProof does not follow, or
    /// something unmodelled on the way to the node) may go on to any target, the destination among them: no proof
    /// rests on it.
    func reaches(_ path: SymbolicPath, _ destination: Endpoint) -> Bool {
        switch path.end {
        case .delivered(let location): return location == destination.location
        case .unsupported: return path.state.loadBalancer.map { $0.target == destination.interfaceID } ?? true
        }
    }

    /// Why a delivery to a load balancer node other than by its VPC's local route gives no verdict (the walker
    /// does not follow it either).
    func loadBalancerArrival(_ receiver: NetworkInterface, leg: Leg) -> String? {
        guard leg == .forward, let loadBalancer = network.loadBalancer(ofInterface: receiver) else { return nil }
        return PacketWalker.loadBalancerReachedFromAfarMessage(loadBalancer)
    }
}

// MARK: Blockers

// The checkpoints on a path through a load balancer other than its own (the node's security groups, network ACLs,
// routes) are explained by their own components.

extension BlockerExplanation {
    /// Why no listener of a load balancer takes the packet (ELB_LISTENERS_MISMATCH).
    func explainLoadBalancerListener(_ loadBalancer: LoadBalancer, _ packet: Packet) -> (String, BlockerCode, String) {
        (loadBalancer.name, .loadBalancerListenersMismatch,
         PacketWalker.noListenerMessage(loadBalancer, protocol: IPProtocolNumber.name(packet.ipProtocol), port: packet.destinationPort))
    }
}

extension BlockerExplanation {
    /// Why a node does not route to a candidate target (ELB_NOT_CROSSZONE, ELB_INSTALLED_AZ_RESTRICTION, or a target
    /// group without the target registered): the walker's sentence.
    func explainLoadBalancerRestriction(_ candidate: LoadBalancerCandidate) -> (String, BlockerCode, String) {
        guard let (_, code, message) = PacketWalker.restrictionBlock(candidate, in: network) else {
            return (candidate.forward.loadBalancer.name, .unknown, "load balancer \(candidate.forward.loadBalancer.name) routes to \(candidate.forward.target.id)")
        }
        let component = if case .crossZone(let owner, _, _) = candidate.restriction, owner == candidate.forward.targetGroup.arn {
            candidate.forward.targetGroup.name
        } else if case .notRegistered = candidate.restriction { candidate.forward.targetGroup.name } else { candidate.forward.loadBalancer.name }
        return (component, code, message)
    }
}

// MARK: Fixes

extension FixDerivation {
    /// A listener on the packet's port (`elbv2 create-listener`) whose default action forwards to the target group
    /// the load balancer's other listeners forward to. The AWS rules it follows:
    /// - A load balancer has one listener per port: when a listener already has the port (for another protocol), the
    ///   change would be to that listener (`modify-listener`, a `TCP_UDP` one), which is not derived.
    /// - A Network Load Balancer's listener for the query is `TCP` (for TCP) or `UDP` (for UDP); it forwards to a
    ///   target group of protocol `TCP`, `TCP_UDP` or `TLS` (for TCP: AWS takes `TCP` and `TCP_UDP`; a `TLS` group
    ///   needs a `TLS` listener, hence a certificate) or `UDP`, `TCP_UDP` (for UDP).
    /// - An Application Load Balancer takes only TCP, as `HTTP` or `HTTPS`, and forwards to `HTTP` or `HTTPS` target
    ///   groups. On port 443 clients speak TLS: the listener would be `HTTPS`, which needs a server certificate
    ///   (`--certificates CertificateArn=…`, from ACM), something a snapshot of the network does not hold; no fix is
    ///   derived then (an `HTTP` listener on 443 would be accepted by AWS but would not serve what a client sends
    ///   there). Any other port gets an `HTTP` listener.
    /// - The target group is the one the load balancer's listeners forward to, among those with a target the query
    ///   needs (the destination interface, when the query names a target; any target when it names the load
    ///   balancer); with none or several such groups, which group to forward to is not something the query says,
    ///   and no fix is derived.
    func loadBalancerListenerChange(_ loadBalancer: LoadBalancer, checkpoint: Checkpoint, packet: Packet) throws(Inexpressible) -> FixChange {
        let protocolName = IPProtocolNumber.name(packet.ipProtocol)
        let port = packet.destinationPort
        let wanted = "load balancer \(loadBalancer.name) needs a listener on \(protocolName) port \(port)"
        if loadBalancer.type == .classic { return try classicListenerChange(loadBalancer, checkpoint: checkpoint, packet: packet) }
        if let taken = loadBalancer.listeners.first(where: { $0.port == port }) {
            throw Inexpressible("\(wanted), but its \(taken.listenerProtocol) listener has the port; making it take \(protocolName) too (modify-listener) is not a change PathProof derives")
        }
        let listenerProtocol: String
        let groupProtocols: Set<String>
        switch (loadBalancer.type, packet.ipProtocol) {
        case (.network, IPProtocolNumber.tcp): (listenerProtocol, groupProtocols) = ("TCP", ["TCP", "TCP_UDP"])
        case (.network, IPProtocolNumber.udp): (listenerProtocol, groupProtocols) = ("UDP", ["UDP", "TCP_UDP"])
        case (.application, IPProtocolNumber.tcp) where port == 443:
            throw Inexpressible("\(wanted): an HTTPS listener, which needs a server certificate (create-listener --certificates CertificateArn=…, from ACM) that the snapshot does not describe")
        case (.application, IPProtocolNumber.tcp): (listenerProtocol, groupProtocols) = ("HTTP", ["HTTP", "HTTPS"])
        default:
            throw Inexpressible("\(wanted), but a listener of a load balancer of type \(loadBalancer.type) does not take \(protocolName)")
        }
        var forwarded: [TargetGroup] = []
        for listener in loadBalancer.listeners {
            for arn in listener.forwardedTargetGroups ?? [] {
                guard let group = network.loadBalancing.targetGroup(arn), !forwarded.contains(where: { $0.arn == arn }) else { continue }
                forwarded.append(group)
            }
        }
        guard !forwarded.isEmpty else {
            throw Inexpressible("\(wanted), but none of its listeners forwards to a target group the snapshot describes: which group the new listener should forward to is not something the query says")
        }
        let needed = loadBalancerTargetNeeded(loadBalancer)
        let serving = forwarded.filter { group in
            group.routedTargets.contains { target in
                guard let needed else { return true }
                return AddressFamily.allCases.contains { network.resolve(target, of: group, family: $0)?.0.id == needed }
            }
        }
        let names = { (groups: [TargetGroup]) in groups.map(\.name).joined(separator: ", ") }
        guard !serving.isEmpty else {
            let whose = needed.map { "has \($0) among its targets" } ?? "has a target that takes connections"
            throw Inexpressible("\(wanted), but no target group its listeners forward to (\(names(forwarded))) \(whose)")
        }
        let usable = serving.filter { group in group.targetProtocol.map { groupProtocols.contains($0.uppercased()) } ?? true }
        guard usable.count == 1, let group = usable.first else {
            if usable.isEmpty {
                throw Inexpressible("\(wanted), but a \(listenerProtocol) listener cannot forward to target group \(names(serving)) (protocol \(serving.map { $0.targetProtocol ?? "?" }.joined(separator: ", ")))")
            }
            throw Inexpressible("\(wanted), and its listeners forward to \(usable.count) target groups that could serve it (\(names(usable))): which one the new listener should forward to is not something the query says")
        }
        let arn = newListenerARN(loadBalancer)
        return FixChange(kind: .listener, checkpoint: checkpoint, component: loadBalancer.name, leg: .forward,
                         summary: "add listener \(listenerProtocol):\(port) to load balancer \(loadBalancer.name), forwarding to target group \(group.name)",
                         actions: [.createListener(arn: arn, loadBalancer: loadBalancer.arn, listenerProtocol: listenerProtocol, port: port,
                                                   targetGroup: group.arn)])
    }

    /// What lifts a candidate target's restriction:
    /// - cross-zone load balancing off: `modify-target-group-attributes` when the target group's own attribute is
    ///   `false`, else `modify-load-balancer-attributes` (a Network Load Balancer's default is off), with
    ///   `load_balancing.cross_zone.enabled=true`;
    /// - a target in a zone the load balancer is not enabled in: `set-subnets` with the load balancer's subnets and
    ///   one in that zone (of its VPC: one that shares a route table with a subnet the load balancer has, so that the
    ///   new node is reached as the others are; else the target's own subnet; else the first in the zone). The
    ///   target then starts its health checks; it gets connections when it passes them (or when no target of its
    ///   group is healthy). A node appears in the new subnet, which the snapshot cannot show until it is captured
    ///   again: without cross-zone load balancing, that node is the only one that routes to the zone;
    /// - a target group with no target: `register-targets` of the query's instance (or address, for IP targets), on
    ///   the group's port. A group with targets already is not offered the query's interface: which group it belongs
    ///   in is not something the query says.
    func loadBalancerRestrictionChange(_ candidate: LoadBalancerCandidate, checkpoint: Checkpoint) throws(Inexpressible) -> FixChange {
        let forward = candidate.forward
        let loadBalancer = forward.loadBalancer
        let group = forward.targetGroup
        if loadBalancer.type == .classic, candidate.restriction != .unhealthy, candidate.restriction != nil {
            return try classicRestrictionChange(candidate, checkpoint: checkpoint)
        }
        switch candidate.restriction {
        case nil:
            throw Inexpressible("load balancer \(loadBalancer.name) already routes to \(forward.target.id)")
        case .crossZone(let owner, _, _):
            let isGroup = owner == group.arn
            return FixChange(kind: .loadBalancerConfiguration, checkpoint: checkpoint, component: isGroup ? group.name : loadBalancer.name, leg: .forward,
                             summary: "turn on cross-zone load balancing of \(isGroup ? "target group \(group.name)" : "load balancer \(loadBalancer.name)")",
                             actions: [.enableCrossZone(arn: owner, targetGroup: isGroup)])
        case .zoneNotEnabled(let zone):
            let current = loadBalancer.zones.map(\.subnetID)
            let chosen = try network.subnet(subnetToEnable(loadBalancer, zone: zone, targetSubnet: forward.interface.subnetID))!
            return FixChange(kind: .loadBalancerConfiguration, checkpoint: checkpoint, component: loadBalancer.name, leg: .forward,
                             summary: "enable load balancer \(loadBalancer.name) in \(zone) (subnet \(chosen.id)); target \(forward.target.id) gets connections once it passes its health checks (\(group.healthCheck?.description ?? "health check not described"))",
                             actions: [.setLoadBalancerSubnets(loadBalancer: loadBalancer.arn, subnets: current + [chosen.id])])
        case .unhealthy:
            let message = PacketWalker.restrictionBlock(candidate, in: network)?.2 ?? "target \(forward.target.id) is unhealthy"
            throw Inexpressible("\(message); no configuration change makes a target pass its health check (the application on it must answer the check)")
        case .notRegistered:
            return FixChange(kind: .loadBalancerConfiguration, checkpoint: checkpoint, component: group.name, leg: .forward,
                             summary: "register target \(forward.target.id) in target group \(group.name) (port \(forward.port))",
                             actions: [.registerTarget(targetGroup: group.arn, target: forward.target.id)])
        }
    }

    /// The interface the query needs a target group to have, when the query's destination is a target of the load
    /// balancer rather than the load balancer itself (one of its nodes); nil when any target will do.
    func loadBalancerTargetNeeded(_ loadBalancer: LoadBalancer) -> String? {
        guard let id = alternative.destination.interfaceID, let interface = network.networkInterface(id),
              network.loadBalancer(ofInterface: interface)?.arn != loadBalancer.arn else { return nil }
        return id
    }

    /// The ARN a new listener gets: `arn:…:listener/<the load balancer's path>/pathproof0001`, the first such the
    /// network does not use, standing for the `ListenerArn` create-listener returns.
    func newListenerARN(_ loadBalancer: LoadBalancer) -> String {
        let base = loadBalancer.arn.replacing(":loadbalancer/", with: ":listener/")
        let taken = Set(network.loadBalancers.flatMap(\.listeners).map(\.arn))
        var n = 1
        while true {
            let digits = String(n)
            let arn = "\(base)/pathproof\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
            if !taken.contains(arn) { return arn }
            n += 1
        }
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that a node routes to a candidate target (cross-zone, zone, registration).
    func claimLoadBalancerRestriction(_ candidate: LoadBalancerCandidate, network: Network) -> ([String], String, String) {
        let sentence = PacketWalker.restrictionBlock(candidate, in: network)?.2 ?? "the node routes to \(candidate.forward.target.id)"
        return ([candidate.forward.loadBalancer.name, candidate.forward.targetGroup.name], "target", "load balancer \(candidate.forward.loadBalancer.name) routes to target \(candidate.forward.target.id) (today: \(sentence))")
    }

    /// The claim that a listener of the load balancer takes the packet.
    func claimLoadBalancerListener(_ loadBalancer: LoadBalancer, packet: String) -> ([String], String, String) {
        let listeners = loadBalancer.listeners.map { "\($0.listenerProtocol):\($0.port)" }.joined(separator: ", ")
        return ([loadBalancer.name], "listener", "a listener of load balancer \(loadBalancer.name) (\(listeners.isEmpty ? "it has none" : listeners)) takes \(packet)")
    }
}

import NetworkModel
import Simulation

/// A condition of the chosen candidate path that the relaxed model lets fail, with the concrete packet there.
struct FailedCondition {
    let condition: PathCondition
    let checkpoint: Checkpoint
    let packet: Packet
    let leg: Leg
}

/// Why a relaxed condition cannot be turned into AWS calls (a terminated instance, an interface to attach, …).
struct Inexpressible: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}

/// Turns the failed conditions of one relaxed path into changes, the way `BlockerExplanation` turns them into
/// sentences: each change is derived from the condition's role and the model's packet at that condition, and
/// opens only what the query needs.
///
/// The rules it writes:
/// - Security groups get one rule in the interface's first group: the query's protocol (ICMP echo request, type
///   8, any code, for ping; the query's ports for TCP and UDP, or the example packet's port when the query gave
///   none; all traffic for `any`), from (inbound) or to (outbound) the other end: its VPC's CIDR block when it is
///   an interface in another VPC (as the peering tutorial does), its address as a /32 when it is in the same VPC
///   or a public address, the query's internet range (0.0.0.0/0 for `internet`) when it is on the internet.
/// - Network ACLs get one allow rule for the same traffic and peer, numbered below the rule that denied the packet
///   (the largest free multiple of 10 below it; after the last rule when the final `*` rule denied it). A
///   response's destination port is the client's ephemeral range (1024-65535). With no free number below the
///   denying rule, that rule is replaced.
/// - Routes name the peer VPC's CIDR block that holds the destination (0.0.0.0/0 for the internet) and are
///   created, or replace the route that catches the packet when it is as or more specific (a blackhole, a wrong
///   target).
/// - A load balancer with no listener on the packet's port gets one, forwarding to the target group its other
///   listeners forward to (`Components/LoadBalancer.swift` says when none is derived).
struct FixDerivation {
    let network: Network
    let walker: PacketWalker
    let traffic: TrafficSpec
    let alternative: Alternative

    var newPeerings: [String: String] = [:]
    var newGateways: [String: String] = [:]
    /// Synthetic ids of the gateway endpoints this fix creates, by VPC and service (`Components/GatewayEndpoint.swift`).
    var newEndpoints: [String: String] = [:]
    var replacedPeerings: [String: String] = [:]
    var handedOut: Set<String> = []
    var publicAddresses: Set<IPAddress> = []

    init(network: Network, walker: PacketWalker, traffic: TrafficSpec, alternative: Alternative) {
        self.network = network
        self.walker = walker
        self.traffic = traffic
        self.alternative = alternative
    }

    /// The changes for the failed conditions (each checkpoint once), in the order the AWS calls must run:
    /// resources created or brought up first, then routes, then rules. `pathRoutes` are the route conditions of
    /// the chosen path, failed or not: a peering connection that has to be replaced takes its routes along.
    mutating func changes(for failed: [FailedCondition], pathRoutes: [(condition: PathCondition, leg: Leg, packet: Packet)]) throws(Inexpressible) -> [FixChange] {
        var changes: [FixChange] = []
        // A peering connection that can no longer carry traffic is replaced by a new one, before routes name it.
        for item in failed {
            guard case .peeringState(let connection) = item.condition.role, Self.isDead(connection.status) else { continue }
            replacedPeerings[connection.id] = synthetic("pcx", taken: Set(network.peeringConnections.map(\.id)))
        }
        for item in failed { changes.append(try change(for: item)) }
        // Routes of the path that use a replaced connection move to the new one.
        var changed = Set(changes.map(\.checkpoint))
        for route in pathRoutes {
            guard case .route(let table, .peering(let old, _)) = route.condition.role, let new = replacedPeerings[old],
                  let checkpoint = route.condition.checkpoint, !changed.contains(checkpoint),
                  let entry = walker.route(in: table, for: route.packet.destination),
                  entry.route.target == .peeringConnection(old) else { continue }
            changed.insert(checkpoint)
            changes.append(replaceRoute(table, entry, with: .peeringConnection(new), checkpoint: checkpoint, leg: route.leg))
        }
        return changes.enumerated().sorted { a, b in
            let (x, y) = (Self.executionRank(a.element.kind), Self.executionRank(b.element.kind))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    static func executionRank(_ kind: FixChange.Kind) -> Int {
        switch kind {
        case .newPeering: 0
        case .peeringAcceptance: 1
        case .newGateway, .newEndpoint: 2
        case .gatewayAttachment, .transitGatewayAttachment: 3
        case .publicAddress: 4
        case .instanceStart, .interfaceAttribute: 5
        case .transitGatewayAssociation, .route, .listener, .loadBalancerConfiguration: 6
        case .networkACLRule: 7
        case .securityGroupRule: 8
        }
    }

    /// Peering states that never become active again: a new connection is needed.
    static func isDead(_ status: PeeringConnectionStatus) -> Bool {
        [.rejected, .expired, .failed, .deleted, .deleting].contains(status)
    }

    // MARK: One condition

    mutating func change(for item: FailedCondition) throws(Inexpressible) -> FixChange {
        let checkpoint = item.checkpoint
        let packet = item.packet
        switch item.condition.role {
        case .fact:
            throw Inexpressible("\(checkpoint) is not a configuration element PathProof can change")
        case .liveness(let interface): return try startInstanceChange(interface, checkpoint: checkpoint)
        case .securityGroups(let interface, let direction): return try securityGroupRuleChange(interface, direction, checkpoint: checkpoint, packet: packet)
        case .networkACL(let acl, let direction, _): return try networkACLRuleChange(acl, direction, leg: item.leg, checkpoint: checkpoint, packet: packet)
        case .route(let table, let intent): return try routeChange(table, intent, packet, checkpoint: checkpoint, leg: item.leg)
        case .peeringState(let connection): return try peeringStateChange(connection, checkpoint: checkpoint)
        case .missingPeering(let from, let to): return missingPeeringChange(from: from, to: to, checkpoint: checkpoint)
        case .gatewayAttachment(let gateway, let vpc): return gatewayAttachmentChange(gateway, vpc: vpc, checkpoint: checkpoint)
        case .missingGateway(let vpc): return missingGatewayChange(vpc: vpc, checkpoint: checkpoint)
        case .publicAddress(let interface, let address, _): return publicAddressChange(interface, address, checkpoint: checkpoint)
        case .natGatewayState(let nat): return try natGatewayStateChange(nat)
        case .sourceDestinationCheck(let interface): return sourceDestinationCheckChange(interface, checkpoint: checkpoint)
        case .endpointState(let endpoint): return try endpointStateChange(endpoint)
        case .missingEndpoint(let vpc, let service): return missingEndpointChange(vpc: vpc, service: service, checkpoint: checkpoint)
        case .vpnGatewayAttachment(let gateway, let vpc): return vpnGatewayAttachmentChange(gateway, vpc: vpc, checkpoint: checkpoint)
        case .onPremisesLink(let gateway, let outbound): return try onPremisesLinkChange(gateway, outbound: outbound, checkpoint: checkpoint, packet: packet)
        case .loadBalancerListener(let loadBalancer): return try loadBalancerListenerChange(loadBalancer, checkpoint: checkpoint, packet: packet)
        case .loadBalancerRestriction(let candidate): return try loadBalancerRestrictionChange(candidate, checkpoint: checkpoint)
        case .vpnGatewayState(let gateway): return try vpnGatewayStateChange(gateway)
        case .missingVPNGateway(let vpc): return try missingVPNGatewayChange(vpc: vpc)
        case .transitGatewayState, .transitGatewayAttachmentState, .transitGatewayAttachmentZone, .transitGatewayAssociation,
             .transitGatewayRoute, .transitGatewayOnPremisesLink:
            return try transitGatewayChange(for: item)
        }
    }

    // MARK: Rules

    /// The other end of a rule: the VPC CIDR block of an interface in another VPC, the /32 of an address in the
    /// same VPC or of a public address, the query's internet range for an internet host.
    func peerBlock(_ address: IPAddress, ruleVPC: String) -> IPPrefix {
        let host = IPPrefix.host(address)
        if let interface = network.networkInterface(privateAddress: address) {
            guard interface.vpcID != ruleVPC else { return host }
            return network.vpc(interface.vpcID)?.cidrBlocks.first { $0.contains(address) } ?? host
        }
        if network.networkInterface(publicAddress: address) != nil { return host }
        return internetRange ?? host
    }

    /// The internet end of the query: its CIDR block, 0.0.0.0/0 for any internet host; nil when neither end is.
    var internetRange: IPPrefix? {
        for endpoint in [alternative.source, alternative.destination] {
            if case .internet(let prefix) = endpoint { return prefix ?? .any(alternative.family) }
        }
        return nil
    }

    /// The protocol, ports and ICMP type a rule must allow for the query's traffic, seen at a condition on `leg`.
    func ruleTraffic(_ packet: Packet, leg: Leg) -> (ProtocolSelector, PortRange?, ICMPSelector) {
        guard traffic.ipProtocol != nil else { return (.all, nil, .any) }
        let number = packet.ipProtocol
        var ports: PortRange?
        var icmp = ICMPSelector.any
        if IPProtocolNumber.hasPorts(number) {
            ports = leg == .forward ? traffic.destinationPorts ?? PortRange(packet.destinationPort, packet.destinationPort) : traffic.sourcePorts
        }
        if number == IPProtocolNumber.icmp, traffic.icmpType != nil {
            icmp = ICMPSelector(type: packet.icmpType, code: nil)
        }
        return (.number(number), ports, icmp)
    }

    /// "ICMP echo-request (type 8)", "tcp/22", "all traffic".
    static func describe(_ selector: ProtocolSelector, _ ports: PortRange?, _ icmp: ICMPSelector) -> String {
        guard case .number(let number) = selector else { return "all traffic" }
        if IPProtocolNumber.hasPorts(number) { return "\(IPProtocolNumber.name(number))/\((ports ?? .all).isAll ? "all ports" : (ports ?? .all).description)" }
        if number == IPProtocolNumber.icmp {
            guard let type = icmp.type else { return "all ICMP" }
            let name = ICMPMessage.name(type: type, code: icmp.code ?? 0).split(separator: " ").first.map(String.init) ?? "type \(type)"
            return name.hasPrefix("type") ? "ICMP type \(type)" : "ICMP \(name) (type \(type))"
        }
        return IPProtocolNumber.name(number)
    }

    // MARK: New resources

    /// `<prefix>-pathproof0001`, the first such id the network does not use and this fix has not handed out.
    mutating func synthetic(_ prefix: String, taken: Set<String>) -> String {
        var n = 1
        while true {
            let digits = String(n)
            let id = "\(prefix)-pathproof\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
            if !taken.contains(id), handedOut.insert(id).inserted { return id }
            n += 1
        }
    }


}

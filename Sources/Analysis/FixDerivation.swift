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
struct FixDerivation {
    let network: Network
    let walker: PacketWalker
    let traffic: TrafficSpec
    let alternative: Alternative

    private var newPeerings: [String: String] = [:]
    private var newGateways: [String: String] = [:]
    /// Synthetic ids of the gateway endpoints this fix creates, by VPC and service (`FixDerivation+Edge.swift`).
    var newEndpoints: [String: String] = [:]
    private var replacedPeerings: [String: String] = [:]
    private var handedOut: Set<String> = []
    private var publicAddresses: Set<IPAddress> = []

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

    private static func executionRank(_ kind: FixChange.Kind) -> Int {
        switch kind {
        case .newPeering: 0
        case .peeringAcceptance: 1
        case .newGateway, .newEndpoint: 2
        case .gatewayAttachment, .transitGatewayAttachment: 3
        case .publicAddress: 4
        case .instanceStart, .interfaceAttribute: 5
        case .transitGatewayAssociation, .route: 6
        case .networkACLRule: 7
        case .securityGroupRule: 8
        }
    }

    /// Peering states that never become active again: a new connection is needed.
    private static func isDead(_ status: PeeringConnectionStatus) -> Bool {
        [.rejected, .expired, .failed, .deleted, .deleting].contains(status)
    }

    // MARK: One condition

    private mutating func change(for item: FailedCondition) throws(Inexpressible) -> FixChange {
        let checkpoint = item.checkpoint
        let packet = item.packet
        switch item.condition.role {
        case .fact:
            throw Inexpressible("\(checkpoint) is not a configuration element PathProof can change")

        case .liveness(let interface):
            guard let instanceID = interface.instanceID, let instance = network.instance(instanceID) else {
                throw Inexpressible("network interface \(interface.id) is \(interface.status): attach it to an instance (attach-network-interface) first")
            }
            guard instance.state == .stopped || instance.state == .stopping else {
                throw Inexpressible("instance \(instanceID) is \(instance.state) and cannot be started")
            }
            return FixChange(kind: .instanceStart, checkpoint: checkpoint, component: instanceID, leg: nil,
                             summary: "start instance \(instanceID)\(named(instanceID)) (now \(instance.state))",
                             actions: [.startInstance(instanceID)])

        case .securityGroups(let interface, let direction):
            guard let group = interface.securityGroupIDs.first else {
                throw Inexpressible("\(interface.id) has no security group to add a rule to")
            }
            let peerAddress = direction == .inbound ? packet.source : packet.destination
            let peer = peerBlock(peerAddress, ruleVPC: interface.vpcID)
            let (selector, ports, icmp) = ruleTraffic(packet, leg: .forward)
            let rule = SecurityGroupRule(ipProtocol: selector, ports: ports, icmp: icmp, peer: .cidr(peer))
            let preposition = direction == .inbound ? "from" : "to"
            return FixChange(kind: .securityGroupRule, checkpoint: checkpoint, component: group, leg: .forward,
                             summary: "allow \(Self.describe(selector, ports, icmp)) \(preposition) \(peer) \(direction) in \(group)\(named(group)) (of \(interface.id))",
                             actions: [.authorizeSecurityGroupRule(group: group, direction: direction, rule: rule)])

        case .networkACL(let acl, let direction, _):
            let peerAddress = direction == .inbound ? packet.source : packet.destination
            let peer = peerBlock(peerAddress, ruleVPC: acl.vpcID)
            let (selector, ports, icmp) = ruleTraffic(packet, leg: item.leg)
            let denier = Self.firstMatch(acl, direction, packet)
            let deniedBy = denier.map(\.ruleNumber) ?? 32767
            let what = Self.describe(selector, ports, icmp)
            let preposition = direction == .inbound ? "from" : "to"
            let reason = deniedBy >= 32767 ? "before the final deny" : "before rule \(deniedBy), which denies it"
            if let number = Self.freeRuleNumber(acl, direction, below: deniedBy) {
                let entry = NetworkACLEntry(ruleNumber: number, direction: direction, allows: true, ipProtocol: selector,
                                            cidrBlock: peer, ports: ports, icmp: icmp)
                return FixChange(kind: .networkACLRule, checkpoint: checkpoint, component: acl.id, leg: item.leg,
                                 summary: "add \(direction) rule \(number) to network ACL \(acl.id)\(named(acl.id)): allow \(what) \(preposition) \(peer) (\(reason))",
                                 actions: [.createNetworkACLEntry(acl: acl.id, entry: entry)])
            }
            guard deniedBy < 32767 else { throw Inexpressible("\(acl.id) has no free rule number for an allow rule") }
            let entry = NetworkACLEntry(ruleNumber: deniedBy, direction: direction, allows: true, ipProtocol: selector,
                                        cidrBlock: peer, ports: ports, icmp: icmp)
            return FixChange(kind: .networkACLRule, checkpoint: checkpoint, component: acl.id, leg: item.leg,
                             summary: "replace \(direction) rule \(deniedBy) of network ACL \(acl.id)\(named(acl.id)) (no free number below it) with: allow \(what) \(preposition) \(peer)",
                             actions: [.replaceNetworkACLEntry(acl: acl.id, entry: entry)])

        case .route(let table, let intent):
            return try routeChange(table, intent, packet, checkpoint: checkpoint, leg: item.leg)

        case .transitGatewayState, .transitGatewayAttachmentState, .transitGatewayAttachmentZone, .transitGatewayAssociation,
             .transitGatewayRoute:
            return try transitGatewayChange(for: item)

        case .natGatewayState, .sourceDestinationCheck, .endpointState, .missingEndpoint, .vpnGatewayAttachment, .missingVPNGateway,
             .vpnGatewayState, .onPremisesLink:
            return try edgeChange(for: item)

        case .peeringState(let connection):
            if let replacement = replacedPeerings[connection.id] {
                let (requester, accepter) = (connection.requester.vpcID, connection.accepter.vpcID)
                return FixChange(kind: .newPeering, checkpoint: checkpoint, component: replacement, leg: nil,
                                 summary: "\(connection.id)\(named(connection.id)) is \(connection.status) and cannot become active again: request a new peering connection (\(replacement)) from \(describeVPC(requester)) to \(describeVPC(accepter)) and accept it",
                                 actions: newPeeringActions(replacement, from: requester, to: accepter))
            }
            guard connection.status == .pendingAcceptance else {
                throw Inexpressible("\(connection.id) is \(connection.status): wait until it is pending acceptance or active")
            }
            let region = interRegion(connection.requester.vpcID, connection.accepter.vpcID) ? region(of: connection.accepter.vpcID) : nil
            return FixChange(kind: .peeringAcceptance, checkpoint: checkpoint, component: connection.id, leg: nil,
                             summary: "accept \(connection.id)\(named(connection.id)) (pending acceptance) in the accepter VPC \(describeVPC(connection.accepter.vpcID))",
                             actions: [.acceptPeeringConnection(id: connection.id, region: region)])

        case .missingPeering(let from, let to):
            let id = newPeeringID(from, to)
            return FixChange(kind: .newPeering, checkpoint: checkpoint, component: id, leg: nil,
                             summary: "request a peering connection (\(id)) from \(describeVPC(from)) to \(describeVPC(to)) and accept it",
                             actions: newPeeringActions(id, from: from, to: to))

        case .gatewayAttachment(let gateway, let vpc):
            return FixChange(kind: .gatewayAttachment, checkpoint: checkpoint, component: gateway, leg: nil,
                             summary: "attach internet gateway \(gateway)\(named(gateway)) to \(describeVPC(vpc))",
                             actions: [.attachInternetGateway(id: gateway, vpc: vpc)])

        case .missingGateway(let vpc):
            let id = newGatewayID(vpc)
            return FixChange(kind: .newGateway, checkpoint: checkpoint, component: id, leg: nil,
                             summary: "create an internet gateway (\(id)) and attach it to \(describeVPC(vpc))",
                             actions: [.createInternetGateway(id: id), .attachInternetGateway(id: id, vpc: vpc)])

        case .publicAddress(let interface, let address, _):
            let allocation = synthetic("eipalloc", taken: Set(network.networkInterfaces.flatMap { $0.addresses.compactMap(\.elasticIPAllocationID) }))
            let publicAddress = newPublicAddress()
            let owner = interface.instanceID.map { " (\($0)\(named($0)))" } ?? ""
            return FixChange(kind: .publicAddress, checkpoint: checkpoint, component: interface.id, leg: nil,
                             summary: "allocate an Elastic IP (\(allocation), \(publicAddress) here) and associate it with \(address) of \(interface.id)\(owner)",
                             actions: [.allocateAddress(allocationID: allocation, publicAddress: publicAddress),
                                       .associateAddress(allocationID: allocation, interface: interface.id, privateAddress: address)])
        }
    }

    // MARK: Routes

    private mutating func routeChange(_ table: RouteTable, _ intent: RouteIntent, _ packet: Packet, checkpoint: Checkpoint, leg: Leg) throws(Inexpressible) -> FixChange {
        let destination = packet.destination
        let entry = walker.route(in: table, for: destination)
        let target: RouteTarget
        let block: IPPrefix
        switch intent {
        case .local:
            guard let entry, entry.route.target != .local else {
                throw Inexpressible("\(table.id) has no local route for \(destination); AWS creates local routes itself")
            }
            return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                             summary: "delete route \(entry.route.destination) → \(entry.route.target) from \(table.id)\(named(table.id)): it overrides the local route for \(destination)",
                             actions: [.deleteRoute(table: table.id, destination: entry.route.destination)])
        case .peering(let id, let peerVPC):
            target = .peeringConnection(replacedPeerings[id] ?? id)
            let blocks = network.peeringConnection(id).map { network.peerCIDRBlocks(of: $0, from: table.vpcID) } ?? []
            block = blocks.first { $0.contains(destination) } ?? vpcBlock(peerVPC, containing: destination)
        case .newPeering(let peerVPC):
            target = .peeringConnection(newPeeringID(table.vpcID, peerVPC))
            block = vpcBlock(peerVPC, containing: destination)
        case .internetGateway(let id):
            target = .internetGateway(id)
            block = .any(destination.family)
        case .newInternetGateway:
            target = .internetGateway(newGatewayID(table.vpcID))
            block = .any(destination.family)
        case .egressOnlyGateway(let id):
            target = .egressOnlyInternetGateway(id)
            block = .anyIPv6
        case .transitGateway(let id):
            target = .transitGateway(id)
            block = walker.destinationBlock(for: destination)
        case .natGateway, .appliance, .gatewayEndpoint, .newGatewayEndpoint, .vpnGateway, .newVPNGateway:
            if let change = try edgeRouteChange(table, intent, packet, checkpoint: checkpoint, leg: leg) { return change }
            (target, block) = edgeRouteTarget(table, intent, destination)
        }
        // For any internet host, mend the default route rather than a specific route that happens to catch the
        // example packet's address.
        if block.length == 0, internetRange?.length == 0, let entry, entry.prefix.length > 0 {
            let any = IPPrefix.any(destination.family)
            if let current = table.routes.first(where: { $0.destination == .cidr(any) }) {
                return replaceRoute(table, RoutingEntry(prefix: any, route: current), with: target, checkpoint: checkpoint, leg: leg)
            }
            return createRoute(table, any, target, checkpoint: checkpoint, leg: leg)
        }
        guard let entry, entry.prefix.length >= block.length else {
            return createRoute(table, block, target, checkpoint: checkpoint, leg: leg)
        }
        if entry.prefix == block, case .prefixList = entry.route.destination {
            return createRoute(table, block, target, checkpoint: checkpoint, leg: leg) // a CIDR route wins over an equal prefix-list one
        }
        return replaceRoute(table, entry, with: target, checkpoint: checkpoint, leg: leg)
    }

    private func createRoute(_ table: RouteTable, _ block: IPPrefix, _ target: RouteTarget, checkpoint: Checkpoint, leg: Leg) -> FixChange {
        FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                  summary: "add route \(block) → \(target) to \(table.id)\(named(table.id))",
                  actions: [.createRoute(table: table.id, destination: block, target: target)])
    }

    private func replaceRoute(_ table: RouteTable, _ entry: RoutingEntry, with target: RouteTarget, checkpoint: Checkpoint, leg: Leg) -> FixChange {
        let now = entry.route.isActive ? "now → \(entry.route.target)" : "now a blackhole to \(entry.route.target)"
        return FixChange(kind: .route, checkpoint: checkpoint, component: table.id, leg: leg,
                         summary: "replace route \(entry.route.destination) in \(table.id)\(named(table.id)) (\(now)) with \(entry.route.destination) → \(target)",
                         actions: [.replaceRoute(table: table.id, destination: entry.route.destination, target: target)])
    }

    private func vpcBlock(_ vpcID: String, containing address: IPAddress) -> IPPrefix {
        network.vpc(vpcID)?.cidrBlocks.first { $0.contains(address) } ?? walker.destinationBlock(for: address)
    }

    // MARK: Rules

    /// The other end of a rule: the VPC CIDR block of an interface in another VPC, the /32 of an address in the
    /// same VPC or of a public address, the query's internet range for an internet host.
    private func peerBlock(_ address: IPAddress, ruleVPC: String) -> IPPrefix {
        let host = IPPrefix.host(address)
        if let interface = network.networkInterface(privateAddress: address) {
            guard interface.vpcID != ruleVPC else { return host }
            return network.vpc(interface.vpcID)?.cidrBlocks.first { $0.contains(address) } ?? host
        }
        if network.networkInterface(publicAddress: address) != nil { return host }
        return internetRange ?? host
    }

    /// The internet end of the query: its CIDR block, 0.0.0.0/0 for any internet host; nil when neither end is.
    private var internetRange: IPPrefix? {
        for endpoint in [alternative.source, alternative.destination] {
            if case .internet(let prefix) = endpoint { return prefix ?? .any(alternative.family) }
        }
        return nil
    }

    /// The protocol, ports and ICMP type a rule must allow for the query's traffic, seen at a condition on `leg`.
    private func ruleTraffic(_ packet: Packet, leg: Leg) -> (ProtocolSelector, PortRange?, ICMPSelector) {
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

    /// The entry that decides for `packet` (the lowest-numbered match), nil when none matches.
    static func firstMatch(_ acl: NetworkACL, _ direction: Direction, _ packet: Packet) -> NetworkACLEntry? {
        acl.rules(direction).first { entry in
            guard entry.ipProtocol.matches(packet.ipProtocol) else { return false }
            if case .number(let number) = entry.ipProtocol {
                if IPProtocolNumber.hasPorts(number), let ports = entry.ports, !ports.contains(packet.destinationPort) { return false }
                if IPProtocolNumber.isICMP(number), !entry.icmp.matches(type: packet.icmpType, code: packet.icmpCode) { return false }
            }
            return entry.cidrBlock.contains(direction == .inbound ? packet.source : packet.destination)
        }
    }

    /// A free rule number below `denier`: after every rule when the final `*` rule (32767) denies, else the
    /// largest free multiple of 10 below the denying rule, else any free number below it.
    static func freeRuleNumber(_ acl: NetworkACL, _ direction: Direction, below denier: Int) -> Int? {
        let used = Set(acl.rules(direction).map(\.ruleNumber))
        if denier >= 32767 {
            let highest = used.filter { $0 < 32767 }.max() ?? 0
            let next = (highest / 10 + 1) * 10
            if next < 32767 { return next }
        }
        var candidate = (min(denier, 32767) - 1) / 10 * 10
        while candidate >= 10 {
            if !used.contains(candidate) { return candidate }
            candidate -= 10
        }
        return stride(from: min(denier, 32767) - 1, through: 1, by: -1).first { !used.contains($0) }
    }

    // MARK: New resources

    private mutating func newPeeringActions(_ id: String, from requester: String, to accepter: String) -> [FixAction] {
        let crossRegion = interRegion(requester, accepter)
        let owners = (network.vpc(requester)?.ownerID, network.vpc(accepter)?.ownerID)
        let crossAccount = owners.0 != nil && owners.1 != nil && owners.0 != owners.1
        return [.createPeeringConnection(id: id, requesterVPC: requester, accepterVPC: accepter,
                                         accepterRegion: crossRegion ? region(of: accepter) : nil,
                                         accepterOwner: crossAccount ? owners.1 : nil),
                .acceptPeeringConnection(id: id, region: crossRegion ? region(of: accepter) : nil)]
    }

    private mutating func newPeeringID(_ a: String, _ b: String) -> String {
        let key = [a, b].sorted().joined(separator: " ")
        if let id = newPeerings[key] { return id }
        let id = synthetic("pcx", taken: Set(network.peeringConnections.map(\.id)))
        newPeerings[key] = id
        return id
    }

    private mutating func newGatewayID(_ vpc: String) -> String {
        if let id = newGateways[vpc] { return id }
        let id = synthetic("igw", taken: Set(network.internetGateways.map(\.id)))
        newGateways[vpc] = id
        return id
    }

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

    /// A stand-in for the address `allocate-address` returns: the first free one of 198.51.100.0/24 (TEST-NET-2).
    private mutating func newPublicAddress() -> IPAddress {
        let base = IPAddress("198.51.100.0")!.ipv4Value!
        for n in UInt32(1)...254 {
            let address = IPAddress(base + n)
            if network.networkInterface(publicAddress: address) == nil, publicAddresses.insert(address).inserted { return address }
        }
        return IPAddress(base + 255)
    }

    private func region(of vpcID: String) -> String? { network.vpc(vpcID)?.region }

    private func interRegion(_ a: String, _ b: String) -> Bool {
        guard let first = region(of: a), let second = region(of: b) else { return false }
        return first != second
    }

    private func describeVPC(_ id: String) -> String {
        guard let vpc = network.vpc(id) else { return id }
        return "\(id)\(named(id)) (\(vpc.cidrBlocks.map(\.description).joined(separator: ", ")))"
    }

    private func named(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }
}

import Analysis
import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// The SMT encoding and the concrete walker must agree on every packet: the walker is the reference semantics.
@Suite struct AgreementTests {
    enum Place {
        case interface(NetworkInterface, IPAddress), internet(IPAddress)
        /// An address of a gateway-endpoint service (`Endpoint.service`), and a host on premises.
        case service(String, IPAddress), onPremises(IPAddress)

        var isOutside: Bool { if case .interface = self { false } else { true } }
    }

    /// Compares the two semantics on `count` random packets between random places of `network`, load balancer nodes
    /// among them (as a destination: the listener or the targets behind it; as a source: the back leg).
    static func compare(_ network: Network, count: Int, seed: UInt64) throws -> (agreed: Int, delivered: Int, deliveredIPv6: Int) {
        var random = SplitMix(state: seed)
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        var places: [Place] = []
        for interface in network.networkInterfaces {
            for address in interface.addresses {
                places.append(.interface(interface, address.address))
                if let publicAddress = address.publicAddress { places.append(.interface(interface, publicAddress)) }
            }
        }
        guard !places.isEmpty else { return (0, 0, 0) }
        let values = interestingValues(network)
        places += [.internet(IPAddress("8.8.8.8")!), .internet(IPAddress("203.0.113.7")!), .internet(IPAddress("18.206.107.29")!),
                   .internet(IPAddress("2001:4860:4860::8888")!), .internet(IPAddress("2a05:d018::7")!), .internet(IPAddress("fd00::1")!)]
        places += outsidePlaces(network)
        var agreed = 0, delivered = 0, deliveredIPv6 = 0
        for _ in 0..<count {
            let from = places.randomElement(using: &random)!
            let to = places.randomElement(using: &random)!
            let packet = randomPacket(from: from, to: to, using: &random, values: values)
            let oneWay = Bool.random(using: &random)
            guard let (smt, concrete) = try compareOne(network, engine: engine, walker: walker, from: from, to: to, packet: packet, oneWay: oneWay) else { continue }
            if smt == concrete { agreed += 1 }
            if concrete { delivered += 1 }
            if concrete, packet.family == .ipv6 { deliveredIPv6 += 1 }
        }
        return (agreed, delivered, deliveredIPv6)
    }

    /// One packet between two places, asked of both engines (and expected to agree); nil when the pair is no
    /// question (families differ, an address the place does not send from, two outside places, a service source).
    static func compareOne(_ network: Network, engine: ReachabilityEngine, walker: PacketWalker, from: Place, to: Place, packet: Packet,
                           oneWay: Bool) throws -> (smt: Bool?, concrete: Bool)? {
        guard packet.source.family == packet.destination.family else { return nil }
        // As a source, a public address stands for the private address behind it.
        let source: Endpoint
        let origin: Location
        switch from {
        case .interface(let interface, let address):
            guard interface.owns(address) else { return nil }
            source = .interface(interface.id, addresses: [address]); origin = .networkInterface(interface.id)
        case .internet(let address):
            // An internet host is a routable address (fd00::1 is only a destination the internet refuses).
            guard InternetAddressSpace.isRoutable(address) else { return nil }
            source = .internetHost(address); origin = .internet
        case .onPremises(let address): source = .onPremises(IPPrefix.host(address)); origin = .onPremises
        case .service: return nil // a service starts no connections
        }
        let destination: Endpoint
        let expected: Location
        switch to {
        case .interface(let interface, let address): destination = .interface(interface.id, addresses: [address]); expected = .networkInterface(interface.id)
        case .internet(let address): destination = .internetHost(address); expected = .internet
        case .service(let name, _): destination = .service(name); expected = .service(name)
        case .onPremises(let address): destination = .onPremises(IPPrefix.host(address)); expected = .onPremises
        }
        if from.isOutside && to.isOutside { return nil }
        let query = TrafficQuery(sources: [source], destinations: [destination],
                                 traffic: TrafficSpec(ipProtocol: nil, sourcePorts: .all), oneWay: oneWay, family: packet.family)
        let smt = try engine.admits(query, packet: packet)
        let concrete: Bool
        if case .interface(let node, _) = to, let loadBalancer = network.loadBalancer(ofInterface: node) {
            // A load balancer's node: the connection ends at a listener that is a proxy (the flow names the node), or
            // the node hands it to a target it routes to (the flow names the target).
            let targets = loadBalancer.listeners.flatMap { network.forwards(of: loadBalancer, node: node, listener: $0, family: packet.family).forwards.map(\.interface.id) }
            concrete = ([node.id] + targets).contains { choice in
                roundTrip(walker, packet, from: origin, to: .networkInterface(choice), oneWay: oneWay, state: ConnectionState(loadBalancerTarget: choice))
            }
        } else {
            concrete = roundTrip(walker, packet, from: origin, to: expected, oneWay: oneWay)
        }
        #expect(smt == concrete, "disagreement on \(packet) from \(origin) to \(expected) oneWay=\(oneWay): SMT \(String(describing: smt)), walker \(concrete)\n\(walker.walk(packet, from: origin, leg: .forward))")
        return (smt, concrete)
    }

    /// Addresses of the gateway-endpoint services the network has (as services, and as internet hosts: the same
    /// addresses are reached through an internet gateway too), and hosts on premises (in the VPN connections'
    /// static routes, and two others).
    static func outsidePlaces(_ network: Network) -> [Place] {
        var places: [Place] = []
        var services: [String] = []
        for endpoint in network.vpcEndpoints where endpoint.isGateway && !services.contains(endpoint.serviceName) { services.append(endpoint.serviceName) }
        for name in services {
            for block in network.serviceBlocks(name).prefix(2) {
                let address = block.first.advanced(by: 7)
                places += [.service(name, address), .internet(address)]
            }
        }
        var onPremises = [IPAddress("192.168.77.7")!, IPAddress("172.16.5.5")!]
        for connection in network.edge.vpnConnections {
            for route in connection.routes { onPremises.append(route.prefix.first.advanced(by: 5)) }
        }
        return places + onPremises.map { .onPremises($0) }
    }

    static func roundTrip(_ walker: PacketWalker, _ packet: Packet, from origin: Location, to expected: Location, oneWay: Bool,
                          state: ConnectionState = ConnectionState()) -> Bool {
        let forward = walker.walk(packet, from: origin, leg: .forward, state: state)
        guard forward.deliveredAt == expected, let arrived = forward.deliveredPacket else { return false }
        guard !oneWay, let response = arrived.response else { return true }
        let back = walker.walk(response, from: expected, leg: .return, state: forward.state)
        return back.deliveredAt == origin && back.deliveredPacket?.destination == packet.source
    }

    /// Ports and protocols that the network's rules mention, and their neighbours, so that random packets hit
    /// rule edges and often get through.
    static func interestingValues(_ network: Network) -> (ports: [UInt16], protocols: [UInt8]) {
        var ports: Set<UInt16> = [22, 80, 443, 53, 3389, 1024, 32768, 65535, 0, 8080]
        var protocols: Set<UInt8> = [1, 6, 17, 47]
        func add(_ range: PortRange?) {
            guard let range else { return }
            ports.formUnion([range.lower, range.upper, range.lower &- 1, range.upper &+ 1])
        }
        func add(_ selector: ProtocolSelector) { if case .number(let n) = selector { protocols.insert(n) } }
        for group in network.securityGroups {
            for rule in group.inbound + group.outbound { add(rule.ports); add(rule.ipProtocol) }
        }
        for acl in network.networkACLs { for entry in acl.entries { add(entry.ports); add(entry.ipProtocol) } }
        // Load balancers' listener, target and health check ports, so that packets meet the nodes' rules.
        for loadBalancer in network.loadBalancers { ports.formUnion(loadBalancer.listeners.map(\.port)) }
        for group in network.targetGroups {
            ports.formUnion(group.targets.compactMap(\.port) + [group.port].compactMap { $0 } + [group.healthCheck?.port.flatMap { UInt16($0) }].compactMap { $0 })
        }
        return (ports.sorted(), protocols.sorted())
    }

    static func randomPacket(from: Place, to: Place, using random: inout SplitMix, values: (ports: [UInt16], protocols: [UInt8])) -> Packet {
        func address(_ place: Place) -> IPAddress {
            switch place {
            case .interface(_, let address), .internet(let address), .service(_, let address), .onPremises(let address): address
            }
        }
        let protocols: [UInt8] = [1, 1, 58, 58, 6, 6, 6, 17, 17] + values.protocols
        let ipProtocol = protocols.randomElement(using: &random)!
        let ports = values.ports
        let icmpTypes: [UInt8] = ipProtocol == IPProtocolNumber.icmpv6 ? [128, 128, 129, 1, 3] : [8, 8, 0, 3, 11, 13]
        return Packet(source: address(from), destination: address(to), ipProtocol: ipProtocol,
                      sourcePort: Bool.random(using: &random) ? ports.randomElement(using: &random)! : UInt16.random(in: 1024...65535, using: &random),
                      destinationPort: ports.randomElement(using: &random)!,
                      icmpType: icmpTypes.randomElement(using: &random)!, icmpCode: UInt8.random(in: 0...1, using: &random))
    }

    @Test(arguments: StageLab.seed.stages)
    func seedStagesAgree(stage: String) throws {
        let network = try Fixtures.load(Fixtures.seed(stage))
        let (agreed, delivered, _) = try Self.compare(network, count: 300, seed: stage.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        print("\(stage): \(agreed) packets agreed, \(delivered) delivered")
        #expect(agreed > 0)
    }

    @Test(arguments: StageLab.dataplane.stages)
    func dataplaneStagesAgree(stage: String) throws {
        let network = try Fixtures.load(StageLab.dataplane.directory(stage))
        let (agreed, delivered, _) = try Self.compare(network, count: 300, seed: stage.utf8.reduce(11) { $0 &* 31 &+ UInt64($1) })
        print("\(stage): \(agreed) packets agreed, \(delivered) delivered")
        #expect(agreed > 0 && delivered > 0)
    }

    /// Dual-stack stages: random packets of both families (pairs of different families are skipped).
    @Test(arguments: StageLab.ipv6.stages)
    func ipv6StagesAgree(stage: String) throws {
        let network = try Fixtures.load(StageLab.ipv6.directory(stage))
        let (agreed, delivered, deliveredIPv6) = try Self.compare(network, count: 500, seed: stage.utf8.reduce(13) { $0 &* 31 &+ UInt64($1) })
        print("\(stage): \(agreed) packets agreed, \(delivered) delivered (\(deliveredIPv6) IPv6)")
        #expect(agreed > 0 && deliveredIPv6 > 0)
    }

    /// Load balancer stages: random packets between the instances, the load balancers' nodes (as source and as
    /// destination) and outside places.
    @Test(arguments: StageLab.loadbalancer.stages)
    func loadbalancerStagesAgree(stage: String) throws {
        let network = try Fixtures.load(StageLab.loadbalancer.directory(stage))
        let nodes = Set(network.loadBalancers.flatMap { network.nodes(of: $0).map(\.id) })
        #expect(nodes.count == 4)
        let (agreed, delivered, _) = try Self.compare(network, count: 300, seed: stage.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) })
        print("\(stage): \(agreed) packets agreed, \(delivered) delivered")
        #expect(agreed > 0)
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func corpusSnapshotsAgree() throws {
        var total = 0, deliveredTotal = 0
        for scenario in try Fixtures.corpusScenarios() {
            let network = try Fixtures.load(Fixtures.scenario(scenario))
            let (agreed, delivered, _) = try Self.compare(network, count: 150, seed: 42)
            total += agreed
            deliveredTotal += delivered
        }
        print("corpus: \(total) packets agreed, \(deliveredTotal) delivered")
        #expect(total > 0 && deliveredTotal > 0)
    }
}

import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// A load balancer as a query's end rather than a hop (`NetworkModel/LoadBalancer+Ends.swift`): as the destination,
/// a proxy's listener (an Application Load Balancer's) ends the client's connection, a Network Load Balancer's TCP
/// listener passes it to a target; as the source, a node sends only the back leg of a forwarded connection (or a
/// health check), from its private address. Both engines are compared on packets to and from every node of the
/// load balancer lab's stages and of the corpus scenario `test-load-balancer`, and the answers are checked.
@Suite struct LoadBalancerEndsTests {
    static let lab = StageLab.loadbalancer

    /// Packets between every node and each instance's interface and an internet host, both ways, over the
    /// listener, target and health check ports and two others, each asked of both engines (`AgreementTests.compareOne`
    /// expects them to agree). The counts of packets compared and of those delivered to a node and from one.
    static func compareAtNodes(_ network: Network) throws -> (compared: Int, toNode: Int, fromNode: Int) {
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        let nodes = network.loadBalancers.flatMap { network.nodes(of: $0) }
        let hosts = network.networkInterfaces.filter { $0.instanceID != nil && network.loadBalancer(ofInterface: $0) == nil }
        var ports: Set<UInt16> = [22, 79]
        for loadBalancer in network.loadBalancers { ports.formUnion(loadBalancer.listeners.map(\.port)) }
        for group in network.targetGroups {
            ports.formUnion(group.targets.compactMap(\.port) + [group.port, group.healthCheck?.port.flatMap { UInt16($0) }].compactMap { $0 })
        }
        let client = IPAddress("198.51.100.7")!
        var compared = 0, toNode = 0, fromNode = 0
        for node in nodes {
            guard let nodeAddress = node.primaryAddress else { continue }
            var peers: [AgreementTests.Place] = hosts.compactMap { host in host.primaryAddress.map { .interface(host, $0) } }
            peers.append(.internet(client))
            for peer in peers {
                for port in ports.sorted() {
                    for ipProtocol in [IPProtocolNumber.tcp, IPProtocolNumber.udp] {
                        // To the node: at its public address from the internet, else at its private one.
                        let nodePlace: AgreementTests.Place
                        if case .internet = peer {
                            guard let publicAddress = node.addresses.first(where: { $0.address == nodeAddress })?.publicAddress else { continue }
                            nodePlace = .interface(node, publicAddress)
                        } else {
                            nodePlace = .interface(node, nodeAddress)
                        }
                        let peerAddress: IPAddress = switch peer {
                        case .interface(_, let address), .internet(let address), .service(_, let address), .onPremises(let address): address
                        }
                        let toPacket = Packet(source: peerAddress, destination: {
                            if case .interface(_, let address) = nodePlace { address } else { nodeAddress }
                        }(), ipProtocol: ipProtocol, sourcePort: 50000, destinationPort: port)
                        if let (_, concrete) = try AgreementTests.compareOne(network, engine: engine, walker: walker, from: peer, to: nodePlace,
                                                                              packet: toPacket, oneWay: false) {
                            compared += 1
                            if concrete { toNode += 1 }
                        }
                        // From the node (its private address), to an instance or the internet host.
                        let fromPacket = Packet(source: nodeAddress, destination: peerAddress, ipProtocol: ipProtocol, sourcePort: 40000, destinationPort: port)
                        if let (_, concrete) = try AgreementTests.compareOne(network, engine: engine, walker: walker, from: .interface(node, nodeAddress),
                                                                              to: peer, packet: fromPacket, oneWay: false) {
                            compared += 1
                            if concrete { fromNode += 1 }
                        }
                    }
                }
            }
        }
        return (compared, toNode, fromNode)
    }

    @Test(arguments: StageLab.loadbalancer.stages)
    func labNodesAgreeAsSourceAndDestination(stage: String) throws {
        let network = try Fixtures.load(Self.lab.directory(stage))
        let (compared, toNode, fromNode) = try Self.compareAtNodes(network)
        print("\(stage): \(compared) packets to and from the nodes compared, \(toNode) delivered to a node's listener or through it, \(fromNode) from a node")
        #expect(compared > 0)
        if stage == "01-working" { #expect(toNode > 0 && fromNode > 0) }
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func corpusNodesAgreeAsSourceAndDestination() throws {
        let network = try Fixtures.load(Fixtures.scenario("test-load-balancer"))
        let (compared, toNode, fromNode) = try Self.compareAtNodes(network)
        print("test-load-balancer: \(compared) packets to and from the nodes compared, \(toNode) delivered at or through a node, \(fromNode) from a node")
        #expect(compared > 0 && toNode > 0 && fromNode > 0)
    }

    // MARK: Answers

    /// The Application Load Balancer by name: the listener ends the connection, whatever the targets (stage 05 has
    /// none registered); the Network Load Balancer's TCP listener passes it through, so its targets decide (stage 07:
    /// web-sg does not admit the client's preserved address).
    @Test func destinationIsTheListenerOfAProxyAndTheTargetsOfAPassThrough() throws {
        let (alb, _) = try Self.lab.ask("05-target-not-registered", "can internet reach web-alb on tcp/80")
        #expect(alb.answer.verdict == .reachable, "\(AnswerRendering.text(alb))")
        let last = try #require(alb.answer.forward?.hops.last)
        #expect(last.component == "web-alb" && last.detail.contains("listener HTTP:80") && last.detail.contains("accepts the connection"), "\(last.detail)")
        #expect(alb.answer.returnWalk?.deliveredAt == .internet)
        let (closed, _) = try Self.lab.ask("05-target-not-registered", "can internet reach web-alb on tcp/81")
        // lb-sg admits only tcp/80, and no listener takes 81: both change.
        #expect(Set(closed.answer.blockers.map(\.code)) == [.loadBalancerListenersMismatch, .networkInterfaceSecurityGroupRulesMismatch],
                "\(AnswerRendering.text(closed))")
        let (nlb, _) = try Self.lab.ask("07-nlb-client-ip", "can internet reach api-nlb on tcp/8080")
        #expect(nlb.answer.verdict == .unreachable && nlb.answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch], "\(AnswerRendering.text(nlb))")
    }

    /// The load balancer as the source: its back leg (from a node's private address to a target on the target's
    /// port) is reachable; anything else a node never sends, and the answer says so, with no blocker to fix.
    @Test func sourceIsTheBackLeg() throws {
        let backLeg = try Self.lab.expectReachable("01-working", "can web-alb reach web-a on tcp/80", through: ["lb-sg", "web-sg"])
        let network = try Fixtures.load(Self.lab.directory("01-working"))
        let sender = try #require(backLeg.answer.packet?.source)
        let alb = try #require(network.loadBalancer("web-alb"))
        #expect(network.nodes(of: alb).compactMap(\.primaryAddress).contains(sender), "\(sender)")
        // api-nlb's node in us-east-1b routes only to web-b (cross-zone off), on 8080.
        try Self.lab.expectReachable("01-working", "can api-nlb reach web-b on tcp/8080")
        for query in ["can web-alb reach web-a on tcp/22", "can web-alb reach internet on tcp/443", "can api-nlb reach web-a on tcp/80"] {
            let (other, _) = try Self.lab.ask("01-working", query)
            #expect(other.answer.verdict == .unreachable && other.answer.blockers.isEmpty, "\(query)\n\(AnswerRendering.text(other))")
            #expect(AnswerRendering.text(other).contains("starts no connection of its own"), "\(query)\n\(AnswerRendering.text(other))")
        }
    }
}

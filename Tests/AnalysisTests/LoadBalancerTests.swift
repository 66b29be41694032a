import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The internal Network Load Balancer of the corpus scenario `test-load-balancer` (listener TCP:80 → target group
/// test-lb-tg, instance targets registered on port 22, cross-zone on), and copies of its JSON edited to show one
/// misconfiguration at a time. Every verdict is checked against the walker: a reachable answer's witness is replayed
/// by the engine, and `agreement` compares the two engines on every packet of a small grid.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerTests {
    static let directory = Fixtures.scenario("test-load-balancer")
    static let jumpHost = "eni-038def4bc4303c3e6"      // i-0c8ce8bbdd98cc4e8 Jump Host, 10.1.250.112, us-east-2c
    static let nodeA = "eni-0c82d6f7254ae6695"         // 10.1.20.123, us-east-2a
    static let nodeB = "eni-01f261dccaba46564"         // 10.1.1.237, us-east-2b
    static let targetA = "eni-02e730a1b02dbc756"       // i-0f4af951d61a19245 test20, 10.1.20.95, us-east-2a
    static let targetB = "eni-0a4486d9ba39d5e3e"       // i-055b0db7be365202c test1, 10.1.1.189, us-east-2b
    static let groupARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/test-lb-tg/8e891d8fcdf8ece8"
    static let lbARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba"

    static func query(_ network: Network, to nodes: [String] = [nodeA, nodeB], port: UInt16, ipProtocol: UInt8 = IPProtocolNumber.tcp) -> TrafficQuery {
        let destinations = nodes.compactMap { network.networkInterface($0) }.map { Endpoint.interface($0.id, addresses: $0.addresses.map(\.address)) }
        let source = network.networkInterface(jumpHost)!
        return TrafficQuery(sources: [.interface(source.id, addresses: source.addresses.map(\.address))], destinations: destinations,
                            traffic: TrafficSpec(ipProtocol: ipProtocol, destinationPorts: PortRange(port, port)))
    }

    /// The walk of one packet from the jump host to a node, on the flow-hash choice `target` (nil: the first that delivers).
    static func walk(_ network: Network, to node: String, port: UInt16, target: String? = nil) -> Walk {
        let packet = Packet(source: IPAddress("10.1.250.112")!, destination: network.networkInterface(node)!.primaryAddress!,
                            ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: port)
        return PacketWalker(network: network).walk(packet, from: .networkInterface(jumpHost), leg: .forward,
                                                    state: ConnectionState(loadBalancerTarget: target))
    }

    static func edited(_ body: (inout EditedSnapshot) -> Void) throws -> Network {
        var snapshot = try EditedSnapshot(copying: directory)
        body(&snapshot)
        return try snapshot.load()
    }

    /// Sets the health of one target of test-lb-tg.
    static func setHealth(_ snapshot: inout EditedSnapshot, _ instance: String, _ state: String) {
        snapshot.editEach("LoadBalancerTargetHealth") { entry in
            var descriptions = entry["TargetHealthDescriptions"] as? [EditedSnapshot.Object] ?? []
            for index in descriptions.indices where (descriptions[index]["Target"] as? EditedSnapshot.Object)?["Id"] as? String == instance {
                descriptions[index]["TargetHealth"] = ["State": state]
            }
            entry["TargetHealthDescriptions"] = descriptions
        }
    }

    // MARK: The corpus as captured

    @Test func jumpHostReachesTheTargetsThroughTheLoadBalancer() throws {
        let network = try Fixtures.load(Self.directory)
        let answer = try ReachabilityEngine(network: network).answer(Self.query(network, port: 80))
        #expect(answer.verdict == .reachable)
        let forward = try #require(answer.forward)
        let delivered = try #require(forward.deliveredPacket)
        #expect(delivered.destinationPort == 22)
        #expect([Self.targetA, Self.targetB].map { Location.networkInterface($0) }.contains(forward.deliveredAt!))
        // Client IP preservation is on by default for instance targets of a Network Load Balancer.
        #expect(delivered.source == IPAddress("10.1.250.112"))
        let kinds = forward.hops.map(\.kind)
        #expect(Array(kinds.prefix(7)) == [.networkInterface, .securityGroup, .routeTable, .networkACL, .networkACL, .loadBalancer, .routeTable])
        #expect(Array(kinds.suffix(2)) == [.securityGroup, .networkInterface])
        let hop = try #require(forward.hops.first { $0.kind == .loadBalancer })
        #expect(hop.component == "test-lb")
        #expect(hop.detail.contains("listener TCP:80") && hop.detail.contains("port 22 of target group test-lb-tg"))
        let back = try #require(answer.returnWalk)
        #expect(back.deliveredAt == .networkInterface(Self.jumpHost))
        #expect(back.deliveredPacket?.source == network.networkInterface(forward.hops[5].detail.contains(Self.nodeA) ? Self.nodeA : Self.nodeB)!.primaryAddress)
        #expect(back.deliveredPacket?.sourcePort == 80)
        #expect(back.hops.contains { $0.kind == .loadBalancer })
    }

    /// The exact hops of the connection node A gives to target A (the same subnet: no network ACL after the node).
    @Test func exactHopsThroughNodeA() throws {
        let network = try Fixtures.load(Self.directory)
        let walk = Self.walk(network, to: Self.nodeA, port: 80, target: Self.targetA)
        let hops = walk.hops.map { "\($0.component) [\($0.kind.rawValue)]" }
        #expect(hops == ["eni-038def4bc4303c3e6 [network-interface]", "sg-0a74e5595da78724d [security-group]", "rtb-03e864dec998e5a93 [route-table]",
                         "acl-03881316d16ba9771 [network-acl]", "acl-03881316d16ba9771 [network-acl]", "test-lb [load-balancer]",
                         "rtb-08a3882c161001ceb [route-table]", "sg-09dabbcbd3f44ebcf [security-group]", "eni-02e730a1b02dbc756 [network-interface]"])
        #expect(walk.hops[5].detail == "listener TCP:80 on node eni-0c82d6f7254ae6695 (10.1.20.123, us-east-2a) forwards to target i-0f4af951d61a19245 (eni-02e730a1b02dbc756) 10.1.20.95 port 22 of target group test-lb-tg (healthy); keeps the client's address 10.1.250.112")
        #expect(walk.deliveredPacket == Packet(source: IPAddress("10.1.250.112")!, destination: IPAddress("10.1.20.95")!, ipProtocol: IPProtocolNumber.tcp,
                                               sourcePort: 40000, destinationPort: 22))
        // Node A to target B crosses the boundary between their subnets: two more network ACL hops.
        let across = Self.walk(network, to: Self.nodeA, port: 80, target: Self.targetB)
        #expect(across.deliveredAt == .networkInterface(Self.targetB))
        #expect(across.hops.filter { $0.kind == .networkACL }.count == 4)
    }

    /// A query to a target instance is answered through the load balancer too: the jump host reaches test20's
    /// tcp/22 by connecting to the listener on tcp/80, which its own security group rules (tcp/22 only) do not show.
    @Test func aQueryToATargetGoesThroughTheLoadBalancer() throws {
        let network = try Fixtures.load(Self.directory)
        let target = try #require(network.networkInterface(Self.targetA))
        let source = try #require(network.networkInterface(Self.jumpHost))
        func query(_ port: UInt16) -> TrafficQuery {
            TrafficQuery(sources: [.interface(source.id, addresses: source.addresses.map(\.address))],
                         destinations: [.interface(target.id, addresses: target.addresses.map(\.address))],
                         traffic: TrafficSpec(ipProtocol: IPProtocolNumber.tcp, destinationPorts: PortRange(port, port)))
        }
        let engine = ReachabilityEngine(network: network)
        let through = try engine.answer(query(80))
        #expect(through.verdict == .reachable)
        #expect(through.forward?.deliveredAt == .networkInterface(Self.targetA))
        #expect(through.forward?.deliveredPacket?.destinationPort == 22)
        #expect(through.forward?.hops.contains { $0.kind == .loadBalancer && $0.detail.contains("port 22") } == true)
        // Straight to the instance on tcp/22: no load balancer on the way.
        let direct = try engine.answer(query(22))
        #expect(direct.verdict == .reachable)
        #expect(direct.forward?.hops.contains { $0.kind == .loadBalancer } == false)
        // tcp/443: no listener, and the instance's group allows only tcp/22.
        let blocked = try engine.answer(query(443))
        #expect(blocked.verdict == .unreachable)
        // One change opens it: a rule in the instance's group (directly), or a listener on tcp/443 (through the load
        // balancer); both are smallest, and the search names one of them.
        #expect(blocked.blockers.count == 1)
        #expect([BlockerCode.networkInterfaceSecurityGroupRulesMismatch, .loadBalancerListenersMismatch].contains(blocked.blockers.first?.code), "\(blocked.blockers)")
    }

    /// The query language names a load balancer by name, ARN or DNS name; a witness through it is a proof that holds.
    @Test(arguments: ["can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/80",
                      "can i-0c8ce8bbdd98cc4e8 reach \(lbARN) on tcp/80",
                      "can i-0c8ce8bbdd98cc4e8 reach test-lb-725b996cb6be8fba.elb.us-east-2.amazonaws.com on tcp/80",
                      "can i-0c8ce8bbdd98cc4e8 reach test20 on tcp/80"])
    func witnessThroughTheLoadBalancerHolds(_ query: String) throws {
        let (result, document, folder) = try ProofSupport.export(Self.directory, query)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(result.answer.verdict == .reachable)
        guard case .witness(let witness) = document else { Issue.record("expected a witness"); return }
        #expect(witness.forward.contains { $0.kind == .loadBalancer })
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .holds, "\(verification.text)")
    }

    @Test func everyNodeReachesEveryTargetWithCrossZoneOn() throws {
        let network = try Fixtures.load(Self.directory)
        for node in [Self.nodeA, Self.nodeB] {
            for target in [Self.targetA, Self.targetB] {
                let walk = Self.walk(network, to: node, port: 80, target: target)
                #expect(walk.deliveredAt == .networkInterface(target), "\(node) → \(target):\n\(walk)")
                #expect(walk.deliveredPacket?.destinationPort == 22)
            }
        }
    }

    @Test func noListenerOnThePort() throws {
        let network = try Fixtures.load(Self.directory)
        let answer = try ReachabilityEngine(network: network).answer(Self.query(network, port: 443))
        #expect(answer.verdict == .unreachable)
        #expect(answer.blockers.map(\.code) == [.loadBalancerListenersMismatch], "\(answer.blockers)")
        #expect(answer.blockers.first?.checkpoint == .loadBalancerListener("test-lb"))
        #expect(answer.blockers.first?.message == "load balancer test-lb has no listener for tcp port 443: it listens on TCP:80")
        let walk = Self.walk(network, to: Self.nodeA, port: 443)
        #expect(walk.drop?.code == .loadBalancerListenersMismatch && walk.drop?.checkpoint == .loadBalancerListener("test-lb"))
        #expect(walk.drop?.message == "load balancer test-lb has no listener for tcp port 443: it listens on TCP:80")
        // A UDP packet to port 80: the TCP listener does not take it.
        #expect(try ReachabilityEngine(network: network).answer(Self.query(network, port: 80, ipProtocol: IPProtocolNumber.udp)).verdict == .unreachable)
    }

    // MARK: Edited copies

    @Test func anUnhealthyTargetAmongHealthyOnesGetsNoConnection() throws {
        let network = try Self.edited { Self.setHealth(&$0, "i-0f4af951d61a19245", "unhealthy") }
        let node = try #require(network.networkInterface(Self.nodeA))
        let loadBalancer = try #require(network.loadBalancer("test-lb"))
        let forwards = network.forwards(of: loadBalancer, node: node, listener: loadBalancer.listeners[0], family: .ipv4).forwards
        #expect(forwards.map(\.interface.id) == [Self.targetB])
        let answer = try ReachabilityEngine(network: network).answer(Self.query(network, port: 80))
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.deliveredAt == .networkInterface(Self.targetB))
        // The walker does not send a connection to the unhealthy target even when asked to.
        #expect(Self.walk(network, to: Self.nodeA, port: 80, target: Self.targetA).drop?.code == .targetUnhealthy)
    }

    @Test func allTargetsUnhealthyFailsOpen() throws {
        let network = try Self.edited {
            Self.setHealth(&$0, "i-0f4af951d61a19245", "unhealthy")
            Self.setHealth(&$0, "i-055b0db7be365202c", "unhealthy")
        }
        for target in [Self.targetA, Self.targetB] {
            #expect(Self.walk(network, to: Self.nodeA, port: 80, target: target).deliveredAt == .networkInterface(target))
        }
        #expect(try ReachabilityEngine(network: network).answer(Self.query(network, port: 80)).verdict == .reachable)
    }

    @Test func crossZoneOffKeepsANodeToItsZone() throws {
        // Cross-zone off, and only the target in us-east-2b registered.
        let network = try Self.edited { snapshot in
            snapshot.editEach("LoadBalancerAttributes") { entry in
                entry["Attributes"] = [["Key": "load_balancing.cross_zone.enabled", "Value": "false"]]
            }
            snapshot.editEach("LoadBalancerTargetHealth") { entry in
                entry["TargetHealthDescriptions"] = (entry["TargetHealthDescriptions"] as? [EditedSnapshot.Object] ?? []).filter {
                    ($0["Target"] as? EditedSnapshot.Object)?["Id"] as? String == "i-055b0db7be365202c"
                }
            }
        }
        #expect(network.loadBalancer("test-lb")?.isCrossZone == false)
        let walk = Self.walk(network, to: Self.nodeA, port: 80)
        #expect(walk.drop?.code == .loadBalancerNotCrossZone, "\(walk)")
        #expect(Self.walk(network, to: Self.nodeB, port: 80).deliveredAt == .networkInterface(Self.targetB))
        let engine = ReachabilityEngine(network: network)
        let throughA = try engine.answer(Self.query(network, to: [Self.nodeA], port: 80))
        #expect(throughA.verdict == .unreachable)
        // A blocker now (its fix turns cross-zone load balancing on: LoadBalancerBlockerTests).
        #expect(throughA.blockers.map(\.code) == [.loadBalancerNotCrossZone], "\(throughA.blockers)")
        let throughB = try engine.answer(Self.query(network, to: [Self.nodeB], port: 80))
        #expect(throughB.verdict == .reachable)
        #expect(throughB.forward?.deliveredAt == .networkInterface(Self.targetB))
    }

    /// Allows tcp/22 into the targets' security group from 10.1.20.0/24 only.
    static func restrictTargets(_ snapshot: inout EditedSnapshot) {
        snapshot.editEach("SecurityGroups") { group in
            guard group["GroupId"] as? String == "sg-09dabbcbd3f44ebcf" else { return }
            group["IpPermissions"] = [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [["CidrIp": "10.1.20.0/24"]]]]
        }
    }

    @Test func theTargetsSecurityGroupSeesTheClientsAddress() throws {
        let network = try Self.edited(Self.restrictTargets)
        let answer = try ReachabilityEngine(network: network).answer(Self.query(network, port: 80))
        #expect(answer.verdict == .unreachable)
        #expect(answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch], "\(answer.blockers)")
        #expect(answer.blockers.first?.component == "sg-09dabbcbd3f44ebcf")
        #expect(answer.blockers.first?.message.contains("10.1.250.112") == true, "\(answer.blockers)")
        let walk = Self.walk(network, to: Self.nodeA, port: 80)
        #expect(walk.drop?.code == .networkInterfaceSecurityGroupRulesMismatch)
    }

    @Test func withoutClientIPPreservationTheTargetSeesTheNode() throws {
        let network = try Self.edited { snapshot in
            Self.restrictTargets(&snapshot)
            snapshot.append("TargetGroupAttributes", ["TargetGroupArn": Self.groupARN,
                                                      "Attributes": [["Key": "preserve_client_ip.enabled", "Value": "false"]]])
        }
        // Node A (10.1.20.123) is in 10.1.20.0/24; node B (10.1.1.237) is not.
        let answer = try ReachabilityEngine(network: network).answer(Self.query(network, port: 80))
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.deliveredPacket?.source == IPAddress("10.1.20.123"))
        #expect(Self.walk(network, to: Self.nodeB, port: 80).drop?.code == .networkInterfaceSecurityGroupRulesMismatch)
        let back = try #require(answer.returnWalk)
        #expect(back.deliveredPacket?.source == IPAddress("10.1.20.123") && back.deliveredPacket?.sourcePort == 80)
        let noB = try ReachabilityEngine(network: network).answer(Self.query(network, to: [Self.nodeB], port: 80))
        #expect(noB.verdict == .unreachable)
        #expect(noB.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch])
    }

    /// Walker and SMT on TCP packets from the jump host to each node's private address on `ports`, both ways and one
    /// way, compared by `AgreementTests.compareOne` (delivered at the node's listener, or to a target it routes to).
    /// How many were delivered.
    static func nodeGrid(_ network: Network, ports: [UInt16]) throws -> Int {
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        let client = IPAddress("10.1.250.112")!
        let jump = try #require(network.networkInterface(jumpHost))
        var delivered = 0
        for node in [nodeA, nodeB] {
            let nodeInterface = try #require(network.networkInterface(node))
            let nodeAddress = try #require(nodeInterface.primaryAddress)
            for port in ports {
                for oneWay in [false, true] {
                    let packet = Packet(source: client, destination: nodeAddress, ipProtocol: IPProtocolNumber.tcp, sourcePort: 50000, destinationPort: port)
                    if let (_, concrete) = try AgreementTests.compareOne(network, engine: engine, walker: walker, from: .interface(jump, client),
                                                                          to: .interface(nodeInterface, nodeAddress), packet: packet, oneWay: oneWay), concrete {
                        delivered += 1
                    }
                }
            }
        }
        return delivered
    }

    /// The load balancer made internet-facing (`LoadBalancerScenario.makeInternetFacing`).
    static func internetFacing() throws -> Network {
        try edited(LoadBalancerScenario.makeInternetFacing)
    }

    @Test func theInternetReachesAnInternetFacingLoadBalancer() throws {
        let network = try Self.internetFacing()
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask("can internet reach test-lb on tcp/80")
        #expect(result.answer.verdict == .reachable)
        let forward = try #require(result.answer.forward)
        #expect(forward.hops.map(\.kind) == [.internet, .internetGateway, .networkACL, .loadBalancer, .routeTable, .securityGroup, .networkInterface]
                || forward.hops.map(\.kind) == [.internet, .internetGateway, .networkACL, .loadBalancer, .routeTable, .networkACL, .networkACL, .securityGroup, .networkInterface],
                "\(forward)")
        #expect(forward.deliveredPacket?.destinationPort == 22)
        let back = try #require(result.answer.returnWalk)
        #expect(back.deliveredAt == .internet)
        #expect(["3.3.3.1", "3.3.3.2"].map { IPAddress($0) }.contains(back.deliveredPacket?.source), "\(back)")
        #expect(back.deliveredPacket?.sourcePort == 80)
        // The internet reaches a target instance through it (on the listener's port), but not on another port.
        #expect(try questions.ask("can internet reach test20 on tcp/80").answer.verdict == .reachable)
        #expect(try questions.ask("can internet reach test-lb on tcp/22").answer.verdict == .unreachable)
        // As captured (internal), the nodes have no public address: the internet does not reach it.
        let captured = try ReachabilityQuestions(network: try Fixtures.load(Self.directory)).ask("can internet reach test-lb on tcp/80").answer
        #expect(captured.verdict == .unreachable)
        #expect(captured.blockers.isEmpty, "\(captured.blockers)")
        #expect(captured.note?.contains("load balancer test-lb is internal: only an internet-facing load balancer is reached from the internet") == true, "\(captured.note ?? "no note")")
    }

    /// The load balancer given a security group (on its nodes too), with these rules.
    static func withGroup(inbound: [EditedSnapshot.Object], outbound: [EditedSnapshot.Object]) throws -> Network {
        try edited { snapshot in
            snapshot.editEach("LoadBalancers") { $0["SecurityGroups"] = ["sg-0lb"] }
            snapshot.editEach("NetworkInterfaces") { interface in
                guard [nodeA, nodeB].contains(interface["NetworkInterfaceId"] as? String ?? "") else { return }
                interface["Groups"] = [["GroupId": "sg-0lb", "GroupName": "lb"]]
            }
            snapshot.append("SecurityGroups", ["GroupId": "sg-0lb", "GroupName": "lb", "Description": "load balancer", "VpcId": "vpc-015b20578b48c1349",
                                               "IpPermissions": inbound, "IpPermissionsEgress": outbound])
        }
    }

    static func rule(_ port: Int, _ cidr: String) -> EditedSnapshot.Object {
        ["IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [["CidrIp": cidr]]]
    }

    @Test func theLoadBalancersSecurityGroupAppliesBothWays() throws {
        // Inbound tcp/80 from the VPC, outbound tcp/22 to the VPC: open.
        let open = try Self.withGroup(inbound: [Self.rule(80, "10.1.0.0/16")], outbound: [Self.rule(22, "10.1.0.0/16")])
        #expect(open.loadBalancer("test-lb")?.filtersInbound == true)
        let answer = try ReachabilityEngine(network: open).answer(Self.query(open, port: 80))
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.hops.filter { $0.component == "sg-0lb" }.count == 2, "\(answer.forward.map(\.description) ?? "")")
        // Outbound only tcp/443: the node cannot send to the targets' port 22.
        let closedOut = try Self.withGroup(inbound: [Self.rule(80, "10.1.0.0/16")], outbound: [Self.rule(443, "0.0.0.0/0")])
        let blockedOut = try ReachabilityEngine(network: closedOut).answer(Self.query(closedOut, port: 80))
        #expect(blockedOut.verdict == .unreachable)
        #expect(blockedOut.blockers.map(\.checkpoint).allSatisfy { [.securityGroups(interface: Self.nodeA, .outbound), .securityGroups(interface: Self.nodeB, .outbound)].contains($0) },
                "\(blockedOut.blockers)")
        #expect(blockedOut.blockers.count == 1 && blockedOut.blockers.first?.code == .networkInterfaceSecurityGroupRulesMismatch)
        #expect(Self.walk(closedOut, to: Self.nodeA, port: 80).drop?.checkpoint == .securityGroups(interface: Self.nodeA, .outbound))
        // Inbound only from 10.1.20.0/24: the jump host (10.1.250.112) is not let in.
        let closedIn = try Self.withGroup(inbound: [Self.rule(80, "10.1.20.0/24")], outbound: [Self.rule(22, "10.1.0.0/16")])
        let blockedIn = try ReachabilityEngine(network: closedIn).answer(Self.query(closedIn, port: 80))
        #expect(blockedIn.verdict == .unreachable)
        #expect(blockedIn.blockers.count == 1 && blockedIn.blockers.first?.direction == .inbound && blockedIn.blockers.first?.component == "sg-0lb",
                "\(blockedIn.blockers)")
        #expect(Self.walk(closedIn, to: Self.nodeB, port: 80).drop?.checkpoint == .securityGroups(interface: Self.nodeB, .inbound))
    }

    // MARK: Agreement

    /// The SMT encoding admits a packet from the jump host to a node exactly when the walker delivers it, there and
    /// back, on some target the node may pick.
    @Test(arguments: ["as captured", "unhealthy", "cross-zone off", "blocking group", "no preservation", "internet-facing", "load balancer group"])
    func agreement(_ variant: String) throws {
        let network: Network
        switch variant {
        case "unhealthy": network = try Self.edited { Self.setHealth(&$0, "i-0f4af951d61a19245", "unhealthy") }
        case "cross-zone off":
            network = try Self.edited { snapshot in
                snapshot.editEach("LoadBalancerAttributes") { $0["Attributes"] = [["Key": "load_balancing.cross_zone.enabled", "Value": "false"]] }
                snapshot.editEach("LoadBalancerTargetHealth") { entry in
                    entry["TargetHealthDescriptions"] = (entry["TargetHealthDescriptions"] as? [EditedSnapshot.Object] ?? []).filter {
                        ($0["Target"] as? EditedSnapshot.Object)?["Id"] as? String == "i-055b0db7be365202c"
                    }
                }
            }
        case "blocking group": network = try Self.edited(Self.restrictTargets)
        case "no preservation":
            network = try Self.edited { snapshot in
                Self.restrictTargets(&snapshot)
                snapshot.append("TargetGroupAttributes", ["TargetGroupArn": Self.groupARN,
                                                          "Attributes": [["Key": "preserve_client_ip.enabled", "Value": "false"]]])
            }
        case "internet-facing": network = try Self.internetFacing()
        case "load balancer group": network = try Self.withGroup(inbound: [Self.rule(80, "10.1.0.0/16"), Self.rule(443, "10.1.0.0/16")],
                                                                 outbound: [Self.rule(22, "10.1.20.0/24")])
        default: network = try Fixtures.load(Self.directory)
        }
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        var delivered = 0
        // The jump host, and (internet-facing) a host on the internet at the nodes' public addresses.
        let internetHost = IPAddress("198.51.100.7")!
        var clients: [(source: Endpoint, origin: Location, address: IPAddress)] = [
            (.interface(Self.jumpHost, addresses: [IPAddress("10.1.250.112")!]), .networkInterface(Self.jumpHost), IPAddress("10.1.250.112")!),
        ]
        if variant == "internet-facing" { clients.append((.internetHost(internetHost), .internet, internetHost)) }
        for client in clients {
        for node in [Self.nodeA, Self.nodeB] {
            let nodeInterface = try #require(network.networkInterface(node))
            let fromInternet = client.origin == .internet
            let nodeAddress = fromInternet ? nodeInterface.addresses[0].publicAddress! : nodeInterface.primaryAddress!
            for ipProtocol in [IPProtocolNumber.tcp, IPProtocolNumber.udp] {
                for port: UInt16 in [22, 79, 80, 81, 443] {
                    for oneWay in [false, true] {
                        let packet = Packet(source: client.address, destination: nodeAddress, ipProtocol: ipProtocol,
                                            sourcePort: 50000, destinationPort: port)
                        let query = TrafficQuery(sources: [client.source],
                                                 destinations: [fromInternet ? .publicAddressOf(node) : .interface(node, addresses: nodeInterface.addresses.map(\.address))],
                                                 traffic: TrafficSpec(ipProtocol: nil, sourcePorts: .all), oneWay: oneWay)
                        let smt = try engine.admits(query, packet: packet)
                        let concrete = [Self.targetA, Self.targetB].contains { target in
                            let forward = walker.walk(packet, from: client.origin, leg: .forward,
                                                      state: ConnectionState(loadBalancerTarget: target))
                            guard forward.deliveredAt == .networkInterface(target), let arrived = forward.deliveredPacket else { return false }
                            guard !oneWay, let response = arrived.response else { return true }
                            let back = walker.walk(response, from: .networkInterface(target), leg: .return, state: forward.state)
                            return back.deliveredAt == client.origin && back.deliveredPacket?.destination == packet.source
                                && back.deliveredPacket?.source == nodeAddress && back.deliveredPacket?.sourcePort == port
                        }
                        #expect(smt == concrete, "\(variant): \(packet) to \(node) oneWay=\(oneWay): SMT \(String(describing: smt)), walker \(concrete)")
                        if concrete { delivered += 1 }
                    }
                }
            }
        }
        }
        // Each variant but the blocking group lets something through (port 80 over TCP), so that the comparison is
        // not only of drops; the blocking group blocks every packet (the targets see the client's address).
        #expect(variant == "blocking group" ? delivered == 0 : delivered > 0, "\(variant): \(delivered) delivered")
    }
}

import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Every stage of the VPC peering lab (Queries/seed), every learner mistake in it, in both directions.
@Suite struct SeedStageTests {
    static let lab = StageLab.seed
    static let a = SeedLab.a
    static let b = SeedLab.b

    static func ask(_ stage: String, _ query: String) throws -> (QuestionResult, Network) { try lab.ask(stage, query) }

    /// Asserts the verdict is unreachable with exactly these blockers ("CODE Name direction leg", order-insensitive).
    static func expectBlockers(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lab.expectBlockers(stage, query, expected, sourceLocation: sourceLocation)
    }

    @discardableResult
    static func expectReachable(_ stage: String, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionResult {
        try lab.expectReachable(stage, query, sourceLocation: sourceLocation)
    }

    static let ping = SeedLab.ping
    static let pingBack = SeedLab.pingBack
    static let instanceConnect = SeedLab.instanceConnect

    @Test func stage01NoPeering() throws {
        try Self.expectBlockers("01-no-peering", Self.ping, [
            "NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public - forward",
            "NO_PEERING_CONNECTION vpc-of:\(Self.a) - forward",
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - return",
        ])
        try Self.expectBlockers("01-no-peering", Self.pingBack, [
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - forward",
            "NO_PEERING_CONNECTION vpc-of:\(Self.b) - forward",
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public - return",
        ])
        // The route table's sentence says why: the default route goes to the internet gateway.
        let (result, _) = try Self.ask("01-no-peering", Self.ping)
        let route = try #require(result.answer.blockers.first { $0.leg == .forward && $0.code == .noRouteToDestination })
        #expect(route.message.contains("no route to 10.2.0.0/16 in rtb-"))
        #expect(route.message.contains("its default route sends the packet to igw-") && route.message.contains("does not carry private addresses"))
    }

    @Test func stage02PeeringPendingAcceptance() throws {
        try Self.expectBlockers("02-peering-pending", Self.ping, [
            "NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public - forward",
            "BAD_STATE NextWork-peering - forward",
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - return",
        ])
        try Self.expectBlockers("02-peering-pending", Self.pingBack, [
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - forward",
            "BAD_STATE NextWork-peering - forward",
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public - return",
        ])
        let (result, _) = try Self.ask("02-peering-pending", Self.ping)
        let state = try #require(result.answer.blockers.first { $0.code == .badState })
        #expect(state.message.contains("pending-acceptance") && state.message.contains("accept"))
    }

    @Test func stage03ActiveWithoutRoutes() throws {
        try Self.expectBlockers("03-peering-active-no-routes", Self.ping, [
            "NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public - forward",
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - return",
        ])
        try Self.expectBlockers("03-peering-active-no-routes", Self.pingBack, [
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - forward",
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public - return",
        ])
    }

    @Test func stage04RouteOneWayOnly() throws {
        // The forward route exists; the echo reply has no way back: both the reply route and the SG are named.
        try Self.expectBlockers("04-route-one-way", Self.ping, [
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - return",
        ])
        try Self.expectBlockers("04-route-one-way", Self.pingBack, [
            "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public - forward",
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
        // One way, the forward path alone only lacks the security group rule.
        let network = try Fixtures.load(Fixtures.seed("04-route-one-way"))
        let oneWay = try ReachabilityQuestions(network: network).ask(Self.ping, oneWay: true)
        #expect(oneWay.answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch])
    }

    @Test func stage05SecurityGroupWithoutICMP() throws {
        try Self.expectBlockers("05-routes-sg-blocks-icmp", Self.ping, [
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
        ])
        try Self.expectBlockers("05-routes-sg-blocks-icmp", Self.pingBack, [
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
        let (result, _) = try Self.ask("05-routes-sg-blocks-icmp", Self.ping)
        #expect(result.answer.blockers.first?.message.hasSuffix("inbound: no rule allows ICMP echo-request from 10.1.0.10") == true,
                "\(result.answer.blockers)")
        // Other traffic is blocked by the same group, and SSH from the peer too.
        try Self.expectBlockers("05-routes-sg-blocks-icmp", "can \(Self.a) reach \(Self.b) on tcp/22", [
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
        ])
    }

    @Test func stage06PingWorks() throws {
        let result = try Self.expectReachable("06-ping-works", Self.ping)
        let forward = try #require(result.answer.forward)
        let back = try #require(result.answer.returnWalk)
        let kinds = forward.hops.map(\.kind)
        #expect(kinds.contains(.peeringConnection) && kinds.contains(.routeTable) && kinds.contains(.securityGroup))
        #expect(forward.hops.contains { $0.kind == .securityGroup && $0.detail.contains("10.1.0.0/16") })
        #expect(back.hops.contains { $0.kind == .routeTable && $0.detail.contains("10.1.0.0/16") })
        #expect(result.answer.packet?.icmpType == 8 && result.answer.packet?.destination.description == "10.2.0.10")
        // The fix was scoped to ICMP from the peer: the reverse direction and SSH stay blocked.
        try Self.expectBlockers("06-ping-works", Self.pingBack, [
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
        try Self.expectBlockers("06-ping-works", "can \(Self.a) reach \(Self.b) on tcp/22", [
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
        ])
    }

    @Test func stage07InstanceConnectWithoutPublicIP() throws {
        try Self.expectBlockers("07-eic-no-public-ip", Self.instanceConnect, [
            "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS eni-of:\(Self.a) - forward",
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
        try Self.expectBlockers("07-eic-no-public-ip", "can \(Self.a) reach internet on tcp/443", [
            "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS eni-of:\(Self.a) - forward",
        ])
    }

    @Test func stage08ElasticIPButNoSSHRule() throws {
        try Self.expectBlockers("08-eic-elastic-ip-no-ssh-rule", Self.instanceConnect, [
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
        try Self.expectReachable("08-eic-elastic-ip-no-ssh-rule", "can \(Self.a) reach internet on tcp/443")
    }

    @Test func stage09InstanceConnectWorks() throws {
        let result = try Self.expectReachable("09-eic-works", Self.instanceConnect)
        let source = try #require(result.answer.packet?.source)
        #expect(IPPrefix("18.206.107.24/29")!.contains(source), "the witness comes from EC2 Instance Connect's range")
        #expect(result.answer.forward?.hops.contains { $0.kind == .internetGateway && $0.detail.contains("translates destination") } == true)
        #expect(result.answer.returnWalk?.hops.contains { $0.kind == .internetGateway && $0.detail.contains("translates source") } == true)
        try Self.expectReachable("09-eic-works", "can \(Self.a) reach internet on tcp/443")
        // Only that range: another internet host is still refused.
        try Self.expectBlockers("09-eic-works", "can 8.8.8.8 reach \(Self.a) on tcp/22", [
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
        // Instance 2 never got a public address.
        try Self.expectBlockers("09-eic-works", "can internet reach \(Self.b) on tcp/22", [
            "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS eni-of:\(Self.b) - forward",
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
        ])
    }

    @Test func stage10InterRegionSecurityGroupReferenceDoesNotApply() throws {
        try Self.expectBlockers("10-inter-region-sg-reference", Self.ping, [
            "ENI_SG_RULES_MISMATCH NextWork-2-sg inbound forward",
        ])
        let (result, _) = try Self.ask("10-inter-region-sg-reference", Self.ping)
        #expect(result.answer.blockers.first?.message.contains("same region") == true, "\(result.answer.blockers)")
        try Self.expectBlockers("10-inter-region-sg-reference", Self.pingBack, [
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
    }

    @Test func stage11InterRegionWorks() throws {
        let result = try Self.expectReachable("11-inter-region-works", Self.ping)
        #expect(result.answer.forward?.hops.contains { $0.kind == .peeringConnection } == true)
        try Self.expectBlockers("11-inter-region-works", Self.pingBack, [
            "ENI_SG_RULES_MISMATCH NextWork-1-sg inbound forward",
        ])
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Blockers name the root cause: a route that is a blackhole only because its target cannot carry traffic yet (a
/// peering connection pending acceptance, a gateway not attached) is mended by mending the target, so the target is
/// the one blocker; a route whose target is gone for good must change itself, and says so; one missing gateway is
/// one blocker, whichever way the packet meets it. Each on real describe-* JSON (lab stages, or stages edited as
/// AWS shows the state), in both engines: the walker, on the answer's example packet, stops at the same checkpoint.
@Suite struct RootCauseTests {
    typealias Object = EditedSnapshot.Object

    static func ask(_ network: Network, _ query: String) throws -> QuestionResult {
        try ReachabilityQuestions(network: network).ask(query)
    }

    /// The walker takes the answer's example packet forward from its source and stops at `checkpoint`.
    static func expectWalkerStops(_ result: QuestionResult, _ network: Network, at checkpoint: Checkpoint,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let packet = try #require(result.answer.packet, "no example packet", sourceLocation: sourceLocation)
        let origin: Location
        switch try #require(result.answer.source, sourceLocation: sourceLocation) {
        case .interface(let id, _): origin = .networkInterface(id)
        case .internet: origin = .internet
        case .onPremises: origin = .onPremises
        default: Issue.record("unexpected source", sourceLocation: sourceLocation); return
        }
        let walk = PacketWalker(network: network).walk(packet, from: origin, leg: .forward)
        #expect(walk.drop?.checkpoint == checkpoint, "\(walk)", sourceLocation: sourceLocation)
    }

    /// Seed stage 06 (ping works) with the peering connection in `status` and AWS's routes to it blackholes.
    static func seedPeering(_ status: String) throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        snapshot.editEach("VpcPeeringConnections") { $0["Status"] = ["Code": status, "Message": status] as Object }
        snapshot.editEach("RouteTables") { table in
            table["Routes"] = (table["Routes"] as? [Object] ?? []).map { route in
                var route = route
                if route["VpcPeeringConnectionId"] != nil { route["State"] = "blackhole" }
                return route
            }
        }
        return snapshot
    }

    @Test func aPeeringPendingAcceptanceIsTheOnlyBlockerNotItsBlackholeRoutes() throws {
        let snapshot = try Self.seedPeering("pending-acceptance")
        let network = try snapshot.load()
        let peering = try #require(network.peeringConnections.first?.id)
        let result = try Self.ask(network, SeedLab.ping)
        #expect(result.answer.verdict == .unreachable)
        #expect(result.answer.blockers.map(\.checkpoint) == [.peeringActive(peering)], "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.first?.code == .badState)
        try Self.expectWalkerStops(result, network, at: .peeringActive(peering))
        // The way back: NextWork-1's group has no inbound rule at all, a blocker of its own beside the peering.
        let back = try Self.ask(network, SeedLab.pingBack)
        let instanceA = try #require(Fixtures.id(named: SeedLab.a, in: network))
        let groups = try #require(network.networkInterfaces(ofInstance: instanceA).first?.id)
        #expect(Set(back.answer.blockers.map(\.checkpoint)) == [.peeringActive(peering), .securityGroups(interface: groups, .inbound)],
                "\(AnswerRendering.text(back))")
        try Self.expectWalkerStops(back, network, at: .peeringActive(peering))
        // Accepting the connection is the whole fix: AWS shows its routes active again.
        let directory = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FixSupport.expectFirstFix(directory, SeedLab.ping, ["aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering)"])
        let report = try ReachabilityQuestions(network: network).fixes(SeedLab.ping).report
        #expect(report.fixes.first?.changes.count == 1, "\(report.fixes.first.map { "\($0)" } ?? "")")
    }

    /// NextWork-2's group admits ICMP from NextWork-1's group (a reference across the peering) rather than from its
    /// block: the reference resolves once the connection is accepted, so the group is no blocker beside it.
    @Test func aGroupReferenceAcrossAPendingPeeringIsNoSecondBlocker() throws {
        var snapshot = try Self.seedPeering("pending-acceptance")
        let before = try snapshot.load()
        let instanceA = try #require(Fixtures.id(named: SeedLab.a, in: before)), instanceB = try #require(Fixtures.id(named: SeedLab.b, in: before))
        let groupA = try #require(before.networkInterfaces(ofInstance: instanceA).first?.securityGroupIDs.first)
        let groupB = try #require(before.networkInterfaces(ofInstance: instanceB).first?.securityGroupIDs.first)
        snapshot.editEach("SecurityGroups") { group in
            guard group["GroupId"] as? String == groupB else { return }
            group["IpPermissions"] = [["IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [Object](), "Ipv6Ranges": [Object](),
                                       "PrefixListIds": [Object](), "UserIdGroupPairs": [["UserId": "123456789012", "GroupId": groupA] as Object]] as Object]
        }
        let network = try snapshot.load()
        let peering = try #require(network.peeringConnections.first?.id)
        let result = try Self.ask(network, SeedLab.ping)
        #expect(result.answer.blockers.map(\.checkpoint) == [.peeringActive(peering)], "\(AnswerRendering.text(result))")
        try Self.expectWalkerStops(result, network, at: .peeringActive(peering))
        // Accepted, the reference resolves and the ping gets through (as AWS does): the walker agrees.
        let directory = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FixSupport.expectFirstFix(directory, SeedLab.ping, ["aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(peering)"])
    }

    @Test func aFailedPeeringNeedsItsRoutesChangedAndSaysSo() throws {
        let network = try Self.seedPeering("failed").load()
        let peering = try #require(network.peeringConnections.first?.id)
        let result = try Self.ask(network, SeedLab.ping)
        #expect(result.answer.verdict == .unreachable)
        let routes = result.answer.blockers.filter { $0.code == .badStateRoute }
        #expect(routes.count == 2, "\(AnswerRendering.text(result))")
        for route in routes {
            #expect(route.message.contains("\(peering) is failed: the route itself must change to a new target"), "\(route.message)")
        }
        let table = try #require(routes.first { $0.leg == .forward }?.component)
        try Self.expectWalkerStops(result, network, at: .routeTable(table, .forward))
    }

    @Test func aDetachedInternetGatewayIsOneBlockerBothWays() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        let network0 = try snapshot.load()
        let gateway = try #require(Fixtures.id(named: "NextWork-1-igw", in: network0))
        snapshot.editEach("InternetGateways") { if $0["InternetGatewayId"] as? String == gateway { $0["Attachments"] = [Object]() } }
        snapshot.editEach("RouteTables") { table in
            table["Routes"] = (table["Routes"] as? [Object] ?? []).map { route in
                var route = route
                if route["GatewayId"] as? String == gateway { route["State"] = "blackhole" }
                return route
            }
        }
        let network = try snapshot.load()
        let instance = try #require(Fixtures.id(named: SeedLab.a, in: network))
        let vpc = try #require(network.networkInterfaces(ofInstance: instance).first?.vpcID)
        let result = try Self.ask(network, SeedLab.instanceConnect)
        #expect(result.answer.verdict == .unreachable)
        // Not also "the VPC has no internet gateway" (the way in) nor the blackhole default route (the way back).
        #expect(result.answer.blockers.map(\.checkpoint) == [.gatewayAttached(gateway, vpc: vpc)], "\(AnswerRendering.text(result))")
        try Self.expectWalkerStops(result, network, at: .gatewayAttached(gateway, vpc: vpc))
        let out = try Self.ask(network, "can \(SeedLab.a) reach internet on tcp/443")
        #expect(out.answer.blockers.map(\.checkpoint) == [.gatewayAttached(gateway, vpc: vpc)], "\(AnswerRendering.text(out))")
        try Self.expectWalkerStops(out, network, at: .gatewayAttached(gateway, vpc: vpc))
        let directory = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FixSupport.expectFirstFix(directory, SeedLab.instanceConnect, ["aws ec2 attach-internet-gateway --internet-gateway-id \(gateway)"])
    }

    @Test func aDetachedVirtualPrivateGatewayIsTheOnlyBlocker() throws {
        let directory = StageLab.dataplane.directory("12-vgw-detached")
        let network = try Fixtures.load(directory)
        let gateway = try #require(network.vpnGateways.first)
        let vpc = try #require(gateway.attachments.first?.vpcID)
        for query in ["can Lab-app-instance reach onprem:192.168.10.0/24 on tcp/443", "can onprem:192.168.0.0/16 reach Lab-app-instance on tcp/22"] {
            let result = try Self.ask(network, query)
            #expect(result.answer.verdict == .unreachable)
            #expect(result.answer.blockers.map(\.checkpoint) == [.vpnGatewayAttached(gateway.id, vpc: vpc)], "\(AnswerRendering.text(result))")
            try Self.expectWalkerStops(result, network, at: .vpnGatewayAttached(gateway.id, vpc: vpc))
        }
    }

    @Test func aDeletedNATGatewaysRouteMustChangeAndSaysSo() throws {
        let network = try Fixtures.load(StageLab.dataplane.directory("16-nat-deleted"))
        let nat = try #require(network.natGateways.first { $0.state == .deleted }?.id)
        let result = try Self.ask(network, "can Lab-app-instance reach internet on tcp/443")
        let route = try #require(result.answer.blockers.first { $0.code == .badStateRoute }, "\(AnswerRendering.text(result))")
        #expect(route.message.contains("\(nat) is deleted: the route itself must change to a new target"), "\(route.message)")
        try Self.expectWalkerStops(result, network, at: route.checkpoint)
    }
}

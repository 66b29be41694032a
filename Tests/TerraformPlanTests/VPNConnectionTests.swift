import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// VPN connections, customer gateways, connection routes and route propagation from Terraform: the data-plane lab's
/// VPN as Terraform holds it, laid over the lab's stage 01 snapshot and changed as stages 09-12 change it
/// (Queries/terraform/plans/dataplane-vpn-*.json, written by build-plans.py), answers every question of the lab
/// exactly as the describe-* snapshot of that stage.
@Suite struct VPNConnectionTests {
    static let base = StageLab.dataplane.directory("01-working")
    static let stages = ["01": "01-working", "09": "09-vpn-propagated-route", "10": "10-vpn-no-static-route",
                         "11": "11-vpn-tunnels-down", "12": "12-vgw-detached"]

    struct Case: CustomTestStringConvertible, Hashable, Sendable {
        let plan: String
        let stage: String
        let query: String
        var testDescription: String { "\(plan) ~ \(stage): \(query)" }
    }

    static let cases: [Case] = stages.keys.sorted().flatMap { plan in
        StageLab.dataplane.questions(for: stages[plan]!).map { Case(plan: plan, stage: stages[plan]!, query: $0) }
    }

    static func plan(_ name: String) throws -> TerraformNetwork {
        try TerraformReader.load(file: TerraformFixtures.file("plans/dataplane-vpn-\(name).json"), snapshotDirectory: base)
    }

    static func summary(_ result: QuestionResult) -> [String] {
        [result.answer.verdict.name]
            + result.answer.blockers.map { "\($0.code) \($0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted()
            + (result.answer.forward?.hops.map(\.component) ?? [])
    }

    @Test func everyStageIsCovered() {
        #expect(Self.cases.count == 5 * StageLab.dataplane.questions.count)
        #expect(Self.cases.contains { $0.query.contains("onprem:") })
    }

    @Test(arguments: cases)
    func sameAnswerAsTheStage(_ item: Case) throws {
        let terraform = try Self.plan(item.plan)
        let fromTerraform = try ReachabilityQuestions(network: terraform.after.network).ask(item.query)
        let fromSnapshot = try ReachabilityQuestions(network: try Fixtures.load(StageLab.dataplane.directory(item.stage))).ask(item.query)
        #expect(Self.summary(fromTerraform) == Self.summary(fromSnapshot),
                "\(item)\n\(AnswerRendering.text(fromTerraform))\n---\n\(AnswerRendering.text(fromSnapshot))")
        // Telemetry is known (refreshed state): nothing is left to apply-time.
        #expect(terraform.unknownTunnels.isEmpty)
    }

    @Test func theModelIsTheStagesModel() throws {
        let vgw = "vgw-4ce37d8b2e823f8f1"
        // 09: the static route is gone and the gateway propagates the connection's static route into the table.
        let propagated = try Self.plan("09").after.network
        let table = try #require(propagated.routeTables.first { $0.tags.name == "Lab-rtb-private" })
        let route = try #require(table.routes.first { $0.destination.description == "192.168.0.0/16" })
        #expect(route.origin == .enableVgwRoutePropagation && route.target == .virtualPrivateGateway(vgw), "\(route)")
        #expect(table.routes.filter { $0.destination.description == "192.168.0.0/16" }.count == 1)
        // 10: the connection's only static route is the new one.
        let moved = try Self.plan("10").after.network
        #expect(moved.edge.vpnConnections.map { $0.routes.map(\.prefix.description) } == [["172.16.0.0/12"]])
        // 11: both tunnels down, from the refreshed telemetry.
        let down = try Self.plan("11").after.network
        #expect(down.edge.vpnConnections.first?.tunnels.map(\.status) == [.down, .down])
        // 12: the attachment is listed as detached, and the route to the gateway is a blackhole.
        let detached = try Self.plan("12").after.network
        #expect(detached.vpnGateway(vgw)?.attachments.map { "\($0.state)" } == ["detached"])
        let blackhole = try #require(detached.routeTables.first { $0.tags.name == "Lab-rtb-private" }?.routes.first { $0.target == .virtualPrivateGateway(vgw) })
        #expect(!blackhole.isActive)
        // The customer gateway and the Terraform addresses.
        let plan = try Self.plan("01")
        #expect(plan.after.network.edge.customerGateways.map { $0.ipAddress } == ["198.51.100.7"])
        #expect(plan.addresses["vpn-8dc7cd8d14c02b9a9"] == "aws_vpn_connection.lab")
        #expect(!plan.warnings.contains { $0.message.contains("not modelled yet") }, "\(plan.warnings)")
    }

    /// A connection the plan replaces: its tunnels' status is unknown until apply. Read with them up the on-premises
    /// question is reachable; the other reading (down) says unreachable, so commands answer UNKNOWN naming it.
    @Test func tunnelsUnknownUntilApplyHaveTwoReadings() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/dataplane-vpn-replace.json"), snapshotDirectory: Self.base)
        #expect(plan.unknownTunnels.map(\.label) == ["aws_vpn_connection.lab"])
        #expect(plan.hasAlternativeAssignments)
        #expect(plan.warnings.contains { $0.message.contains("aws_vpn_connection.lab: the tunnels' status is unknown until apply") }, "\(plan.warnings)")
        let query = "can onprem:192.168.0.0/16 reach Lab-app-instance on tcp/22"
        #expect(try ReachabilityQuestions(network: plan.after.network).ask(query).answer.verdict == .reachable)
        let others = try plan.otherAssignments()
        #expect(others.count == 1)
        let down = try #require(others.first)
        let answer = try ReachabilityQuestions(network: down.network.after.network).ask(query).answer
        #expect(answer.verdict == .unreachable)
        #expect(answer.blockers.map(\.code.rawValue) == ["BAD_STATE_VPN"], "\(answer.blockers)")
        #expect(down.dependence(chosenAnswer: "reachable", alternativeAnswer: "unreachable").contains("the tunnels of aws_vpn_connection.lab"))
        // The old connection is gone, the new one stands under its address, with its customer gateway's.
        let connections = plan.after.network.edge.vpnConnections
        #expect(connections.map(\.id) == ["aws_vpn_connection.lab"])
        #expect(connections.first?.customerGatewayID == "aws_customer_gateway.lab")
        #expect(connections.first?.routes.map(\.prefix.description) == ["192.168.0.0/16"])
        // An answer that does not cross the connection is the same on both readings.
        let internet = "can Lab-app-instance reach internet on tcp/443"
        #expect(try ReachabilityQuestions(network: down.network.after.network).ask(internet).answer.verdict == .reachable)
    }

    /// A VPN connection to a transit gateway is the gateway's VPN attachment, as describe-transit-gateway-attachments
    /// prints it, associated with the gateway's default route table and propagating into it (the defaults): the routes
    /// it propagates are learned at run time, so traffic from on premises through it is UNKNOWN naming the attachment.
    @Test func aConnectionToATransitGatewayIsItsVPNAttachment() throws {
        let state = try TerraformReader.load(file: TerraformFixtures.file("state/transit-gateway-vpn.json"))
        let attachment = try #require(state.after.network.transit.attachments.first { $0.resourceType == .vpn })
        #expect(attachment.id == "tgw-attach-0e0000000000000f1" && attachment.resourceID == "vpn-0e000000000000001")
        let result = try ReachabilityQuestions(network: state.after.network).ask("can onprem:192.168.0.0/16 reach tgw-a-instance on tcp/22")
        guard case .unknown(let reason) = result.answer.verdict else {
            Issue.record("expected UNKNOWN, got \(AnswerRendering.text(result))")
            return
        }
        #expect(reason.contains("tgw-attach-0e0000000000000f1"), "\(reason)")
        // Without the connection, the VPC has no way in from on premises: a proof, not a gap.
        let plain = try TerraformReader.load(file: TerraformFixtures.file("state/transit-gateway.json"))
        #expect(try ReachabilityQuestions(network: plain.after.network).ask("can onprem:192.168.0.0/16 reach tgw-a-instance on tcp/22").answer.verdict == .unreachable)
    }

    /// Deleting the connection (with its route and the propagation) over stage 09's snapshot takes the routes the
    /// gateway propagated with it: nothing in Lab-rtb-private leads on premises any more.
    @Test func deletingAConnectionTakesItsPropagatedRoutes() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/dataplane-vpn-09-delete-connection.json"),
                                            snapshotDirectory: StageLab.dataplane.directory("09-vpn-propagated-route"))
        let before = try #require(plan.before).network
        let table = { (network: Network) in network.routeTables.first { $0.tags.name == "Lab-rtb-private" }?.routes.map(\.destination.description) ?? [] }
        #expect(table(before).contains("192.168.0.0/16"))
        #expect(!table(plan.after.network).contains("192.168.0.0/16"), "\(table(plan.after.network))")
        #expect(plan.after.network.edge.vpnConnections.isEmpty)
        let answer = try ReachabilityQuestions(network: plan.after.network).ask("can Lab-app-instance reach onprem:192.168.10.0/24 on tcp/443").answer
        #expect(answer.verdict == .unreachable)
    }

    /// A static route the plan moves, over stage 09's snapshot (the gateway propagates into Lab-rtb-private): the old
    /// block's propagated route goes, the new block's is propagated.
    @Test func aMovedStaticRouteIsPropagatedInItsPlace() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/dataplane-vpn-09-move-route.json"),
                                            snapshotDirectory: StageLab.dataplane.directory("09-vpn-propagated-route"))
        let table = try #require(plan.after.network.routeTables.first { $0.tags.name == "Lab-rtb-private" })
        let propagated = table.routes.filter { $0.origin == .enableVgwRoutePropagation }.map(\.destination.description)
        #expect(propagated == ["172.16.0.0/12"], "\(table.routes)")
        let questions = ReachabilityQuestions(network: plan.after.network)
        #expect(try questions.ask("can Lab-app-instance reach onprem:172.16.0.0/12 on tcp/443").answer.verdict == .reachable)
        #expect(try questions.ask("can Lab-app-instance reach onprem:192.168.10.0/24 on tcp/443").answer.verdict == .unreachable)
    }
}

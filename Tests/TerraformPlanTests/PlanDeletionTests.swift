import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// Plans that delete resources of the captured snapshot they are laid over: the snapshot after apply no longer has
/// them, and answers change as AWS's would (the fixtures are written by Queries/terraform/build-plans.py with the
/// labs' own ids).
@Suite struct PlanDeletionTests {
    static func ask(_ network: Network, _ query: String) throws -> QuestionResult {
        try ReachabilityQuestions(network: network).ask(query)
    }

    @Test func deletingTheTransitGatewayBlackholeRouteRestoresThePing() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/transit-04-remove-blackhole.json"),
                                            snapshotDirectory: Fixtures.transit("04-blackhole-route"))
        let query = "can Hub-A-instance ping Hub-C-instance"
        let before = try Self.ask(try #require(plan.before).network, query)
        #expect(before.answer.verdict == .unreachable)
        #expect(before.answer.blockers.first?.code.rawValue == "TGW_RTB_BAD_STATE_ROUTE")
        let after = try Self.ask(plan.after.network, query)
        #expect(after.answer.verdict == .reachable, "\(AnswerRendering.text(after))")
        #expect(plan.warnings.isEmpty, "\(plan.warnings)")
    }

    @Test func deletingATransitGatewayAssociationBreaksThePing() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/transit-01-remove-association.json"),
                                            snapshotDirectory: Fixtures.transit("01-working"))
        #expect(try Self.ask(try #require(plan.before).network, "can Hub-A-instance ping Hub-C-instance").answer.verdict == .reachable)
        let after = try Self.ask(plan.after.network, "can Hub-A-instance ping Hub-C-instance")
        #expect(after.answer.verdict == .unreachable, "\(AnswerRendering.text(after))")
        let attachment = try #require(Fixtures.anyID(named: "Hub-C-attachment", in: plan.after.network))
        #expect(after.answer.blockers.map(\.code.rawValue) == ["TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"])
        #expect(after.answer.blockers.map(\.component) == [attachment])
        // A and B are untouched.
        #expect(try Self.ask(plan.after.network, "can Hub-A-instance ping Hub-B-instance").answer.verdict == .reachable)
    }

    @Test func deletingATransitGatewayPropagationTakesItsRoutes() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/transit-01-remove-propagation.json"),
                                            snapshotDirectory: Fixtures.transit("01-working"))
        let after = try Self.ask(plan.after.network, "can Hub-A-instance ping Hub-C-instance")
        #expect(after.answer.verdict == .unreachable, "\(AnswerRendering.text(after))")
        #expect(after.answer.blockers.map(\.code.rawValue) == ["TGW_RTB_CANNOT_ROUTE"])
        // As the describe-* snapshot of the same change (stage 03) answers.
        let stage = try Self.ask(try Fixtures.load(Fixtures.transit("03-missing-route")), "can Hub-A-instance ping Hub-C-instance")
        #expect(after.answer.blockers.map(\.code) == stage.answer.blockers.map(\.code))
    }

    @Test func deletingTheNATGatewayLeavesABlackholeRoute() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/dataplane-01-remove-nat.json"),
                                            snapshotDirectory: Fixtures.path("Queries/dataplane/01-working"))
        let query = "can Lab-app-instance reach internet on tcp/443"
        #expect(try Self.ask(try #require(plan.before).network, query).answer.verdict == .reachable)
        #expect(!plan.after.network.edge.natGateways.contains { $0.tags.name == "Lab-nat" })
        let after = try Self.ask(plan.after.network, query)
        #expect(after.answer.verdict == .unreachable, "\(AnswerRendering.text(after))")
        // As AWS leaves it (the data-plane lab's stage 16, where Lab-nat was deleted): the route is a blackhole.
        let table = try #require(Fixtures.id(named: "Lab-rtb-private", in: plan.after.network))
        #expect(after.answer.blockers.contains { $0.component == table && $0.code.rawValue == "BAD_STATE_ROUTE" }, "\(after.answer.blockers)")
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func deletingTheListenerClosesTheLoadBalancersPort() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/corpus-lb-remove-listener.json"),
                                            snapshotDirectory: Fixtures.scenario("test-load-balancer"))
        let query = "can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/80"
        #expect(try Self.ask(try #require(plan.before).network, query).answer.verdict == .reachable)
        #expect(plan.after.network.loadBalancer("test-lb")?.listeners.isEmpty == true)
        let after = try Self.ask(plan.after.network, query)
        #expect(after.answer.verdict == .unreachable, "\(AnswerRendering.text(after))")
        // No listener is left, so no change to a listener can help: the answer says so.
        #expect(AnswerRendering.text(after).contains("load balancer test-lb has no listener"), "\(AnswerRendering.text(after))")
    }
}

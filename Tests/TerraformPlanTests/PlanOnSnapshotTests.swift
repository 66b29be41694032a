import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// A plan laid over the captured snapshot it was made against: what it deletes is gone, what it adds is there,
/// the rest is the snapshot's.
@Suite struct PlanOnSnapshotTests {
    @Test func removingThePeeringRouteBreaksThePing() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/seed-06-remove-peering-route.json"),
                                            snapshotDirectory: Fixtures.seed("06-ping-works"))
        let before = try #require(plan.before).network
        #expect(try ReachabilityQuestions(network: before).ask(SeedLab.ping).answer.verdict == .reachable)
        let after = try ReachabilityQuestions(network: plan.after.network).ask(SeedLab.ping)
        #expect(after.answer.verdict == .unreachable, "\(AnswerRendering.text(after))")
        let table = try #require(Fixtures.id(named: "NextWork-1-rtb-public", in: plan.after.network))
        #expect(after.answer.blockers.map(\.component) == [table])
        #expect(after.answer.blockers.first?.code.rawValue == "NO_ROUTE_TO_DESTINATION")
        // The other direction's route is untouched: ping 2→1 still fails only on the way back.
        #expect(plan.addresses[table] == "aws_route_table.nextwork_1_rtb_public")
        #expect(plan.isPlan)
    }

    @Test func theSameRouteRemovalWithoutASnapshotUsesThePriorState() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/seed-06-remove-peering-route.json"))
        let before = try #require(plan.before).network
        #expect(try ReachabilityQuestions(network: before).ask(SeedLab.ping).answer.verdict == .reachable)
        #expect(try ReachabilityQuestions(network: plan.after.network).ask(SeedLab.ping).answer.verdict == .unreachable)
    }

    @Test func openingSSHToTheInternetIsANewExposure() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/seed-08-open-ssh.json"),
                                            snapshotDirectory: Fixtures.seed("08-eic-elastic-ip-no-ssh-rule"))
        let instance = try #require(Fixtures.id(named: SeedLab.a, in: plan.after.network))
        let before = try Exposure(network: try #require(plan.before).network)
        let after = try Exposure(network: plan.after.network)
        #expect(!before.exposed.contains { $0.instanceID == instance })
        let entry = try #require(after.exposed.first { $0.instanceID == instance })
        #expect(entry.ports.description.contains("tcp 22"), "\(entry.ports)")
        // The new rule's id is unknown until apply: it is named by its address.
        #expect(plan.addresses["aws_vpc_security_group_ingress_rule.ssh"] == "aws_vpc_security_group_ingress_rule.ssh")
        #expect(try ReachabilityQuestions(network: plan.after.network).ask(SeedLab.instanceConnect).answer.verdict == .reachable)
    }

    @Test func aStateOverItsOwnSnapshotChangesNothing() throws {
        let stage = "06-ping-works"
        let overlaid = try TerraformReader.load(file: TerraformFixtures.seedState(stage), snapshotDirectory: Fixtures.seed(stage))
        let diff = try SnapshotDiff(old: try #require(overlaid.before).network, new: overlaid.after.network, traffic: .ping)
        #expect(diff.changes.isEmpty)
        #expect(diff.comparedPairs > 0)
    }
}

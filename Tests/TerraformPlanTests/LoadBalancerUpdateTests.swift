import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// A load balancer the plan keeps or updates in place over a snapshot: its nodes are the plan's subnets' (AWS keeps
/// the node of a subnet it stays in, with its address; removes the others; adds one, with an address AWS assigns, in
/// a new subnet), never the snapshot's old nodes beside new ones. On the corpus scenario batfish-aws/test-load-balancer
/// (Queries/terraform/plans/corpus-lb-*.json carry its ids; the corpus is not copied).
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerUpdateTests {
    static let query = "can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/80"

    static func nodes(_ network: Network) throws -> [NetworkInterface] {
        let balancer = try #require(network.loadBalancer("test-lb"))
        return network.nodes(of: balancer).sorted { $0.subnetID < $1.subnetID }
    }

    @Test func anUpdateInPlaceReplacesTheNodesOfTheSubnetsItLeaves() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/corpus-lb-update-subnets.json"),
                                            snapshotDirectory: Fixtures.scenario("test-load-balancer"))
        let before = try Self.nodes(try #require(plan.before).network)
        #expect(before.map(\.subnetID) == ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"])
        let after = try Self.nodes(plan.after.network)
        // us-east-2a's node stays as described; us-east-2b's is gone; us-east-2c has a new one.
        #expect(after.map(\.subnetID) == ["subnet-065a3676df7fa9fd9", "subnet-0873d71031a560a88"], "\(after.map(\.id))")
        #expect(after.last?.id == "eni-0c82d6f7254ae6695" && after.last?.primaryAddress?.description == "10.1.20.123")
        #expect(!plan.after.network.networkInterfaces.contains { $0.id == "eni-01f261dccaba46564" })
        let new = try #require(after.first)
        #expect(plan.unknownAddresses.contains { $0.label == "aws_lb.test node in subnet-065a3676df7fa9fd9.private_ip" && $0.representative == new.primaryAddress })
        #expect(plan.after.network.loadBalancing.loadBalancers.filter { $0.name == "test-lb" }.count == 1)
        let answer = try ReachabilityQuestions(network: plan.after.network).ask(Self.query)
        #expect(answer.answer.verdict == .reachable, "\(AnswerRendering.text(answer))")
    }

    @Test func aLoadBalancerThePlanKeepsKeepsItsNodes() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/corpus-lb-noop.json"),
                                            snapshotDirectory: Fixtures.scenario("test-load-balancer"))
        let before = try Self.nodes(try #require(plan.before).network)
        let after = try Self.nodes(plan.after.network)
        #expect(after.map(\.id) == before.map(\.id))
        #expect(after.map { $0.primaryAddress } == before.map { $0.primaryAddress })
        #expect(plan.unknownAddresses.isEmpty, "\(plan.unknownAddresses)")
        #expect(plan.after.network.loadBalancing.loadBalancers.filter { $0.name == "test-lb" }.count == 1)
        let answer = try ReachabilityQuestions(network: plan.after.network).ask(Self.query)
        let original = try ReachabilityQuestions(network: try #require(plan.before).network).ask(Self.query)
        #expect(answer.answer.forward?.hops == original.answer.forward?.hops)
    }
}

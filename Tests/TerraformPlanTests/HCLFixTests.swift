import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// A blocker in a Terraform-managed resource comes with its fix as an HCL change to that resource; the fix's
/// actions, applied to the network read from Terraform, make the query reachable when asked again.
@Suite struct HCLFixTests {
    func fixes(_ stage: String, _ query: String) throws -> (FixQuestionResult, TerraformNetwork) {
        let terraform = try TerraformReader.load(file: TerraformFixtures.seedState(stage))
        return (try ReachabilityQuestions(network: terraform.after.network).fixes(query), terraform)
    }

    @Test func aMissingICMPRuleIsAnIngressRuleResourceOnTheGroup() throws {
        let (result, terraform) = try fixes("05-routes-sg-blocks-icmp", SeedLab.ping)
        let hcl = HCLFixRendering.text(result, addresses: terraform.addresses)
        #expect(hcl.contains(#"resource "aws_vpc_security_group_ingress_rule""#), "\(hcl)")
        #expect(hcl.contains("security_group_id = aws_security_group.nextwork_2_sg.id"), "\(hcl)")
        #expect(hcl.contains(#"ip_protocol       = "icmp""#) && hcl.contains(#"cidr_ipv4 = "10.1.0.0/16""#), "\(hcl)")
        try expectVerified(result, on: terraform.after.network, SeedLab.ping)
    }

    @Test func aMissingPeeringRouteIsAnAWSRouteOnTheTable() throws {
        let (result, terraform) = try fixes("03-peering-active-no-routes", SeedLab.ping)
        let hcl = HCLFixRendering.text(result, addresses: terraform.addresses)
        #expect(hcl.contains(#"resource "aws_route""#), "\(hcl)")
        #expect(hcl.contains("route_table_id = aws_route_table.nextwork_1_rtb_public.id"), "\(hcl)")
        #expect(hcl.contains("vpc_peering_connection_id = aws_vpc_peering_connection.nextwork_peering.id"), "\(hcl)")
        try expectVerified(result, on: terraform.after.network, SeedLab.ping)
    }

    @Test func aPendingPeeringIsAccepted() throws {
        let (result, terraform) = try fixes("02-peering-pending", SeedLab.ping)
        let hcl = HCLFixRendering.text(result, addresses: terraform.addresses)
        #expect(hcl.contains("auto_accept = true"), "\(hcl)")
        try expectVerified(result, on: terraform.after.network, SeedLab.ping)
    }

    /// The first fix's actions applied to the network (as `fix` does) make the query reachable.
    func expectVerified(_ result: FixQuestionResult, on network: Network, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fix = try #require(result.report.fixes.first, sourceLocation: sourceLocation)
        let fixed = network.applying(fix.actions)
        let again = try ReachabilityQuestions(network: fixed).ask(query)
        #expect(again.answer.verdict == .reachable, "\(AnswerRendering.text(again))", sourceLocation: sourceLocation)
    }

    @Test func aMissingListenerIsAnAWSLBListener() throws {
        let terraform = try TerraformReader.load(file: TerraformFixtures.file("plans/load-balancer.json"))
        let result = try ReachabilityQuestions(network: terraform.after.network).fixes("can internet reach web on tcp/8081")
        let hcl = HCLFixRendering.text(result, addresses: terraform.addresses, inlineRuleGroups: terraform.inlineRuleGroups)
        #expect(hcl.contains(#"resource "aws_lb_listener""#) && hcl.contains("load_balancer_arn = aws_lb.web.id"), "\(hcl)\n\(FixRendering.text(result))")
        #expect(hcl.contains("target_group_arn = aws_lb_target_group.app.id"), "\(hcl)")
        // The load balancer's group has inline rules: the rule is an ingress block in it.
        #expect(hcl.contains("# in aws_security_group.lb: add\n  ingress {") && hcl.contains(#"cidr_blocks = ["0.0.0.0/0"]"#), "\(hcl)")
        #expect(!hcl.contains("aws_vpc_security_group_ingress_rule"), "\(hcl)")
        try expectVerified(result, on: terraform.after.network, "can internet reach web on tcp/8081")
    }
}

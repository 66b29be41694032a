import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// The AWS provider's semantics that change reachability, on fixtures written from the provider's documented
/// attributes (Queries/terraform/build-plans.py): what the corpus of real outputs lacks.
@Suite struct ProviderSemanticsTests {
    static func state() throws -> TerraformNetwork { try TerraformReader.load(file: TerraformFixtures.file("state/provider-semantics.json")) }

    func ask(_ network: Network, _ query: String) throws -> QuestionResult { try ReachabilityQuestions(network: network).ask(query) }

    @Test func peeringAcceptedByAnAccepterResourceWithRoutesInAdoptedAndAssociatedMainTables() throws {
        let network = try Self.state().after.network
        let peering = try #require(network.peeringConnections.first)
        #expect(peering.status == .active)
        // Left: aws_default_route_table adopted the main table, an aws_route adds the peering route.
        let leftMain = try #require(network.routeTables.first { $0.id == "rtb-0a000000000000001" })
        #expect(leftMain.routes.contains { $0.target == .peeringConnection("pcx-0c000000000000003") })
        // Right: aws_main_route_table_association made another table main.
        let result = try ask(network, "can sem-client ping sem-server")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        let hops = result.answer.forward?.hops.map(\.component) ?? []
        #expect(hops.contains("pcx-0c000000000000003"))
        #expect(result.answer.returnWalk?.hops.map(\.component).contains("rtb-0b000000000000099") == true)
    }

    @Test func networkACLSeparateRuleBeforeInlineAllow() throws {
        let result = try ask(try Self.state().after.network, "can sem-client reach sem-server on tcp/5432")
        #expect(result.answer.verdict == .unreachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.map(\.component) == ["acl-0b000000000000002"])
        #expect(result.answer.blockers.first?.message.contains("90") == true, "\(result.answer.blockers)")
    }

    @Test func inlineAndSeparateRulesOnOneGroupAreBothModelledWithAWarning() throws {
        let state = try Self.state()
        #expect(try ask(state.after.network, "can sem-client reach sem-server on tcp/22").answer.verdict == .reachable)
        let mixed = state.warnings.filter { $0.message.contains("inline rules and aws_security_group_rule") }
        #expect(mixed.count == 1 && mixed[0].message.contains("sg-0b000000000000020"), "\(state.warnings)")
    }

    @Test func adoptedDefaultSecurityGroupHasOnlyItsOwnRules() throws {
        let network = try Self.state().after.network
        let group = try #require(network.securityGroups.first { $0.id == "sg-0a000000000000001" })
        #expect(group.inbound.isEmpty && group.outbound.isEmpty)
        // A VPC default created with the VPC (right) keeps AWS's rules: itself in, everything out.
        let right = try #require(network.securityGroups.first { $0.id == "sg-0b000000000000002" })
        #expect(!right.inbound.isEmpty && !right.outbound.isEmpty)
    }

    @Test func unmodelledTypesGetOneWarningEach() throws {
        let messages = try Self.state().warnings.map(\.message)
        #expect(messages.filter { $0.hasPrefix("aws_flow_log:") }.count == 1, "\(messages)")
        #expect(messages.contains("aws_flow_log: not modelled yet; ignored (2 resources)"), "\(messages)")
        #expect(!messages.contains { $0.hasPrefix("aws_ec2_transit_gateway") }, "\(messages)")
    }

    @Test func aSecurityGroupWithoutEgressBlocksHasNoEgressRule() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/new-network.json"))
        let network = plan.after.network
        let web = try #require(network.securityGroups.first { $0.id == "module.net.aws_security_group.web" })
        #expect(web.outbound.isEmpty)
        #expect(!web.inbound.isEmpty)
        let result = try ask(network, "can plan-web-1 reach plan-app-1 on tcp/8080")
        #expect(result.answer.verdict == .unreachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.map(\.component) == ["module.net.aws_security_group.web"])
    }

    @Test func idsUnknownUntilApplyAreAddressesLinkedByReferences() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/new-network.json"))
        let network = plan.after.network
        let subnet = try #require(network.subnets.first { $0.id == #"module.net.aws_subnet.this["a"]"# })
        #expect(subnet.vpcID == "module.net.aws_vpc.this[0]")
        let table = try #require(network.routeTables.first { $0.id == "module.net.aws_route_table.public" })
        #expect(table.routes.contains { $0.target == .internetGateway("igw-module.net.aws_internet_gateway.this") })
        // map_public_ip_on_launch gives the instance in subnet a a public address AWS assigns: the internet reaches it.
        let result = try ask(network, "can internet reach plan-web-1 on tcp/443")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        #expect(plan.warnings.contains { $0.message.contains("aws_instance.web.public_ip is unknown until apply") })
        // The app instance has no public address (subnet b does not map one): nothing on the internet reaches it.
        #expect(try ask(network, "can internet reach plan-app-1 on tcp/8080").answer.verdict == .unreachable)
    }

    @Test func anUnknownPrivateAddressHoldsForEveryAssignmentWhenNothingSplitsTheSubnet() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/new-network.json"))
        let unknown = try #require(plan.unknownAddresses.first { $0.label == "module.net.aws_instance.web.private_ip" })
        #expect(unknown.splittingPrefixes.isEmpty)
        #expect(unknown.alternatives.count == 1)
        #expect(plan.warnings.contains { $0.message.contains("answers hold for every address AWS may assign there") })
    }

    @Test func representativesOfEveryClassOfASplitSubnet() throws {
        let subnet = try #require(IPPrefix("10.0.1.0/24"))
        let alternatives = TerraformReader.classRepresentatives(of: subnet, splitBy: [try #require(IPPrefix("10.0.1.128/25")),
                                                                                     try #require(IPPrefix("10.0.1.200/32"))])
        #expect(alternatives.map(\.description) == ["10.0.1.4", "10.0.1.128", "10.0.1.200"])
    }

    @Test func transitGatewayDefaultRouteTableAssociationAndPropagation() throws {
        let state = try TerraformReader.load(file: TerraformFixtures.file("state/transit-gateway.json"))
        let result = try ask(state.after.network, "can tgw-a-instance ping tgw-b-instance")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.forward?.hops.map(\.component).contains("tgw-rtb-0e000000000000001") == true)
        #expect(state.warnings.isEmpty, "\(state.warnings)")
    }

    @Test func aPlannedBlackholeRouteInTheDefaultTableBreaksThePath() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/transit-blackhole.json"))
        let result = try ask(plan.after.network, "can tgw-a-instance ping tgw-b-instance")
        #expect(result.answer.verdict == .unreachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.map(\.component) == ["tgw-rtb-0e000000000000001"])
        #expect(try ask(try #require(plan.before).network, "can tgw-a-instance ping tgw-b-instance").answer.verdict == .reachable)
    }

    @Test func managedPrefixListEntriesAndARuleNamingTheList() throws {
        let network = try Self.state().after.network
        let list = try #require(network.prefixLists.first { $0.id == "pl-0f000000000000001" })
        #expect(Set(list.cidrBlocks.map(\.description)) == ["10.30.1.0/24", "10.30.2.0/24"])
        let result = try ask(network, "can sem-client reach sem-server on tcp/443")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
    }

    @Test func gatewayEndpointRouteAndAttachedVirtualPrivateGateway() throws {
        let network = try Self.state().after.network
        let table = try #require(network.routeTables.first { $0.id == "rtb-0a000000000000001" })
        #expect(table.routes.contains { $0.target == .vpcEndpoint("vpce-0a000000000000001") })
        #expect(network.vpcEndpoints.first?.routeTableIDs == ["rtb-0a000000000000001"])
        let gateway = try #require(network.vpnGateways.first)
        #expect(gateway.attachment(to: "vpc-0a000000000000001") != nil)
    }

    @Test func aNewLoadBalancerForwardsToItsTargetThroughItsNodes() throws {
        let plan = try TerraformReader.load(file: TerraformFixtures.file("plans/load-balancer.json"))
        let network = plan.after.network
        let balancer = try #require(network.loadBalancers.first)
        #expect(network.nodes(of: balancer).count == 2)
        // By name: the application load balancer's listener ends the client's connection.
        #expect(try ask(network, "can internet reach web on tcp/80").answer.verdict == .reachable)
        // Its target, through it.
        let result = try ask(network, "can internet reach lb-app-1 on tcp/80")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.forward?.hops.map(\.component).contains("aws_security_group.app") == true)
        #expect(result.answer.forward?.hops.map(\.component).contains("web") == true)
        // No listener on 443: nothing forwards it.
        #expect(try ask(network, "can internet reach web on tcp/443").answer.verdict == .unreachable)
        #expect(plan.warnings.contains { $0.message.contains("targets are taken as healthy") })
    }
}

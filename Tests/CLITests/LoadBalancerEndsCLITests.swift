import PathProofTestSupport
import Testing

/// What `pathproof query` shows a user for a load balancer as the source, and for internet traffic a default route
/// sends on premises (`LoadBalancerEndsTests`, `VPNGatewayInternetTests`).
@Suite struct LoadBalancerEndsCLITests {
    @Test func aLoadBalancerAsTheSourceSendsOnlyItsBackLeg() throws {
        let stage = StageLab.loadbalancer.directory("01-working")
        let backLeg = try PathProofCLI.run(["query", "--quiet", "--snapshot", stage, "can web-alb reach web-a on tcp/80"])
        #expect(backLeg.status == 0 && backLeg.output.contains("Verdict: REACHABLE"), "\(backLeg.output)\n\(backLeg.error)")
        let other = try PathProofCLI.run(["query", "--quiet", "--snapshot", stage, "can web-alb reach web-a on tcp/22"])
        #expect(other.status == 0 && other.output.contains("UNREACHABLE") && other.output.contains("starts no connection of its own"),
                "\(other.output)\n\(other.error)")
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func internetTrafficSentOnPremisesIsUnknown() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", Fixtures.scenario("test-direct-connect-private-vif"),
                                        "can i-priv01 reach internet on tcp/443"])
        #expect(run.status == 3, "\(run.output)\n\(run.error)")
        #expect(run.output.contains("UNKNOWN") && run.output.contains("virtual private gateway vgw-priv01"), "\(run.output)")
    }
}

import Foundation
import PathProofTestSupport
import Testing

/// `pathproof fix` for a load balancer with no listener on the query's port prints the `aws elbv2 create-listener`
/// command (corpus scenario `test-load-balancer`).
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerFixCLITests {
    @Test func printsTheCreateListenerCommand() throws {
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", Fixtures.scenario("test-load-balancer"),
                                        "can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/443"])
        #expect(run.status == 0, "\(run.output)\n\(run.error)")
        let lb = "arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba"
        let group = "arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/test-lb-tg/8e891d8fcdf8ece8"
        for line in [
            "Fix 1: 1 change",
            "  1. add listener TCP:443 to load balancer test-lb, forwarding to target group test-lb-tg",
            "     aws elbv2 create-listener --load-balancer-arn \(lb) --protocol TCP --port 443 --default-actions Type=forward,TargetGroupArn=\(group)",
        ] {
            #expect(run.output.contains("\(line)\n"), "missing \(line) in\n\(run.output)")
        }
        #expect(run.output.contains("arn:aws:elasticloadbalancing:us-east-2:554773406868:listener/net/test-lb/725b996cb6be8fba/pathproof0001 is the ListenerArn that create-listener returns"))
    }
}

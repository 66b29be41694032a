import AWSCapture
import Foundation
import PathProofTestSupport
import Testing

/// The capture's three rounds for Elastic Load Balancing v2 and the security group rules: each load balancer's and
/// target group's attributes (second round, the file named by the last part of the ARN, as the bare output names no
/// resource), each application load balancer listener's rules (third round, from the listeners the second round
/// listed), and `describe-security-group-rules` with the independent calls.
@Suite struct CapturePlanRoundsTests {
    static let alb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
    static let nlb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api/1f2e3d4c5b6a7980"
    static let group = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067"

    @Test func describeSecurityGroupRulesIsAnIndependentCall() {
        let call = CapturePlan.independentCalls.first { $0.operation == "describe-security-group-rules" }
        #expect(call?.service == "ec2" && call?.file == "describe-security-group-rules.json" && call?.arguments == [])
        #expect(ReadOnlyOperations.iamActions.contains("ec2:DescribeSecurityGroupRules"))
    }

    @Test func attributesPerLoadBalancerAndTargetGroupNamedByTheirIDs() {
        let outputs = [
            "elbv2-load-balancers.json": Data(#"{"LoadBalancers": [{"LoadBalancerArn": "\#(Self.alb)", "Type": "application"}]}"#.utf8),
            "elbv2-target-groups.json": Data(#"{"TargetGroups": [{"TargetGroupArn": "\#(Self.group)"}]}"#.utf8),
        ]
        let calls = CapturePlan.dependentCalls(outputs: outputs).filter { $0.service == "elbv2" }
        #expect(calls.map(\.command) == [
            "elbv2 describe-listeners --load-balancer-arn \(Self.alb)",
            "elbv2 describe-load-balancer-attributes --load-balancer-arn \(Self.alb)",
            "elbv2 describe-target-health --target-group-arn \(Self.group)",
            "elbv2 describe-target-group-attributes --target-group-arn \(Self.group)",
        ])
        #expect(calls.compactMap(\.file) == ["elbv2-listeners-50dc6c495c0c9188.json", "elbv2-load-balancer-attributes-50dc6c495c0c9188.json",
                                             "elbv2-target-health-73e2d6bc24d8a067.json", "elbv2-target-group-attributes-73e2d6bc24d8a067.json"])
    }

    @Test func rulesPerListenerOfAnApplicationLoadBalancerInTheThirdRound() {
        let listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
        let nlbListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/api/1f2e3d4c5b6a7980/0011223344556677"
        let outputs = [
            "elbv2-load-balancers.json": Data(#"{"LoadBalancers": [{"LoadBalancerArn": "\#(Self.alb)", "Type": "application"}, {"LoadBalancerArn": "\#(Self.nlb)", "Type": "network"}]}"#.utf8),
            "elbv2-listeners-50dc6c495c0c9188.json": Data(#"{"Listeners": [{"ListenerArn": "\#(listener)"}]}"#.utf8),
            "elbv2-listeners-1f2e3d4c5b6a7980.json": Data(#"{"Listeners": [{"ListenerArn": "\#(nlbListener)"}]}"#.utf8),
        ]
        let calls = CapturePlan.thirdRoundCalls(outputs: outputs)
        #expect(calls.map(\.command) == ["elbv2 describe-rules --listener-arn \(listener)"])
        #expect(calls.map(\.file) == ["elbv2-rules-f2f7dc8efc522ab2.json"])
        #expect(calls.allSatisfy { ReadOnlyOperations.allows(service: $0.service, operation: $0.operation) })
        // Without the listeners' output (a failed describe-listeners), no rules are asked for.
        #expect(CapturePlan.thirdRoundCalls(outputs: outputs.filter { !$0.key.hasPrefix("elbv2-listeners-") }).isEmpty)
        // The rounds in order: the third takes what the first two wrote.
        #expect(CapturePlan.rounds.count == 3)
        #expect(CapturePlan.rounds[2](outputs).map(\.command) == calls.map(\.command))
        #expect(CapturePlan.rounds[0]([:]).map(\.command) == CapturePlan.independentCalls.map(\.command))
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Listener rules (`aws elbv2 describe-rules`, the CLI's shape) of an Application Load Balancer: the corpus scenario
/// `test-load-balancer` with its load balancer made an Application Load Balancer (`LoadBalancerFixTests`), test-lb-tg
/// holding test20 only, a second target group `tg-api` holding test1, and the listener's default action a fixed
/// response. Rule 10 (path-pattern /api/*) forwards to tg-api, rule 20 (host-header) to test-lb-tg: a request may
/// meet either condition, so both targets are reached, each answer naming its rule.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerRuleTests {
    static let listenerARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:listener/net/test-lb/725b996cb6be8fba/bad604160f6b5da7"
    static let apiARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/tg-api/0a1b2c3d4e5f6a7b"
    static let rulePrefix = "arn:aws:elasticloadbalancing:us-east-2:554773406868:listener-rule/net/test-lb/725b996cb6be8fba/bad604160f6b5da7"

    static func rule(_ id: String, priority: String, conditions: [EditedSnapshot.Object], actions: [EditedSnapshot.Object], isDefault: Bool = false) -> EditedSnapshot.Object {
        ["RuleArn": "\(rulePrefix)/\(id)", "Priority": priority, "Conditions": conditions, "Actions": actions, "IsDefault": isDefault]
    }

    static func forward(_ group: String) -> EditedSnapshot.Object {
        ["Type": "forward", "TargetGroupArn": group, "Order": 1,
         "ForwardConfig": ["TargetGroups": [["TargetGroupArn": group, "Weight": 1]], "TargetGroupStickinessConfig": ["Enabled": false]]]
    }

    static var fixedResponse: EditedSnapshot.Object { ["Type": "fixed-response", "Order": 1,
                                                       "FixedResponseConfig": ["StatusCode": "404", "ContentType": "text/plain"]] }

    /// The scenario with these rules (`describe-rules` output, default rule included).
    static func snapshot(rules: [EditedSnapshot.Object]) throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: LoadBalancerTests.directory)
        LoadBalancerFixTests.asApplicationLoadBalancer(&snapshot)
        snapshot.editEach("LoadBalancerListeners") { entry in
            var listeners = entry["Listeners"] as? [EditedSnapshot.Object] ?? []
            listeners[0]["Protocol"] = "HTTP"
            listeners[0]["DefaultActions"] = [fixedResponse]
            entry["Listeners"] = listeners
        }
        snapshot.append("TargetGroups", ["TargetGroupArn": apiARN, "TargetGroupName": "tg-api", "Port": 22, "Protocol": "HTTP",
                                         "TargetType": "instance", "VpcId": "vpc-015b20578b48c1349", "LoadBalancerArns": [LoadBalancerTests.lbARN],
                                         "HealthCheckProtocol": "HTTP", "HealthCheckPort": "traffic-port", "HealthCheckPath": "/api/health"])
        LoadBalancerBlockerTests.targets(&snapshot, [LoadBalancerBlockerTests.targetA: ("healthy", nil)])
        snapshot.append("LoadBalancerTargetHealth", ["TargetGroupArn": apiARN, "TargetHealthDescriptions": [
            ["Target": ["Id": LoadBalancerBlockerTests.targetB, "Port": 22], "HealthCheckPort": "22", "TargetHealth": ["State": "healthy"]]]])
        if !rules.isEmpty { snapshot.append("Rules", rules.first!) }
        for rule in rules.dropFirst() { snapshot.append("Rules", rule) }
        return snapshot
    }

    static var twoRules: [EditedSnapshot.Object] { [
        rule("9683b2d02a6cabee", priority: "10",
             conditions: [["Field": "path-pattern", "Values": ["/api/*"], "PathPatternConfig": ["Values": ["/api/*"]]]],
             actions: [forward(apiARN)]),
        rule("1111b2d02a6caaaa", priority: "20",
             conditions: [["Field": "host-header", "HostHeaderConfig": ["Values": ["www.example.com"]]]],
             actions: [["Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": ["Issuer": "https://idp.example.com"]],
                       forward(LoadBalancerTests.groupARN).merging(["Order": 2]) { $1 }]),
        rule("2222b2d02a6cbbbb", priority: "default", conditions: [], actions: [fixedResponse], isDefault: true),
    ] }

    @Test func rulesAreRead() throws {
        let network = try Self.snapshot(rules: Self.twoRules).load()
        let listener = try #require(network.loadBalancer("test-lb")?.listeners.first)
        #expect(listener.rules.map(\.priority) == ["10", "20"])
        #expect(listener.rules.map(\.label) == ["rule 10 (path-pattern /api/*)", "rule 20 (host-header www.example.com)"])
        #expect(listener.forwardedTargetGroups == [Self.apiARN, LoadBalancerTests.groupARN])
        #expect(listener.routes.map(\.answeredBy) == [nil, nil, "fixed-response"])
        #expect(Listener.Rule.listenerARN(ofRule: "\(Self.rulePrefix)/9683b2d02a6cabee") == Self.listenerARN)
    }

    @Test func everyTargetGroupSomeRuleForwardsToIsReachedAndTheAnswerNamesTheRule() throws {
        let questions = ReachabilityQuestions(network: try Self.snapshot(rules: Self.twoRules).load())
        let api = try questions.ask("can i-0c8ce8bbdd98cc4e8 reach test1 on tcp/80")
        #expect(api.answer.verdict == .reachable, "\(AnswerRendering.text(api))")
        let apiHop = try #require(api.answer.forward?.hops.first { $0.kind == .loadBalancer })
        #expect(apiHop.detail.contains("by rule 10 (path-pattern /api/*), a condition on the request that any request may meet,") && apiHop.detail.contains("of target group tg-api"),
                "\(apiHop.detail)")
        let web = try questions.ask("can i-0c8ce8bbdd98cc4e8 reach test20 on tcp/80")
        #expect(web.answer.verdict == .reachable)
        #expect(web.answer.forward?.hops.first { $0.kind == .loadBalancer }?.detail.contains("by rule 20 (host-header www.example.com)") == true)
        #expect(try questions.ask("can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/80").answer.verdict == .reachable)
        #expect(AnswerRendering.text(api).contains("rule 10 (path-pattern /api/*)"))
    }

    /// Without rules, the fixed response reaches no target (ELBV2_LISTENER_HAS_NO_TG): the load balancer answers
    /// the client itself, so asked by name it is reached (its listener ends the connection); a weight of 0 sends
    /// nothing to its group.
    @Test func aFixedResponseReachesNoTarget() throws {
        let network = try Self.snapshot(rules: [Self.rule("2222b2d02a6cbbbb", priority: "default", conditions: [], actions: [Self.fixedResponse], isDefault: true)]).load()
        let answer = try ReachabilityQuestions(network: network).ask("can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/80").answer
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.hops.last?.detail.contains("accepts the connection") == true, "\(answer.forward.map { "\($0)" } ?? "")")
        let walk = LoadBalancerTests.walk(network, to: LoadBalancerTests.nodeA, port: 80)
        #expect(walk.drop?.code == .loadBalancerListenerHasNoTargetGroup, "\(walk)")
        let weighted = try Self.snapshot(rules: [Self.rule("9683b2d02a6cabee", priority: "10", conditions: [["Field": "path-pattern", "Values": ["/api/*"]]],
                                                           actions: [["Type": "forward", "ForwardConfig": ["TargetGroups": [["TargetGroupArn": Self.apiARN, "Weight": 0]]]]])]).load()
        #expect(weighted.loadBalancer("test-lb")?.listeners.first?.forwardedTargetGroups == [])
    }

    /// A source-ip condition is decided by the packet, with fall-through to later rules: not modelled, UNKNOWN.
    @Test func aSourceIPConditionIsUnknown() throws {
        let network = try Self.snapshot(rules: [Self.rule("9683b2d02a6cabee", priority: "5",
                                                          conditions: [["Field": "source-ip", "SourceIpConfig": ["Values": ["10.1.250.0/24"]]]],
                                                          actions: [Self.forward(Self.apiARN)])]).load()
        // Asked of a target behind the rule (asked of the load balancer, its listener ends the connection first).
        let answer = try ReachabilityQuestions(network: network).ask("can i-0c8ce8bbdd98cc4e8 reach test1 on tcp/80").answer
        guard case .unknown(let reason) = answer.verdict else { Issue.record("expected UNKNOWN, got \(answer.verdict)"); return }
        #expect(reason.contains("rule 5 (source-ip 10.1.250.0/24) has a source-ip condition"), "\(reason)")
    }

    /// Walker and SMT agree on the packet grid with the rules.
    @Test func agreement() throws {
        let network = try Self.snapshot(rules: Self.twoRules).load()
        let delivered = try LoadBalancerTests.nodeGrid(network, ports: [22, 80, 443])
        #expect(delivered > 0)
    }
}

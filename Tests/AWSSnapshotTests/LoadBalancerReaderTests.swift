import Foundation
import Testing
@testable import AWSSnapshot
import NetworkModel
import PathProofTestSupport

/// The Elastic Load Balancing v2 outputs: the corpus scenario `test-load-balancer` (the wrapped shapes of its
/// collector), the bare shapes `aws elbv2 describe-…` prints, and malformed input.
struct LoadBalancerReaderTests {
    /// The corpus scenario, found beside the package (`../shared/corpus/…`).
    static let scenario = Fixtures.scenario("test-load-balancer")

    static let lbARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba"
    static let groupARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/test-lb-tg/8e891d8fcdf8ece8"

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func corpus() throws {
        let snapshot = try SnapshotReader.load(directory: Self.scenario)
        let network = snapshot.network
        #expect(network.loadBalancers.count == 1)
        #expect(network.targetGroups.count == 4)
        let loadBalancer = try #require(network.loadBalancer("test-lb"))
        #expect(loadBalancer.arn == Self.lbARN)
        #expect(network.loadBalancer(Self.lbARN)?.name == "test-lb")
        #expect(network.loadBalancer("test-lb-725b996cb6be8fba.elb.us-east-2.amazonaws.com")?.name == "test-lb")
        #expect(loadBalancer.type == .network && loadBalancer.scheme == .internal && loadBalancer.state == .active)
        #expect(loadBalancer.vpcID == "vpc-015b20578b48c1349")
        #expect(loadBalancer.zones.map(\.subnetID) == ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"])
        #expect(loadBalancer.zones.map(\.zoneName) == ["us-east-2a", "us-east-2b"])
        #expect(loadBalancer.securityGroupIDs.isEmpty && !loadBalancer.filtersInbound)
        #expect(loadBalancer.crossZoneAttribute == true && loadBalancer.isCrossZone)
        #expect(loadBalancer.resourcePath == "net/test-lb/725b996cb6be8fba")
        let listener = try #require(loadBalancer.listeners.first)
        #expect(loadBalancer.listeners.count == 1)
        #expect(listener.port == 80 && listener.listenerProtocol == "TCP" && listener.forwardedTargetGroups == [Self.groupARN])
        let group = try #require(network.loadBalancing.targetGroup(Self.groupARN))
        #expect(group.name == "test-lb-tg" && group.port == 80 && group.targetType == .instance && group.loadBalancerARNs == [Self.lbARN])
        #expect(group.targets.map(\.id) == ["i-0f4af951d61a19245", "i-055b0db7be365202c"])
        #expect(group.targets.map(\.port) == [22, 22])
        #expect(group.targets.allSatisfy { $0.health == .healthy })
        #expect(group.preserveClientIPAttribute == nil && group.preservesClientIP(for: loadBalancer))
        #expect(network.targetGroups.filter { $0.arn != Self.groupARN }.allSatisfy { $0.targets.isEmpty && $0.loadBalancerARNs.isEmpty })
        // Its nodes: the interfaces whose description names it.
        #expect(network.nodes(of: loadBalancer).map(\.id).sorted() == ["eni-01f261dccaba46564", "eni-0c82d6f7254ae6695"])
        for node in network.nodes(of: loadBalancer) {
            #expect(network.loadBalancer(ofInterface: node)?.arn == Self.lbARN)
            #expect(node.interfaceType == NetworkInterfaceType(rawValue: "network_load_balancer"))
        }
        // What is modelled now does not warn.
        let keys = ["LoadBalancers", "LoadBalancerListeners", "TargetGroups", "LoadBalancerAttributes", "LoadBalancerTargetHealth"]
        #expect(!snapshot.warnings.contains { keys.contains($0.key) }, "\(snapshot.warnings)")
    }

    static func write(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-elb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory.path
    }

    static let loadBalancers = """
    {"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188",
      "LoadBalancerName": "web", "DNSName": "web-1.us-east-1.elb.amazonaws.com", "Type": "application", "Scheme": "internet-facing",
      "VpcId": "vpc-1", "State": {"Code": "provisioning"}, "SecurityGroups": ["sg-1"],
      "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}]},
     {"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/gwy/fw/1", "LoadBalancerName": "fw",
      "Type": "gateway", "Scheme": "internal", "VpcId": "vpc-1", "AvailabilityZones": []}]}
    """

    /// The bare shapes: `describe-listeners` (each listener names its load balancer), `describe-target-health`
    /// (named by its file), forward configs with weights, and other actions.
    @Test func bareCLIShapes() throws {
        let directory = try Self.write([
            "elbv2-describe-load-balancers.json": Self.loadBalancers,
            "elbv2-describe-listeners.json": """
            {"Listeners": [{"ListenerArn": "l-1", "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188",
              "Port": 443, "Protocol": "HTTPS", "DefaultActions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/73e2d6bc24d8a067", "Weight": 1},
                {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/b/11e2d6bc24d8a000", "Weight": 1}]}}]},
             {"ListenerArn": "l-2", "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188",
              "Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "redirect", "Order": 1, "RedirectConfig": {"Port": "443"}}]}]}
            """,
            "elbv2-describe-target-groups.json": """
            {"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/73e2d6bc24d8a067",
              "TargetGroupName": "a", "Port": 8080, "Protocol": "HTTP", "TargetType": "ip", "VpcId": "vpc-1"}]}
            """,
            "elbv2-describe-target-health-73e2d6bc24d8a067.json": """
            {"TargetHealthDescriptions": [{"Target": {"Id": "10.0.1.5", "Port": 8081, "AvailabilityZone": "us-east-1a"},
              "TargetHealth": {"State": "unhealthy.draining"}}]}
            """,
            "elbv2-describe-target-health-unnamed.json": """
            {"TargetHealthDescriptions": [{"Target": {"Id": "10.0.1.6"}, "TargetHealth": {"State": "healthy"}}]}
            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        let network = snapshot.network
        let web = try #require(network.loadBalancer("web"))
        #expect(web.type == .application && web.scheme == .internetFacing && web.state == .provisioning && web.securityGroupIDs == ["sg-1"])
        #expect(web.isCrossZone && web.filtersInbound && !web.forwardsTraffic)
        #expect(web.listeners.map(\.port) == [443, 80])
        #expect(web.listeners[0].forwardedTargetGroups?.count == 2)
        // A redirect reaches no target group (it answers the client itself).
        #expect(web.listeners[1].forwardedTargetGroups == [] && web.listeners[1].routes.map(\.answeredBy) == ["redirect"])
        #expect(web.listeners[0].carries(IPProtocolNumber.tcp) && !web.listeners[0].carries(IPProtocolNumber.udp))
        let group = try #require(network.targetGroups.first)
        #expect(group.targets == [TargetGroup.Target(id: "10.0.1.5", port: 8081, availabilityZone: "us-east-1a", health: .unhealthyDraining)])
        // A draining target gets no connection, even failing open.
        #expect(group.routedTargets.isEmpty)
        #expect(!group.preservesClientIP(for: web))
        #expect(network.loadBalancer("fw")?.type == .gateway)
        #expect(snapshot.warnings.contains { $0.key == "LoadBalancers.gateway" })
        #expect(snapshot.warnings.contains { $0.key == "Listener rules" && $0.message.contains("web") }, "\(snapshot.warnings)")
        #expect(snapshot.warnings.contains { $0.key == "TargetHealthDescriptions" && $0.files == ["elbv2-describe-target-health-unnamed.json"] })
    }

    @Test func malformedInputNamesTheFileAndPath() throws {
        let cases: [(String, String, String)] = [
            ("""
             {"LoadBalancerListeners": [{"LoadBalancerArn": "arn:x", "Listeners": [{"ListenerArn": "l", "Port": "eighty", "Protocol": "TCP"}]}]}
             """, "LoadBalancerListeners[0].Listeners[0].Port", "expected a number, found a string"),
            ("""
             {"LoadBalancerTargetHealth": [{"TargetGroupArn": "arn:tg", "TargetHealthDescriptions": [{"Target": {"Id": "i-1"}}]}]}
             """, "LoadBalancerTargetHealth[0].TargetHealthDescriptions[0].TargetHealth", "missing (expected an object)"),
            ("""
             {"LoadBalancerAttributes": [{"LoadBalancerArn": "arn:x", "Attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": "yes"}]}]}
             """, "LoadBalancerAttributes[0].Attributes[0].Value", #""yes" is not "true" or "false""#),
            ("""
             {"LoadBalancers": [{"LoadBalancerArn": "arn:x", "LoadBalancerName": "x", "Scheme": "internal", "VpcId": "vpc-1"}]}
             """, "LoadBalancers[0].Type", "missing (expected a string)"),
            ("""
             {"Rules": [{"RuleArn": "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/x/1/2", "Priority": "1", "Conditions": [], "Actions": []}]}
             """, "Rules[0].RuleArn", #""arn:aws:elasticloadbalancing:us-east-1:1:listener/app/x/1/2" is not a listener rule ARN (arn:…:listener-rule/…)"#),
            ("""
             {"Rules": [{"RuleArn": "arn:aws:elasticloadbalancing:us-east-1:1:listener-rule/app/x/1/2/3", "Priority": "1",
               "Conditions": [], "Actions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": "arn:tg", "Weight": 1000}]}}]}]}
             """, "Rules[0].Actions[0].ForwardConfig.TargetGroups[0].Weight", "1000 is not a weight (0-999)"),
            ("""
             {"LoadBalancerDescriptions": [{"LoadBalancerName": "c", "VPCId": "vpc-1", "ListenerDescriptions": [{"Listener": {"Protocol": "TCP", "LoadBalancerPort": 80}}]}]}
             """, "LoadBalancerDescriptions[0].ListenerDescriptions[0].Listener.InstancePort", "missing (expected a port)"),
            ("""
             {"LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled": "yes"}}}
             """, "LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled", "expected true or false, found a string"),
        ]
        for (text, path, message) in cases {
            let directory = try Self.write(["elb.json": text])
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let error = #expect(throws: SnapshotError.self) { try SnapshotReader.load(directory: directory) }
            #expect(error?.file == "elb.json")
            #expect(error?.jsonPath == path)
            #expect(error?.message == message)
        }
    }
}

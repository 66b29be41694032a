import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// A Classic Load Balancer (`aws elb describe-load-balancers`, `describe-load-balancer-attributes`,
/// `describe-instance-health`, in the CLI's shapes) in the corpus scenario `test-load-balancer`: its Network Load
/// Balancer replaced by a Classic one, `web-classic`, on the same two nodes (their interfaces described
/// `ELB web-classic`, as AWS describes a Classic Load Balancer's), listener HTTP:80 → instance port 22, the two
/// instances registered, a security group at the nodes.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct ClassicLoadBalancerTests {
    static let classic = """
    {
        "LoadBalancerDescriptions": [
            {
                "LoadBalancerName": "web-classic",
                "DNSName": "internal-web-classic-1234567890.us-east-2.elb.amazonaws.com",
                "CanonicalHostedZoneNameID": "Z3AADJGX6KTTL2",
                "ListenerDescriptions": [
                    {
                        "Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 22},
                        "PolicyNames": []
                    }
                ],
                "Policies": {"AppCookieStickinessPolicies": [], "LBCookieStickinessPolicies": [], "OtherPolicies": []},
                "BackendServerDescriptions": [],
                "AvailabilityZones": ["us-east-2a", "us-east-2b"],
                "Subnets": ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"],
                "VPCId": "vpc-015b20578b48c1349",
                "Instances": [{"InstanceId": "i-0f4af951d61a19245"}, {"InstanceId": "i-055b0db7be365202c"}],
                "HealthCheck": {"Target": "HTTP:22/health", "Interval": 30, "Timeout": 5, "UnhealthyThreshold": 2, "HealthyThreshold": 10},
                "SourceSecurityGroup": {"OwnerAlias": "554773406868", "GroupName": "lb"},
                "SecurityGroups": ["sg-0lb"],
                "CreatedTime": "2020-02-25T04:56:32.326Z",
                "Scheme": "internal"
            }
        ]
    }
    """

    static func health(_ test20: String, _ test1: String) -> String {
        """
        {"InstanceStates": [
            {"InstanceId": "i-0f4af951d61a19245", "State": "\(test20)", "ReasonCode": "\(test20 == "InService" ? "N/A" : "Instance")", "Description": "N/A"},
            {"InstanceId": "i-055b0db7be365202c", "State": "\(test1)", "ReasonCode": "\(test1 == "InService" ? "N/A" : "Instance")", "Description": "N/A"}
        ]}
        """
    }

    static let attributes = """
    {"LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled": true}, "AccessLog": {"Enabled": false},
     "ConnectionDraining": {"Enabled": false, "Timeout": 300}, "ConnectionSettings": {"IdleTimeout": 60}, "AdditionalAttributes": []}}
    """

    /// The scenario with the Classic Load Balancer; `files` are the extra outputs (name → text). `spare`: node
    /// interfaces described as plain interfaces instead (no node of web-classic there).
    static func folder(_ files: [String: String], spare: [String] = []) throws -> String {
        var snapshot = try EditedSnapshot(copying: LoadBalancerTests.directory)
        LoadBalancerFixTests.asApplicationLoadBalancer(&snapshot) // the security group sg-0lb at the nodes
        try snapshot.remove("LoadBalancers.json")
        try snapshot.remove("LoadBalancerListeners.json")
        try snapshot.remove("LoadBalancerAttributes.json")
        try snapshot.remove("LoadBalancerTargetHealth.json")
        snapshot.editEach("NetworkInterfaces") { interface in
            if [LoadBalancerTests.nodeA, LoadBalancerTests.nodeB].contains(interface["NetworkInterfaceId"] as? String ?? "") {
                interface["Description"] = spare.contains(interface["NetworkInterfaceId"] as? String ?? "") ? "spare interface" : "ELB web-classic"
                interface["InterfaceType"] = "interface"
                interface["RequesterId"] = "amazon-elb"
            }
        }
        let directory = try snapshot.write()
        for (name, text) in files { try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8) }
        return directory
    }

    static func load(_ files: [String: String]) throws -> (Network, [SnapshotWarning]) {
        let directory = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        return (snapshot.network, snapshot.warnings)
    }

    static let full = ["elb-describe-load-balancers.json": classic, "elb-attributes-web-classic.json": attributes,
                       "elb-instance-health-web-classic.json": health("InService", "OutOfService")]

    @Test func theClassicOutputsAreRead() throws {
        let (network, warnings) = try Self.load(Self.full)
        let loadBalancer = try #require(network.loadBalancer("web-classic"))
        #expect(loadBalancer.type == .classic && loadBalancer.scheme == .internal && loadBalancer.isModelled && loadBalancer.filtersInbound)
        #expect(loadBalancer.crossZoneAttribute == true && !loadBalancer.failsOpen)
        #expect(network.loadBalancer("internal-web-classic-1234567890.us-east-2.elb.amazonaws.com")?.name == "web-classic")
        #expect(network.nodes(of: loadBalancer).map(\.id).sorted() == [LoadBalancerTests.nodeB, LoadBalancerTests.nodeA].sorted())
        #expect(loadBalancer.listeners.map(\.port) == [80])
        let group = try #require(network.targetGroups.first { $0.name == "web-classic:22" })
        #expect(group.targets.map(\.health) == [.healthy, .unhealthy])
        #expect(group.healthCheck?.description == "HTTP:22 /health")
        #expect(!warnings.contains { $0.key.hasPrefix("Classic") || $0.key == "LoadBalancerDescriptions" }, "\(warnings)")
        // Without the attributes and instance health: warnings, and the assumptions they state.
        let (bare, bareWarnings) = try Self.load(["elb-describe-load-balancers.json": Self.classic])
        #expect(bare.loadBalancer("web-classic")?.isCrossZone == false)
        #expect(bare.targetGroups.first { $0.name == "web-classic:22" }?.targets.map(\.health) == [.healthy, .healthy])
        #expect(bareWarnings.contains { $0.key == "Classic cross-zone" } && bareWarnings.contains { $0.key == "Classic instance health" }, "\(bareWarnings)")
    }

    @Test func theInServiceInstanceIsReachedFromTheNodesAddress() throws {
        let (network, _) = try Self.load(Self.full)
        // Asked of the instance behind it (asked of the load balancer, its listener, a proxy, ends the connection).
        let result = try ReachabilityQuestions(network: network).ask("can i-0c8ce8bbdd98cc4e8 reach i-0f4af951d61a19245 on tcp/80")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        let forward = try #require(result.answer.forward)
        #expect(forward.deliveredAt == .networkInterface(LoadBalancerTests.targetA))
        #expect(forward.deliveredPacket?.destinationPort == 22)
        // The back leg's source is the node's address, never the client's.
        let nodes = [LoadBalancerTests.nodeA, LoadBalancerTests.nodeB].compactMap { network.networkInterface($0)?.primaryAddress }
        #expect(nodes.contains(forward.deliveredPacket?.source ?? IPAddress("0.0.0.0")!))
        // test1 is OutOfService: the walker does not send it a connection.
        let walk = LoadBalancerTests.walk(network, to: LoadBalancerTests.nodeA, port: 80, target: LoadBalancerTests.targetB)
        #expect(walk.drop?.code == .targetUnhealthy, "\(walk)")
        #expect(walk.drop?.message.hasSuffix("load balancer web-classic routes only to instances InService") == true, "\(walk.drop?.message ?? "")")
    }

    /// A Classic Load Balancer does not fail open: with every instance OutOfService nothing is reached, and the
    /// blockers name the instances' health.
    @Test func noInstanceInServiceReachesNothing() throws {
        let (network, _) = try Self.load(["elb-describe-load-balancers.json": Self.classic, "elb-attributes-web-classic.json": Self.attributes,
                                          "elb-instance-health-web-classic.json": Self.health("OutOfService", "OutOfService")])
        let answer = try ReachabilityQuestions(network: network).ask("can i-0c8ce8bbdd98cc4e8 reach i-0f4af951d61a19245 on tcp/80").answer
        #expect(answer.verdict == .unreachable)
        #expect(answer.blockers.map(\.code) == [.targetUnhealthy], "\(answer.blockers)")
        let fixes = try ReachabilityQuestions(network: network).fixes("can i-0c8ce8bbdd98cc4e8 reach i-0f4af951d61a19245 on tcp/80")
        // No change of the load balancer makes an instance pass its health check (a direct path's rule may be offered).
        #expect(!fixes.report.fixes.contains { $0.awsCommands.contains { $0.description.hasPrefix("aws elb") } }, "\(fixes.report.fixes.map(\.awsCommands))")
    }

    @Test(arguments: ["in service", "cross-zone off"])
    func agreement(_ variant: String) throws {
        var files = Self.full
        if variant == "cross-zone off" {
            files["elb-attributes-web-classic.json"] = Self.attributes.replacingOccurrences(of: #""CrossZoneLoadBalancing": {"Enabled": true}"#,
                                                                                           with: #""CrossZoneLoadBalancing": {"Enabled": false}"#)
        }
        let (network, _) = try Self.load(files)
        let delivered = try LoadBalancerTests.nodeGrid(network, ports: [22, 80])
        // Port 80 at both nodes: the listener takes the connection (which target a node then reaches, cross-zone off
        // or not, is asked of the targets: `LoadBalancerEndsTests`).
        #expect(delivered == 4, "\(variant): \(delivered)")
    }
}

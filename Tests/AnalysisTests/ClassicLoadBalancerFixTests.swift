import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// Fixes of a Classic Load Balancer's blockers as `aws elb …` commands, on `ClassicLoadBalancerTests`' snapshot (the
/// corpus `test-load-balancer` with the Classic Load Balancer `web-classic`, HTTP:80 → instance port 22), one defect
/// at a time: each fix is derived, applied to the model and written by the snapshot editor into the outputs'
/// files, and the query asked again on both answers reachable.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct ClassicLoadBalancerFixTests {
    static let client = "i-0c8ce8bbdd98cc4e8"
    static let test20 = "i-0f4af951d61a19245"   // us-east-2a
    static let test1 = "i-055b0db7be365202c"    // us-east-2b

    /// The Classic outputs with `edit` applied to the description's text, and `health` as describe-instance-health.
    static func files(_ edit: (String) -> String = { $0 }, crossZone: Bool = true, health: String? = nil) -> [String: String] {
        var files = ["elb-describe-load-balancers.json": edit(ClassicLoadBalancerTests.classic),
                     "elb-attributes-web-classic.json": ClassicLoadBalancerTests.attributes.replacingOccurrences(
                        of: #""CrossZoneLoadBalancing": {"Enabled": true}"#, with: #""CrossZoneLoadBalancing": {"Enabled": \#(crossZone)}"#)]
        if let health { files["elb-instance-health-web-classic.json"] = health }
        return files
    }

    /// Derives the fix of `query` whose commands are `commands`, applies it to the model and through the snapshot
    /// editor (the files it changes must be `changed`), and asks again.
    static func check(_ files: [String: String], _ query: String, commands: [String], changed: [String],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try ClassicLoadBalancerTests.folder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let network = try SnapshotReader.load(directory: folder).network
        let changedFiles = try FixSupport.checkRoundTrip(folder, network, query, commands: commands, sourceLocation: sourceLocation)
        #expect(changedFiles == changed, sourceLocation: sourceLocation)
    }

    @Test func aMissingListenerIsCreated() throws {
        try Self.check(Self.files(), "can \(Self.client) reach web-classic on tcp/8080",
                       commands: ["aws elb create-load-balancer-listeners --load-balancer-name web-classic --listeners Protocol=HTTP,LoadBalancerPort=8080,InstanceProtocol=HTTP,InstancePort=22"],
                       changed: ["elb-describe-load-balancers.json"])
    }

    @Test(arguments: [false, true])
    func anUnregisteredInstanceIsRegistered(withHealthOutput: Bool) throws {
        let files = Self.files({ $0.replacingOccurrences(of: #""Instances": [{"InstanceId": "i-0f4af951d61a19245"}, {"InstanceId": "i-055b0db7be365202c"}]"#,
                                                          with: #""Instances": []"#) },
                               health: withHealthOutput ? #"{"InstanceStates": []}"# : nil)
        try Self.check(files, "can \(Self.client) reach \(Self.test20) on tcp/80",
                       commands: ["aws elb register-instances-with-load-balancer --load-balancer-name web-classic --instances \(Self.test20)"],
                       changed: ["elb-describe-load-balancers.json"] + (withHealthOutput ? ["elb-instance-health-web-classic.json"] : []))
    }

    /// Enabled in us-east-2a only: test1 (us-east-2b, OutOfService there: AWS does not check an instance in a zone
    /// the load balancer is not in) gets nothing.
    @Test func aZoneIsAttached() throws {
        let files = Self.files({ $0.replacingOccurrences(of: #""AvailabilityZones": ["us-east-2a", "us-east-2b"]"#, with: #""AvailabilityZones": ["us-east-2a"]"#)
                                   .replacingOccurrences(of: #""Subnets": ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"]"#,
                                                         with: #""Subnets": ["subnet-0873d71031a560a88"]"#) },
                               health: ClassicLoadBalancerTests.health("InService", "OutOfService"))
        try Self.check(files, "can \(Self.client) reach \(Self.test1) on tcp/80",
                       commands: ["aws elb attach-load-balancer-to-subnets --load-balancer-name web-classic --subnets subnet-090fe152cd18ced20"],
                       changed: ["elb-describe-load-balancers.json", "elb-instance-health-web-classic.json"])
    }

    /// Cross-zone load balancing off, and the node in us-east-2b not in the snapshot: the node in us-east-2a does
    /// not route to test1 in us-east-2b.
    @Test(arguments: [false, true])
    func crossZoneIsTurnedOn(withAttributesOutput: Bool) throws {
        var files = Self.files(crossZone: false)
        if !withAttributesOutput { files["elb-attributes-web-classic.json"] = nil }
        let folder = try ClassicLoadBalancerTests.folder(files, spare: [LoadBalancerTests.nodeB])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let network = try SnapshotReader.load(directory: folder).network
        let query = "can \(Self.client) reach \(Self.test1) on tcp/80"
        let result = try ReachabilityQuestions(network: network).fixes(query)
        let command = #"aws elb modify-load-balancer-attributes --load-balancer-name web-classic --load-balancer-attributes '{"CrossZoneLoadBalancing":{"Enabled":true}}'"#
        let fix = try #require(result.report.fixes.first { $0.awsCommands.map(\.description) == [command] },
                               "fixes: \(result.report.fixes.map { $0.awsCommands.map(\.description) }) note: \(result.report.note ?? "")")
        #expect(try ReachabilityQuestions(network: network.applying(fix.actions)).ask(query).answer.verdict == .reachable)
        let (output, editor) = try FixSupport.write(fix, from: folder)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(editor.changedFiles == ["elb-attributes-web-classic.json"], "\(editor.changedFiles)")
        let edited = try SnapshotReader.load(directory: output).network
        #expect(edited.loadBalancer("web-classic")?.crossZoneAttribute == true)
        #expect(try ReachabilityQuestions(network: edited).ask(query).answer.verdict == .reachable)
    }
}

import AWSSnapshot
import Foundation
import PathProofTestSupport
import Testing

/// `pathproof capture` against moto's server: each lab is replayed with the AWS CLI (its builder,
/// `Queries/<lab>/build-snapshots.py`) and captured at some stages by `Queries/capture-stages.py`; the answers on the
/// capture must equal the answers on moto's dump of the same stage (uncorrected: what capture sees too). One moto
/// server per lab replay, shared by the tests of that replay.
@Suite(.enabled(if: CaptureSupport.motoPresent, CaptureSupport.motoAbsent))
struct CaptureMotoTests {
    /// All replays at once (each blocks a thread of the test runner while it waits: started together, they run
    /// side by side), each on its own moto server:
    /// - the seed lab to stage 06, captured at stage 01 (one account, one region: a flat folder) and at stage 06 with
    ///   a second account (two profiles: `DIR/<account>/<region>/…`);
    /// - the seed lab's inter-region part, captured at stage 11 in both regions;
    /// - the transit, data-plane and IPv6 labs' first stage.
    static let replays = CaptureSupport.replay([
        .init(lab: "seed", stages: ["01-no-peering", "06-ping-works"], secondAccount: "06-ping-works"),
        .init(lab: "seed", stages: ["11-inter-region-works"], fromLab: 1),
        .init(lab: "transit", stages: ["01-working"]),
        .init(lab: "dataplane", stages: ["01-working"]),
        .init(lab: "ipv6", stages: ["01-working"]),
        .init(lab: "loadbalancer", stages: ["01-working"]),
    ])
    static var seed: Result<String, CaptureSupport.Failure> { replays[0] }
    static var interRegion: Result<String, CaptureSupport.Failure> { replays[1] }
    static var transit: Result<String, CaptureSupport.Failure> { replays[2] }
    static var dataplane: Result<String, CaptureSupport.Failure> { replays[3] }
    static var ipv6: Result<String, CaptureSupport.Failure> { replays[4] }
    static var loadbalancer: Result<String, CaptureSupport.Failure> { replays[5] }

    @Test func aSeedStageCapturedInOneRegionIsAFlatSnapshotWithTheDumpsAnswers() throws {
        let out = try Self.seed.get()
        let capture = "\(out)/capture/01-no-peering"
        #expect(FileManager.default.fileExists(atPath: "\(capture)/describe-vpcs.json"))
        try CaptureSupport.expectSameAnswers(StageLab.seed, stage: "01-no-peering", raw: "\(out)/raw/01-no-peering", capture: capture)
    }

    @Test func twoAccountsAreCapturedIntoAccountAndRegionFoldersWithTheDumpsAnswers() throws {
        let out = try Self.seed.get()
        let capture = "\(out)/capture/06-ping-works"
        for account in ["123456789012", "210987654321"] {
            #expect(FileManager.default.fileExists(atPath: "\(capture)/\(account)/us-east-1/describe-vpcs.json"), "\(account)")
        }
        let record = try CaptureSupport.record(capture)
        #expect((record["accounts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["123456789012", "210987654321"])
        #expect((record["accounts"] as? [[String: Any]])?.compactMap { $0["profile"] as? String } == ["first", "second"])
        #expect(record["layout"] as? String == "account/region")
        try CaptureSupport.expectSameAnswers(StageLab.seed, stage: "06-ping-works", raw: "\(out)/raw/06-ping-works", capture: capture)
        // The second account's VPC is read, owned by that account.
        let network = try Fixtures.load(capture)
        #expect(network.vpcs.contains { $0.ownerID == "210987654321" && $0.cidrBlocks.map(\.description) == ["10.77.0.0/16"] })
    }

    @Test func twoRegionsAreCapturedIntoRegionFoldersWithTheDumpsAnswers() throws {
        let out = try Self.interRegion.get()
        let capture = "\(out)/capture/11-inter-region-works"
        for region in ["us-east-1", "us-west-2"] {
            #expect(FileManager.default.fileExists(atPath: "\(capture)/123456789012/\(region)/describe-vpcs.json"), "\(region)")
        }
        #expect(try CaptureSupport.record(capture)["regions"] as? [String] == ["us-east-1", "us-west-2"])
        try CaptureSupport.expectSameAnswers(StageLab.seed, stage: "11-inter-region-works", raw: "\(out)/raw/11-inter-region-works", capture: capture)
    }

    @Test func aTransitStageCapturedHasTheDumpsAnswers() throws {
        let out = try Self.transit.get()
        let capture = "\(out)/capture/01-working"
        let files = try FileManager.default.contentsOfDirectory(atPath: capture)
        for prefix in ["search-transit-gateway-routes-tgw-rtb-", "get-transit-gateway-route-table-associations-tgw-rtb-",
                       "get-transit-gateway-route-table-propagations-tgw-rtb-"] {
            #expect(files.contains { $0.hasPrefix(prefix) }, "\(prefix)")
        }
        try CaptureSupport.expectSameAnswers(StageLab.transit, stage: "01-working", raw: "\(out)/raw/01-working", capture: capture)
    }

    @Test func aDataplaneStageCapturedHasTheDumpsAnswers() throws {
        let out = try Self.dataplane.get()
        try CaptureSupport.expectSameAnswers(StageLab.dataplane, stage: "01-working", raw: "\(out)/raw/01-working", capture: "\(out)/capture/01-working")
    }

    @Test func anIPv6StageCapturedHasTheDumpsAnswers() throws {
        let out = try Self.ipv6.get()
        try CaptureSupport.expectSameAnswers(StageLab.ipv6, stage: "01-working", raw: "\(out)/raw/01-working", capture: "\(out)/capture/01-working")
    }

    /// The load balancer lab (Queries/capture-stages.py adds a Classic Load Balancer for the capture): the capture,
    /// corrected as the lab's dump is (moto's L1-L8), answers as the corrected dump; it holds each load
    /// balancer's and target group's attributes and each application load balancer listener's rules (a third round
    /// after describe-listeners), the Classic Load Balancer's attributes and instance health, and
    /// describe-security-group-rules, which the reader reads with describe-security-groups.
    @Test func aLoadBalancerStageCapturedHasTheDumpsAnswers() throws {
        let stage = "01-working"
        let out = try Self.loadbalancer.get()
        let capture = "\(out)/capture/\(stage)"
        try CaptureSupport.expectSameAnswers(StageLab.loadbalancer, stage: stage, raw: "\(out)/corrected/\(stage)", capture: capture)
        let calls = try #require(try CaptureSupport.record(capture)["calls"] as? [[String: Any]])
        let succeeded = calls.filter { $0["exitStatus"] as? Int == 0 }.compactMap { $0["command"] as? String }
        for operation in ["elbv2 describe-load-balancer-attributes --load-balancer-arn ", "elbv2 describe-target-group-attributes --target-group-arn ",
                          "elbv2 describe-rules --listener-arn ", "elbv2 describe-target-health --target-group-arn ",
                          "elb describe-load-balancer-attributes --load-balancer-name classic-web", "elb describe-instance-health --load-balancer-name classic-web"] {
            #expect(succeeded.contains { $0.hasPrefix(operation) }, "\(operation)")
        }
        #expect(succeeded.contains("ec2 describe-security-group-rules"))
        // Rules only for web-alb's listener (application), none for api-nlb's.
        #expect(succeeded.filter { $0.hasPrefix("elbv2 describe-rules ") }.count == 1)

        let snapshot = try SnapshotReader.load(directory: capture)
        let network = snapshot.network
        // The bare attribute files belong to their load balancer or target group (the file name names it).
        #expect(network.loadBalancer("api-nlb")?.crossZoneAttribute == false)
        #expect(network.loadBalancer("web-alb")?.crossZoneAttribute == true)
        #expect(network.targetGroups.first { $0.name == "api-tg" }?.preserveClientIPAttribute == true)
        #expect(!snapshot.warnings.contains { $0.key.hasPrefix("Attributes") || $0.key == "Listener rules" }, "\(snapshot.warnings)")
        // web-alb's listener rules were read (its default rule): no warning that only the default action is followed.
        // The Classic Load Balancer with its attributes and its instance's health.
        let classic = try #require(network.loadBalancer("classic-web"))
        #expect(classic.type == .classic && classic.crossZoneAttribute == true, "\(classic)")
        let webB = try #require(Fixtures.id(named: "web-b", in: network))
        let targets = network.targetGroups.filter { $0.loadBalancerARNs.contains(classic.arn) }.flatMap(\.targets)
        #expect(targets.map(\.id) == [webB] && targets.allSatisfy { $0.health == .healthy }, "\(targets)")
        // describe-security-group-rules is read: a rule it lists that describe-security-groups does not is bad input.
        var edited = try EditedSnapshot(copying: capture)
        edited.editEach("SecurityGroupRules") { rule in
            if rule["IsEgress"] as? Bool == true { rule["CidrIpv4"] = "10.99.0.0/16" }
        }
        let folder = try edited.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try PathProofCLI.run(["query", "--snapshot", folder, StageLab.loadbalancer.questions[0]])
        #expect(run.status == 2 && run.error.contains("describe-security-group-rules.json"), "\(run.status) \(run.error)")
    }

    @Test func captureJSONRecordsEveryCallWithItsStatusAndDuration() throws {
        let out = try Self.seed.get()
        let record = try CaptureSupport.record("\(out)/capture/01-no-peering")
        #expect((record["cliVersion"] as? String)?.hasPrefix("aws-cli/1.") == true)
        #expect(record["regions"] as? [String] == ["us-east-1"])
        #expect(record["layout"] as? String == "flat")
        let retries = try #require(record["retries"] as? [String: Any])
        #expect(retries["setBy"] as? String == "environment" && retries["maxAttempts"] as? Int == 1)
        let stamp = try #require(record["capturedAt"] as? String)
        let captured = try #require(ISO8601DateFormatter().date(from: stamp))
        #expect(abs(captured.timeIntervalSinceNow) < 3600)
        let calls = try #require(record["calls"] as? [[String: Any]])
        let commands = calls.compactMap { $0["command"] as? String }
        for command in ["ec2 describe-vpcs", "ec2 describe-security-groups", "ec2 describe-network-acls", "elbv2 describe-load-balancers",
                        "directconnect describe-virtual-interfaces"] {
            #expect(commands.contains(command), "\(command)")
        }
        #expect(commands.contains { $0.hasPrefix("ec2 describe-vpc-attribute --vpc-id vpc-") })
        for call in calls {
            #expect(call["exitStatus"] is Int && call["seconds"] is Double && call["account"] as? String == "123456789012", "\(call)")
            if call["exitStatus"] as? Int == 0 {
                let file = try #require(call["file"] as? String)
                #expect(FileManager.default.fileExists(atPath: "\(out)/capture/01-no-peering/\(file)"), "\(file)")
            }
        }
        // moto answers Direct Connect with HTTP 500: failed calls, listed and warned about.
        let failed = try #require(record["failed"] as? [[String: Any]])
        #expect(failed.contains { $0["command"] as? String == "directconnect describe-virtual-interfaces" && ($0["error"] as? String)?.isEmpty == false })
        let log = try String(contentsOfFile: "\(out)/logs/01-no-peering.stderr", encoding: .utf8)
        #expect(log.contains("warning: aws directconnect describe-virtual-interfaces failed"), "\(log)")
    }

    @Test func noSecretFromTheEnvironmentIsWrittenOrPrinted() throws {
        for run in [Self.seed, Self.interRegion] {
            let out = try run.get()
            try CaptureSupport.expectNoSecrets(under: "\(out)/capture", atLeast: 30)
            try CaptureSupport.expectNoSecrets(under: "\(out)/logs", atLeast: 2)
        }
    }
}

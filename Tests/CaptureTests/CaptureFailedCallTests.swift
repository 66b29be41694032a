import AWSCapture
import Foundation
import PathProofTestSupport
import Testing

/// A call of the capture that fails (denied by a policy, as the stub `aws` of `CaptureStubTests` does) for any output
/// the model reads: an answer that depends on it is UNKNOWN naming the call, in the account and region where it
/// failed only; a proof through what was read stands.
@Suite struct CaptureFailedCallTests {
    /// Captures `stage` through the stub `aws` with `deny` refused (in `denyRegion` only, when given); the snapshot.
    static func capture(stage: String, deny: String, denyRegion: String = "", regions: [String] = []) throws -> (snapshot: String, cleanup: () -> Void) {
        let stub = try CaptureStubTests.stub(stage: stage, deny: deny, denyRegion: denyRegion)
        let out = Temporary.path("failed-\(deny)")
        let cleanup = { for path in [stub, out] { try? FileManager.default.removeItem(atPath: path) } }
        let capture = try runProcess(PathProofCLI.binary.path, ["capture", "--out", out] + regions.flatMap { ["--region", $0] },
                                     environment: CaptureStubTests.environment(stub: stub))
        #expect(capture.status == 0, "\(capture.error)")
        #expect(capture.error.contains("warning: aws ") && capture.error.contains(" \(deny) failed in 123456789012"), "\(capture.error)")
        return (out, cleanup)
    }

    /// One operation of each kind the model reads, with its service.
    static let operations: [(service: String, operation: String)] = [
        ("ec2", "describe-vpcs"), ("ec2", "describe-subnets"), ("ec2", "describe-route-tables"), ("ec2", "describe-network-acls"),
        ("ec2", "describe-internet-gateways"), ("ec2", "describe-egress-only-internet-gateways"), ("ec2", "describe-nat-gateways"),
        ("ec2", "describe-network-interfaces"), ("ec2", "describe-addresses"), ("ec2", "describe-prefix-lists"),
        ("ec2", "describe-managed-prefix-lists"), ("ec2", "describe-vpc-endpoints"), ("ec2", "describe-vpn-gateways"),
        ("ec2", "describe-vpn-connections"), ("ec2", "describe-transit-gateways"), ("ec2", "describe-transit-gateway-attachments"),
        ("ec2", "describe-transit-gateway-route-tables"), ("directconnect", "describe-direct-connect-gateways"),
        ("directconnect", "describe-virtual-interfaces"), ("elbv2", "describe-load-balancers"), ("elbv2", "describe-target-groups"),
    ]

    /// Stage 04: ping from 1 to 2 is unreachable on what the snapshot describes (a security group). What a denied EC2
    /// call would have described (a route, a gateway, a target) could open a path, so the answer is UNKNOWN and names it.
    @Test(arguments: operations.filter { $0.service == "ec2" }.map { "\($0.service) \($0.operation)" })
    func aDeniedCallMakesAnUnreachableAnswerUnknownNamingIt(_ command: String) throws {
        let operation = String(command.split(separator: " ")[1])
        #expect(try CaptureSupport.answer(SeedLab.ping, on: Fixtures.seed("04-route-one-way")).hasPrefix("exit 0 unreachable"))
        let (snapshot, cleanup) = try Self.capture(stage: "04-route-one-way", deny: operation)
        defer { cleanup() }
        let query = try PathProofCLI.run(["query", "--snapshot", snapshot, SeedLab.ping])
        #expect(query.status == 3, "\(command): \(query.output) \(query.error)")
        #expect(query.output.contains("UNKNOWN"), "\(command): \(query.output)")
        #expect(query.output.contains("aws \(command) failed during the capture in account 123456789012 us-east-1 (An error occurred (UnauthorizedOperation)"),
                "\(command): \(query.output)")
    }

    /// Stage 04 again: its VPCs have no virtual private gateway, no transit gateway attachment and no load balancer
    /// node, so what Direct Connect or Elastic Load Balancing would have described cannot be on a path there: the
    /// denied call is a warning, and the proof stands.
    @Test(arguments: operations.filter { $0.service != "ec2" }.map { "\($0.service) \($0.operation)" })
    func aDeniedCallThatCannotDescribeAPathThereLeavesTheProof(_ command: String) throws {
        let operation = String(command.split(separator: " ")[1])
        let (snapshot, cleanup) = try Self.capture(stage: "04-route-one-way", deny: operation)
        defer { cleanup() }
        let query = try PathProofCLI.run(["query", "--snapshot", snapshot, SeedLab.ping])
        #expect(try CaptureSupport.answer(SeedLab.ping, on: snapshot) == (try CaptureSupport.answer(SeedLab.ping, on: Fixtures.seed("04-route-one-way"))))
        #expect(query.error.contains("aws \(command) failed"), "the failed call is a warning: \(query.error)")
    }

    /// A proof through what the capture read stands: a denied NAT gateway or load balancer listing opens no path
    /// that could block a ping the snapshot shows getting through.
    @Test(arguments: ["describe-nat-gateways", "describe-load-balancers", "describe-vpc-endpoints"])
    func aReachableAnswerThroughWhatWasReadStands(_ operation: String) throws {
        let (snapshot, cleanup) = try Self.capture(stage: "06-ping-works", deny: operation)
        defer { cleanup() }
        #expect(try CaptureSupport.answer(SeedLab.ping, on: snapshot) == (try CaptureSupport.answer(SeedLab.ping, on: Fixtures.seed("06-ping-works"))))
    }

    /// A denied describe-instances leaves the instance names unknown: the endpoint cannot be resolved, and the answer
    /// is UNKNOWN naming the call (not an error in the query).
    @Test func aDeniedDescribeInstancesMakesANamedEndpointUnknown() throws {
        let (snapshot, cleanup) = try Self.capture(stage: "06-ping-works", deny: "describe-instances")
        defer { cleanup() }
        let query = try PathProofCLI.run(["query", "--snapshot", snapshot, SeedLab.ping])
        #expect(query.status == 3, "\(query.output) \(query.error)")
        #expect(query.output.contains("Verdict: UNKNOWN"), "\(query.output)")
        #expect(query.output.contains("aws ec2 describe-instances failed during the capture in account 123456789012 us-east-1"), "\(query.output)")
        let json = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", snapshot, SeedLab.ping])
        #expect(json.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "UNKNOWN")
        #expect((object["reason"] as? String)?.contains("aws ec2 describe-instances failed") == true, "\(json.output)")
        // A name that is not in a snapshot whose calls all succeeded stays an error in the query.
        let complete = try PathProofCLI.run(["query", "--snapshot", Fixtures.seed("06-ping-works"), "can nobody-here ping \(SeedLab.b)"])
        #expect(complete.status == 2, "\(complete.output) \(complete.error)")
    }

    /// Two regions (stage 11: instance 1 in us-east-1, 2 in us-west-2, peered): a call denied in us-west-2 makes
    /// the ping that crosses it UNKNOWN naming the call there, while an answer within us-east-1 is the stage's.
    @Test func aCallDeniedInOneRegionLeavesTheOtherRegionAnswering() throws {
        let stage = "11-inter-region-works"
        let (snapshot, cleanup) = try Self.capture(stage: stage, deny: "describe-route-tables", denyRegion: "us-west-2",
                                                   regions: ["us-east-1", "us-west-2"])
        defer { cleanup() }
        let record = try CaptureSupport.record(snapshot)
        let failed = try #require(record["failed"] as? [[String: Any]])
        #expect(failed.map { "\($0["command"] ?? "") \($0["region"] ?? "")" } == ["ec2 describe-route-tables us-west-2"])

        let crossing = try PathProofCLI.run(["query", "--snapshot", snapshot, SeedLab.ping])
        #expect(crossing.status == 3, "\(crossing.output) \(crossing.error)")
        #expect(crossing.output.contains("aws ec2 describe-route-tables failed during the capture in account 123456789012 us-west-2"), "\(crossing.output)")
        #expect(!crossing.output.contains("us-east-1 (An error"), "\(crossing.output)")

        let within = SeedLab.instanceConnect
        let expected = try CaptureSupport.answer(within, on: Fixtures.seed(stage))
        #expect(!expected.contains("UNKNOWN"))
        #expect(try CaptureSupport.answer(within, on: snapshot) == expected)
    }
}

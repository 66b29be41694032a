import Analysis
import Foundation
import PathProofTestSupport
import Testing
import AWSSnapshot
import NetworkModel
import Questions

/// Cases of "no confident wrong answer" the other suites did not reach as the issue put them: the network ACL file
/// missing where the ACL is what blocks (not only where nothing does), a subnet in a VPC the VPC output leaves out
/// (while the output is there), and a file that cannot be read even by the superuser.
@Suite struct TrustCaseTests {
    @Test func withoutTheNetworkACLThatBlocksTheAnswerIsUnknownNotReachable() throws {
        let stage = StageLab.dataplane.directory("04-nat-acl-blocks-responses")
        let query = "can Lab-app-instance reach internet on tcp/443"
        let blocked = try ReachabilityQuestions(network: try Fixtures.load(stage)).ask(query)
        #expect(blocked.answer.verdict == .unreachable, "the stage's ACL denies the return traffic")

        var edited = try EditedSnapshot(copying: stage)
        try edited.remove("describe-network-acls.json")
        let network = try edited.load()
        let result = try ReachabilityQuestions(network: network).ask(query)
        guard case .unknown(let reason) = result.answer.verdict else {
            Issue.record("expected unknown without the network ACLs, got \(AnswerRendering.text(result))")
            return
        }
        #expect(reason.contains("describe-network-acls"), "\(reason)")
    }

    @Test func aSubnetInAVPCTheOutputLeavesOutMakesThePingUnknown() throws {
        var edited = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        let target = try #require(edited.resources("Vpcs").first { EditedSnapshot.name($0) == "NextWork-2" }?["VpcId"] as? String)
        // The VPC output describes another VPC in its place (an edit, or a page of another account's output).
        edited.editEach("Vpcs") { vpc in
            if vpc["VpcId"] as? String == target { vpc["VpcId"] = "vpc-0another000000000" }
        }
        let directory = try edited.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        #expect(snapshot.network.completeness.holds(.vpcs), "the VPC output is there")
        #expect(snapshot.network.completeness.danglingReferences.contains { $0.kind == .vpcs && $0.id == target },
                "\(snapshot.network.completeness.danglingReferences)")
        let result = try ReachabilityQuestions(network: snapshot.network).ask(SeedLab.ping)
        guard case .unknown(let reason) = result.answer.verdict else {
            Issue.record("expected unknown, got \(AnswerRendering.text(result))")
            return
        }
        #expect(reason.contains(target) && reason.contains("describe-vpcs"), "\(reason)")
    }

    /// `/proc/self/mem` lists as a readable regular file and fails at the first read (EIO), for the superuser too:
    /// the unreadable-file case the permission test cannot make when run as root.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/mem"), "needs Linux's /proc"))
    func aFileThatCannotBeReadIsAnErrorNotSkipped() throws {
        let snapshot = try TemporarySnapshot()
            .write("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#)
        try FileManager.default.createSymbolicLink(atPath: "\(snapshot.path)/us-east-1-security-groups.json", withDestinationPath: "/proc/self/mem")
        let error = try #require(snapshot.loadError())
        #expect(error.hasPrefix("us-east-1-security-groups.json: cannot read"), "\(error)")
    }
}

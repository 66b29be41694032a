import Foundation
import PathProofTestSupport
import Testing

/// The CLI on a snapshot missing a describe-* output: UNKNOWN with the reason and exit status 3, never a proof.
@Suite struct CompletenessCLITests {
    /// The seed lab's stage 06 (where the ping works) without `describe-security-groups.json`.
    static func withoutSecurityGroups() throws -> String {
        var edited = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        try edited.remove("describe-security-groups.json")
        return try edited.write()
    }

    @Test func aQueryWithoutSecurityGroupsIsUnknownWithExitThree() throws {
        let snapshot = try Self.withoutSecurityGroups()
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", snapshot, SeedLab.ping])
        #expect(run.status == 3, "\(run.output) \(run.error)")
        #expect(run.output.contains("UNKNOWN"), "\(run.output)")
        #expect(run.output.contains("the snapshot holds no describe-security-groups output"), "\(run.output)")
        #expect(!run.output.contains("proved"), "\(run.output)")
    }

    @Test func aCannotAssertionWithoutSecurityGroupsIsUnknownWithExitThree() throws {
        let snapshot = try Self.withoutSecurityGroups()
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let file = try Temporary.file("snapshot \(snapshot)\nassert \(SeedLab.b) cannot ping \(SeedLab.a)\n", label: "completeness", suffix: ".reach")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try PathProofCLI.run(["check", "--quiet", file])
        #expect(run.status == 3, "\(run.output) \(run.error)")
        #expect(run.output.contains("describe-security-groups"), "\(run.output)")
    }

    @Test func exposureWithoutSecurityGroupsDoesNotSayNothingIsExposed() throws {
        // Stage 09: NextWork-1-instance has an Elastic IP and SSH open to the internet.
        var edited = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        try edited.remove("describe-security-groups.json")
        let snapshot = try edited.write()
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let run = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", snapshot])
        #expect(run.status == 3, "\(run.output) \(run.error)")
        #expect(!run.output.contains("Nothing on the internet reaches any instance"), "\(run.output)")
        #expect(run.output.contains("unknown: tcp 0-65535: the snapshot holds no describe-security-groups output"), "\(run.output)")
    }

    @Test func theSnapshotWarningNamesTheCommandToRun() throws {
        let snapshot = try Self.withoutSecurityGroups()
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let run = try PathProofCLI.run(["query", "--snapshot", snapshot, SeedLab.ping])
        #expect((run.output + run.error).contains("add the output of aws ec2 describe-security-groups"), "\(run.output) \(run.error)")
    }
}

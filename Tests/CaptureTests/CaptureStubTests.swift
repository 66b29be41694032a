import AWSCapture
import AWSSnapshot
import Foundation
import PathProofTestSupport
import Testing

/// `pathproof capture` with a stub `aws` first on PATH that prints a seed stage's describe outputs, fails one call as
/// AWS does when a policy denies it, or hangs: denied calls, interruption, and what the reader makes of capture.json.
@Suite struct CaptureStubTests {
    /// A folder with an executable `aws` that answers from `Queries/seed/<stage>` (from its `<region>` folder when
    /// it has one), fails `deny` with UnauthorizedOperation (only in `denyRegion` when given) and sleeps on `hang`
    /// (writing the sleeping process's id to `hang.pid` in the folder).
    static func stub(stage: String = "06-ping-works", deny: String = "", denyRegion: String = "", hang: String = "") throws -> String {
        let folder = try Temporary.folder("aws-stub")
        let script = """
        #!/bin/sh
        for argument in "$@"; do [ "$argument" = --version ] && { echo "aws-cli/2.99.0 stub"; exit 0; }; done
        [ "$1" = configure ] && exit 1
        region=""
        while [ $# -gt 0 ]; do case "$1" in --region) region=$2; shift 2 ;; --profile|--output) shift 2 ;; *) break ;; esac; done
        service=$1 operation=$2
        data="\(Fixtures.seed(stage))"
        [ -n "$region" ] && [ -d "$data/$region" ] && data="$data/$region"
        if [ "$operation" = "\(deny)" ] && { [ -z "\(denyRegion)" ] || [ "$region" = "\(denyRegion)" ]; }; then
            printf '\\nAn error occurred (UnauthorizedOperation) when calling the DescribeSecurityGroups operation: You are not authorized to perform this operation.\\n' >&2
            exit 254
        fi
        [ "$operation" = "\(hang)" ] && { echo $$ > "\(folder)/hang.pid"; exec sleep 15; }
        case "$service $operation" in
            "ec2 describe-regions") echo '{"Regions": [{"RegionName": "us-east-1"}, {"RegionName": "eu-west-1"}]}' ;;
            "sts get-caller-identity") echo '{"UserId": "AIDAEXAMPLE", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/reader"}' ;;
            "ec2 "*) if [ -f "$data/$operation.json" ]; then cat "$data/$operation.json"; else echo '{}'; fi ;;
            *) echo '{}' ;;
        esac
        """
        try script.write(toFile: "\(folder)/aws", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(folder)/aws")
        return folder
    }

    static func environment(stub: String) -> [String: String] {
        ["PATH": "\(stub):/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1", "AWS_SECRET_ACCESS_KEY": CaptureSupport.secretMarker,
         "AWS_SESSION_TOKEN": CaptureSupport.tokenMarker, "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"]
    }

    @Test func aDeniedCallIsAWarningALineInCaptureJSONAndAnUnknownAnswerNamingIt() throws {
        let stub = try Self.stub(deny: "describe-security-groups")
        let out = Temporary.path("denied")
        defer { for path in [stub, out] { try? FileManager.default.removeItem(atPath: path) } }
        let capture = try runProcess(PathProofCLI.binary.path, ["capture", "--out", out], environment: Self.environment(stub: stub))
        #expect(capture.status == 0, "\(capture.error)")
        #expect(capture.error.contains("warning: aws ec2 describe-security-groups failed in 123456789012 us-east-1 (exit status 254): An error occurred (UnauthorizedOperation)"), "\(capture.error)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/describe-security-groups.json"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/describe-vpcs.json"))

        let record = try CaptureSupport.record(out)
        let failed = try #require(record["failed"] as? [[String: Any]])
        #expect(failed.count == 1)
        #expect(failed.first?["command"] as? String == "ec2 describe-security-groups")
        #expect(failed.first?["exitStatus"] as? Int == 254)
        #expect((failed.first?["error"] as? String)?.contains("UnauthorizedOperation") == true)
        #expect(record["cliVersion"] as? String == "aws-cli/2.99.0 stub")
        let retries = try #require(record["retries"] as? [String: Any])
        #expect(retries["setBy"] as? String == "pathproof capture" && retries["maxAttempts"] as? Int == 10 && retries["mode"] as? String == "standard")

        let query = try PathProofCLI.run(["query", "--snapshot", out, SeedLab.ping])
        #expect(query.status == 3, "\(query.output) \(query.error)")
        #expect(query.output.contains("UNKNOWN"), "\(query.output)")
        #expect(query.output.contains("aws ec2 describe-security-groups failed during the capture in account 123456789012 us-east-1 (An error occurred (UnauthorizedOperation)"), "\(query.output)")
        #expect(query.error.contains("warning: capture: failed calls: 1 call of the capture failed"), "\(query.error)")
        let quiet = try PathProofCLI.run(["query", "--quiet", "--snapshot", out, SeedLab.ping])
        #expect(quiet.error.isEmpty, "\(quiet.error)")

        for (path, text) in try CaptureSupport.texts(under: out) + [("stderr", capture.error), ("stdout", capture.output)] {
            #expect(!text.contains(CaptureSupport.secretMarker) && !text.contains(CaptureSupport.tokenMarker), "\(path)")
        }
    }

    @Test func withoutADeniedCallTheCaptureAnswersAsTheStage() throws {
        let stub = try Self.stub()
        let out = Temporary.path("stub-complete")
        defer { for path in [stub, out] { try? FileManager.default.removeItem(atPath: path) } }
        let capture = try runProcess(PathProofCLI.binary.path, ["capture", "--quiet", "--out", out], environment: Self.environment(stub: stub))
        #expect(capture.status == 0 && capture.error.isEmpty, "\(capture.error)")
        #expect(try CaptureSupport.answer(SeedLab.ping, on: out) == (try CaptureSupport.answer(SeedLab.ping, on: Fixtures.seed("06-ping-works"))))
    }

    @Test func allRegionsAreTheEnabledRegionsEachInItsAccountAndRegionFolder() throws {
        let stub = try Self.stub()
        let out = Temporary.path("all-regions")
        defer { for path in [stub, out] { try? FileManager.default.removeItem(atPath: path) } }
        let capture = try runProcess(PathProofCLI.binary.path, ["capture", "--all-regions", "--out", out], environment: Self.environment(stub: stub))
        #expect(capture.status == 0, "\(capture.error)")
        #expect(capture.error.contains("captured 1 account (123456789012), 2 regions (eu-west-1, us-east-1)"), "\(capture.error)")
        for region in ["us-east-1", "eu-west-1"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/123456789012/\(region)/describe-vpcs.json"), "\(region)")
        }
        let record = try CaptureSupport.record(out)
        #expect(record["regions"] as? [String] == ["eu-west-1", "us-east-1"])
        #expect(record["layout"] as? String == "account/region")
        let calls = try #require(record["calls"] as? [[String: Any]])
        #expect(Set(calls.compactMap { $0["region"] as? String }) == ["eu-west-1", "us-east-1"])
        #expect(calls.filter { $0["command"] as? String == "ec2 describe-vpcs" }.count == 2)
    }

    @Test func anInterruptedCaptureLeavesNoSnapshot() throws {
        let stub = try Self.stub(hang: "describe-instances")
        let parent = try Temporary.folder("interrupted")
        defer { for path in [stub, parent] { try? FileManager.default.removeItem(atPath: path) } }
        let out = "\(parent)/snapshot"
        let process = Process()
        process.executableURL = PathProofCLI.binary
        process.arguments = ["capture", "--quiet", "--out", out]
        process.environment = testEnvironment(Self.environment(stub: stub))
        try process.run()
        let temporary = "\(parent)/.snapshot.capture-\(process.processIdentifier)"
        let deadline = Date().addingTimeInterval(60)
        // Until the hanging `aws` runs (on a loaded machine it may start well after the first outputs are written).
        while !(FileManager.default.fileExists(atPath: "\(temporary)/describe-vpcs.json") && FileManager.default.fileExists(atPath: "\(stub)/hang.pid"))
            && Date() < deadline { usleep(50_000) }
        #expect(FileManager.default.fileExists(atPath: "\(temporary)/describe-vpcs.json"), "the capture did not start")
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
        // The sleeping `aws` was ended with the capture, not left behind.
        let pid = try #require(Int32(String(contentsOfFile: "\(stub)/hang.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let gone = Date().addingTimeInterval(5)
        while kill(pid, 0) == 0 && Date() < gone { usleep(50_000) }
        #expect(kill(pid, 0) != 0, "aws (process \(pid)) still runs after the capture was interrupted")
    }

    @Test func aCaptureIntoAFolderThatIsNotEmptyIsRefused() throws {
        let stub = try Self.stub()
        let out = try Temporary.folder("not-empty", files: ["notes.txt": "mine"])
        defer { for path in [stub, out] { try? FileManager.default.removeItem(atPath: path) } }
        let capture = try runProcess(PathProofCLI.binary.path, ["capture", "--out", out], environment: Self.environment(stub: stub))
        #expect(capture.status == 2, "\(capture.error)")
        #expect(capture.error.contains("not empty"), "\(capture.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["notes.txt"])
        let file = "\(out)/notes.txt"
        let onAFile = try runProcess(PathProofCLI.binary.path, ["capture", "--out", file], environment: Self.environment(stub: stub))
        #expect(onAFile.status == 2 && onAFile.error.contains("a file exists there"), "\(onAFile.error)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")
    }

    @Test func anOldCaptureIsWarnedAboutUnlessQuietOrWithinTheConfiguredAge() throws {
        let edited = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        let snapshot = try edited.write()
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let old = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-50 * 3600))
        try #"{"capturedAt": "\#(old)", "calls": []}"#.write(toFile: "\(snapshot)/capture.json", atomically: true, encoding: .utf8)
        let warned = try PathProofCLI.run(["query", "--snapshot", snapshot, SeedLab.ping])
        #expect(warned.status == 0)
        #expect(warned.error.contains("warning: capture: the snapshot was captured at \(old), 50 hours ago (more than 24 hours)"), "\(warned.error)")
        let quiet = try PathProofCLI.run(["query", "--quiet", "--snapshot", snapshot, SeedLab.ping])
        #expect(quiet.error.isEmpty, "\(quiet.error)")
        let within = try runProcess(PathProofCLI.binary.path, ["query", "--snapshot", snapshot, SeedLab.ping],
                                    in: Fixtures.packageRoot, environment: ["PATHPROOF_MAX_SNAPSHOT_AGE": "72"])
        #expect(!within.error.contains("captured at"), "\(within.error)")
        let shorter = try runProcess(PathProofCLI.binary.path, ["query", "--snapshot", snapshot, SeedLab.ping],
                                     in: Fixtures.packageRoot, environment: ["PATHPROOF_MAX_SNAPSHOT_AGE": "1"])
        #expect(shorter.error.contains("(more than 1 hours)"), "\(shorter.error)")
        // --max-age HOURS, over the variable.
        let option = try runProcess(PathProofCLI.binary.path, ["query", "--max-age", "72", "--snapshot", snapshot, SeedLab.ping],
                                    in: Fixtures.packageRoot, environment: ["PATHPROOF_MAX_SNAPSHOT_AGE": "1"])
        #expect(option.status == 0 && !option.error.contains("captured at"), "\(option.error)")
        let optionShorter = try PathProofCLI.run(["query", "--max-age", "2", "--snapshot", snapshot, SeedLab.ping])
        #expect(optionShorter.error.contains("(more than 2 hours)"), "\(optionShorter.error)")
        let ports = try PathProofCLI.run(["ports", "--max-age", "2", "--snapshot", snapshot, SeedLab.a, SeedLab.b])
        #expect(ports.error.contains("(more than 2 hours)"), "\(ports.error)")
        let negative = try PathProofCLI.run(["query", "--max-age", "-1", "--snapshot", snapshot, SeedLab.ping])
        #expect(negative.status == 2 && negative.error.contains("--max-age"), "\(negative.status) \(negative.error)")
    }

    @Test func aMalformedCaptureJSONIsBadInputNamingTheFileAndPath() throws {
        let snapshot = try TemporarySnapshot(files: ["describe-vpcs.json": #"{"Vpcs": []}"#,
                                                     "capture.json": #"{"capturedAt": "yesterday", "calls": []}"#])
        #expect(snapshot.loadError()?.contains("capture.json") == true && snapshot.loadError()?.contains("capturedAt") == true,
                "\(snapshot.loadError() ?? "loaded")")
    }

    @Test func aTwelveDigitFolderIsTheAccountOfWhatItHolds() throws {
        let snapshot = try TemporarySnapshot(files: [
            "111122223333/eu-west-1/describe-vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "State": "available"}]}"#,
            "accounts/444455556666/describe-vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16", "State": "available"}]}"#,
        ])
        let network = try snapshot.load().network
        #expect(network.vpc("vpc-1")?.ownerID == "111122223333")
        #expect(network.vpc("vpc-1")?.region == "eu-west-1")
        #expect(network.vpc("vpc-2")?.ownerID == "444455556666")
    }

    @Test func theREADMEsPolicyListsExactlyTheAllowedOperations() throws {
        let readme = try String(contentsOfFile: Fixtures.path("README.md"), encoding: .utf8)
        let pattern = try Regex(#""((?:ec2|sts|directconnect|elasticloadbalancing):[A-Za-z]+)""#)
        let listed = readme.matches(of: pattern).map { String(readme[$0.range].dropFirst().dropLast()) }
        #expect(listed.count == Set(listed).count, "an action is listed twice")
        #expect(listed.sorted() == ReadOnlyOperations.iamActions.sorted())
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PathProofTestSupport
import Testing

/// `diff --format sarif|junit` (as `check` has them, for CI) and `diff --one-way`.
@Suite struct DiffReportCLITests {
    static func plan(_ name: String) -> String { Fixtures.path("Queries/terraform/plans/\(name)") }

    @Test func sarifOfAPlanDiffHasAResultPerChangeAndPerFlippedAssertionAtItsLine() throws {
        let file = try Temporary.file("property peering\nassert NextWork-1-instance can ping NextWork-2-instance\n",
                                      label: "diff-sarif", suffix: ".reach")
        let run = try PathProofCLI.run(["diff", "--snapshot", Fixtures.seed("06-ping-works"), "--terraform",
                                        Self.plan("seed-06-remove-peering-route.json"), "--check", file, "--quiet", "--format", "sarif"])
        #expect(run.status == 1, "\(run.output) \(run.error)")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        let rules = results.compactMap { $0["ruleId"] as? String }
        #expect(rules.filter { $0 == "pathproof/diff/reachability" }.count == 1, "\(rules)")
        #expect(rules.contains("pathproof/diff/assertion"), "\(rules)")
        let flip = try #require(results.first { $0["ruleId"] as? String == "pathproof/diff/assertion" })
        let location = try #require((flip["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == URL(fileURLWithPath: file).absoluteString)
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 2)
        #expect(((flip["message"] as? [String: Any])?["text"] as? String)?.contains("holds → violated") == true, "\(flip)")
        let change = try #require(results.first { $0["ruleId"] as? String == "pathproof/diff/reachability" })
        let text = try #require((change["message"] as? [String: Any])?["text"] as? String)
        #expect(text.contains("aws_route_table.nextwork_1_rtb_public") && text.contains("NO_ROUTE_TO_DESTINATION"), "\(text)")
        for result in results {
            #expect(((result["partialFingerprints"] as? [String: String])?["pathproofDiff/v1"]?.count) == 64, "\(result)")
        }
    }

    @Test func theFingerprintOfAChangeStaysWhenItsWitnessDiffers() throws {
        func fingerprints(_ arguments: [String]) throws -> Set<String> {
            let run = try PathProofCLI.run(["diff", "--quiet", "--format", "sarif"] + arguments)
            let log = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
            return Set(results.compactMap { ($0["partialFingerprints"] as? [String: String])?["pathproofDiff/v1"] })
        }
        let forward = try fingerprints([Fixtures.seed("05-routes-sg-blocks-icmp"), Fixtures.seed("06-ping-works")])
        let back = try fingerprints([Fixtures.seed("06-ping-works"), Fixtures.seed("05-routes-sg-blocks-icmp")])
        #expect(forward.count == 1)
        #expect(forward == back, "the same pairs changed both ways: the same alerts")
    }

    @Test func junitHasAFailingCaseForEachChangeAndAPassingOneWhenNothingChanged() throws {
        let ssh = try PathProofCLI.run(["diff", "--quiet", "--format", "junit", Fixtures.seed("08-eic-elastic-ip-no-ssh-rule"), Fixtures.seed("09-eic-works")])
        #expect(ssh.status == 1, "\(ssh.error)")
        #expect(ssh.output.contains(#"<testsuites name="pathproof diff" tests="1" failures="1" errors="0">"#), "\(ssh.output)")
        #expect(ssh.output.contains(#"classname="pathproof/diff/exposure""#) && ssh.output.contains("nothing → tcp 22"), "\(ssh.output)")
        let same = try PathProofCLI.run(["diff", "--quiet", "--format", "junit", Fixtures.seed("06-ping-works"), Fixtures.seed("07-eic-no-public-ip")])
        #expect(same.status == 0, "\(same.error)")
        #expect(same.output.contains(#"failures="0""#) && same.output.contains("no reachability change across 2 instance pairs"), "\(same.output)")
        _ = try XMLDocument(data: Data(same.output.utf8))
        _ = try XMLDocument(data: Data(ssh.output.utf8))
    }

    /// With the peering route only from VPC 1 to VPC 2, a ping from instance 1 gets there but its reply has no way
    /// back: a change forward only (`--one-way`), none when the response must return.
    @Test func oneWayComparesTheForwardPathOnly() throws {
        var edited = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        edited.editEach("RouteTables") { table in
            guard EditedSnapshot.name(table) == "NextWork-2-rtb-public" else { return }
            table["Routes"] = (table["Routes"] as? [EditedSnapshot.Object] ?? []).filter { $0["VpcPeeringConnectionId"] == nil }
        }
        let after = try edited.write()
        let before = Fixtures.seed("03-peering-active-no-routes")
        let both = try PathProofCLI.run(["diff", "--quiet", before, after])
        #expect(both.status == 0, "\(both.output) \(both.error)")
        let forward = try PathProofCLI.run(["diff", "--quiet", "--one-way", before, after])
        #expect(forward.status == 1, "\(forward.output) \(forward.error)")
        #expect(forward.output.contains("unreachable → reachable"), "\(forward.output)")
    }
}

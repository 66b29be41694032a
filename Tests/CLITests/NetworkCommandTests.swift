import Foundation
import PathProofTestSupport
import Testing

/// `pathproof matrix`, `ports`, `exposure` and `diff` as a user runs them.
@Suite struct NetworkCommandTests {
    static func json(_ run: ProcessRun) throws -> Any { try JSONSerialization.jsonObject(with: Data(run.output.utf8)) }

    @Test func matrixPrintsRowsAsJSONAndATableAsText() throws {
        let run = try PathProofCLI.run(["matrix", "--quiet", "--format", "json", "--snapshot", "Queries/seed/06-ping-works"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try Self.json(run) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["from"] is String && $0["to"] is String && $0["verdict"] is String })
        #expect(rows.filter { $0["verdict"] as? String == "reachable" }.count == 1)
        let text = try PathProofCLI.run(["matrix", "--quiet", "--on", "tcp/22", "--snapshot", "Queries/seed/06-ping-works"])
        #expect(text.status == 0 && text.output.contains("Reachability matrix for tcp/22") && text.output.contains("0 of 2 pairs reachable"))
        let bad = try PathProofCLI.run(["matrix", "--quiet", "--on", "tcp/99999", "--snapshot", "Queries/seed/06-ping-works"])
        #expect(bad.status == 2)
    }

    @Test func portsListsCompleteRanges() throws {
        let run = try PathProofCLI.run(["ports", "--quiet", "--snapshot", "Queries/seed/09-eic-works", "internet", "NextWork-1-instance"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("  tcp 22\n") && run.output.contains("Proved complete"))
        let json = try PathProofCLI.run(["ports", "--quiet", "--format", "json", "--snapshot", "Queries/seed/06-ping-works", "NextWork-1-instance", "NextWork-2-instance"])
        let object = try #require(try Self.json(json) as? [String: Any])
        #expect(object["summary"] as? String == "icmp echo, other types")
        #expect((object["tcp"] as? [Any])?.isEmpty == true && object["icmpTypes"] as? [Int] == [8])
    }

    @Test func exposureNamesTheInstanceAndItsPorts() throws {
        let run = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", "Queries/seed/09-eic-works"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("(NextWork-1-instance) at ") && run.output.contains(": tcp 22"))
        let closed = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", "Queries/seed/06-ping-works"])
        #expect(closed.output.contains("Nothing on the internet reaches any instance"))
    }

    @Test func diffShowsWhatChangedWithWitnessOrBlockers() throws {
        let run = try PathProofCLI.run(["diff", "--quiet", "Queries/seed/05-routes-sg-blocks-icmp", "Queries/seed/06-ping-works"])
        #expect(run.status == 1, "reachability changed: \(run.error)")
        #expect(run.output.contains("unreachable → reachable") && run.output.contains("witness: icmp echo-request 10.1.0.10 → 10.2.0.10"))
        let back = try PathProofCLI.run(["diff", "--quiet", "--ports", "--format", "json", "Queries/seed/06-ping-works", "Queries/seed/05-routes-sg-blocks-icmp"])
        #expect(back.status == 1, "\(back.error)")
        let changes = try #require((try Self.json(back) as? [String: Any])?["changes"] as? [[String: Any]])
        #expect(changes.count == 1 && changes.first?["after"] as? String == "unreachable")
        #expect((changes.first?["blockers"] as? [String])?.first?.contains("ENI_SG_RULES_MISMATCH") == true)
        #expect(changes.first?["portsAfter"] as? String == "nothing")
        let same = try PathProofCLI.run(["diff", "--quiet", "Queries/seed/06-ping-works", "Queries/seed/07-eic-no-public-ip"])
        #expect(same.output.contains("No change in ping reachability across 2 instance pairs."))
        #expect(same.status == 0, "\(same.output)")
    }
}

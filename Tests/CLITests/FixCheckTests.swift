import Foundation
import PathProofTestSupport
import Testing

/// `pathproof fix … --check FILE`: a fix must not silently change what the user did not ask about.
@Suite struct FixCheckTests {
    static func queryFile(_ text: String) throws -> String { try Temporary.file(text, label: "fixcheck", suffix: ".reach") }

    @Test func reportsTheAssertionsAFixChanges() throws {
        let file = try Self.queryFile("""
            # what the fix for ping 1 → 2 may touch, and what it must not
            property ping-is-blocked
            assert NextWork-1-instance cannot ping NextWork-2-instance
            property reverse-stays-blocked
            assert NextWork-2-instance cannot ping NextWork-1-instance
            assert internet cannot reach NextWork-2-instance on tcp/22
            """)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "Queries/seed/05-routes-sg-blocks-icmp", "--check", file,
                                    "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Fix 1: 1 of the 3 checked assertions change their answer:"), "\(run.output)")
        #expect(run.output.contains(":3: NextWork-1-instance cannot ping NextWork-2-instance: holds → violated"), "\(run.output)")
        #expect(!run.output.contains(":5: "), "the reverse direction must not change")

        let json = try PathProofCLI.run(["fix", "--quiet", "--format", "json", "--snapshot", "Queries/seed/05-routes-sg-blocks-icmp", "--check", file,
                                     "can NextWork-1-instance ping NextWork-2-instance"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let fix = try #require((object["fixes"] as? [[String: Any]])?.first)
        let impact = try #require(fix["impact"] as? [String: Any])
        #expect(impact["assertions"] as? Int == 3)
        let changes = try #require(impact["changes"] as? [[String: Any]])
        #expect(changes.count == 1 && changes.first?["line"] as? Int == 3 && changes.first?["after"] as? String == "violated")
    }

    @Test func aBadQueryFileIsBadInput() throws {
        let file = try Self.queryFile("assert NextWork-1-instance can dance NextWork-2-instance\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "Queries/seed/05-routes-sg-blocks-icmp", "--check", file,
                                    "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(run.status == 2 && run.error.contains(":1:"), "\(run.error)")
    }
}

import Foundation
import Testing
import AWSSnapshot
import PathProofTestSupport

/// The cache of loaded snapshots through `pathproof`: a repeated query answers alike (warnings included) from the
/// cache, an edited snapshot gets the new answer, and `PATHPROOF_CACHE=off` writes nothing. Each test has a cache
/// folder of its own (`XDG_CACHE_HOME`).
@Suite struct SnapshotCacheCLITests {
    private func entries(in home: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: home + "/pathproof")) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// An answer without its time (`Solved in 70.6 ms …`).
    static func answer(_ output: String) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Solved in") }.joined(separator: "\n")
    }

    @Test func aRepeatedQueryAnswersAlikeFromTheCache() throws {
        let home = Temporary.path("cache-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A snapshot with a warning (an unknown key), to see it printed again from the cache.
        let snapshot = try SnapshotCopy.make(Fixtures.seed("06-ping-works"))
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        try #"{"Widgets": []}"#.write(toFile: snapshot + "/widgets.json", atomically: true, encoding: .utf8)
        let arguments = ["query", "--snapshot", snapshot, SeedLab.ping]
        let first = try runProcess(PathProofCLI.binary.path, arguments, in: Fixtures.packageRoot, environment: ["XDG_CACHE_HOME": home, "PATHPROOF_CACHE": "all"])
        #expect(first.status == 0)
        #expect(first.error.contains("Widgets: not modelled yet"))
        #expect(entries(in: home).count == 1)
        let second = try runProcess(PathProofCLI.binary.path, arguments, in: Fixtures.packageRoot, environment: ["XDG_CACHE_HOME": home, "PATHPROOF_CACHE": "all"])
        #expect(second.status == first.status)
        #expect(Self.answer(second.output) == Self.answer(first.output))
        #expect(second.error == first.error)

        // Stop the destination (same size): the answer changes, whatever the cache holds.
        let file = try SnapshotCopy.file(holding: "\"running\"", in: snapshot)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"Name\": \"running\"", with: "\"Name\": \"stopped\"").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try runProcess(PathProofCLI.binary.path, arguments, in: Fixtures.packageRoot, environment: ["XDG_CACHE_HOME": home, "PATHPROOF_CACHE": "all"])
        let fresh = try runProcess(PathProofCLI.binary.path, arguments, in: Fixtures.packageRoot,
                                   environment: ["XDG_CACHE_HOME": home, "PATHPROOF_CACHE": "off"])
        #expect(edited.status == fresh.status)
        #expect(Self.answer(edited.output) == Self.answer(fresh.output))
        #expect(edited.output.contains("UNREACHABLE"))
        #expect(first.output.contains("REACHABLE") && !first.output.contains("UNREACHABLE"))
        #expect(entries(in: home).count == 2)
    }

    @Test func turnedOffTheCacheWritesNothing() throws {
        let home = Temporary.path("cache-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try runProcess(PathProofCLI.binary.path, ["query", "--snapshot", Fixtures.seed("06-ping-works"), SeedLab.ping],
                                 in: Fixtures.packageRoot, environment: ["XDG_CACHE_HOME": home, "PATHPROOF_CACHE": "off"])
        #expect(run.status == 0)
        #expect(!FileManager.default.fileExists(atPath: home))
    }

    /// A snapshot of less than 1 MiB of JSON (every lab's) is not cached unless `PATHPROOF_CACHE=all`: it loads faster
    /// than it is hashed and restored.
    @Test func aSmallSnapshotIsNotCachedByDefault() throws {
        let home = Temporary.path("cache-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let run = try runProcess(PathProofCLI.binary.path, ["query", "--snapshot", Fixtures.seed("06-ping-works"), SeedLab.ping],
                                 in: Fixtures.packageRoot, environment: ["XDG_CACHE_HOME": home])
        #expect(run.status == 0, "\(run.error)")
        #expect(entries(in: home).isEmpty, "\(entries(in: home))")
    }
}

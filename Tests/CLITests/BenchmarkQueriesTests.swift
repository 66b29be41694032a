import Foundation
import PathProofTestSupport
import Testing

/// `pathproof-benchmark --queries DIR`: the two single queries timed on a kept snapshot, one load, asked N times.
@Suite struct BenchmarkQueriesTests {
    @Test func queriesAreTimedOnAKeptSnapshot() throws {
        let folder = Temporary.path("benchmark-queries")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try runProcess(BenchmarkTests.binary, ["4", "10", "1", "--shape", "transit", "--write", folder, "--no-matrix"])
        #expect(written.status == 0, "\(written.output) \(written.error)")
        let run = try runProcess(BenchmarkTests.binary, ["--queries", folder, "--rounds", "3"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        #expect(!run.output.contains("generate describe-* JSON"), "it generated a network: \(run.output)")
        #expect(run.output.contains("network: 4 VPCs, 40 subnets, 40 instances"), "\(run.output)")
        for question in ["can web-1-0-0 ping web-0-0-0:", "can app-1-4-0 reach db-0-8-0 on tcp/3306:"] {
            let lines = run.output.split(separator: "\n").map(String.init)
            guard let at = lines.firstIndex(of: question) else {
                Issue.record("no figures for \(question): \(run.output)")
                continue
            }
            // Three runs' processor times, then the median and the lowest.
            #expect(lines.count > at + 2, "\(run.output)")
            let runs = lines[at + 1].split(separator: ":").last?.split(separator: " ").compactMap { Double($0) } ?? []
            #expect(runs.count == 3, "\(lines[at + 1])")
            #expect(lines[at + 2].contains("median") && lines[at + 2].contains("over 3 runs"), "\(lines[at + 2])")
        }
    }

    @Test func aSnapshotWithoutTheQueriedInstancesSkipsThem() throws {
        let folder = Temporary.path("benchmark-queries-small")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try runProcess(BenchmarkTests.binary, ["4", "3", "1", "--write", folder, "--no-matrix"])
        #expect(written.status == 0, "\(written.output) \(written.error)")
        let run = try runProcess(BenchmarkTests.binary, ["--queries", folder, "--rounds", "1"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        #expect(run.output.contains("can app-1-4-0 reach db-0-8-0 on tcp/3306: skipped (the snapshot has no instance app-1-4-0, db-0-8-0)"),
                "\(run.output)")
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
@testable import pathproof_benchmark
import PathProofTestSupport
import Questions
import Testing

/// `pathproof matrix --shard`, `check --shard` and `pathproof merge`: the N shards' outputs merged are the unsharded
/// answer; and the streamed matrix on the benchmark's transit organisation is the solver's.
@Suite struct MatrixShardCLITests {
    static func object(_ text: String, _ label: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(label): \(text.prefix(400))")
    }

    /// The JSON without its timings (which differ from run to run).
    static func withoutTimes(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { $0.key != "milliseconds" }.mapValues(withoutTimes)
        }
        if let array = value as? [Any] { return array.map(withoutTimes) }
        return value
    }

    static func same(_ a: Any, _ b: Any) -> Bool {
        NSDictionary(dictionary: ["v": withoutTimes(a)]).isEqual(to: ["v": withoutTimes(b)])
    }

    /// Runs `command` unsharded and as `count` shards, merges the shards, and compares.
    static func expectShardsMerge(_ command: [String], count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let whole = try PathProofCLI.run(command)
        #expect(whole.status == 0 || whole.status == 1, "\(whole.error)", sourceLocation: sourceLocation)
        var files: [String] = []
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        for index in 0..<count {
            let part = try PathProofCLI.run(command + ["--shard", "\(index)/\(count)"])
            #expect(part.status == whole.status || part.status == 0, "\(part.error)", sourceLocation: sourceLocation)
            #expect(try object(part.output, "shard \(index)")["shard"] as? String == "\(index)/\(count)", sourceLocation: sourceLocation)
            files.append(try Temporary.file(part.output, label: "shard-\(index)", suffix: ".json"))
        }
        let merged = try PathProofCLI.run(["merge"] + files.reversed())
        #expect(merged.status == whole.status, "\(merged.error)", sourceLocation: sourceLocation)
        let (expected, got) = (try object(whole.output, "unsharded"), try object(merged.output, "merged"))
        #expect(same(expected, got), "merged shards differ from the unsharded answer:\n\(merged.output.prefix(2000))\n---\n\(whole.output.prefix(2000))",
                sourceLocation: sourceLocation)
        // A missing shard is bad input.
        if count > 1 {
            let missing = try PathProofCLI.run(["merge"] + files.dropLast())
            #expect(missing.status == 2 && missing.error.contains("shards missing"), "\(missing.error)", sourceLocation: sourceLocation)
        }
        return expected
    }

    @Test func matrixShardsMergeIntoTheMatrix() throws {
        for stage in ["Queries/transit/01-working", "Queries/dataplane/01-working"] {
            let whole = try Self.expectShardsMerge(["matrix", "--quiet", "--format", "json", "--snapshot", stage], count: 3)
            let rows = try #require(whole["rows"] as? [[String: Any]])
            let instances = try #require(whole["instances"] as? Int)
            #expect(rows.count == instances * (instances - 1) && rows.contains { $0["verdict"] as? String == "reachable" })
            let byClass = try Self.expectShardsMerge(["matrix", "--quiet", "--by-class", "--format", "json", "--snapshot", stage], count: 2)
            let classRows = try #require(byClass["rows"] as? [[String: Any]])
            #expect(classRows.reduce(0) { $0 + ($1["pairs"] as? Int ?? 0) } == rows.count, "the class rows stand for every instance pair")
        }
    }

    @Test func checkShardsMergeIntoTheCheck() throws {
        let whole = try Self.expectShardsMerge(["check", "--quiet", "--format", "json", "Queries/seed-lab.reach", "Queries/policies/segmentation.reach"], count: 3)
        let summary = try #require(whole["summary"] as? [String: Any])
        #expect((summary["assertions"] as? Int ?? 0) > 9)
    }

    @Test func byClassAndShardOnTheCommandLine() throws {
        let text = try PathProofCLI.run(["matrix", "--quiet", "--by-class", "--snapshot", "Queries/transit/01-working"])
        #expect(text.status == 0 && text.output.contains("Reachability by endpoint class for ping") && text.output.contains("class 1:"), "\(text.output)")
        let bad = try PathProofCLI.run(["matrix", "--quiet", "--shard", "2/2", "--snapshot", "Queries/transit/01-working"])
        #expect(bad.status == 2 && bad.error.contains("0 ≤ K < N"), "\(bad.error)")
        let notShard = try Temporary.file("{\"rows\": []}", label: "not-a-shard", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: notShard) }
        let merge = try PathProofCLI.run(["merge", notShard])
        #expect(merge.status == 2 && merge.error.contains(notShard), "\(merge.error)")
    }

    /// On the benchmark's transit organisation (segments, NAT gateways, group references across the 2–4 peering),
    /// the walker's matrix is the solver's, row for row, both ways and one way; and the pair-by-pair answers of a
    /// smaller one are the matrix's.
    @Test func transitShapeMatrixIsTheSolversAndEveryQuerys() throws {
        for (size, pairByPair) in [((6, 3, 2), false), ((6, 3, 1), true)] {
            let folder = Temporary.path("matrix-transit")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try SyntheticNetwork(vpcs: size.0, subnetsPerVPC: size.1, instancesPerSubnet: size.2, layout: .transit).write(to: URL(fileURLWithPath: folder))
            let network = try SnapshotReader.load(directory: folder).network
            var walked = 0
            var reachable = 0
            for oneWay in [false, true] {
                let walker = try ReachabilityMatrix(network: network, traffic: .ping, oneWay: oneWay)
                let solver = try ReachabilityMatrix(network: network, traffic: .ping, oneWay: oneWay, engine: .solver)
                walked += walker.walkedPairs
                reachable += walker.rows.filter { $0.verdict == .reachable }.count
                #expect(walker.rows.map { "\($0.from)>\($0.to) \($0.verdict.name)" } == solver.rows.map { "\($0.from)>\($0.to) \($0.verdict.name)" })
                guard pairByPair else { continue }
                let engine = ReachabilityEngine(network: network)
                func endpoints(_ id: String) -> [Endpoint] { network.networkInterfaces(ofInstance: id).map { .interface($0.id, addresses: $0.addresses.map(\.address)) } }
                for row in walker.rows {
                    let alone = try engine.answer(TrafficQuery(sources: endpoints(row.from), destinations: endpoints(row.to), traffic: .ping, oneWay: oneWay),
                                                  explainingUnreachable: false)
                    #expect(alone.verdict.name == row.verdict.name, "\(row.from) → \(row.to)\(oneWay ? " one-way" : ""): matrix \(row.verdict), query \(alone.verdict)")
                }
            }
            #expect(walked > 0 && reachable > 0, "\(size)")
        }
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The matrix's rows streamed in row order (`MatrixStream.forEachRowIndex`, one byte per class and pair) and counted
/// by class blocks (`MatrixStream.countRows`, the text answer) against the rows `ReachabilityMatrix` builds pair by
/// pair, on every stage of every lab.
@Suite struct MatrixRowOrderTests {
    static let stages: [String] = StageLab.all.flatMap { lab in lab.stages.map { "\(lab.name)/\($0)" } }

    @Test(arguments: stages)
    func streamedAndCountedRowsAreThePairByPairRows(stage: String) throws {
        let network = try Fixtures.load(Fixtures.path("Queries/\(stage)"))
        for traffic in [TrafficSpec.ping, .tcp(PortRange(22, 22))] {
            let matrix = try ReachabilityMatrix(network: network, traffic: traffic)
            let expected = matrix.rows.map { "\($0.from)>\($0.to) \($0.verdict)" }
            let streamedCells = MatrixCells(network: network, traffic: traffic)
            var streamed: [String] = []
            let counts = try MatrixStream.forEachRowIndex(streamedCells) { i, j, verdict in
                streamed.append("\(streamedCells.instances[i].id)>\(streamedCells.instances[j].id) \(verdict)")
            }
            #expect(streamed == expected, "\(stage) \(traffic)")
            let reachable = matrix.rows.filter { $0.verdict == .reachable }.map { "\($0.from)>\($0.to)" }
            let unknown = matrix.rows.filter { if case .unknown = $0.verdict { true } else { false } }.count
            #expect(counts.pairs == matrix.rows.count && counts.reachable == reachable.count && counts.unknown == unknown, "\(stage) \(traffic)")

            // By class blocks: the same counts, and the first reachable pairs in row order.
            let countedCells = MatrixCells(network: network, traffic: traffic)
            var listed: [String] = []
            let limit = max(1, reachable.count / 2)
            let counted = try MatrixStream.countRows(countedCells, listing: limit) { i, j in
                listed.append("\(countedCells.instances[i].id)>\(countedCells.instances[j].id)")
            }
            #expect(counted.pairs == counts.pairs && counted.reachable == counts.reachable && counted.unknown == counts.unknown, "\(stage) \(traffic)")
            #expect(listed == Array(reachable.prefix(limit)), "\(stage) \(traffic)")
        }
    }

    /// A shard counts only its own rows, and the shards' counts add up to the whole matrix's.
    @Test func shardCountsAddUp() throws {
        let network = try Fixtures.load(Fixtures.path("Queries/dataplane/01-working"))
        let whole = try MatrixStream.countRows(MatrixCells(network: network, traffic: .ping))
        var pairs = 0, reachable = 0
        for index in 0..<3 {
            let part = try MatrixStream.countRows(MatrixCells(network: network, traffic: .ping, shard: try Shard(index: index, count: 3)))
            pairs += part.pairs
            reachable += part.reachable
        }
        #expect(whole.pairs > 0 && whole.reachable > 0)
        #expect(pairs == whole.pairs && reachable == whole.reachable)
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The matrix decided by walking concrete echo packets (`MatrixEngine.automatic`) against the matrix decided by the
/// solver alone and against every pair asked alone, as `pathproof query` asks it, on every stage of every lab.
@Suite struct MatrixEngineTests {
    static let stages: [(lab: String, stage: String)] = StageLab.all.flatMap { lab in lab.stages.map { (lab.name, $0) } }

    static func endpoints(_ instance: String, _ network: Network) -> [Endpoint] {
        network.networkInterfaces(ofInstance: instance).map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
    }

    /// Both engines and the pair-by-pair answers agree on every row, both ways and one way.
    static func expectEnginesAgree(_ network: Network, _ label: String, traffic: TrafficSpec = .ping, pairByPair: Bool = true,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var walked = 0
        for oneWay in [false, true] {
            let walker = try ReachabilityMatrix(network: network, traffic: traffic, oneWay: oneWay, engine: .automatic)
            let solver = try ReachabilityMatrix(network: network, traffic: traffic, oneWay: oneWay, engine: .solver)
            #expect(solver.walkedPairs == 0, "\(label)", sourceLocation: sourceLocation)
            #expect(walker.rows.count == solver.rows.count, "\(label)", sourceLocation: sourceLocation)
            #expect(walker.rows.count == walker.instances.count * (walker.instances.count - 1), "\(label)", sourceLocation: sourceLocation)
            walked += walker.walkedPairs
            let engine = ReachabilityEngine(network: network)
            for (row, other) in zip(walker.rows, solver.rows) {
                let name = "\(label)\(oneWay ? " one-way" : ""): \(row.from) → \(row.to)"
                #expect(row.from == other.from && row.to == other.to, "\(name)", sourceLocation: sourceLocation)
                #expect(row.verdict.name == other.verdict.name, "\(name): walker \(row.verdict), solver \(other.verdict)", sourceLocation: sourceLocation)
                guard pairByPair else { continue }
                let alone = try engine.answer(TrafficQuery(sources: endpoints(row.from, network), destinations: endpoints(row.to, network),
                                                           traffic: traffic, oneWay: oneWay), explainingUnreachable: false).verdict
                #expect(alone.name == row.verdict.name, "\(name): matrix \(row.verdict), query \(alone)", sourceLocation: sourceLocation)
            }
        }
        return walked
    }

    @Test(arguments: stages.map { "\($0.lab)/\($0.stage)" })
    func walkerMatrixIsTheSolverMatrixAndEveryQuery(stage: String) throws {
        let network = try Fixtures.load(Fixtures.path("Queries/\(stage)"))
        _ = try Self.expectEnginesAgree(network, stage)
    }

    /// The walker decides ping pairs on the labs (the test above is not comparing the solver with itself).
    @Test func walkerDecidesPing() throws {
        var walked = 0
        for stage in ["seed/06-ping-works", "transit/01-working", "dataplane/01-working", "ipv6/01-working"] {
            let matrix = try ReachabilityMatrix(network: try Fixtures.load(Fixtures.path("Queries/\(stage)")), traffic: .ping)
            walked += matrix.walkedPairs
        }
        #expect(walked > 0)
        let tcp = try ReachabilityMatrix(network: try Fixtures.load(Fixtures.path("Queries/seed/06-ping-works")), traffic: .tcp(PortRange(22, 22)))
        #expect(tcp.walkedPairs == 0 && tcp.solvedPairs > 0, "a port range is the solver's")
    }

    /// A shard decides only its source classes; the shards' rows together are the matrix's rows.
    @Test func shardsPartitionTheSourceClasses() throws {
        let network = try Fixtures.load(Fixtures.path("Queries/dataplane/01-working"))
        let whole = MatrixCells(network: network, traffic: .ping)
        var rows: [String] = []
        try MatrixStream.forEachRow(whole) { rows.append("\($0)>\($1) \($2.name)") }
        var union: [String] = []
        var classes: [Int] = []
        for index in 0..<3 {
            let part = MatrixCells(network: network, traffic: .ping, shard: try Shard(index: index, count: 3))
            classes += part.sourceClasses
            try MatrixStream.forEachRow(part) { union.append("\($0)>\($1) \($2.name)") }
        }
        #expect(classes.sorted() == Array(whole.classes.classes.indices))
        #expect(union.sorted() == rows.sorted() && !rows.isEmpty)
        #expect(throws: QueryError.self) { try Shard(parsing: "3/3") }
        #expect(throws: QueryError.self) { try Shard(parsing: "one/3") }
    }
}

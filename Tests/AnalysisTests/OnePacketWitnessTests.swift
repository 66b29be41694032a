import Analysis
import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// A ping from an instance to an instance asks about one packet: its witness is found by the walker
/// (`ReachabilityEngine.walksOnePacketQueries`), without solving. The answer must be the one Z3 gives: the same
/// verdict, witness packet, replayed paths, ends and candidate paths, on every stage of every lab. The walker's answers
/// are made without a Z3 context (`ReachabilityEngine.contextsMade`): their candidate paths are enumerated over a
/// structural context.
@Suite struct OnePacketWitnessTests {
    /// The answers with and without the walker's witness, for up to `limit` ordered pairs of instances' interfaces.
    static func compare(_ network: Network, limit: Int) throws -> (pairs: Int, walked: Int) {
        let walking = ReachabilityEngine(network: network)
        let solving = ReachabilityEngine(network: network)
        solving.walksOnePacketQueries = false
        let ends = network.networkInterfaces.filter { $0.instanceID != nil }.compactMap { interface in
            interface.addresses(.ipv4).first.map { (interface, $0) }
        }
        var pairs = 0
        for (from, source) in ends {
            for (to, destination) in ends where to.id != from.id && pairs < limit {
                pairs += 1
                let query = TrafficQuery(sources: [.interface(from.id, addresses: [source])], destinations: [.interface(to.id, addresses: [destination])],
                                         traffic: .ping)
                let fast = try walking.answer(query), solved = try solving.answer(query)
                let pair = "\(from.id) → \(to.id)"
                #expect(fast.verdict == solved.verdict, "\(pair)")
                #expect(fast.packet == solved.packet, "\(pair)")
                #expect(fast.forward.map { "\($0)" } == solved.forward.map { "\($0)" }, "\(pair)")
                #expect(fast.returnWalk.map { "\($0)" } == solved.returnWalk.map { "\($0)" }, "\(pair)")
                #expect(fast.source == solved.source && fast.destination == solved.destination, "\(pair)")
                #expect(fast.candidatePaths == solved.candidatePaths, "\(pair)")
                #expect(fast.blockers == solved.blockers, "\(pair)")
            }
        }
        #expect(solving.walkedWitnesses == 0)
        // Every answer the walker found was made without a Z3 context; every other one with exactly one.
        #expect(solving.contextsMade == pairs)
        #expect(walking.contextsMade == pairs - walking.walkedWitnesses, "contexts \(walking.contextsMade), pairs \(pairs), walked \(walking.walkedWitnesses)")
        return (pairs, walking.walkedWitnesses)
    }

    @Test func sameAnswerAsTheSolverOnEveryStage() throws {
        var pairs = 0, walked = 0
        for lab in StageLab.all {
            for stage in lab.stages {
                let (asked, found) = try Self.compare(try Fixtures.load(lab.directory(stage)), limit: 4)
                pairs += asked
                walked += found
            }
        }
        #expect(pairs > 100, "pairs compared: \(pairs)")
        // Many of them are reachable, and each of those had its witness from the walker.
        #expect(walked > 20, "witnesses found by the walker: \(walked) of \(pairs)")
    }
}

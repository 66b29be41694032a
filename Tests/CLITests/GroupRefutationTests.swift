import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
@testable import pathproof_benchmark
import PathProofTestSupport
import Testing

/// A group assertion over more candidate paths than one part holds is refuted part by part
/// (`PartitionedRefutation`); its verdicts are those of the one whole check over every destination.
@Suite struct GroupRefutationTests {
    static func network() throws -> Network {
        let folder = Temporary.path("group-refutation")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticNetwork(vpcs: 60, subnetsPerVPC: 5, instancesPerSubnet: 5, layout: .transit).write(to: URL(fileURLWithPath: folder))
        return try SnapshotReader.load(directory: folder).network
    }

    @Test func partsGiveTheWholeCheckVerdicts() throws {
        let network = try Self.network()
        let everyone = network.networkInterfaces.filter { $0.instanceID != nil }.map { Endpoint.publicAddressOf($0.id) }
        let engine = ReachabilityEngine(network: network)
        for (port, reachable) in [(3306, false), (443, true)] {
            let query = TrafficQuery(sources: [.internet(nil)], destinations: everyone, traffic: .tcp(PortRange(UInt16(port), UInt16(port))))
            let session = engine.session(query)
            try #require(session.candidatePaths >= 2 * QuerySession.refutationPartSize, "too few candidate paths to be refuted in parts: \(session.candidatePaths)")
            // Without a restriction to destinations: refuted in parts. Naming every destination: the one whole check.
            let parts = try session.check(), whole = try session.check(destinations: Array(everyone.indices))
            #expect(parts.isReachable == reachable && whole.isReachable == reachable, "tcp/\(port): \(parts) / \(whole)")
            if case .unreachable = whole { #expect({ if case .unreachable = parts { true } else { false } }(), "tcp/\(port): \(parts)") }
            // The engine's answer (what `check` asks) agrees.
            let answer = try engine.answer(query, explainingUnreachable: false)
            #expect(answer.verdict == (reachable ? .reachable : .unreachable), "tcp/\(port): \(answer.verdict)")
        }
    }
}

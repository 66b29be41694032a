import Analysis
import Foundation
import NetworkModel
@testable import pathproof_benchmark
import PathProofTestSupport
@testable import Questions
import Testing

/// The matrix's VPC pre-check follows transit gateway route tables (a VPC whose attachment's table has no route to
/// another VPC's attachment cannot send to it through the gateway), and stays an over-approximation: a pair it cuts
/// is one the engine, asked about it alone, finds unreachable.
@Suite struct TransitPreCheckTests {
    /// Two instances of each VPC (the first and the middle one, in address order of their interfaces).
    static func samples(_ network: Network) -> [(vpc: String, instance: String)] {
        var byVPC: [String: [NetworkInterface]] = [:]
        for interface in network.networkInterfaces where interface.instanceID != nil { byVPC[interface.vpcID, default: []].append(interface) }
        return byVPC.keys.sorted().flatMap { vpc in
            let interfaces = byVPC[vpc]!
            return Set([0, interfaces.count / 2]).sorted().map { (vpc, interfaces[$0].instanceID!) }
        }
    }

    static func endpoints(_ network: Network, _ instance: String) -> [Endpoint] {
        network.networkInterfaces(ofInstance: instance).map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
    }

    /// On the benchmark's transit organisation (shared, prod and dev segments): prod and dev VPCs are cut both
    /// ways without a walk, shared and prod are not, and every cut pair is unreachable for the engine.
    @Test func benchmarkTransitShape() throws {
        let network = try DestinationClassesTests.synthetic(.transit, vpcs: 6)
        let connector = VPCConnectivity(network: network)
        let engine = ReachabilityEngine(network: network)
        let samples = Self.samples(network)
        func vpc(_ index: Int) throws -> String { try #require(network.vpcs.first { $0.tags.name == "vpc-\(index)" }?.id) }
        func cut(_ a: String, _ b: String) -> Bool {
            !(connector.mayConnect(vpcs: [a], [b]) && connector.mayConnect(vpcs: [b], [a]))
        }
        // VPC 0 shared, 1, 3, 5 dev, 2, 4 prod.
        #expect(SyntheticNetwork.segment(ofVPC: 1) == "dev" && SyntheticNetwork.segment(ofVPC: 2) == "prod")
        let (shared, dev, prod) = (try vpc(0), try vpc(1), try vpc(2))
        #expect(cut(dev, prod) && cut(prod, dev), "\(dev) and \(prod)")
        #expect(!cut(shared, prod) && !cut(prod, shared) && !cut(shared, dev))
        var cuts = 0, reachable = 0
        for from in samples {
            for to in samples where to.instance != from.instance {
                let answer = try engine.answer(TrafficQuery(sources: Self.endpoints(network, from.instance), destinations: Self.endpoints(network, to.instance),
                                                            traffic: .ping), explainingUnreachable: false)
                if answer.verdict == .reachable { reachable += 1 }
                if cut(from.vpc, to.vpc) {
                    cuts += 1
                    #expect(answer.verdict == .unreachable, "\(from.instance) (\(from.vpc)) → \(to.instance) (\(to.vpc)): cut, engine \(answer.verdict)")
                }
            }
        }
        #expect(cuts > 0 && reachable > 0, "\(cuts) cut, \(reachable) reachable")
        // The matrix by class: some class pairs cut without a walk, every verdict the engine's on the samples.
        let cells = MatrixCells(network: network, traffic: .ping)
        try cells.decideAll()
        let decided = try cells.classes.classes.indices.map { try cells.row($0).verdicts.compactMap { $0 }.count }.reduce(0, +)
        #expect(cells.walkedPairs + cells.solvedPairs < decided, "\(cells.walkedPairs) walked, \(cells.solvedPairs) solved of \(decided)")
    }

    /// On every stage of the transit gateway lab, ping both ways: the matrix (with the pre-check) gives each pair the
    /// engine's verdict for that pair alone.
    @Test(arguments: StageLab.transit.stages)
    func transitLabStages(stage: String) throws {
        let network = try Fixtures.load(Fixtures.transit(stage))
        let matrix = try ReachabilityMatrix(network: network, traffic: .ping)
        let engine = ReachabilityEngine(network: network)
        #expect(!matrix.rows.isEmpty)
        for row in matrix.rows {
            let (sources, destinations) = (Self.endpoints(network, row.from), Self.endpoints(network, row.to))
            guard !sources.isEmpty, !destinations.isEmpty else { continue }
            let direct = try engine.answer(TrafficQuery(sources: sources, destinations: destinations, traffic: .ping))
            #expect(row.verdict == direct.verdict, "\(stage): \(row.from) → \(row.to): matrix \(row.verdict), engine \(direct.verdict)")
        }
    }
}

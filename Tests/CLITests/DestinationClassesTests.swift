import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
@testable import pathproof_benchmark
import PathProofTestSupport
@testable import Questions
import Testing

/// A group proved over one destination of each class (`DestinationClasses`) is unreachable exactly when the group
/// asked over every destination is, on the benchmark's two shapes and on the labs (with the size threshold lowered so
/// that small networks are grouped).
@Suite struct DestinationClassesTests {
    static let stages = ["dataplane/01-working", "transit/01-working", "ipv6/01-working", "transit-onprem/01-vpn-working"]

    static func synthetic(_ layout: SyntheticNetwork.Layout, vpcs: Int = 6) throws -> Network {
        let folder = Temporary.path("destination-classes-\(layout.rawValue)-\(vpcs)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticNetwork(vpcs: vpcs, subnetsPerVPC: 5, instancesPerSubnet: 3, layout: layout).write(to: URL(fileURLWithPath: folder))
        return try SnapshotReader.load(directory: folder).network
    }

    @Test(arguments: ["peering", "transit"])
    func classProofIsTheWholeGroupsProofOnTheBenchmarkShapes(shape: String) throws {
        let network = try Self.synthetic(try #require(SyntheticNetwork.Layout(rawValue: shape)))
        #expect(try Self.expectClassProofAgrees(network, shape) > 0)
    }

    @Test(arguments: stages)
    func classProofIsTheWholeGroupsProofOnTheLabs(stage: String) throws {
        let network = try Fixtures.load(Fixtures.path("Queries/\(stage)"))
        _ = try Self.expectClassProofAgrees(network, stage)
    }

    /// `pathproof check` says that the proof was made over classes, and a violated group keeps its witness.
    @Test func checkSaysSoAndKeepsTheWitness() throws {
        let network = try Self.synthetic(.transit, vpcs: 12)
        let interfaces = network.networkInterfaces.filter { $0.instanceID != nil }.count
        try #require(interfaces >= DestinationClasses.defaultThreshold)
        let file = try QueryFile.parse(text: "assert internet cannot reach cidr:10.0.0.0/8 on tcp/3306\nassert internet cannot reach cidr:10.0.0.0/8 on tcp/443\n",
                                       path: "classes.reach")
        let results = try QueryFileChecker.check(file, network)
        #expect(results[0].status == .holds && results[0].summary.contains("classes standing for"), "\(results[0].summary)")
        #expect(results[1].status == .violated, "\(results[1].summary)")
        // The violated one is answered over every destination, with its witness replayed.
        let witness = try #require(results[1].directions.first?.answer)
        #expect(witness.verdict == .reachable && witness.packet?.destinationPort == 443 && witness.forward != nil)
        #expect(results[1].directions.first?.destinationClasses == nil)
    }

    /// Returns how many groups were grouped into classes.
    static func expectClassProofAgrees(_ network: Network, _ label: String) throws -> Int {
        var classes = DestinationClasses(network: network, threshold: 2)
        let engine = ReachabilityEngine(network: network)
        let interfaces = network.networkInterfaces.filter { $0.instanceID != nil }
        let publicEnds = interfaces.map { Endpoint.publicAddressOf($0.id) }
        let privateEnds = interfaces.map { Endpoint.interface($0.id, addresses: $0.addresses.map(\.address)) }
        var cases: [(sources: [Endpoint], destinations: [Endpoint])] = [([.internet(nil)], publicEnds)]
        for source in privateEnds.prefix(4) { cases.append(([source], privateEnds.filter { $0 != source })) }
        var grouped = 0
        for (sources, destinations) in cases {
            for traffic in [TrafficSpec.ping, .tcp(PortRange(22, 22)), .tcp(PortRange(3306, 3306)), .anyProtocol] {
                let whole = try engine.answer(TrafficQuery(sources: sources, destinations: destinations, traffic: traffic), explainingUnreachable: false)
                guard let representatives = classes.representatives(destinations, sources: sources) else { continue }
                grouped += 1
                #expect(representatives.count < destinations.count && Set(representatives).isSubset(of: Set(destinations)))
                let classed = try engine.answer(TrafficQuery(sources: sources, destinations: representatives, traffic: traffic), explainingUnreachable: false)
                #expect((classed.verdict == .unreachable) == (whole.verdict == .unreachable),
                        "\(label) \(sources) \(traffic): classes \(classed.verdict), every destination \(whole.verdict)")
            }
        }
        return grouped
    }
}

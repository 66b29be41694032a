import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The reachability matrix (with its pre-check, `VPCConnectivity`, that skips pairs of VPCs nothing joins) against
/// the engine asked about each pair alone, on the transit gateway and data-plane labs and the corpus's transit
/// gateway captures.
@Suite struct MatrixTests {
    /// The matrix gives every pair of instances the engine's verdict, one way, any protocol.
    static func expectMatrixAgrees(_ network: Network, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let traffic = TrafficSpec(ipProtocol: nil, sourcePorts: .all)
        let matrix = try ReachabilityMatrix(network: network, traffic: traffic, oneWay: true)
        let engine = ReachabilityEngine(network: network)
        #expect(!matrix.rows.isEmpty, "\(label)", sourceLocation: sourceLocation)
        for row in matrix.rows {
            let endpoints = { (instance: String) in
                network.networkInterfaces(ofInstance: instance).map { Endpoint.interface($0.id, addresses: $0.addresses.map(\.address)) }
            }
            let (sources, destinations) = (endpoints(row.from), endpoints(row.to))
            guard !sources.isEmpty, !destinations.isEmpty else { continue }
            let direct = try engine.answer(TrafficQuery(sources: sources, destinations: destinations, traffic: traffic, oneWay: true))
            #expect(row.verdict == direct.verdict, "\(label): \(row.from) → \(row.to): matrix \(row.verdict), engine \(direct.verdict)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: StageLab.transit.stages)
    func transitStages(stage: String) throws {
        try Self.expectMatrixAgrees(try Fixtures.load(Fixtures.transit(stage)), stage)
    }

    /// The matrix's pre-check never decides a pair the engine would answer otherwise (tcp/22, both ways).
    @Test(arguments: ["01-working", "05-fw-source-dest-check-on", "12-vgw-detached", "16-nat-deleted"])
    func dataplaneStages(stage: String) throws {
        let network = try Fixtures.load(StageLab.dataplane.directory(stage))
        let matrix = try ReachabilityMatrix(network: network, traffic: .tcp(PortRange(22, 22)))
        let engine = ReachabilityEngine(network: network)
        func endpoints(_ instance: String) -> [Endpoint] {
            network.networkInterfaces(ofInstance: instance).map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
        }
        for row in matrix.rows {
            let query = TrafficQuery(sources: endpoints(row.from), destinations: endpoints(row.to), traffic: .tcp(PortRange(22, 22)))
            #expect(try engine.answer(query).verdict.name == row.verdict.name, "\(stage): \(row.from) → \(row.to)")
        }
        #expect(matrix.rows.contains { $0.verdict == .reachable })
    }

    /// Whole-network answers on the corpus's transit gateway captures: the pre-check of the matrix never calls a pair
    /// unreachable that the engine finds reachable, and every pair gets the engine's own verdict.
    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func transitGatewayCaptures() throws {
        for scenario in ["test-transit-gateway", "test-transit-gateway-multi-account", "test-transit-gateway-peering",
                         "test-transit-gateway-asymmetric-paths", "test-transit-gateway-multi-table"] {
            try Self.expectMatrixAgrees(try Fixtures.load(Fixtures.scenario(scenario)), scenario)
        }
    }
}

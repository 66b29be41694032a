import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Matrices, port surveys, exposure and diffs: checked against single queries, so that class reduction and
/// port atoms are shown sound, not assumed.
@Suite struct WholeNetworkTests {
    /// Every seed stage, and every corpus scenario when the corpus is present; a snapshot that does not load fails
    /// the test.
    static func scenarios() throws -> [(String, Network)] {
        var result: [(String, Network)] = []
        for stage in StageLab.seed.stages { result.append((stage, try Fixtures.load(Fixtures.seed(stage)))) }
        if Fixtures.corpusPresent {
            for scenario in try Fixtures.corpusScenarios() { result.append((scenario, try Fixtures.load(Fixtures.scenario(scenario)))) }
        } else {
            print("the corpus is not present at \(Fixtures.corpus): whole-network checks run on the seed lab only")
        }
        return result
    }

    @Test func matrixEqualsEveryPairAskedAlone() throws {
        for (label, network) in try Self.scenarios() {
            let matrix = try ReachabilityMatrix(network: network, traffic: .ping)
            let engine = ReachabilityEngine(network: network)
            for row in matrix.rows {
                let query = TrafficQuery(sources: network.networkInterfaces(ofInstance: row.from).map { .interface($0.id, addresses: $0.addresses.map(\.address)) },
                                         destinations: network.networkInterfaces(ofInstance: row.to).map { .interface($0.id, addresses: $0.addresses.map(\.address)) },
                                         traffic: .ping)
                let alone = try engine.answer(query).verdict
                #expect(alone.name == row.verdict.name, "\(label): \(row.from) → \(row.to): matrix \(row.verdict), alone \(alone)")
            }
            #expect(matrix.rows.count == matrix.instances.count * (matrix.instances.count - 1))
        }
    }

    @Test func portSurveysAreExactAtEveryPort() throws {
        // For a sample of pairs, every TCP port the survey lists is reachable when asked exactly, and every port
        // it leaves out is not: rules do not split an atom.
        var random = SplitMix(state: 2026)
        for (label, network) in try Self.scenarios() {
            let engine = ReachabilityEngine(network: network)
            let running = network.instances.filter { $0.isRunning && !network.networkInterfaces(ofInstance: $0.id).isEmpty }
            for a in running.prefix(4) {
                for b in running.prefix(4) where a.id != b.id {
                    let query = TrafficQuery(sources: network.networkInterfaces(ofInstance: a.id).map { .interface($0.id, addresses: $0.addresses.map(\.address)) },
                                             destinations: network.networkInterfaces(ofInstance: b.id).map { .interface($0.id, addresses: $0.addresses.map(\.address)) },
                                             traffic: .anyProtocol)
                    let session = engine.session(query)
                    let survey = try PortSurvey.survey(session, network: network)
                    var ports: [UInt16] = [0, 22, 80, 443, 1023, 1024, 3306, 8080, 65535]
                    for range in survey.tcp { ports += [range.lower, range.upper, range.lower &- 1, range.upper &+ 1] }
                    for _ in 0..<10 { ports.append(UInt16.random(in: 0...65535, using: &random)) }
                    for port in ports {
                        let listed = survey.tcp.contains { $0.contains(port) }
                        let exact = try session.check(TrafficRestriction(ipProtocol: IPProtocolNumber.tcp, destinationPorts: PortRange(port, port)))
                        if case .unknown = exact { continue }
                        #expect(listed == exact.isReachable, "\(label) \(a.id)→\(b.id) tcp/\(port): survey \(survey), exact \(exact)")
                    }
                    let ping = try engine.answer(TrafficQuery(sources: query.sources, destinations: query.destinations, traffic: .ping)).verdict
                    if case .unknown = ping { continue }
                    #expect(survey.icmpTypes.contains(ICMPMessage.echoRequest) == (ping == .reachable), "\(label) \(a.id)→\(b.id): ping")
                }
            }
        }
    }

    @Test func seedLabWholeNetworkAnswers() throws {
        let fixed = try Fixtures.load(Fixtures.seed("09-eic-works"))
        let one = try #require(Fixtures.id(named: "NextWork-1-instance", in: fixed))
        let two = try #require(Fixtures.id(named: "NextWork-2-instance", in: fixed))
        let matrix = try ReachabilityMatrix(network: fixed, traffic: .ping)
        #expect(matrix.rows.map { "\($0.from)>\($0.to) \($0.verdict.name)" }.sorted() == ["\(one)>\(two) reachable", "\(two)>\(one) unreachable"].sorted())

        let exposure = try Exposure(network: fixed)
        #expect(exposure.exposed.map(\.instanceID) == [one])
        #expect(exposure.exposed.first?.ports.description == "tcp 22")

        let engine = ReachabilityEngine(network: fixed)
        let survey = try PortSurvey.survey(engine.session(TrafficQuery(
            sources: fixed.networkInterfaces(ofInstance: one).map { .interface($0.id, addresses: $0.addresses.map(\.address)) },
            destinations: fixed.networkInterfaces(ofInstance: two).map { .interface($0.id, addresses: $0.addresses.map(\.address)) },
            traffic: .anyProtocol)), network: fixed)
        #expect(survey.tcp.isEmpty && survey.udp.isEmpty && survey.icmpTypes == [ICMPMessage.echoRequest] && survey.otherICMPTypes)
        #expect(survey.description == "icmp echo, other types")

        let diff = try SnapshotDiff(old: try Fixtures.load(Fixtures.seed("05-routes-sg-blocks-icmp")), new: try Fixtures.load(Fixtures.seed("06-ping-works")), traffic: .ping)
        #expect(diff.changes.count == 1)
        #expect(diff.changes.first.map { "\($0.before.name)>\($0.after.name)" } == "unreachable>reachable")
        #expect(diff.changes.first?.answer?.answer.forward != nil)
        let back = try SnapshotDiff(old: try Fixtures.load(Fixtures.seed("06-ping-works")), new: try Fixtures.load(Fixtures.seed("05-routes-sg-blocks-icmp")),
                                    traffic: .ping, comparePorts: true)
        #expect(back.changes.first?.answer?.answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch])
        #expect(back.changes.first?.portsBefore?.description == "icmp echo, other types" && back.changes.first?.portsAfter?.description == "nothing")
    }
}

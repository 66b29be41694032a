import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Every corpus snapshot (real AWS captures) answered for every pair of running instances: no internal
/// disagreement, and every unreachable answer explained by blockers that the walker confirms.
@Suite struct CorpusQueryTests {
    static func check(_ network: Network, _ label: String) throws -> (reachable: Int, unreachable: Int, unknown: Int) {
        let questions = ReachabilityQuestions(network: network)
        let walker = PacketWalker(network: network)
        let running = network.instances.filter { $0.isRunning && !network.networkInterfaces(ofInstance: $0.id).isEmpty }
        var queries: [String] = []
        for a in running {
            for b in running where a.id != b.id {
                queries += ["can \(a.id) ping \(b.id)", "can \(a.id) reach \(b.id) on tcp/22"]
            }
            queries += ["can internet reach \(a.id) on tcp/22", "can \(a.id) reach internet on tcp/443"]
        }
        var counts = (reachable: 0, unreachable: 0, unknown: 0)
        for query in queries {
            let result = try questions.ask(query)
            let answer = result.answer
            switch answer.verdict {
            case .reachable:
                counts.reachable += 1
                #expect(answer.forward != nil, "\(label): \(query)")
            case .unknown:
                counts.unknown += 1
            case .unreachable:
                counts.unreachable += 1
                #expect(!answer.blockers.isEmpty || answer.note != nil, "\(label): \(query)")
                // The example packet, walked on the unchanged network, is dropped at one of the blockers.
                guard let packet = answer.packet, !answer.blockers.isEmpty,
                      case .interfaces(let ids)? = Optional(result.source.kind), let origin = ids.first(where: { id in
                          network.networkInterface(id)?.owns(packet.source) == true }) else { continue }
                let walk = walker.walk(packet, from: .networkInterface(origin), leg: .forward)
                // (A packet sent on premises, by a virtual private gateway, is not on its way to the internet or
                // to an instance: where the walker drops it there is not on the blockers' path.)
                if let drop = walk.drop, let checkpoint = drop.checkpoint, !walk.hops.contains(where: { $0.kind == .vpnGateway }),
                   !Self.onPremisesCheckpoint(checkpoint) {
                    #expect(answer.blockers.contains { $0.checkpoint == checkpoint },
                            "\(label): \(query): the walker drops at \(drop), not a listed blocker: \(answer.blockers)")
                }
            }
        }
        return counts
    }

    static func onPremisesCheckpoint(_ checkpoint: Checkpoint) -> Bool {
        switch checkpoint {
        case .vpnGatewayAttached, .vpnGatewayAvailable, .vpnGatewayMissing, .onPremisesLink: true
        default: false
        }
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func everyCorpusScenarioAnswersEveryPair() throws {
        for scenario in try Fixtures.corpusScenarios() {
            let network = try Fixtures.load(Fixtures.scenario(scenario))
            let counts = try Self.check(network, scenario)
            print("\(scenario): \(counts.reachable) reachable, \(counts.unreachable) unreachable, \(counts.unknown) unknown")
        }
    }

    @Test func everySeedStageAnswersEveryPair() throws {
        for stage in StageLab.seed.stages {
            let counts = try Self.check(try Fixtures.load(Fixtures.seed(stage)), stage)
            #expect(counts.reachable + counts.unreachable > 0)
        }
    }
}

/// Answers worked out by hand from AWS's rules for real corpus captures.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct CorpusFactTests {
    /// With `assumingNetworkACLs`, a scenario that holds no describe-network-acls output is asked as if it held
    /// one saying there are none (no ACL condition anywhere), to test what the rest of it says.
    static func ask(_ scenario: String, _ query: String, assumingNetworkACLs: Bool = false) throws -> QuestionResult {
        var network = try Fixtures.load(Fixtures.scenario(scenario))
        if assumingNetworkACLs { network.completeness.presentKinds.insert(.networkACLs) }
        return try ReachabilityQuestions(network: network).ask(query)
    }

    @Test func vpcPeeringScenario() throws {
        // A (192.168.2.229) and B (10.10.10.157) are peered; B's SG allows tcp/22 from anywhere but no ICMP.
        let ssh = try Self.ask("test-vpc-peering", "can i-04a292ff83b3aa833 reach i-06ba034d88c84ef07 on tcp/22")
        #expect(ssh.answer.verdict == .reachable)
        #expect(ssh.answer.forward?.hops.contains { $0.component == "pcx-0d5b836985ac8ca8c" } == true)
        let ping = try Self.ask("test-vpc-peering", "can i-04a292ff83b3aa833 ping i-06ba034d88c84ef07")
        #expect(ping.answer.verdict == .unreachable)
        #expect(ping.answer.blockers.map(\.component) == ["sg-09606ce9642cac154"])
        // C shares A's CIDR block (192.168.0.0/16): they cannot be peered, so nothing can fix it.
        let overlap = try Self.ask("test-vpc-peering", "can i-0b14080af811fda3d ping i-04a292ff83b3aa833")
        #expect(overlap.answer.verdict == .unreachable && overlap.answer.blockers.isEmpty)
        #expect(overlap.answer.note?.contains("overlapping CIDR blocks") == true)
    }

    @Test func gatewaysMissingFromTheSnapshotAreInferredFromActiveRoutes() throws {
        // The scenario holds no describe-network-acls output: as read, the answer is unknown, naming it.
        let asRead = try Self.ask("test-transit-gateway-multi-account", "can i-0bdf35d561be3d962 reach internet on tcp/443")
        guard case .unknown(let reason) = asRead.answer.verdict else {
            Issue.record("expected unknown without network ACLs, got \(asRead.answer.verdict)")
            return
        }
        #expect(reason.contains("describe-network-acls"), "\(reason)")
        let result = try Self.ask("test-transit-gateway-multi-account", "can i-0bdf35d561be3d962 reach internet on tcp/443", assumingNetworkACLs: true)
        #expect(result.answer.verdict == .reachable)
        // Across the transit gateway shared between the two accounts (TransitGatewayCorpusTests has the details).
        let across = try Self.ask("test-transit-gateway-multi-account", "can i-0bdf35d561be3d962 ping i-03df168b3f73cc262", assumingNetworkACLs: true)
        #expect(across.answer.verdict == .reachable)
        #expect(across.answer.forward?.hops.contains { $0.component == "tgw-rtb-0b2c8eeefcf19371b" } == true)
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Two rules that decide which address a query's end is before either engine runs: a DNS name resolved as AWS's DNS
/// server answers it (DNSNameTests), and an address inside an AWS service's prefix list being that service (the corpus
/// scenario test-vpc-endpoint-gateway, as Batfish's VpcEndpointGateway tests ask it). The solver's answer is checked
/// against the walker on the answer's own packet: an unreachable answer's example packet is dropped by the walker too,
/// and a reachable answer's witness is delivered where the answer says.
@Suite struct ResolvedAddressWalkerTests {
    static func walk(_ result: QuestionResult, _ network: Network, sourceLocation: SourceLocation = #_sourceLocation) throws -> Walk {
        let packet = try #require(result.answer.packet, "no example packet", sourceLocation: sourceLocation)
        guard case .interface(let id, _) = try #require(result.answer.source, sourceLocation: sourceLocation) else {
            Issue.record("the source is not an interface", sourceLocation: sourceLocation)
            return PacketWalker(network: network).walk(packet, from: .internet, leg: .forward)
        }
        return PacketWalker(network: network).walk(packet, from: .networkInterface(id), leg: .forward)
    }

    /// The peering does not allow DNS resolution from the remote VPC: the public name is the public address, which
    /// the solver finds unreachable and the walker drops; with the option set (the derived fix), the private address,
    /// which both deliver to NextWork-1's interface.
    @Test func aPublicNameResolvedToThePublicAddressIsDroppedByBothEngines() throws {
        let directory = try DNSNameTests.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let network = try Fixtures.load(directory)
        let name = try DNSNameTests.publicName(network)
        let query = DNSNameTests.pingQuery(name)
        let result = try ReachabilityQuestions(network: network).ask(query)
        #expect(result.answer.verdict == .unreachable && result.destination.dns?.isPrivate == false)
        #expect(result.answer.packet?.destination == network.dnsHostname(name)?.publicAddress)
        let dropped = try Self.walk(result, network)
        #expect(dropped.drop != nil, "\(dropped)")

        let fix = try #require(try ReachabilityQuestions(network: network).fixes(query).report.fixes.first)
        let fixed = network.applying(fix.actions)
        let again = try ReachabilityQuestions(network: fixed).ask(query)
        #expect(again.answer.verdict == .reachable && again.destination.dns?.isPrivate == true)
        let target = try #require(Fixtures.id(named: "NextWork-1-instance", in: fixed).flatMap { fixed.networkInterfaces(ofInstance: $0).first?.id })
        #expect(try Self.walk(again, fixed).deliveredAt == .networkInterface(target))
    }

    /// 52.216.237.77 is in S3's prefix list, which the private subnet's table routes to the gateway endpoint: the
    /// witness is delivered to the service by the walker. 54.222.57.1 is in no prefix list the table routes, and the
    /// private subnet has no other way out: unreachable, and the walker drops the example packet.
    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func anAddressInAServicesPrefixListIsThatServiceInBothEngines() throws {
        let network = try Fixtures.load(Fixtures.scenario("test-vpc-endpoint-gateway"))
        let questions = ReachabilityQuestions(network: network)
        let service = try questions.ask("can i-01c6c0647fdccc89e reach 52.216.237.77 on tcp/443")
        #expect(service.answer.verdict == .reachable, "\(AnswerRendering.text(service))")
        let delivered = try Self.walk(service, network)
        guard case .service(let name) = delivered.deliveredAt else { Issue.record("\(delivered)"); return }
        #expect(name.hasSuffix(".s3"), "\(name)")
        let other = try questions.ask("can i-01c6c0647fdccc89e reach 54.222.57.1 on tcp/443")
        #expect(other.answer.verdict == .unreachable)
        let dropped = try Self.walk(other, network)
        #expect(dropped.drop != nil, "\(dropped)")
    }
}

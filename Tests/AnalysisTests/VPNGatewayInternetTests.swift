import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// A route that sends internet traffic to a virtual private gateway (the corpus scenario `test-vpn-gateway`: the
/// only route besides `local` is 0.0.0.0/0 → vgw-0c09bd7fadac961bf, and the VPN connection uses BGP). The packet
/// leaves for on premises; whether on premises sends it on to the internet is in no AWS output, so with a tunnel up
/// the answer is UNKNOWN naming the gateway (never a proof). With both tunnels DOWN, as captured, AWS carries
/// nothing, and the proof stands (Batfish's `VpnGateway.testToOnPrem` also ends the flow at the on-premises router,
/// which it reads from a router configuration no AWS output holds).
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct VPNGatewayInternetTests {
    static let query = "can i-099cf38911942421c reach 8.8.8.8 on proto/0"
    static let gateway = "vgw-0c09bd7fadac961bf"

    static func tunnelsUp() throws -> Network {
        var snapshot = try EditedSnapshot(copying: Fixtures.scenario("test-vpn-gateway"))
        snapshot.editEach("VpnConnections") { connection in
            var telemetry = connection["VgwTelemetry"] as? [EditedSnapshot.Object] ?? []
            for index in telemetry.indices { telemetry[index]["Status"] = "UP" }
            connection["VgwTelemetry"] = telemetry
        }
        return try snapshot.load()
    }

    @Test func internetTrafficToOnPremisesIsUnknownNamingTheGateway() throws {
        let network = try Self.tunnelsUp()
        let answer = try ReachabilityQuestions(network: network).ask(Self.query).answer
        guard case .unknown(let reason) = answer.verdict else { Issue.record("\(answer.verdict)"); return }
        #expect(reason.contains("virtual private gateway \(Self.gateway)") && reason.contains("whether on premises sends it on to the internet is not in the snapshot"),
                "\(reason)")
        // Both engines: the walker delivers the packet on premises (not on the internet), the encoding admits no
        // packet to the internet; the one path there is the unsupported one.
        let packet = Packet(source: IPAddress("10.0.1.204")!, destination: IPAddress("8.8.8.8")!, ipProtocol: 6, sourcePort: 40000, destinationPort: 443)
        let sender = try #require(network.networkInterface(privateAddress: IPAddress("10.0.1.204")!))
        let walk = PacketWalker(network: network).walk(packet, from: .networkInterface(sender.id), leg: .forward)
        #expect(walk.deliveredAt == .onPremises, "\(walk)")
        let compared = try AgreementTests.compareOne(network, engine: ReachabilityEngine(network: network), walker: PacketWalker(network: network),
                                                     from: .interface(sender, IPAddress("10.0.1.204")!), to: .internet(IPAddress("8.8.8.8")!),
                                                     packet: packet, oneWay: true)
        #expect(compared?.smt == false && compared?.concrete == false)
        // Hosts on premises are still answered: delivered over the tunnels.
        #expect(try ReachabilityQuestions(network: network).ask("can i-099cf38911942421c reach onprem:192.168.0.0/16 on proto/0", oneWay: true).answer.verdict == .reachable)
    }

    @Test func withTheTunnelsDownNothingLeavesAndTheProofStands() throws {
        let network = try Fixtures.load(Fixtures.scenario("test-vpn-gateway"))
        let answer = try ReachabilityQuestions(network: network).ask(Self.query).answer
        #expect(answer.verdict == .unreachable, "\(answer.verdict)")
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// On premises through a transit gateway (Queries/transit-onprem): a Site-to-Site VPN and a Direct Connect gateway
/// attached to the hub's transit gateway. Every stage both ways: the verdict, the path's attachments, the exact
/// blockers and the fix; the walker on its own on one packet per direction agrees.
@Suite struct TransitOnPremisesStageTests {
    static let lab = StageLab(name: "transit-onprem", stages: ["01-vpn-working", "02-vpn-tunnels-down", "03-no-tgw-route", "04-no-vpc-route",
                                                                "05-dx-attachment"], questions: [Self.inbound, Self.outbound])
    static let inbound = "can onprem:192.168.0.0/16 reach Hub-A-instance on tcp/22"
    static let outbound = "can Hub-A-instance reach onprem:192.168.10.0/24 on tcp/443"
    static let vpn = "Onprem-vpn-attachment"

    static func network(_ stage: String) throws -> Network { try Fixtures.load(lab.directory(stage)) }

    /// One packet from on premises to Hub-A-instance (`inbound`), or from Hub-A-instance on premises, walked.
    static func walk(_ network: Network, inbound: Bool, remote: String = "192.168.10.7") throws -> Walk {
        let id = try #require(Fixtures.id(named: "Hub-A-instance", in: network))
        let interface = try #require(network.networkInterfaces(ofInstance: id).first)
        let local = try #require(interface.addresses.first?.address)
        let walker = PacketWalker(network: network)
        if inbound {
            return walker.walk(Packet(source: IPAddress(remote)!, destination: local, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 22),
                               from: .onPremises, leg: .forward)
        }
        return walker.walk(Packet(source: local, destination: IPAddress(remote)!, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 443),
                           from: .networkInterface(interface.id), leg: .forward)
    }

    @Test func theVPNCarriesBothWays() throws {
        try Self.lab.expectReachable("01-vpn-working", Self.inbound, through: [Self.vpn, "Hub-tgw-rtb", "Hub-A-attachment"],
                                     back: ["Hub-A-attachment", "Hub-tgw-rtb", Self.vpn])
        try Self.lab.expectReachable("01-vpn-working", Self.outbound, through: [Self.vpn], back: [Self.vpn])
        // The security group still decides: tcp/80 is not admitted from on premises.
        try Self.lab.expectBlockers("01-vpn-working", "can onprem:192.168.0.0/16 reach Hub-A-instance on tcp/80",
                                    ["ENI_SG_RULES_MISMATCH Hub-A-sg inbound forward"])
        let network = try Self.network("01-vpn-working")
        let inWalk = try Self.walk(network, inbound: true)
        #expect(inWalk.deliveredAt != nil && inWalk.hops.contains { $0.component == StageLab.resolve(Self.vpn, in: network) }, "\(inWalk)")
        let outWalk = try Self.walk(network, inbound: false)
        #expect(outWalk.deliveredAt == .onPremises, "\(outWalk)")
    }

    @Test func tunnelsDownBlockBothWays() throws {
        try Self.lab.expectBlockers("02-vpn-tunnels-down", Self.inbound, ["BAD_STATE_VPN \(Self.vpn) - forward"])
        try Self.lab.expectBlockers("02-vpn-tunnels-down", Self.outbound, ["BAD_STATE_VPN \(Self.vpn) - forward"])
        let (result, _) = try Self.lab.ask("02-vpn-tunnels-down", Self.inbound)
        #expect(result.answer.blockers.first?.message.contains("tunnels DOWN") == true, "\(AnswerRendering.text(result))")
        let network = try Self.network("02-vpn-tunnels-down")
        #expect(try Self.walk(network, inbound: true).drop?.code == .badStateVPN)
        #expect(try Self.walk(network, inbound: false).drop?.code == .badStateVPN)
    }

    @Test func noTransitGatewayRouteToTheVPN() throws {
        try Self.lab.expectBlockers("03-no-tgw-route", Self.inbound, ["TGW_RTB_CANNOT_ROUTE Hub-tgw-rtb - return"])
        try Self.lab.expectBlockers("03-no-tgw-route", Self.outbound, ["TGW_RTB_CANNOT_ROUTE Hub-tgw-rtb - forward"])
        let network = try Self.network("03-no-tgw-route")
        #expect(try Self.walk(network, inbound: false).drop?.code == .transitGatewayRouteTableCannotRoute)
        #expect(try Self.walk(network, inbound: true).deliveredAt != nil)
        try expectFix("03-no-tgw-route", Self.outbound, contains: "create-transit-gateway-route", and: "192.168.10.0/24")
    }

    @Test func noVPCRouteToTheTransitGateway() throws {
        try Self.lab.expectBlockers("04-no-vpc-route", Self.inbound, ["NO_ROUTE_TO_DESTINATION Hub-A-rtb - return"])
        try Self.lab.expectBlockers("04-no-vpc-route", Self.outbound, ["NO_ROUTE_TO_DESTINATION Hub-A-rtb - forward"])
        let network = try Self.network("04-no-vpc-route")
        #expect(try Self.walk(network, inbound: false).drop?.code == .noRouteToDestination)
        try expectFix("04-no-vpc-route", Self.outbound, contains: "create-route", and: "--transit-gateway-id")
    }

    @Test func directConnectGatewayAttachment() throws {
        let inbound = "can onprem:172.16.0.0/12 reach Hub-A-instance on tcp/22"
        let outbound = "can Hub-A-instance reach onprem:172.16.5.0/24 on tcp/443"
        try Self.lab.expectReachable("05-dx-attachment", inbound, through: ["Onprem-dx-attachment"], back: ["Onprem-dx-attachment"])
        try Self.lab.expectReachable("05-dx-attachment", outbound, through: ["Onprem-dx-attachment"], back: ["Onprem-dx-attachment"])
        try Self.lab.expectReachable("05-dx-attachment", Self.inbound, through: [Self.vpn])
        let network = try Self.network("05-dx-attachment")
        #expect(try Self.walk(network, inbound: true, remote: "172.16.1.9").deliveredAt != nil)
        #expect(try Self.walk(network, inbound: false, remote: "172.16.1.9").deliveredAt == .onPremises)
        // Hub-B's route table has no route 172.16.0.0/12 -> Hub-tgw.
        try Self.lab.expectBlockers("05-dx-attachment", "can Hub-B-instance reach onprem:172.16.5.0/24 on tcp/443",
                                    ["NO_ROUTE_TO_DESTINATION Hub-B-rtb - forward"])
    }

    /// The first fix PathProof derives: its AWS commands name the call and the block; written to the stage's JSON
    /// by the snapshot editor, the query is reachable there.
    func expectFix(_ stage: String, _ query: String, contains command: String, and detail: String,
                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let network = try Self.network(stage)
        let report = try ReachabilityQuestions(network: network).fixes(query).report
        let fix = try #require(report.fixes.first, "\(stage): no fix for \(query): \(report.note ?? "")", sourceLocation: sourceLocation)
        let commands = fix.awsCommands.map { $0.arguments.joined(separator: " ") }.joined(separator: "\n")
        #expect(commands.contains(command) && commands.contains(detail), "\(commands)", sourceLocation: sourceLocation)
        let (path, _) = try FixSupport.write(fix, from: Self.lab.directory(stage))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let after = try ReachabilityQuestions(network: try Fixtures.load(path)).ask(query)
        #expect(after.answer.verdict == .reachable, "\(stage): \(query) after \(commands)\n\(AnswerRendering.text(after))", sourceLocation: sourceLocation)
    }

    /// The walker and the SMT encoding agree on random packets at every stage.
    @Test(arguments: ["01-vpn-working", "02-vpn-tunnels-down", "03-no-tgw-route", "04-no-vpc-route", "05-dx-attachment"])
    func stagesAgree(stage: String) throws {
        let network = try Self.network(stage)
        let (agreed, delivered, _) = try AgreementTests.compare(network, count: 300, seed: stage.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) })
        print("\(stage): \(agreed) packets agreed, \(delivered) delivered")
        #expect(agreed > 0 && delivered > 0)
    }
}

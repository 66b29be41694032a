import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Which instances of the corpus's transit gateway captures reach which, worked out by hand from AWS's rules and
/// the JSON (the comments say how), and PathProof's answers to the same questions.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct TransitGatewayCorpusTests {
    /// With `assumingNetworkACLs`, a scenario that holds no describe-network-acls output is asked as if it held
    /// one saying there are none (no ACL condition anywhere), to test what the rest of it says.
    static func ask(_ scenario: String, _ query: String, oneWay: Bool = false, assumingNetworkACLs: Bool = false) throws -> Answer {
        var network = try Fixtures.load(Fixtures.scenario(scenario))
        if assumingNetworkACLs { network.completeness.presentKinds.insert(.networkACLs) }
        return try ReachabilityQuestions(network: network).ask(query, oneWay: oneWay).answer
    }

    static func blockers(_ answer: Answer) -> [String] { answer.blockers.map { "\($0.code) \($0.component) \($0.leg)" }.sorted() }

    static func hops(_ answer: Answer) -> [String] { (answer.forward?.hops ?? []).map(\.component) + (answer.returnWalk?.hops ?? []).map(\.component) }

    /// VPC A (10.10.0.0/16: i-06ba… in subnet A, us-east-2c; i-075e… in subnet A2, us-east-2a) and VPC B
    /// (192.168.0.0/16: i-0b14… in us-east-2b) on tgw-044be…, both attachments associated with and propagating
    /// into its one route table. A's attachment has only subnet A (us-east-2c); every security group allows tcp/22
    /// from anywhere and no ICMP.
    @Test func transitGateway() throws {
        let scenario = "test-transit-gateway"
        let (a1, a2, b) = ("i-06ba034d88c84ef07", "i-075e846ed41670385", "i-0b14080af811fda3d")
        for (from, to) in [(a1, b), (b, a1)] {
            let ssh = try Self.ask(scenario, "can \(from) reach \(to) on tcp/22")
            #expect(ssh.verdict == .reachable, "\(from) → \(to)")
            #expect(Self.hops(ssh).contains("tgw-rtb-0fa40c8df355dce6e"))
        }
        // No ICMP rule anywhere: the receiver's group blocks ping.
        #expect(Self.blockers(try Self.ask(scenario, "can \(a1) ping \(b)")) == ["ENI_SG_RULES_MISMATCH sg-065c26b39e45ae384 forward"])
        #expect(Self.blockers(try Self.ask(scenario, "can \(b) ping \(a1)")) == ["ENI_SG_RULES_MISMATCH sg-09606ce9642cac154 forward"])
        // i-075e… is in us-east-2a, where A's attachment has no subnet: it cannot send to the transit gateway,
        // neither a request nor an answer (TGW_ROUTE_AZ_RESTRICTION). Traffic to it is delivered (by subnet A).
        #expect(Self.blockers(try Self.ask(scenario, "can \(a2) reach \(b) on tcp/22")) == ["TGW_ROUTE_AZ_RESTRICTION tgw-attach-07f5ec59e9f540021 forward"])
        #expect(Self.blockers(try Self.ask(scenario, "can \(b) reach \(a2) on tcp/22")) == ["TGW_ROUTE_AZ_RESTRICTION tgw-attach-07f5ec59e9f540021 return"])
        #expect(try Self.ask(scenario, "can \(b) reach \(a2) on tcp/22", oneWay: true).verdict == .reachable)
        // Inside VPC A the zone does not matter.
        #expect(try Self.ask(scenario, "can \(a2) reach \(a1) on tcp/22").verdict == .reachable)
    }

    /// As test-transit-gateway, but A's attachment is associated with the default table, which only B propagates
    /// into, and B's with "rt B", which only A propagates into; i-06ba…'s group allows ICMP echo requests.
    @Test func transitGatewayMultiTable() throws {
        let scenario = "test-transit-gateway-multi-table"
        let (a1, a2, b) = ("i-06ba034d88c84ef07", "i-075e846ed41670385", "i-0b14080af811fda3d")
        let ping = try Self.ask(scenario, "can \(b) ping \(a1)")
        #expect(ping.verdict == .reachable)
        #expect(ping.forward?.hops.contains { $0.component == "tgw-rtb-096a7119299ab1c42" } == true)
        #expect(ping.returnWalk?.hops.contains { $0.component == "tgw-rtb-0fa40c8df355dce6e" } == true)
        #expect(Self.blockers(try Self.ask(scenario, "can \(a1) ping \(b)")) == ["ENI_SG_RULES_MISMATCH sg-065c26b39e45ae384 forward"])
        #expect(try Self.ask(scenario, "can \(a1) reach \(b) on tcp/22").verdict == .reachable)
        #expect(Self.blockers(try Self.ask(scenario, "can \(b) ping \(a2)")) == ["ENI_SG_RULES_MISMATCH sg-051f619de836dbaf3 forward",
                                                                              "TGW_ROUTE_AZ_RESTRICTION tgw-attach-07f5ec59e9f540021 return"])
    }

    /// bat (10.1.0.0/16) routes fish's block to the "bat" transit gateway, fish routes bat's to the "fish" one.
    /// Each gateway has both VPCs attached, but only the sender's attachment is associated, with a table the other
    /// VPC propagates into. So each direction takes its own gateway: requests one way, answers the other.
    @Test func transitGatewayAsymmetricPaths() throws {
        let scenario = "test-transit-gateway-asymmetric-paths"
        let (bat, fish) = ("i-04bbbcaefdd1937f9", "i-0973ce90749865a7f")
        let there = try Self.ask(scenario, "can \(bat) ping \(fish)")
        #expect(there.verdict == .reachable)
        #expect(there.forward?.hops.contains { $0.component == "tgw-rtb-0ac69a6cb81e20019" } == true)
        #expect(there.returnWalk?.hops.contains { $0.component == "tgw-rtb-061e69b98b99d5da8" } == true)
        let back = try Self.ask(scenario, "can \(fish) ping \(bat)")
        #expect(back.verdict == .reachable)
        #expect(back.forward?.hops.contains { $0.component == "tgw-rtb-061e69b98b99d5da8" } == true)
        #expect(try Self.ask(scenario, "can \(fish) reach \(bat) on tcp/22").verdict == .reachable)
    }

    /// One transit gateway of account 0284… shared with account 9516…: each account's dump describes its VPC and
    /// its end of the attachments; both are associated with and propagate into the one route table. Neither dump
    /// holds describe-network-acls output: as read, the answers are unknown; with the ACLs taken as absent, reachable.
    @Test func transitGatewayMultiAccount() throws {
        let scenario = "test-transit-gateway-multi-account"
        let (bat, fish) = ("i-0bdf35d561be3d962", "i-03df168b3f73cc262")
        for (from, to) in [(bat, fish), (fish, bat)] {
            let asRead = try Self.ask(scenario, "can \(from) ping \(to)")
            guard case .unknown(let reason) = asRead.verdict else {
                Issue.record("\(from) → \(to): expected unknown without network ACLs, got \(asRead.verdict)")
                continue
            }
            #expect(reason.contains("describe-network-acls"), "\(reason)")
            let ping = try Self.ask(scenario, "can \(from) ping \(to)", assumingNetworkACLs: true)
            #expect(ping.verdict == .reachable, "\(from) → \(to)")
            #expect(Self.hops(ping).contains("tgw-rtb-0b2c8eeefcf19371b"))
            #expect(try Self.ask(scenario, "can \(from) reach \(to) on udp/33434", assumingNetworkACLs: true).verdict == .reachable)
        }
    }

    /// Two transit gateways peered across regions and accounts: bat (10.10.0.0/16) and bat2 (10.20.0.0/16) on
    /// tgw-0e20… (us-east-1), fish (192.168.0.0/16) on tgw-0320… (us-west-1). bat2's table sends 192.168.0.0/16
    /// over the peering; fish's table sends 10.20.0.0/16 back over it, but on tgw-0e20… the peering attachment is
    /// associated with the default table, which only bat propagates into (10.10.0.0/16): nothing comes back to
    /// bat2, and bat's table has no route to fish at all, nor fish's to bat.
    @Test func transitGatewayPeering() throws {
        let scenario = "test-transit-gateway-peering"
        let (bat, bat2, fish) = ("i-08f3abb6471637c66", "i-05e25e43074216229", "i-0afb0a59f6bf36397")
        let oneWay = try Self.ask(scenario, "can \(bat2) ping \(fish)", oneWay: true)
        #expect(oneWay.verdict == .reachable)
        #expect(oneWay.forward?.hops.map(\.component).contains("tgw-attach-012e5d602f859dd80") == true)
        #expect(oneWay.forward?.hops.map(\.component).contains("tgw-rtb-00be87593fb2cd0ae") == true)
        #expect(Self.blockers(try Self.ask(scenario, "can \(bat2) ping \(fish)")) == ["TGW_RTB_CANNOT_ROUTE tgw-rtb-05d2952671d1f460a return"])
        #expect(Self.blockers(try Self.ask(scenario, "can \(fish) ping \(bat2)")) == ["TGW_RTB_CANNOT_ROUTE tgw-rtb-05d2952671d1f460a forward"])
        #expect(Self.blockers(try Self.ask(scenario, "can \(bat) ping \(fish)")) == ["TGW_RTB_CANNOT_ROUTE tgw-rtb-00be87593fb2cd0ae return",
                                                                                 "TGW_RTB_CANNOT_ROUTE tgw-rtb-05d2952671d1f460a forward"])
        #expect(try Self.ask(scenario, "can \(fish) ping \(bat)").verdict == .unreachable)
        // bat and bat2 route nothing to each other: a peering connection and two routes are the smallest change.
        #expect(try Self.ask(scenario, "can \(bat) ping \(bat2)").verdict == .unreachable)
    }

    /// Fixes made on the captures' own JSON (the corpus's TransitGatewayStaticRoutes wrappers, the attachment
    /// files) by the snapshot editor, in a copy: the query is reachable there.
    @Test func fixesWrittenToTheCaptures() throws {
        for (scenario, query) in [("test-transit-gateway-peering", "can i-08f3abb6471637c66 ping i-0afb0a59f6bf36397"),
                                  ("test-transit-gateway", "can i-075e846ed41670385 reach i-0b14080af811fda3d on tcp/22")] {
            let directory = Fixtures.scenario(scenario)
            let report = try ReachabilityQuestions(network: try Fixtures.load(directory)).fixes(query).report
            let fix = try #require(report.fixes.first)
            let (path, editor) = try FixSupport.write(fix, from: directory)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(!editor.changedFiles.isEmpty && editor.changedFiles.allSatisfy { $0.contains("TransitGateway") }, "\(editor.changedFiles)")
            #expect(try ReachabilityQuestions(network: try Fixtures.load(path)).ask(query).answer.verdict == .reachable, "\(scenario): \(query)")
        }
    }

    /// The Direct Connect capture: the VPC's route table sends everything to tgw-dx01, whose table takes routes
    /// from a Direct Connect gateway and a VPN that the snapshot does not list: no verdict, and it says why.
    @Test func directConnectGatewayStaysUnknown() throws {
        let answer = try Self.ask("test-direct-connect-gateway", "can i-dx01 reach internet on tcp/443")
        guard case .unknown(let reason) = answer.verdict else {
            Issue.record("expected unknown, got \(answer.verdict)")
            return
        }
        #expect(reason.contains("tgw-rtb-dx01") && reason.contains("direct-connect-gateway"))
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The dual-stack lab (Queries/ipv6): an internet gateway and an egress-only internet gateway in VPC Web, a
/// peering to VPC Data, each stage with the verdict and the exact blockers of IPv6 (and some IPv4) questions.
@Suite struct IPv6StageTests {
    static let lab = StageLab.ipv6

    static func directory(_ stage: String) -> String { lab.directory(stage) }
    static func ask(_ stage: String, _ query: String) throws -> (QuestionResult, Network) { try lab.ask(stage, query) }

    static func expectBlockers(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lab.expectBlockers(stage, query, expected, sourceLocation: sourceLocation)
    }

    @discardableResult
    static func expectReachable(_ stage: String, _ query: String, through components: [String] = [], back: [String] = [],
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionResult {
        try lab.expectReachable(stage, query, through: components, back: back, sourceLocation: sourceLocation)
    }

    /// Q1-Q8 of the lab's README.
    static let q1 = lab.questions[0], q2 = lab.questions[1], q3 = lab.questions[2], q4 = lab.questions[3]
    static let q5 = lab.questions[4], q6 = lab.questions[5], q7 = lab.questions[6], q8 = lab.questions[7]

    @Test func working() throws {
        let web = try Self.expectReachable("01-working", Self.q1, through: ["Web-igw", "web-sg"], back: ["Web-rtb-public", "Web-igw"])
        #expect(web.family == .ipv6)
        let packet = try #require(web.answer.packet)
        #expect(packet.family == .ipv6 && packet.destination.description.hasPrefix("2600:1f18:2a3f:4d01:"))
        #expect(packet.ipProtocol == IPProtocolNumber.tcp && packet.destinationPort == 443)
        let v4 = try Self.expectReachable("01-working", Self.q2, through: ["Web-igw"])
        #expect(v4.family == .ipv4 && v4.answer.packet?.destination.description == "44.202.48.38")
        let ping = try Self.expectReachable("01-working", Self.q3, through: ["Web-rtb-public", "Web-igw"])
        #expect(ping.answer.packet?.ipProtocol == IPProtocolNumber.icmpv6 && ping.answer.packet?.icmpType == ICMPMessage.echoRequestV6)
        try Self.expectReachable("01-working", Self.q4, through: ["Web-rtb-private", "Web-eigw"], back: ["Web-eigw"])
        try Self.expectReachable("01-working", Self.q6, through: ["Web-rtb-private", "Web-Data-pcx", "db-sg"], back: ["Data-rtb"])
        try Self.expectReachable("01-working", Self.q7, through: ["Data-rtb", "Web-Data-pcx", "app-sg"])
        try Self.expectReachable("01-working", Self.q8, through: ["Web-Data-pcx"])
    }

    @Test func egressOnlyGatewayLetsNoConnectionIn() throws {
        // The request comes in by Web-igw; the echo reply is routed to Web-eigw, which carries out only connections
        // started inside the VPC.
        try Self.expectBlockers("01-working", Self.q5, ["EGRESS_ONLY_INBOUND_CONNECTION Web-rtb-private - return"])
        let (result, _) = try Self.ask("01-working", Self.q5)
        #expect(result.answer.blockers.first?.message.contains("egress-only") == true)
    }

    @Test func noIPv6DefaultRoute() throws {
        try Self.expectBlockers("02-no-ipv6-default-route", Self.q1, ["NO_ROUTE_TO_DESTINATION Web-rtb-public - return"])
        try Self.expectBlockers("02-no-ipv6-default-route", Self.q3, ["NO_ROUTE_TO_DESTINATION Web-rtb-public - forward"])
        try Self.expectReachable("02-no-ipv6-default-route", Self.q2)
        try Self.expectReachable("02-no-ipv6-default-route", Self.q4)
    }

    @Test func securityGroupWithIPv4RulesOnly() throws {
        try Self.expectBlockers("03-sg-ipv4-only", Self.q1, ["ENI_SG_RULES_MISMATCH web-sg inbound forward"])
        try Self.expectReachable("03-sg-ipv4-only", Self.q2)
        try Self.expectReachable("03-sg-ipv4-only", Self.q3)
    }

    @Test func egressOnlyRouteMissing() throws {
        try Self.expectBlockers("04-eigw-route-missing", Self.q4, ["NO_ROUTE_TO_DESTINATION Web-rtb-private - forward"])
        try Self.expectBlockers("04-eigw-route-missing", Self.q5, ["NO_ROUTE_TO_DESTINATION Web-rtb-private - return"])
        try Self.expectReachable("04-eigw-route-missing", Self.q6)
    }

    @Test func networkACLWithoutIPv6Rules() throws {
        // The echo request leaves Web-private and its reply comes back in: rule * (32768, ::/0) denies both.
        try Self.expectBlockers("05-nacl-ipv4-only", Self.q4, ["SUBNET_ACL_RESTRICTION Web-private-acl outbound forward",
                                                               "SUBNET_ACL_RESTRICTION Web-private-acl inbound return"])
        try Self.expectBlockers("05-nacl-ipv4-only", Self.q6, ["SUBNET_ACL_RESTRICTION Web-private-acl outbound forward",
                                                               "SUBNET_ACL_RESTRICTION Web-private-acl inbound return"])
        try Self.expectBlockers("05-nacl-ipv4-only", Self.q7, ["SUBNET_ACL_RESTRICTION Web-private-acl inbound forward",
                                                               "SUBNET_ACL_RESTRICTION Web-private-acl outbound return"])
        let (result, _) = try Self.ask("05-nacl-ipv4-only", Self.q4)
        #expect(result.answer.blockers.first?.message.contains("rule *") == true, "\(AnswerRendering.text(result))")
        try Self.expectReachable("05-nacl-ipv4-only", Self.q8)
    }

    @Test func peeringWithoutIPv6Route() throws {
        try Self.expectBlockers("06-peering-no-ipv6-route", Self.q6, ["NO_ROUTE_TO_DESTINATION Data-rtb - return"])
        try Self.expectBlockers("06-peering-no-ipv6-route", Self.q7, ["NO_ROUTE_TO_DESTINATION Data-rtb - forward"])
        try Self.expectReachable("06-peering-no-ipv6-route", Self.q8)
    }

    @Test func icmpRuleDoesNotMatchICMPv6() throws {
        try Self.expectBlockers("07-sg-icmp-not-icmpv6", Self.q6, ["ENI_SG_RULES_MISMATCH db-sg inbound forward"])
        try Self.expectReachable("07-sg-icmp-not-icmpv6", Self.q7)
        try Self.expectReachable("07-sg-icmp-not-icmpv6", Self.q8)
    }

    @Test func deletedEgressOnlyGateway() throws {
        try Self.expectBlockers("08-eigw-deleted", Self.q4, ["BAD_STATE_ROUTE Web-rtb-private - forward"])
        try Self.expectBlockers("08-eigw-deleted", Self.q5, ["BAD_STATE_ROUTE Web-rtb-private - return"])
    }

    @Test func instanceWithoutIPv6Address() throws {
        for query in [Self.q4, Self.q5, Self.q6, Self.q7] {
            let (result, _) = try Self.ask("09-app-no-ipv6-address", query)
            #expect(result.answer.verdict == .unreachable && result.answer.blockers.isEmpty, "\(query)\n\(AnswerRendering.text(result))")
            #expect(result.answer.note?.contains("has no IPv6 address") == true, "\(query)\n\(AnswerRendering.text(result))")
        }
        try Self.expectReachable("09-app-no-ipv6-address", Self.q8)
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Fixes and proofs of IPv6 answers on the dual-stack lab (Queries/ipv6): the fix's AWS commands use the IPv6
/// options, written into a copy of the JSON they make the query reachable; proofs of IPv6 answers (128-bit
/// addresses) are verified by cvc5 and by replaying the witness.
@Suite struct IPv6FixProofTests {
    static func expectFix(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try FixSupport.expectFirstFix(IPv6StageTests.directory(stage), query, expected, sourceLocation: sourceLocation)
    }

    @Test func routesSecurityGroupsAndNetworkACLs() throws {
        try Self.expectFix("02-no-ipv6-default-route", IPv6StageTests.q3,
                           ["aws ec2 create-route", "--destination-ipv6-cidr-block ::/0 --gateway-id igw-"])
        try Self.expectFix("04-eigw-route-missing", IPv6StageTests.q4, ["--destination-ipv6-cidr-block ::/0"])
        try Self.expectFix("03-sg-ipv4-only", IPv6StageTests.q1, ["aws ec2 authorize-security-group-ingress", "\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/0\"}]"])
        try Self.expectFix("06-peering-no-ipv6-route", IPv6StageTests.q7, ["--destination-ipv6-cidr-block 2600:1f18:2a3f:4d00::/56 --vpc-peering-connection-id pcx-"])
        try Self.expectFix("05-nacl-ipv4-only", IPv6StageTests.q6, ["aws ec2 create-network-acl-entry", "--ipv6-cidr-block"])
        try Self.expectFix("07-sg-icmp-not-icmpv6", IPv6StageTests.q6, ["authorize-security-group-ingress", "icmpv6"])
    }

    @Test func reachableIPv6AnswerReplaysItsWitness() throws {
        let (result, document, folder) = try ProofSupport.export(IPv6StageTests.directory("01-working"), IPv6StageTests.q6)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .witness(let witness) = document else { Issue.record("expected a witness, the answer is \(result.answer.verdict)"); return }
        #expect(witness.packet.source.contains(":") && witness.packet.protocol == "icmpv6")
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .holds, "\(verification.text)")
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func unreachableIPv6AnswerHoldsUnderCVC5() throws {
        for (stage, query) in [("01-working", IPv6StageTests.q5), ("05-nacl-ipv4-only", IPv6StageTests.q6), ("07-sg-icmp-not-icmpv6", IPv6StageTests.q6)] {
            let (result, document, folder) = try ProofSupport.export(IPv6StageTests.directory(stage), query)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            guard case .claim(_, let script) = document else { Issue.record("\(stage): expected a claim, the answer is \(result.answer.verdict)"); continue }
            #expect(script.contains("(_ BitVec 128)"), "\(stage): the packet's addresses are 128-bit")
            let verification = ProofSupport.verifier.verify(directory: folder)
            #expect(verification.status == .holds, "\(stage): \(verification.text)")
            #expect(verification.text.contains(": unsat"), "\(stage): \(verification.text)")
        }
    }
}

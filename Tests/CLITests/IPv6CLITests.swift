import Foundation
import PathProofTestSupport
import Testing

/// The CLI on the dual-stack lab (Queries/ipv6): IPv6 queries, their JSON, exposure over both families, errors.
@Suite struct IPv6CLITests {
    static let stage = "Queries/ipv6/01-working"

    @Test func queryOverIPv6() throws {
        let text = try PathProofCLI.run(["query", "--snapshot", Self.stage, "--quiet", "can app ping db over ipv6"])
        #expect(text.status == 0, "\(text.output) \(text.error)")
        #expect(text.output.contains("ping over IPv6") && text.output.contains("Verdict: REACHABLE"), "\(text.output)")
        #expect(text.output.contains("icmpv6 echo-request 2600:1f18:2a3f:4d02:"), "\(text.output)")
        let json = try PathProofCLI.run(["query", "--snapshot", Self.stage, "--quiet", "--format", "json", "can internet ping app over ipv6"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.output)")
        #expect(object["family"] as? String == "ipv6" && object["verdict"] as? String == "unreachable", "\(json.output)")
        let blockers = try #require(object["blockers"] as? [[String: Any]])
        #expect(blockers.map { $0["code"] as? String } == ["EGRESS_ONLY_INBOUND_CONNECTION"], "\(json.output)")
    }

    @Test func mixedFamiliesAreBadInput() throws {
        let run = try PathProofCLI.run(["query", "--snapshot", Self.stage, "--quiet", "can 10.40.2.10 ping 2600:1f18:566:101:5091:4d85:a7a7:5449"])
        #expect(run.status == 2 && run.error.contains("mixes an IPv4 and an IPv6 end"), "\(run.output) \(run.error)")
    }

    @Test func exposureCoversBothFamilies() throws {
        let run = try PathProofCLI.run(["exposure", "--snapshot", Self.stage, "--quiet"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        // web at its Elastic IP and at its IPv6 address; app only to ICMPv6 messages that get no answer (they come
        // in by the internet gateway; anything that needs an answer meets the egress-only gateway's route).
        #expect(run.output.contains("(web) at 44.202.48.38: tcp 443"), "\(run.output)")
        #expect(run.output.contains("(web) at 2600:1f18:2a3f:4d01:2ff9:d03e:77bc:9456: tcp 443; icmpv6 echo, other types"), "\(run.output)")
        #expect(run.output.contains("(app) at 2600:1f18:2a3f:4d02:8894:573:1717:87c8: icmpv6 other types"), "\(run.output)")
        #expect(!run.output.contains("(db)"), "\(run.output)")
    }
}

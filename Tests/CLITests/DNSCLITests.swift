import Foundation
import NetworkModel
import PathProofTestSupport
import Testing

/// DNS names as query ends through the `pathproof` binary, on the seed lab's stage 09.
@Suite struct DNSCLITests {
    static let stage = "\(CLITests.seed)/09-eic-works"

    /// NextWork-1-instance's public DNS name, as the stage's describe-instances prints it.
    static func publicName() throws -> String {
        let network = try Fixtures.load(Fixtures.seed("09-eic-works"))
        return try #require(network.dnsHostnames.values.first { $0.kind == .publicHostname }).name
    }

    @Test func theAnswerSaysWhatTheNameResolvedToAndWhy() throws {
        let name = try Self.publicName()
        let text = try PathProofCLI.run(["query", "--quiet", "--snapshot", Self.stage, "can 18.206.107.24 reach \(name) on tcp/22"])
        #expect(text.status == 0, "\(text.error)")
        #expect(text.output.contains("DNS: \(name) resolved to ") && text.output.contains("(public address): from outside AWS"), "\(text.output)")
        #expect(text.output.contains("Verdict: REACHABLE"))

        let json = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", Self.stage,
                                         "can NextWork-1-instance ping ip-10-2-0-10.ec2.internal"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let dns = try #require(object["dns"] as? [String: Any])
        #expect(dns["address"] as? String == "10.2.0.10" && dns["resolvedTo"] as? String == "private" && dns["hostname"] as? String == "private")
        #expect((dns["assumptions"] as? [String])?.contains { $0.contains("enableDnsSupport") } == true)
    }

    @Test func aNameTheSnapshotDoesNotHaveIsBadInput() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", Self.stage, "can internet reach ec2-198-51-100-7.compute-1.amazonaws.com on tcp/22"])
        #expect(run.status == 2)
        #expect(run.error.contains("ec2-198-51-100-7.compute-1.amazonaws.com"), "\(run.error)")
        let privateName = try PathProofCLI.run(["query", "--quiet", "--snapshot", Self.stage, "can internet reach ip-10-1-0-10.ec2.internal on tcp/22"])
        #expect(privateName.status == 2 && privateName.error.contains("private DNS name"), "\(privateName.error)")
    }
}

import Foundation
import PathProofTestSupport
import Testing

/// An address unknown until apply whose class matters (`plans/unknown-address.json`: the client's private IP, in a
/// subnet whose lower half only the server admits on tcp/5432): every command answers UNKNOWN naming the address
/// (exit status 3), never the first representative's answer as fact; where every class answers alike, the answer
/// stands.
@Suite struct TerraformAssignmentCLITests {
    static let plan = Fixtures.path("Queries/terraform/plans/unknown-address.json")
    static let reason = "the answer depends on the address AWS assigns to aws_instance.client.private_ip"

    @Test func portsMatrixAndCheckAreUnknownWhenTheAssignmentMatters() throws {
        let ports = try PathProofCLI.run(["ports", "--terraform", Self.plan, "split-client-1", "split-server-1", "--quiet"])
        #expect(ports.status == 3, "\(ports.output) \(ports.error)")
        #expect(ports.output.hasPrefix("UNKNOWN: \(Self.reason)"), "\(ports.output)")
        #expect(ports.error.contains(Self.reason), "\(ports.error)")

        let matrix = try PathProofCLI.run(["matrix", "--terraform", Self.plan, "--on", "tcp/5432", "--quiet"])
        #expect(matrix.status == 3, "\(matrix.output) \(matrix.error)")
        #expect(matrix.output.hasPrefix("UNKNOWN: \(Self.reason)"), "\(matrix.output)")

        let file = try Temporary.file("assert split-client-1 can reach split-server-1 on tcp/5432\n", label: "split", suffix: ".reach")
        let check = try PathProofCLI.run(["check", file, "--terraform", Self.plan, "--quiet"])
        #expect(check.status == 3, "\(check.output) \(check.error)")
        #expect(check.output.hasPrefix("UNKNOWN: \(Self.reason)"), "\(check.output)")
    }

    @Test func answersAlikeForEveryClassStand() throws {
        // On ping nothing admits the client, whatever its address: the matrix stands.
        let matrix = try PathProofCLI.run(["matrix", "--terraform", Self.plan, "--on", "ping", "--quiet"])
        #expect(matrix.status == 0, "\(matrix.output) \(matrix.error)")
        #expect(!matrix.output.contains("UNKNOWN"), "\(matrix.output)")
        // Nothing is exposed to the internet for any address.
        let exposure = try PathProofCLI.run(["exposure", "--terraform", Self.plan, "--quiet"])
        #expect(exposure.status == 0, "\(exposure.output) \(exposure.error)")
    }

    @Test func diffOfThePlanIsUnknownWhenTheAssignmentMatters() throws {
        // The client, deployed at 10.40.1.10, is replaced by one whose address AWS assigns: whether the plan breaks
        // its Postgres connection depends on that address.
        let replace = Fixtures.path("Queries/terraform/plans/unknown-address-replace.json")
        let diff = try PathProofCLI.run(["diff", "--terraform", replace, "--on", "tcp/5432", "--quiet"])
        #expect(diff.status == 3, "\(diff.output) \(diff.error)")
        #expect(diff.output.hasPrefix("UNKNOWN: \(Self.reason)"), "\(diff.output)")
        #expect(diff.output.contains("reachable → unreachable"), "\(diff.output)")
        // Without the split (ping: nothing admits it before or after), the diff stands.
        let ping = try PathProofCLI.run(["diff", "--terraform", replace, "--on", "ping", "--quiet"])
        #expect(ping.status == 0, "\(ping.output) \(ping.error)")
    }
}

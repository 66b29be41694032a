import Foundation
import PathProofTestSupport
import Testing

/// `query --terraform FILE [--snapshot DIR] --proof DIR` and `verify DIR`: the proof binds the Terraform file (and
/// the snapshot's files) by SHA-256; verify re-reads them, checks a claim with cvc5 or replays a witness, and fails on
/// any edit; no proof where something unknown until apply decides it.
@Suite struct TerraformProofCLITests {
    static let cvc5 = executableOnPath("cvc5")
    static func fixture(_ relative: String) -> String { Fixtures.path("Queries/terraform/\(relative)") }

    /// A copy of a fixture, to edit after the proof is written.
    static func copy(_ relative: String) throws -> String {
        try Temporary.file(try String(contentsOfFile: fixture(relative), encoding: .utf8), label: "plan", suffix: ".json")
    }

    static func prove(_ arguments: [String], _ query: String, label: String) throws -> (folder: String, run: ProcessRun) {
        let folder = Temporary.path("tf-proof-\(label)")
        let run = try PathProofCLI.run(["query", "--quiet"] + arguments + ["--proof", folder, query])
        return (folder, run)
    }

    @Test func aStateAloneProvesAReachableAnswerByAWitness() throws {
        let state = try Self.copy("seed/06-ping-works/state.json")
        let (folder, query) = try Self.prove(["--terraform", state], SeedLab.ping, label: "witness")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(query.status == 0, "\(query.output)\(query.error)")
        #expect(query.error.contains("proof: wrote witness.json"), "\(query.error)")
        let readme = try String(contentsOfFile: "\(folder)/README.txt", encoding: .utf8)
        #expect(readme.contains("Terraform: \(URL(fileURLWithPath: state).standardizedFileURL.path) (its SHA-256 is recorded)"), "\(readme)")
        let verify = try PathProofCLI.run(["verify", folder])
        #expect(verify.status == 0, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("Terraform: ") && verify.output.contains("unchanged (SHA-256 as recorded)"), "\(verify.output)")
        #expect(verify.output.contains("hops replayed by the packet walker, each as recorded") && verify.output.contains("PROOF HOLDS"), "\(verify.output)")
        // One byte more in the state: the proof no longer holds.
        try (try String(contentsOfFile: state, encoding: .utf8) + " ").write(toFile: state, atomically: true, encoding: .utf8)
        let edited = try PathProofCLI.run(["verify", folder])
        #expect(edited.status == 1, "\(edited.output)")
        #expect(edited.output.contains("has changed since the proof was written") && edited.output.contains("PROOF DOES NOT HOLD"), "\(edited.output)")
    }

    @Test(.enabled(if: cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func aPlanOverASnapshotProvesAnUnreachableAnswerByAClaim() throws {
        let plan = try Self.copy("plans/seed-06-remove-peering-route.json")
        let snapshot = try EditedSnapshot(copying: Fixtures.seed("06-ping-works")).write()
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let (folder, query) = try Self.prove(["--snapshot", snapshot, "--terraform", plan], SeedLab.ping, label: "claim")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(query.status == 0, "\(query.output)\(query.error)")
        #expect(query.output.contains("UNREACHABLE"), "\(query.output)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/manifest.json"))) as? [String: Any])
        let record = try #require(manifest["snapshot"] as? [String: Any])
        let terraform = try #require(record["terraform"] as? [String: Any])
        #expect((terraform["sha256"] as? String)?.count == 64)
        #expect((record["files"] as? [Any])?.isEmpty == false, "the snapshot's files are bound too: \(record)")
        let verify = try PathProofCLI.run(["verify", folder])
        #expect(verify.status == 0, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains(": unsat") && verify.output.contains("Snapshot: ") && verify.output.contains("PROOF HOLDS"), "\(verify.output)")
        // An edit of the snapshot under the plan fails it.
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: snapshot).first { $0.hasSuffix(".json") })
        let path = "\(snapshot)/\(file)"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let edited = try PathProofCLI.run(["verify", folder])
        #expect(edited.status == 1 && edited.output.contains("\(file) has changed"), "\(edited.output)")
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PathProofCLI.run(["verify", folder]).status == 0)
        // So does an edit of the record itself (the identity covers it).
        let manifestPath = "\(folder)/manifest.json"
        let text = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let sha = try #require(terraform["sha256"] as? String)
        try text.replacingOccurrences(of: sha, with: String(repeating: "0", count: 64)).write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let forged = try PathProofCLI.run(["verify", folder])
        #expect(forged.status == 1 && forged.output.contains("Identity: "), "\(forged.output)")
    }

    /// An address AWS assigns that nothing tells apart: the proof holds for every address of the subnet, and says
    /// what stood for it (and for the public address).
    @Test func aProofSaysWhatStoodForAddressesUnknownUntilApply() throws {
        let (folder, query) = try Self.prove(["--terraform", Self.fixture("plans/new-network.json")], "can internet reach plan-web-1 on tcp/443",
                                             label: "stand-ins")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(query.status == 0, "\(query.output)\(query.error)")
        let readme = try String(contentsOfFile: "\(folder)/README.txt", encoding: .utf8)
        #expect(readme.contains("module.net.aws_instance.web.private_ip is unknown until apply: 10.20.1.4 stands for every address AWS may assign in 10.20.1.0/24"),
                "\(readme)")
        #expect(readme.contains("module.net.aws_instance.web.public_ip is unknown until apply (AWS assigns it); it stands as 203.0.113.1"), "\(readme)")
        let verify = try PathProofCLI.run(["verify", folder])
        #expect(verify.status == 0 && verify.output.contains("10.20.1.4 stands for every address"), "\(verify.output)")
    }

    @Test func noProofWhereTheAddressAWSAssignsMatters() throws {
        let (folder, query) = try Self.prove(["--terraform", Self.fixture("plans/unknown-address.json")], "can split-client-1 ping split-server-1",
                                             label: "split")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Every class answers alike (so the verdict stands), but a proof would be made over one class's address.
        #expect(query.status == 3, "\(query.output)\(query.error)")
        #expect(query.output.contains("UNREACHABLE"), "\(query.output)")
        #expect(query.error.contains("proof: nothing written to \(folder): UNKNOWN") && query.error.contains("aws_instance.client.private_ip"), "\(query.error)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func fixSaysWhenTheAddressAWSAssignsDecides() throws {
        let plan = Self.fixture("plans/unknown-address.json")
        let split = try PathProofCLI.run(["fix", "--terraform", plan, "can split-client-1 reach split-server-1 on tcp/5432", "--quiet"])
        #expect(split.status == 3, "\(split.output)\(split.error)")
        #expect(split.output.hasPrefix("UNKNOWN: the answer depends on the address AWS assigns to aws_instance.client.private_ip"), "\(split.output)")
    }

    @Test func noProofWhereTunnelsUnknownUntilApplyDecide() throws {
        let arguments = ["--snapshot", StageLab.dataplane.directory("01-working"), "--terraform", Self.fixture("plans/dataplane-vpn-replace.json")]
        let (folder, query) = try Self.prove(arguments, "can onprem:192.168.0.0/16 reach Lab-app-instance on tcp/22", label: "tunnels")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(query.status == 3, "\(query.output)\(query.error)")
        #expect(query.output.hasPrefix("Verdict: UNKNOWN: the answer depends on the tunnels of aws_vpn_connection.lab"), "\(query.output)")
        #expect(query.error.contains("proof: nothing written"), "\(query.error)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        // What does not cross the connection is proved, the tunnels named as read up in the proof.
        let (other, internet) = try Self.prove(arguments, "can Lab-app-instance reach internet on tcp/443", label: "tunnels-other")
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(internet.status == 0, "\(internet.output)\(internet.error)")
        let readme = try String(contentsOfFile: "\(other)/README.txt", encoding: .utf8)
        #expect(readme.contains("the tunnels of aws_vpn_connection.lab are unknown until apply: read as up"), "\(readme)")
        let verify = try PathProofCLI.run(["verify", other])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// Reachable with the new connection's tunnels up or down (Direct Connect carries it too), but the witness would
    /// go by the connection, whose tunnels are unknown until apply: no proof, said.
    @Test func noWitnessThroughTunnelsUnknownUntilApply() throws {
        let arguments = ["--snapshot", StageLab.dataplane.directory("13-dx-private-vif"), "--terraform", Self.fixture("plans/dataplane-13-add-vpn.json")]
        let (folder, query) = try Self.prove(arguments, "can Lab-app-instance reach onprem:192.168.10.0/24 on tcp/443", label: "vpn-witness")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(query.status == 3, "\(query.output)\(query.error)")
        #expect(query.output.contains("REACHABLE") && query.output.contains("VPN connection aws_vpn_connection.backup"), "\(query.output)")
        #expect(query.error.contains("proof: nothing written to \(folder): UNKNOWN: the witness crosses vgw-4ce37d8b2e823f8f1 by aws_vpn_connection.backup"),
                "\(query.error)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func theOtherCommandsSayTheTunnelsDecide() throws {
        let arguments = ["--snapshot", StageLab.dataplane.directory("01-working"), "--terraform", Self.fixture("plans/dataplane-vpn-replace.json"), "--quiet"]
        let file = try Temporary.file("property vpn\nassert onprem:192.168.0.0/16 can reach Lab-app-instance on tcp/22\n", label: "vpn", suffix: ".reach")
        let check = try PathProofCLI.run(["check", file] + arguments)
        #expect(check.status == 3 && check.output.contains("the tunnels of aws_vpn_connection.lab"), "\(check.output)\(check.error)")
        let diff = try PathProofCLI.run(["diff"] + arguments + ["--check", file])
        #expect(diff.status == 3 && diff.error.contains("the tunnels of aws_vpn_connection.lab"), "\(diff.output)\(diff.error)")
        let fix = try PathProofCLI.run(["fix"] + arguments + ["can onprem:192.168.0.0/16 reach Lab-app-instance on tcp/22"])
        #expect(fix.status == 3 && fix.output.hasPrefix("UNKNOWN: the answer depends on the tunnels of aws_vpn_connection.lab"), "\(fix.output)\(fix.error)")
        // The same plan's refreshed connection (telemetry known) answers plainly.
        let known = try PathProofCLI.run(["check", file, "--snapshot", StageLab.dataplane.directory("01-working"), "--terraform",
                                          Self.fixture("plans/dataplane-vpn-01.json"), "--quiet"])
        #expect(known.status == 0, "\(known.output)\(known.error)")
    }
}

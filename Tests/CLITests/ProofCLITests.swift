import Foundation
import PathProofTestSupport
import Testing

/// `pathproof query --proof DIR` and `pathproof verify DIR`, run as a user would.
@Suite struct ProofCLITests {
    /// cvc5 as the binary finds it, on PATH.
    static let cvc5 = executableOnPath("cvc5")
    static let cvc5Missing = ProofSupport.cvc5Missing

    static func folder(_ label: String) -> String { Temporary.path("cli-\(label)") }

    /// Runs the binary with PATH set to `path`.
    static func run(_ arguments: [String], path: String) throws -> ProcessRun { try PathProofCLI.run(arguments, path: path) }

    /// The seed lab's questions on every stage: reachable ones are proved by a witness, the others by a claim.
    static let cases = StageLab.seed.cases
    static let witnessCases = StageLab.seed.reachableCases
    static let claimCases = StageLab.seed.unreachableCases

    @Test func everySeedStageIsCovered() {
        #expect(Self.cases.count == 33)
        #expect(Self.witnessCases.count == StageLab.seed.reachable?.count)
    }

    /// `query --proof DIR` on a seed query: the answer on stdout stays one JSON object, the proof is written.
    static func export(_ item: StageLab.Case, expecting verdict: String) throws -> String {
        let directory = folder("seed")
        let query = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", "\(CLITests.seed)/\(item.stage)", "--proof", directory, item.query])
        #expect(query.status == 0, "\(query.error)")
        #expect(throws: Never.self, "stdout stays one JSON answer") { try JSONSerialization.jsonObject(with: Data(query.output.utf8)) }
        #expect(query.output.contains("\"verdict\" : \"\(verdict)\""))
        #expect(query.error.contains("proof: wrote"), "\(query.error)")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/README.txt"))
        return directory
    }

    @Test(arguments: witnessCases) func seedWitnessVerifies(_ item: StageLab.Case) throws {
        let directory = try Self.export(item, expecting: "reachable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.fileExists(atPath: "\(directory)/witness.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/claim.smt2"))
        let verify = try PathProofCLI.run(["verify", directory])
        #expect(verify.status == 0, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("hops replayed by the packet walker, each as recorded"), "\(verify.output)")
        #expect(verify.output.contains("PROOF HOLDS"), "\(verify.output)")
    }

    @Test(.enabled(if: cvc5 != nil, Comment(rawValue: cvc5Missing)), arguments: claimCases)
    func seedClaimVerifies(_ item: StageLab.Case) throws {
        let directory = try Self.export(item, expecting: "unreachable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.fileExists(atPath: "\(directory)/claim.smt2"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/witness.json"))
        let verify = try PathProofCLI.run(["verify", directory])
        #expect(verify.status == 0, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("cvc5 1.") && verify.output.contains(": unsat"), "\(verify.output)")
        #expect(verify.output.contains("PROOF HOLDS"), "\(verify.output)")
    }

    @Test(.enabled(if: cvc5 != nil, Comment(rawValue: cvc5Missing)))
    func aFlippedClaimExitsOne() throws {
        let directory = Self.folder("flipped")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try PathProofCLI.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/05-routes-sg-blocks-icmp", "--proof", directory,
                                      "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(query.status == 0)
        // The only blocker is the inbound security group: drop the definitions of its group's constants.
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/manifest.json"))) as? [String: Any])
        let blockers = try #require(manifest["blockers"] as? [[String: Any]])
        let group = try #require(blockers.first?["group"] as? String)
        let groups = try #require(manifest["groups"] as? [[String: Any]])
        let constants = try #require(groups.first { $0["id"] as? String == group }?["constants"] as? [String])
        #expect(!constants.isEmpty)
        let script = try String(contentsOfFile: "\(directory)/claim.smt2", encoding: .utf8)
        // Z3 writes each assertion as "(assert\n …)" ending at the next blank line.
        var kept: [String] = []
        for chunk in script.components(separatedBy: "\n\n") {
            let defines = constants.contains { chunk.contains("(= |\($0)| ") || chunk.contains("(= |\($0)|\n") }
            if defines, chunk.contains("(assert") {
                kept.append(String(chunk[..<chunk.range(of: "(assert")!.lowerBound]))
            } else {
                kept.append(chunk)
            }
        }
        try kept.joined(separator: "\n\n").write(toFile: "\(directory)/claim.smt2", atomically: true, encoding: .utf8)
        let verify = try PathProofCLI.run(["verify", directory])
        #expect(verify.status == 1, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains(": sat: the claim does not hold"), "\(verify.output)")
        #expect(verify.output.contains("PROOF DOES NOT HOLD"))
    }

    @Test func anAlteredWitnessHopExitsOne() throws {
        let directory = Self.folder("hop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try PathProofCLI.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/06-ping-works", "--proof", directory,
                                      "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(query.status == 0)
        let path = "\(directory)/witness.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let altered = text.replacingOccurrences(of: "response of an allowed flow", with: "response of an unknown flow")
        #expect(altered != text)
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try PathProofCLI.run(["verify", directory])
        #expect(verify.status == 1, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("Return path: hop 2 differs from the witness"), "\(verify.output)")
    }

    @Test func anEditedSnapshotExitsOneNamingTheFile() throws {
        let snapshot = Self.folder("snapshot")
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot.appendingPathComponent("\(CLITests.seed)/09-eic-works").path, toPath: snapshot)
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let directory = Self.folder("edited")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try PathProofCLI.run(["query", "--quiet", "--snapshot", snapshot, "--proof", directory, "can internet reach NextWork-1-instance on tcp/22"])
        #expect(query.status == 0)
        #expect(try PathProofCLI.run(["verify", directory]).status == 0)
        let file = "\(snapshot)/describe-instances.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"running\"", with: "\"stopped\"").write(toFile: file, atomically: true, encoding: .utf8)
        let verify = try PathProofCLI.run(["verify", directory])
        #expect(verify.status == 1, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("describe-instances.json has changed since the proof was written"), "\(verify.output)")
    }

    @Test func badInputExitsTwo() throws {
        let missing = try PathProofCLI.run(["verify", "/nonexistent/proof"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no such folder"))
        let empty = Self.folder("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let nothing = try PathProofCLI.run(["verify", empty])
        #expect(nothing.status == 2)
        #expect(nothing.error.contains("holds no proof"))
        try "not json".write(toFile: "\(empty)/witness.json", atomically: true, encoding: .utf8)
        let garbled = try PathProofCLI.run(["verify", empty])
        #expect(garbled.status == 2)
        #expect(garbled.error.contains("witness.json is not a PathProof witness"), "\(garbled.error)")
        let usage = try PathProofCLI.run(["verify"])
        #expect(usage.status == 2)
    }

    @Test func aMissingCVC5ExitsTwoAndSaysHowToInstallIt() throws {
        let directory = Self.folder("nocvc5")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try PathProofCLI.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/01-no-peering", "--proof", directory,
                                      "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(query.status == 0)
        let bare = Self.folder("bin")
        try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: bare) }
        let verify = try Self.run(["verify", directory], path: bare)
        #expect(verify.status == 2, "\(verify.output)\(verify.error)")
        #expect(verify.error.contains("cvc5 is not installed"))
        #expect(verify.error.contains("apt-get install cvc5"))
        #expect(!verify.output.contains("PROOF HOLDS"))
    }

    @Test func anUnknownAnswerWritesNothingAndSaysSo() throws {
        let snapshot = try Temporary.folder("cli", files: SampleSnapshots.undescribedNATGateway)
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let directory = Self.folder("unknown")
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", snapshot, "--proof", directory, "can eni-1 reach internet on tcp/443"])
        #expect(run.status == 3)
        #expect(run.error.contains("nothing written"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import SMT
import Testing

/// A proof that has been tampered with, or whose snapshot has changed, does not verify; unreadable proofs are
/// bad input.
@Suite struct ProofTamperTests {
    static let ping = SeedLab.ping

    /// Unreachable seed queries: (stage, query).
    static let unreachableCases: [(String, String)] = [
        ("01-no-peering", ping), ("02-peering-pending", ping), ("04-route-one-way", ping),
        ("05-routes-sg-blocks-icmp", ping), ("08-eic-elastic-ip-no-ssh-rule", "can internet reach NextWork-1-instance on tcp/22"),
        ("10-inter-region-sg-reference", ping), ("07-eic-no-public-ip", "can internet reach NextWork-1-instance on tcp/22"),
    ]

    /// Without the definitions of the blocking elements' conditions, the claim is satisfiable: cvc5 says sat.
    /// (The blockers are a set of elements whose change makes the query reachable, so freeing them must.)
    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func removingTheBlockingGroupsMakesTheClaimFail() throws {
        for (stage, query) in Self.unreachableCases {
            let (_, _, folder) = try ProofSupport.export(Fixtures.seed(stage), query)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            #expect(ProofSupport.verifier.verify(directory: folder).status == .holds, "\(stage) before tampering")
            let manifest = try ProofSupport.manifest(folder)
            let blocking = ProofSupport.blockingConstants(manifest)
            #expect(!blocking.isEmpty, "\(stage): the blockers have groups")
            let script = try ProofSupport.read(folder, ProofDocument.claimFile)
            try ProofSupport.write(folder, ProofDocument.claimFile, try ProofSupport.claim(script, removingDefinitionsOf: blocking))
            let verification = ProofSupport.verifier.verify(directory: folder)
            #expect(verification.status == .fails, "\(stage): \(verification.text)")
            #expect(verification.text.contains(": sat: the claim does not hold"), "\(stage): cvc5 finds the packet\n\(verification.text)")
            #expect(verification.text.contains("has no defining assertion"), "\(stage): the manifest check notices too")
        }
    }

    /// Removing the definitions of one non-blocking group keeps cvc5's unsat, but the claim no longer encodes
    /// that element, so it does not match its manifest.
    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func aClaimThatDoesNotMatchItsManifestFails() throws {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed("01-no-peering"), Self.ping)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manifest = try ProofSupport.manifest(folder)
        let blocking = ProofSupport.blockingConstants(manifest)
        let other = try #require(manifest.groups.first { $0.checkpoint != nil && Set($0.constants).isDisjoint(with: blocking) })
        let original = try ProofSupport.read(folder, ProofDocument.claimFile)
        try ProofSupport.write(folder, ProofDocument.claimFile, try ProofSupport.claim(original, removingDefinitionsOf: Set(other.constants)))
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .fails, "\(verification.text)")
        #expect(verification.text.contains("(group \(other.id): \(other.elements.joined(separator: ", "))) has no defining assertion"), "\(verification.text)")

        // An extra assertion makes any claim unsat: it is refused even though cvc5 answers unsat.
        try ProofSupport.write(folder, ProofDocument.claimFile, original.replacingOccurrences(of: "(check-sat)", with: "(assert false)\n(check-sat)"))
        let padded = ProofSupport.verifier.verify(directory: folder)
        #expect(padded.status == .fails, "\(padded.text)")
        #expect(padded.text.contains(": unsat (Z3"))
        #expect(padded.text.contains("2 assertions besides the definitions"), "\(padded.text)")

        // A second check-sat is not the promised form either; cvc5 is not run.
        try ProofSupport.write(folder, ProofDocument.claimFile, original + "(check-sat)\n")
        let twice = ProofSupport.verifier.verify(directory: folder)
        #expect(twice.status == .fails)
        #expect(twice.text.contains("2 (check-sat) commands"), "\(twice.text)")
    }

    @Test func alteringOneHopOfAWitnessFails() throws {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed("06-ping-works"), Self.ping)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try ProofSupport.read(folder, ProofDocument.witnessFile)
        #expect(text.contains("route 10.2.0.0/16 → pcx-"))
        try ProofSupport.write(folder, ProofDocument.witnessFile, text.replacingOccurrences(of: "route 10.2.0.0/16 → pcx-", with: "route 10.2.0.0/17 → pcx-"))
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.status == .fails, "\(verification.text)")
        #expect(verification.text.contains("Forward path: hop 3 differs from the witness"), "\(verification.text)")
        #expect(verification.text.contains("walker:  rtb-"))
    }

    @Test func aMissingReturnPathOrAForeignPacketFails() throws {
        let (_, document, folder) = try ProofSupport.export(Fixtures.seed("09-eic-works"), "can internet reach NextWork-1-instance on tcp/22")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard case .witness(var witness) = document else { Issue.record("expected a witness"); return }
        let encoder = JSONEncoder()
        witness.return = nil
        try ProofSupport.write(folder, ProofDocument.witnessFile, String(decoding: try encoder.encode(witness), as: UTF8.self))
        let noReturn = ProofSupport.verifier.verify(directory: folder)
        #expect(noReturn.status == .fails)
        #expect(noReturn.text.contains("Return path: missing"), "\(noReturn.text)")

        // The same packet claimed for another query: tcp/22 is not tcp/80 traffic.
        guard case .witness(var other) = document else { return }
        other.query.text = "can internet reach NextWork-1-instance on tcp/80"
        try ProofSupport.write(folder, ProofDocument.witnessFile, String(decoding: try encoder.encode(other), as: UTF8.self))
        let foreign = ProofSupport.verifier.verify(directory: folder)
        #expect(foreign.status == .fails)
        #expect(foreign.text.contains("is not tcp/80 traffic"), "\(foreign.text)")
    }

    @Test func editingTheSnapshotAfterExportFails() throws {
        let snapshot = try ProofSupport.copyOfSeed("06-ping-works")
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let (_, _, folder) = try ProofSupport.export(snapshot, Self.ping)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(ProofSupport.verifier.verify(directory: folder).status == .holds)

        // Only whitespace: the network is the same, but it is not the snapshot the proof records.
        let file = "\(snapshot)/describe-security-groups.json"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try (original + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = ProofSupport.verifier.verify(directory: folder)
        #expect(edited.status == .fails)
        #expect(edited.text.contains("describe-security-groups.json has changed since the proof was written"), "\(edited.text)")

        try original.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(ProofSupport.verifier.verify(directory: folder).status == .holds, "restored")

        try ProofSupport.write(snapshot, "describe-nat-gateways.json", #"{"NatGateways": []}"#)
        let added = ProofSupport.verifier.verify(directory: folder)
        #expect(added.status == .fails)
        #expect(added.text.contains("describe-nat-gateways.json is new"), "\(added.text)")
        try FileManager.default.removeItem(atPath: "\(snapshot)/describe-nat-gateways.json")

        try FileManager.default.removeItem(atPath: "\(snapshot)/describe-route-tables.json")
        let removed = ProofSupport.verifier.verify(directory: folder)
        #expect(removed.status == .fails)
        #expect(removed.text.contains("describe-route-tables.json is missing"), "\(removed.text)")
    }

    @Test func unreadableProofsAreBadInput() throws {
        #expect(ProofSupport.verifier.verify(directory: "/nonexistent/proof").status == .badInput)
        let empty = Temporary.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let nothing = ProofSupport.verifier.verify(directory: empty)
        #expect(nothing.status == .badInput)
        #expect(nothing.text.contains("holds no proof"))

        let (_, _, claim) = try ProofSupport.export(Fixtures.seed("05-routes-sg-blocks-icmp"), Self.ping)
        defer { try? FileManager.default.removeItem(atPath: claim) }
        let manifest = try ProofSupport.read(claim, ProofDocument.manifestFile)
        try ProofSupport.write(claim, ProofDocument.manifestFile, String(manifest.prefix(200)))
        let garbled = ProofSupport.verifier.verify(directory: claim)
        #expect(garbled.status == .badInput)
        #expect(garbled.text.contains("manifest.json is not a PathProof manifest"), "\(garbled.text)")
        try ProofSupport.write(claim, ProofDocument.manifestFile, manifest)
        let script = try ProofSupport.read(claim, ProofDocument.claimFile)
        try ProofSupport.write(claim, ProofDocument.claimFile, String(script.dropLast(20)))
        let cut = ProofSupport.verifier.verify(directory: claim)
        #expect(cut.status == .badInput)
        #expect(cut.text.contains("claim.smt2 is not SMT-LIB2"), "\(cut.text)")

        let (_, _, witness) = try ProofSupport.export(Fixtures.seed("06-ping-works"), Self.ping)
        defer { try? FileManager.default.removeItem(atPath: witness) }
        try ProofSupport.write(witness, ProofDocument.witnessFile, #"{"format": "pathproof-witness 1"}"#)
        let incomplete = ProofSupport.verifier.verify(directory: witness)
        #expect(incomplete.status == .badInput)
        #expect(incomplete.text.contains("witness.json is not a PathProof witness: missing"), "\(incomplete.text)")
    }

    @Test func aMissingCVC5IsBadInputNeverAPass() throws {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed("05-routes-sg-blocks-icmp"), Self.ping)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let verification = ProofVerifier(cvc5: nil, loadSnapshot: ProofSupport.load).verify(directory: folder)
        #expect(verification.status == .badInput)
        #expect(verification.text.contains("cvc5 is not installed"))
        #expect(verification.text.contains("apt-get install cvc5"))
    }
}

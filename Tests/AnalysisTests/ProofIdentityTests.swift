import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// A proof's identity binds its claim to what was proved: the manifest (verdict, claim, query, constants), the
/// SMT-LIB2 text and the witness are hashed together into `identity.txt`, and any edit of one fails `verify`.
@Suite struct ProofIdentityTests {
    static let ping = SeedLab.ping

    /// Replaces the first match of a regular expression.
    private static func edit(_ folder: String, _ name: String, _ pattern: String, _ replacement: String) throws {
        let text = try ProofSupport.read(folder, name)
        let range = try #require(text.range(of: pattern, options: .regularExpression), "\(pattern) in \(name)")
        try ProofSupport.write(folder, name, text.replacingCharacters(in: range, with: replacement))
    }

    /// Writes the identity again over the edited files, as a forger would: the claim's own checks must still fail.
    private static func reidentify(_ folder: String, _ names: [String]) throws {
        let files = try names.map { ($0, Array(try ProofSupport.read(folder, $0).utf8)) }
        try ProofSupport.write(folder, ProofIdentity.file, ProofIdentity.text(files))
    }

    private static func claimFolder() throws -> String {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed("05-routes-sg-blocks-icmp"), ping)
        #expect(ProofSupport.verifier.verify(directory: folder).status == .holds, "before the edit")
        return folder
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func anUntouchedProofHoldsAndNamesItsIdentity() throws {
        let folder = try Self.claimFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let identity = try ProofSupport.read(folder, ProofIdentity.file)
        #expect(identity.hasPrefix("sha256:") && identity.contains("covers: claim.smt2, manifest.json"))
        let verification = ProofSupport.verifier.verify(directory: folder)
        #expect(verification.text.contains("Identity: sha256:"), "\(verification.text)")
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func editingTheVerdictFails() throws {
        let folder = try Self.claimFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.edit(folder, ProofDocument.manifestFile, #""verdict" *: *"unreachable""#, #""verdict" : "reachable""#)
        let edited = ProofSupport.verifier.verify(directory: folder)
        #expect(edited.status == .fails, "\(edited.text)")
        #expect(edited.text.contains("Identity: claim.smt2, manifest.json changed after the proof was written"), "\(edited.text)")
        try Self.reidentify(folder, [ProofDocument.claimFile, ProofDocument.manifestFile])
        let forged = ProofSupport.verifier.verify(directory: folder)
        #expect(forged.status == .fails, "\(forged.text)")
        #expect(forged.text.contains(#"Verdict: the manifest says "reachable""#), "\(forged.text)")
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func editingTheClaimSentenceFails() throws {
        let folder = try Self.claimFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.edit(folder, ProofDocument.manifestFile, #""claim" *: *"[^"]*""#, #""claim" : "every packet of this query gets through""#)
        try Self.reidentify(folder, [ProofDocument.claimFile, ProofDocument.manifestFile])
        let forged = ProofSupport.verifier.verify(directory: folder)
        #expect(forged.status == .fails, "\(forged.text)")
        #expect(forged.text.contains(#"Claim: the manifest states "every packet of this query gets through""#), "\(forged.text)")
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func editingAConstantFails() throws {
        let folder = try Self.claimFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.edit(folder, ProofDocument.manifestFile, #""sentence" *: *"[^"]*""#, #""sentence" : "the security group allows it""#)
        let edited = ProofSupport.verifier.verify(directory: folder)
        #expect(edited.status == .fails, "\(edited.text)")
        #expect(edited.text.contains("Identity: claim.smt2, manifest.json changed after the proof was written"), "\(edited.text)")
    }

    @Test(.enabled(if: ProofSupport.cvc5 != nil, Comment(rawValue: ProofSupport.cvc5Missing)))
    func editingTheSMTTextFails() throws {
        let folder = try Self.claimFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A comment only: the script is still the claim its manifest describes, and cvc5 still answers unsat.
        let script = try ProofSupport.read(folder, ProofDocument.claimFile)
        try ProofSupport.write(folder, ProofDocument.claimFile, "; reviewed\n" + script)
        let edited = ProofSupport.verifier.verify(directory: folder)
        #expect(edited.status == .fails, "\(edited.text)")
        #expect(edited.text.contains(": unsat (Z3"), "\(edited.text)")
        #expect(edited.text.contains("Identity: claim.smt2, manifest.json changed after the proof was written"), "\(edited.text)")
        try FileManager.default.removeItem(atPath: folder + "/" + ProofIdentity.file)
        let missing = ProofSupport.verifier.verify(directory: folder)
        #expect(missing.status == .fails)
        #expect(missing.text.contains("identity.txt is missing"), "\(missing.text)")
    }

    @Test func editingTheWitnessFails() throws {
        let (_, _, folder) = try ProofSupport.export(Fixtures.seed("06-ping-works"), Self.ping)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(ProofSupport.verifier.verify(directory: folder).status == .holds, "before the edit")
        // A field the replay does not read: only the identity notices.
        try Self.edit(folder, ProofDocument.witnessFile, #""z3Version" *: *"[^"]*""#, #""z3Version" : "0.0.1""#)
        let edited = ProofSupport.verifier.verify(directory: folder)
        #expect(edited.status == .fails, "\(edited.text)")
        #expect(edited.text.contains("Identity: witness.json changed after the proof was written"), "\(edited.text)")
        try Self.edit(folder, ProofDocument.witnessFile, #""verdict" *: *"reachable""#, #""verdict" : "unreachable""#)
        try Self.reidentify(folder, [ProofDocument.witnessFile])
        let forged = ProofSupport.verifier.verify(directory: folder)
        #expect(forged.status == .fails, "\(forged.text)")
        #expect(forged.text.contains(#"Verdict: the witness says "unreachable""#), "\(forged.text)")
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import Questions
import SMT
import Testing

/// Exporting and verifying proofs of seed queries, for the proof tests.
public enum ProofSupport {
    public static let cvc5 = ProofVerifier.executable(named: "cvc5")
    public static let cvc5Missing = "cvc5 is not installed (apt-get install cvc5): the claim cannot be checked independently"

    /// The seed lab's cases whose answer is reachable (proved by a witness) and unreachable (proved by a claim).
    public static let witnessCases = StageLab.seed.reachableCases
    public static let claimCases = StageLab.seed.unreachableCases

    public static func load(_ directory: String) throws -> (network: Network, files: [String]) {
        let snapshot = try SnapshotReader.load(directory: directory)
        return (snapshot.network, snapshot.files)
    }

    public static let verifier = ProofVerifier(loadSnapshot: load)

    /// Answers `query` on the snapshot in `directory` and writes its proof to a fresh folder.
    public static func export(_ directory: String, _ query: String, oneWay: Bool = false) throws -> (QuestionResult, ProofDocument, String) {
        let (network, files) = try load(directory)
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask(query, oneWay: oneWay)
        let record = try ProofSnapshotRecord.make(directory: directory, files: files)
        let document = try #require(try questions.proof(for: result, snapshot: record), "\(query): the answer is \(result.answer.verdict)")
        let folder = Temporary.path("proof")
        try document.write(to: folder)
        return (result, document, folder)
    }

    /// Copies a seed stage to a temporary folder that a test may edit.
    public static func copyOfSeed(_ stage: String) throws -> String {
        let copy = Temporary.path("snapshot")
        try FileManager.default.copyItem(atPath: Fixtures.seed(stage), toPath: copy)
        return copy
    }

    public static func read(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
    }

    public static func write(_ folder: String, _ name: String, _ text: String) throws {
        try text.write(toFile: "\(folder)/\(name)", atomically: true, encoding: .utf8)
    }

    public static func manifest(_ folder: String) throws -> ProofManifest {
        try JSONDecoder().decode(ProofManifest.self, from: Data(try read(folder, ProofDocument.manifestFile).utf8))
    }

    /// The claim without the definitions of these constants (every other form kept, comments dropped).
    public static func claim(_ script: String, removingDefinitionsOf names: Set<String>) throws -> String {
        try SMTLIB2Text.forms(script).filter { form in
            guard form.expression.head == "assert", let body = form.expression.elements?.last else { return true }
            var core = body
            while core.head == "let", let elements = core.elements, elements.count == 3 { core = elements[2] }
            guard core.head == "=", let name = core.elements?[1].symbol else { return true }
            return !names.contains(name)
        }.map(\.text).joined(separator: "\n") + "\n"
    }

    /// The names of the constants in the groups of the answer's blockers.
    public static func blockingConstants(_ manifest: ProofManifest) -> Set<String> {
        let groups = Set(manifest.blockers.compactMap(\.group))
        return Set(manifest.groups.filter { groups.contains($0.id) }.flatMap(\.constants))
    }
}

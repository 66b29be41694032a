import Analysis
import ArgumentParser
import AWSSnapshot
import Foundation
import NetworkModel
import Questions
import TerraformPlan

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check a proof written by `pathproof query --proof DIR`, independently of Z3.",
        discussion: """
        An unreachable answer's claim (claim.smt2 with manifest.json) is checked with cvc5, which must answer \
        unsat; a reachable answer's witness (witness.json) is replayed hop by hop through the concrete packet \
        walker. Either way the snapshot must be unchanged: the same files, with the SHA-256 digests the proof \
        records (and, for a proof made with --terraform, the same Terraform plan or state).

        Exit status: 0 the proof holds, 1 it does not hold, 2 bad input (no readable proof in DIR, or cvc5 is \
        not installed).
        """
    )

    @Argument(help: "The proof folder written by `pathproof query --proof DIR`.")
    var directory: String

    func run() throws {
        let verifier = ProofVerifier(loadSnapshot: loadSnapshotForProof, loadTerraform: loadTerraformForProof)
        let verification = verifier.verify(directory: directory)
        switch verification.status {
        case .holds:
            print(verification.text)
        case .fails:
            print(verification.text)
            throw ExitCode(1)
        case .badInput:
            printError(verification.text)
            throw ExitCode(ExitStatus.badInput)
        }
    }
}

/// Reads a snapshot for `verify`: its network and the files read.
func loadSnapshotForProof(_ directory: String) throws -> (network: Network, files: [String]) {
    let snapshot = try SnapshotReader.load(directory: directory)
    return (snapshot.network, snapshot.files)
}

/// `pathproof query --proof DIR`: writes the proof of the answer (nothing for an unknown answer, and says so).
func writeProof(of result: QuestionResult, questions: ReachabilityQuestions, snapshot: Snapshot, snapshotDirectory: String,
                to directory: String) throws {
    let record: ProofSnapshotRecord
    do {
        record = try ProofSnapshotRecord.make(directory: snapshotDirectory, files: snapshot.files)
    } catch {
        fail("cannot hash the snapshot files for the proof: \(error.localizedDescription)")
    }
    try writeProof(of: result, questions: questions, record: record, to: directory)
}

/// `pathproof query --terraform FILE [--snapshot DIR] --proof DIR`: the proof of the answer on the network after
/// apply, binding the Terraform file (and the snapshot's files) by SHA-256; none, UNKNOWN said (exit 3), when an
/// address AWS assigns at apply decides what the proof would show.
func writeTerraformProof(of result: QuestionResult, questions: ReachabilityQuestions, input: LoadedInput, terraform: TerraformNetwork,
                         to directory: String) throws {
    if case .unknown = result.answer.verdict {} else if let reason = TerraformProof.refusal(terraform)
        ?? (result.answer.verdict == .reachable ? TerraformProof.refusal(result.answer, terraform, network: input.network) : nil) {
        printError("proof: nothing written to \(directory): UNKNOWN: \(reason)")
        throw ExitCode(ExitStatus.unknown)
    }
    let record: ProofSnapshotRecord
    do {
        record = try TerraformProof.record(terraform, snapshotDirectory: terraform.snapshotDirectory)
    } catch {
        fail("cannot hash the Terraform file or the snapshot files for the proof: \(error.localizedDescription)")
    }
    try writeProof(of: result, questions: questions, record: record, to: directory)
}

private func writeProof(of result: QuestionResult, questions: ReachabilityQuestions, record: ProofSnapshotRecord, to directory: String) throws {
    let document: ProofDocument?
    do {
        document = try questions.proof(for: result, snapshot: record)
    } catch {
        printError("error: no proof written: \(error)")
        throw ExitCode(ExitStatus.unknown)
    }
    guard let document else {
        printError("proof: nothing written to \(directory): the answer is unknown, so there is nothing to prove")
        return
    }
    let paths: [String]
    do {
        paths = try document.write(to: directory)
    } catch {
        fail("cannot write the proof to \(directory): \(error.localizedDescription)")
    }
    let names = paths.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
    printError("proof: wrote \(names) to \(directory) (check it with `pathproof verify \(directory)`)")
}

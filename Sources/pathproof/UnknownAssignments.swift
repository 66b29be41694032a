import Foundation
import ArgumentParser
import AWSSnapshot
import Analysis
import NetworkModel
import Questions
import TerraformPlan

/// A private address unknown until apply stands as one address of its subnet. When prefixes the network mentions
/// split the subnet, the command's answer is computed again with one address of every other class (one unknown
/// address at a time, `TerraformNetwork.otherAssignments`): if every assignment answers alike, the answer holds for
/// every address AWS may assign; if not, it is UNKNOWN, naming the address and the assignments that disagree.
/// Returns that reason, or nil.
func assignmentDependence<Answer: Equatable>(_ input: LoadedInput, chosen: Answer, describe: (Answer) -> String = { "\($0)" },
                                             _ answer: (Network) throws -> Answer) throws -> String? {
    guard let terraform = input.terraform, terraform.hasAlternativeAssignments else { return nil }
    let others: [AddressAssignment]
    do {
        others = try terraform.otherAssignments()
    } catch {
        fail("\(error)")
    }
    for other in others {
        let alternative = try answer(other.network.after.network)
        if alternative != chosen { return other.dependence(chosenAnswer: describe(chosen), alternativeAnswer: describe(alternative)) }
    }
    return nil
}

/// `query`: the verdict on every assignment.
func assignmentDependence(of result: QuestionResult, query: String, oneWay: Bool, timeout: UInt32, input: LoadedInput) throws -> String? {
    try assignmentDependence(input, chosen: result.answer.verdict.name) { network in
        try ReachabilityQuestions(network: network, timeoutMilliseconds: timeout).ask(query, oneWay: oneWay).answer.verdict.name
    }
}

/// Reports an answer that depends on an assignment: UNKNOWN naming it (on standard error too), then the answer for
/// the first representative, said to be only that; exit status 3.
func reportAssignmentDependence(_ reason: String, text: Bool, output: () -> Void) throws -> Never {
    // Written straight to the file, so that it comes before an output that is too (a streamed matrix).
    if text { FileHandle.standardOutput.write(Data("UNKNOWN: \(reason)\nThe answers for the first of these assignments only:\n".utf8)) }
    output()
    printError("unknown: \(reason)")
    throw ExitCode(ExitStatus.unknown)
}

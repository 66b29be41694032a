import AWSSnapshot
import Analysis
import NetworkModel
import Questions
import TerraformPlan

/// A private address unknown until apply stands as one address of its subnet. When prefixes the network mentions
/// split the subnet, the question is asked again with one address of every other class (one unknown address at a
/// time): if every assignment answers alike, the answer holds for every address AWS may assign; if not, the
/// answer is UNKNOWN, naming the address and the assignments that disagree. Returns that reason, or nil.
func assignmentDependence(of result: QuestionResult, query: String, oneWay: Bool, timeout: UInt32,
                          snapshot: String?, terraform file: String?, input: LoadedInput) throws -> String? {
    guard let file, let terraform = input.terraform else { return nil }
    for unknown in terraform.unknownAddresses where unknown.alternatives.count > 1 {
        guard let chosen = unknown.representative else { continue }
        for alternative in unknown.alternatives where alternative != chosen {
            let other = try readAssigned(file: file, snapshot: snapshot, label: unknown.label, address: alternative)
            let answer = try ReachabilityQuestions(network: other.after.network, timeoutMilliseconds: timeout).ask(query, oneWay: oneWay)
            if answer.answer.verdict.name != result.answer.verdict.name {
                return "the answer depends on the address AWS assigns to \(unknown.label) in \(unknown.subnetCIDR?.description ?? unknown.subnet) "
                    + "(split by \(unknown.splittingPrefixes.map(\.description).joined(separator: ", "))): "
                    + "with \(chosen) it is \(result.answer.verdict.name), with \(alternative) it is \(answer.answer.verdict.name)"
            }
        }
    }
    return nil
}

private func readAssigned(file: String, snapshot: String?, label: String, address: IPAddress) throws -> TerraformNetwork {
    do {
        return try TerraformReader.load(file: file, snapshotDirectory: snapshot, assignments: [label: address])
    } catch {
        fail("\(error)")
    }
}

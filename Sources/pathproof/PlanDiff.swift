import Analysis
import ArgumentParser
import AWSSnapshot
import Foundation
import NetworkModel
import Questions
import TerraformPlan

/// `diff --terraform plan.json [--snapshot DIR]`: what the plan changes, before `apply`. The instance pairs whose
/// reachability changes (with witness or blockers), and the instances whose exposure to the internet changes (with
/// the ports). Exit status 1 when anything changes, 0 when nothing does, 3 when an answer is unknown.
func runPlanDiff(terraform file: String, snapshot directory: String?, traffic: TrafficSpec, comparePorts: Bool,
                 checks: [String] = [], options: DiffOptions) throws {
    let input = loadInput(snapshot: directory, terraform: file, quiet: options.quiet)
    guard let terraform = input.terraform else { return }
    let before = terraform.before?.network ?? Network()
    let after = input.network
    let diff = try analyse { try SnapshotDiff(old: before, new: after, traffic: traffic, comparePorts: comparePorts, oneWay: options.oneWay) }
    let exposure = diff.exposureChanges
    let flips = try assertionFlips(checks, before: before, after: after)
    let name = { (id: String) -> String in
        guard let address = terraform.addresses[id], address != id else { return id }
        return "\(id) (\(address))"
    }
    // An address unknown until apply: the comparison is made again with each other class's address.
    let summary = { (diff: SnapshotDiff, flips: [AssertionFlip]) in
        diff.changes.map { "\($0.from) → \($0.to): \($0.before.name) → \($0.after.name)" }
            + diff.exposureChanges.map { "\($0.instanceID) exposure: \($0.beforeText) → \($0.afterText)" }
            + flips.map { "\($0.assertion): \($0.before) → \($0.after)" }
    }
    let dependence = try assignmentDependence(input, chosen: summary(diff, flips), describe: { $0.isEmpty ? "no change" : $0.joined(separator: "; ") }, { other in
        summary(try analyse { try SnapshotDiff(old: before, new: other, traffic: traffic, comparePorts: comparePorts, oneWay: options.oneWay) },
                try assertionFlips(checks, before: before, after: other))
    })
    if let dependence {
        if options.format == .text { print("UNKNOWN: \(dependence)\nThe changes for the first of these assignments only:") }
        printError("unknown: \(dependence)")
    }
    let unknown = dependence != nil || diff.changes.contains { change in
        if case .unknown = change.after { return true }
        return false
    } || !diff.unknownExposureAfter.isEmpty
    switch options.format {
    case .sarif, .junit:
        let title = "\(file) over \(directory ?? (terraform.before == nil ? "an empty network" : "its prior state"))"
        let report = DiffReport(diff, title: title, location: .init(path: file), name: name, extra: flips.map { flip in
            DiffReport.Finding(kind: .assertion, subject: "\(flip.file) \(flip.assertion)",
                               message: "\(flip.assertion): \(flip.before) → \(flip.after)\n\(flip.explanation)",
                               unknown: flip.after == "unknown", location: .init(path: flip.file, line: flip.line, column: flip.column))
        })
        print(options.format == .sarif ? report.sarif() : report.junit())
    case .markdown:
        var text = diff.markdown(traffic: traffic, network: after)
        for flip in flips { text += "\n\n`\(MarkdownRendering.code(flip.file))`: `\(MarkdownRendering.code(flip.assertion))`: \(flip.before) → \(flip.after)" }
        print(text)
    case .json:
        printJSON(PlanDiffJSON(
            before: directory ?? (terraform.before == nil ? "empty" : "\(file) (prior_state)"), after: file,
            changes: diff.changes.map { change in
                PlanDiffJSON.Change(from: change.from, to: change.to, fromTerraform: terraform.addresses[change.from],
                                    toTerraform: terraform.addresses[change.to], before: change.before.name, after: change.after.name,
                                    witness: change.answer?.answer.packet?.description,
                                    blockers: change.answer?.answer.verdict == .unreachable ? change.answer?.answer.blockers.map(\.description) : nil)
            },
            exposure: exposure.map { PlanDiffJSON.Exposure(instance: $0.instanceID, terraform: terraform.addresses[$0.instanceID],
                                                           family: $0.family.description, before: $0.beforeText, after: $0.afterText) },
            assertions: flips.map { PlanDiffJSON.Flip(file: $0.file, assertion: $0.assertion, before: $0.before, after: $0.after,
                                                      explanation: $0.explanation) },
            warnings: terraform.warnings.map(\.message)))
    case .text:
        print("Plan \(file) over \(directory ?? (terraform.before == nil ? "an empty network" : "its prior state")):")
        if diff.changes.isEmpty { print("No change in \(traffic) reachability across \(diff.comparedPairs) instance pairs.") }
        for change in diff.changes {
            print("\(name(change.from)) → \(name(change.to)): \(change.before.name) → \(change.after.name)")
            guard let answer = change.answer?.answer else { continue }
            if answer.verdict == .reachable, let packet = answer.packet {
                print("  witness: \(packet)")
                for hop in answer.forward?.hops ?? [] { print("    \(hop)") }
            }
            for blocker in answer.blockers { print("  blocked: [\(blocker.code)] \(name(blocker.component)): \(blocker.message)") }
        }
        if exposure.isEmpty {
            print("No change in what the internet reaches.")
        } else {
            print("Exposure to the internet:")
            for entry in exposure { print("  \(name(entry.instanceID)) (\(entry.family)): \(entry.beforeText) → \(entry.afterText)") }
        }
        for flip in flips {
            print("\(flip.file): \(flip.assertion): \(flip.before) → \(flip.after)")
            for line in flip.explanation.split(separator: "\n") { print("  \(line)") }
        }
        if !diff.onlyBefore.isEmpty { print("Only before apply: \(diff.onlyBefore.map(name).joined(separator: ", "))") }
        if !diff.onlyAfter.isEmpty { print("Only after apply: \(diff.onlyAfter.map(name).joined(separator: ", "))") }
        let legend = terraformLegend(diff.changes.flatMap { $0.answer.map { AnswerRendering.text($0) } ?? "" }.joined(), terraform)
        if !legend.isEmpty { print("Terraform:\n" + legend.map { "  \($0.id) = \($0.address)" }.joined(separator: "\n")) }
    }
    if unknown { throw ExitCode(ExitStatus.unknown) }
    if !diff.changes.isEmpty || !exposure.isEmpty || !flips.isEmpty || !diff.onlyBefore.isEmpty || !diff.onlyAfter.isEmpty { throw ExitCode(1) }
}

struct PlanDiffJSON: Encodable {
    struct Change: Encodable {
        let from: String
        let to: String
        let fromTerraform: String?
        let toTerraform: String?
        let before: String
        let after: String
        let witness: String?
        let blockers: [String]?
    }
    struct Exposure: Encodable {
        let instance: String
        let terraform: String?
        let family: String
        let before: String
        let after: String
    }
    let before: String
    let after: String
    let changes: [Change]
    struct Flip: Encodable {
        let file: String
        let assertion: String
        let before: String
        let after: String
        let explanation: String
    }
    let exposure: [Exposure]
    let assertions: [Flip]
    let warnings: [String]
}

/// An assertion of a `.reach` file whose answer the plan changes.
struct AssertionFlip {
    let file: String
    let assertion: String
    let before: String
    let after: String
    let explanation: String
    /// Where the assertion is written in its file.
    let line: Int
    let column: Int
}

/// The assertions of the files whose status (holds, violated, unknown) differs before and after apply.
func assertionFlips(_ paths: [String], before: Network, after: Network) throws -> [AssertionFlip] {
    guard !paths.isEmpty else { return [] }
    var flips: [AssertionFlip] = []
    let old = QueryFileChecker(network: before), new = QueryFileChecker(network: after)
    for path in paths {
        do {
            let file = try QueryFile.parse(path: path)
            let then = try old.check(file), now = try new.check(file)
            for (a, b) in zip(then, now) where a.status.name != b.status.name {
                flips.append(AssertionFlip(file: path, assertion: b.assertion.description, before: a.status.name, after: b.status.name,
                                           explanation: b.explanation, line: b.assertion.location.line, column: b.assertion.location.column))
            }
        } catch {
            fail("\(error)")
        }
    }
    return flips
}

import Analysis
import ArgumentParser
import Foundation
import NetworkModel
import Questions

/// Options every whole-network command shares.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var age: SnapshotAgeOption

    @Option(name: .long, help: "Answer format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Forward path only: do not require the response to get back.")
    var oneWay = false

    @Flag(name: .long, help: "Do not print snapshot warnings.")
    var quiet = false
}

func parseTraffic(_ text: String) -> TrafficSpec {
    do { return try TrafficSpecText.parse(text) } catch { fail("--on: \(error)") }
}

func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { fail("could not encode the answer") }
    print(String(decoding: data, as: UTF8.self))
}

/// Runs an analysis; internal errors (solver, disagreement) exit with status 3. A query error (an unknown
/// endpoint) is bad input, also printed as a JSON error object with `json`.
func analyse<T>(json: Bool = false, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as QueryError {
        if json { print(jsonError(file: nil, jsonPath: nil, message: error.message)) }
        fail(error.message)
    } catch {
        printError("error: \(error)")
        throw ExitCode(ExitStatus.unknown)
    }
}

struct PortsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ports",
        abstract: "List every protocol and port on which A reaches B, proved complete.",
        usage: "pathproof ports [<options>] --snapshot <snapshot> <from> <to>",
        discussion: "A and B are endpoints as in `pathproof query` (A may be `internet`).")

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files.") var snapshot: String?
    @Option(name: .long, help: "A `terraform show -json` plan or state; with --snapshot, the plan applied to the snapshot.") var terraform: String?
    @OptionGroup var options: AnalysisOptions
    @Argument(help: "The source.") var from: String
    @Argument(help: "The destination.") var to: String

    func run() throws {
        let input = loadInput(snapshot: snapshot, terraform: terraform, quiet: options.quiet, json: options.format == .json)
        let network = input.network
        let resolver = EndpointResolver(network: network)
        let (source, destination) = try analyse(json: options.format == .json) { let source = try resolver.resolve(from); return (source, try resolver.resolveDestination(to, from: source)) }
        let query = TrafficQuery(sources: resolver.sources(source), destinations: resolver.destinations(destination, fromInternet: source.isInternet),
                                 traffic: .anyProtocol, oneWay: options.oneWay, family: source.literalFamily ?? destination.literalFamily ?? .ipv4)
        let started = Date()
        let survey = try analyse { try PortSurvey.survey(ReachabilityEngine(network: network).session(query), network: network) }
        let milliseconds = Date().timeIntervalSince(started) * 1000
        let output = {
            switch options.format {
            case .text:
                print(SurveyRendering.portsText(from: source.label, to: destination.label, oneWay: options.oneWay, survey: survey, milliseconds: milliseconds))
            case .json:
                printJSON(SurveyRendering.PortsJSON(from: source.label, to: destination.label, survey: survey, milliseconds: milliseconds))
            }
        }
        if survey.unknown.isEmpty, let reason = try assignmentDependence(input, chosen: survey.description, { other in
            let resolver = EndpointResolver(network: other)
            let (source, destination) = try analyse { (try resolver.resolve(from), try resolver.resolve(to)) }
            let query = TrafficQuery(sources: resolver.sources(source), destinations: resolver.destinations(destination, fromInternet: source.isInternet),
                                     traffic: .anyProtocol, oneWay: options.oneWay, family: source.literalFamily ?? destination.literalFamily ?? .ipv4)
            return try analyse { try PortSurvey.survey(ReachabilityEngine(network: other).session(query), network: other) }.description
        }) {
            try reportAssignmentDependence(reason, text: options.format == .text, output: output)
        }
        output()
        if !survey.unknown.isEmpty { throw ExitCode(ExitStatus.unknown) }
    }
}

struct ExposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exposure",
        abstract: "Every instance reachable from the internet, with protocols and ports.",
        usage: "pathproof exposure [<options>] --snapshot <snapshot>")

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files.") var snapshot: String?
    @Option(name: .long, help: "A `terraform show -json` plan or state; with --snapshot, the plan applied to the snapshot.") var terraform: String?
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let input = loadInput(snapshot: snapshot, terraform: terraform, quiet: options.quiet, json: options.format == .json)
        let network = input.network
        let engine = ReachabilityEngine(network: network)
        let progress = ProgressLine.standardError(quiet: options.quiet)
        let exposure = try analyse {
            try Exposure(network: network, oneWay: options.oneWay, engine: engine) { done, total in
                progress.update("exposure", done: done, of: total, "instance classes and families surveyed")
            }
        }
        progress.clear()
        let sources = try analyse { try SurveyRendering.exposureSources(exposure, network: network, engine: engine, oneWay: options.oneWay) }
        let output = {
            switch options.format {
            case .json: printJSON(SurveyRendering.ExposureJSON(exposure, sources: sources))
            case .text: print(SurveyRendering.exposureText(exposure, oneWay: options.oneWay, sources: sources))
            }
        }
        let exposed = { (exposure: Exposure) in exposure.exposed.map { "\($0.instanceID): \($0.ports)" } }
        if exposure.unknown.isEmpty, let reason = try assignmentDependence(input, chosen: exposed(exposure), describe: { $0.isEmpty ? "nothing exposed" : $0.joined(separator: "; ") }, { other in
            exposed(try analyse { try Exposure(network: other, oneWay: options.oneWay) })
        }) {
            try reportAssignmentDependence(reason, text: options.format == .text, output: output)
        }
        output()
        if !exposure.unknown.isEmpty { throw ExitCode(ExitStatus.unknown) }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What reachability changed between two snapshots (instance pairs, ports, exposure to the internet), or under a Terraform plan.",
        usage: "pathproof diff [<options>] <old> <new>\npathproof diff [<options>] --terraform <plan> [--snapshot <snapshot>]",
        discussion: """
        `diff OLD NEW` compares two snapshot folders: every instance pair on one kind of traffic (--on), and every \
        instance's exposure to the internet (the protocols and ports the internet reaches it on). \
        `diff --terraform plan.json [--snapshot DIR]` compares the network before the plan (the snapshot, or the \
        plan's prior state) with the network after it is applied, in the same way. Exit status: 0 nothing changed, \
        1 reachability changed (for CI: fail the pull request that breaks something), 2 bad input, 3 unknown.
        """)

    @Argument(help: "The old snapshot folder.") var old: String?
    @Argument(help: "The new snapshot folder.") var new: String?
    @Option(name: .long, help: "With --terraform: the snapshot the plan applies to (the network before it).") var snapshot: String?
    @Option(name: .long, help: "A `terraform show -json` plan: compare before and after apply.") var terraform: String?
    @Option(name: .long, help: "With --terraform: a .reach file whose assertions are checked before and after apply (repeatable).")
    var check: [String] = []
    @Option(name: .long, help: "The traffic: ping (default), icmp, tcp/PORT, udp/PORT, proto/N or any.") var on: String = "ping"
    @Flag(name: .long, help: "Also compare, for every pair, the protocols and ports it reaches.") var ports = false
    @OptionGroup var options: DiffOptions

    struct PairJSON: Encodable { let from: String; let to: String }
    struct ChangeJSON: Encodable {
        let pair: PairJSON
        let traffic: String
        let before: String
        let after: String
        let witness: [String: String]?
        let blockers: [String]?
        let portsBefore: String?
        let portsAfter: String?
    }
    struct ExposureChangeJSON: Encodable {
        let instance: String
        let name: String?
        let family: String
        let before: String
        let after: String
    }
    struct DiffJSON: Encodable {
        let changed: Bool
        let traffic: String
        let comparedPairs: Int
        let changes: [ChangeJSON]
        let exposure: [ExposureChangeJSON]
        let onlyBefore: [String]
        let onlyAfter: [String]
    }

    static func json(_ diff: SnapshotDiff) -> DiffJSON {
        let traffic = diff.traffic.description
        return DiffJSON(
            changed: diff.hasChanges, traffic: traffic, comparedPairs: diff.comparedPairs,
            changes: diff.changes.map { change in
                ChangeJSON(pair: PairJSON(from: change.from, to: change.to), traffic: traffic,
                           before: change.before.name, after: change.after.name,
                           witness: change.answer?.answer.packet.map { ["packet": $0.description] },
                           blockers: change.answer?.answer.verdict == .unreachable ? change.answer?.answer.blockers.map(\.description) : nil,
                           portsBefore: change.portsBefore?.description, portsAfter: change.portsAfter?.description)
            },
            exposure: diff.exposureChanges.map { change in
                ExposureChangeJSON(instance: change.instanceID, name: change.name, family: change.family.rawValue,
                                   before: change.beforeText, after: change.afterText)
            },
            onlyBefore: diff.onlyBefore, onlyAfter: diff.onlyAfter)
    }

    func validate() throws {
        if terraform == nil, old == nil || new == nil { throw ValidationError("give OLD and NEW snapshot folders, or --terraform FILE") }
        if terraform != nil, old != nil { throw ValidationError("with --terraform, give the snapshot as --snapshot DIR, not as an argument") }
        if terraform == nil, snapshot != nil { throw ValidationError("--snapshot needs --terraform (or give OLD and NEW)") }
        if terraform == nil, !check.isEmpty { throw ValidationError("--check needs --terraform") }
    }

    func run() throws {
        if let terraform {
            try runPlanDiff(terraform: terraform, snapshot: snapshot, traffic: parseTraffic(on), comparePorts: ports, checks: check, options: options)
            return
        }
        guard let old, let new else { return }
        let before = loadNetwork(old, quiet: options.quiet, json: options.format == .json)
        let after = loadNetwork(new, quiet: options.quiet, json: options.format == .json)
        let traffic = parseTraffic(on)
        let diff = try analyse { try SnapshotDiff(old: before, new: after, traffic: traffic, comparePorts: ports, oneWay: options.oneWay) }
        switch options.format {
        case .markdown: print(diff.markdown(traffic: traffic, network: after))
        case .sarif: print(DiffReport(diff, title: "\(old) → \(new)", location: .init(path: new)).sarif())
        case .junit: print(DiffReport(diff, title: "\(old) → \(new)", location: .init(path: new)).junit())
        case .json:
            printJSON(Self.json(diff))
        case .text:
            if diff.changes.isEmpty { print("No change in \(traffic) reachability across \(diff.comparedPairs) instance pairs.") }
            for change in diff.changes {
                print("\(change.from) → \(change.to): \(change.before.name) → \(change.after.name)")
                if let ports = change.portsBefore, let now = change.portsAfter, ports.description != now.description {
                    print("  ports: \(ports) → \(now)")
                }
                guard let answer = change.answer?.answer else { continue }
                if answer.verdict == .reachable, let packet = answer.packet {
                    print("  witness: \(packet)")
                    for hop in answer.forward?.hops ?? [] { print("    \(hop)") }
                }
                for blocker in answer.blockers { print("  blocked: [\(blocker.code)] \(blocker.component): \(blocker.message)") }
            }
            if diff.exposureChanges.isEmpty {
                print("No change in what the internet reaches.")
            } else {
                print("Exposure to the internet:")
                for change in diff.exposureChanges {
                    let name = change.name.map { " (\(printable($0)))" } ?? ""
                    print("  \(change.instanceID)\(name) over \(change.family): \(change.beforeText) → \(change.afterText)")
                }
            }
            if !diff.onlyBefore.isEmpty { print("Only in the old snapshot: \(diff.onlyBefore.joined(separator: ", "))") }
            if !diff.onlyAfter.isEmpty { print("Only in the new snapshot: \(diff.onlyAfter.joined(separator: ", "))") }
        }
        if diff.hasChanges { throw ExitCode(1) }
    }
}

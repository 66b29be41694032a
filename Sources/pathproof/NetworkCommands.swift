import Analysis
import ArgumentParser
import Foundation
import NetworkModel
import Questions

/// Options every whole-network command shares.
struct AnalysisOptions: ParsableArguments {
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

/// Runs an analysis; internal errors (solver, disagreement) exit with status 3.
func analyse<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as QueryError { fail(error.message) } catch {
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
        let network = loadInput(snapshot: snapshot, terraform: terraform, quiet: options.quiet).network
        let resolver = EndpointResolver(network: network)
        let (source, destination) = try analyse { (try resolver.resolve(from), try resolver.resolve(to)) }
        let query = TrafficQuery(sources: resolver.sources(source), destinations: resolver.destinations(destination, fromInternet: source.isInternet),
                                 traffic: .anyProtocol, oneWay: options.oneWay, family: source.literalFamily ?? destination.literalFamily ?? .ipv4)
        let started = Date()
        let survey = try analyse { try PortSurvey.survey(ReachabilityEngine(network: network).session(query), network: network) }
        let milliseconds = Date().timeIntervalSince(started) * 1000
        switch options.format {
        case .text:
            print(SurveyRendering.portsText(from: source.label, to: destination.label, oneWay: options.oneWay, survey: survey, milliseconds: milliseconds))
        case .json:
            printJSON(SurveyRendering.PortsJSON(from: source.label, to: destination.label, survey: survey, milliseconds: milliseconds))
        }
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
        let network = loadInput(snapshot: snapshot, terraform: terraform, quiet: options.quiet).network
        let exposure = try analyse { try Exposure(network: network, oneWay: options.oneWay) }
        switch options.format {
        case .json: printJSON(SurveyRendering.ExposureJSON(exposure))
        case .text: print(SurveyRendering.exposureText(exposure, oneWay: options.oneWay))
        }
        if !exposure.unknown.isEmpty { throw ExitCode(ExitStatus.unknown) }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Which instance pairs became reachable or unreachable between two snapshots, or under a Terraform plan.",
        usage: "pathproof diff [<options>] <old> <new>\npathproof diff [<options>] --terraform <plan> [--snapshot <snapshot>]",
        discussion: """
        `diff OLD NEW` compares two snapshot folders. `diff --terraform plan.json [--snapshot DIR]` compares the \
        network before the plan (the snapshot, or the plan's prior state) with the network after it is applied, \
        and also which instances the internet reaches, on which ports; its exit status is 1 when the plan changes \
        anything, 0 when it changes nothing, 3 when an answer is unknown (for CI: fail the pull request that breaks \
        something).
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

    struct ChangeJSON: Encodable {
        let from: String
        let to: String
        let before: String
        let after: String
        let witness: [String: String]?
        let blockers: [String]?
        let portsBefore: String?
        let portsAfter: String?
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
        let before = loadNetwork(old, quiet: options.quiet)
        let after = loadNetwork(new, quiet: options.quiet)
        let traffic = parseTraffic(on)
        let diff = try analyse { try SnapshotDiff(old: before, new: after, traffic: traffic, comparePorts: ports) }
        switch options.format {
        case .markdown: print(diff.markdown(traffic: traffic, network: after))
        case .json:
            printJSON(diff.changes.map { change in
                ChangeJSON(from: change.from, to: change.to, before: change.before.name, after: change.after.name,
                           witness: change.answer?.answer.packet.map { ["packet": $0.description] },
                           blockers: change.answer?.answer.verdict == .unreachable ? change.answer?.answer.blockers.map(\.description) : nil,
                           portsBefore: change.portsBefore?.description, portsAfter: change.portsAfter?.description)
            })
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
            if !diff.onlyBefore.isEmpty { print("Only in the old snapshot: \(diff.onlyBefore.joined(separator: ", "))") }
            if !diff.onlyAfter.isEmpty { print("Only in the new snapshot: \(diff.onlyAfter.joined(separator: ", "))") }
        }
    }
}

import Analysis
import ArgumentParser
import Foundation
import NetworkModel
import Questions

struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Which instances reach which, for one kind of traffic.",
        usage: "pathproof matrix [<options>] --snapshot <snapshot>",
        discussion: """
        Instances the configuration cannot tell apart (same subnet, same security groups, same addressing) are solved \
        once as a class, on every core; ping and other single ICMP types are decided by walking the concrete echo \
        packets, other traffic by the solver. With --format json every pair's row is printed as soon as it is \
        decided. --by-class answers per pair of endpoint classes. --shard K/N answers for the source classes of \
        shard K (0 <= K < N) only; `pathproof merge` joins the N JSON outputs into the whole answer.
        """)

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files.") var snapshot: String?
    @Option(name: .long, help: "A `terraform show -json` plan or state; with --snapshot, the plan applied to the snapshot.") var terraform: String?
    @Option(name: .long, help: "The traffic: ping (default), icmp, tcp/PORT, udp/PORT, proto/N or any.") var on: String = "ping"
    @Flag(name: .customLong("by-class"), help: "Answer per pair of endpoint classes (instances the configuration cannot tell apart).")
    var byClass = false
    @Option(name: .long, help: ArgumentHelp("Answer for one part of the source classes: K of N (0 <= K < N), for `pathproof merge`.", valueName: "K/N"))
    var shard: String?
    @Option(name: .long, help: "Which engine decides a class pair: automatic (the packet walker where the traffic is concrete, else the solver) or solver.")
    var engine: String = MatrixEngine.automatic.rawValue
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if let shard { do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") } }
        guard MatrixEngine(rawValue: engine) != nil else { throw ValidationError("--engine must be automatic or solver, not \(engine)") }
    }

    func run() throws {
        let started = Date()
        let input = loadInput(snapshot: snapshot, terraform: terraform, quiet: options.quiet, json: options.format == .json)
        let network = input.network
        let traffic = parseTraffic(on)
        let part = try shard.map { try Shard(parsing: $0) }
        let cells = MatrixCells(network: network, traffic: traffic, oneWay: options.oneWay, engine: MatrixEngine(rawValue: engine) ?? .automatic, shard: part)
        let progress = ProgressLine.standardError(quiet: options.quiet)
        if progress.isEnabled {
            cells.progress = { decided, total in progress.update("matrix", done: decided, of: total, "source classes decided") }
        }
        defer { progress.clear() }
        // An address unknown until apply (Terraform): the matrix is asked again with each other class's address.
        let verdicts = { (network: Network) in
            try analyse { try ReachabilityMatrix(network: network, traffic: traffic, oneWay: options.oneWay) }.rows.map { "\($0.from) → \($0.to): \($0.verdict.name)" }
        }
        if input.terraform?.hasAlternativeAssignments == true,
           let reason = try assignmentDependence(input, chosen: try verdicts(network), describe: { $0.joined(separator: "; ") }, verdicts) {
            try reportAssignmentDependence(reason, text: options.format == .text, output: { _ = try? write(cells, network: network, part: part, started: started) })
        }
        if try write(cells, network: network, part: part, started: started) { throw ExitCode(ExitStatus.unknown) }
    }

    /// Writes the matrix as asked; true if some pair is unknown.
    private func write(_ cells: MatrixCells, network: Network, part: Shard?, started: Date) throws -> Bool {
        let unknown: Bool
        if byClass {
            unknown = try analyse { try MatrixByClass.write(cells, network: network, shard: part, json: options.format == .json, to: .standardOutput(), started: started) }
        } else {
            switch options.format {
            case .json:
                unknown = try analyse { try MatrixStream.writeJSON(cells, shard: part, to: .standardOutput(), started: started).unknown > 0 }
            case .text:
                unknown = try analyse { try MatrixText.render(cells, shard: part, to: .standardOutput(), started: started) }
            }
        }
        return unknown
    }
}

enum MatrixText {
    /// The grid for up to 40 instances, else the reachable pairs (the first 200) and the counts. True if some pair
    /// is unknown.
    static func render(_ cells: MatrixCells, shard: Shard?, to sink: ByteSink, started: Date) throws -> Bool {
        let instances = cells.instances
        let names = instances.map { $0.tags.name ?? $0.id }
        var lines = ["Reachability matrix for \(cells.traffic) (row reaches column: ✓ reachable, · unreachable, ? unknown)"
                     + (shard.map { ", shard \($0)" } ?? "")]
        let width = min(names.enumerated().map { "[\($0.offset + 1)] \($0.element)".count }.max() ?? 0, 48)
        func pad(_ text: String) -> String { text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count) }
        let grid = instances.count <= 40
        var cellsText: [[String]] = grid ? Array(repeating: Array(repeating: "  -", count: instances.count), count: instances.count) : []
        var reachable: [String] = []
        let counts: MatrixStream.Counts
        if grid {
            counts = try MatrixStream.forEachRowIndex(cells) { i, j, verdict in
                switch verdict {
                case .reachable: cellsText[i][j] = "  ✓"
                case .unreachable: cellsText[i][j] = "  ·"
                case .unknown: cellsText[i][j] = "  ?"
                }
            }
        } else {
            // Counted by class blocks; only the first reachable pairs are listed.
            counts = try MatrixStream.countRows(cells, listing: 201) { i, j in reachable.append("  \(instances[i].id) → \(instances[j].id)") }
        }
        if grid {
            for (i, name) in names.enumerated() { lines.append("  [\(i + 1)] \(name) (\(instances[i].id))") }
            lines.append(pad("") + "  " + names.indices.map { String(format: "%3d", $0 + 1) }.joined())
            for (i, name) in names.enumerated() { lines.append(pad("[\(i + 1)] \(name)") + "  " + cellsText[i].joined()) }
        } else {
            lines.append("\(counts.reachable) reachable pairs (use --format json for every pair):")
            lines += reachable.prefix(200)
            if counts.reachable > 200 { lines.append("  …") }
        }
        let milliseconds = Date().timeIntervalSince(started) * 1000
        lines.append(String(format: "%d instances in %d classes; %d of %d pairs reachable, %d unknown; %d class pairs solved in %.0f ms.",
                            instances.count, cells.classes.classes.count, counts.reachable, counts.pairs, counts.unknown,
                            cells.solvedPairs + cells.walkedPairs, milliseconds))
        sink.append(lines.joined(separator: "\n") + "\n")
        sink.flush()
        return counts.unknown > 0
    }
}

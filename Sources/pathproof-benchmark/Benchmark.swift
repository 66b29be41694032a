import Analysis
import ArgumentParser
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

/// PathProof's benchmark: generates a large network as describe-* JSON and times the main jobs on it.
/// Usage: pathproof-benchmark [VPCS [SUBNETS-PER-VPC [INSTANCES-PER-SUBNET]]] [--shape peering|transit] [--write DIR] [--no-matrix]
/// [--report [--report-out FILE]]
@main
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pathproof-benchmark",
        abstract: "Generate a large network as describe-* JSON and time PathProof's main jobs on it.",
        discussion: """
        The network has VPCS VPCs (default 100), each with SUBNETS-PER-VPC subnets (default 10) of \
        INSTANCES-PER-SUBNET instances (default 5): web, app and data tiers. With --shape peering (the default) the \
        VPCs peer hub-and-spoke with the first VPC; with --shape transit they are attached to one transit gateway \
        with segment route tables (shared, prod, dev), NAT gateways and security group references across VPCs. \
        The two single queries need two VPCs and the tiers they name; without them they are skipped. Every figure \
        is followed by the process's peak memory so far.

        Exit status: 0 done, 1 a job failed or gave an unexpected answer, 2 bad arguments.
        """
    )

    @Argument(help: ArgumentHelp("VPCS [SUBNETS-PER-VPC [INSTANCES-PER-SUBNET]]: the network's size (default 100 10 5).",
                                 valueName: "size"))
    var sizes: [Int] = []

    @Flag(name: .customLong("no-matrix"), help: "Skip the full ping matrix.")
    var noMatrix = false

    @Option(name: .customLong("matrix-engine"), help: ArgumentHelp("Who decides the matrix's class pairs: automatic (the packet walker for ping) or solver (every pair).",
                                                                   valueName: "automatic|solver"))
    var matrixEngine: String = MatrixEngine.automatic.rawValue

    @Option(name: .customLong("seed-lab"), help: "The seed lab stage timed as `pathproof serve` answers it (skipped when absent).")
    var seedLab = "Queries/seed/06-ping-works"

    @Option(name: .customLong("shape"), help: ArgumentHelp("How the VPCs are joined: peering (hub-and-spoke) or transit (a transit gateway organisation).",
                                                           valueName: "peering|transit"))
    var layout: String = SyntheticNetwork.Layout.peering.rawValue

    @Flag(name: .customLong("report"), help: "Also make `pathproof report`'s page of the network, and open it in headless Chromium when installed.")
    var report = false

    @Option(name: .customLong("report-out"), help: ArgumentHelp("With --report, keep the page in FILE.", valueName: "FILE"))
    var reportOut: String?

    @Option(name: .customLong("write"), help: ArgumentHelp("Keep the generated describe-* JSON in DIR (created if needed) instead of a temporary folder.",
                                                           valueName: "DIR"))
    var writeDirectory: String?

    @Option(name: .customLong("load"), help: ArgumentHelp("Only time loading the snapshot in DIR, phase by phase (nothing generated).",
                                                          valueName: "DIR"))
    var loadDirectory: String?

    @Option(name: .customLong("queries"), help: ArgumentHelp("Only time the two single queries on the snapshot in DIR (one load, each query asked --rounds times).",
                                                             valueName: "DIR"))
    var queriesDirectory: String?

    @Option(name: .customLong("rounds"), help: "With --queries, how many times each query is asked.")
    var rounds = 11

    /// The network's shape, from the sizes given.
    func shape() throws -> SyntheticNetwork {
        guard let layout = SyntheticNetwork.Layout(rawValue: layout) else {
            throw SyntheticNetwork.Error("--shape must be peering or transit, not \(layout)")
        }
        return try SyntheticNetwork(vpcs: sizes.count > 0 ? sizes[0] : 100, subnetsPerVPC: sizes.count > 1 ? sizes[1] : 10,
                                    instancesPerSubnet: sizes.count > 2 ? sizes[2] : 5, layout: layout)
    }

    func validate() throws {
        guard sizes.count <= 3 else { throw ValidationError("at most three sizes: VPCS SUBNETS-PER-VPC INSTANCES-PER-SUBNET") }
        do { _ = try shape() } catch let error as SyntheticNetwork.Error { throw ValidationError(error.description) }
        guard MatrixEngine(rawValue: matrixEngine) != nil else { throw ValidationError("--matrix-engine must be automatic or solver, not \(matrixEngine)") }
    }

    func run() throws {
        if let loadDirectory { return benchmarkLoadOnly(loadDirectory) }
        if let queriesDirectory { return benchmarkQueriesOnly(queriesDirectory, rounds: max(rounds, 1), seedLab: seedLab) }
        try runBenchmark(shape: shape(), skipMatrix: noMatrix, matrixEngine: MatrixEngine(rawValue: matrixEngine) ?? .automatic, keepIn: writeDirectory,
                         report: report ? .some(reportOut) : nil)
        benchmarkSeedLab(seedLab)
    }

    /// Runs the command; usage errors (and nonsense sizes) exit with status 2, as `pathproof`'s bad input does.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            Self.exit(withError: error)
        }
    }
}

/// Prints a line at once (unbuffered), so that progress shows when the output goes to a file.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// Runs `body` and prints its wall-clock time, the processor time the process spent meanwhile (every thread: on a
/// busy machine the wall-clock time also counts waiting for a core) and the peak memory so far.
func measure<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let started = Date(), cpu = processorMilliseconds()
    let result = try body()
    let padded = label.count >= 78 ? label : label + String(repeating: " ", count: 78 - label.count)
    say(padded + String(format: " %10.1f ms  (cpu %.1f ms, peak %.0f MiB)", Date().timeIntervalSince(started) * 1000,
                        processorMilliseconds() - cpu, peakMemoryMiB()))
    return result
}

/// User and system time of the whole process so far, in milliseconds.
func processorMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
}

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

func fail(_ error: any Error) -> Never { fail("\(error)") }

/// Generates the network and times the jobs on it.
/// With `keepIn` the describe-* JSON is written there and kept; else in a temporary folder removed at the end.
/// With `report`, `pathproof report`'s page is made too (kept in the file it names, if any).
func runBenchmark(shape: SyntheticNetwork, skipMatrix: Bool, matrixEngine: MatrixEngine = .automatic, keepIn kept: String? = nil,
                  report: String?? = nil) throws {
    let directory = kept.map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-benchmark-\(ProcessInfo.processInfo.processIdentifier)")
    defer { if kept == nil { try? FileManager.default.removeItem(at: directory) } }
    say("shape: \(shape.layout.rawValue), \(shape.vpcs) VPCs × \(shape.subnetsPerVPC) subnets × \(shape.instancesPerSubnet) instances")
    do { try measure("generate describe-* JSON") { try shape.write(to: directory) } } catch { fail(error) }
    if let kept { say("snapshot kept in \(kept)") }
    let bytes = (try FileManager.default.contentsOfDirectory(atPath: directory.path)).reduce(0) {
        $0 + ((try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent($1).path)[.size] as? Int) ?? 0)
    }
    let network = benchmarkLoad(directory.path, bytes: bytes)
    benchmarkCachedLoad(directory.path, bytes: bytes, runs: 1)
    let rules = network.securityGroups.reduce(0) { $0 + $1.inbound.count + $1.outbound.count }
    let aclEntries = network.networkACLs.reduce(0) { $0 + $1.entries.count }
    say("network: \(network.vpcs.count) VPCs, \(network.subnets.count) subnets, \(network.instances.count) instances, " +
          "\(network.securityGroups.count) security groups (\(rules) rules), \(network.networkACLs.count) network ACLs (\(aclEntries) entries), " +
          "\(network.peeringConnections.count) peering connections, \(network.transitGateways.count) transit gateways, \(network.edge.natGateways.count) NAT gateways")

    // Two single queries across the hub peering (with the default shape: web-1-0-0 to web-0-0-0, app-1-4-0 to db-0-8-0).
    let questions = ReachabilityQuestions(network: network)
    if let from = shape.firstInstance(vpc: 1, tier: 0, preferring: 0), let to = shape.firstInstance(vpc: 0, tier: 0, preferring: 0) {
        let ping = try measure("one query: can \(from) ping \(to) (reachable)") { try questions.ask("can \(from) ping \(to)") }
        if ping.answer.verdict != .reachable { fail("expected reachable: \(ping.answer.verdict)") }
    } else {
        say("one query, reachable: skipped (it needs two VPCs with a web tier)")
    }
    if let from = shape.firstInstance(vpc: 1, tier: 1, preferring: 4), let to = shape.firstInstance(vpc: 0, tier: 2, preferring: 8) {
        let blocked = try measure("one query: can \(from) reach \(to) on tcp/3306 (blocked)") { try questions.ask("can \(from) reach \(to) on tcp/3306") }
        if blocked.answer.verdict != .unreachable { fail("expected unreachable: \(blocked.answer.verdict)") }
    } else {
        say("one query, blocked: skipped (it needs two VPCs with app and data tiers)")
    }

    benchmarkService(snapshot: directory.path, label: "\(network.instances.count) instances",
                     reachable: (1..<min(shape.vpcs, 21)).compactMap { v in
                         shape.firstInstance(vpc: v, tier: 0, preferring: 0).flatMap { from in
                             shape.firstInstance(vpc: 0, tier: 0, preferring: 0).map { "can \(from) ping \($0)" }
                         }
                     })

    // One proof over every instance: nothing on the internet reaches any instance on tcp/3306.
    let everyone = network.networkInterfaces.filter { $0.instanceID != nil }.map { Endpoint.publicAddressOf($0.id) }
    let group = try measure("group assertion: internet cannot reach any of \(everyone.count) instances on tcp/3306") { () throws -> (QuerySession.Result, Int) in
        let session = measure("  of which: encoding every candidate path") {
            ReachabilityEngine(network: network).session(TrafficQuery(sources: [.internet(nil)], destinations: everyone, traffic: .tcp(PortRange(3306, 3306))))
        }
        return (try measure("  of which: the proof (UNSAT)") { try session.check() }, session.candidatePaths)
    }
    guard case .unreachable = group.0 else { fail("expected the assertion to hold: \(group.0)") }
    say("  holds: UNSAT over all \(group.1) candidate paths, refuted in parts of at most \(QuerySession.refutationPartSize)")
    // The same assertion as `pathproof check` proves it: one destination of each class of interchangeable instances.
    let reach = try QueryFile.parse(text: "assert internet cannot reach cidr:10.0.0.0/8 on tcp/3306\n", path: "benchmark.reach")
    let checked = try measure("group assertion as `check` proves it: internet cannot reach cidr:10.0.0.0/8 on tcp/3306") {
        try QueryFileChecker.check(reach, network)
    }
    guard let result = checked.first, result.status == .holds else { fail("expected the assertion to hold: \(checked.first?.explanation ?? "no result")") }
    say("  \(result.summary)")

    if let report { benchmarkReport(network, snapshot: directory.path, keepIn: report) }
    if !skipMatrix { try benchmarkMatrix(network, engine: matrixEngine) }
    say(String(format: "peak memory: %.0f MiB", peakMemoryMiB()))
}

/// The full ping matrix, as `pathproof matrix` computes it: the class pairs decided on every core, then every
/// instance pair's row in row order (counted, not kept), then (up to 5,000 instances) the same rows as the JSON that
/// `matrix --format json` streams, written to a sink that only counts the bytes.
func benchmarkMatrix(_ network: Network, engine: MatrixEngine) throws {
    let count = network.instances.count
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let cells = MatrixCells(network: network, traffic: .ping, engine: engine)
    let started = Date()
    try measure("full ping matrix: every class pair decided (\(engine.rawValue), \(threads) threads)") { try cells.decideAll(threads: threads) }
    let pairs = cells.classes.classes.count * cells.classes.classes.count
    say("  \(cells.classes.classes.count) endpoint classes (\(pairs) class pairs): \(cells.walkedPairs) walked, \(cells.solvedPairs) solved, the rest cut by the VPC pre-check")
    let counted = try measure("full ping matrix: the rows counted by class blocks (matrix's text answer)") {
        try MatrixStream.countRows(cells, listing: 201, releasing: false)
    }
    let counts = try measure("full ping matrix: every instance pair's verdict in row order (\(count) × \(count - 1))") {
        try MatrixStream.forEachRowIndex(cells) { _, _, _ in }
    }
    say(String(format: "  %d of %d pairs reachable, %d unknown; whole matrix %.1f s", counts.reachable, counts.pairs, counts.unknown, Date().timeIntervalSince(started)))
    if counted.pairs != counts.pairs || counted.reachable != counts.reachable || counted.unknown != counts.unknown {
        fail("the rows counted by class blocks differ from the rows one by one: \(counted) against \(counts)")
    }
    if count <= 5_000 {
        let json = MatrixCells(network: network, traffic: .ping, engine: engine)
        let sink = ByteSink { _ in }
        try measure("full ping matrix as streamed JSON (matrix --format json, bytes counted)") { try MatrixStream.writeJSON(json, shard: nil, to: sink) }
        say("  \(sink.written / 1_048_576) MiB of JSON")
    } else {
        say("full ping matrix as streamed JSON: skipped above 5,000 instances (\(count * (count - 1)) rows)")
    }
}

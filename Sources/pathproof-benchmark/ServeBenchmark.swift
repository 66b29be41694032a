import AWSSnapshot
import Foundation
import Questions

/// `pathproof serve`'s cost per request: one snapshot loaded into the query service, request lines answered in the
/// same process through the same code the command runs (`QueryService.respond(to:)`), each timed alone.
///
/// Figures per snapshot: a one-packet question (ping between two instances) asked for the first time (what the
/// engine costs once the network is loaded: the walker's answer, no Z3), and of it the request's parse, the question
/// (`ReachabilityQuestions.ask`: parse, resolve, answer) and the JSON; the same question asked again (answered from
/// the answers the service keeps for the loaded snapshot, after checking its files are unchanged), and the check of
/// the files alone.
func benchmarkService(snapshot directory: String, label: String, reachable: [String], repeats: Int = 1_000) {
    func start() -> QueryService {
        do {
            return try QueryService(directory: directory) { directory in
                let snapshot = try SnapshotReader.load(directory: directory)
                return (snapshot.network, snapshot.warnings.map { "\($0)" })
            }
        } catch { fail("\(error)") }
    }
    let lines = reachable.enumerated().map { i, query in
        String(decoding: (try? JSONSerialization.data(withJSONObject: ["id": i, "query": query])) ?? Data(), as: UTF8.self)
    }
    // Each question once: solved. With few questions, each is asked of several fresh services (their loads untimed).
    // Only reachable answers count (a candidate may be blocked, e.g. across a pending peering).
    var first: [Double] = [], firstCPU: [Double] = []
    var reachableLines: [String] = []
    var service = start()
    for round in 0..<max(1, 9 / max(1, lines.count)) {
        if round > 0 { service = start() }
        for line in lines {
            let started = DispatchTime.now().uptimeNanoseconds, cpu = threadProcessorMilliseconds()
            let response = service.respond(to: line)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            guard response.contains("\"verdict\":\"reachable\"") else { continue }
            first.append(elapsed)
            firstCPU.append(threadProcessorMilliseconds() - cpu)
            if round == 0 { reachableLines.append(line) }
        }
    }
    guard !reachableLines.isEmpty else { fail("serve (\(label)): none of the \(lines.count) queries is reachable") }
    report("serve (\(label)): a reachable one-packet query asked the first time, median of \(first.count)", first)
    report("serve (\(label)):   the same, processor time of the thread", firstCPU)
    breakDown(label: label, reachable.filter { query in reachableLines.contains { $0.contains(query) } }, service: service)
    // The same questions again and again: answered from the kept answers, the files checked before each.
    var again: [Double] = []
    again.reserveCapacity(repeats)
    for i in 0..<repeats {
        let line = reachableLines[i % reachableLines.count]
        let started = DispatchTime.now().uptimeNanoseconds
        let response = service.respond(to: line)
        again.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        guard response.contains("\"verdict\":\"reachable\"") else { fail("serve (\(label)): expected reachable: \(response.prefix(300))") }
    }
    report("serve (\(label)): a reachable query asked again (kept answer), median of \(again.count)", again)
    if service.loads != 1 { fail("serve (\(label)): the unchanged snapshot was read \(service.loads) times") }
    // What the check for a changed snapshot costs by itself.
    var fingerprint = SnapshotFingerprint(directory: directory)
    var checks: [Double] = []
    for _ in 0..<repeats {
        let started = DispatchTime.now().uptimeNanoseconds
        if fingerprint.hasChanged() { fail("serve (\(label)): the snapshot changed during the benchmark") }
        checks.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
    }
    report("serve (\(label)):   of which: checking the snapshot's \(fingerprint.entryCount) files and folders, median", checks)
}

/// What a new question costs inside the service, part by part (processor time of the thread), on a network the
/// service has loaded: the request line's parse, the question itself on a fresh `ReachabilityQuestions` of that network (parse, resolve, answer:
/// asked the first time), and the answer's JSON.
private func breakDown(label: String, _ queries: [String], service: QueryService) {
    guard let network = service.network, !queries.isEmpty else { return }
    var parse: [Double] = [], ask: [Double] = [], render: [Double] = []
    for round in 0..<max(1, 9 / queries.count) {
        let questions = ReachabilityQuestions(network: network)
        for (i, query) in queries.enumerated() {
            let line = "{\"id\": \(round * queries.count + i), \"query\": \"\(query)\"}"
            var started = threadProcessorMilliseconds()
            func lap(_ into: inout [Double]) {
                let now = threadProcessorMilliseconds()
                into.append(now - started)
                started = now
            }
            guard (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any] else { fail("serve (\(label)): bad request \(line)") }
            lap(&parse)
            guard let result = try? questions.ask(query) else { fail("serve (\(label)): cannot ask \(query)") }
            lap(&ask)
            _ = AnswerRendering.json(result)
            lap(&render)
        }
    }
    report("serve (\(label)):   of which (processor time): the request line's JSON", parse)
    report("serve (\(label)):   of which (processor time): the question (parse, resolve, answer)", ask)
    report("serve (\(label)):   of which (processor time): the answer's JSON", render)
}

/// `pathproof query` on the seed lab's stage end to end, as a user runs it: the built `pathproof` next to this
/// benchmark, started `runs` times; the median wall-clock time and the mean processor time of one run (process
/// start, dynamic loading, reading the snapshot, the answer, printing it).
func benchmarkSeedQuery(_ directory: String, runs: Int = 20) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("pathproof")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        return say("seed query end to end: skipped, no pathproof binary at \(binary.path) (build the pathproof product too)")
    }
    guard FileManager.default.fileExists(atPath: directory + "/describe-instances.json") else { return }
    var walls: [Double] = []
    let before = childProcessorMilliseconds()
    for _ in 0..<runs {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["query", "--snapshot", directory, "can NextWork-1-instance ping NextWork-2-instance"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = DispatchTime.now().uptimeNanoseconds
        do { try process.run() } catch { fail("cannot start \(binary.path): \(error)") }
        process.waitUntilExit()
        walls.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        if process.terminationStatus != 0 { fail("seed query end to end: pathproof exited with status \(process.terminationStatus)") }
    }
    let cpu = (childProcessorMilliseconds() - before) / Double(runs)
    let sorted = walls.sorted()
    say("seed query end to end (`pathproof query`, process start included), \(runs) runs".padding(toLength: 78, withPad: " ", startingAt: 0)
        + String(format: " %10.1f ms  (cpu %.1f ms per run, median wall-clock)", sorted[sorted.count / 2], cpu))
}

/// User and system time of the finished child processes so far, in milliseconds.
func childProcessorMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
}

/// Prints the median (and the 99th percentile) of some timings in milliseconds.
func report(_ label: String, _ milliseconds: [Double]) {
    let sorted = milliseconds.sorted()
    guard !sorted.isEmpty else { return say(label + ": nothing timed") }
    let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
    let padded = label.count >= 78 ? label : label + String(repeating: " ", count: 78 - label.count)
    say(padded + String(format: " %10.3f ms (p99 %.3f ms)", median, p99))
}

/// The seed lab's reachable ping, as `pathproof serve` answers it.
func benchmarkSeedLab(_ directory: String) {
    guard FileManager.default.fileExists(atPath: directory + "/describe-instances.json") else {
        return say("serve (seed lab): skipped, no snapshot at \(directory) (run from the package root, or give --seed-lab)")
    }
    benchmarkService(snapshot: directory, label: "seed lab", reachable: ["can NextWork-1-instance ping NextWork-2-instance"])
    benchmarkSeedQuery(directory)
}

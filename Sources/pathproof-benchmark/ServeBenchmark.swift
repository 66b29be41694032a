import AWSSnapshot
import Foundation
import Questions

/// `pathproof serve`'s cost per request: one snapshot loaded into the query service, request lines answered in the
/// same process through the same code the command runs (`QueryService.respond(to:)`), each timed alone.
///
/// Three figures per snapshot: a question asked for the first time (solved: what the engine costs once the network
/// is loaded), the same question asked again (answered from the answers the service keeps for the loaded
/// snapshot, after checking its files are unchanged), and the check of the files alone.
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
    var first: [Double] = []
    var reachableLines: [String] = []
    var service = start()
    for round in 0..<max(1, 9 / max(1, lines.count)) {
        if round > 0 { service = start() }
        for line in lines {
            let started = DispatchTime.now().uptimeNanoseconds
            let response = service.respond(to: line)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            guard response.contains("\"verdict\":\"reachable\"") else { continue }
            first.append(elapsed)
            if round == 0 { reachableLines.append(line) }
        }
    }
    guard !reachableLines.isEmpty else { fail("serve (\(label)): none of the \(lines.count) queries is reachable") }
    report("serve (\(label)): a reachable query asked the first time (solved), median of \(first.count)", first)
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
}

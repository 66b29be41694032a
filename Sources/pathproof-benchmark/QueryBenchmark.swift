import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

/// `--queries DIR`: loads the snapshot in DIR once (a snapshot `--write` kept) and times the benchmark's two single
/// queries on it, each asked `rounds` times on the same loaded network (a new Z3 context every time, as `query` and
/// `serve` make one per question): every run's wall-clock and processor time, then the median and the lowest.
/// The queries are those of the benchmark's shapes (`web-1-0-0` pings `web-0-0-0`; `app-1-4-0` to `db-0-8-0` on
/// tcp/3306); a query whose instances the snapshot lacks is skipped, saying so. Then the figures of
/// `benchmarkFirstQueryAndService`.
func benchmarkQueriesOnly(_ directory: String, rounds: Int, seedLab: String) {
    let network = benchmarkLoad(directory, bytes: jsonBytes(in: URL(fileURLWithPath: directory)))
    say("network: \(network.vpcs.count) VPCs, \(network.subnets.count) subnets, \(network.instances.count) instances")
    let questions = ReachabilityQuestions(network: network)
    let names = Set(network.instances.compactMap { network.name(of: $0.id) })
    for (question, expected) in [("can web-1-0-0 ping web-0-0-0", Verdict.reachable), ("can app-1-4-0 reach db-0-8-0 on tcp/3306", .unreachable)] {
        let ends = question.split(separator: " ").filter { $0.contains("-") && !$0.contains("/") }.map(String.init)
        guard ends.allSatisfy(names.contains) else {
            say("\(question): skipped (the snapshot has no instance \(ends.filter { !names.contains($0) }.joined(separator: ", ")))")
            continue
        }
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<rounds {
            let started = Date(), before = processorMilliseconds()
            let result: QuestionResult
            do { result = try questions.ask(question) } catch { fail(error) }
            cpu.append(processorMilliseconds() - before)
            wall.append(Date().timeIntervalSince(started) * 1000)
            if result.answer.verdict != expected { fail("\(question): expected \(expected), got \(result.answer.verdict)") }
        }
        say(question + ":")
        say("  runs (cpu ms): " + cpu.map { String(format: "%.1f", $0) }.joined(separator: " "))
        say(String(format: "  median %.1f ms (cpu %.1f ms), lowest %.1f ms (cpu %.1f ms), over %d runs", median(wall), median(cpu),
                   wall.min() ?? 0, cpu.min() ?? 0, rounds))
    }
    benchmarkFirstQueryAndService(network, directory: directory, seedLab: seedLab)
    say(String(format: "peak memory: %.0f MiB", peakMemoryMiB()))
}

private func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

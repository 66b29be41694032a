import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

/// The rest of `--queries DIR` (after the two queries' rounds, `QueryBenchmark.swift`), on the snapshot in DIR (one
/// this benchmark wrote, `--write`), loaded once: the reachable one-packet query the full run times
/// (`can web-1-0-0 ping web-0-0-0`), asked of a fresh `ReachabilityQuestions` each time (what one `pathproof query`
/// costs after the load): the first, then the median of 20; then `serve`'s figures on the same snapshot and on the
/// seed lab, and the seed lab's query end to end. Skipped when the snapshot lacks the two instances.
func benchmarkFirstQueryAndService(_ network: Network, directory: String, seedLab: String) {
    let names = Set(network.instances.compactMap { network.name(of: $0.id) })
    guard names.contains("web-1-0-0"), names.contains("web-0-0-0") else { return }
    let text = "can web-1-0-0 ping web-0-0-0"
    let first = measure("one query: \(text) (reachable), the first after the load") { () -> QuestionResult in
        do { return try ReachabilityQuestions(network: network).ask(text) } catch { fail(error) }
    }
    if first.answer.verdict != .reachable { fail("expected reachable: \(first.answer.verdict)") }
    var cpu: [Double] = []
    for _ in 0..<20 {
        let questions = ReachabilityQuestions(network: network)
        let started = threadProcessorMilliseconds()
        do { _ = try questions.ask(text) } catch { fail(error) }
        cpu.append(threadProcessorMilliseconds() - started)
    }
    report("one query: \(text), a fresh engine each, processor time, median of 20", cpu)
    benchmarkService(snapshot: directory, label: "\(network.instances.count) instances",
                     reachable: (1..<min(network.vpcs.count, 21)).map { "can web-\($0)-0-0 ping web-0-0-0" })
    benchmarkSeedLab(seedLab)
}

/// The processor time of the calling thread so far, in milliseconds (`CLOCK_THREAD_CPUTIME_ID`: exact, where
/// `getrusage` may count in clock ticks).
func threadProcessorMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

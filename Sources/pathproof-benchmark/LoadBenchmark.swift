import AWSSnapshot
import Foundation
import NetworkModel

/// Loads the snapshot in `directory` (`bytes` of JSON) and prints the time it took, its speed in MB/s of JSON (wall
/// and processor time) and each phase of it; through `cache` when given (`label` says which load it is).
@discardableResult
func benchmarkLoad(_ directory: String, bytes: Int, cache: SnapshotCache? = nil, label: String = "load snapshot") -> Network {
    let started = Date(), cpu = processorMilliseconds()
    var profile = LoadProfile()
    let snapshot: Snapshot
    do {
        snapshot = try measure("\(label) (\(bytes / 1_048_576) MiB of JSON)") {
            try SnapshotReader.load(directory: directory, cache: cache, profile: &profile)
        }
    } catch {
        fail(error)
    }
    say(String(format: "  load speed: %.1f MB/s of JSON (wall), %.1f MB/s (cpu)", Double(bytes) / 1e6 / Date().timeIntervalSince(started),
               Double(bytes) / 1e3 / max(processorMilliseconds() - cpu, 0.001)))
    for phase in profile.phases {
        let label = "    " + phase.name
        say(label.padding(toLength: max(label.count, 48), withPad: " ", startingAt: 0)
            + String(format: " %9.1f ms  (cpu %.1f ms)", phase.wallSeconds * 1000, phase.processorSeconds * 1000))
    }
    return snapshot.network
}

/// `--load DIR`: times loading an existing snapshot, three times without the cache of loaded snapshots, then through
/// a cache in a temporary folder: once writing it, three times restoring from it.
func benchmarkLoadOnly(_ directory: String) {
    let bytes = jsonBytes(in: URL(fileURLWithPath: directory))
    for run in 1...3 {
        say("run \(run):")
        let network = benchmarkLoad(directory, bytes: bytes)
        if run == 1 { say("network: \(network.vpcs.count) VPCs, \(network.subnets.count) subnets, \(network.instances.count) instances") }
    }
    benchmarkCachedLoad(directory, bytes: bytes, runs: 3)
    say(String(format: "peak memory: %.0f MiB", peakMemoryMiB()))
}

/// Loads the snapshot through a cache of loaded snapshots in a new temporary folder (removed after): once to write
/// it, then `runs` times from it (the figure beside the fresh load's).
func benchmarkCachedLoad(_ directory: String, bytes: Int, runs: Int) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-benchmark-cache-\(ProcessInfo.processInfo.processIdentifier)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = SnapshotCache(directory: folder, version: "benchmark", smallestSnapshot: 0)
    benchmarkLoad(directory, bytes: bytes, cache: cache, label: "load snapshot, writing the cache")
    for run in 1...runs {
        benchmarkLoad(directory, bytes: bytes, cache: cache, label: "load snapshot from the cache, run \(run)")
    }
}

/// The size of the `*.json` files under `directory`, at every depth.
func jsonBytes(in directory: URL) -> Int {
    guard let walk = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
    var total = 0
    for case let url as URL in walk where url.pathExtension == "json" {
        total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
    }
    return total
}

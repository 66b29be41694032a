import Foundation
import Testing
@testable import AWSSnapshot
import NetworkModel

/// Where the test data lives.
enum Fixtures {
    /// The Batfish AWS scenarios (read-only; never copied into the project). `PATHPROOF_CORPUS` overrides.
    static let corpus = ProcessInfo.processInfo.environment["PATHPROOF_CORPUS"] ?? "/work/shared/corpus/batfish-aws"
    static var corpusPresent: Bool { isDirectory(corpus) }

    /// The generated seed fixtures, `Queries/seed/<stage>/` in the package.
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Queries/seed").path

    /// The `aws_configs` folder of every corpus scenario, sorted.
    static func corpusScenarios() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []
        return names.sorted().filter { isDirectory("\(corpus)/\($0)/aws_configs") }
    }

    static func scenario(_ name: String) -> String { "\(corpus)/\(name)/aws_configs" }

    /// The seed stages that have JSON files, sorted by name.
    static func seedStages() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seed)) ?? []
        return names.sorted().filter { name in
            guard isDirectory("\(seed)/\(name)"),
                  let enumerator = FileManager.default.enumerator(atPath: "\(seed)/\(name)") else { return false }
            while let path = enumerator.nextObject() as? String {
                if path.hasSuffix(".json") { return true }
            }
            return false
        }
    }

    /// The seed stage folder whose name is `number` or starts with `number-` / `number_`, if generated.
    static func seedStage(_ number: String) -> String? {
        seedStages().first { $0 == number || $0.hasPrefix("\(number)-") || $0.hasPrefix("\(number)_") }
            .map { "\(seed)/\($0)" }
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

/// A temporary snapshot folder, written file by file and removed when the test ends.
final class TemporarySnapshot {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-aws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (which may contain folders) inside the snapshot.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> TemporarySnapshot {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return self
    }

    func load() throws -> Snapshot { try SnapshotReader.load(directory: path) }

    /// The error loading this snapshot throws, as text; nil if it loads.
    func loadError() -> String? {
        do {
            _ = try SnapshotReader.load(directory: path)
            return nil
        } catch {
            return error.description
        }
    }
}

func prefix(_ text: String) -> IPPrefix { IPPrefix(text)! }
func address(_ text: String) -> IPAddress { IPAddress(text)! }

import AWSSnapshot
import Foundation

/// Copies of snapshot folders to edit (the cache tests change a file of one and load it again).
public enum SnapshotCopy {
    /// A copy of a snapshot folder in a new temporary folder (inside a folder named `into`, if given).
    public static func make(_ directory: String, into folder: String? = nil) throws -> String {
        let base = Temporary.path("snapshot")
        let target = folder.map { base + "/" + $0 } ?? base
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: directory, toPath: target)
        return target
    }

    /// The first JSON file in `directory` (in path order) whose text holds `text`.
    public static func file(holding text: String, in directory: String) throws -> String {
        for name in try FileManager.default.subpathsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".json") {
            let path = directory + "/" + name
            if try String(contentsOfFile: path, encoding: .utf8).contains(text) { return path }
        }
        throw SnapshotError(file: directory, jsonPath: "", message: "no file holds \(text)")
    }
}

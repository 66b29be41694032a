import Foundation

extension SnapshotReader {
    /// Reads a snapshot given as documents rather than a folder: each a relative path (whose folders give its region
    /// and account, as in a folder) and the bytes of one `describe-*` output. What `load(directory:)` does after it
    /// has listed and read the files, in the same order (sorted by path); errors name the documents' paths.
    public static func load(documents: [(path: String, bytes: [UInt8])]) throws(SnapshotError) -> Snapshot {
        let sorted = documents.sorted { $0.path < $1.path }
        guard !sorted.isEmpty else { throw SnapshotError(file: "", jsonPath: "", message: "no documents") }
        let contents = Dictionary(sorted.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let files = contents.keys.sorted().map { SnapshotDirectory.sourceFile($0, outerFolders: []) }
        return try load(files, into: SnapshotBuilder()) { file throws(SnapshotError) in contents[file.path] ?? [] }
    }
}

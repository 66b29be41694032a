import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a snapshot folder looked like when it was read: every folder and `.json` file under it (hidden ones
/// skipped, as the reader skips them) with its inode, size and modification time in nanoseconds. An edit in place
/// changes a file's time and usually its size; a file written elsewhere and renamed over changes its inode; a
/// file added, removed or renamed changes its folder's time. Checking costs one `stat` per entry.
public struct SnapshotFingerprint: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        let path: String
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modified: Int64
        /// For a file modified within a few clock ticks of the recording, a hash of its contents: a second write
        /// in the same tick, of the same size, leaves the time and size as they were.
        var contents: Int?
    }

    private(set) var entries: [Entry]

    /// How many folders and files are checked.
    public var entryCount: Int { entries.count }

    /// Records the folder as it is now.
    public init(directory: String) {
        let recorded = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        var entries: [Entry] = []
        if let entry = Self.entry(directory) { entries.append(entry) }
        let manager = FileManager.default
        if let enumerator = manager.enumerator(atPath: directory) {
            while let relative = enumerator.nextObject() as? String {
                let components = relative.split(separator: "/")
                if let last = components.last, last.hasPrefix(".") { enumerator.skipDescendants(); continue }
                let path = directory + "/" + relative
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                guard isFolder.boolValue || relative.lowercased().hasSuffix(".json") else { continue }
                if let entry = Self.entry(path) { entries.append(entry) }
            }
        }
        self.entries = entries.map { entry in
            guard entry.modified > recorded - Self.racyNanoseconds, !Self.isFolder(entry.path) else { return entry }
            var racy = entry
            racy.contents = Self.hash(entry.path)
            return racy
        }
    }

    /// How close to the recording a modification time must be for the file's contents to be hashed too.
    static let racyNanoseconds: Int64 = 2_000_000_000

    /// Whether some recorded folder or file is no longer as it was (changed, replaced, removed, or its folder's
    /// listing changed). A file whose contents were hashed because it had just been written is, once unchanged
    /// and older than a few ticks, checked by its time and size alone from then on: any later write gives it a
    /// later time.
    public mutating func hasChanged() -> Bool {
        let checked = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        for (index, recorded) in entries.enumerated() {
            guard var now = Self.entry(recorded.path) else { return true }
            if recorded.contents != nil { now.contents = Self.hash(recorded.path) }
            if now != recorded { return true }
            if recorded.contents != nil, recorded.modified <= checked - Self.racyNanoseconds { entries[index].contents = nil }
        }
        return false
    }

    static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    static func hash(_ path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var hasher = Hasher()
        hasher.combine(data.count)
        data.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    static func entry(_ path: String) -> Entry? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #endif
        return Entry(path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size), modified: modified)
    }
}

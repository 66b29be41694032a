import Crypto
import Foundation
import NetworkModel

/// A cache of loaded snapshots: a repeated load of a snapshot whose files have not changed restores the network,
/// the warnings and the list of files read from one file of the cache, without parsing the JSON or building the
/// model again.
///
/// The key of an entry is the SHA-256 of everything the load depends on: the cache's format version, PathProof's
/// version and the running program itself (its path, size and modification time, so that a rebuilt program never
/// reads what another build wrote), and, for every file read, its path, the region and account its folders give it
/// and the SHA-256 of its bytes, and every entry the walk passed over (its warnings). An edited file, even one of the
/// same size and time, is a different key: an entry is never stale. An entry holds the SHA-256 of its own bytes,
/// checked before they are decoded; an entry that does not check or does not decode (a truncated or corrupt file) is
/// ignored, and the snapshot is loaded from its files and the entry written again. A cache folder that cannot be
/// made or written is no error: the load goes on without it.
///
/// Where: `$XDG_CACHE_HOME/pathproof`, else `~/.cache/pathproof` (`standard`), never inside the snapshot folder;
/// `PATHPROOF_CACHE=off` turns it off. Only the `keep` entries used last are kept. A snapshot of fewer than
/// `smallestSnapshot` bytes of JSON (1 MiB by default; `PATHPROOF_CACHE=all`: any) is not cached: it is parsed and
/// built faster than its files are hashed and its model restored.
public struct SnapshotCache: Sendable {
    /// The version of the cache's own format; raised when the form of an entry changes.
    public static let formatVersion = 1
    /// The end of an entry's file name.
    static let fileExtension = ".pathproof-snapshot"
    private static let magic = Array("PATHPROOF-SNAPSHOT-CACHE\n".utf8)

    /// The cache folder.
    public let directory: String
    /// How many entries (snapshots) to keep: the ones used last.
    public let keep: Int
    /// PathProof's version, part of every key.
    public let version: String
    /// The fewest bytes of JSON a snapshot has for its load to be cached.
    public let smallestSnapshot: Int

    public init(directory: String, keep: Int = 4, version: String, smallestSnapshot: Int = 1 << 20) {
        self.directory = directory
        self.keep = max(keep, 1)
        self.version = version
        self.smallestSnapshot = max(smallestSnapshot, 0)
    }

    /// The user's cache (`$XDG_CACHE_HOME/pathproof`, else `$HOME/.cache/pathproof`), or nil when `PATHPROOF_CACHE`
    /// is `off` (or `0`, `no`, `false`) or there is no home folder; with `PATHPROOF_CACHE=all`, snapshots of any size.
    public static func standard(version: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> SnapshotCache? {
        if let setting = environment["PATHPROOF_CACHE"]?.lowercased(), ["off", "0", "no", "false"].contains(setting) { return nil }
        let base: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = xdg  // the XDG base directory rule: a relative path is ignored
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.cache"
        } else {
            return nil
        }
        let everySize = environment["PATHPROOF_CACHE"]?.lowercased() == "all"
        return SnapshotCache(directory: base + "/pathproof", version: version, smallestSnapshot: everySize ? 0 : 1 << 20)
    }

    static func digest(of bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    // MARK: The key

    /// The key of a load of `files` (with the SHA-256 of each) after a walk that passed over `skipped`.
    func key(files: [SourceFile], digests: [[UInt8]], skipped: [SnapshotDirectory.Skipped]) -> String {
        var hasher = SHA256()
        func add(_ text: String) {
            hasher.update(data: Array(text.utf8))
            hasher.update(data: [0])
        }
        add("pathproof snapshot cache \(Self.formatVersion)")
        add(version)
        add(Self.programIdentity)
        add("\(files.count) files")
        for (file, digest) in zip(files, digests) {
            add(file.path)
            add(file.region ?? "-")
            add(file.account ?? "-")
            hasher.update(data: digest)
        }
        add("\(skipped.count) skipped")
        for entry in skipped { add("\(entry.path) \(entry.isFolder) \(entry.reason)") }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The running program: its path, size and modification time.
    static let programIdentity: String = {
        guard let path = Bundle.main.executablePath else { return "unknown program" }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path) \(size) \(time)"
    }()

    // MARK: Entries

    /// What an entry holds: the snapshot as the load returned it.
    private struct Entry: Codable {
        let files: [String]
        let warnings: [SnapshotWarning]
        let capturedAt: Double?
        let network: Network
    }

    func path(of key: String) -> String { directory + "/" + key + Self.fileExtension }

    /// The snapshot stored under `key`, or nil when there is none or it does not check or decode.
    func restore(_ key: String) -> Snapshot? {
        let path = path(of: key)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let header = Self.magic.count + 64 + 32
        guard bytes.count > header, Array(bytes[0..<Self.magic.count]) == Self.magic,
              Array(bytes[Self.magic.count..<Self.magic.count + 64]) == Array(key.utf8) else { return discard(path) }
        let payload = Array(bytes[header...])
        guard Self.digest(of: payload) == Array(bytes[(Self.magic.count + 64)..<header]) else { return discard(path) }
        guard let entry = try? CompactDecoder.decode(Entry.self, from: payload) else { return discard(path) }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)  // used last
        return Snapshot(network: entry.network, warnings: entry.warnings, files: entry.files,
                        capturedAt: entry.capturedAt.map { Date(timeIntervalSinceReferenceDate: $0) })
    }

    /// Removes an entry that does not check (it is written again after the load).
    private func discard(_ path: String) -> Snapshot? {
        try? FileManager.default.removeItem(atPath: path)
        return nil
    }

    /// Stores `snapshot` under `key` (written to a temporary file, then renamed, so that a reader never sees half an
    /// entry), then removes the entries beyond the `keep` used last. Failing to write is no error.
    func store(_ snapshot: Snapshot, key: String) {
        let entry = Entry(files: snapshot.files, warnings: snapshot.warnings, capturedAt: snapshot.capturedAt?.timeIntervalSinceReferenceDate,
                          network: snapshot.network)
        guard let payload = try? CompactEncoder.encode(entry) else { return }
        let manager = FileManager.default
        do {
            // Only the user reads it: an entry describes a network.
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return
        }
        let temporary = directory + "/.\(key).\(ProcessInfo.processInfo.processIdentifier).tmp"
        var data = Data(Self.magic)
        data.append(contentsOf: Array(key.utf8))
        data.append(contentsOf: Self.digest(of: payload))
        data.append(contentsOf: payload)
        guard manager.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        guard rename(temporary, path(of: key)) == 0 else {
            try? manager.removeItem(atPath: temporary)
            return
        }
        prune()
    }

    /// Keeps the `keep` entries used last, and removes temporary files a load that was stopped left (an hour old).
    private func prune() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let path = directory + "/" + name
            let time = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantFuture
            if time < Date().addingTimeInterval(-3600) { try? manager.removeItem(atPath: path) }
        }
        let entries = names.filter { $0.hasSuffix(Self.fileExtension) && !$0.hasPrefix(".") }.map { name -> (path: String, time: Date) in
            let path = directory + "/" + name
            let time = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantPast
            return (path, time)
        }
        guard entries.count > keep else { return }
        for old in entries.sorted(by: { $0.time > $1.time }).dropFirst(keep) { try? manager.removeItem(atPath: old.path) }
    }
}

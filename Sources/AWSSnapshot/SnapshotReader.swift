import Foundation
import NetworkModel

/// Reads a snapshot: a folder of JSON files as printed by `aws ec2 describe-… --output json`.
///
/// Each file is recognised by its top-level keys, whatever it is called, in nested folders too (walked
/// recursively, in sorted path order; only `*.json`, hidden entries skipped). Modelled keys: `Vpcs`, `Subnets`,
/// `RouteTables`, `VpcPeeringConnections`, `SecurityGroups`, `NetworkAcls`, `InternetGateways`, `Reservations`,
/// `NetworkInterfaces`, `Addresses`, `PrefixLists`, `ManagedPrefixLists`, `Entries` (the output of
/// `get-managed-prefix-list-entries`, in a file whose name contains the list's `pl-…` id), and the keys of the
/// transit gateway, NAT gateway, egress-only internet gateway, VPC endpoint, VPN and Direct Connect outputs. IPv4
/// and IPv6 data are both read. Every other key gets one warning.
///
/// Folders give context: the nearest folder named like a region (`us-east-1`, `us-gov-west-1`, …) is the region of
/// the VPCs read beneath it, and the nearest 12-digit folder (as `pathproof capture` writes,
/// `<account>/<region>/…`) or `accounts/<id>/` the owner of resources that record none. `capture.json` at the top is
/// `pathproof capture`'s record: its failed calls are warnings and gaps (`CaptureRecordReader`). Resources that several
/// files describe (a peering connection dumped in both its regions) are merged.
///
/// Anything unexpected (a missing folder, unreadable file, invalid JSON, a wrong type, a missing id, a bad CIDR or
/// address, a number out of range) is a `SnapshotError` naming the file and JSON path.
public enum SnapshotReader {
    public static func load(directory: String) throws(SnapshotError) -> Snapshot {
        var profile = LoadProfile()
        return try load(directory: directory, profile: &profile)
    }

    /// `load(directory:)`, noting how long each phase took in `profile`.
    public static func load(directory: String, profile: inout LoadProfile) throws(SnapshotError) -> Snapshot {
        var clock = LoadProfile.Clock()
        let listing = try SnapshotDirectory.list(directory)
        profile.note("list the files", &clock)
        var builder = SnapshotBuilder()
        builder.noteSkipped(listing.skipped)
        return try load(listing.files, into: builder, profile: &profile, clock: &clock) { file throws(SnapshotError) in
            try read(file, in: directory)
        }
    }

    /// Reads the files in order (`capture.json` as the capture's record), then builds the snapshot. The files are
    /// read and parsed on every core first; what they hold is then read into the model in order, so that the first
    /// error in file order is the one reported, whichever file's parse finished first.
    static func load(_ files: [SourceFile], into builder: SnapshotBuilder,
                     bytes: @Sendable (SourceFile) throws(SnapshotError) -> [UInt8]) throws(SnapshotError) -> Snapshot {
        var profile = LoadProfile(), clock = LoadProfile.Clock()
        return try load(files, into: builder, profile: &profile, clock: &clock, bytes: bytes)
    }

    static func load(_ files: [SourceFile], into builder: SnapshotBuilder, profile: inout LoadProfile, clock: inout LoadProfile.Clock,
                     bytes: @Sendable (SourceFile) throws(SnapshotError) -> [UInt8]) throws(SnapshotError) -> Snapshot {
        let parsed = ParsedFiles.parse(files, bytes: bytes, profile: &profile, clock: &clock)
        return try build(files, parsed: parsed, into: builder, profile: &profile, clock: &clock)
    }

    /// `load(directory:profile:)` through `cache` (nil: none): the files are read and their SHA-256 taken; when the
    /// cache holds a load of these very files, it is the answer; otherwise they are parsed and built as without a
    /// cache, and the snapshot is stored in the cache. A snapshot that does not load (bad input) is not stored.
    public static func load(directory: String, cache: SnapshotCache?, profile: inout LoadProfile) throws(SnapshotError) -> Snapshot {
        guard let cache else { return try load(directory: directory, profile: &profile) }
        var clock = LoadProfile.Clock()
        let listing = try SnapshotDirectory.list(directory)
        profile.note("list the files", &clock)
        let contents = FileContents(listing.files, digests: false) { file throws(SnapshotError) in try read(file, in: directory) }
        // A small snapshot (the labs') is parsed and built faster than its files are hashed and its model restored:
        // no cache for it.
        let cached = contents.totalBytes >= cache.smallestSnapshot
        if cached { contents.takeDigests() }
        profile.note(cached ? "read the files and their SHA-256" : "read the files (too few bytes to cache)", &clock)
        var key: String?
        if cached, contents.allRead {
            let found = cache.key(files: listing.files, digests: Array(contents.digests), skipped: listing.skipped)
            if let snapshot = cache.restore(found) {
                profile.note("restore the model from the cache", &clock)
                return snapshot
            }
            key = found
            profile.note("look in the cache (not there)", &clock)
        }
        var builder = SnapshotBuilder()
        builder.noteSkipped(listing.skipped)
        let parsed = ParsedFiles.parse(listing.files, contents: contents, profile: &profile, clock: &clock)
        let snapshot = try build(listing.files, parsed: parsed, into: builder, profile: &profile, clock: &clock)
        if let key {
            cache.store(snapshot, key: key)
            profile.note("write the cache", &clock)
        }
        return snapshot
    }

    /// `load(directory:cache:profile:)` without the profile.
    public static func load(directory: String, cache: SnapshotCache?) throws(SnapshotError) -> Snapshot {
        var profile = LoadProfile()
        return try load(directory: directory, cache: cache, profile: &profile)
    }

    /// Reads the parsed files into the model in file order, then finishes the snapshot.
    private static func build(_ files: [SourceFile], parsed: consuming ParsedFiles, into builder: SnapshotBuilder, profile: inout LoadProfile,
                              clock: inout LoadProfile.Clock) throws(SnapshotError) -> Snapshot {
        var parsed = parsed
        var builder = builder
        var capturedAt: Date?
        for (position, file) in files.enumerated() {
            let root = try parsed.take(position)
            if file.path == CaptureRecordReader.fileName {
                let record = try CaptureRecordReader.read(root)
                capturedAt = record.capturedAt
                builder.noteFailedCalls(record.failedCalls)
                continue
            }
            try builder.read(root, from: file)
        }
        profile.note("build the model from the JSON", &clock)
        let snapshot = try builder.finish(files: files.map(\.path), profile: &profile, clock: &clock)
        return Snapshot(network: snapshot.network, warnings: snapshot.warnings, files: snapshot.files, capturedAt: capturedAt)
    }

    /// Parses one file's bytes.
    static func parse(_ file: SourceFile, bytes: [UInt8]) throws(SnapshotError) -> JSONNode {
        do {
            return JSONNode(value: try JSONParser.parse(bytes), file: file.path)
        } catch {
            throw syntaxError(error, in: file, bytes: bytes)
        }
    }

    /// The bytes of one file of the snapshot.
    static func read(_ file: SourceFile, in directory: String) throws(SnapshotError) -> [UInt8] {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw SnapshotError(file: file.path, jsonPath: "", message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// A file that is not JSON: `invalid JSON at line 3, column 7: …`.
    static func syntaxError(_ error: JSONSyntaxError, in file: SourceFile, bytes: [UInt8]) -> SnapshotError {
        let (line, column) = JSONParser.lineAndColumn(of: error.offset, in: bytes)
        return SnapshotError(file: file.path, jsonPath: "", message: "invalid JSON at line \(line), column \(column): \(error.message)")
    }
}

/// Finding a snapshot's JSON files and what their folders say.
///
/// The walk follows symbolic links to files and folders (a link that leads back to a folder it is inside is a loop,
/// an error); a folder it cannot list, a `.json` file it cannot read and a link to nothing are errors naming the path.
/// What it passes over (hidden files and folders, files not named `*.json`, special files) is listed in
/// `skipped`, each with why, for the snapshot's warnings.
enum SnapshotDirectory {
    /// Something the walk passed over, and why.
    struct Skipped: Equatable {
        enum Reason: Equatable { case hidden, notJSON, special }
        let path: String
        let isFolder: Bool
        let reason: Reason
    }

    struct Listing {
        var files: [SourceFile]
        var skipped: [Skipped]
    }

    static func jsonFiles(in directory: String) throws(SnapshotError) -> [SourceFile] {
        try list(directory).files
    }

    static func list(_ directory: String) throws(SnapshotError) -> Listing {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw SnapshotError(file: directory, jsonPath: "", message: "no such directory")
        }
        guard isDirectory.boolValue else { throw SnapshotError(file: directory, jsonPath: "", message: "not a directory") }
        let base = URL(fileURLWithPath: directory)
        var walk = Walk(base: base, manager: manager)
        try walk.visit("", realAncestors: [base.resolvingSymlinksInPath().path])
        guard !walk.paths.isEmpty else {
            throw SnapshotError(file: directory, jsonPath: "", message: "no .json files (aws ec2 describe-… --output json) in this directory")
        }
        let outer = base.standardizedFileURL.pathComponents.filter { $0 != "/" }
        return Listing(files: walk.paths.sorted().map { sourceFile($0, outerFolders: outer) }, skipped: walk.skipped)
    }

    /// A depth-first walk in name order.
    private struct Walk {
        let base: URL
        let manager: FileManager
        var paths: [String] = []
        var skipped: [Skipped] = []

        /// Visits the folder at `relative` ("" for the snapshot itself); `realAncestors` are the resolved paths of it
        /// and the folders it is inside, to tell a loop.
        mutating func visit(_ relative: String, realAncestors: [String]) throws(SnapshotError) {
            let folder = relative.isEmpty ? base : base.appendingPathComponent(relative)
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folder.path)
            } catch {
                throw SnapshotError(file: relative.isEmpty ? base.path : relative + "/", jsonPath: "",
                                    message: "cannot read this folder: \(Self.reason(error))")
            }
            for name in names.sorted() {
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                let url = folder.appendingPathComponent(name)
                let attributes = try? manager.attributesOfItem(atPath: url.path)  // lstat: a link is itself
                let isLink = (attributes?[.type] as? FileAttributeType) == .typeSymbolicLink
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else {  // follows links
                    let target = (try? manager.destinationOfSymbolicLink(atPath: url.path)).map { " (\($0))" } ?? ""
                    throw SnapshotError(file: path, jsonPath: "",
                                        message: isLink ? "a symbolic link to nothing\(target)" : "cannot read: it vanished while the folder was read")
                }
                if name.hasPrefix(".") {
                    skipped.append(Skipped(path: path, isFolder: isFolder.boolValue, reason: .hidden))
                    continue
                }
                if isFolder.boolValue {
                    let real = url.resolvingSymlinksInPath().path
                    if let index = realAncestors.firstIndex(of: real) {
                        let ancestor = index == 0 ? "the snapshot folder" : realAncestors[index]
                        throw SnapshotError(file: path, jsonPath: "", message: "a symbolic link loop: it leads back to \(ancestor), which it is inside")
                    }
                    try visit(path, realAncestors: realAncestors + [real])
                    continue
                }
                let resolved = isLink ? (try? manager.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)) : attributes
                guard (resolved?[.type] as? FileAttributeType) == .typeRegular else {
                    skipped.append(Skipped(path: path, isFolder: false, reason: .special))
                    continue
                }
                guard name.lowercased().hasSuffix(".json") else {
                    skipped.append(Skipped(path: path, isFolder: false, reason: .notJSON))
                    continue
                }
                guard manager.isReadableFile(atPath: url.path) else {
                    throw SnapshotError(file: path, jsonPath: "", message: "cannot read: permission denied")
                }
                paths.append(path)
            }
        }

        private static func reason(_ error: Error) -> String {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain, let text = strerror(Int32(code)) {
                return String(cString: text).lowercased()
            }
            return error.localizedDescription
        }
    }

    /// A file's context: the nearest region-named folder and the nearest account folder (12 digits, or the id after
    /// an `accounts` folder), looking at the folders inside the snapshot and then at the snapshot directory's own path.
    static func sourceFile(_ path: String, outerFolders: [String]) -> SourceFile {
        let inner = path.split(separator: "/").dropLast().map(String.init)
        let folders = outerFolders + inner
        let region = folders.last(where: AWSRegion.isRegionName)
        var account: String?
        for (index, folder) in folders.enumerated().reversed() {
            if isAccountID(folder) { account = folder; break }
            if index > 0, folders[index - 1] == "accounts" { account = folder; break }
        }
        return SourceFile(path: path, directory: inner.joined(separator: "/"), region: region, account: account)
    }

    /// An AWS account id: 12 decimal digits.
    static func isAccountID(_ folder: String) -> Bool { folder.count == 12 && folder.allSatisfy { $0.isASCII && $0.isNumber } }
}

extension SnapshotBuilder {
    /// One warning per reason, listing every file and folder the walk passed over
    /// (`skipped files not named *.json: 2 not read (…) (in notes.txt, us-east-1/README.md)`).
    mutating func noteSkipped(_ skipped: [SnapshotDirectory.Skipped]) {
        for entry in skipped {
            let shown = entry.isFolder ? entry.path + "/" : entry.path
            switch entry.reason {
            case .hidden:
                warnings.add("skipped hidden files and folders", file: shown) { count in
                    "\(count) not read (their names start with a dot)"
                }
            case .notJSON:
                warnings.add("skipped files not named *.json", file: shown) { count in
                    "\(count) not read (only *.json files are, as `aws … --output json > FILE.json` writes them)"
                }
            case .special:
                warnings.add("skipped special files", file: shown) { count in
                    "\(count) not read (not regular files: sockets, pipes or devices)"
                }
            }
        }
    }
}

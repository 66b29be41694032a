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
        let files = try SnapshotDirectory.jsonFiles(in: directory)
        var builder = SnapshotBuilder()
        var capturedAt: Date?
        for file in files {
            if file.path == CaptureRecordReader.fileName {
                let record = try CaptureRecordReader.read(try parse(file, in: directory))
                capturedAt = record.capturedAt
                builder.noteFailedCalls(record.failedCalls)
                continue
            }
            try builder.read(try parse(file, in: directory), from: file)
        }
        let snapshot = try builder.finish(files: files.map(\.path))
        return Snapshot(network: snapshot.network, warnings: snapshot.warnings, files: snapshot.files, capturedAt: capturedAt)
    }

    /// Reads and parses one file.
    static func parse(_ file: SourceFile, in directory: String) throws(SnapshotError) -> JSONNode {
        let bytes = try read(file, in: directory)
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
enum SnapshotDirectory {
    static func jsonFiles(in directory: String) throws(SnapshotError) -> [SourceFile] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw SnapshotError(file: directory, jsonPath: "", message: "no such directory")
        }
        guard isDirectory.boolValue else { throw SnapshotError(file: directory, jsonPath: "", message: "not a directory") }
        guard let enumerator = manager.enumerator(atPath: directory) else {
            throw SnapshotError(file: directory, jsonPath: "", message: "cannot list the directory")
        }
        let base = URL(fileURLWithPath: directory)
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            let components = path.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) {
                if let last = components.last, last.hasPrefix(".") { enumerator.skipDescendants() }
                continue
            }
            guard path.lowercased().hasSuffix(".json") else { continue }
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: base.appendingPathComponent(path).path, isDirectory: &isFolder),
                  !isFolder.boolValue else { continue }
            paths.append(path)
        }
        guard !paths.isEmpty else {
            throw SnapshotError(file: directory, jsonPath: "", message: "no .json files (aws ec2 describe-… --output json) in this directory")
        }
        let outer = base.standardizedFileURL.pathComponents.filter { $0 != "/" }
        return paths.sorted().map { sourceFile($0, outerFolders: outer) }
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

import Foundation
import NetworkModel

/// A network read from a folder of `aws ec2 describe-*` JSON files, with what the reader skipped.
public struct Snapshot: Sendable {
    public let network: Network
    /// Things that were read but not modelled, or assumed (unknown top-level keys, delegated IPv6 prefixes,
    /// gateways that routes use but no output describes, …), one per kind.
    public let warnings: [SnapshotWarning]
    /// The JSON files read, relative to the snapshot directory, in the order they were read.
    public let files: [String]
    /// When `pathproof capture` took the snapshot (its `capture.json`), or nil.
    public let capturedAt: Date?

    public init(network: Network, warnings: [SnapshotWarning], files: [String], capturedAt: Date? = nil) {
        self.network = network
        self.warnings = warnings
        self.files = files
        self.capturedAt = capturedAt
    }

    /// A warning when the capture is older than `maxAge` seconds at `now`, or nil.
    public func ageWarning(maxAge: TimeInterval, now: Date = Date()) -> String? {
        guard let capturedAt, now.timeIntervalSince(capturedAt) > maxAge else { return nil }
        let hours = Int(now.timeIntervalSince(capturedAt) / 3600)
        let stamp = ISO8601DateFormatter().string(from: capturedAt)
        return "capture: the snapshot was captured at \(stamp), \(hours) hours ago (more than \(Int(maxAge / 3600)) hours); the network may have changed since (capture it again with pathproof capture, or set PATHPROOF_MAX_SNAPSHOT_AGE to a number of hours)"
    }
}

/// Something the reader skipped or could not use, reported once per kind however often it occurs.
///
/// `message` is the whole sentence, key and files included
/// (`NatGateways: not modelled yet; ignored (in NatGateways.json)`), so that printing either the warning or its
/// message gives the same text.
public struct SnapshotWarning: Sendable, CustomStringConvertible, Hashable, Codable {
    /// What kind of thing was skipped: a top-level key (`NatGateways`) or a kind of data
    /// (`IPv6 prefixes delegated to network interfaces`).
    public let key: String
    /// The files (relative to the snapshot directory) where it occurs.
    public let files: [String]
    public let message: String

    public init(key: String, files: [String], message: String) {
        self.key = key
        self.files = files
        self.message = message
    }

    public var description: String { message }

    /// The key prefixes of the warnings about what the snapshot lacks (`SnapshotCompleteness`): a missing
    /// describe-* output, references no output resolves.
    static let missingOutputPrefix = "missing describe-"
    static let unresolvedReferencesPrefix = "unresolved references"

    /// Whether the warning says the snapshot lacks an output the network needs or names resources no output
    /// describes (answers depending on them are unknown).
    public var concernsCompleteness: Bool {
        key.hasPrefix(Self.missingOutputPrefix) || key.hasPrefix(Self.unresolvedReferencesPrefix)
    }
}

/// Why a snapshot could not be read: the file (relative to the snapshot directory), where in it, and what is wrong.
///
/// Its description reads
/// `describe-route-tables.json: RouteTables[3].Routes[1].DestinationCidrBlock: "10.2.0.0/33" is not a CIDR`,
/// or `file: message` when the problem is not at a JSON path (a missing directory, invalid JSON).
public struct SnapshotError: Error, CustomStringConvertible, Sendable {
    public let file: String
    /// Where in the file, e.g. `Vpcs[0].CidrBlock`; empty when the problem is the file itself.
    public let jsonPath: String
    public let message: String

    public init(file: String, jsonPath: String, message: String) {
        self.file = file
        self.jsonPath = jsonPath
        self.message = message
    }

    public var description: String {
        jsonPath.isEmpty ? "\(file): \(message)" : "\(file): \(jsonPath): \(message)"
    }
}

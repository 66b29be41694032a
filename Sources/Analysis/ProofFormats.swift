import Foundation
import NetworkModel
import Simulation

/// The query a proof is about, as the user asked it.
public struct ProofQueryRecord: Codable, Sendable, Equatable {
    /// The query text, e.g. `can web-1 ping db-1`.
    public var text: String
    /// How its ends were resolved, e.g. `i-0abc (web-1)`.
    public var source: String
    public var destination: String
    /// The traffic, e.g. `ping`, `tcp/22`.
    public var traffic: String
    public var oneWay: Bool

    public init(text: String, source: String, destination: String, traffic: String, oneWay: Bool) {
        self.text = text
        self.source = source
        self.destination = destination
        self.traffic = traffic
        self.oneWay = oneWay
    }

    /// "no packet of this query gets through and back" (or "through", one way).
    public var unreachableStatement: String {
        "no packet of this query gets through\(oneWay ? "" : " and back")"
    }
}

/// The snapshot a proof was made from: its folder (absolute) and the SHA-256 of every file read.
public struct ProofSnapshotRecord: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Equatable {
        /// Relative to the snapshot folder.
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The Terraform file a proof's network was read from (`--terraform`): alone (then `directory` is empty and
    /// `files` too) or laid over the snapshot folder.
    public struct Terraform: Codable, Sendable, Equatable {
        /// Absolute.
        public var file: String
        public var sha256: String
        /// The private addresses unknown until apply, each with the representative it stands as and the addresses it
        /// stands for (every address AWS may assign in its subnet: the proof holds for each of them).
        public var unknownAddresses: [String]?

        public init(file: String, sha256: String, unknownAddresses: [String]? = nil) {
            self.file = file
            self.sha256 = sha256
            self.unknownAddresses = unknownAddresses
        }

        /// Hashes the Terraform file as it is now.
        public static func make(file: String, unknownAddresses: [String]? = nil) throws -> Terraform {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            return Terraform(file: url.path, sha256: SHA256Digest.hex(try Data(contentsOf: url)), unknownAddresses: unknownAddresses)
        }

        /// How the file differs from this record (empty when it is as recorded).
        public func changes() -> [String] {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: file)) else { return ["\(file) is missing"] }
            let now = SHA256Digest.hex(data)
            return now == sha256 ? [] : ["\(file) has changed since the proof was written (SHA-256 \(sha256), now \(now))"]
        }
    }

    /// Empty when the network was read from a Terraform file alone.
    public var directory: String
    public var files: [File]
    /// The Terraform plan or state the network after apply was read from; nil for a snapshot alone.
    public var terraform: Terraform?

    public init(directory: String, files: [File], terraform: Terraform? = nil) {
        self.directory = directory
        self.files = files
        self.terraform = terraform
    }

    /// What the network was read from, in words: the snapshot folder, the Terraform file, or both.
    public var source: String {
        guard let terraform else { return directory }
        return directory.isEmpty ? "\(terraform.file) (Terraform)" : "\(terraform.file) (Terraform) over \(directory)"
    }

    /// Hashes the snapshot files (paths relative to `directory`) as they are now.
    public static func make(directory: String, files: [String]) throws -> ProofSnapshotRecord {
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        return ProofSnapshotRecord(directory: base.path, files: try files.map { path in
            let data = try Data(contentsOf: base.appendingPathComponent(path))
            return File(path: path, sha256: SHA256Digest.hex(data))
        })
    }

    /// How the snapshot folder differs from this record, one sentence per file: changed, missing, or (given the
    /// files a fresh read of the folder finds) new. Empty when it is as recorded.
    public func changes(currentFiles: [String]? = nil) -> [String] {
        var changes = terraform?.changes() ?? []
        guard !directory.isEmpty else { return changes }
        let base = URL(fileURLWithPath: directory)
        for file in files {
            let url = base.appendingPathComponent(file.path)
            guard let data = try? Data(contentsOf: url) else {
                changes.append("\(file.path) is missing from \(directory)")
                continue
            }
            let now = SHA256Digest.hex(data)
            if now != file.sha256 {
                changes.append("\(file.path) has changed since the proof was written (SHA-256 \(file.sha256), now \(now))")
            }
        }
        if let currentFiles {
            let recorded = Set(files.map(\.path))
            for path in currentFiles where !recorded.contains(path) {
                changes.append("\(path) is new in \(directory): the snapshot has a file the proof did not read")
            }
        }
        return changes
    }
}

/// A packet as JSON records it: in answers, reports and proofs.
public struct PacketRecord: Codable, Sendable, Equatable {
    public var source: String
    public var destination: String
    public var `protocol`: String
    public var protocolNumber: UInt8
    public var sourcePort: UInt16?
    public var destinationPort: UInt16?
    public var icmpType: UInt8?
    public var icmpCode: UInt8?

    public init(_ packet: Packet) {
        source = packet.source.description
        destination = packet.destination.description
        self.protocol = IPProtocolNumber.name(packet.ipProtocol)
        protocolNumber = packet.ipProtocol
        let ports = IPProtocolNumber.hasPorts(packet.ipProtocol)
        sourcePort = ports ? packet.sourcePort : nil
        destinationPort = ports ? packet.destinationPort : nil
        let icmp = IPProtocolNumber.isICMP(packet.ipProtocol)
        icmpType = icmp ? packet.icmpType : nil
        icmpCode = icmp ? packet.icmpCode : nil
    }

    /// The packet; nil when an address is not an IP address, or the two are of different families.
    public var packet: Packet? {
        guard let source = IPAddress(source), let destination = IPAddress(destination), source.family == destination.family else { return nil }
        return Packet(source: source, destination: destination, ipProtocol: protocolNumber, sourcePort: sourcePort ?? 0,
                      destinationPort: destinationPort ?? 0, icmpType: icmpType ?? 0, icmpCode: icmpCode ?? 0)
    }
}

/// `witness.json`: a reachable answer's witness, to replay through the concrete walker.
public struct ProofWitness: Codable, Sendable {
    public static let formatName = "pathproof-witness 1"

    public var format: String
    public var verdict: String
    public var query: ProofQueryRecord
    public var snapshot: ProofSnapshotRecord
    public var z3Version: String
    /// The packet as sent.
    public var packet: PacketRecord
    /// Where it is sent from and where it arrives: an ENI id or `internet`.
    public var source: String
    public var destination: String
    /// The packet as it arrives (after an internet gateway's address translation).
    public var deliveredPacket: PacketRecord
    public var forward: [Hop]
    /// nil for one-way queries and for ICMP messages that get no reply.
    public var `return`: [Hop]?

    public init(query: ProofQueryRecord, snapshot: ProofSnapshotRecord, z3Version: String, packet: Packet, source: Location,
                destination: Location, deliveredPacket: Packet, forward: [Hop], return back: [Hop]?) {
        format = Self.formatName
        verdict = "reachable"
        self.query = query
        self.snapshot = snapshot
        self.z3Version = z3Version
        self.packet = PacketRecord(packet)
        self.source = source.description
        self.destination = destination.description
        self.deliveredPacket = PacketRecord(deliveredPacket)
        self.forward = forward
        self.return = back
    }
}

/// `manifest.json`: what each part of `claim.smt2` encodes.
public struct ProofManifest: Codable, Sendable {
    public static let formatName = "pathproof-claim 1"

    /// A configuration element a condition reads (nil for facts of the query itself).
    public struct CheckpointRecord: Codable, Sendable, Equatable {
        /// The AWS id the checkpoint belongs to (an ENI for its security groups).
        public var component: String
        /// `instance-running`, `interface-attached`, `security-groups`, `network-acl`, `route-table`,
        /// `peering-active`, `peering-missing`, `gateway-attached`, `gateway-missing`, `public-address`,
        /// `transit-gateway-available`, `transit-gateway-attachment-available`, `transit-gateway-attachment-zone`,
        /// `transit-gateway-association`, `transit-gateway-route-table`.
        public var kind: String
        public var direction: String?
        public var leg: String?
        public var description: String
    }

    /// The assertions that encode one configuration element (or the query itself, or facts of the paths).
    public struct Group: Codable, Sendable {
        public var id: String
        /// The AWS ids it encodes (`sg-…`, `acl-…`, `rtb-…`, …), or `query`, `path facts`, `unmodelled`.
        public var elements: [String]
        public var checkpoint: CheckpointRecord?
        public var description: String
        /// The names of its constants, each defined by one assertion of claim.smt2.
        public var constants: [String]
    }

    /// One Bool constant of claim.smt2, defined as one condition.
    public struct Constant: Codable, Sendable {
        /// The SMT-LIB2 symbol, without the bars: `c17 sg-0abc inbound forward`.
        public var name: String
        public var group: String
        /// The candidate path (1-based) and the part of it (`forward`, `return 2`); nil for the query's own constraints.
        public var alternative: Int?
        public var path: String?
        public var elements: [String]
        public var checkpoint: CheckpointRecord?
        public var sentence: String
    }

    /// One candidate path: its constants in the order the packet meets them.
    public struct Path: Codable, Sendable {
        public var alternative: Int
        public var path: String
        public var from: String
        public var to: String
        public var constants: [String]
    }

    /// An element the answer names as blocking (all of them must change), with the group that encodes it.
    public struct Blocker: Codable, Sendable {
        public var component: String
        public var code: String
        public var path: String
        public var direction: String?
        public var message: String
        public var group: String?
    }

    public struct Script: Codable, Sendable {
        public var file: String
        public var logic: String
        /// What an SMT solver must answer for the claim to hold: `unsat`.
        public var expect: String
        public var assertions: Int
        public var check: String
    }

    public var format: String
    public var verdict: String
    /// The claim in words: `no packet of this query gets through and back`.
    public var claim: String
    public var query: ProofQueryRecord
    public var snapshot: ProofSnapshotRecord
    public var z3Version: String
    /// What Z3 answered on the exported script before it was written.
    public var z3Answer: String
    public var smt2: Script
    /// The shape of the last assertion, over the constants.
    public var formula: String
    public var groups: [Group]
    public var constants: [Constant]
    public var paths: [Path]
    public var blockers: [Blocker]
    public var note: String?
}

/// A proof of an answer, ready to write to a folder.
public enum ProofDocument: Sendable {
    /// Unreachable: `claim.smt2`, `manifest.json`, `README.txt`.
    case claim(ProofManifest, script: String)
    /// Reachable: `witness.json`, `README.txt`.
    case witness(ProofWitness)

    public static let claimFile = "claim.smt2"
    public static let manifestFile = "manifest.json"
    public static let witnessFile = "witness.json"
    public static let readmeFile = "README.txt"

    /// The files written, by name: the proof's own, then `identity.txt` (`ProofIdentity`) over them.
    public func files() throws -> [(name: String, text: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let covered: [(name: String, text: String)]
        let readme: String
        switch self {
        case .claim(let manifest, let script):
            let json = String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n"
            covered = [(Self.claimFile, script), (Self.manifestFile, json)]
            readme = Self.readme(manifest)
        case .witness(let witness):
            let json = String(decoding: try encoder.encode(witness), as: UTF8.self) + "\n"
            covered = [(Self.witnessFile, json)]
            readme = Self.readme(witness)
        }
        let identity = ProofIdentity.text(covered.map { ($0.name, Array($0.text.utf8)) })
        return covered + [(Self.readmeFile, readme), (ProofIdentity.file, identity)]
    }

    /// Writes the proof into `directory` (created when missing), replacing the proof files of an earlier one.
    /// Returns the paths written.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        let manager = FileManager.default
        let base = URL(fileURLWithPath: directory)
        try manager.createDirectory(at: base, withIntermediateDirectories: true)
        let files = try files()
        let names = Set(files.map(\.name))
        for stale in [Self.claimFile, Self.manifestFile, Self.witnessFile, Self.readmeFile, ProofIdentity.file] where !names.contains(stale) {
            let url = base.appendingPathComponent(stale)
            if manager.fileExists(atPath: url.path) { try manager.removeItem(at: url) }
        }
        return try files.map { name, text in
            let url = base.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    private static func snapshotLines(_ snapshot: ProofSnapshotRecord) -> String {
        var lines: [String] = []
        if let terraform = snapshot.terraform {
            lines.append("Terraform: \(terraform.file) (its SHA-256 is recorded): the network after apply\(snapshot.directory.isEmpty ? "" : ", laid over the snapshot")")
            for address in terraform.unknownAddresses ?? [] { lines.append("  \(address)") }
        }
        if !snapshot.directory.isEmpty {
            lines.append("Snapshot: \(snapshot.directory) (\(snapshot.files.count) files; their SHA-256 digests are recorded)")
        }
        return lines.joined(separator: "\n")
    }

    static func readme(_ manifest: ProofManifest) -> String {
        var text = """
        PathProof proof: UNREACHABLE
        Query: \(manifest.query.text)\(manifest.query.oneWay ? " (one way)" : "")
          from \(manifest.query.source) to \(manifest.query.destination), \(manifest.query.traffic)
        \(snapshotLines(manifest.snapshot))
        Claim: \(manifest.claim).

        claim.smt2 is a self-contained SMT-LIB2 script (logic QF_BV, plain assertions, one check-sat). It is
        unsatisfiable exactly when \(manifest.claim), so any SMT solver that answers "unsat"
        confirms the verdict without PathProof or Z3:

            cvc5 --lang smt2 claim.smt2
            pathproof verify <this folder>    (runs cvc5, and checks that the snapshot files are unchanged)

        How to read it. Every condition a packet must meet on a candidate path is a Bool constant named after the
        configuration element it encodes, e.g. |c7 sg-0abc inbound forward|, defined by one assertion
        (= |c7 …| <condition>). The definitions come in groups, one per element, each introduced by a comment.
        The last assertion is over these constants only:
            \(manifest.formula)
        manifest.json lists every group and constant with its element (component, kind, direction, leg), the
        candidate path it belongs to (forward or return) and a plain sentence.


        """
        if !manifest.blockers.isEmpty {
            text += "Blocking elements (all must change for the query to become reachable):\n"
            for blocker in manifest.blockers {
                text += "  - \(blocker.component) [\(blocker.code), \(blocker.path)\(blocker.direction.map { " \($0)" } ?? "")]"
                    + "\(blocker.group.map { ", group \($0)" } ?? ""): \(blocker.message)\n"
            }
        } else if let note = manifest.note {
            text += "\(note)\n"
        }
        return text
    }

    static func readme(_ witness: ProofWitness) -> String {
        var text = """
        PathProof proof: REACHABLE
        Query: \(witness.query.text)\(witness.query.oneWay ? " (one way)" : "")
          from \(witness.query.source) to \(witness.query.destination), \(witness.query.traffic)
        \(snapshotLines(witness.snapshot))

        witness.json holds a packet of this query that gets through\(witness.return == nil ? "" : " and back"): sent from \(witness.source == "internet" ? "the internet" : witness.source), delivered at
        \(witness.destination == "internet" ? "the internet" : witness.destination), with every hop of its forward\(witness.return == nil ? "" : " and return") path. To check it, replay it through
        PathProof's concrete packet walker (plain Swift, independent of the SMT encoding):

            pathproof verify <this folder>

        which reloads the snapshot, checks that its files are unchanged, walks the packet forward and back and
        compares every hop with the recorded ones.

        Forward path:

        """
        for (i, hop) in witness.forward.enumerated() { text += "  \(i + 1). \(hop.component) [\(hop.kind.rawValue)] \(hop.detail)\n" }
        if let back = witness.return {
            text += "Return path:\n"
            for (i, hop) in back.enumerated() { text += "  \(i + 1). \(hop.component) [\(hop.kind.rawValue)] \(hop.detail)\n" }
        }
        return text
    }
}

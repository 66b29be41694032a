import AWSSnapshot
import Foundation

/// Fresh temporary files and folders for tests (named `pathproof-<label>-<uuid>`); a test removes what it made.
public enum Temporary {
    /// A path nothing exists at yet.
    public static func path(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-\(label)-\(UUID().uuidString)").path
    }

    /// A new folder holding `files` (names may contain folders: `us-east-1/vpcs.json`).
    public static func folder(_ label: String, files: [String: String] = [:]) throws -> String {
        let directory = path(label)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return directory
    }

    /// A new file holding `text`, its name ending in `suffix` (`.smt2`, `.reach`).
    public static func file(_ text: String, label: String = "file", suffix: String) throws -> String {
        let file = path(label) + suffix
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// A temporary snapshot folder, written file by file and removed when the object goes away.
public final class TemporarySnapshot {
    public let path: String

    public init(files: [String: String] = [:]) throws {
        path = try Temporary.folder("aws", files: files)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (which may contain folders) inside the snapshot.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> TemporarySnapshot {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return self
    }

    public func load() throws -> Snapshot { try SnapshotReader.load(directory: path) }

    /// The error loading this snapshot throws, as text; nil if it loads.
    public func loadError() -> String? {
        do {
            _ = try SnapshotReader.load(directory: path)
            return nil
        } catch {
            return error.description
        }
    }
}

/// Small snapshots written by hand, for what the example labs do not show.
public enum SampleSnapshots {
    /// One subnet whose default route goes to a NAT gateway the snapshot does not describe: answers out of it are
    /// unknown (the CLI exits 3, a proof cannot be written).
    public static let undescribedNATGateway: [String: String] = [
        "vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        "subnets.json": #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}"#,
        "rtb.json": #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true, "RouteTableId": "rtb-1"}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"}]}]}"#,
        "sg.json": #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
        "eni.json": #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Status": "in-use", "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}]}]}"#,
    ]
}

import AWSSnapshot
import Foundation
import NetworkModel
import Testing

/// Where the test fixtures live: the package's example labs under Queries/, and the shared corpus of real AWS
/// captures, which is found relative to the package root (`../shared/corpus/batfish-aws`, beside the repository's
/// folder wherever it is cloned) and never copied into the project.
public enum Fixtures {
    /// The package's folder (the one holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// A path inside the package (`Queries/seed`, `Tests/Golden/…`).
    public static func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    /// A stage folder of the seed lab (Queries/seed).
    public static func seed(_ stage: String) -> String { StageLab.seed.directory(stage) }

    /// A stage folder of the transit gateway lab (Queries/transit).
    public static func transit(_ stage: String) -> String { StageLab.transit.directory(stage) }

    /// The example `.reach` files under Queries/, relative to the package root (`Queries/policies/exposure.reach`),
    /// sorted; throws if Queries/ cannot be read.
    public static func reachFiles() throws -> [String] {
        let queries = path("Queries")
        guard let enumerator = FileManager.default.enumerator(atPath: queries), let found = enumerator.allObjects as? [String] else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: queries])
        }
        return found.filter { $0.hasSuffix(".reach") }.sorted().map { "Queries/\($0)" }
    }

    // MARK: The corpus

    /// The Batfish AWS scenarios, `../shared/corpus/batfish-aws` from the package root; `PATHPROOF_CORPUS` names
    /// another folder.
    public static let corpus: String = ProcessInfo.processInfo.environment["PATHPROOF_CORPUS"]
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/batfish-aws").standardizedFileURL.path

    public static var corpusPresent: Bool { isDirectory(corpus) }

    /// Why the corpus tests are skipped (shown by the test runner).
    public static let corpusAbsent = Comment(rawValue: "the corpus is not present at ../shared/corpus/batfish-aws (\(corpus)): skipped")

    /// The scenarios of the corpus (each a folder with `aws_configs`), sorted. Throws if the corpus cannot be read.
    public static func corpusScenarios() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus).sorted().filter { isDirectory("\(corpus)/\($0)/aws_configs") }
    }

    /// The snapshot folder of a corpus scenario.
    public static func scenario(_ name: String) -> String { "\(corpus)/\(name)/aws_configs" }

    // MARK: Loading and finding

    public static func load(_ directory: String) throws -> Network {
        try SnapshotReader.load(directory: directory).network
    }

    /// The id of the resource with this Name tag (instance, SG, route table, VPC, subnet, …).
    public static func id(named name: String, in network: Network) -> String? {
        if let x = network.instances.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.securityGroups.first(where: { $0.tags.name == name || $0.name == name }) { return x.id }
        if let x = network.routeTables.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.vpcs.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.subnets.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.peeringConnections.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.internetGateways.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.networkACLs.first(where: { $0.tags.name == name }) { return x.id }
        return nil
    }

    /// The id of the resource with this Name tag, transit gateway resources included.
    public static func anyID(named name: String, in network: Network) -> String? {
        if let id = id(named: name, in: network) { return id }
        if let x = network.transit.gateways.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.transit.routeTables.first(where: { $0.tags.name == name }) { return x.id }
        if let x = network.transit.attachments.first(where: { $0.tags.name == name }) { return x.id }
        return nil
    }

    /// The folders directly inside `directory`, sorted; throws if it cannot be read.
    public static func folders(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { isDirectory("\(directory)/\($0)") }.sorted()
    }

    public static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

/// An IP prefix written in a test (`prefix("10.1.0.0/16")`); a typo stops the test.
public func prefix(_ text: String) -> IPPrefix { IPPrefix(text)! }

/// An IP address written in a test (`address("10.1.0.10")`); a typo stops the test.
public func address(_ text: String) -> IPAddress { IPAddress(text)! }

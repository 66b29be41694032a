import AWSSnapshot
import Foundation
import NetworkModel
import Testing

/// Where the test fixtures live: the seed snapshots in Queries/, and the shared corpus when present.
enum Fixtures {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static func seed(_ stage: String) -> String { packageRoot.appendingPathComponent("Queries/seed/\(stage)").path }

    static let corpusRoot: String = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/batfish-aws").path

    static var corpusPresent: Bool { FileManager.default.fileExists(atPath: corpusRoot) }

    static var corpusScenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpusRoot)) ?? [])
            .filter { FileManager.default.fileExists(atPath: "\(corpusRoot)/\($0)/aws_configs") }.sorted()
    }

    static func load(_ directory: String) throws -> Network {
        try SnapshotReader.load(directory: directory).network
    }

    /// The id of the resource with this Name tag (instance, SG, route table, VPC, subnet, …).
    static func id(named name: String, in network: Network) -> String? {
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
}

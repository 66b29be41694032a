import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// The generated seed snapshots under `Queries/seed/<stage>/` (committed: a missing stage fails).
@Suite struct SeedTests {
    @Test func everyStageLoads() throws {
        for stage in StageLab.seed.stages {
            let snapshot = try SnapshotReader.load(directory: Fixtures.seed(stage))
            let n = snapshot.network
            print("[seed \(stage)] \(snapshot.files.count) files; \(n.vpcs.count) VPCs, \(n.peeringConnections.count) peerings, "
                + "\(n.instances.count) instances, \(n.networkInterfaces.count) ENIs")
            for warning in snapshot.warnings { print("  warning: \(warning)") }
            #expect(!n.vpcs.isEmpty, "\(stage) has VPCs")
            for vpc in n.vpcs { #expect(vpc.region != nil, "\(stage): \(vpc.id) has a region") }
        }
    }

    @Test func stageTenSpansTwoRegions() throws {
        let stage = try #require(StageLab.seed.stages.first { $0.hasPrefix("10-") })
        let network = try SnapshotReader.load(directory: Fixtures.seed(stage)).network
        #expect(network.peeringConnections.count == 1)
        let connection = try #require(network.peeringConnections.first)
        #expect(connection.requester.region == "us-east-1" && connection.accepter.region == "us-west-2")
        #expect(network.vpc(connection.requester.vpcID)?.region == "us-east-1")
        #expect(network.vpc(connection.accepter.vpcID)?.region == "us-west-2")
        #expect(Set(network.vpcs.compactMap(\.region)) == ["us-east-1", "us-west-2"])
    }

    @Test func stageEightHasAnElasticIP() throws {
        let directory = Fixtures.seed(try #require(StageLab.seed.stages.first { $0.hasPrefix("08-") }))
        let network = try SnapshotReader.load(directory: directory).network
        // The Elastic IP as describe-addresses printed it (the fixture builder allocates a new one each run).
        let addresses = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/describe-addresses.json"))) as? [String: Any]
        let publicIP = try #require(((addresses?["Addresses"] as? [[String: Any]])?.first?["PublicIp"] as? String).flatMap { IPAddress($0) })
        let interface = try #require(network.networkInterface(publicAddress: publicIP))
        #expect(interface.primaryAddress == address("10.1.0.10") && interface.instanceID != nil)
        #expect(interface.addresses.first?.elasticIPAllocationID?.hasPrefix("eipalloc-") == true)
        #expect(network.vpcs.contains { $0.isDefault && $0.cidrBlocks == [prefix("172.31.0.0/16")] })
    }
}

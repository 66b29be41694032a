import Testing
@testable import AWSSnapshot
import NetworkModel

/// The generated seed snapshots under `Queries/seed/<stage>/`.
@Suite(.enabled(if: !Fixtures.seedStages().isEmpty, "seed fixtures not present at \(Fixtures.seed)"))
struct SeedTests {
    @Test func everyStageLoads() throws {
        for stage in Fixtures.seedStages() {
            let snapshot = try SnapshotReader.load(directory: "\(Fixtures.seed)/\(stage)")
            let n = snapshot.network
            print("[seed \(stage)] \(snapshot.files.count) files; \(n.vpcs.count) VPCs, \(n.peeringConnections.count) peerings, "
                + "\(n.instances.count) instances, \(n.networkInterfaces.count) ENIs")
            for warning in snapshot.warnings { print("  warning: \(warning)") }
            #expect(!n.vpcs.isEmpty, "\(stage) has VPCs")
            for vpc in n.vpcs { #expect(vpc.region != nil, "\(stage): \(vpc.id) has a region") }
        }
    }

    @Test(.enabled(if: Fixtures.seedStage("10") != nil, "seed stage 10 not generated"))
    func stageTenSpansTwoRegions() throws {
        let network = try SnapshotReader.load(directory: try #require(Fixtures.seedStage("10"))).network
        #expect(network.peeringConnections.count == 1)
        let connection = try #require(network.peeringConnections.first)
        #expect(connection.requester.region == "us-east-1" && connection.accepter.region == "us-west-2")
        #expect(network.vpc(connection.requester.vpcID)?.region == "us-east-1")
        #expect(network.vpc(connection.accepter.vpcID)?.region == "us-west-2")
        #expect(Set(network.vpcs.compactMap(\.region)) == ["us-east-1", "us-west-2"])
    }

    @Test(.enabled(if: Fixtures.seedStage("08") != nil, "seed stage 08 not generated"))
    func stageEightHasAnElasticIP() throws {
        let network = try SnapshotReader.load(directory: try #require(Fixtures.seedStage("08"))).network
        let interface = try #require(network.networkInterface(publicAddress: address("44.205.75.66")))
        #expect(interface.primaryAddress == address("10.1.0.10") && interface.instanceID != nil)
        #expect(interface.privateAddresses.first?.elasticIPAllocationID?.hasPrefix("eipalloc-") == true)
        #expect(network.vpcs.contains { $0.isDefault && $0.cidrBlocks == [prefix("172.31.0.0/16")] })
    }
}

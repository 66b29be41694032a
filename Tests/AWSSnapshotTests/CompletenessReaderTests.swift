import Foundation
import NetworkModel
import PathProofTestSupport
import Testing
@testable import AWSSnapshot

/// The completeness record of a snapshot: the kinds it holds, the references it leaves unresolved, and a warning
/// for each naming the describe command to run.
@Suite struct CompletenessReaderTests {
    /// A copy of a seed stage (folders included) without the files at `removed` (paths inside the stage).
    static func stage(_ name: String, removing removed: [String]) throws -> String {
        let copy = Temporary.path("completeness")
        try FileManager.default.copyItem(atPath: Fixtures.seed(name), toPath: copy)
        for path in removed { try FileManager.default.removeItem(atPath: "\(copy)/\(path)") }
        return copy
    }

    @Test(arguments: ["06-ping-works", "10-inter-region-sg-reference", "11-inter-region-works"])
    func seedStagesAreComplete(stage: String) throws {
        let snapshot = try SnapshotReader.load(directory: Fixtures.seed(stage))
        #expect(snapshot.network.completeness.danglingReferences.isEmpty, "\(snapshot.network.completeness.danglingReferences)")
        for kind in [SnapshotCompleteness.Kind.vpcs, .subnets, .routeTables, .peeringConnections, .securityGroups, .networkACLs] {
            #expect(snapshot.network.completeness.holds(kind), "\(stage): \(kind)")
        }
        #expect(snapshot.warnings.filter { $0.concernsCompleteness }.isEmpty, "\(snapshot.warnings)")
    }

    @Test func aMissingSecurityGroupsOutputIsAMissingKindWithAWarning() throws {
        let directory = try Self.stage("06-ping-works", removing: ["describe-security-groups.json"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        #expect(!snapshot.network.completeness.holds(.securityGroups))
        let warning = try #require(snapshot.warnings.first { $0.key == "missing describe-security-groups output" }, "\(snapshot.warnings)")
        #expect(warning.concernsCompleteness)
        #expect(warning.message.contains("add the output of aws ec2 describe-security-groups"), "\(warning)")
    }

    /// One region's folder without its security groups, network ACLs and VPCs while the other region's has them:
    /// the kinds count as present, so each of that region's references is unresolved.
    @Test func oneRegionsMissingOutputsAreUnresolvedReferences() throws {
        let directory = try Self.stage("11-inter-region-works", removing: [
            "us-west-2/describe-security-groups.json", "us-west-2/describe-network-acls.json", "us-west-2/describe-vpcs.json",
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        let completeness = snapshot.network.completeness
        #expect(completeness.holds(.securityGroups) && completeness.holds(.networkACLs) && completeness.holds(.vpcs))
        let kinds = Set(completeness.danglingReferences.map(\.kind))
        #expect(kinds == [.securityGroups, .networkACLs, .vpcs], "\(completeness.danglingReferences)")
        let west = snapshot.network.networkInterfaces.filter { interface in
            completeness.dangling(.securityGroups, from: interface.id).isEmpty == false
        }
        #expect(!west.isEmpty)
        for kind in ["describe-security-groups", "describe-network-acls", "describe-vpcs"] {
            #expect(snapshot.warnings.contains { $0.concernsCompleteness && $0.message.contains("aws ec2 \(kind)") }, "\(kind): \(snapshot.warnings)")
        }
    }

    @Test func aNetworkBuiltInCodeIsAssumedComplete() {
        #expect(Network().completeness == .assumedComplete)
        #expect(SnapshotCompleteness.assumedComplete.isComplete)
    }
}

import AWSSnapshot
import Foundation
import PathProofTestSupport
import TerraformPlan
import Testing

/// Every real `terraform show -json` output of the corpus (../shared/corpus/terraform) loads: no error; what is
/// not modelled is a warning, one per type.
@Suite(.enabled(if: TerraformFixtures.corpusPresent, TerraformFixtures.corpusAbsent))
struct TerraformCorpusTests {
    @Test(arguments: try TerraformFixtures.corpusPresent ? TerraformFixtures.corpusFiles() : [])
    func loads(_ file: String) throws {
        let network = try TerraformReader.load(file: file)
        let unmodelled = network.warnings.filter { $0.message.contains("not modelled yet") }
        #expect(Set(unmodelled.map(\.key)).count == unmodelled.count, "a type warned twice: \(unmodelled)")
        print("\((file as NSString).lastPathComponent): \(network.after.network.vpcs.count) VPCs, \(network.after.network.subnets.count) subnets, \(network.after.network.securityGroups.count) security groups, \(network.after.network.instances.count) instances; \(network.warnings.count) warnings")
    }

    @Test func countAndModuleAddresses() throws {
        let plan = try TerraformReader.load(file: "\(TerraformFixtures.corpus)/tc-vpc-module/plan.out.json")
        #expect(plan.addresses.values.contains("module.vpc.aws_subnet.public[0]"))
        #expect(plan.after.network.subnets.count == 6)
        let nested = try TerraformReader.load(file: "\(TerraformFixtures.corpus)/regula-nested-modules/resource_view_06_tf_v1_0_infra.json")
        #expect(nested.addresses.values.contains { $0.hasPrefix("module.child1.module.grandchild1.") })
    }

    @Test func priorStateIdsAreKept() throws {
        let plan = try TerraformReader.load(file: "\(TerraformFixtures.corpus)/tc-alb-prior-state/plan.out.json")
        #expect(plan.isPlan)
        #expect(plan.after.network.securityGroups.contains { $0.id.hasPrefix("sg-") })
        #expect(plan.before != nil)
    }
}

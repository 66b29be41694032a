import Analysis
import AWSSnapshot
import NetworkModel
import PathProofTestSupport
import Questions
import TerraformPlan
import Testing

/// The seed lab, stage by stage, read from Terraform state (Queries/terraform/seed, written by
/// Queries/terraform/build-seed-state.py) answers exactly as the describe-* snapshot of the same stage: same verdict,
/// same blockers, same components on the path.
@Suite struct SeedAgreementTests {
    static let lab = StageLab.seed

    @Test(arguments: StageLab.seed.cases)
    func sameAnswer(_ item: StageLab.Case) throws {
        let described = try Fixtures.load(Self.lab.directory(item.stage))
        let terraform = try TerraformReader.load(file: TerraformFixtures.seedState(item.stage))
        let fromSnapshot = try ReachabilityQuestions(network: described).ask(item.query)
        let fromTerraform = try ReachabilityQuestions(network: terraform.after.network).ask(item.query)
        let text = AnswerRendering.text(fromTerraform)
        #expect(fromTerraform.answer.verdict == fromSnapshot.answer.verdict, "\(item)\n\(text)")
        let blockers = { (result: QuestionResult) in result.answer.blockers.map { "\($0.code) \($0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted() }
        #expect(blockers(fromTerraform) == blockers(fromSnapshot), "\(item)\n\(text)\n---\n\(AnswerRendering.text(fromSnapshot))")
        let hops = { (result: QuestionResult) in result.answer.forward?.hops.map(\.component) ?? [] }
        #expect(hops(fromTerraform) == hops(fromSnapshot), "\(item)\n\(text)")
        // And the lab's own expectation holds.
        let expected = Self.lab.reachable?.contains(item) == true ? Verdict.reachable : .unreachable
        #expect(fromTerraform.answer.verdict == expected, "\(item)\n\(text)")
    }

    @Test(arguments: StageLab.seed.stages)
    func noWarnings(_ stage: String) throws {
        let terraform = try TerraformReader.load(file: TerraformFixtures.seedState(stage))
        #expect(terraform.warnings.isEmpty, "\(terraform.warnings)")
        #expect(!terraform.isPlan)
        #expect(terraform.before == nil)
    }
}

@testable import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import SMT
import Testing

/// What an UNKNOWN verdict says: a solver timeout says it is one, and only a packet that does get into a component
/// PathProof does not model names that component.
@Suite struct UnknownVerdictTests {
    static let unmodelled = "rtb-1 in vpc-1 sends the packet on to tgw-1 after tgw-attach-1: traffic through a VPC is not modelled yet"

    @Test func aTimedOutCheckForUnmodelledPathsSaysItTimedOut() throws {
        let network = try Fixtures.load(StageLab.transit.directory("01-working"))
        let engine = ReachabilityEngine(network: network, timeoutMilliseconds: 7)
        let context = SMTContext()
        let verdict = engine.unmodelledVerdict(.unknown(reason: "timeout"), [(context.boolean("escapes"), Self.unmodelled)], model: nil)
        guard case .unknown(let reason)? = verdict else { Issue.record("expected unknown, got \(String(describing: verdict))"); return }
        #expect(reason == "the solver timed out after 7 ms (timeout)")
        #expect(!reason.contains("not modelled"))
    }

    @Test func aSatisfiableCheckForUnmodelledPathsNamesTheComponent() throws {
        let network = try Fixtures.load(StageLab.transit.directory("01-working"))
        let engine = ReachabilityEngine(network: network)
        let context = SMTContext()
        let escapes = context.boolean("escapes"), other = context.boolean("other")
        let solver = context.makeSolver()
        solver.assert(escapes)
        solver.assert(context.not(other))
        #expect(try solver.check() == .satisfiable)
        let verdict = engine.unmodelledVerdict(.satisfiable, [(other, "something else"), (escapes, Self.unmodelled)], model: solver.model())
        #expect(verdict == .unknown(reason: Self.unmodelled))
        #expect(engine.unmodelledVerdict(.unsatisfiable, [(escapes, Self.unmodelled)], model: nil) == nil)
    }

    @Test func aGiveUpThatIsNoTimeoutSaysSo() throws {
        let engine = ReachabilityEngine(network: try Fixtures.load(StageLab.transit.directory("01-working")), timeoutMilliseconds: 7)
        #expect(engine.noAnswer("incomplete quantifiers") == "the solver gave no answer (incomplete quantifiers)")
        #expect(engine.noAnswer("canceled") == "the solver timed out after 7 ms (canceled)")
    }

    /// The whole query, as asked: a packet does get through the transit gateway's Direct Connect gateway
    /// attachment, so the answer names it.
    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func anUnmodelledPathNamesItsComponent() throws {
        let network = try Fixtures.load(Fixtures.scenario("test-direct-connect-gateway"))
        let answer = try ReachabilityQuestions(network: network).ask("can i-dx01 reach onprem:10.0.0.0/8 on tcp/22").answer
        guard case .unknown(let reason) = answer.verdict else { Issue.record("expected unknown, got \(answer.verdict)"); return }
        #expect(!reason.contains("solver"), "\(reason)")
    }
}

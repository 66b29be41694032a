import Foundation
import Testing
@testable import SMT

@Suite struct ContextTests {
    @Test func versionIsReported() {
        let version = SMTContext.z3Version
        #expect(version.split(separator: ".").count == 4)
        #expect(version.hasPrefix("4."))
    }

    /// The sorts of a bit-vector and a Bool constant, and of terms made of them, in `context`.
    static func sortsOfTerms(in context: SMTContext) -> (x: Term, p: Term) {
        let x = context.bitVector("x", width: 12)
        let p = context.boolean("p")
        #expect(x.bitWidth == 12)
        #expect(!x.isBool)
        #expect(p.isBool)
        #expect(p.bitWidth == nil)
        #expect(context.equal(x, context.bitVector(7, width: 12)).isBool)
        #expect(context.ite(p, x, context.bitVector(0, width: 12)).bitWidth == 12)
        return (x, p)
    }

    @Test func termsKnowTheirSorts() {
        let context = SMTContext()
        let (x, p) = Self.sortsOfTerms(in: context)
        #expect(x.description == "x")
        #expect(context.and([]).description == "true")
        #expect(context.or([]).description == "false")
        #expect(context.and([p]) === p)
        #expect(context.or([p]) === p)
    }

    /// A structural context gives terms of the same sorts, with the same identities where they matter (`and`/`or`
    /// of one Bool term is that term; every other constructor gives a new term), and makes no solver.
    @Test func structuralTermsKnowTheirSorts() {
        let context = SMTContext.structural()
        #expect(context.isStructural)
        #expect(!SMTContext().isStructural)
        let (x, p) = Self.sortsOfTerms(in: context)
        #expect(context.ite(p, p, context.boolean(false)).isBool)
        #expect(context.bitVector(wide: 1 << 100, width: 128).bitWidth == 128)
        #expect(context.and([p]) === p)
        #expect(context.or([p]) === p)
        let q = context.boolean("q")
        #expect(context.and([p, q]) !== context.and([p, q]))
        #expect(context.boolean(true) !== context.boolean(true))
        #expect(context.inRange(x, 3, 9).isBool)
        #expect(context.inRange(x, wide: 3, 9).isBool)
        #expect(context.not(context.implies(p, q)).isBool)
        #expect(context.unsignedLess(x, x).isBool && context.unsignedLessOrEqual(x, x).isBool)
        #expect(x.description == "(structural (_ BitVec 12))")
        #expect(context.error == nil)
        // The same errors as a Z3 context records.
        _ = context.bitVector(300, width: 8)
        #expect(context.error != nil)
        #expect(context.smtlib2Script(assertions: [p]).hasPrefix(";"))
        #expect(!context.smtlib2Script(assertions: [p]).contains("check-sat"))
    }

    @Test func inRangeShapes() {
        let context = SMTContext()
        let x = context.bitVector("x", width: 8)
        #expect(context.inRange(x, 5, 5).description == context.equal(x, context.bitVector(5, width: 8)).description)
        #expect(context.inRange(x, 0, 255).description == "true")
        #expect(context.inRange(x, 0, 1000).description == "true")
        #expect(context.inRange(x, 9, 3).description == "false")
        #expect(context.inRange(x, 300, 400).description == "false")
        #expect(context.inRange(x, 255, 1000).description == context.equal(x, context.bitVector(255, width: 8)).description)
        #expect(context.error == nil)
    }

    @Test func inRangeIsExactAtTheBounds() throws {
        let context = SMTContext()
        let x = context.bitVector("x", width: 8)
        let range = context.inRange(x, 10, 20)
        let solver = context.makeSolver()
        for (value, inside) in [(9, false), (10, true), (15, true), (20, true), (21, false)] {
            let claim = context.equal(range, context.boolean(inside))
            let pinned = context.equal(x, context.bitVector(UInt64(value), width: 8))
            #expect(try solver.check(assuming: [pinned, context.not(claim)]) == .unsatisfiable, "value \(value)")
        }
    }

    @Test func sortMismatchIsRecordedNotFatal() throws {
        let context = SMTContext()
        let p = context.boolean("p")
        let x = context.bitVector("x", width: 8)
        let bad = context.equal(p, x)
        let error = try #require(context.error)
        print("sort mismatch reported as: \(error)")
        #expect(bad.isBool)
        #expect(bad.description == "false")
        // The context stays usable; the error is sticky and checks throw it.
        let solver = context.makeSolver()
        solver.assert(p)
        #expect(throws: error) { try solver.check() }
        #expect(throws: error) { try solver.check(assuming: [p]) }
        #expect(throws: error) { try context.makeOptimizer().check() }
        _ = context.and([p, x])  // a second error does not replace the first
        #expect(context.error == error)
    }

    @Test func numeralThatDoesNotFitIsAnError() {
        let context = SMTContext()
        _ = context.bitVector(256, width: 8)
        #expect(context.error != nil)
    }

    @Test func invalidWidthIsAnError() {
        let context = SMTContext()
        let x = context.bitVector("x", width: 0)
        #expect(context.error != nil)
        #expect(x.isBool)
    }

    @Test func termsOfAnotherContextAreRejected() throws {
        let first = SMTContext()
        let second = SMTContext()
        let p = first.boolean("p")
        _ = second.not(p)
        #expect(second.error != nil)
        #expect(first.error == nil)
        #expect(throws: SMTError.self) { try second.makeSolver().check() }
    }

    @Test func termsKeepTheirContextAlive() throws {
        var term: Term?
        do {
            let context = SMTContext()
            term = context.and([context.boolean("a"), context.boolean("b")])
        }
        #expect(term?.description == "(and a b)")
    }

    @Test(.timeLimit(.minutes(1)))
    func oneMillisecondTimeoutGivesUnknownOnAHardProblem() throws {
        // Pigeonhole: 11 pigeons in 10 holes. Unsatisfiable and exponentially hard for resolution (CDCL): Z3
        // 4.8.12 needs ~10 s for it here (60 s from the z3 CLI), so with a 1 ms timeout it reliably gives up.
        // Chosen so that, if the timeout were not applied, the check would still finish (and this test fail on
        // the elapsed time) instead of hanging.
        let context = SMTContext(timeoutMilliseconds: 1)
        let pigeons = 11, holes = 10
        let sits = (0..<pigeons).map { p in (0..<holes).map { h in context.boolean("p\(p)h\(h)") } }
        let solver = context.makeSolver()
        for p in 0..<pigeons { solver.assert(context.or(sits[p])) }
        for h in 0..<holes {
            for p in 0..<pigeons {
                for q in (p + 1)..<pigeons {
                    solver.assert(context.or([context.not(sits[p][h]), context.not(sits[q][h])]))
                }
            }
        }
        let clock = ContinuousClock()
        var result: CheckResult?
        let elapsed = try clock.measure { result = try solver.check() }
        print("pigeonhole 11/10 with a 1 ms timeout: \(String(describing: result)) after \(elapsed)")
        switch result {
        case .unknown(let reason)?:
            // Without the timeout Z3 never gives up on this problem, so "unknown (timeout)" shows it was applied,
            // however loaded the machine is.
            #expect(reason.contains("timeout") || reason.contains("canceled"), "reason: \(reason)")
        default:
            // Only acceptable if it really was solved within the time: then it must be the right answer, quickly.
            #expect(result == .unsatisfiable)
            #expect(elapsed < .seconds(3), "the timeout was not applied")
        }
        #expect(context.error == nil)
    }

    @Test func timeoutIsAcceptedByOptimizers() throws {
        let context = SMTContext(timeoutMilliseconds: 5_000)
        let a = context.boolean("a")
        let optimizer = context.makeOptimizer()
        optimizer.assert(context.or([a, context.boolean("b")]))
        optimizer.assertSoft(context.not(a))
        #expect(try optimizer.check() == .satisfiable)
        #expect(context.error == nil)
    }
}

@Suite struct MisuseTests {
    @Test func assertingABitVectorIsAnError() throws {
        let context = SMTContext()
        let solver = context.makeSolver()
        solver.assert(context.bitVector("x", width: 8))
        #expect(context.error != nil)
        #expect(throws: SMTError.self) { try solver.check() }
    }

    @Test func conjunctionOfOneBitVectorIsAnError() {
        let context = SMTContext()
        _ = context.and([context.bitVector("x", width: 8)])
        #expect(context.error != nil)
    }

    @Test func popWithoutPushIsRecordedNotFatal() {
        let context = SMTContext()
        let solver = context.makeSolver()
        solver.pop()
        #expect(context.error != nil)
    }
}

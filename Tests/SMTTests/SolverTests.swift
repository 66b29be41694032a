import Testing
@testable import SMT

@Suite struct SolverTests {
    @Test func rangeQueryIsSatisfiableWithAValueInsideTheRange() throws {
        let context = SMTContext()
        let port = context.bitVector("port", width: 16)
        let solver = context.makeSolver()
        solver.assert(context.inRange(port, 1024, 2048))
        solver.assert(context.not(context.equal(port, context.bitVector(1024, width: 16))))
        #expect(try solver.check() == .satisfiable)
        let model = try #require(solver.model())
        let value = try #require(model.value(port))
        #expect((1025...2048).contains(value))
        #expect(context.error == nil)
    }

    @Test func contradictoryRangesAreUnsatisfiable() throws {
        let context = SMTContext()
        let port = context.bitVector("port", width: 16)
        let solver = context.makeSolver()
        solver.assert(context.inRange(port, 10, 20))
        solver.assert(context.inRange(port, 30, 40))
        #expect(try solver.check() == .unsatisfiable)
        #expect(solver.model() == nil)
    }

    @Test func sixtyFourBitValuesRoundTrip() throws {
        let context = SMTContext()
        let x = context.bitVector("x", width: 64)
        let solver = context.makeSolver()
        solver.assert(context.inRange(x, UInt64.max - 1, UInt64.max))
        solver.assert(context.unsignedLess(context.bitVector(UInt64.max - 1, width: 64), x))
        #expect(try solver.check() == .satisfiable)
        #expect(solver.model()?.value(x) == UInt64.max)
    }

    @Test func unsatCoreNamesTheContradictoryAssumption() throws {
        let context = SMTContext()
        let x = context.bitVector("x", width: 16)
        let y = context.bitVector("y", width: 16)
        let low = context.boolean("low")
        let high = context.boolean("high")
        let yIsThree = context.boolean("yIsThree")
        let solver = context.makeSolver()
        solver.assert(context.unsignedLessOrEqual(context.bitVector(50, width: 16), x))
        solver.assert(context.implies(low, context.inRange(x, 0, 10)))
        solver.assert(context.implies(high, context.inRange(x, 100, 200)))
        solver.assert(context.implies(yIsThree, context.equal(y, context.bitVector(3, width: 16))))

        #expect(try solver.check(assuming: [yIsThree, low, high]) == .unsatisfiable)
        let core = solver.unsatCore().map(\.description)
        #expect(core.contains("low"))
        #expect(!core.contains("yIsThree"))
        #expect(core.count <= 2)

        #expect(try solver.check(assuming: [yIsThree, high]) == .satisfiable)
        #expect(solver.unsatCore().isEmpty)
        let model = try #require(solver.model())
        #expect(model.bool(high) == true)
        #expect(model.value(y) == 3)
        #expect((100...200).contains(try #require(model.value(x))))
    }

    @Test func wholeFormulasWorkAsAssumptions() throws {
        let context = SMTContext()
        let x = context.bitVector("x", width: 16)
        let solver = context.makeSolver()
        solver.assert(context.unsignedLessOrEqual(context.bitVector(50, width: 16), x))
        let low = context.inRange(x, 0, 10)
        let high = context.inRange(x, 100, 200)
        #expect(try solver.check(assuming: [high, low]) == .unsatisfiable)
        let core = solver.unsatCore().map(\.description)
        #expect(core.contains(low.description))
        #expect(try solver.check(assuming: [high]) == .satisfiable)
        #expect((100...200).contains(try #require(solver.model()?.value(x))))
    }

    @Test func pushAndPopScopeAssertions() throws {
        let context = SMTContext()
        let a = context.boolean("a")
        let solver = context.makeSolver()
        solver.assert(a)
        solver.push()
        solver.assert(context.not(a))
        #expect(try solver.check() == .unsatisfiable)
        solver.pop()
        #expect(try solver.check() == .satisfiable)
        #expect(solver.model()?.bool(a) == true)
    }

    @Test func modelIsOnlyAvailableRightAfterASatisfiableCheck() throws {
        let context = SMTContext()
        let a = context.boolean("a")
        let solver = context.makeSolver()
        #expect(solver.model() == nil)
        solver.assert(a)
        #expect(try solver.check() == .satisfiable)
        #expect(solver.model() != nil)
        solver.assert(context.boolean(true))
        #expect(solver.model() == nil)
        #expect(context.error == nil)
    }

    @Test func modelCompletionGivesValuesForUnconstrainedTerms() throws {
        let context = SMTContext()
        let solver = context.makeSolver()
        solver.assert(context.boolean("a"))
        #expect(try solver.check() == .satisfiable)
        let model = try #require(solver.model())
        let unrelated = context.bitVector("unrelated", width: 8)
        #expect(model.value(unrelated) != nil)
        #expect(model.bool(context.boolean("other")) != nil)
        // Wrong kinds give nil.
        #expect(model.bool(unrelated) == nil)
        #expect(model.value(context.boolean("a")) == nil)
        #expect(model.value(context.bitVector("wide", width: 65)) == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func manyPushAssertCheckPopRoundsComplete() throws {
        let context = SMTContext()
        let x = context.bitVector("x", width: 32)
        let solver = context.makeSolver()
        solver.assert(context.inRange(x, 1000, 2000))
        var satisfiable = 0
        for round in 0..<10_000 {
            solver.push()
            let value = UInt64(round % 3000)
            solver.assert(context.equal(x, context.bitVector(value, width: 32)))
            if try solver.check() == .satisfiable {
                satisfiable += 1
                #expect(solver.model()?.value(x) == value)
            }
            solver.pop()
        }
        // Rounds whose value mod 3000 lies in 1000...2000.
        let expected = (0..<10_000).filter { (1000...2000).contains($0 % 3000) }.count
        #expect(satisfiable == expected)
        #expect(context.error == nil)
    }
}

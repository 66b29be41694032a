import Testing
@testable import SMT

@Suite struct OptimizerTests {
    @Test func maxSATRelaxesTheFewestSoftConstraints() throws {
        let context = SMTContext()
        let a = context.boolean("a"), b = context.boolean("b"), c = context.boolean("c")
        let optimizer = context.makeOptimizer()
        optimizer.assert(context.or([a, b]))
        optimizer.assert(context.or([a, c]))
        for term in [a, b, c] { optimizer.assertSoft(context.not(term)) }
        #expect(try optimizer.check() == .satisfiable)
        let model = try #require(optimizer.model())
        #expect(model.bool(a) == true)
        #expect(model.bool(b) == false)
        #expect(model.bool(c) == false)
    }

    @Test func weightsChangeTheOptimum() throws {
        let context = SMTContext()
        let a = context.boolean("a"), b = context.boolean("b"), c = context.boolean("c")
        let optimizer = context.makeOptimizer()
        optimizer.assert(context.or([a, b]))
        optimizer.assert(context.or([a, c]))
        optimizer.assertSoft(context.not(a), weight: 5)
        optimizer.assertSoft(context.not(b))
        optimizer.assertSoft(context.not(c))
        #expect(try optimizer.check() == .satisfiable)
        let model = try #require(optimizer.model())
        #expect(model.bool(a) == false)
        #expect(model.bool(b) == true)
        #expect(model.bool(c) == true)
    }

    @Test func hardContradictionIsUnsatisfiable() throws {
        let context = SMTContext(timeoutMilliseconds: 10_000)
        let a = context.boolean("a")
        let optimizer = context.makeOptimizer()
        optimizer.assert(a)
        optimizer.assert(context.not(a))
        optimizer.assertSoft(a)
        #expect(try optimizer.check() == .unsatisfiable)
        #expect(optimizer.model() == nil)
        #expect(context.error == nil)
    }
}

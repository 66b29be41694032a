import PathProofTestSupport
import Testing
@testable import SMT

/// `SMTContext.simplified(_:substituting:)`: constants replaced by values and folded by Z3's rewriter, no solver.
@Suite struct SubstitutionTests {
    @Test func aConditionThatTheValuesFalsifyFoldsToFalse() throws {
        let context = SMTContext()
        let destination = context.bitVector("dst", width: 32), port = context.bitVector("port", width: 16)
        let inBlock = context.and([context.unsignedLessOrEqual(context.bitVector(0x0A01_0000, width: 32), destination),
                                   context.unsignedLessOrEqual(destination, context.bitVector(0x0A01_FFFF, width: 32))])
        // A route decision as the encoding writes it: 10.1.0.0/16 to the NAT gateway (false), else nothing.
        let routed = context.ite(inBlock, context.boolean(true), context.boolean(false))
        let term = context.and([routed, context.equal(port, context.bitVector(3306, width: 16))])
        let pinned = context.bitVector(0x0A00_080A, width: 32) // 10.0.8.10, outside 10.1.0.0/16
        let folded = context.simplified(term, substituting: [(destination, pinned)])
        #expect(context.isFalseConstant(folded))
        // The same term with an address inside the block still depends on the port: not false.
        let inside = context.simplified(term, substituting: [(destination, context.bitVector(0x0A01_0005, width: 32))])
        #expect(!context.isFalseConstant(inside))
        let solver = context.makeSolver()
        solver.assert(inside)
        #expect(try solver.check() == .satisfiable)
        #expect(context.error == nil)
    }

    @Test func onlyTheConstantFalseIsFalse() {
        let context = SMTContext()
        #expect(context.isFalseConstant(context.boolean(false)))
        #expect(!context.isFalseConstant(context.boolean(true)))
        let x = context.bitVector("x", width: 8)
        // Unsatisfiable, but not folded by a substitution: not the constant false.
        let contradiction = context.and([context.equal(x, context.bitVector(1, width: 8)), context.equal(x, context.bitVector(2, width: 8))])
        #expect(!context.isFalseConstant(contradiction))
        // With x known, the rewriter folds it.
        #expect(context.isFalseConstant(context.simplified(contradiction, substituting: [(x, context.bitVector(1, width: 8))])))
    }
}

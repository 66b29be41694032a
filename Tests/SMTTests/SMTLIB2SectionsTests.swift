import Foundation
import PathProofTestSupport
import Testing
@testable import SMT

@Suite struct SMTLIB2SectionsTests {
    @Test func readsFormsWithQuotedSymbolsStringsAndComments() throws {
        let text = """
        ; a comment (with a parenthesis
        (set-logic QF_BV)
        (declare-fun |c1 a (b)| () Bool) ; trailing
        (set-info :source "say ""hi"" (twice)")
        (assert (= |c1 a (b)| (bvule x #x0a)))
        (check-sat)
        """
        let forms = try SMTLIB2Text.forms(text)
        #expect(forms.map { $0.expression.head } == ["set-logic", "declare-fun", "set-info", "assert", "check-sat"])
        #expect(forms[1].text == "(declare-fun |c1 a (b)| () Bool)")
        #expect(forms[1].expression.elements?[1].symbol == "c1 a (b)")
        #expect(forms[2].expression.elements?[2] == .atom(#""say ""hi"" (twice)""#))
        #expect(forms[2].expression.elements?[2].symbol == nil)
        #expect(forms[3].expression.atoms == ["assert", "=", "|c1 a (b)|", "bvule", "x", "#x0a"])
    }

    @Test func rejectsUnbalancedText() {
        #expect(throws: SMTLIB2SyntaxError.self) { try SMTLIB2Text.forms("(assert (and a b)") }
        #expect(throws: SMTLIB2SyntaxError.self) { try SMTLIB2Text.forms("(assert a))") }
        #expect(throws: SMTLIB2SyntaxError.self) { try SMTLIB2Text.forms("(declare-fun |open () Bool)") }
        #expect(throws: SMTLIB2SyntaxError.self) { try SMTLIB2Text.forms("(set-info :x \"open)") }
    }

    private func definitions(_ context: SMTContext, secondLow: UInt64) -> [SMTLIB2Section] {
        let port = context.bitVector("port", width: 16)
        let low = context.boolean("c1 low range")
        let high = context.boolean("c2 high range")
        return [
            SMTLIB2Section(comment: "group 1: the low range\nsecond line", assertions: [context.equal(low, context.inRange(port, 10, 20))]),
            SMTLIB2Section(comment: "group 2: the high range", assertions: [context.equal(high, context.inRange(port, secondLow, secondLow + 10))]),
            SMTLIB2Section(comment: "the claim", assertions: [context.and([low, high])]),
        ]
    }

    @Test func sectionsKeepEveryAssertionUnderItsComment() throws {
        let context = SMTContext()
        let script = context.smtlib2Script(sections: definitions(context, secondLow: 30), comment: "header")
        print(script)
        #expect(script.hasPrefix("; header\n"))
        let forms = try SMTLIB2Text.forms(script)
        #expect(forms.filter { $0.expression.head == "assert" }.count == 3)
        #expect(forms.filter { $0.expression.head == "check-sat" }.count == 1)
        #expect(forms.last?.expression.head == "check-sat")
        #expect(forms.contains { $0.expression == .list([.atom("set-logic"), .atom("QF_BV")]) })
        // Each comment stands right before its section's assertion, in order.
        let one = try #require(script.range(of: "; group 1: the low range\n; second line\n(assert"))
        let two = try #require(script.range(of: "; group 2: the high range\n(assert"))
        let claim = try #require(script.range(of: "; the claim\n(assert"))
        #expect(one.lowerBound < two.lowerBound && two.lowerBound < claim.lowerBound)
        let declaration = try #require(script.range(of: "(declare-fun |c1 low range| () Bool)"))
        #expect(declaration.lowerBound < one.lowerBound)
        let lowDefinition = forms.first { $0.expression.head == "assert" }!.expression
        #expect(lowDefinition.atoms.contains("|c1 low range|"))
        #expect(!lowDefinition.atoms.contains("|c2 high range|"))
    }

    @Test(.enabled(if: executableOnPath("cvc5") != nil, "cvc5 is not installed (apt-get install cvc5)"))
    func sectionedScriptsAnswerLikeZ3UnderCVC5() throws {
        let cvc5 = try #require(executableOnPath("cvc5"))
        for (secondLow, expected) in [(UInt64(30), "unsat"), (15, "sat")] {
            let context = SMTContext()
            let sections = definitions(context, secondLow: secondLow)
            let solver = context.makeSolver()
            sections.flatMap(\.assertions).forEach(solver.assert)
            #expect(try solver.check() == (expected == "sat" ? .satisfiable : .unsatisfiable))
            let path = try Temporary.file(context.smtlib2Script(sections: sections), label: "smt", suffix: ".smt2")
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(try runProcess(cvc5, ["--lang", "smt2", path]).trimmedOutput == expected)
        }
    }

    @Test func contextWithAnErrorExportsNoVerdict() {
        let context = SMTContext()
        let bad = context.equal(context.boolean("p"), context.bitVector("x", width: 8))
        let script = context.smtlib2Script(sections: [SMTLIB2Section(comment: "bad", assertions: [bad])])
        #expect(!script.contains("check-sat"))
        #expect(script.contains("error"))
    }
}

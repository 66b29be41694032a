import Foundation
import PathProofTestSupport
import Testing
@testable import SMT

@Suite struct ExportTests {
    /// Checks an SMT-LIB2 script with every available CLI solver; returns the answers by solver name.
    private func answers(for script: String) throws -> [String: String] {
        let path = try Temporary.file(script, label: "smt", suffix: ".smt2")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var answers: [String: String] = [:]
        if let z3 = executableOnPath("z3") {
            answers["z3"] = try runProcess(z3, ["-smt2", path]).trimmedOutput
        } else {
            print("z3 binary not found on PATH: skipping the z3 check of the exported script")
        }
        if let cvc5 = executableOnPath("cvc5") {
            answers["cvc5"] = try runProcess(cvc5, ["--lang=smt2", path]).trimmedOutput
        } else {
            print("cvc5 binary not found on PATH: skipping the cvc5 check of the exported script")
        }
        print("CLI answers: \(answers)")
        return answers
    }

    private func rangeAssertions(_ context: SMTContext, secondLow: UInt64) -> [Term] {
        let port = context.bitVector("port", width: 16)
        let open = context.boolean("open")
        return [
            context.implies(open, context.inRange(port, 10, 20)),
            open,
            context.inRange(port, secondLow, secondLow + 10),
        ]
    }

    @Test func scriptShape() {
        let context = SMTContext()
        let script = context.smtlib2Script(assertions: rangeAssertions(context, secondLow: 30),
                                           comment: "two lines\nof comment")
        print(script)
        #expect(script.hasPrefix("; two lines\n; of comment\n"))
        #expect(script.contains("(set-logic QF_BV)"))
        #expect(script.contains("(declare-fun port () (_ BitVec 16))") || script.contains("(declare-const port (_ BitVec 16))"))
        #expect(script.contains("(check-sat)"))
        #expect(!script.contains("check-sat-assuming"))
        let logic = script.range(of: "(set-logic")!.lowerBound
        let declaration = script.range(of: "(declare-")!.lowerBound
        #expect(logic < declaration)
    }

    @Test func unsatisfiableScriptIsUnsatisfiableForCLISolvers() throws {
        let context = SMTContext()
        let assertions = rangeAssertions(context, secondLow: 30)
        let solver = context.makeSolver()
        assertions.forEach(solver.assert)
        #expect(try solver.check() == .unsatisfiable)
        let results = try answers(for: context.smtlib2Script(assertions: assertions, comment: "unsat export"))
        for (name, answer) in results { #expect(answer == "unsat", "\(name) said \(answer)") }
    }

    @Test func satisfiableScriptIsSatisfiableForCLISolvers() throws {
        let context = SMTContext()
        let assertions = rangeAssertions(context, secondLow: 15)
        let solver = context.makeSolver()
        assertions.forEach(solver.assert)
        #expect(try solver.check() == .satisfiable)
        let results = try answers(for: context.smtlib2Script(assertions: assertions))
        for (name, answer) in results { #expect(answer == "sat", "\(name) said \(answer)") }
    }

    @Test func emptyAssertionListIsSatisfiable() throws {
        let context = SMTContext()
        let results = try answers(for: context.smtlib2Script(assertions: []))
        for (name, answer) in results { #expect(answer == "sat", "\(name) said \(answer)") }
    }

    @Test func contextWithAnErrorExportsNoVerdict() {
        let context = SMTContext()
        let bad = context.equal(context.boolean("p"), context.bitVector("x", width: 8))
        let script = context.smtlib2Script(assertions: [bad])
        #expect(!script.contains("check-sat"))
        #expect(script.contains("error"))
    }
}

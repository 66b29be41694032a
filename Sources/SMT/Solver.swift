import CZ3

/// An incremental Z3 solver (`Z3_mk_solver`), with the context's timeout.
public final class Solver {
    let context: SMTContext
    let raw: Z3_solver
    /// The answer of the last check, forgotten on assert/push/pop: `model()` and `unsatCore()` read it.
    private var lastResult: CheckResult?

    init(context: SMTContext) {
        self.context = context
        guard let solver = Z3_mk_solver(context.raw) else {
            fatalError("Z3_mk_solver failed: \(Z3_get_error_code(context.raw))")
        }
        Z3_solver_inc_ref(context.raw, solver)
        self.raw = solver
        if let timeout = context.timeoutMilliseconds {
            withParameters(context, timeout: timeout) { params in Z3_solver_set_params(context.raw, solver, params) }
        }
    }

    deinit {
        Z3_solver_dec_ref(context.raw, raw)
    }

    public func assert(_ term: Term) {
        lastResult = nil
        guard context.owns([term]) else { _ = context.foreignTerm(); return }
        guard term.isBool else { context.record(.notBoolean(term)); return }
        withExtendedLifetime(term) { Z3_solver_assert(context.raw, raw, term.raw) }
        context.recordZ3Error()
    }

    public func push() {
        lastResult = nil
        Z3_solver_push(context.raw, raw)
        context.recordZ3Error()
    }

    /// Pops one scope. Popping with no scope is recorded as an error.
    public func pop() {
        lastResult = nil
        Z3_solver_pop(context.raw, raw, 1)
        context.recordZ3Error()
    }

    /// Checks the assertions. Throws `context.error` if the context has one (e.g. from building a term).
    public func check() throws -> CheckResult {
        try check(assuming: [])
    }

    /// Checks the assertions together with `assumptions` (Bool terms), with `Z3_solver_check_assumptions`;
    /// after `.unsatisfiable`, `unsatCore()` gives a subset of the assumptions that is already contradictory.
    public func check(assuming assumptions: [Term]) throws -> CheckResult {
        lastResult = nil
        if !context.owns(assumptions) { _ = context.foreignTerm() }
        if let error = context.error { throw error }
        let answer = withExtendedLifetime(assumptions) {
            if assumptions.isEmpty { return Z3_solver_check(context.raw, raw) }
            let asts: [Z3_ast?] = assumptions.map { $0.raw }
            return Z3_solver_check_assumptions(context.raw, raw, UInt32(asts.count), asts)
        }
        if context.recordZ3Error(), let error = context.error { throw error }
        let result = CheckResult(answer) {
            Z3_solver_get_reason_unknown(context.raw, raw).map { String(cString: $0) } ?? ""
        }
        lastResult = result
        return result
    }

    /// The model of the last check, if it was `.satisfiable` (and nothing was asserted, pushed or popped since).
    public func model() -> Model? {
        guard lastResult == .satisfiable else { return nil }
        let model = Z3_solver_get_model(context.raw, raw)
        if context.recordZ3Error() { return nil }
        return model.map { Model(context: context, model: $0) }
    }

    /// After `check(assuming:)` answered `.unsatisfiable`: the assumptions Z3 used to refute (one reason, not
    /// necessarily minimal, not all reasons). Empty otherwise.
    public func unsatCore() -> [Term] {
        guard lastResult == .unsatisfiable else { return [] }
        let ctx = context.raw
        guard let core = Z3_solver_get_unsat_core(ctx, raw), !context.recordZ3Error() else { return [] }
        Z3_ast_vector_inc_ref(ctx, core)
        defer { Z3_ast_vector_dec_ref(ctx, core) }
        let count = Z3_ast_vector_size(ctx, core)
        var terms: [Term] = []
        terms.reserveCapacity(Int(count))
        for index in 0..<count {
            guard let ast = Z3_ast_vector_get(ctx, core, index) else { continue }
            terms.append(Term(context: context, ast: ast))
        }
        return terms
    }
}

/// Makes a params object holding "timeout" and hands it to `apply`, referenced meanwhile.
func withParameters(_ context: SMTContext, timeout: UInt32, _ apply: (Z3_params) -> Void) {
    let ctx = context.raw
    guard let params = Z3_mk_params(ctx) else { context.recordZ3Error(); return }
    Z3_params_inc_ref(ctx, params)
    defer { Z3_params_dec_ref(ctx, params) }
    Z3_params_set_uint(ctx, params, Z3_mk_string_symbol(ctx, "timeout"), timeout)
    apply(params)
    context.recordZ3Error()
}

extension CheckResult {
    /// Converts Z3's answer; `reason` is asked only for an undefined answer.
    init(_ answer: Z3_lbool, reason: () -> String) {
        switch answer {
        case Z3_L_TRUE: self = .satisfiable
        case Z3_L_FALSE: self = .unsatisfiable
        default: self = .unknown(reason: reason())
        }
    }
}

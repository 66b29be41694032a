import CZ3

/// A Z3 optimizer (`Z3_optimize`) used for MaxSAT: hard assertions plus weighted soft ones, all in one soft
/// group; a check finds a model that violates soft assertions of the least total weight. Uses the context's
/// timeout.
public final class Optimizer {
    let context: SMTContext
    let raw: Z3_optimize
    /// The answer of the last check, forgotten on assert: `model()` reads it.
    private var lastResult: CheckResult?

    /// The id of the one soft group.
    private static let softGroup = "soft"

    init(context: SMTContext) {
        self.context = context
        guard let optimize = Z3_mk_optimize(context.raw) else {
            fatalError("Z3_mk_optimize failed: \(Z3_get_error_code(context.raw))")
        }
        Z3_optimize_inc_ref(context.raw, optimize)
        self.raw = optimize
        if let timeout = context.timeoutMilliseconds {
            withParameters(context, timeout: timeout) { params in
                Z3_optimize_set_params(context.raw, optimize, params)
            }
        }
    }

    deinit {
        Z3_optimize_dec_ref(context.raw, raw)
    }

    /// A hard assertion.
    public func assert(_ term: Term) {
        lastResult = nil
        guard context.owns([term]) else { _ = context.foreignTerm(); return }
        guard term.isBool else { context.record(.notBoolean(term)); return }
        withExtendedLifetime(term) { Z3_optimize_assert(context.raw, raw, term.raw) }
        context.recordZ3Error()
    }

    /// A soft assertion: violating it costs `weight`.
    public func assertSoft(_ term: Term, weight: UInt = 1) {
        lastResult = nil
        guard context.owns([term]) else { _ = context.foreignTerm(); return }
        guard term.isBool else { context.record(.notBoolean(term)); return }
        let ctx = context.raw
        withExtendedLifetime(term) {
            _ = Z3_optimize_assert_soft(ctx, raw, term.raw, String(weight), Z3_mk_string_symbol(ctx, Self.softGroup))
        }
        context.recordZ3Error()
    }

    /// Checks, minimising the weight of violated soft assertions. Throws `context.error` if the context has one.
    public func check() throws -> CheckResult {
        lastResult = nil
        if let error = context.error { throw error }
        let answer = Z3_optimize_check(context.raw, raw, 0, nil)
        if context.recordZ3Error(), let error = context.error { throw error }
        let result = CheckResult(answer) {
            Z3_optimize_get_reason_unknown(context.raw, raw).map { String(cString: $0) } ?? ""
        }
        lastResult = result
        return result
    }

    /// The optimal model of the last check, if it was `.satisfiable` (and nothing was asserted since).
    public func model() -> Model? {
        guard lastResult == .satisfiable else { return nil }
        let model = Z3_optimize_get_model(context.raw, raw)
        if context.recordZ3Error() { return nil }
        return model.map { Model(context: context, model: $0) }
    }
}

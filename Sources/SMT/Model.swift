import CZ3

/// A satisfying assignment, from `Solver.model()` or `Optimizer.model()`.
public final class Model {
    let context: SMTContext
    let raw: Z3_model

    init(context: SMTContext, model: Z3_model) {
        self.context = context
        self.raw = model
        Z3_model_inc_ref(context.raw, model)
    }

    deinit {
        Z3_model_dec_ref(context.raw, raw)
    }

    /// The value of a Bool term, with model completion. nil if the term is not Bool (or belongs to another context).
    public func bool(_ term: Term) -> Bool? {
        guard term.isBool, let result = evaluate(term) else { return nil }
        switch Z3_get_bool_value(context.raw, result.raw) {
        case Z3_L_TRUE: return true
        case Z3_L_FALSE: return false
        default: return nil
        }
    }

    /// The value of a bit-vector term of at most 64 bits, with model completion. nil otherwise.
    public func value(_ term: Term) -> UInt64? {
        guard let width = term.bitWidth, width <= 64, let result = evaluate(term) else { return nil }
        let ctx = context.raw
        guard Z3_is_numeral_ast(ctx, result.raw) else { return nil }
        var value: UInt64 = 0
        guard Z3_get_numeral_uint64(ctx, result.raw, &value) else { return nil }
        return value
    }

    /// The value of a bit-vector term of up to 128 bits (IPv6 addresses), with model completion. nil otherwise.
    public func wideValue(_ term: Term) -> UInt128? {
        guard let width = term.bitWidth else { return nil }
        if width <= 64 { return value(term).map { UInt128($0) } }
        guard width <= 128, let result = evaluate(term) else { return nil }
        let ctx = context.raw
        guard Z3_is_numeral_ast(ctx, result.raw), let text = Z3_get_numeral_string(ctx, result.raw) else { return nil }
        return UInt128(String(cString: text))
    }

    /// Z3_model_eval with model completion. Z3's error code is read before anything else is called (Z3_inc_ref
    /// resets it); the result is then wrapped (and so referenced) at once.
    private func evaluate(_ term: Term) -> Term? {
        guard term.context === context else { return nil }
        var out: Z3_ast? = nil
        let ok = withExtendedLifetime(term) { Z3_model_eval(context.raw, raw, term.raw, true, &out) }
        if context.recordZ3Error() { return nil }
        guard ok, let ast = out else { return nil }
        return Term(context: context, ast: ast)
    }
}

import CZ3

extension SMTContext {
    /// `term` with every occurrence of each pair's `constant` replaced by its `value` (`Z3_substitute`), then put
    /// through Z3's rewriter (`Z3_simplify`): what is left once those constants are known. No solver is involved;
    /// a term that comes out as `false` is unsatisfiable wherever the constants have those values.
    public func simplified(_ term: Term, substituting pairs: [(constant: Term, value: Term)]) -> Term {
        let operands = [term] + pairs.map(\.constant) + pairs.map(\.value)
        return makeTerm(operands: operands) { ctx, asts in
            let from = Array(asts[1..<(1 + pairs.count)]), to = Array(asts[(1 + pairs.count)...])
            guard let substituted = Z3_substitute(ctx, asts[0], UInt32(pairs.count), from, to) else { return nil }
            // Referenced while the rewriter runs (it may free unreferenced results), released once it has its own.
            Z3_inc_ref(ctx, substituted)
            defer { Z3_dec_ref(ctx, substituted) }
            return Z3_simplify(ctx, substituted)
        }
    }

    /// Whether `term` is the constant `false` itself (not whether it is unsatisfiable).
    public func isFalseConstant(_ term: Term) -> Bool {
        guard owns([term]) else { return false }
        return withExtendedLifetime(term) { Z3_get_bool_value(raw, term.raw) == Z3_L_FALSE }
    }
}

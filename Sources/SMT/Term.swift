import CZ3

/// A Z3 expression (Bool or bit-vector). Holds one reference to its `Z3_ast` and a strong reference to its context.
public final class Term: CustomStringConvertible {
    let context: SMTContext
    let raw: Z3_ast

    /// Takes a reference to `ast` at once; call this immediately after the Z3 call that produced it.
    init(context: SMTContext, ast: Z3_ast) {
        self.context = context
        self.raw = ast
        Z3_inc_ref(context.raw, ast)
    }

    deinit {
        Z3_dec_ref(context.raw, raw)
    }

    /// Z3's rendering of the term (SMT-LIB2 syntax), copied.
    public var description: String {
        guard let text = Z3_ast_to_string(context.raw, raw) else { return "" }
        return String(cString: text)
    }

    public var isBool: Bool {
        withSort { sort in Z3_get_sort_kind(context.raw, sort) == Z3_BOOL_SORT }
    }

    /// The width of a bit-vector term; nil for Bool.
    public var bitWidth: Int? {
        withSort { sort -> Int? in
            guard Z3_get_sort_kind(context.raw, sort) == Z3_BV_SORT else { return nil }
            return Int(Z3_get_bv_sort_size(context.raw, sort))
        }
    }

    /// Runs `body` with this term's sort, holding a reference to the sort meanwhile.
    private func withSort<R>(_ body: (Z3_sort) -> R) -> R {
        let ctx = context.raw
        let sort: Z3_sort = Z3_get_sort(ctx, raw)
        let sortAST: Z3_ast = Z3_sort_to_ast(ctx, sort)
        Z3_inc_ref(ctx, sortAST)
        defer { Z3_dec_ref(ctx, sortAST) }
        return body(sort)
    }
}

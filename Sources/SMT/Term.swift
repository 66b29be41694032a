import CZ3

/// A Z3 expression (Bool or bit-vector). Holds one reference to its `Z3_ast` and a strong reference to its context.
/// A term of a structural context (`SMTContext.structural()`) has no Z3 expression behind it, only its sort.
public final class Term: CustomStringConvertible {
    let context: SMTContext
    let raw: Z3_ast?
    /// The sort of a structural term: 0 for Bool, else the bit-vector width (unused for a Z3 term).
    private let structuralSort: Int

    /// Takes a reference to `ast` at once; call this immediately after the Z3 call that produced it.
    init(context: SMTContext, ast: Z3_ast) {
        self.context = context
        self.raw = ast
        self.structuralSort = 0
        Z3_inc_ref(context.raw, ast)
    }

    /// A term of a structural context: Bool when `width` is nil, else a bit-vector of that width.
    init(structural context: SMTContext, width: Int?) {
        self.context = context
        self.raw = nil
        self.structuralSort = width ?? 0
    }

    deinit {
        if let raw { Z3_dec_ref(context.raw, raw) }
    }

    /// Z3's rendering of the term (SMT-LIB2 syntax), copied; a structural term's sort.
    public var description: String {
        guard let raw else { return structuralSort == 0 ? "(structural Bool)" : "(structural (_ BitVec \(structuralSort)))" }
        guard let text = Z3_ast_to_string(context.raw, raw) else { return "" }
        return String(cString: text)
    }

    public var isBool: Bool {
        guard raw != nil else { return structuralSort == 0 }
        return withSort { sort in Z3_get_sort_kind(context.raw, sort) == Z3_BOOL_SORT }
    }

    /// The width of a bit-vector term; nil for Bool.
    public var bitWidth: Int? {
        guard raw != nil else { return structuralSort == 0 ? nil : structuralSort }
        return withSort { sort -> Int? in
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

import CZ3

/// A Z3 context: the factory of terms, solvers and optimizers.
///
/// Reference-counted (`Z3_mk_context_rc`) with a nil error handler, so a Z3 error never exits the process. Not
/// thread-safe and not Sendable: give each context a single owner. Terms, solvers, optimizers and models keep
/// their context alive.
///
/// Every Z3 result is referenced (wrapped in a Swift object whose `deinit` releases it) before the next Z3 call
/// that could produce another result; Z3's error code is read right after each call that can fail.
///
/// A structural context (`structural()`) has no Z3 context behind it: its terms carry only their sort, so that code
/// that builds terms can be run for what it does besides (which paths it enumerates), without Z3's cost. It makes no
/// solver, optimizer or script.
public final class SMTContext {
    let raw: Z3_context?
    let timeoutMilliseconds: UInt32?
    /// Whether this context is structural (`structural()`): no Z3 context, terms without expressions.
    public let isStructural: Bool

    /// The first Z3 error seen in this context, if any (sticky). Term constructors never crash and never throw:
    /// on a Z3 error they record it here and return a placeholder term (the Bool constant false);
    /// `Solver.check` / `Optimizer.check` then throw that error.
    public private(set) var error: SMTError?

    /// - Parameter timeoutMilliseconds: applied to every solver and optimizer made from this context
    ///   (Z3 parameter "timeout"); a check that runs out of time answers `.unknown(reason: "timeout")`
    ///   (or "canceled").
    public init(timeoutMilliseconds: UInt32? = nil) {
        _ = HeapTuning.applied
        let config = Z3_mk_config()
        guard let context = Z3_mk_context_rc(config) else {
            fatalError("Z3_mk_context_rc failed (out of memory?)")
        }
        Z3_del_config(config)
        Z3_set_error_handler(context, nil)
        self.raw = context
        self.timeoutMilliseconds = timeoutMilliseconds
        self.isStructural = false
    }

    private init(structural: Void) {
        self.raw = nil
        self.timeoutMilliseconds = nil
        self.isStructural = true
    }

    /// A context without Z3: every constructor gives a term of the right sort and nothing else (no Z3 call, no
    /// simplification, a new term each time as a Z3 context's constructors give a new `Term` each time; `and` and
    /// `or` of one Bool term give that term in both). For running code that enumerates as it builds terms, for what it
    /// enumerates; nothing built here can be solved or exported (`makeSolver` and `makeOptimizer` trap).
    public static func structural() -> SMTContext { SMTContext(structural: ()) }

    deinit {
        if let raw { Z3_del_context(raw) }
    }

    /// The version of the linked Z3 library, e.g. "4.8.12.0".
    public static var z3Version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, build: UInt32 = 0, revision: UInt32 = 0
        Z3_get_version(&major, &minor, &build, &revision)
        return "\(major).\(minor).\(build).\(revision)"
    }

    // MARK: Constants

    /// The bit-vector constant `name` of the given width: `(declare-const name (_ BitVec width))`.
    /// The same name and width always give the same constant.
    public func bitVector(_ name: String, width: Int) -> Term {
        if isStructural { return structuralTerm(width: width) }
        return withBitVectorSort(width) { sort in
            makeTerm { ctx in Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), sort) }
        }
    }

    /// The bit-vector numeral `value` of the given width. A value that does not fit in `width` bits is an error
    /// (recorded in `error`), not silently truncated.
    public func bitVector(_ value: UInt64, width: Int) -> Term {
        if width >= 1, width < 64, value >> UInt64(width) != 0 {
            return fail(SMTError(Z3_INVALID_ARG, "bit-vector numeral \(value) does not fit in \(width) bits"))
        }
        if isStructural { return structuralTerm(width: width) }
        return withBitVectorSort(width) { sort in
            makeTerm { ctx in Z3_mk_unsigned_int64(ctx, value, sort) }
        }
    }

    /// The bit-vector numeral `value` of the given width, for widths above 64 bits (IPv6 addresses) as well.
    /// A value that does not fit in `width` bits is an error (recorded in `error`).
    public func bitVector(wide value: UInt128, width: Int) -> Term {
        if width <= 64, value <= UInt128(UInt64.max) { return bitVector(UInt64(value), width: width) }
        if width >= 1, width < 128, value >> UInt128(width) != 0 {
            return fail(SMTError(Z3_INVALID_ARG, "bit-vector numeral \(value) does not fit in \(width) bits"))
        }
        if isStructural { return structuralTerm(width: width) }
        return withBitVectorSort(width) { sort in
            makeTerm { ctx in Z3_mk_numeral(ctx, String(value), sort) }
        }
    }

    /// The Bool constant `name`: `(declare-const name Bool)`. The same name always gives the same constant.
    public func boolean(_ name: String) -> Term {
        makeTerm { ctx in
            let sort = Z3_mk_bool_sort(ctx)  // Bool is a built-in sort that Z3 never frees
            return Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), sort)
        }
    }

    /// `true` or `false`.
    public func boolean(_ value: Bool) -> Term {
        makeTerm { ctx in value ? Z3_mk_true(ctx) : Z3_mk_false(ctx) }
    }

    // MARK: Boolean connectives

    /// The conjunction; `[]` gives true, one term gives that term.
    public func and(_ terms: [Term]) -> Term {
        if terms.isEmpty { return boolean(true) }
        if terms.count == 1, owns(terms), terms[0].isBool { return terms[0] }
        return makeTerm(operands: terms) { ctx, asts in Z3_mk_and(ctx, UInt32(asts.count), asts) }
    }

    /// The disjunction; `[]` gives false, one term gives that term.
    public func or(_ terms: [Term]) -> Term {
        if terms.isEmpty { return boolean(false) }
        if terms.count == 1, owns(terms), terms[0].isBool { return terms[0] }
        return makeTerm(operands: terms) { ctx, asts in Z3_mk_or(ctx, UInt32(asts.count), asts) }
    }

    public func not(_ term: Term) -> Term {
        makeTerm(operands: [term]) { ctx, asts in Z3_mk_not(ctx, asts[0]) }
    }

    public func implies(_ a: Term, _ b: Term) -> Term {
        makeTerm(operands: [a, b]) { ctx, asts in Z3_mk_implies(ctx, asts[0], asts[1]) }
    }

    public func ite(_ condition: Term, _ then: Term, _ otherwise: Term) -> Term {
        makeTerm(operands: [condition, then, otherwise], structuralWidth: then.bitWidth) { ctx, asts in Z3_mk_ite(ctx, asts[0], asts[1], asts[2]) }
    }

    // MARK: Comparisons

    public func equal(_ a: Term, _ b: Term) -> Term {
        makeTerm(operands: [a, b]) { ctx, asts in Z3_mk_eq(ctx, asts[0], asts[1]) }
    }

    /// `(bvule a b)`.
    public func unsignedLessOrEqual(_ a: Term, _ b: Term) -> Term {
        makeTerm(operands: [a, b]) { ctx, asts in Z3_mk_bvule(ctx, asts[0], asts[1]) }
    }

    /// `(bvult a b)`.
    public func unsignedLess(_ a: Term, _ b: Term) -> Term {
        makeTerm(operands: [a, b]) { ctx, asts in Z3_mk_bvult(ctx, asts[0], asts[1]) }
    }

    /// `lower <= term <= upper`, unsigned, for a bit-vector term (constants of the term's width).
    /// If lower == upper, an equality. Bounds are clamped to the term's width: an `upper` above the largest
    /// value means "no upper bound"; a bound that is trivially true is left out (so `0...max` is `true`);
    /// `lower > upper` or a `lower` above the largest value gives `false`.
    public func inRange(_ term: Term, _ lower: UInt64, _ upper: UInt64) -> Term {
        guard owns([term]) else { return foreignTerm() }
        guard let width = term.bitWidth else {
            return fail(SMTError(Z3_SORT_ERROR, "inRange needs a bit-vector term, got \(term)"))
        }
        let largest: UInt64 = width >= 64 ? .max : (1 << UInt64(width)) - 1
        guard lower <= upper, lower <= largest else { return boolean(false) }
        let upper = Swift.min(upper, largest)
        if lower == upper { return equal(term, bitVector(lower, width: width)) }
        var bounds: [Term] = []
        if lower > 0 { bounds.append(unsignedLessOrEqual(bitVector(lower, width: width), term)) }
        if upper < largest { bounds.append(unsignedLessOrEqual(term, bitVector(upper, width: width))) }
        return and(bounds)
    }

    /// `lower <= term <= upper` for bounds beyond 64 bits (IPv6 addresses); otherwise as `inRange`.
    public func inRange(_ term: Term, wide lower: UInt128, _ upper: UInt128) -> Term {
        guard owns([term]) else { return foreignTerm() }
        guard let width = term.bitWidth else {
            return fail(SMTError(Z3_SORT_ERROR, "inRange needs a bit-vector term, got \(term)"))
        }
        if width <= 64 {
            guard lower <= UInt128(UInt64.max) else { return boolean(false) }
            return inRange(term, UInt64(lower), UInt64(Swift.min(upper, UInt128(UInt64.max))))
        }
        let largest: UInt128 = width >= 128 ? .max : (1 << UInt128(width)) - 1
        guard lower <= upper, lower <= largest else { return boolean(false) }
        let upper = Swift.min(upper, largest)
        if lower == upper { return equal(term, bitVector(wide: lower, width: width)) }
        var bounds: [Term] = []
        if lower > 0 { bounds.append(unsignedLessOrEqual(bitVector(wide: lower, width: width), term)) }
        if upper < largest { bounds.append(unsignedLessOrEqual(term, bitVector(wide: upper, width: width))) }
        return and(bounds)
    }

    // MARK: Solvers

    public func makeSolver() -> Solver {
        precondition(!isStructural, "a structural SMTContext makes no solver")
        return Solver(context: self)
    }

    public func makeOptimizer() -> Optimizer {
        precondition(!isStructural, "a structural SMTContext makes no optimizer")
        return Optimizer(context: self)
    }

    // MARK: Export

    /// A self-contained SMT-LIB2 script: `(set-logic QF_BV)`, declarations of every free constant, one plain
    /// `(assert …)` per given term (untracked, so its satisfiability is exactly that of the conjunction),
    /// `(check-sat)`. `comment` (any number of lines) is written first as `;` comment lines.
    ///
    /// If this context has recorded an error (so some terms may be placeholders), or a term belongs to another
    /// context, the script holds only comments explaining so, and no `(check-sat)`: it never certifies a
    /// placeholder.
    public func smtlib2Script(assertions: [Term], comment: String = "") -> String {
        var header = ""
        if !comment.isEmpty {
            for line in comment.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                header += "; " + line + "\n"
            }
        }
        if !owns(assertions) { _ = foreignTerm() }
        if isStructural { return header + "; not exported: the terms are structural (no Z3 context)\n" }
        if let error {
            return header + "; not exported: the SMT context has an error: "
                + error.description.replacingLineBreaks() + "\n"
        }
        // Z3_benchmark_to_smtlib_string asserts each assumption, then the formula. `true` as the formula keeps
        // every given term as its own assertion.
        let truth = boolean(true)
        let everything = assertions + [truth]
        let body: String? = withExtendedLifetime(everything) {
            let asts: [Z3_ast?] = assertions.map { $0.raw }
            let text = Z3_benchmark_to_smtlib_string(raw, "", "QF_BV", "unknown", "", UInt32(asts.count), asts,
                                                     truth.raw)
            if recordZ3Error() { return nil }
            return text.map { String(cString: $0) }
        }
        guard let body else {
            return header + "; not exported: " + (error?.description.replacingLineBreaks() ?? "Z3 gave no text")
                + "\n"
        }
        return header + body
    }

    // MARK: Internals

    /// Records `error` unless an earlier one is recorded.
    func record(_ error: SMTError) {
        if self.error == nil { self.error = error }
    }

    /// Reads Z3's error code (call it right after the Z3 call that can fail, before any other Z3 call) and
    /// records a non-OK code. Returns whether there was an error.
    @discardableResult
    func recordZ3Error() -> Bool {
        guard let raw else { return false }
        let code = Z3_get_error_code(raw)
        guard code != Z3_OK else { return false }
        let message = Z3_get_error_msg(raw, code).map { String(cString: $0) } ?? "unknown Z3 error"
        record(SMTError(code, message))
        return true
    }

    /// Whether all terms belong to this context.
    func owns(_ terms: [Term]) -> Bool {
        terms.allSatisfy { $0.context === self }
    }

    /// Records that a term of another context was given, and returns the placeholder.
    func foreignTerm() -> Term {
        fail(SMTError(Z3_INVALID_ARG, "a term of another SMTContext was used"))
    }

    /// Records `error` and returns the placeholder term (false).
    private func fail(_ error: SMTError) -> Term {
        record(error)
        return placeholder()
    }

    /// The Bool constant false, returned in place of a term Z3 could not build.
    private func placeholder() -> Term {
        if isStructural { return structuralTerm(width: nil) }
        return Term(context: self, ast: Z3_mk_false(raw))
    }

    /// A term of a structural context: Bool when `width` is nil, else a bit-vector of that width.
    private func structuralTerm(width: Int?) -> Term {
        if let width, width < 1 { return fail(SMTError(Z3_INVALID_ARG, "invalid bit-vector width \(width)")) }
        return Term(structural: self, width: width)
    }

    /// Calls `make` (one Z3 constructor), checks Z3's error code at once and wraps the result. In a structural
    /// context, a term of the sort `structuralWidth` gives (Bool when nil) without calling `make`.
    private func makeTerm(structuralWidth: Int? = nil, _ make: (Z3_context?) -> Z3_ast?) -> Term {
        if isStructural { return structuralTerm(width: structuralWidth) }
        let ast = make(raw)
        if recordZ3Error() { return placeholder() }
        guard let ast else {
            return fail(SMTError(Z3_EXCEPTION, "Z3 returned no term"))
        }
        return Term(context: self, ast: ast)
    }

    /// `makeTerm` over operand terms, which must belong to this context; they are kept alive during the call.
    func makeTerm(operands: [Term], structuralWidth: Int? = nil, _ make: (Z3_context?, [Z3_ast?]) -> Z3_ast?) -> Term {
        guard owns(operands) else { return foreignTerm() }
        if isStructural { return structuralTerm(width: structuralWidth) }
        return withExtendedLifetime(operands) {
            makeTerm { ctx in make(ctx, operands.map { $0.raw }) }
        }
    }

    /// Runs `body` with the bit-vector sort of `width`, referenced meanwhile. An invalid width is recorded.
    private func withBitVectorSort(_ width: Int, _ body: (Z3_sort) -> Term) -> Term {
        guard width >= 1, width <= Int(UInt32.max) else {
            return fail(SMTError(Z3_INVALID_ARG, "invalid bit-vector width \(width)"))
        }
        guard let sort = Z3_mk_bv_sort(raw, UInt32(width)) else {
            recordZ3Error()
            return fail(SMTError(Z3_EXCEPTION, "Z3 returned no bit-vector sort"))
        }
        if recordZ3Error() { return placeholder() }
        let sortAST: Z3_ast = Z3_sort_to_ast(raw, sort)
        Z3_inc_ref(raw, sortAST)
        defer { Z3_dec_ref(raw, sortAST) }
        return body(sort)
    }
}

private extension StringProtocol {
    func replacingLineBreaks() -> String {
        String(self.map { $0.isNewline ? " " : $0 })
    }
}

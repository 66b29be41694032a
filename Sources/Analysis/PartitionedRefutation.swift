import SMT

/// A disjunction over many candidate paths refuted part by part: each part of at most `partSize` disjuncts in a
/// solver of its own, beside the constraints every path shares. The disjunction is unsatisfiable exactly when every
/// part is, so an UNSAT of every part is the same proof as one UNSAT over the whole. A part that is satisfiable gives
/// a model of the whole disjunction (its witness is reported as the whole check's would be, without asking the whole
/// check again); a part that gives no answer proves nothing, and the caller then asks the one whole check it asked
/// before (so that a timeout or an unmodelled component is found and reported as it always was).
///
/// Why: one solver over thousands of disjuncts spends, on each disjunct it refutes, work that grows with the whole
/// formula, so a group of N destinations cost about N² (35 s for 20,000 instances); parts of bounded size keep the
/// cost of each refutation bounded, and the whole linear in the number of candidate paths.
struct PartitionedRefutation {
    let context: SMTContext
    /// Constraints every disjunct is checked under (the query's traffic, its global constraints, a restriction).
    let shared: [Term]
    /// How many disjuncts one part holds.
    var partSize = PartitionedRefutation.defaultPartSize

    static let defaultPartSize = 64
    /// Below this many disjuncts the whole check is asked directly: parts would only add solvers.
    static let threshold = 2 * defaultPartSize

    /// What the parts of a disjunction showed.
    enum Outcome {
        /// Every part is unsatisfiable: so is the disjunction.
        case refuted
        /// The part `part` (positions in the disjuncts) is satisfiable, and `model` satisfies it with the shared
        /// constraints: a model of the whole disjunction too.
        case satisfiable(Model, part: Range<Int>)
        /// A part gave no answer (a timeout): nothing is proved by the parts.
        case undecided
    }

    /// Refutes `disjuncts` part by part, stopping at the first part that is satisfiable or gives no answer.
    func refute(_ disjuncts: [Term]) throws -> Outcome {
        var start = 0
        while start < disjuncts.count {
            let range = start..<min(start + partSize, disjuncts.count)
            start += partSize
            let solver = context.makeSolver()
            for term in shared { solver.assert(term) }
            solver.assert(context.or(Array(disjuncts[range])))
            switch try solver.check() {
            case .unsatisfiable: continue
            case .satisfiable:
                guard let model = solver.model() else { return .undecided }
                return .satisfiable(model, part: range)
            case .unknown: return .undecided
            }
        }
        return .refuted
    }

    /// Whether every part of `disjuncts` is unsatisfiable under the shared constraints. False as soon as one part is
    /// satisfiable or gives no answer (then nothing is proved by the parts).
    func refutes(_ disjuncts: [Term]) throws -> Bool {
        if case .refuted = try refute(disjuncts) { return true }
        return false
    }
}

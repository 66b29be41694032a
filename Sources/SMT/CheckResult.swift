/// The answer of a satisfiability check.
public enum CheckResult: Equatable, Sendable {
    case satisfiable
    case unsatisfiable
    /// Z3 gave up; `reason` is Z3's own explanation (e.g. "timeout", "canceled").
    case unknown(reason: String)
}

import Analysis
import NetworkModel

/// Which assertions of query files change their answer when a fix is applied: a fix must not silently change
/// what the user did not ask about.
public struct FixImpact: Sendable {
    public struct Change: Sendable {
        public let assertion: QueryAssertion
        public let before: AssertionResult.Status
        public let after: AssertionResult
    }

    /// The fix's rank in the list (1 is the first).
    public let rank: Int
    /// How many assertions were checked.
    public let assertions: Int
    public let changes: [Change]

    /// Plain text: one line per changed assertion, with where it is.
    public var text: String {
        var lines = ["Fix \(rank): " + (changes.isEmpty ? "none of the \(assertions) checked assertions changes its answer"
                                                      : "\(changes.count) of the \(assertions) checked assertions change their answer:")]
        for change in changes {
            let location = change.assertion.location
            lines.append("  \(location.path):\(location.line): \(change.assertion.text): \(change.before.name) → \(change.after.status.name)")
            if change.after.status == .violated { lines.append("    \(change.after.summary)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Checks query files before and after each fix; the "before" answers are computed once.
public struct FixImpactAssessor {
    public let files: [QueryFile]
    public let network: Network
    private let baseline: [AssertionResult]
    private let timeoutMilliseconds: UInt32?

    public init(files: [QueryFile], network: Network, timeoutMilliseconds: UInt32? = 30_000) throws(QueryFileError) {
        self.files = files
        self.network = network
        self.timeoutMilliseconds = timeoutMilliseconds
        var baseline: [AssertionResult] = []
        for file in files { baseline += try QueryFileChecker.check(file, network, timeoutMilliseconds: timeoutMilliseconds) }
        self.baseline = baseline
    }

    public func assess(_ fix: Fix, rank: Int) throws(QueryFileError) -> FixImpact {
        let changed = network.applying(fix.changes.flatMap(\.actions))
        var after: [AssertionResult] = []
        for file in files { after += try QueryFileChecker.check(file, changed, timeoutMilliseconds: timeoutMilliseconds) }
        let changes = zip(baseline, after).compactMap { before, now in
            before.status == now.status ? nil : FixImpact.Change(assertion: now.assertion, before: before.status, after: now)
        }
        return FixImpact(rank: rank, assertions: after.count, changes: changes)
    }
}

import Foundation

/// A debugging aid: with the environment variable `PATHPROOF_PHASE_TIMES` set (to anything), each query prints the
/// wall-clock time of its phases to standard error, one line per query (resolving the
/// endpoints, the Z3 context, encoding the candidate paths, solving, replaying the witness, the blockers' search…).
/// Without it, nothing is measured or printed.
public enum PhaseTimes {
    /// Whether phase times are printed (read once).
    public static let enabled = ProcessInfo.processInfo.environment["PATHPROOF_PHASE_TIMES"] != nil

    /// Phase times of one query, printed when it ends.
    public final class Recorder {
        private var last = DispatchTime.now().uptimeNanoseconds
        private var phases: [(String, Double)] = []
        private let label: String

        public init(_ label: String) { self.label = label }

        /// Ends the phase named `name` (the time since the previous mark).
        public func mark(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            phases.append((name, Double(now - last) / 1e6))
            last = now
        }

        /// Prints the phases: `phases <label>: name 1.23 ms, …, total 4.56 ms`.
        public func print() {
            let total = phases.reduce(0) { $0 + $1.1 }
            let text = phases.map { "\($0.0) " + String(format: "%.3f ms", $0.1) }.joined(separator: ", ")
            FileHandle.standardError.write(Data("phases \(label): \(text), total \(String(format: "%.3f", total)) ms\n".utf8))
        }
    }

    /// A recorder when phase times are printed, else nil.
    public static func recorder(_ label: String) -> Recorder? { enabled ? Recorder(label) : nil }
}

import Foundation
import Questions

/// One line of progress on standard error for a long job (`matrix`, `check`, `exposure`, `capture`): rewritten in
/// place (carriage return, erase line), at most ten times a second, and erased when the job ends or before other
/// text is printed. Shown only when standard error is a terminal and `--quiet` is not given: standard output is never
/// touched, so `--format json > file` or a pipe reads what it would without it. `PATHPROOF_PROGRESS=0` turns it off.
final class ProgressLine: @unchecked Sendable {
    let isEnabled: Bool
    private let write: (String) -> Void
    private let interval: TimeInterval
    private let lock = NSLock()
    private var shown: String?
    private var finished = false
    private var lastDrawn = Date.distantPast

    /// `write` receives the bytes for the terminal; `interval` is the least time between two redraws.
    init(enabled: Bool, interval: TimeInterval = 0.1, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        isEnabled = enabled
        self.interval = interval
        self.write = write
    }

    /// The progress line of a command: on when standard error is a terminal, unless `quiet` or `PATHPROOF_PROGRESS=0`.
    static func standardError(quiet: Bool) -> ProgressLine {
        ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["PATHPROOF_PROGRESS"] != "0")
    }

    private static let erase = "\r\u{1B}[K"

    /// Shows `text` (cut to 79 characters, control characters written out) unless the last redraw was too recent;
    /// `force` redraws anyway.
    func update(_ text: String, force: Bool = false) {
        guard isEnabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard !finished, force || now.timeIntervalSince(lastDrawn) >= interval else { return }
        lastDrawn = now
        let line = String(printable(text).prefix(79))
        shown = line
        write(Self.erase + line)
    }

    /// `done` of `total` units of `what`, with a percentage: `matrix: 120/400 source instances (30%)`.
    func update(_ job: String, done: Int, of total: Int, _ what: String, force: Bool = false) {
        let percent = total > 0 ? " (\(done * 100 / total)%)" : ""
        update("\(job): \(done)/\(total) \(what)\(percent)", force: force || done == total)
    }

    /// Erases the line at the end of the job; later updates are not shown.
    func clear() {
        guard isEnabled else { return }
        lock.lock(); defer { lock.unlock() }
        finished = true
        guard shown != nil else { return }
        shown = nil
        write(Self.erase)
    }

    /// Runs `body` (which prints whole lines) with the line erased first and drawn again after, so that text on the
    /// same terminal is never mixed with it.
    func above(_ body: () -> Void) {
        guard isEnabled else { return body() }
        lock.lock(); defer { lock.unlock() }
        if shown != nil { write(Self.erase) }
        body()
        fflush(nil)
        if let shown { write(Self.erase + shown) }
    }
}

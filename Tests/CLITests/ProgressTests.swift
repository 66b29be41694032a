import Foundation
import PathProofTestSupport
import Testing
@testable import pathproof

/// The progress line of long jobs: drawn on standard error only when it is a terminal (a pseudo-terminal from
/// util-linux `script` here), never with `--quiet`, never on standard output; `check` prints each assertion as it is
/// decided, between the progress line's redraws.
@Suite struct ProgressTests {
    private static let erase = "\r\u{1B}[K"

    // MARK: The line itself (its writer injected)

    /// Drawn in place, erased around other text and at the end; nothing is drawn after the end.
    @Test func redrawsInPlaceErasesAndKeepsOtherTextApart() {
        let written = Written()
        let line = ProgressLine(enabled: true, interval: 0) { written.append($0) }
        line.update("matrix", done: 1, of: 4, "source classes decided")
        line.update("matrix", done: 2, of: 4, "source classes decided")
        line.above { written.append("PRINTED\n") }
        line.clear()
        line.clear()
        line.update("matrix", done: 4, of: 4, "source classes decided")
        #expect(written.parts == [
            Self.erase + "matrix: 1/4 source classes decided (25%)",
            Self.erase + "matrix: 2/4 source classes decided (50%)",
            Self.erase, "PRINTED\n", Self.erase + "matrix: 2/4 source classes decided (50%)",
            Self.erase,
        ])
    }

    @Test func throttledButTheLastStepAlwaysShows() {
        let written = Written()
        let line = ProgressLine(enabled: true, interval: 3600) { written.append($0) }
        for done in 1...100 { line.update("check", done: done, of: 100, "assertions decided") }
        #expect(written.parts == [Self.erase + "check: 1/100 assertions decided (1%)", Self.erase + "check: 100/100 assertions decided (100%)"])
    }

    @Test func offWritesNothingAndCutsLongText() {
        let written = Written()
        let off = ProgressLine(enabled: false, interval: 0) { written.append($0) }
        off.update("x")
        off.above { written.append("PRINTED\n") }
        off.clear()
        #expect(written.parts == ["PRINTED\n"])
        let on = ProgressLine(enabled: true, interval: 0) { written.append($0) }
        on.update(String(repeating: "y", count: 500) + "\u{1B}]0;title\u{07}")
        #expect(written.parts.last == Self.erase + String(repeating: "y", count: 79))
        on.update("name \u{1B}[31m")
        #expect(written.parts.last == Self.erase + "name \\u{1B}[31m", "a Name tag's escape sequence is written out, not obeyed")
    }

    // MARK: On a terminal (`script` gives the command a pseudo-terminal)

    /// Runs `pathproof ARGUMENTS` on a pseudo-terminal: what the terminal received (standard output and error, in the
    /// order written) and the exit status.
    private static func onTerminal(_ arguments: [String]) throws -> (text: String, status: Int32) {
        let script = try #require(executableOnPath("script"), "util-linux script is needed for a pseudo-terminal")
        let command = ([PathProofCLI.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        let run = try runProcess(script, ["-qfec", command, "/dev/null"], in: Fixtures.packageRoot, environment: ["TERM": "dumb"])
        return (run.output.replacingOccurrences(of: "\r\n", with: "\n"), run.status)
    }

    @Test func checkStreamsEachAssertionBetweenProgressLines() throws {
        let (text, status) = try Self.onTerminal(["check", "Queries/seed-lab.reach"])
        #expect(status == 0, "\(text)")
        let passes = text.components(separatedBy: "  PASS ").count - 1
        #expect(passes == 8, "\(text)")
        // Redrawn at most ten times a second: the first count and the last always show.
        #expect(text.contains(Self.erase + "check: 1/8 assertions decided (12%)"), "\(text)")
        #expect(text.contains(Self.erase + "check: 8/8 assertions decided (100%)"), "\(text)")
        // The first assertion's line is printed before the second is decided, and the last after the seventh:
        // streamed, not all at the end.
        let firstProgress = try #require(text.range(of: "check: 1/8 assertions decided"))
        let firstPass = try #require(text.range(of: "  PASS "))
        let secondPass = try #require(text.range(of: "  PASS ", range: firstPass.upperBound..<text.endIndex))
        #expect(firstPass.lowerBound < firstProgress.lowerBound && firstProgress.lowerBound < secondPass.lowerBound, "\(text)")
        #expect(text.hasSuffix(Self.erase + "8 assertions in 1 file: 8 hold, 0 violated, 0 unknown.\n"), "\(text.suffix(200))")

        let piped = try PathProofCLI.run(["check", "Queries/seed-lab.reach"])
        #expect(piped.status == 0)
        #expect(!piped.error.contains("\u{1B}") && !piped.output.contains("\u{1B}"), "no progress when standard error is no terminal")
        let lines = text.components(separatedBy: Self.erase).map { $0.replacingOccurrences(of: #"check: \d+/8 assertions decided \(\d+%\)"#, with: "", options: .regularExpression) }
            .joined()
        #expect(lines == piped.output, "the terminal shows the same report once the progress line is taken out")

        let quiet = try Self.onTerminal(["check", "--quiet", "Queries/seed-lab.reach"])
        #expect(!quiet.text.contains("\u{1B}"), "\(quiet.text)")
        let json = try Self.onTerminal(["check", "--format", "json", "Queries/seed-lab.reach"])
        #expect(json.text.contains(Self.erase + "check: 8/8 assertions decided"))
    }

    @Test func matrixAndExposureShowProgressOnATerminalOnly() throws {
        let stage = "Queries/seed/09-eic-works"
        let matrix = try Self.onTerminal(["matrix", "--snapshot", stage, "--format", "json"])
        #expect(matrix.status == 0, "\(matrix.text)")
        #expect(matrix.text.contains(Self.erase + "matrix: "), "\(matrix.text)")
        #expect(matrix.text.range(of: #"matrix: (\d+)/\1 source classes decided \(100%\)"#, options: .regularExpression) != nil, "\(matrix.text)")
        let exposure = try Self.onTerminal(["exposure", "--snapshot", stage])
        #expect(exposure.text.range(of: #"exposure: (\d+)/\1 instance classes and families surveyed \(100%\)"#, options: .regularExpression) != nil,
                "\(exposure.text)")
        for arguments in [["matrix", "--snapshot", stage, "--format", "json"], ["exposure", "--snapshot", stage]] {
            let piped = try PathProofCLI.run(arguments)
            #expect(!piped.error.contains("\u{1B}") && !piped.output.contains("\u{1B}"), "\(arguments)")
            let quiet = try Self.onTerminal(arguments + ["--quiet"])
            #expect(!quiet.text.contains("\u{1B}"), "\(arguments): \(quiet.text)")
        }
    }
}

/// What a progress line wrote, in order.
private final class Written: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ text: String) { lock.lock(); stored.append(text); lock.unlock() }
    var parts: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}

import Foundation
import PathProofTestSupport
import Testing

/// `pathproof capture`'s progress line (calls done of calls planned, and the region), with the stub `aws` of
/// `CaptureStubTests`: on a pseudo-terminal (util-linux `script`) it is drawn and erased before a warning and at the
/// end; through pipes, as every other test runs it, there is none.
@Suite struct CaptureProgressTests {
    @Test func theProgressLineShowsOnATerminalOnly() throws {
        let script = try #require(executableOnPath("script"), "util-linux script is needed for a pseudo-terminal")
        let stub = try CaptureStubTests.stub(deny: "describe-security-groups")
        let out = Temporary.path("progress")
        let piped = Temporary.path("piped")
        defer { for path in [stub, out, piped] { try? FileManager.default.removeItem(atPath: path) } }
        let environment = CaptureStubTests.environment(stub: stub)
        let command = [PathProofCLI.binary.path, "capture", "--out", out].map { "'\($0)'" }.joined(separator: " ")
        let run = try runProcess(script, ["-qfec", command, "/dev/null"], environment: environment)
        let text = run.output.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(run.status == 0, "\(text)")
        let erase = "\r\u{1B}[K"
        let last = try #require(text.range(of: #"capture: (\d+)/\1 calls, us-east-1"#, options: .regularExpression), "\(text)")
        #expect(text[..<last.lowerBound].hasSuffix(erase), "drawn in place: \(text)")
        let warning = "warning: aws ec2 describe-security-groups failed"
        #expect(text.contains(erase + warning) || text.hasPrefix(warning) || text.contains("\n" + warning),
                "a warning starts a line of its own (the progress line erased first): \(text)")
        #expect(!text.contains("calls, us-east-1" + warning), "\(text)")
        #expect(text.contains(erase + "captured 1 account"), "the line is erased before the summary: \(text)")

        let pipes = try runProcess(PathProofCLI.binary.path, ["capture", "--out", piped], environment: environment)
        #expect(pipes.status == 0)
        #expect(!pipes.error.contains("\u{1B}") && !pipes.error.contains("capture: "), "\(pipes.error)")
        let quiet = try runProcess(script, ["-qfec", command.replacingOccurrences(of: "'\(out)'", with: "'\(out)-quiet' '--quiet'"), "/dev/null"],
                                   environment: environment)
        defer { try? FileManager.default.removeItem(atPath: "\(out)-quiet") }
        #expect(quiet.status == 0 && !quiet.output.contains("\u{1B}"), "\(quiet.output)")
    }
}

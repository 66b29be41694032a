import ArgumentParser
import Foundation
import Questions

@main
struct PathProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pathproof",
        abstract: "Prove or refute reachability in AWS VPC networks, and explain every blocked path.",
        discussion: """
        Reads a snapshot: a folder of JSON files as `aws ec2 describe-* --output json` prints them.

        Exit status: 0 answered, 1 a `check` assertion violated, a `verify` proof that does not hold, or no `fix`, \
        2 bad input, 3 unknown (solver timeout or unmodelled component). `diff` exits 1 when reachability changed.
        """,
        version: "pathproof \(PathProofVersion.current)",
        subcommands: [CaptureCommand.self, QueryCommand.self, FixCommand.self, CheckCommand.self, PortsCommand.self, MatrixCommand.self, MergeCommand.self, ExposureCommand.self, DiffCommand.self, VerifyCommand.self,
                      ReportCommand.self, ServeCommand.self, MCPCommand.self]
    )

    /// Runs the command; usage errors exit with status 2 like any other bad input.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.badInput)
            }
            Self.exit(withError: error)
        }
    }
}

/// The process exit statuses PathProof promises.
enum ExitStatus {
    static let answered: Int32 = 0
    static let badInput: Int32 = 2
    static let unknown: Int32 = 3
}

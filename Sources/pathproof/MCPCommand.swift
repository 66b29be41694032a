import ArgumentParser
import Foundation
import Questions

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve query, fix, ports, exposure and check as Model Context Protocol tools over stdio.",
        discussion: """
        Reads the snapshot once (and again when its files change) and answers the MCP client that started the process, on stdin and stdout, until stdin ends. See README.md, "Many questions, one load", for a client configuration.
        """
    )

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files (nested folders are read too).")
    var snapshot: String

    @Option(name: .long, help: "Solver timeout in milliseconds; past it the answer is UNKNOWN.")
    var timeout: UInt32 = 30_000

    @Flag(name: .long, help: "Do not print snapshot warnings (on stderr).")
    var quiet = false

    /// Hands the process over to `pathproof-mcp`, found beside this program (`execv`: the same process, stdin and
    /// stdout, so the MCP client is spoken to directly). The MCP package lives only in that program: its URL-loading
    /// system and the thirty-odd shared libraries that come with it would otherwise slow every command's start.
    func run() throws {
        let here = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let program = here.appendingPathComponent("pathproof-mcp").path
        guard FileManager.default.isExecutableFile(atPath: program) else {
            fail("pathproof mcp needs the program pathproof-mcp beside pathproof (\(program) is missing): build it with `swift build -c release` and install both")
        }
        let arguments = [program, "--snapshot", snapshot, "--timeout", String(timeout)] + (quiet ? ["--quiet"] : [])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(program, &argv)
        fail("cannot run \(program): \(String(cString: strerror(errno)))")
    }
}

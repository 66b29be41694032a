import ArgumentParser
import Foundation
import PathProofMCP
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

    func run() throws {
        let service = startService(snapshot, timeout: timeout, quiet: quiet)
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task {
            do { try await PathProofMCPServer.run(service: service, version: "1.0.0") } catch { failure = error }
            finished.signal()
        }
        finished.wait()
        if let failure {
            printError("error: \(failure)")
            throw ExitCode(ExitStatus.unknown)
        }
    }
}

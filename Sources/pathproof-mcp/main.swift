import AWSSnapshot
import Foundation
import PathProofMCP
import Questions

// `pathproof-mcp --snapshot DIR [--timeout MS] [--quiet]`: the program `pathproof mcp` runs in its place (it checks
// the options and hands over its process). The Model Context Protocol package brings the URL-loading system and its
// thirty-odd shared libraries with it; kept out of `pathproof`, they no longer cost every other command its start.

/// Writes `message` on standard error and exits with `status` (2: bad input, as `pathproof` exits for it).
func exitWith(_ status: Int32, _ message: String) -> Never {
    FileHandle.standardError.write(Data((printable(message) + "\n").utf8))
    exit(status)
}

var snapshot: String?
var timeout: UInt32 = 30_000
var quiet = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--snapshot":
        guard let value = arguments.popFirst() else { exitWith(2, "error: --snapshot needs a folder") }
        snapshot = value
    case "--timeout":
        guard let value = arguments.popFirst().flatMap({ UInt32($0) }) else { exitWith(2, "error: --timeout needs a number of milliseconds") }
        timeout = value
    case "--quiet":
        quiet = true
    default:
        exitWith(2, "error: unknown argument \(argument)\nusage: pathproof-mcp --snapshot DIR [--timeout MS] [--quiet] (or: pathproof mcp --help)")
    }
}
guard let snapshot else { exitWith(2, "error: missing --snapshot DIR\nusage: pathproof-mcp --snapshot DIR [--timeout MS] [--quiet]") }

let cache = SnapshotCache.standard(version: PathProofVersion.current)
let service: QueryService
do throws(ServiceError) {
    service = try QueryService(directory: snapshot, timeoutMilliseconds: timeout) { directory in
        let loaded = try SnapshotReader.load(directory: directory, cache: cache)
        return (loaded.network, loaded.warnings.map { "\($0)" })
    }
} catch {
    exitWith(error.status, "error: \(error.message)")
}
if !quiet { for warning in service.warnings { FileHandle.standardError.write(Data((printable("warning: \(warning)") + "\n").utf8)) } }
do {
    try await PathProofMCPServer.run(service: service, version: "1.0.0")
} catch {
    exitWith(3, "error: \(error)")
}

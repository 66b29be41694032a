import ArgumentParser
import AWSSnapshot
import Foundation
import Questions

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Hold a snapshot and answer queries as JSON lines on stdin and stdout.",
        discussion: """
        Each line read is one request, a JSON object; each line written is its answer: the JSON that `query --format json` prints, on one line, with the request's "id" added. For example:

          {"id": 1, "query": "can web-1 ping db-1"}
          {"id": 2, "query": "can web-1 ping db-1", "oneWay": true}
          {"id": 3, "command": "fix", "query": "...", "limit": 3}
          {"id": 4, "command": "ports", "from": "A", "to": "B"}
          {"id": 5, "command": "exposure"}
          {"id": 6, "command": "check", "assertions": "assert ..."}

        A check may give "file" (the path of a .reach file) instead of "assertions". A request that cannot be answered gets {"id": ..., "error": "...", "status": 2} (3: the solver failed). Before each request the snapshot's files are checked; when one changed, the snapshot is read again. The process ends with status 0 at the end of its input.
        """
    )

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files (nested folders are read too).")
    var snapshot: String

    @Option(name: .long, help: "Solver timeout in milliseconds; past it the answer is UNKNOWN.")
    var timeout: UInt32 = 30_000

    @Flag(name: .long, help: "Do not print snapshot warnings.")
    var quiet = false

    func run() throws {
        let service = startService(snapshot, timeout: timeout, quiet: quiet)
        while let line = readLine(strippingNewline: true) {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            FileHandle.standardOutput.write(Data((service.respond(to: line) + "\n").utf8))
        }
    }
}

/// Loads the snapshot into a query service, printing its warnings; bad input exits with status 2.
func startService(_ directory: String, timeout: UInt32, quiet: Bool) -> QueryService {
    do throws(ServiceError) {
        let service = try QueryService(directory: directory, timeoutMilliseconds: timeout) { directory in
            let snapshot = try SnapshotReader.load(directory: directory, cache: snapshotCache)
            return (snapshot.network, snapshot.warnings.map { "\($0)" })
        }
        if !quiet { for warning in service.warnings { printError("warning: \(warning)") } }
        return service
    } catch {
        fail(error.message)
    }
}

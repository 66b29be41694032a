import Foundation
import PathProofTestSupport
import Testing

/// `pathproof serve` and `pathproof mcp` as their clients run them: the real process, spoken to through pipes.
@Suite struct ServeCLITests {
    static func object(_ line: String?) throws -> [String: Any] {
        let line = try #require(line, "the process ended without answering")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
    }

    /// A copy of a seed stage in a temporary folder.
    static func copy(_ stage: String) throws -> TemporarySnapshot {
        let snapshot = try TemporarySnapshot()
        try write(stage, into: snapshot)
        return snapshot
    }

    /// Writes a seed stage's files over a snapshot folder's (the stages have the same files).
    static func write(_ stage: String, into snapshot: TemporarySnapshot) throws {
        let directory = Fixtures.seed(stage)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".json") {
            try snapshot.write(name, String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8))
        }
    }

    @Test func serveAnswersLinesReloadsAfterAnEditAndEndsAtEndOfInput() throws {
        let snapshot = try Self.copy("06-ping-works")
        let process = try LineProcess(PathProofCLI.binary, ["serve", "--quiet", "--snapshot", snapshot.path], in: Fixtures.packageRoot)
        let ask = #"{"id": 1, "query": "\#(SeedLab.ping)"}"#

        try process.send(ask)
        let reachable = try Self.object(process.readLine())
        #expect(reachable["id"] as? Int == 1)
        #expect(reachable["verdict"] as? String == "reachable", "\(reachable)")
        #expect(((reachable["forward"] as? [Any])?.count ?? 0) > 0)

        // The same JSON as `query --format json` (but for the solver's time and the id).
        let query = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", snapshot.path, SeedLab.ping])
        var fromQuery = try Self.object(query.output)
        var fromServe = reachable
        for key in ["id", "milliseconds"] { fromQuery[key] = nil; fromServe[key] = nil }
        #expect(fromQuery as NSDictionary == fromServe as NSDictionary)

        // Stage 05 over stage 06: the security group no longer admits ICMP; the next answer says so.
        try Self.write("05-routes-sg-blocks-icmp", into: snapshot)
        try process.send(#"{"id": 2, "query": "\#(SeedLab.ping)"}"#)
        let blocked = try Self.object(process.readLine())
        #expect(blocked["id"] as? Int == 2)
        #expect(blocked["verdict"] as? String == "unreachable", "\(blocked)")
        let blockers = try #require(blocked["blockers"] as? [[String: Any]])
        #expect(blockers.contains { ($0["component"] as? String ?? "").hasPrefix("sg-") }, "\(blockers)")

        try process.send("this is not JSON")
        let bad = try Self.object(process.readLine())
        #expect(bad["status"] as? Int == 2 && bad["id"] is NSNull && bad["error"] is String)
        try process.send(#"{"id": 3, "command": "ports", "from": "\#(SeedLab.a)", "to": "\#(SeedLab.b)"}"#)
        #expect(try Self.object(process.readLine())["summary"] is String)

        try process.closeInput()
        #expect(try process.readLine() == nil)
        #expect(try process.waitForExit() == 0, "\(process.standardError)")
    }

    @Test func serveRefusesASnapshotThatDoesNotLoad() throws {
        let run = try PathProofCLI.run(["serve", "--snapshot", "Queries/seed/no-such-stage"])
        #expect(run.status == 2)
        #expect(run.error.contains("no-such-stage"))
    }

    // MARK: MCP

    /// A client of `pathproof mcp`: JSON-RPC 2.0 requests, one per line.
    final class MCPClient {
        let process: LineProcess
        var nextID = 1

        init(snapshot: String) throws {
            process = try LineProcess(PathProofCLI.binary, ["mcp", "--quiet", "--snapshot", snapshot], in: Fixtures.packageRoot)
        }

        /// Sends a request and returns its response (notifications the server sends meanwhile are skipped).
        func request(_ method: String, _ params: [String: Any]) throws -> [String: Any] {
            let id = nextID
            nextID += 1
            try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
            while true {
                let message = try ServeCLITests.object(process.readLine())
                if message["id"] as? Int == id { return message }
            }
        }

        func send(_ message: [String: Any]) throws {
            try process.send(String(decoding: JSONSerialization.data(withJSONObject: message), as: UTF8.self))
        }
    }

    @Test func mcpServerListsToolsAnswersCallsAndRejectsBadOnes() throws {
        let client = try MCPClient(snapshot: Fixtures.seed("05-routes-sg-blocks-icmp"))
        let initialized = try client.request("initialize", [
            "protocolVersion": "2025-06-18", "capabilities": [String: Any](),
            "clientInfo": ["name": "pathproof-tests", "version": "1"],
        ])
        let server = try #require(initialized["result"] as? [String: Any], "\(initialized)")
        #expect((server["serverInfo"] as? [String: Any])?["name"] as? String == "pathproof")
        #expect((server["capabilities"] as? [String: Any])?["tools"] != nil)
        try client.send(["jsonrpc": "2.0", "method": "notifications/initialized"])

        let listed = try client.request("tools/list", [:])
        let tools = try #require((listed["result"] as? [String: Any])?["tools"] as? [[String: Any]], "\(listed)")
        #expect(Set(tools.compactMap { $0["name"] as? String }) == ["query", "fix", "ports", "exposure", "check"])
        for tool in tools {
            let schema = try #require(tool["inputSchema"] as? [String: Any], "\(tool)")
            #expect(schema["type"] as? String == "object" && schema["properties"] is [String: Any], "\(tool)")
        }
        let querySchema = try #require(tools.first { $0["name"] as? String == "query" }?["inputSchema"] as? [String: Any])
        #expect(querySchema["required"] as? [String] == ["query"])

        let called = try client.request("tools/call", ["name": "query", "arguments": ["query": SeedLab.ping]])
        let result = try #require(called["result"] as? [String: Any], "\(called)")
        #expect(result["isError"] as? Bool == false)
        let text = try #require((result["content"] as? [[String: Any]])?.first?["text"] as? String)
        #expect(text.contains("Verdict: UNREACHABLE") && text.contains("sg-"), "\(text)")

        let json = try client.request("tools/call", ["name": "ports", "arguments": ["from": SeedLab.a, "to": SeedLab.b, "format": "json"]])
        let portsText = try #require(((json["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String)
        #expect((try Self.object(portsText)["from"] as? String ?? "").contains(SeedLab.a), "\(portsText)")

        // An endpoint the snapshot does not have: a tool error the model can read, not a protocol error.
        let unknownEndpoint = try client.request("tools/call", ["name": "query", "arguments": ["query": "can nobody-here ping \(SeedLab.b)"]])
        #expect((unknownEndpoint["result"] as? [String: Any])?["isError"] as? Bool == true, "\(unknownEndpoint)")

        // Protocol errors: an unknown tool, arguments that do not fit the schema.
        for (name, arguments) in [("teleport", ["query": SeedLab.ping]), ("query", ["question": SeedLab.ping]),
                                  ("query", ["query": SeedLab.ping, "format": "xml"]), ("fix", ["query": SeedLab.ping, "limit": 0])] as [(String, [String: Any])] {
            let response = try client.request("tools/call", ["name": name, "arguments": arguments])
            let error = try #require(response["error"] as? [String: Any], "\(name) \(arguments) → \(response)")
            #expect(error["code"] as? Int == -32602, "\(error)")
            #expect(response["result"] == nil)
        }
        // Not JSON at all: a parse error, and the server goes on.
        try client.process.send("{ this is not json")
        let parseError = try Self.object(client.process.readLine())
        #expect((parseError["error"] as? [String: Any])?["code"] as? Int == -32700, "\(parseError)")
        #expect(try client.request("tools/list", [:])["result"] != nil)

        // A request sent just before the end of the input is still answered, then the process ends with status 0.
        try client.send(["jsonrpc": "2.0", "id": 99, "method": "tools/call", "params": ["name": "exposure", "arguments": [String: Any]()]])
        try client.process.closeInput()
        let last = try Self.object(client.process.readLine())
        #expect(last["id"] as? Int == 99 && last["result"] != nil, "\(last)")
        #expect(try client.process.waitForExit() == 0, "\(client.process.standardError)")
    }

    /// `pathproof mcp` runs `pathproof-mcp` from beside itself; without it, it says so (exit status 2).
    @Test func mcpWithoutItsProgramBesideItSaysSo() throws {
        let folder = Temporary.path("mcp-alone")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alone = folder + "/pathproof"
        try FileManager.default.copyItem(atPath: PathProofCLI.binary.path, toPath: alone)
        let run = try runProcess(alone, ["mcp", "--snapshot", Fixtures.seed("06-ping-works")])
        #expect(run.status == 2, "\(run.output) \(run.error)")
        #expect(run.error.contains("pathproof mcp needs the program pathproof-mcp beside pathproof"), "\(run.error)")
    }

    #if os(Linux)
    /// The MCP package (and the URL-loading system with its shared libraries) is linked into `pathproof-mcp` only:
    /// every other command starts without loading them.
    @Test func pathproofDoesNotLoadTheURLLoadingSystem() throws {
        let linked = try runProcess("/usr/bin/env", ["ldd", PathProofCLI.binary.path])
        #expect(linked.status == 0, "\(linked.error)")
        #expect(linked.output.contains("libFoundation"), "\(linked.output)")
        #expect(!linked.output.contains("libFoundationNetworking"), "\(linked.output)")
        let mcp = try runProcess("/usr/bin/env", ["ldd", PathProofCLI.binary.deletingLastPathComponent().appendingPathComponent("pathproof-mcp").path])
        #expect(mcp.output.contains("libFoundationNetworking"), "\(mcp.output)")
    }
    #endif
}

import Foundation
import Logging
import MCP
import Questions

/// `pathproof mcp`: the query service's commands as Model Context Protocol tools, over stdin and stdout.
///
/// Each tool takes the fields a `pathproof serve` request takes (`query`, `oneWay`, …) and answers with what the
/// command prints: its text, or with `"format": "json"` its JSON. A call with an unknown tool or with arguments
/// that do not fit the tool's schema is a protocol error (invalid params); a question the snapshot cannot answer
/// (an endpoint it does not have, a query that does not parse) is a tool result marked as an error, saying why.
public enum PathProofMCPServer {
    /// The tools, with their JSON schemas.
    public static let tools: [Tool] = {
        let oneWay: Value = .object(["type": "boolean", "description": "Forward path only: do not require the response to get back."])
        let format: Value = .object(["type": "string", "enum": ["text", "json"],
                                     "description": "text (default): the answer as `pathproof` prints it; json: as it prints it with --format json."])
        let endpoint = "An instance id, ENI id, Name tag, IPv4 address (an interface's private address, a public or Elastic IP; any other address is a host on the internet), or `internet`."
        func schema(_ properties: [String: Value], required: [String]) -> Value {
            .object(["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
                     "additionalProperties": false])
        }
        let query: Value = .object(["type": "string",
                                    "description": .string("`can A ping B` or `can A reach B on PROTOCOL` (tcp/PORT, tcp/FROM-TO, udp/PORT, icmp, proto/NUMBER or any). A and B: \(endpoint)")])
        let readOnly = Tool.Annotations(readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        return [
            Tool(name: "query", title: "Can A reach B?",
                 description: "Prove or refute that A reaches B (and the response gets back): the witness packet and the path hop by hop, or every configuration element that blocks it.",
                 inputSchema: schema(["query": query, "oneWay": oneWay, "format": format], required: ["query"]),
                 annotations: readOnly),
            Tool(name: "fix", title: "Smallest fixes",
                 description: "The smallest sets of configuration changes that make an unreachable query reachable, each with the AWS CLI commands that make it, checked by answering the query again with it applied.",
                 inputSchema: schema(["query": query, "oneWay": oneWay, "format": format,
                                      "limit": .object(["type": "integer", "minimum": 1, "description": "How many alternative fixes to find at most (default 5)."])],
                                     required: ["query"]),
                 annotations: readOnly),
            Tool(name: "ports", title: "Every protocol and port",
                 description: "Every protocol and port on which A reaches B, proved complete.",
                 inputSchema: schema(["from": .object(["type": "string", "description": .string("The source. \(endpoint)")]),
                                      "to": .object(["type": "string", "description": .string("The destination. \(endpoint)")]),
                                      "oneWay": oneWay, "format": format], required: ["from", "to"]),
                 annotations: readOnly),
            Tool(name: "exposure", title: "Internet exposure",
                 description: "Every instance reachable from the internet, with its protocols and ports (each list proved complete).",
                 inputSchema: schema(["oneWay": oneWay, "format": format], required: []),
                 annotations: readOnly),
            Tool(name: "check", title: "Check assertions",
                 description: """
                 Check assertions in the .reach syntax on the snapshot, e.g. `assert web-1 can ping db-1`, \
                 `assert internet cannot reach tag:Tier=db on tcp/3306`, `assert isolated vpc:dev vpc:prod`. \
                 Give the text (`assertions`) or the path of a .reach file (`file`).
                 """,
                 inputSchema: schema(["assertions": .object(["type": "string", "description": "Assertions, one per line, as in a .reach file."]),
                                      "file": .object(["type": "string", "description": "The path of a .reach file."]),
                                      "format": format], required: []),
                 annotations: readOnly),
        ]
    }()

    /// Answers one tool call; an unknown tool or arguments that do not fit its schema throw `invalidParams`.
    public static func call(_ parameters: CallTool.Parameters, service: QueryService) throws -> CallTool.Result {
        guard ServiceRequest.commands.contains(parameters.name) else {
            throw MCPError.invalidParams("unknown tool \"\(parameters.name)\"; the tools are \(ServiceRequest.commands.joined(separator: ", "))")
        }
        var arguments = try plain(parameters.arguments ?? [:])
        var json = false
        if let format = arguments.removeValue(forKey: "format") {
            switch format as? String {
            case "text"?: json = false
            case "json"?: json = true
            default: throw MCPError.invalidParams("\(parameters.name): \"format\" is text or json")
            }
        }
        let request: ServiceRequest
        do {
            request = try ServiceRequest(command: parameters.name, arguments: arguments)
        } catch {
            throw MCPError.invalidParams(error.message)
        }
        switch service.answer(request) {
        case .success(let answer):
            return CallTool.Result(content: [.text(text: json ? answer.json : answer.text, annotations: nil, _meta: nil)], isError: false)
        case .failure(let error):
            return CallTool.Result(content: [.text(text: "error: \(error.message)", annotations: nil, _meta: nil)], isError: true)
        }
    }

    /// Tool arguments as `JSONSerialization` would read them.
    static func plain(_ arguments: [String: Value]) throws -> [String: Any] {
        guard let data = try? JSONEncoder().encode(arguments),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MCPError.invalidParams("the arguments are not a JSON object")
        }
        return object
    }

    /// Serves the tools on stdin and stdout until stdin ends, answering every request received before it ended.
    public static func run(service: QueryService, version: String) async throws {
        let server = Server(name: "pathproof", version: version, title: "PathProof",
                            instructions: """
                            Answers reachability questions about the AWS VPC snapshot at \(service.directory) with proofs: \
                            query (can A reach B, and if not what blocks it), fix, ports, exposure and check.
                            """,
                            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { parameters in try call(parameters, service: service) }
        try await server.start(transport: AnsweringTransport(StdioTransport()))
        await server.waitUntilCompleted()
        await server.stop()
    }
}

/// A transport whose stream of received messages ends only once every request received has been answered: the
/// server answers each request in a task of its own, so at the end of its input it would otherwise stop before
/// sending the last answers.
actor AnsweringTransport: Transport {
    private let inner: StdioTransport
    nonisolated let logger: Logger
    /// The ids of requests received and not yet answered.
    private var unanswered: Set<String> = []
    private var ended = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ inner: StdioTransport) {
        self.inner = inner
        logger = inner.logger
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        for message in Self.messages(data) where message["method"] == nil && (message["result"] != nil || message["error"] != nil) {
            if let id = Self.key(message["id"]) { unanswered.remove(id) }
        }
        if unanswered.isEmpty {
            let resumed = waiting
            waiting = []
            for continuation in resumed { continuation.resume() }
        }
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        AsyncThrowingStream { continuation in
            Task {
                do {
                    for try await data in await inner.receive() {
                        self.received(data)
                        continuation.yield(data)
                    }
                    await self.allAnswered()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
        }
    }

    private func received(_ data: Data) {
        for message in Self.messages(data) where message["method"] != nil {
            if let id = Self.key(message["id"]) { unanswered.insert(id) }
        }
    }

    private func allAnswered() async {
        guard !unanswered.isEmpty else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// The JSON-RPC messages of one line: one object, or a batch.
    static func messages(_ data: Data) -> [[String: Any]] {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return [] }
        if let one = object as? [String: Any] { return [one] }
        return (object as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
    }

    /// A request id as a key: strings and numbers kept apart.
    static func key(_ id: Any?) -> String? {
        switch id {
        case let text as String: "s:" + text
        case let number as NSNumber: "n:\(number)"
        default: nil
        }
    }
}

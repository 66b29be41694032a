import Analysis
import Foundation
import NetworkModel

/// One question to a query service: what `query`, `fix`, `ports`, `exposure` and `check` answer on the command line.
public enum ServiceRequest: Hashable, Sendable {
    case query(String, oneWay: Bool)
    case fix(String, oneWay: Bool, limit: Int)
    case ports(from: String, to: String, oneWay: Bool)
    case exposure(oneWay: Bool)
    /// Assertions in the `.reach` syntax: the text of a file, or the path of one; a `snapshot` line in it is ignored
    /// (the service's snapshot is the one checked).
    case check(text: String?, path: String?)

    /// The commands, as requests and tools name them.
    public static let commands = ["query", "fix", "ports", "exposure", "check"]

    /// A request from its command and arguments (JSON values as `JSONSerialization` reads them). `query` is the
    /// command when none is given.
    public init(command: String?, arguments: [String: Any]) throws(ServiceError) {
        var arguments = arguments
        arguments["command"] = nil
        arguments["id"] = nil
        let command = command ?? "query"
        func string(_ key: String) throws(ServiceError) -> String? {
            guard let value = arguments[key] else { return nil }
            guard let text = value as? String else { throw ServiceError("\"\(key)\" must be a string") }
            return text
        }
        func required(_ key: String) throws(ServiceError) -> String {
            guard let text = try string(key) else { throw ServiceError("\(command): \"\(key)\" is missing") }
            return text
        }
        func flag(_ key: String) throws(ServiceError) -> Bool {
            guard let value = arguments[key] else { return false }
            guard let flag = value as? Bool else { throw ServiceError("\"\(key)\" must be true or false") }
            return flag
        }
        let fields: [String: Set<String>] = ["query": ["query", "oneWay"], "fix": ["query", "oneWay", "limit"], "ports": ["from", "to", "oneWay"],
                                             "exposure": ["oneWay"], "check": ["assertions", "file"]]
        guard let allowed = fields[command] else {
            throw ServiceError("unknown command \"\(command)\"; the commands are \(Self.commands.joined(separator: ", "))")
        }
        if let extra = arguments.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ServiceError("\(command): unknown field \"\(extra)\"; the fields are \(allowed.sorted().joined(separator: ", "))")
        }
        switch command {
        case "query":
            self = .query(try required("query"), oneWay: try flag("oneWay"))
        case "fix":
            var limit = 5
            if let value = arguments["limit"] {
                guard let number = value as? Int, number >= 1 else { throw ServiceError("\"limit\" must be a whole number, at least 1") }
                limit = number
            }
            self = .fix(try required("query"), oneWay: try flag("oneWay"), limit: limit)
        case "ports":
            self = .ports(from: try required("from"), to: try required("to"), oneWay: try flag("oneWay"))
        case "exposure":
            self = .exposure(oneWay: try flag("oneWay"))
        default:
            let text = try string("assertions"), path = try string("file")
            guard (text == nil) != (path == nil) else { throw ServiceError("check: give either \"assertions\" (the text of a .reach file) or \"file\" (its path)") }
            self = .check(text: text, path: path)
        }
    }
}

/// A request the service cannot answer: not JSON, an unknown command, a missing field, a query it cannot parse or
/// resolve. `status` is the exit status the command line gives the same mistake.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let status: Int32
    public init(_ message: String, status: Int32 = 2) {
        self.message = message
        self.status = status
    }
    public var description: String { message }
}

/// An answer of the service, rendered both ways: `json` is what the command prints with `--format json` (on one
/// line), `text` what it prints without. `status` is the command's exit status for it: 0 answered, 1 an assertion
/// violated or no fix, 3 unknown.
public struct ServiceAnswer: Sendable {
    public let json: String
    public let text: String
    public let status: Int32
}

/// Holds one snapshot and answers requests on it: the engine behind `pathproof serve` and `pathproof mcp`.
///
/// The network, its reachability engine and endpoint resolver are built once per load and kept. Before each request
/// the snapshot's files are checked (one `stat` each, `SnapshotFingerprint`); when one changed the snapshot is read
/// again and everything built from it is dropped. Answers are kept per request for the loaded snapshot: asking
/// the same question again returns the same answer without solving (a reload forgets them all; so does keeping
/// `keptAnswers` of them). Requests are answered one at a time; the service may be called from several threads.
public final class QueryService: @unchecked Sendable {
    /// Reads the snapshot folder: its network and its warnings.
    public typealias Loader = @Sendable (String) throws -> (network: Network, warnings: [String])

    public let directory: String
    public let timeoutMilliseconds: UInt32?
    private let load: Loader
    private let lock = NSLock()

    /// What was built from one load of the snapshot.
    private final class Loaded {
        let network: Network
        let warnings: [String]
        var fingerprint: SnapshotFingerprint
        let questions: ReachabilityQuestions
        var answers: [ServiceRequest: Result<ServiceAnswer, ServiceError>] = [:]

        init(network: Network, warnings: [String], fingerprint: SnapshotFingerprint, timeoutMilliseconds: UInt32?) {
            self.network = network
            self.warnings = warnings
            self.fingerprint = fingerprint
            questions = ReachabilityQuestions(network: network, timeoutMilliseconds: timeoutMilliseconds)
        }
    }
    private var loaded: Loaded?
    /// A load that failed, and the files as they were then: the error is given again until they change.
    private var failure: (error: ServiceError, fingerprint: SnapshotFingerprint)?

    /// How many answers are kept at most; past it they are all forgotten and kept again as asked.
    static let keptAnswers = 10_000

    /// How many times the snapshot has been read (the first load included).
    public private(set) var loads = 0
    /// How many answers were given from the kept answers rather than solved.
    public private(set) var reusedAnswers = 0

    /// Reads the snapshot now; bad input throws (exit status 2), as the commands report it.
    public init(directory: String, timeoutMilliseconds: UInt32? = 30_000, load: @escaping Loader) throws(ServiceError) {
        self.directory = directory
        self.timeoutMilliseconds = timeoutMilliseconds
        self.load = load
        if case .failure(let error) = current() { throw error }
    }

    /// The warnings of the snapshot as last read.
    public var warnings: [String] { lock.withLock { loaded?.warnings ?? [] } }

    /// The network as last read.
    public var network: Network? { lock.withLock { loaded?.network } }

    /// The loaded snapshot, read again first if its files changed.
    private func current() -> Result<Loaded, ServiceError> {
        if let loaded {
            if !loaded.fingerprint.hasChanged() { return .success(loaded) }
        } else if failure != nil {
            if !failure!.fingerprint.hasChanged() { return .failure(failure!.error) }
        }
        let fingerprint = SnapshotFingerprint(directory: directory)
        loads += 1
        do {
            let (network, warnings) = try load(directory)
            let fresh = Loaded(network: network, warnings: warnings, fingerprint: fingerprint, timeoutMilliseconds: timeoutMilliseconds)
            loaded = fresh
            failure = nil
            return .success(fresh)
        } catch {
            loaded = nil
            let failed = ServiceError("snapshot \(directory): \(error)")
            failure = (failed, fingerprint)
            return .failure(failed)
        }
    }

    /// Answers one request on the snapshot as it is now.
    public func answer(_ request: ServiceRequest) -> Result<ServiceAnswer, ServiceError> {
        lock.withLock {
            let loaded: Loaded
            switch current() {
            case .failure(let error): return .failure(error)
            case .success(let now): loaded = now
            }
            var key = request
            if case .check(nil, let path?) = request {
                // A file's assertions are kept by their text: an edited file is checked again.
                do {
                    key = .check(text: try String(contentsOfFile: path, encoding: .utf8), path: path)
                } catch {
                    return .failure(ServiceError("\(path): cannot read the file: \(error.localizedDescription)"))
                }
            }
            if let known = loaded.answers[key] {
                reusedAnswers += 1
                return known
            }
            let result = solve(key, on: loaded)
            // A solver failure is not kept: asked again, it is tried again.
            if case .failure(let error) = result, error.status != 2 { return result }
            if loaded.answers.count >= Self.keptAnswers { loaded.answers.removeAll(keepingCapacity: true) }
            loaded.answers[key] = result
            return result
        }
    }

    /// Answers one request line, `{"id": …, "query": "can A ping B"}` or `{"id": …, "command": "ports", "from": …,
    /// "to": …}`, with one line: the answer's JSON with the request's `id` added, or `{"id": …, "error": …,
    /// "status": 2}`. Never throws: a line that is not a request gets an error line.
    public func respond(to line: String) -> String {
        var id: Any = NSNull()
        let result: Result<ServiceAnswer, ServiceError>
        do throws(ServiceError) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                throw ServiceError("not a JSON object: \(line.count > 80 ? String(line.prefix(80)) + "…" : line)")
            }
            guard let fields = object as? [String: Any] else { throw ServiceError("a request is a JSON object, e.g. {\"id\": 1, \"query\": \"can A ping B\"}") }
            if let given = fields["id"] { id = given }
            if let command = fields["command"], !(command is String) { throw ServiceError("\"command\" must be a string") }
            let request = try ServiceRequest(command: fields["command"] as? String, arguments: fields)
            result = answer(request)
        } catch {
            result = .failure(error)
        }
        return Self.line(id: id, result)
    }

    /// The response line for a request `id`.
    static func line(id: Any, _ result: Result<ServiceAnswer, ServiceError>) -> String {
        let idText = (try? JSONSerialization.data(withJSONObject: id, options: [.fragmentsAllowed]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "null"
        switch result {
        case .success(let answer):
            // The answer's JSON object, with the id first.
            let body = answer.json.dropFirst()
            return "{\"id\":\(idText)" + (body.first == "}" ? "" : ",") + body
        case .failure(let error):
            let message = (try? JSONSerialization.data(withJSONObject: error.message, options: [.fragmentsAllowed, .withoutEscapingSlashes]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            return "{\"id\":\(idText),\"error\":\(message),\"status\":\(error.status)}"
        }
    }

    // MARK: Answering

    private func solve(_ request: ServiceRequest, on loaded: Loaded) -> Result<ServiceAnswer, ServiceError> {
        do {
            return .success(try answer(request, on: loaded))
        } catch let error as ServiceError {
            return .failure(error)
        } catch let error as QueryError {
            return .failure(ServiceError(error.message))
        } catch let error as QueryFileError {
            return .failure(ServiceError(error.diagnostics.map(\.description).joined(separator: "\n")))
        } catch {
            // Solver failures and disagreements: the commands exit with status 3 for these.
            return .failure(ServiceError("\(error)", status: 3))
        }
    }

    private func answer(_ request: ServiceRequest, on loaded: Loaded) throws -> ServiceAnswer {
        let network = loaded.network, questions = loaded.questions
        switch request {
        case .query(let text, let oneWay):
            let result = try questions.ask(text, oneWay: oneWay)
            return ServiceAnswer(json: AnswerRendering.compactJSON(result), text: AnswerRendering.text(result),
                                 status: result.answer.verdict.name == "unknown" ? 3 : 0)
        case .fix(let text, let oneWay, let limit):
            let result = try questions.fixes(text, oneWay: oneWay, limit: limit)
            let status: Int32 = switch result.report.answer.verdict {
            case .unknown: 3
            case .reachable: 0
            case .unreachable: result.report.fixes.isEmpty ? 1 : 0
            }
            return ServiceAnswer(json: Self.compact(FixRendering.json(result)), text: FixRendering.text(result), status: status)
        case .ports(let from, let to, let oneWay):
            let resolver = questions.resolver
            let source = try resolver.resolve(from), destination = try resolver.resolveDestination(to, from: source)
            let query = TrafficQuery(sources: resolver.sources(source), destinations: resolver.destinations(destination, fromInternet: source.isInternet),
                                     traffic: .anyProtocol, oneWay: oneWay, family: source.literalFamily ?? destination.literalFamily ?? .ipv4)
            let started = Date()
            let survey = try PortSurvey.survey(questions.engine.session(query), network: network)
            let milliseconds = Date().timeIntervalSince(started) * 1000
            return ServiceAnswer(
                json: Self.compact(SurveyRendering.json(SurveyRendering.PortsJSON(from: source.label, to: destination.label, survey: survey, milliseconds: milliseconds))),
                text: SurveyRendering.portsText(from: source.label, to: destination.label, oneWay: oneWay, survey: survey, milliseconds: milliseconds),
                status: survey.unknown.isEmpty ? 0 : 3)
        case .exposure(let oneWay):
            let exposure = try Exposure(network: network, oneWay: oneWay, engine: questions.engine)
            let sources = try SurveyRendering.exposureSources(exposure, network: network, engine: questions.engine, oneWay: oneWay)
            return ServiceAnswer(json: Self.compact(SurveyRendering.json(SurveyRendering.ExposureJSON(exposure, sources: sources))),
                                 text: SurveyRendering.exposureText(exposure, oneWay: oneWay, sources: sources), status: exposure.unknown.isEmpty ? 0 : 3)
        case .check(let text?, let path):
            let file = try QueryFile.parse(text: text, path: path ?? "assertions")
            let checker = QueryFileChecker(network: network, timeoutMilliseconds: questions.engine.timeoutMilliseconds)
            let report = CheckReport(files: [CheckReport.FileReport(path: file.path, snapshot: directory, results: try checker.check(file))])
            return ServiceAnswer(json: Self.compact(report.json()), text: report.text(), status: report.violated > 0 ? 1 : report.unknown > 0 ? 3 : 0)
        case .check(nil, _):
            throw ServiceError("check: give either \"assertions\" (the text of a .reach file) or \"file\" (its path)")
        }
    }

    /// A pretty-printed JSON document on one line, keys still sorted.
    static func compact(_ pretty: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(pretty.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return pretty.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        }
        return String(decoding: data, as: UTF8.self)
    }
}

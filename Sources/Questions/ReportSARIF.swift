import Analysis
import Foundation

extension CheckReport {
    public static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

    struct SARIFLog: Encodable {
        let schema = CheckReport.sarifSchema
        let version = "2.1.0"
        let runs: [SARIFRun]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct SARIFRun: Encodable {
        let tool: SARIFTool
        let originalUriBaseIds: [String: SARIFArtifactLocation]?
        let artifacts: [SARIFArtifact]
        let results: [SARIFResult]
        let invocations: [SARIFInvocation]
        let columnKind = "unicodeCodePoints"
    }

    struct SARIFTool: Encodable { let driver: SARIFDriver }

    struct SARIFDriver: Encodable {
        let name = "PathProof"
        let fullName = "PathProof reachability assertions (pathproof check)"
        let informationUri: String?
        let rules: [SARIFRule]
    }

    struct SARIFRule: Encodable {
        let id: String
        let shortDescription: SARIFMessage
        let fullDescription: SARIFMessage
        let defaultConfiguration: SARIFConfiguration
        let properties: [String: String]?
    }

    struct SARIFConfiguration: Encodable { let level: String }

    struct SARIFMessage: Encodable { let text: String }

    struct SARIFArtifact: Encodable { let location: SARIFArtifactLocation }

    struct SARIFArtifactLocation: Encodable {
        let uri: String
        let uriBaseId: String?
        let index: Int?
    }

    struct SARIFResult: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        /// `fail` for a violated assertion; `open` for an unknown one (not decided: SARIF then wants level `none`).
        let kind: String
        let message: SARIFMessage
        let locations: [SARIFLocation]
        let partialFingerprints: [String: String]
        let properties: [String: String]
    }

    struct SARIFLocation: Encodable { let physicalLocation: SARIFPhysicalLocation }

    struct SARIFPhysicalLocation: Encodable {
        let artifactLocation: SARIFArtifactLocation
        let region: SARIFRegion
    }

    struct SARIFRegion: Encodable {
        let startLine: Int
        let startColumn: Int
        let endColumn: Int?
    }

    struct SARIFInvocation: Encodable {
        let executionSuccessful: Bool
        let toolExecutionNotifications: [SARIFNotification]?
    }

    struct SARIFNotification: Encodable {
        let level: String
        let message: SARIFMessage
    }

    /// SARIF 2.1.0 for code-scanning tools: one result per violated (kind `fail`, level `error`) or unknown (kind
    /// `open`, level `none`: not decided either way) assertion, located at its `assert` line; one rule per property
    /// of each file (and `pathproof/can`, `pathproof/cannot`, `pathproof/isolated` for assertions without one);
    /// message = the explanation. A property name that several files define gets one rule per file, its id
    /// qualified by the file (`policies/web.reach#web-tier`), so that each keeps its own description. Relative file
    /// paths are relative to `%SRCROOT%`, the folder PathProof ran in (`workingDirectory`).
    /// Each result has `partialFingerprints` (`pathproofAssertion/v1`: a hash of the assertion's text, its file and
    /// its two sides, not of its line or of timings), so that code scanning keeps an alert across runs and edits
    /// elsewhere in the file. At most `resultLimit` results (GitHub takes 25,000 per run): violations first, and a
    /// notification says how many were left out.
    public func sarif(workingDirectory: String = FileManager.default.currentDirectoryPath,
                      resultLimit: Int = CheckReport.sarifResultLimit) -> String {
        var filesOfProperty: [String: Set<String>] = [:]
        for result in results {
            if let property = result.assertion.property { filesOfProperty[property.name, default: []].insert(property.location.path) }
        }
        let shared = Set(filesOfProperty.filter { $0.value.count > 1 }.keys)
        func ruleID(_ assertion: QueryAssertion) -> String {
            guard let property = assertion.property, shared.contains(property.name) else { return Self.ruleID(assertion) }
            return "\(property.location.path)#\(property.name)"
        }
        var rules: [SARIFRule] = []
        var ruleIndex: [String: Int] = [:]
        for result in results {
            let id = ruleID(result.assertion)
            guard ruleIndex[id] == nil else { continue }
            ruleIndex[id] = rules.count
            rules.append(Self.rule(for: result.assertion, id: id))
        }
        var artifacts: [SARIFArtifact] = []
        var artifactIndex: [String: Int] = [:]
        for file in files where artifactIndex[file.path] == nil {
            artifactIndex[file.path] = artifacts.count
            artifacts.append(SARIFArtifact(location: Self.artifactLocation(file.path, index: nil)))
        }
        var sarifResults: [SARIFResult] = []
        for file in files {
            for result in file.results where result.status != .holds {
                let assertion = result.assertion
                let violated = result.status == .violated
                let region = SARIFRegion(startLine: assertion.location.line, startColumn: assertion.location.column,
                                         endColumn: assertion.endColumn)
                var properties = ["assertion": assertion.text, "status": result.status.name, "snapshot": file.snapshot]
                if let description = assertion.property?.description { properties["description"] = description }
                let id = ruleID(assertion)
                sarifResults.append(SARIFResult(
                    ruleId: id, ruleIndex: ruleIndex[id]!, level: violated ? "error" : "none", kind: violated ? "fail" : "open",
                    message: SARIFMessage(text: "\(assertion.text): \(result.explanation)"),
                    locations: [SARIFLocation(physicalLocation: SARIFPhysicalLocation(
                        artifactLocation: Self.artifactLocation(file.path, index: artifactIndex[file.path]), region: region))],
                    partialFingerprints: [Self.fingerprintKey: Self.fingerprint(result, file: file.path)],
                    properties: properties))
            }
        }
        var notifications: [SARIFNotification]?
        if sarifResults.count > resultLimit {
            let total = sarifResults.count
            sarifResults = sarifResults.filter { $0.level == "error" } + sarifResults.filter { $0.level != "error" }
            sarifResults = Array(sarifResults.prefix(resultLimit))
            notifications = [SARIFNotification(level: "warning", message: SARIFMessage(
                text: "\(total - resultLimit) of \(total) results left out: code scanning takes at most \(resultLimit) results per run; see `pathproof check --format json` for all."))]
        }
        let root = URL(fileURLWithPath: workingDirectory, isDirectory: true).absoluteString
        let log = SARIFLog(runs: [SARIFRun(
            tool: SARIFTool(driver: SARIFDriver(informationUri: nil, rules: rules)),
            originalUriBaseIds: files.contains { !$0.path.hasPrefix("/") } ? ["%SRCROOT%": SARIFArtifactLocation(uri: root.hasSuffix("/") ? root : root + "/", uriBaseId: nil, index: nil)] : nil,
            artifacts: artifacts, results: sarifResults, invocations: [SARIFInvocation(executionSuccessful: true, toolExecutionNotifications: notifications)])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// GitHub code scanning's limit of results per run.
    public static let sarifResultLimit = 25_000

    static let fingerprintKey = "pathproofAssertion/v1"

    /// SHA-256 of the assertion's text, its file (as named, without a leading `./`) and its two sides.
    static func fingerprint(_ result: AssertionResult, file: String) -> String {
        var path = file
        while path.hasPrefix("./") { path.removeFirst(2) }
        var digest = SHA256Digest()
        for part in [result.assertion.text, path, result.sourceLabel, result.destinationLabel] {
            digest.update(Array(part.utf8) + [0])
        }
        return SHA256Digest.hex(digest.finish())
    }

    static func rule(for assertion: QueryAssertion, id: String) -> SARIFRule {
        if let property = assertion.property {
            let text = property.description ?? "Property \(property.name) of \(property.location.path)"
            return SARIFRule(id: id, shortDescription: SARIFMessage(text: text),
                             fullDescription: SARIFMessage(text: "\(text) (defined at \(property.location.path):\(property.location.line))"),
                             defaultConfiguration: SARIFConfiguration(level: "error"), properties: ["file": property.location.path])
        }
        let text: String
        switch assertion.kind {
        case .can: text = "A reachability assertion: some source reaches some destination with the given traffic."
        case .cannot: text = "An unreachability assertion: no source reaches any destination with the given traffic."
        case .isolated: text = "An isolation assertion: no traffic of any protocol gets from either side to the other."
        }
        return SARIFRule(id: id, shortDescription: SARIFMessage(text: text),
                         fullDescription: SARIFMessage(text: "\(text) Written `assert … \(assertion.kind.rawValue) …` in a .reach file, without a property line."),
                         defaultConfiguration: SARIFConfiguration(level: "error"), properties: nil)
    }

    /// A relative path becomes a URI reference against `%SRCROOT%`; an absolute one a `file:` URI.
    static func artifactLocation(_ path: String, index: Int?) -> SARIFArtifactLocation {
        if path.hasPrefix("/") {
            return SARIFArtifactLocation(uri: URL(fileURLWithPath: path).absoluteString, uriBaseId: nil, index: index)
        }
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let uri = relative.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }.joined(separator: "/")
        return SARIFArtifactLocation(uri: uri, uriBaseId: "%SRCROOT%", index: index)
    }
}

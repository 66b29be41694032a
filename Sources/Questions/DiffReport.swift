import Analysis
import Foundation

/// What `diff` found, as CI reports take it: one finding per pair whose reachability (or ports) changed, per
/// instance whose exposure to the internet changed, per instance only before or only after, and per `.reach`
/// assertion whose answer flipped. `sarif()` and `junit()` render the same findings as `check` renders assertions.
public struct DiffReport: Sendable {
    public struct Location: Sendable {
        public let path: String
        public let line: Int
        public let column: Int

        public init(path: String, line: Int = 1, column: Int = 1) {
            self.path = path
            self.line = line
            self.column = column
        }
    }

    public struct Finding: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case reachability = "pathproof/diff/reachability"
            case exposure = "pathproof/diff/exposure"
            case inventory = "pathproof/diff/inventory"
            case assertion = "pathproof/diff/assertion"

            var summary: String {
                switch self {
                case .reachability: "An instance pair's reachability (or the ports it reaches) changed."
                case .exposure: "What the internet reaches on an instance changed."
                case .inventory: "An instance is only in one of the two networks."
                case .assertion: "A .reach assertion's answer changed."
                }
            }
        }

        public let kind: Kind
        /// What the finding is about, stable across runs: the pair, the instance and family, the assertion.
        public let subject: String
        public let message: String
        /// The new answer is unknown: not decided either way.
        public let unknown: Bool
        public let location: Location

        public init(kind: Kind, subject: String, message: String, unknown: Bool = false, location: Location) {
            self.kind = kind
            self.subject = subject
            self.message = message
            self.unknown = unknown
            self.location = location
        }
    }

    public let findings: [Finding]
    /// What was compared, for the report's header ("seed/05 → seed/06", "plan.json over snapshot/").
    public let title: String
    public let comparedPairs: Int

    public init(findings: [Finding], title: String, comparedPairs: Int) {
        self.findings = findings
        self.title = title
        self.comparedPairs = comparedPairs
    }

    /// The findings of a snapshot diff, located at `location` (the plan file, or the new snapshot); `name` adds what
    /// an id is known as (a Terraform address), `extra` the assertion flips.
    public init(_ diff: SnapshotDiff, title: String, location: Location, name: (String) -> String = { $0 }, extra: [Finding] = []) {
        var findings: [Finding] = []
        for change in diff.changes {
            var message = "\(name(change.from)) → \(name(change.to)) (\(diff.traffic)): \(change.before.name) → \(change.after.name)"
            if let ports = change.portsBefore, let now = change.portsAfter, ports.description != now.description {
                message += "; ports \(ports) → \(now)"
            }
            if let answer = change.answer?.answer {
                if answer.verdict == .reachable, let packet = answer.packet { message += "; witness \(packet)" }
                for blocker in answer.blockers { message += "; blocked: [\(blocker.code)] \(name(blocker.component)): \(blocker.message)" }
            }
            let unknown: Bool
            if case .unknown = change.after { unknown = true } else { unknown = false }
            findings.append(Finding(kind: .reachability, subject: "\(change.from) → \(change.to) \(diff.traffic)", message: message,
                                    unknown: unknown, location: location))
        }
        for change in diff.exposureChanges {
            let label = change.name.map { "\(name(change.instanceID)) (\($0))" } ?? name(change.instanceID)
            findings.append(Finding(kind: .exposure, subject: "\(change.instanceID) \(change.family.rawValue)",
                                    message: "\(label), \(change.family): the internet reaches \(change.beforeText) → \(change.afterText)",
                                    location: location))
        }
        for id in diff.onlyBefore {
            findings.append(Finding(kind: .inventory, subject: "before \(id)", message: "\(name(id)) is only in the network before", location: location))
        }
        for id in diff.onlyAfter {
            findings.append(Finding(kind: .inventory, subject: "after \(id)", message: "\(name(id)) is only in the network after", location: location))
        }
        self.init(findings: findings + extra, title: title, comparedPairs: diff.comparedPairs)
    }

    /// SARIF 2.1.0: one rule per kind of finding, one result per finding (level `error`, kind `fail`; `none`/`open`
    /// when the new answer is unknown), with `partialFingerprints` over the kind and subject so that code scanning
    /// keeps an alert across runs; at most `resultLimit` results, as for `check`.
    public func sarif(workingDirectory: String = FileManager.default.currentDirectoryPath,
                      resultLimit: Int = CheckReport.sarifResultLimit) -> String {
        typealias R = CheckReport
        let kinds = Finding.Kind.allCases
        let rules = kinds.map { kind in
            R.SARIFRule(id: kind.rawValue, shortDescription: R.SARIFMessage(text: kind.summary),
                        fullDescription: R.SARIFMessage(text: "\(kind.summary) Reported by `pathproof diff`."),
                        defaultConfiguration: R.SARIFConfiguration(level: "error"), properties: nil)
        }
        var artifacts: [R.SARIFArtifact] = []
        var artifactIndex: [String: Int] = [:]
        for finding in findings where artifactIndex[finding.location.path] == nil {
            artifactIndex[finding.location.path] = artifacts.count
            artifacts.append(R.SARIFArtifact(location: R.artifactLocation(finding.location.path, index: nil)))
        }
        var results = findings.map { finding in
            R.SARIFResult(
                ruleId: finding.kind.rawValue, ruleIndex: kinds.firstIndex(of: finding.kind)!,
                level: finding.unknown ? "none" : "error", kind: finding.unknown ? "open" : "fail",
                message: R.SARIFMessage(text: finding.message),
                locations: [R.SARIFLocation(physicalLocation: R.SARIFPhysicalLocation(
                    artifactLocation: R.artifactLocation(finding.location.path, index: artifactIndex[finding.location.path]),
                    region: R.SARIFRegion(startLine: finding.location.line, startColumn: finding.location.column, endColumn: nil)))],
                partialFingerprints: [Self.fingerprintKey: Self.fingerprint(finding)],
                properties: ["subject": finding.subject, "compared": title])
        }
        var notifications: [R.SARIFNotification]?
        if results.count > resultLimit {
            let total = results.count
            results = Array((results.filter { $0.level == "error" } + results.filter { $0.level != "error" }).prefix(resultLimit))
            notifications = [R.SARIFNotification(level: "warning", message: R.SARIFMessage(
                text: "\(total - resultLimit) of \(total) results left out: code scanning takes at most \(resultLimit) results per run; see `pathproof diff --format json` for all."))]
        }
        let root = URL(fileURLWithPath: workingDirectory, isDirectory: true).absoluteString
        let log = R.SARIFLog(runs: [R.SARIFRun(
            tool: R.SARIFTool(driver: R.SARIFDriver(informationUri: nil, rules: rules)),
            originalUriBaseIds: findings.contains { !$0.location.path.hasPrefix("/") }
                ? ["%SRCROOT%": R.SARIFArtifactLocation(uri: root.hasSuffix("/") ? root : root + "/", uriBaseId: nil, index: nil)] : nil,
            artifacts: artifacts, results: results,
            invocations: [R.SARIFInvocation(executionSuccessful: true, toolExecutionNotifications: notifications)])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static let fingerprintKey = "pathproofDiff/v1"

    /// SHA-256 of the finding's kind and subject (not of its message, which holds witnesses and timings).
    static func fingerprint(_ finding: Finding) -> String {
        var digest = SHA256Digest()
        for part in [finding.kind.rawValue, finding.subject] { digest.update(Array(part.utf8) + [0]) }
        return SHA256Digest.hex(digest.finish())
    }

    /// JUnit XML: one test suite, one failing test case per finding (an `error` when the new answer is unknown),
    /// and one passing test case when nothing changed, so that a CI dashboard shows the comparison ran.
    public func junit() -> String {
        typealias R = CheckReport
        let failures = findings.filter { !$0.unknown }.count, errors = findings.count - failures
        let tests = max(findings.count, 1)
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        lines.append(#"<testsuites name="pathproof diff" tests="\#(tests)" failures="\#(failures)" errors="\#(errors)">"#)
        lines.append(#"  <testsuite name="\#(R.escape(title))" tests="\#(tests)" failures="\#(failures)" errors="\#(errors)" skipped="0">"#)
        lines.append(#"    <properties><property name="comparedPairs" value="\#(comparedPairs)"/></properties>"#)
        if findings.isEmpty {
            lines.append(#"    <testcase name="no reachability change across \#(comparedPairs) instance pairs" classname="pathproof/diff"/>"#)
        }
        for finding in findings {
            lines.append(#"    <testcase name="\#(R.escape(finding.subject))" classname="\#(R.escape(finding.kind.rawValue))" file="\#(R.escape(finding.location.path))" line="\#(finding.location.line)">"#)
            let element = finding.unknown ? "error" : "failure", type = finding.unknown ? "unknown" : "changed"
            lines.append(#"      <\#(element) type="\#(type)" message="\#(R.escape(finding.message))">\#(R.escape(finding.message, attribute: false))</\#(element)>"#)
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n")
    }
}

import Foundation

/// The outcome of `pathproof check`: every file's assertions, checked, ready to print as text, JSON, SARIF or JUnit.
public struct CheckReport: Sendable {
    public struct FileReport: Sendable {
        /// The `.reach` file as named on the command line.
        public let path: String
        /// The snapshot folder its assertions were checked on.
        public let snapshot: String
        public let results: [AssertionResult]

        public init(path: String, snapshot: String, results: [AssertionResult]) {
            self.path = path
            self.snapshot = snapshot
            self.results = results
        }
    }

    public let files: [FileReport]

    public init(files: [FileReport]) { self.files = files }

    public var results: [AssertionResult] { files.flatMap(\.results) }
    public var holding: Int { results.filter { $0.status == .holds }.count }
    public var violated: Int { results.filter { $0.status == .violated }.count }
    public var unknown: Int { results.filter { if case .unknown = $0.status { true } else { false } }.count }

    /// `9 assertions in 2 files: 8 hold, 1 violated, 0 unknown.`
    public var summary: String {
        let count = results.count
        let fileCount = files.count == 1 ? "1 file" : "\(files.count) files"
        return "\(count == 1 ? "1 assertion" : "\(count) assertions") in \(fileCount): \(holding) \(holding == 1 ? "holds" : "hold"), \(violated) violated, \(unknown) unknown."
    }

    /// The rule id of an assertion in SARIF and the class name in JUnit: its property's name, else
    /// `pathproof/can`, `pathproof/cannot` or `pathproof/isolated`.
    public static func ruleID(_ assertion: QueryAssertion) -> String {
        assertion.property?.name ?? "\(QueryFileParser.reservedPrefix)\(assertion.kind.rawValue)"
    }

    // MARK: Text

    /// One line per assertion (PASS, FAIL, UNKNOWN, with file:line), the evidence under each that does not hold,
    /// and a summary line.
    public func text() -> String {
        var lines: [String] = []
        for file in files {
            lines.append(Self.textHeader(path: file.path, snapshot: file.snapshot))
            for result in file.results { lines += Self.textLines(result, path: file.path) }
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    /// The first line of a file's part of the text: `seed-lab.reach (snapshot seed/09-eic-works)`.
    public static func textHeader(path: String, snapshot: String) -> String { "\(path) (snapshot \(snapshot))" }

    /// The lines of one assertion's result in the text, which `check` prints as soon as it is decided.
    public static func textLines(_ result: AssertionResult, path: String) -> [String] {
        let assertion = result.assertion
        let tag: String
        switch result.status {
        case .holds: tag = "PASS"
        case .violated: tag = "FAIL"
        case .unknown: tag = "UNKNOWN"
        }
        let name = assertion.property.map { "\($0.name): " } ?? ""
        var lines = ["  \(tag.padding(toLength: 7, withPad: " ", startingAt: 0)) \(path):\(assertion.location.line)  \(name)\(assertion.text)"]
        guard result.status != .holds else { return lines }
        if let description = assertion.property?.description { lines.append("          property: \(description)") }
        lines.append("          \(result.summary)")
        lines += result.details.map { "          \($0)" }
        return lines
    }
}

/// `pathproof check --format github`: GitHub Actions workflow commands, so that each violated assertion shows as an
/// error annotation on its line of the `.reach` file in the pull request (an unknown one as a warning), then the
/// summary line.
extension CheckReport {
    public func githubAnnotations() -> String {
        var lines: [String] = []
        for file in files {
            for result in file.results where result.status != .holds {
                let assertion = result.assertion
                let command = result.status == .violated ? "error" : "warning"
                let what = result.status == .violated ? "violated" : "unknown"
                var properties = [("file", file.path), ("line", String(assertion.location.line)), ("col", String(assertion.location.column))]
                properties.append(("endColumn", String(assertion.endColumn)))
                properties.append(("title", "\(Self.ruleID(assertion)) \(what): \(assertion.text)"))
                let list = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
                lines.append("::\(command) \(list)::\(Self.escapeData(result.explanation))")
            }
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    /// A workflow command's message: `%`, CR and LF as `%25`, `%0D`, `%0A` (GitHub's rules).
    public static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A workflow command's property value: as a message, and `:` and `,` as `%3A` and `%2C`.
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

import Foundation

extension CheckReport {
    /// JUnit XML for CI systems: one `testsuite` per file, one `testcase` per assertion (class name = its rule id,
    /// see `ruleID`), a `failure` with the explanation for a violated assertion and an `error` for an unknown one.
    public func junit() -> String {
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        let total = files.reduce(0.0) { $0 + $1.results.reduce(0.0) { $0 + $1.milliseconds } }
        lines.append(#"<testsuites name="pathproof check" tests="\#(results.count)" failures="\#(violated)" errors="\#(unknown)" time="\#(Self.seconds(total))">"#)
        for file in files {
            let failures = file.results.filter { $0.status == .violated }.count
            let errors = file.results.filter { if case .unknown = $0.status { true } else { false } }.count
            let time = file.results.reduce(0.0) { $0 + $1.milliseconds }
            lines.append(#"  <testsuite name="\#(Self.escape(file.path))" tests="\#(file.results.count)" failures="\#(failures)" errors="\#(errors)" skipped="0" time="\#(Self.seconds(time))">"#)
            lines.append(#"    <properties><property name="snapshot" value="\#(Self.escape(file.snapshot))"/></properties>"#)
            for result in file.results {
                let assertion = result.assertion
                let name = "line \(assertion.location.line): \(assertion.text)"
                lines.append(#"    <testcase name="\#(Self.escape(name))" classname="\#(Self.escape(Self.ruleID(assertion)))" file="\#(Self.escape(file.path))" line="\#(assertion.location.line)" time="\#(Self.seconds(result.milliseconds))">"#)
                var body = result.explanation
                if let description = assertion.property?.description { body = "Property \(assertion.property!.name): \(description)\n\(body)" }
                switch result.status {
                case .holds:
                    lines.append("      <system-out>\(Self.escape(body, attribute: false))</system-out>")
                case .violated:
                    lines.append(#"      <failure type="violated" message="\#(Self.escape(result.summary))">\#(Self.escape(body, attribute: false))</failure>"#)
                case .unknown:
                    lines.append(#"      <error type="unknown" message="\#(Self.escape(result.summary))">\#(Self.escape(body, attribute: false))</error>"#)
                }
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n")
    }

    static func seconds(_ milliseconds: Double) -> String { String(format: "%.3f", milliseconds / 1000) }

    /// Text as an XML attribute value (line breaks kept as character references) or as character data; characters
    /// XML 1.0 cannot hold are dropped.
    static func escape(_ text: String, attribute: Bool = true) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += attribute ? "&#10;" : "\n"
            case "\t", "\r": result += "&#\(scalar.value);"
            default:
                let v = scalar.value
                if v >= 0x20 && v != 0xFFFE && v != 0xFFFF { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

/// A group of assertions with the comment lines that introduce it in an exported script.
public struct SMTLIB2Section {
    public var comment: String
    public var assertions: [Term]

    public init(comment: String, assertions: [Term]) {
        self.comment = comment
        self.assertions = assertions
    }
}

extension SMTContext {
    /// Like `smtlib2Script(assertions:comment:)`, the assertions of all sections in order, but each section's
    /// assertions are preceded by its comment (as `;` lines): a self-contained script with `(set-logic QF_BV)`,
    /// declarations, one plain `(assert …)` per term and one `(check-sat)`, readable section by section.
    ///
    /// When the context has an error the script holds only comments, as `smtlib2Script(assertions:comment:)`'s.
    public func smtlib2Script(sections: [SMTLIB2Section], comment: String = "") -> String {
        let all = sections.flatMap(\.assertions)
        let plain = smtlib2Script(assertions: all)
        let header = commentLines(comment)
        guard let forms = try? SMTLIB2Text.forms(plain),
              forms.filter({ $0.expression.head == "assert" }).count == all.count,
              forms.contains(where: { $0.expression.head == "check-sat" }) else {
            // An error script (comments only) or text this reader did not expect: keep Z3's script as it is.
            return header + plain
        }
        var lines: [String] = []
        var asserts = forms.filter { $0.expression.head == "assert" }.makeIterator()
        var wroteSections = false
        for form in forms {
            if form.expression.head == "assert" {
                guard !wroteSections else { continue }
                wroteSections = true
                for section in sections {
                    lines.append("")
                    if !section.comment.isEmpty { lines.append(commentLines(section.comment), trimmingFinalNewline: true) }
                    for _ in section.assertions { lines.append(asserts.next()!.text) }
                }
                lines.append("")
            } else {
                lines.append(form.text)
            }
        }
        return header + lines.joined(separator: "\n") + "\n"
    }

    private func commentLines(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.isEmpty ? ";" : "; " + $0 }.joined(separator: "\n") + "\n"
    }
}

private extension Array where Element == String {
    mutating func append(_ text: String, trimmingFinalNewline: Bool) {
        append(trimmingFinalNewline && text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }
}

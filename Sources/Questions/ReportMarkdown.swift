import Analysis
import NetworkModel
import Simulation

/// Answers as GitHub-flavoured markdown, ready for a pull-request comment or a ticket: a heading, a one-line summary,
/// the blockers as a table, and the path diagram in a ```mermaid block (GitHub draws it), with the hops as text in a
/// collapsed `<details>` section.
public enum MarkdownRendering {
    /// `pathproof query --format markdown`.
    public static func query(_ result: QuestionResult, network: Network?) -> String {
        var lines = ["### PathProof: `\(code(result.query.text))`\(result.oneWay ? " (one way)" : "")", ""]
        lines.append("From \(cell(result.source.label)) to \(cell(result.destination.label)), \(result.query.traffic.adapted(to: result.family)) over \(result.family).")
        lines.append("")
        lines += body(PathDiagram(result, network: network), answer: result.answer)
        return lines.joined(separator: "\n")
    }

    /// The verdict, blockers or path, and the diagram of one answer.
    static func body(_ diagram: PathDiagram, answer: Answer) -> [String] {
        var lines: [String] = []
        switch answer.verdict {
        case .reachable:
            lines.append("**REACHABLE**\(answer.packet.map { ": witness packet `\(code($0.description))`" } ?? "")")
        case .unreachable:
            lines.append("**UNREACHABLE** (proved: no packet of this query gets through)")
            if !answer.blockers.isEmpty {
                lines.append("")
                lines.append("| # | Blocker | Code | Path | Why |")
                lines.append("| --- | --- | --- | --- | --- |")
                for (i, blocker) in answer.blockers.enumerated() {
                    let path = blocker.direction.map { "\(blocker.leg) \($0)" } ?? "\(blocker.leg)"
                    lines.append("| \(i + 1) | `\(blocker.component)` | `\(blocker.code)` | \(path) | \(cell(blocker.message)) |")
                }
                if let packet = answer.packet { lines += ["", "Example packet that would pass once they change: `\(code(packet.description))`"] }
            } else if let note = answer.note {
                lines += ["", cell(note)]
            }
        case .unknown(let reason):
            lines.append("**UNKNOWN**: \(cell(reason))")
        }
        lines += ["", "```mermaid", RenderMermaid.render(diagram), "```"]
        let walks = [("Forward path", answer.forward), ("Return path", answer.returnWalk)].compactMap { title, walk in walk.map { (title, $0) } }
        if answer.verdict == .reachable, !walks.isEmpty {
            lines += ["", "<details><summary>Hops</summary>", ""]
            for (title, walk) in walks {
                lines.append("\(title):")
                lines.append("")
                for (i, hop) in walk.hops.enumerated() {
                    lines.append("\(i + 1). `\(hop.component)` (\(hop.kind.rawValue)) \(cell(hop.detail))")
                }
                lines.append("")
            }
            lines.append("</details>")
        }
        return lines
    }

    /// Text for a table cell or a line: pipes escaped, line breaks as spaces, HTML's `<` and `>` as entities.
    public static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Text inside a code span: a backtick would end it.
    public static func code(_ text: String) -> String { text.replacingOccurrences(of: "`", with: "'") }
}

extension CheckReport {
    /// `pathproof check --format markdown`: the summary, a table of every assertion, then for each that does not
    /// hold its explanation and the diagram of each direction. `network` gives the snapshot a file was checked on
    /// (by the `snapshot` its report names), for the names of components and the walk up to a blocker.
    public func markdown(network: (String) -> Network? = { _ in nil }) -> String {
        var lines = ["### PathProof check", "", "**\(summary)**", ""]
        lines.append("| Status | Where | Assertion |")
        lines.append("| --- | --- | --- |")
        for file in files {
            for result in file.results {
                let name = result.assertion.property.map { "\($0.name): " } ?? ""
                lines.append("| \(Self.badge(result.status)) | `\(file.path):\(result.assertion.location.line)` | \(MarkdownRendering.cell(name))`\(MarkdownRendering.code(result.assertion.text))` |")
            }
        }
        for file in files {
            for result in file.results where result.status != .holds {
                let assertion = result.assertion
                lines += ["", "#### \(Self.badge(result.status)) `\(file.path):\(assertion.location.line)` `\(MarkdownRendering.code(assertion.text))`", ""]
                if let description = assertion.property?.description { lines += ["Property: \(MarkdownRendering.cell(description))", ""] }
                lines.append(MarkdownRendering.cell(result.summary))
                for detail in result.details { lines.append("- \(MarkdownRendering.cell(detail))") }
                for direction in result.directions {
                    guard let answer = direction.answer else { continue }
                    let title = "\(direction.pairSource ?? direction.from) → \(direction.pairDestination ?? direction.to)"
                    let diagram = PathDiagram(answer: answer, title: title, source: direction.pairSource ?? direction.from,
                                              destination: direction.pairDestination ?? direction.to, oneWay: direction.oneWay,
                                              network: network(file.snapshot))
                    lines += ["", "```mermaid", RenderMermaid.render(diagram), "```"]
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func badge(_ status: AssertionResult.Status) -> String {
        switch status {
        case .holds: "✅ PASS"
        case .violated: "❌ FAIL"
        case .unknown: "❔ UNKNOWN"
        }
    }
}

extension SnapshotDiff {
    /// `pathproof diff --format markdown`: how many pairs changed, a table of the changes, and for each change the
    /// diagram of the new answer (its path, or its blockers). `network` is the new snapshot.
    public func markdown(traffic: TrafficSpec, network: Network?) -> String {
        var lines = ["### PathProof diff (\(traffic))", ""]
        if changes.isEmpty {
            lines.append("No change in \(traffic) reachability across \(comparedPairs) instance pairs.")
        } else {
            lines.append("**\(changes.count) of \(comparedPairs) instance pairs changed.**")
            let ports = changes.contains { $0.portsBefore != nil || $0.portsAfter != nil }
            lines += ["", "| From | To | Before | After |" + (ports ? " Ports before | Ports after |" : ""),
                      "| --- | --- | --- | --- |" + (ports ? " --- | --- |" : "")]
            for change in changes {
                let portCells = ports ? " \(MarkdownRendering.cell(change.portsBefore?.description ?? "")) | \(MarkdownRendering.cell(change.portsAfter?.description ?? "")) |" : ""
                lines.append("| `\(change.from)` | `\(change.to)` | \(change.before.name) | \(change.after.name) |" + portCells)
            }
            for change in changes {
                guard let result = change.answer else { continue }
                lines += ["", "#### `\(change.from)` → `\(change.to)`: \(change.before.name) → \(change.after.name)", ""]
                lines += MarkdownRendering.body(PathDiagram(result, network: network), answer: result.answer)
            }
        }
        if !exposureChanges.isEmpty {
            lines += ["", "**Exposure to the internet changed for \(exposureChanges.count) instance\(exposureChanges.count == 1 ? "" : "s").**", "",
                      "| Instance | Family | Before | After |", "| --- | --- | --- | --- |"]
            for change in exposureChanges {
                let name = change.name.map { " (\(MarkdownRendering.cell($0)))" } ?? ""
                lines.append("| `\(change.instanceID)`\(name) | \(change.family) | \(MarkdownRendering.cell(change.beforeText)) | \(MarkdownRendering.cell(change.afterText)) |")
            }
        }
        if !onlyBefore.isEmpty { lines += ["", "Only in the old snapshot: \(onlyBefore.map { "`\($0)`" }.joined(separator: ", "))"] }
        if !onlyAfter.isEmpty { lines += ["", "Only in the new snapshot: \(onlyAfter.map { "`\($0)`" }.joined(separator: ", "))"] }
        return lines.joined(separator: "\n")
    }
}

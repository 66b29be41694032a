/// A path diagram as a Mermaid flowchart, left to right, as GitHub renders it in markdown (a ```mermaid block).
///
/// Node ids are the diagram's own (`f1`, `r2`, `b1`), never AWS ids; every label is quoted, and the characters
/// Mermaid would read as syntax are written as its entity codes (`#quot;`, `#35;`, `#lt;`, …). Lines of a label are
/// joined with `<br/>`. Blockers get the `blocked` class (red) and their edges a red `linkStyle`.
public enum RenderMermaid {
    public static func render(_ diagram: PathDiagram) -> String {
        var lines = ["flowchart LR"]
        var edgeIndex = 0
        var blockedEdges: [Int] = []
        for lane in diagram.lanes {
            lines.append("  subgraph \(lane.key)[\"\(escape(lane.title))\"]")
            lines.append("    direction LR")
            for node in lane.nodes {
                lines.append("    \(node.key)[\"\(label(DiagramText.nodeLines(node)))\"]")
            }
            for edge in lane.edges {
                lines.append("    \(edge.from) -->|\"\(label(DiagramText.wrap(edge.label, width: DiagramText.edgeWidth)))\"| \(edge.to)")
                if edge.blocked { blockedEdges.append(edgeIndex) }
                edgeIndex += 1
            }
            lines.append("  end")
        }
        let blocked = diagram.nodes.filter(\.blocked).map(\.key)
        if !blocked.isEmpty {
            lines.append("  classDef blocked fill:#fdecea,stroke:#c62828,stroke-width:2px,color:#b71c1c")
            lines.append("  class \(blocked.joined(separator: ",")) blocked")
        }
        if !blockedEdges.isEmpty {
            lines.append("  linkStyle \(blockedEdges.map(String.init).joined(separator: ",")) stroke:#c62828,stroke-width:2px,color:#c62828")
        }
        return lines.joined(separator: "\n")
    }

    static func label(_ lines: [String]) -> String { lines.map(escape).joined(separator: "<br/>") }

    /// Text inside a quoted Mermaid label: the characters Mermaid or its HTML labels would read as syntax become
    /// entity codes.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "#": out += "#35;"
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "|": out += "#124;"
            case "`": out += "#96;"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

/// The lines of text each rendering draws.
enum DiagramText {
    static let nodeWidth = 34
    static let edgeWidth = 28

    /// AWS id, Name, kind, then (for a blocker or the end of a path) the note, wrapped.
    static func nodeLines(_ node: PathDiagram.Node) -> [String] {
        var lines = [node.component]
        if let name = node.name { lines.append(name) }
        lines.append("(\(node.kind))")
        if let note = node.note { lines += wrap(note, width: nodeWidth) }
        return lines
    }

    /// Words wrapped to lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}

/// A path diagram as a Graphviz DOT digraph, left to right (`dot -Tsvg`): one cluster per path, blockers red.
public enum RenderDOT {
    public static func render(_ diagram: PathDiagram) -> String {
        var lines = ["digraph pathproof {"]
        lines.append("  rankdir=LR;")
        lines.append("  graph [fontname=\"Helvetica\", labelloc=t, label=\(quote("\(diagram.title)\n\(diagram.summary)"))];")
        lines.append("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=10];")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=9];")
        // In a left-to-right layout Graphviz stacks the clusters from the bottom up in the order they are written:
        // the return path is written first, so that the forward path is drawn above it.
        for lane in diagram.lanes.reversed() {
            lines.append("  subgraph cluster_\(lane.key) {")
            lines.append("    label=\(quote(lane.title));")
            lines.append("    color=\"#9e9e9e\";")
            for node in lane.nodes {
                let style = node.blocked
                    ? ", color=\"#c62828\", fontcolor=\"#b71c1c\", style=\"rounded,filled\", fillcolor=\"#fdecea\", penwidth=2"
                    : ""
                lines.append("    \(node.key) [label=\(quote(DiagramText.nodeLines(node).joined(separator: "\n")))\(style)];")
            }
            lines.append("  }")
            for edge in lane.edges {
                let style = edge.blocked ? ", color=\"#c62828\", fontcolor=\"#c62828\", penwidth=2" : ""
                lines.append("  \(edge.from) -> \(edge.to) [label=\(quote(DiagramText.wrap(edge.label, width: DiagramText.edgeWidth).joined(separator: "\n")))\(style)];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n` (centred lines).
    public static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(character)
            }
        }
        return out + "\""
    }
}

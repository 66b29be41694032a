/// A path diagram as a standalone SVG image, laid out here (no Graphviz, no script): each path is a row of boxes, left
/// to right, with the rule or route that admitted the packet under each arrow; blockers red. The HTML report inlines
/// it, so that a report opens offline.
public enum RenderSVG {
    static let nodeWidth = 236.0
    static let gap = 184.0
    static let lineHeight = 14.0
    static let margin = 16.0

    /// `idPrefix` keeps the ids of several diagrams in one page apart.
    public static func render(_ diagram: PathDiagram, idPrefix: String = "pd") -> String {
        var body: [String] = []
        var y = margin
        body.append(text(diagram.title, x: margin, y: y + 12, attributes: "font-weight=\"bold\" font-size=\"13\""))
        y += 18
        body.append(text(diagram.summary, x: margin, y: y + 12,
                         attributes: diagram.verdict == "reachable" ? "fill=\"#1b5e20\"" : diagram.verdict == "unreachable" ? "fill=\"#b71c1c\"" : "fill=\"#6d4c41\""))
        y += 28
        var width = 480.0
        for lane in diagram.lanes {
            body.append(text(lane.title, x: margin, y: y + 12, attributes: "font-style=\"italic\" fill=\"#424242\""))
            y += 20
            var position: [String: Double] = [:]
            var height = 0.0
            for (i, node) in lane.nodes.enumerated() {
                let x = margin + Double(i) * (nodeWidth + gap)
                position[node.key] = x
                let lines = DiagramText.nodeLines(node)
                let h = Double(lines.count) * lineHeight + 12
                height = max(height, h)
                let (fill, stroke) = node.blocked ? ("#fdecea", "#c62828") : ("#f5f7fa", "#607d8b")
                body.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(nodeWidth)\" height=\"\(h)\" rx=\"6\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(node.blocked ? 2 : 1)\"/>")
                for (j, line) in lines.enumerated() {
                    let weight = j == 0 ? " font-weight=\"bold\"" : ""
                    let colour = node.blocked ? " fill=\"#b71c1c\"" : ""
                    body.append(text(line, x: x + 8, y: y + 16 + Double(j) * lineHeight, attributes: "\(weight)\(colour)"))
                }
                width = max(width, x + nodeWidth + margin)
            }
            let arrowY = y + 20
            var labelDepth = 0.0
            for edge in lane.edges {
                guard let from = position[edge.from], let to = position[edge.to] else { continue }
                let colour = edge.blocked ? "#c62828" : "#455a64"
                let x1 = from + nodeWidth, x2 = to - 4
                body.append("<line x1=\"\(x1)\" y1=\"\(arrowY)\" x2=\"\(x2)\" y2=\"\(arrowY)\" stroke=\"\(colour)\" stroke-width=\"\(edge.blocked ? 2 : 1.2)\" marker-end=\"url(#\(idPrefix)-\(edge.blocked ? "red" : "grey"))\"/>")
                let lines = DiagramText.wrap(edge.label, width: DiagramText.edgeWidth)
                for (j, line) in lines.enumerated() {
                    body.append(text(line, x: x1 + 6, y: arrowY + 16 + Double(j) * 12,
                                     attributes: "font-size=\"10\" fill=\"\(edge.blocked ? "#c62828" : "#37474f")\""))
                }
                labelDepth = max(labelDepth, 20 + Double(lines.count) * 12)
            }
            y += max(height, labelDepth) + 24
        }
        let head = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(y)" viewBox="0 0 \(width) \(y)" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img">
        <title>\(escape(diagram.title))</title>
        <defs>
        <marker id="\(idPrefix)-grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#455a64"/></marker>
        <marker id="\(idPrefix)-red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#c62828"/></marker>
        </defs>
        <rect width="100%" height="100%" fill="#ffffff"/>
        """
        return ([head] + body + ["</svg>"]).joined(separator: "\n")
    }

    static func text(_ content: String, x: Double, y: Double, attributes: String = "") -> String {
        "<text x=\"\(x)\" y=\"\(y)\"\(attributes.isEmpty ? "" : " " + attributes)>\(escape(content))</text>"
    }

    /// Text and attribute values in XML.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

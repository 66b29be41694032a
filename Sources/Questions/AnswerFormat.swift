import NetworkModel

/// The formats `pathproof query` prints an answer in.
public enum AnswerFormat: String, CaseIterable, Sendable {
    case text
    case json
    /// A summary and the Mermaid diagram, for a pull-request comment.
    case markdown
    /// The path diagram as a Mermaid flowchart.
    case mermaid
    /// The path diagram as a Graphviz DOT digraph.
    case dot
    /// Reachability Analyzer's `NetworkInsightsAnalysis`, as `aws ec2 describe-network-insights-analyses` prints it.
    case raJSON = "ra-json"

    /// The answer as this format prints it (without the last newline). `network` is the snapshot asked about.
    public func render(_ result: QuestionResult, network: Network) -> String {
        switch self {
        case .text: AnswerRendering.text(result)
        case .json: AnswerRendering.json(result)
        case .markdown: MarkdownRendering.query(result, network: network)
        case .mermaid: RenderMermaid.render(PathDiagram(result, network: network))
        case .dot: RenderDOT.render(PathDiagram(result, network: network))
        case .raJSON: ReachabilityAnalyzerJSON.render(result, network: network)
        }
    }
}

import Analysis
import NetworkModel
import Simulation

/// An answer as a picture: the forward and return paths, left to right, one node per hop (interface, security group,
/// network ACL, route table, gateway, peering connection, transit gateway, load balancer, …) labelled with its AWS id
/// and Name, each edge labelled with the rule or route that let the packet on. For an unreachable answer, the path the
/// example packet takes until it stops, then every blocker, in red, with its one-line reason.
///
/// One value, several renderings: Mermaid (`RenderMermaid`), Graphviz DOT (`RenderDOT`) and SVG (`RenderSVG`).
public struct PathDiagram: Sendable {
    public struct Node: Hashable, Sendable {
        /// The node's id in the diagram: `f1`, `r3`, `b1`, `s`, `d`.
        public let key: String
        /// The AWS id (`sg-…`), or `internet`, `on-premises`, a service name.
        public let component: String
        /// The hop's kind (`security-group`, …) or, for a blocker, its code (`ENI_SG_RULES_MISMATCH`).
        public let kind: String
        /// The Name tag (or the security group's name), when there is one.
        public let name: String?
        /// A blocker: drawn in red with its reason.
        public let blocked: Bool
        /// For a blocker: the one-line reason. For the last hop of a path: what it did (`receives …`).
        public let note: String?

        public init(key: String, component: String, kind: String, name: String?, blocked: Bool, note: String?) {
            self.key = key
            self.component = component
            self.kind = kind
            self.name = name
            self.blocked = blocked
            self.note = note
        }
    }

    public struct Edge: Hashable, Sendable {
        public let from: String
        public let to: String
        /// The rule or route that admitted the packet at `from`, or why it stops.
        public let label: String
        public let blocked: Bool

        public init(from: String, to: String, label: String, blocked: Bool) {
            self.from = from
            self.to = to
            self.label = label
            self.blocked = blocked
        }
    }

    /// One path: forward, return, or the forward path of an unreachable answer up to where it stops.
    public struct Lane: Hashable, Sendable {
        public let key: String
        public let title: String
        public let nodes: [Node]
        public let edges: [Edge]

        public init(key: String, title: String, nodes: [Node], edges: [Edge]) {
            self.key = key
            self.title = title
            self.nodes = nodes
            self.edges = edges
        }
    }

    /// The query, as asked.
    public let title: String
    /// One line: "REACHABLE", "UNREACHABLE: blocked by 2 configuration elements", "UNKNOWN: …".
    public let summary: String
    public let verdict: String
    public let lanes: [Lane]

    public init(title: String, summary: String, verdict: String, lanes: [Lane]) {
        self.title = title
        self.summary = summary
        self.verdict = verdict
        self.lanes = lanes
    }

    public var nodes: [Node] { lanes.flatMap(\.nodes) }
    public var edges: [Edge] { lanes.flatMap(\.edges) }

    /// The diagram of one answer. `network` gives the Name of each component and, for an unreachable answer, the
    /// walk of the example packet up to where it stops (without it, the blockers follow the source directly).
    public init(_ result: QuestionResult, network: Network?) {
        self.init(answer: result.answer, title: result.query.text, source: result.source.label,
                  destination: result.destination.label, oneWay: result.oneWay, network: network)
    }

    public init(answer: Answer, title: String, source: String, destination: String, oneWay: Bool, network: Network?) {
        self.title = title
        verdict = answer.verdict.name
        switch answer.verdict {
        case .reachable:
            summary = "REACHABLE: \(source) → \(destination)\(answer.packet.map { ", witness \($0)" } ?? "")"
            var lanes = [Self.lane("forward", "Forward path", answer.forward?.hops ?? [], network)]
            if !oneWay, let back = answer.returnWalk { lanes.append(Self.lane("return", "Return path", back.hops, network)) }
            self.lanes = lanes
        case .unreachable:
            let count = answer.blockers.count
            summary = count == 0
                ? "UNREACHABLE: \(answer.note ?? "no packet of this query gets through")"
                : "UNREACHABLE: blocked by \(count) configuration element\(count == 1 ? "" : "s")"
            lanes = Self.blockedLanes(answer, source: source, destination: destination, oneWay: oneWay, network: network)
        case .unknown(let reason):
            summary = "UNKNOWN: \(reason)"
            let nodes = [Node(key: "s", component: source, kind: "source", name: nil, blocked: false, note: nil),
                         Node(key: "d", component: destination, kind: "destination", name: nil, blocked: false, note: nil)]
            lanes = [Lane(key: "unknown", title: "Unknown", nodes: nodes,
                          edges: [Edge(from: "s", to: "d", label: "unknown: \(reason)", blocked: false)])]
        }
    }

    // MARK: Building

    static func node(_ key: String, _ hop: Hop, _ network: Network?, note: String? = nil) -> Node {
        Node(key: key, component: hop.component, kind: hop.kind.rawValue, name: name(of: hop.component, network),
             blocked: false, note: note)
    }

    static func name(of id: String, _ network: Network?) -> String? {
        guard let name = network?.name(of: id), !name.isEmpty, name != id else { return nil }
        return name
    }

    /// A path's hops, one node each; the edge out of a hop carries what let the packet through it.
    static func lane(_ key: String, _ title: String, _ hops: [Hop], _ network: Network?) -> Lane {
        let prefix = key == "forward" ? "f" : "r"
        var nodes: [Node] = [], edges: [Edge] = []
        for (i, hop) in hops.enumerated() {
            let last = i == hops.count - 1
            nodes.append(node("\(prefix)\(i + 1)", hop, network, note: last ? edgeText(hop) : nil))
            if !last { edges.append(Edge(from: "\(prefix)\(i + 1)", to: "\(prefix)\(i + 2)", label: edgeText(hop), blocked: false)) }
        }
        return Lane(key: key, title: title, nodes: nodes, edges: edges)
    }

    /// A hop's detail without the component's own id in front ("sg-1 outbound rule …" → "outbound rule …").
    static func edgeText(_ hop: Hop) -> String {
        var text = hop.detail
        if text.hasPrefix(hop.component + " ") { text = String(text.dropFirst(hop.component.count + 1)) }
        return text
    }

    /// The example packet's walk until it stops (its forward path, and its return path when the forward one gets
    /// through), then each blocker in red: the one where the walk stops first, the others after it, each with its
    /// reason. The edge into the first blocker carries what let the packet through its last hop.
    static func blockedLanes(_ answer: Answer, source: String, destination: String, oneWay: Bool, network: Network?) -> [Lane] {
        var walks: [[Hop]] = []
        var stop: Drop?
        if let network, let packet = answer.packet, let origin = answer.source.flatMap(location) {
            let walker = PacketWalker(network: network)
            let forward = walker.walk(packet, from: origin, leg: .forward)
            walks.append(forward.hops)
            stop = forward.drop
            if stop == nil, !oneWay, let delivered = forward.deliveredPacket, let response = delivered.response, let at = forward.deliveredAt {
                let back = walker.walk(response, from: at, leg: .return, state: forward.state)
                walks.append(back.hops)
                stop = back.drop
            }
        }
        var lanes: [Lane] = []
        for (index, hops) in walks.enumerated() where !hops.isEmpty {
            let last = index == walks.count - 1
            let (key, title) = index == 0 ? ("forward", last ? "Forward path, until it stops" : "Forward path") : ("return", "Return path, until it stops")
            let built = lane(key, title, hops, network)
            // The last hop's note belongs on the edge to the blocker.
            lanes.append(last ? Lane(key: key, title: title, nodes: built.nodes.dropLast() + [node(built.nodes.last!.key, hops.last!, network)],
                                     edges: built.edges) : built)
        }
        if lanes.isEmpty {
            lanes = [Lane(key: "forward", title: "Forward path, until it stops",
                          nodes: [Node(key: "s", component: source, kind: "source", name: nil, blocked: false, note: nil)], edges: [])]
        }
        var nodes = lanes[lanes.count - 1].nodes, edges = lanes[lanes.count - 1].edges
        let lastHop = walks.last?.last
        // The blocker where the walk stopped comes first.
        var blockers = answer.blockers
        if let stop, let first = blockers.firstIndex(where: { $0.checkpoint == stop.checkpoint || $0.component == stop.component }) {
            blockers.insert(blockers.remove(at: first), at: 0)
        }
        var previous = nodes.last!.key
        for (i, blocker) in blockers.enumerated() {
            let key = "b\(i + 1)"
            let leg = blocker.direction.map { "\(blocker.leg) \($0)" } ?? "\(blocker.leg)"
            nodes.append(Node(key: key, component: blocker.component, kind: "\(blocker.code.rawValue), \(leg)",
                              name: name(of: blocker.component, network), blocked: true, note: blocker.message))
            let label = i > 0 ? "and then" : lastHop.map { "\(edgeText($0)), then stops" } ?? "stops"
            edges.append(Edge(from: previous, to: key, label: label, blocked: true))
            previous = key
        }
        if blockers.isEmpty, let stop {
            nodes.append(Node(key: "b1", component: stop.component, kind: stop.code.rawValue, name: name(of: stop.component, network),
                              blocked: true, note: stop.message))
            edges.append(Edge(from: previous, to: "b1", label: lastHop.map { "\(edgeText($0)), then stops" } ?? "stops", blocked: true))
        }
        let final = lanes.removeLast()
        return lanes + [Lane(key: final.key, title: final.title, nodes: nodes, edges: edges)]
    }

    static func location(_ endpoint: Endpoint) -> Location? {
        switch endpoint {
        case .interface(let id, _): .networkInterface(id)
        case .internet: .internet
        case .service(let name): .service(name)
        case .onPremises: .onPremises
        case .publicAddressOf: nil
        }
    }
}

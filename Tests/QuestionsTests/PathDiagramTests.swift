import Analysis
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The path diagram of an answer and its renderings: what the nodes and edges hold on the seed lab, Mermaid that
/// GitHub's parser takes (checked for its structure: declared ids, balanced subgraphs, escaped labels), DOT, SVG,
/// Reachability Analyzer's JSON and markdown.
@Suite struct PathDiagramTests {
    static let seed = StageLab.seed

    // MARK: The diagram

    @Test func aReachableAnswerHasOneNodePerHopAndAnEdgeLabelledWithEachRule() throws {
        let (result, network) = try Self.seed.ask("06-ping-works", SeedLab.ping)
        let diagram = PathDiagram(result, network: network)
        let forward = try #require(result.answer.forward), back = try #require(result.answer.returnWalk)
        #expect(diagram.lanes.map(\.key) == ["forward", "return"])
        #expect(diagram.lanes[0].nodes.map(\.component) == forward.hops.map(\.component))
        #expect(diagram.lanes[1].nodes.map(\.component) == back.hops.map(\.component))
        #expect(diagram.edges.count == forward.hops.count - 1 + back.hops.count - 1)
        #expect(diagram.nodes.filter { $0.blocked }.isEmpty)
        // Each node carries its Name tag; each edge the rule or route of the hop it leaves.
        let peering = try #require(diagram.lanes[0].nodes.first { $0.kind == "peering-connection" })
        #expect(peering.name == "NextWork-peering")
        #expect(diagram.lanes[0].edges.contains { $0.label == "route 10.2.0.0/16 → \(peering.component)" })
        #expect(diagram.lanes[0].edges.contains { $0.label.hasPrefix("outbound rule 100 (allow all traffic to 0.0.0.0/0)") })
    }

    @Test func anUnreachableAnswerDrawsThePathUntilItStopsThenEachBlockerInRed() throws {
        let (result, network) = try Self.seed.ask("05-routes-sg-blocks-icmp", SeedLab.ping)
        let diagram = PathDiagram(result, network: network)
        let lane = try #require(diagram.lanes.first)
        #expect(diagram.lanes.count == 1 && lane.key == "forward" && lane.title == "Forward path, until it stops")
        let blocked = lane.nodes.filter(\.blocked)
        #expect(blocked.map(\.component) == result.answer.blockers.map(\.component))
        #expect(blocked.allSatisfy { $0.note?.isEmpty == false })
        // The security group of NextWork-2 stops the packet after it crossed the peering and the destination's ACL.
        let before = lane.nodes.filter { !$0.blocked }.map(\.kind)
        #expect(before.first == "network-interface" && before.last == "network-acl" && before.contains("peering-connection"))
        #expect(blocked.first?.component == "sg-0b72e2e6c752cfa80")
        let edge = try #require(lane.edges.last)
        #expect(edge.blocked && edge.to == blocked.first?.key)

        // Several blockers: each one red, the first where the walk of the example packet stops.
        let (noPeering, network1) = try Self.seed.ask("01-no-peering", SeedLab.ping)
        let many = PathDiagram(noPeering, network: network1)
        #expect(many.nodes.filter(\.blocked).count == noPeering.answer.blockers.count)
        #expect(noPeering.answer.blockers.count > 1)
        #expect(many.nodes.filter(\.blocked).first?.component == "rtb-e6a0ead9be2bee551")

        // A packet that gets there and is stopped on its way back: the forward path whole, the return path until it stops.
        let (oneWay, network4) = try StageLab.transit.ask("04-blackhole-route", "can Hub-C-instance ping Hub-A-instance")
        let back = PathDiagram(oneWay, network: network4)
        #expect(oneWay.answer.blockers.map(\.leg) == [.return])
        #expect(back.lanes.map(\.key) == ["forward", "return"])
        #expect(back.lanes[0].nodes.last?.kind == "network-interface" && back.lanes[0].nodes.allSatisfy { !$0.blocked })
        #expect(back.lanes[1].nodes.last?.blocked == true)
    }

    @Test func withoutTheNetworkTheBlockersFollowTheSource() throws {
        let (result, _) = try Self.seed.ask("05-routes-sg-blocks-icmp", SeedLab.ping)
        let diagram = PathDiagram(result, network: nil)
        #expect(diagram.nodes.map(\.key) == ["s", "b1"])
        #expect(diagram.nodes[1].name == nil)
    }

    // MARK: Mermaid

    /// What in a Mermaid text GitHub's parser would not take, as we write it: `flowchart LR` first; every statement
    /// one of the forms we write; node ids declared once, before use; labels quoted without a raw quote, pipe,
    /// backtick or `<` (but `<br/>`), a `#` only to start an entity code; subgraphs closed; classes and link styles
    /// naming existing nodes and edges. Empty when there is nothing to say.
    static func mermaidProblems(_ text: String) -> [String] {
        var problems: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first != "flowchart LR" { problems.append("does not start with flowchart LR") }
        let id = "[A-Za-z][A-Za-z0-9_]*"
        let label = "\"[^\"]*\""
        let patterns: [(String, Regex<AnyRegexOutput>)] = try! [
            ("subgraph", Regex("^  subgraph (\(id))\\[\(label)\\]$")),
            ("direction", Regex("^    direction LR$")),
            ("node", Regex("^    (\(id))\\[\(label)\\]$")),
            ("edge", Regex("^    (\(id)) -->\\|\(label)\\| (\(id))$")),
            ("end", Regex("^  end$")),
            ("classDef", Regex("^  classDef blocked [a-z0-9:#,-]+$")),
            ("class", Regex("^  class ([A-Za-z0-9_,]+) blocked$")),
            ("linkStyle", Regex("^  linkStyle ([0-9,]+) [a-z0-9:#,-]+$")),
        ]
        let entity = try! Regex("#(quot|lt|gt|amp|[0-9]+);")
        var declared: Set<String> = [], subgraphs: Set<String> = [], depth = 0, edges = 0
        for line in lines.dropFirst() {
            guard let (kind, match) = patterns.lazy.compactMap({ name, regex in (try? regex.wholeMatch(in: line)).flatMap { $0 }.map { (name, $0) } }).first else {
                problems.append("not a statement we write: \(line)")
                continue
            }
            let captures = match.output.dropFirst().compactMap { $0.substring.map(String.init) }
            switch kind {
            case "subgraph":
                depth += 1
                if !subgraphs.insert(captures[0]).inserted { problems.append("subgraph \(captures[0]) twice") }
            case "end":
                depth -= 1
                if depth < 0 { problems.append("end without subgraph") }
            case "node":
                if captures[0] == "end" || !declared.insert(captures[0]).inserted { problems.append("node \(captures[0]) declared twice") }
            case "edge":
                if !declared.contains(captures[0]) || !declared.contains(captures[1]) { problems.append("undeclared node in \(line)") }
                edges += 1
            case "class":
                for name in captures[0].split(separator: ",") where !declared.contains(String(name)) { problems.append("class of undeclared \(name)") }
            case "linkStyle":
                for index in captures[0].split(separator: ",") where Int(index)! >= edges { problems.append("linkStyle of edge \(index) of \(edges)") }
            default: break
            }
            for quoted in line.matches(of: try! Regex("\"([^\"]*)\"")) {
                let content = String(quoted.output[1].substring ?? "")
                if content.replacingOccurrences(of: "<br/>", with: "").contains("<") { problems.append("raw < in \(content)") }
                if content.contains("|") || content.contains("`") { problems.append("raw | or ` in \(content)") }
                for hash in content.matches(of: try! Regex("#[^;]*;?")) where String(hash.output[0].substring ?? "").wholeMatch(of: entity) == nil {
                    problems.append("bare # in \(content)")
                }
            }
        }
        if depth != 0 { problems.append("\(depth) subgraph(s) not closed") }
        return problems
    }

    static func expectValidMermaid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let problems = mermaidProblems(text)
        #expect(problems.isEmpty, "\(problems)\n\(text)", sourceLocation: sourceLocation)
    }

    @Test func theMermaidCheckFindsWhatWouldNotParse() {
        #expect(Self.mermaidProblems("flowchart LR\n  subgraph s[\"t\"]\n    a[\"x\"]\n    a -->|\"y\"| b\n  end") == ["undeclared node in     a -->|\"y\"| b"])
        #expect(!Self.mermaidProblems("flowchart LR\n    a[\"a \"quoted\" label\"]").isEmpty)
        #expect(Self.mermaidProblems("flowchart LR\n    a[\"#tag\"]") == ["bare # in #tag"])
        #expect(Self.mermaidProblems("flowchart LR\n  subgraph s[\"t\"]\n    a[\"x\"]") == ["1 subgraph(s) not closed"])
        #expect(Self.mermaidProblems("flowchart LR\n    a[\"x<b>\"]") == ["raw < in x<b>"])
        #expect(Self.mermaidProblems("flowchart LR\n    a[\"x\"]\n  linkStyle 0 stroke:#c62828") == ["linkStyle of edge 0 of 0"])
    }

    @Test(arguments: StageLab.seed.cases)
    func mermaidOfEverySeedAnswerIsWellFormed(_ item: StageLab.Case) throws {
        let (result, network) = try Self.seed.ask(item.stage, item.query)
        let text = RenderMermaid.render(PathDiagram(result, network: network))
        Self.expectValidMermaid(text)
        let blocked = PathDiagram(result, network: network).nodes.filter(\.blocked).map(\.key)
        if !blocked.isEmpty { #expect(text.contains("  class \(blocked.joined(separator: ",")) blocked")) }
    }

    @Test func mermaidEscapesEveryCharacterItWouldReadAsSyntax() {
        let nasty = "a \"quoted\" #tag <b>x</b> | pipe `tick` & more\nline"
        let diagram = PathDiagram(title: nasty, summary: nasty, verdict: "unreachable", lanes: [
            .init(key: "forward", title: nasty, nodes: [
                .init(key: "f1", component: "sg-1", kind: "security-group", name: nasty, blocked: false, note: nil),
                .init(key: "b1", component: "sg-2", kind: "X", name: nil, blocked: true, note: nasty),
            ], edges: [.init(from: "f1", to: "b1", label: nasty, blocked: true)]),
        ])
        let text = RenderMermaid.render(diagram)
        Self.expectValidMermaid(text)
        #expect(RenderMermaid.escape(nasty) == "a #quot;quoted#quot; #35;tag #lt;b#gt;x#lt;/b#gt; #124; pipe #96;tick#96; #amp; more line")
        #expect(text.contains("linkStyle 0 "))
        // DOT and SVG keep the same text, escaped their own way.
        let dot = RenderDOT.render(diagram)
        #expect(dot.contains(#"a \"quoted\" #tag <b>x</b> | pipe `tick` & more\nline"#))
        let svg = RenderSVG.render(diagram)
        #expect(svg.contains("a &quot;quoted&quot; #tag &lt;b&gt;x&lt;/b&gt;"))
        #expect(!svg.contains("<b>"))
        #expect(throws: Never.self) { try XMLDocument(xmlString: svg) }
    }

    @Test func svgOfASeedAnswerIsWellFormedXMLWithRedBlockers() throws {
        let (result, network) = try Self.seed.ask("05-routes-sg-blocks-icmp", SeedLab.ping)
        let svg = RenderSVG.render(PathDiagram(result, network: network), idPrefix: "t")
        let document = try XMLDocument(xmlString: svg)
        #expect(document.rootElement()?.name == "svg")
        #expect(svg.contains("stroke=\"#c62828\"") && svg.contains("marker-end=\"url(#t-red)\""))
        #expect(svg.contains("sg-0b72e2e6c752cfa80"))
    }

    // MARK: Reachability Analyzer's JSON

    static func analysis(_ text: String) throws -> [String: Any] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["NetworkInsightsAnalyses"])
        let analyses = try #require(document["NetworkInsightsAnalyses"] as? [[String: Any]])
        #expect(analyses.count == 1)
        return analyses[0]
    }

    @Test func reachabilityAnalyzerJSONOfAReachableAnswer() throws {
        let (result, network) = try Self.seed.ask("06-ping-works", SeedLab.ping)
        let analysis = try Self.analysis(ReachabilityAnalyzerJSON.render(result, network: network))
        #expect(analysis["Status"] as? String == "succeeded")
        #expect(analysis["NetworkPathFound"] as? Bool == true)
        #expect(analysis["Explanations"] == nil)
        let forward = try #require(analysis["ForwardPathComponents"] as? [[String: Any]])
        let back = try #require(analysis["ReturnPathComponents"] as? [[String: Any]])
        #expect(forward.map { $0["SequenceNumber"] as? Int } == Array(1...forward.count))
        #expect(forward.map { ($0["Component"] as? [String: Any])?["Id"] as? String } == result.answer.forward!.hops.map(\.component))
        #expect(back.count == result.answer.returnWalk!.hops.count)
        let allowed: Set<String> = ["SequenceNumber", "Component", "AttachedTo", "Subnet", "Vpc", "OutboundHeader", "InboundHeader",
                                    "AclRule", "SecurityGroupRule", "RouteTableRoute", "TransitGatewayRouteTableRoute", "TransitGateway"]
        for component in forward + back { #expect(Set(component.keys).isSubset(of: allowed), "\(component.keys)") }
        let acl = try #require(forward.first { $0["AclRule"] != nil }?["AclRule"] as? [String: Any])
        #expect(acl["RuleNumber"] as? Int == 100 && acl["RuleAction"] as? String == "allow" && acl["Egress"] as? Bool == true
                && acl["Cidr"] as? String == "0.0.0.0/0" && acl["Protocol"] as? String == "all")
        let route = try #require(forward.first { $0["RouteTableRoute"] != nil }?["RouteTableRoute"] as? [String: Any])
        #expect(route["DestinationCidr"] as? String == "10.2.0.0/16" && route["VpcPeeringConnectionId"] as? String == "pcx-ccb1554c288a6f748"
                && route["State"] as? String == "active")
        let rules = forward.compactMap { $0["SecurityGroupRule"] as? [String: Any] }
        #expect(rules.map { $0["Direction"] as? String } == ["egress", "ingress"])
        #expect(rules.last?["Cidr"] as? String == "10.1.0.0/16" && rules.last?["Protocol"] as? String == "icmp")
        let header = try #require(forward.first?["OutboundHeader"] as? [String: Any])
        #expect(header["SourceAddresses"] as? [String] == ["10.1.0.10"] && header["Protocol"] as? String == "icmp")
        #expect((forward.first?["AttachedTo"] as? [String: Any])?["Name"] as? String == "NextWork-1-instance")
    }

    @Test func reachabilityAnalyzerJSONNamesTransitGatewaysAndLoadBalancers() throws {
        let (result, network) = try StageLab.transit.ask("01-working", "can Hub-A-instance ping Hub-C-instance")
        let forward = try #require(try Self.analysis(ReachabilityAnalyzerJSON.render(result, network: network))["ForwardPathComponents"] as? [[String: Any]])
        let table = try #require(forward.first { ($0["Component"] as? [String: Any])?["Id"] as? String == "tgw-rtb-3e9bac11299a8eb2d" })
        #expect((table["TransitGateway"] as? [String: Any])?["Name"] as? String == "Hub-tgw")
        let route = try #require(table["TransitGatewayRouteTableRoute"] as? [String: Any])
        #expect(route["DestinationCidr"] as? String == "10.13.0.0/16" && route["ResourceType"] as? String == "vpc")
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func reachabilityAnalyzerJSONGivesALoadBalancersARN() throws {
        let network = try Fixtures.load(Fixtures.scenario("test-load-balancer"))
        let result = try ReachabilityQuestions(network: network).ask("can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/80")
        let forward = try #require(try Self.analysis(ReachabilityAnalyzerJSON.render(result, network: network))["ForwardPathComponents"] as? [[String: Any]])
        let balancer = try #require(forward.compactMap { $0["Component"] as? [String: Any] }.first { $0["Id"] as? String == "test-lb" })
        #expect((balancer["Arn"] as? String)?.hasPrefix("arn:aws:elasticloadbalancing:") == true)
    }

    @Test func reachabilityAnalyzerJSONOfAnUnreachableAnswerExplainsEachBlocker() throws {
        let (result, network) = try Self.seed.ask("01-no-peering", SeedLab.ping)
        let analysis = try Self.analysis(ReachabilityAnalyzerJSON.render(result, network: network))
        #expect(analysis["NetworkPathFound"] as? Bool == false)
        let explanations = try #require(analysis["Explanations"] as? [[String: Any]])
        #expect(explanations.map { $0["ExplanationCode"] as? String } == result.answer.blockers.map(\.code.rawValue))
        let group = try #require(explanations.first { $0["ExplanationCode"] as? String == "ENI_SG_RULES_MISMATCH" })
        #expect(group["Direction"] as? String == "ingress")
        #expect((group["SecurityGroup"] as? [String: Any])?["Id"] as? String == "sg-0b72e2e6c752cfa80")
        #expect((explanations.first?["RouteTable"] as? [String: Any])?["Id"] as? String == "rtb-e6a0ead9be2bee551")
    }

    // MARK: Markdown

    @Test func markdownOfAQueryHoldsTheBlockersAndTheDiagram() throws {
        let (result, network) = try Self.seed.ask("05-routes-sg-blocks-icmp", SeedLab.ping)
        let text = MarkdownRendering.query(result, network: network)
        #expect(text.hasPrefix("### PathProof: `can NextWork-1-instance ping NextWork-2-instance`"))
        #expect(text.contains("**UNREACHABLE**"))
        #expect(text.contains("| 1 | `sg-0b72e2e6c752cfa80` | `ENI_SG_RULES_MISMATCH` | forward inbound | blocked by SG"))
        let block = try #require(text.firstRange(of: "```mermaid\n")).upperBound
        let end = try #require(text[block...].firstRange(of: "\n```")).lowerBound
        Self.expectValidMermaid(String(text[block..<end]))
    }

    @Test func markdownOfACheckAndOfADiff() throws {
        let network = try Fixtures.load(Fixtures.seed("05-routes-sg-blocks-icmp"))
        let file = try QueryFile.parse(path: Fixtures.path("Queries/seed-lab.reach"))
        let report = CheckReport(files: [.init(path: "Queries/seed-lab.reach", snapshot: "seed/05",
                                               results: try QueryFileChecker(network: network).check(file))])
        let text = report.markdown { $0 == "seed/05" ? network : nil }
        #expect(text.contains("**\(report.summary)**"))
        #expect(text.contains("| ❌ FAIL | `Queries/seed-lab.reach:10` |"))
        #expect(text.contains("#### ❌ FAIL `Queries/seed-lab.reach:10`"))
        #expect(text.contains("```mermaid\nflowchart LR"))

        let before = try Fixtures.load(Fixtures.seed("05-routes-sg-blocks-icmp"))
        let after = try Fixtures.load(Fixtures.seed("06-ping-works"))
        let diff = try SnapshotDiff(old: before, new: after, traffic: .ping)
        let markdown = diff.markdown(traffic: .ping, network: after)
        #expect(!diff.changes.isEmpty)
        #expect(markdown.contains("**\(diff.changes.count) of \(diff.comparedPairs) instance pairs changed.**"))
        #expect(markdown.contains("| unreachable | reachable |"))
        #expect(markdown.contains("**REACHABLE**") && markdown.contains("```mermaid"))
    }

    // MARK: GitHub

    @Test func workflowCommandsAreEscapedByGitHubsRules() {
        #expect(CheckReport.escapeData("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b")
        #expect(CheckReport.escapeProperty("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb")
    }

    @Test func githubAnnotationsPointAtTheLineOfEachViolatedAssertion() throws {
        let network = try Fixtures.load(Fixtures.seed("05-routes-sg-blocks-icmp"))
        let file = try QueryFile.parse(path: Fixtures.path("Queries/seed-lab.reach"))
        let results = try QueryFileChecker(network: network).check(file)
        let report = CheckReport(files: [.init(path: "Queries/seed-lab.reach", snapshot: "s", results: results)])
        let lines = report.githubAnnotations().split(separator: "\n").map(String.init)
        let violated = results.filter { $0.status == .violated }
        #expect(!violated.isEmpty)
        #expect(lines.count == violated.count + 1 && lines.last == report.summary)
        for (line, result) in zip(lines, violated) {
            #expect(line.hasPrefix("::error file=Queries/seed-lab.reach,line=\(result.assertion.location.line),col=\(result.assertion.location.column),"))
            let message = try #require(line.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false).last)
            #expect(!message.contains("\n") && message == CheckReport.escapeData(result.explanation)[...])
            #expect(line.contains(",title=\(CheckReport.escapeProperty(CheckReport.ruleID(result.assertion))) violated%3A "))
        }
    }

    @Test func anUnknownAssertionIsAWarningAndItsDiagramSaysWhy() throws {
        let directory = try Temporary.folder("pictures-nat", files: SampleSnapshots.undescribedNATGateway)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let network = try Fixtures.load(directory)
        let file = try QueryFile.parse(text: "assert subnet:subnet-1 can reach internet on tcp/443\n", path: "nat.reach")
        let results = try QueryFileChecker(network: network).check(file)
        guard case .unknown = results.first?.status else { Issue.record("expected unknown, got \(String(describing: results.first?.status))"); return }
        let report = CheckReport(files: [.init(path: "nat.reach", snapshot: "s", results: results)])
        let lines = report.githubAnnotations().split(separator: "\n")
        #expect(lines.first?.hasPrefix("::warning file=nat.reach,line=1,col=1,") == true)
        #expect(lines.first?.contains("unknown%3A ") == true)
        let markdown = report.markdown { _ in network }
        #expect(markdown.contains("| ❔ UNKNOWN | `nat.reach:1` |"))
        let answer = try #require(results.first?.directions.first?.answer)
        let diagram = PathDiagram(answer: answer, title: "t", source: "a", destination: "b", oneWay: false, network: network)
        #expect(diagram.verdict == "unknown" && diagram.summary.contains("nat-1"))
        #expect(mermaidProblemsAreNone(RenderMermaid.render(diagram)))
    }

    func mermaidProblemsAreNone(_ text: String) -> Bool { Self.mermaidProblems(text).isEmpty }

    // MARK: SARIF

    static func fingerprints(_ sarif: String) throws -> [String] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return try #require(run["results"] as? [[String: Any]]).map { ($0["partialFingerprints"] as? [String: String])?["pathproofAssertion/v1"] ?? "" }
    }

    @Test func sarifFingerprintsStayWhenLinesMoveAndDifferBetweenAssertions() throws {
        let network = try Fixtures.load(Fixtures.seed("01-no-peering"))
        let text = "assert NextWork-1-instance can ping NextWork-2-instance\nassert NextWork-2-instance can ping NextWork-1-instance\n"
        func report(_ text: String) throws -> CheckReport {
            let file = try QueryFile.parse(text: text, path: "policies/a.reach")
            return CheckReport(files: [.init(path: "policies/a.reach", snapshot: "s", results: try QueryFileChecker(network: network).check(file))])
        }
        let first = try Self.fingerprints(try report(text).sarif())
        let moved = try Self.fingerprints(try report("# a comment\n\n" + text).sarif())
        let again = try Self.fingerprints(try report(text).sarif())
        #expect(first.count == 2 && Set(first).count == 2)
        #expect(first.allSatisfy { $0.count == 64 })
        #expect(first == moved && first == again)
        let elsewhere = try Self.fingerprints(try {
            let file = try QueryFile.parse(text: text, path: "policies/b.reach")
            return CheckReport(files: [.init(path: "policies/b.reach", snapshot: "s", results: try QueryFileChecker(network: network).check(file))])
        }().sarif())
        #expect(Set(elsewhere).isDisjoint(with: first))
    }

    @Test func sarifKeepsToTheResultLimitAndSaysHowManyItLeftOut() throws {
        let network = try Fixtures.load(Fixtures.seed("01-no-peering"))
        let text = "assert NextWork-1-instance can ping NextWork-2-instance\nassert NextWork-2-instance can ping NextWork-1-instance\nassert internet can ping NextWork-1-instance\n"
        let file = try QueryFile.parse(text: text, path: "a.reach")
        let report = CheckReport(files: [.init(path: "a.reach", snapshot: "s", results: try QueryFileChecker(network: network).check(file))])
        #expect(try Self.fingerprints(report.sarif()).count == 3)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(report.sarif(resultLimit: 2).utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.count == 2)
        let notes = try #require(((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"]) as? [[String: Any]])
        #expect(((notes.first?["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("1 of 3 results left out") == true)
        #expect(CheckReport.sarifResultLimit == 25_000)
    }
}

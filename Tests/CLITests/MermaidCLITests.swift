import Foundation
import PathProofTestSupport
import Testing

/// Every Mermaid diagram `pathproof` prints for the seed lab, parsed and rendered by Mermaid itself: its JavaScript
/// (mermaid.min.js, the copy the `mermaidx` wheel ships, installed into .venv-fixtures by scripts/install-dependencies)
/// loaded in headless Chromium, `mermaid.parse` then `mermaid.render` on each diagram.
@Suite struct MermaidCLITests {
    /// Mermaid's JavaScript bundle in .venv-fixtures; the test fails (not skips) without it, so that CI cannot pass
    /// without parsing the diagrams.
    static func bundle() throws -> String {
        let lib = Fixtures.path(".venv-fixtures/lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib))?.filter { $0.hasPrefix("python3") } ?? []
        let found = pythons.map { "\(lib)/\($0)/site-packages/mermaidx/assets/mermaid.js" }.first { FileManager.default.fileExists(atPath: $0) }
        return try #require(found, "Mermaid's JavaScript is not in .venv-fixtures: run scripts/install-dependencies")
    }

    /// The ```mermaid blocks of a markdown text.
    static func blocks(_ markdown: String) -> [String] {
        markdown.components(separatedBy: "```mermaid\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
    }

    /// The nodes a diagram declares (`  f1["…"]`), which the rendered SVG must draw.
    static func declaredNodes(_ diagram: String) -> Int {
        diagram.split(separator: "\n").filter { line in
            let text = line.drop { $0 == " " }
            return !text.hasPrefix("subgraph ") && !text.contains("-->") && text.contains("[\"")
        }.count
    }

    struct Diagram {
        let origin: String
        let text: String
    }

    /// What `pathproof` prints as Mermaid for the seed lab: `query --format mermaid` and `--format markdown` for every
    /// stage's every question, `check --format markdown` of the seed lab's `.reach` file on every stage, and
    /// `diff --format markdown` between consecutive stages.
    static func seedDiagrams() throws -> [Diagram] {
        let lab = StageLab.seed
        var diagrams: [Diagram] = []
        func collect(_ arguments: [String], statuses: Set<Int32>, markdown: Bool) throws {
            let run = try PathProofCLI.run(arguments)
            #expect(statuses.contains(run.status), "\(arguments): \(run.error)")
            let found = markdown ? blocks(run.output) : [run.output.trimmingCharacters(in: .newlines)]
            // A check whose assertions all hold draws nothing; every other output has a diagram.
            #expect((!found.isEmpty || (arguments[0] == "check" && run.status == 0)) && found.allSatisfy { $0.hasPrefix("flowchart LR\n") },
                    "\(arguments) printed no diagram: \(run.output)")
            diagrams += found.map { Diagram(origin: arguments.joined(separator: " "), text: $0) }
        }
        for stage in lab.stages {
            let snapshot = "\(lab.folder)/\(stage)"
            for question in lab.questions(for: stage) {
                try collect(["query", "--quiet", "--format", "mermaid", "--snapshot", snapshot, question], statuses: [0], markdown: false)
                try collect(["query", "--quiet", "--format", "markdown", "--snapshot", snapshot, question], statuses: [0], markdown: true)
            }
            try collect(["check", "--quiet", "--format", "markdown", "--snapshot", snapshot, "Queries/seed-lab.reach"], statuses: [0, 1], markdown: true)
        }
        for (before, after) in zip(lab.stages, lab.stages.dropFirst()) {
            let run = try PathProofCLI.run(["diff", "--quiet", "--format", "markdown", "\(lab.folder)/\(before)", "\(lab.folder)/\(after)"])
            #expect(run.status == 0 || run.status == 1, "diff \(before) \(after): \(run.error)")
            diagrams += blocks(run.output).map { Diagram(origin: "diff \(before) \(after)", text: $0) }
        }
        return diagrams
    }

    /// A page that parses and renders each diagram with Mermaid and writes, for each, "ok NODES" or the error, as JSON
    /// in `<pre id="results">`; `data-done` on <html> says it finished.
    static func page(_ diagrams: [String], bundle: String) throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: diagrams), as: UTF8.self)
            .replacingOccurrences(of: "</", with: "<\\/")
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><script src="\(URL(fileURLWithPath: bundle).absoluteString)"></script></head>
        <body><script>
        var root = document.documentElement;
        window.addEventListener('error', function (e) { root.setAttribute('data-errors', (root.getAttribute('data-errors') || '') + e.message + ';'); });
        (async function () {
          var diagrams = \(json), results = [];
          mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
          for (var i = 0; i < diagrams.length; i++) {
            try {
              await mermaid.parse(diagrams[i]);
              var svg = (await mermaid.render('diagram' + i, diagrams[i])).svg;
              var drawn = document.createElement('div');
              drawn.innerHTML = svg;
              results.push(drawn.querySelector('svg') ? 'ok ' + drawn.querySelectorAll('g.node').length : 'error: no SVG');
            } catch (e) {
              results.push('error: ' + ((e && e.message) || String(e)));
            }
          }
          var pre = document.createElement('pre');
          pre.id = 'results';
          pre.textContent = JSON.stringify(results);
          document.body.appendChild(pre);
          root.setAttribute('data-done', String(results.length));
        })();
        </script></body></html>
        """
    }

    /// Opens the page of `diagrams` in headless Chromium: its DOM and each diagram's result (empty if the page did
    /// not finish).
    static func render(_ diagrams: [String], bundle: String, chromium: String) throws -> (dom: String, results: [String]) {
        let file = try Temporary.file(try page(diagrams, bundle: bundle), label: "mermaid", suffix: ".html")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let profile = try Temporary.folder("chromium-profile")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let run = try runProcess(chromium, ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--user-data-dir=\(profile)",
                                            "--virtual-time-budget=120000", "--dump-dom", URL(fileURLWithPath: file).absoluteString])
        #expect(run.status == 0, "\(run.error)")
        guard PictureCLITests.attribute("data-done", in: run.output) == String(diagrams.count),
              let pre = run.output.components(separatedBy: "<pre id=\"results\">").dropFirst().first?.components(separatedBy: "</pre>").first
        else { return (run.output, []) }
        let text = pre.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{a0}").replacingOccurrences(of: "&amp;", with: "&")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
        return (run.output, results)
    }

    @Test func mermaidParsesAndRendersEveryDiagramOfTheSeedLab() throws {
        let chromium = try PictureCLITests.tool("chromium")
        let bundle = try Self.bundle()
        let diagrams = try Self.seedDiagrams()
        // 33 questions twice, the check on 11 stages, and at least one diff with a changed answer.
        #expect(diagrams.count >= 2 * StageLab.seed.cases.count + StageLab.seed.stages.count + 1, "\(diagrams.count) diagrams")
        let (dom, results) = try Self.render(diagrams.map(\.text), bundle: bundle, chromium: chromium)
        #expect(PictureCLITests.attribute("data-errors", in: dom) == nil, "the page raised: \(PictureCLITests.attribute("data-errors", in: dom) ?? "")")
        try #require(results.count == diagrams.count, "Mermaid did not finish")
        for (diagram, result) in zip(diagrams, results) {
            #expect(result == "ok \(Self.declaredNodes(diagram.text))", "\(diagram.origin): Mermaid says \(result)\n\(diagram.text)")
        }
    }

    /// The check can fail: Mermaid rejects a broken diagram, and the page reports it rather than passing.
    @Test func mermaidRejectsABrokenDiagram() throws {
        let chromium = try PictureCLITests.tool("chromium")
        let bundle = try Self.bundle()
        let good = "flowchart LR\n  f1[\"eni-1\"]\n  f2[\"sg-1\"]\n  f1 -->|\"allows\"| f2"
        let broken = "flowchart LR\n  f1[\"eni-1\"] -->|\"a\"| ]]]"
        let (_, results) = try Self.render([good, broken], bundle: bundle, chromium: chromium)
        #expect(results.count == 2 && results[0] == "ok 2" && results[1].hasPrefix("error: "), "\(results)")
    }
}

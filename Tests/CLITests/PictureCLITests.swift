import Foundation
import PathProofTestSupport
import Testing

/// The pictures and integrations as a user runs them: `query --format mermaid|dot|markdown|ra-json`, `check --format
/// github|markdown`, `diff --format markdown`, `pathproof report`, rendered for real where a renderer exists (Graphviz's
/// `dot`, headless Chromium, both installed by scripts/install-dependencies); shell completions and help at 80
/// columns.
@Suite struct PictureCLITests {
    /// A tool the rendering tests need; they fail (not skip) without it, so that CI cannot pass without rendering.
    static func tool(_ name: String) throws -> String {
        try #require(executableOnPath(name), "\(name) is not installed: run scripts/install-dependencies")
    }

    // MARK: DOT, rendered by Graphviz

    /// Every seed stage's every question, as DOT, parsed and laid out by `dot -Tsvg` into an SVG with one node per
    /// hop or blocker.
    @Test func graphvizRendersTheDOTOfEverySeedStage() throws {
        let dot = try Self.tool("dot")
        let lab = StageLab.seed
        var rendered = 0
        for stage in lab.stages {
            for question in lab.questions(for: stage) {
                let run = try PathProofCLI.run(["query", "--quiet", "--format", "dot", "--snapshot", "\(lab.folder)/\(stage)", question])
                #expect(run.status == 0, "\(stage) \(question): \(run.error)")
                let file = try Temporary.file(run.output, label: "diagram", suffix: ".dot")
                let svg = try runProcess(dot, ["-Tsvg", file])
                #expect(svg.status == 0 && svg.error.isEmpty, "\(stage) \(question): dot says \(svg.error)")
                #expect(svg.output.contains("<svg") && svg.output.contains("class=\"node\""), "\(stage) \(question)")
                let nodes = run.output.split(separator: "\n").filter { $0.contains(" [label=") && !$0.contains(" -> ") }.count
                #expect(svg.output.components(separatedBy: "class=\"node\"").count - 1 == nodes, "\(stage) \(question)")
                rendered += 1
            }
        }
        #expect(rendered == lab.cases.count && rendered >= 30)
    }

    // MARK: The other formats on the command line

    @Test func queryPrintsMermaidMarkdownAndReachabilityAnalyzerJSON() throws {
        let stage = "Queries/seed/05-routes-sg-blocks-icmp"
        let mermaid = try PathProofCLI.run(["query", "--quiet", "--format", "mermaid", "--snapshot", stage, SeedLab.ping])
        #expect(mermaid.status == 0 && mermaid.output.hasPrefix("flowchart LR\n") && mermaid.output.contains("class b1 blocked"))
        let markdown = try PathProofCLI.run(["query", "--quiet", "--format", "markdown", "--snapshot", stage, SeedLab.ping])
        #expect(markdown.status == 0 && markdown.output.contains("```mermaid\nflowchart LR") && markdown.output.contains("**UNREACHABLE**"))
        let ra = try PathProofCLI.run(["query", "--quiet", "--format", "ra-json", "--snapshot", stage, SeedLab.ping])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ra.output.utf8)) as? [String: Any])
        let analysis = try #require((object["NetworkInsightsAnalyses"] as? [[String: Any]])?.first)
        #expect(analysis["NetworkPathFound"] as? Bool == false)
        #expect((analysis["Explanations"] as? [[String: Any]])?.first?["ExplanationCode"] as? String == "ENI_SG_RULES_MISMATCH")
        let bad = try PathProofCLI.run(["query", "--quiet", "--format", "png", "--snapshot", stage, SeedLab.ping])
        #expect(bad.status == 2 && bad.error.contains("ra-json"))
        // fix keeps its own two formats.
        let fix = try PathProofCLI.run(["fix", "--quiet", "--format", "mermaid", "--snapshot", stage, SeedLab.ping])
        #expect(fix.status == 2)
    }

    @Test func checkPrintsGitHubAnnotationsAndMarkdown() throws {
        let arguments = ["check", "--quiet", "--snapshot", "Queries/seed/05-routes-sg-blocks-icmp", "Queries/seed-lab.reach"]
        let github = try PathProofCLI.run(arguments + ["--format", "github"])
        #expect(github.status == 1)
        let lines = github.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("::error file=Queries/seed-lab.reach,line=10,col=1,") == true)
        #expect(lines.last?.hasSuffix("violated, 0 unknown.") == true)
        let markdown = try PathProofCLI.run(arguments + ["--format", "markdown"])
        #expect(markdown.status == 1 && markdown.output.contains("| ❌ FAIL | `Queries/seed-lab.reach:10` |"))
        // The diagram names components: the snapshot the file was checked on is handed to the renderer.
        #expect(markdown.output.contains("NextWork-2-sg"))
    }

    @Test func diffPrintsMarkdown() throws {
        let run = try PathProofCLI.run(["diff", "--quiet", "--format", "markdown", "Queries/seed/05-routes-sg-blocks-icmp", "Queries/seed/06-ping-works"])
        #expect(run.status == 1, "reachability changed: \(run.error)")
        #expect(run.output.hasPrefix("### PathProof diff (ping)") && run.output.contains("| unreachable | reachable |")
                && run.output.contains("```mermaid\nflowchart LR"))
        #expect(!run.output.contains("Ports before"))
        // Opening tcp/22 to the internet (stage 08 → 09) is a change of exposure, shown in its own table.
        let ssh = try PathProofCLI.run(["diff", "--quiet", "--format", "markdown", "Queries/seed/08-eic-elastic-ip-no-ssh-rule", "Queries/seed/09-eic-works"])
        #expect(ssh.status == 1 && ssh.output.contains("| Instance | Family | Before | After |") && ssh.output.contains("| nothing | tcp 22 |"), "\(ssh.output)")
        let ports = try PathProofCLI.run(["diff", "--quiet", "--ports", "--format", "markdown", "Queries/seed/05-routes-sg-blocks-icmp", "Queries/seed/06-ping-works"])
        #expect(ports.output.contains("| From | To | Before | After | Ports before | Ports after |")
                && ports.output.contains("| unreachable | reachable | nothing | icmp echo"))
    }

    // MARK: The HTML report, opened in headless Chromium

    struct Opened {
        let dom: String
        let screenshot: Data
    }

    /// Opens the page twice in headless Chromium: once at `#selftest` for its DOM (the page's script clicks every
    /// cell and assertion and records on <html> what it showed and any error), once for a screenshot.
    static func open(_ page: String) throws -> Opened {
        let chromium = try tool("chromium")
        let profile = try Temporary.folder("chromium-profile")
        let common = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--user-data-dir=\(profile)",
                      "--virtual-time-budget=5000"]
        let url = URL(fileURLWithPath: page).absoluteString
        let dom = try runProcess(chromium, common + ["--dump-dom", url + "#selftest"])
        #expect(dom.status == 0, "\(dom.error)")
        let png = Temporary.path("report") + ".png"
        let shot = try runProcess(chromium, common + ["--enable-logging=stderr", "--v=0", "--window-size=1280,1000", "--screenshot=\(png)", url])
        #expect(shot.status == 0, "\(shot.error)")
        #expect(!shot.error.contains("Uncaught") && !shot.error.contains("CONSOLE"), "the page logged: \(shot.error)")
        return Opened(dom: dom.output, screenshot: try Data(contentsOf: URL(fileURLWithPath: png)))
    }

    /// How many distinct colours a PNG screenshot holds (decoded by Graphviz-free means: Python's zlib).
    static func colours(_ png: Data) throws -> Int {
        let script = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, width, height, ctype = 8, b'', 0, 0, 0
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
            if kind == b'IDAT': idat += body
        raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}[ctype]; stride = width * bpp
        prev = bytearray(stride); seen = set(); i = 0
        for y in range(height):
            f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            if y % 4 == 0:
                for x in range(0, stride, bpp * 4): seen.add(bytes(line[x:x + 3]))
            prev = line
        print(len(seen))
        """
        let file = Temporary.path("screenshot") + ".png"
        try png.write(to: URL(fileURLWithPath: file))
        let python = try tool("python3")
        let run = try runProcess(python, ["-c", script, file])
        #expect(run.status == 0, "\(run.error)")
        return try #require(Int(run.trimmedOutput), "\(run.output) \(run.error)")
    }

    static func attribute(_ name: String, in dom: String) -> String? {
        guard let range = dom.range(of: "\(name)=\"") else { return nil }
        return String(dom[range.upperBound...].prefix { $0 != "\"" })
    }

    static func expectOpensCleanly(_ page: String, clickable minimum: Int) throws {
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // Self-contained: nothing is fetched.
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import") && !html.contains("url(http"))
        let opened = try open(page)
        #expect(attribute("data-ready", in: opened.dom) == "1", "the page's script did not finish")
        #expect(attribute("data-errors", in: opened.dom) == nil, "the page's script raised: \(attribute("data-errors", in: opened.dom) ?? "")")
        let clickable = try #require(attribute("data-clickable", in: opened.dom).flatMap { Int($0) })
        #expect(clickable >= minimum)
        #expect(attribute("data-shown", in: opened.dom) == String(clickable), "every cell and assertion shows a diagram")
        #expect(opened.screenshot.count > 10_000)
        #expect(try colours(opened.screenshot) > 16, "the screenshot is blank")
    }

    @Test func theReportOfTheSeedLabOpensInChromium() throws {
        let page = Temporary.path("seed-report") + ".html"
        let run = try PathProofCLI.run(["report", "--quiet", "--snapshot", "Queries/seed/09-eic-works", "--reach", "Queries/seed-lab.reach", "--out", page])
        #expect(run.status == 0, "\(run.error)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("id=\"map\"") && html.contains("id=\"exposure\"") && html.contains("id=\"matrix\"") && html.contains("id=\"assertions\""))
        #expect(html.contains("NextWork-peering") && html.contains("i-16680bc791197a1c8"))
        // Every assertion of the file and every solved cell of the 2-class matrix can be clicked.
        try Self.expectOpensCleanly(page, clickable: 8 + 2)
    }

    @Test func theReportOfAPlanOverTheSeedLabOpensInChromium() throws {
        // The plan opens tcp/22 to the internet on stage 08: the page shows the network after apply.
        let page = Temporary.path("plan-report") + ".html"
        let run = try PathProofCLI.run(["report", "--quiet", "--snapshot", "Queries/seed/08-eic-elastic-ip-no-ssh-rule",
                                        "--terraform", "Queries/terraform/plans/seed-08-open-ssh.json", "--out", page])
        #expect(run.status == 0, "\(run.error)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("seed-08-open-ssh.json (after apply)"))
        #expect(html.contains("id=\"exposure\"") && html.contains("tcp 22"))
        try Self.expectOpensCleanly(page, clickable: 2)
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func theReportOfACorpusSnapshotOpensInChromium() throws {
        let page = Temporary.path("corpus-report") + ".html"
        let run = try PathProofCLI.run(["report", "--quiet", "--snapshot", Fixtures.scenario("test-transit-gateway"), "--out", page])
        #expect(run.status == 0, "\(run.error)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<ellipse"), "the transit gateway is drawn")
        try Self.expectOpensCleanly(page, clickable: 1)
    }

    @Test func reportRejectsABadReachFile() throws {
        let file = try Temporary.file("assert nonsense here\n", label: "bad", suffix: ".reach")
        let run = try PathProofCLI.run(["report", "--quiet", "--snapshot", "Queries/seed/09-eic-works", "--reach", file, "--out", Temporary.path("x") + ".html"])
        #expect(run.status == 2 && run.error.contains(file))
    }

    // MARK: Completions and help

    @Test func completionScriptsNameEveryCommandAndFormat() throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try PathProofCLI.run(["--generate-completion-script", shell])
            #expect(run.status == 0)
            for word in ["query", "check", "report", "diff", "ra-json", "github"] { #expect(run.output.contains(word), "\(shell): \(word)") }
        }
    }

    static let commands = ["", "query", "fix", "check", "ports", "matrix", "exposure", "diff", "verify", "report"]

    /// At 80 columns every line of every command's help fits; at 1,000 columns no paragraph is broken by hand (two
    /// unindented lines in a row in the text before USAGE).
    @Test(arguments: commands)
    func helpFitsEightyColumnsWithNoHandBrokenLines(_ command: String) throws {
        let binary = PathProofCLI.binary.path
        let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
        let narrow = try runProcess(binary, arguments, environment: ["COLUMNS": "80"])
        #expect(narrow.status == 0)
        for line in narrow.output.split(separator: "\n") { #expect(line.count <= 80, "\(command): \(line)") }
        let wide = try runProcess(binary, arguments, environment: ["COLUMNS": "1000"])
        let prose = wide.output.components(separatedBy: "\nUSAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(prose, prose.dropFirst()) where !line.isEmpty && !next.isEmpty {
            #expect(line.hasPrefix(" ") || next.hasPrefix(" "), "\(command): a paragraph broken by hand:\n\(line)\n\(next)")
        }
    }
}

/// `pathproof query` prints, for each picture format, what its golden file holds (made with the library).
@Suite struct PictureGoldenCLITests {
    @Test(arguments: PictureGoldenFiles.entries.filter { $0.stage == "05-routes-sg-blocks-icmp" || $0.stage == "01-working" })
    func theBinaryPrintsTheGoldenFile(_ entry: PictureGoldenFiles.Entry) throws {
        let expected = try String(contentsOfFile: entry.path, encoding: .utf8)
        let printed = try entry.commands.map { command in
            let run = try PathProofCLI.run(command)
            #expect(run.status == 0, "\(command): \(run.error)")
            return "$ \(GoldenFiles.commandLine(command))\n\(run.output)"
        }.joined(separator: "\n")
        #expect(printed == expected, "\(GoldenFiles.lineDiff(expected, printed))")
    }
}

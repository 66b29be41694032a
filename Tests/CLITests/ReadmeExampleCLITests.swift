import Foundation
import PathProofTestSupport
import Testing

/// The README's examples of the pictures and integration formats ("Pictures and integrations") are what `pathproof`
/// prints for the commands `scripts/example` runs on the seed lab: each fenced example is compared with the
/// command's output, line by line in order. An example may leave lines out (a line `…` alone, or simply fewer lines)
/// and cut a line short (`…` inside a line stands for any text), but every line it shows must be printed as shown.
@Suite struct ReadmeExampleCLITests {
    struct Example: CustomTestStringConvertible, Sendable {
        /// The README heading the example follows, and the fence that opens it.
        let heading: String
        let fence: String
        let arguments: [String]
        var testDescription: String { "\(heading): \(arguments.prefix(4).joined(separator: " "))" }
    }

    static let blocked = "Queries/seed/05-routes-sg-blocks-icmp"

    static let examples: [Example] = [
        Example(heading: "### Path diagrams", fence: "```mermaid",
                arguments: ["query", "--quiet", "--format", "mermaid", "--snapshot", blocked, SeedLab.ping]),
        Example(heading: "### Path diagrams", fence: "```dot",
                arguments: ["query", "--quiet", "--format", "dot", "--snapshot", blocked, SeedLab.ping]),
        Example(heading: "### Markdown for pull requests", fence: "````markdown",
                arguments: ["query", "--quiet", "--format", "markdown", "--snapshot", blocked, SeedLab.ping]),
        Example(heading: "### Markdown for pull requests", fence: "```markdown",
                arguments: ["check", "--quiet", "--format", "markdown", "--snapshot", blocked, "Queries/seed-lab.reach"]),
        Example(heading: "### Markdown for pull requests", fence: "```markdown",
                arguments: ["diff", "--quiet", "--format", "markdown", blocked, "Queries/seed/06-ping-works"]),
        Example(heading: "### Reachability Analyzer's JSON", fence: "```json",
                arguments: ["query", "--quiet", "--format", "ra-json", "--snapshot", "Queries/seed/06-ping-works", SeedLab.ping]),
        Example(heading: "### CI annotations and code scanning", fence: "```",
                arguments: ["check", "--quiet", "--format", "github", "--snapshot", blocked, "Queries/seed-lab.reach"]),
        Example(heading: "### CI annotations and code scanning", fence: "```json",
                arguments: ["check", "--quiet", "--format", "sarif", "--snapshot", blocked, "Queries/seed-lab.reach"]),
    ]

    /// The lines of the example: the first block opened by `fence` after `heading` (the second such block for the
    /// second example under the same heading and fence).
    static func block(_ example: Example) throws -> [String] {
        let readme = try String(contentsOfFile: Fixtures.path("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: example.heading), "README.md has no \(example.heading)")
        let nth = examples.filter { $0.heading == example.heading && $0.fence == example.fence }
            .firstIndex { $0.arguments == example.arguments } ?? 0
        let close = String(repeating: "`", count: example.fence.prefix { $0 == "`" }.count)
        var index = start + 1, seen = 0
        while index < lines.count, !lines[index].hasPrefix("## ") {
            if lines[index] == example.fence {
                let end = try #require(lines[(index + 1)...].firstIndex(of: close), "an unclosed block under \(example.heading)")
                if seen == nth { return Array(lines[(index + 1)..<end]) }
                seen += 1
                index = end
            }
            index += 1
        }
        Issue.record("README.md has no \(example.fence) block number \(nth + 1) under \(example.heading)")
        return []
    }

    /// Whether `line` is what the README's `shown` line shows: equal, or with each `…` standing for any text.
    static func matches(_ shown: String, _ line: String) -> Bool {
        let pieces = shown.components(separatedBy: "…")
        guard pieces.count > 1 else { return shown == line }
        guard line.hasPrefix(pieces[0]) else { return false }
        var rest = line.dropFirst(pieces[0].count)
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(pieces.last!)
    }

    /// The README lines not found, in order, in the output (empty when the example is what was printed).
    static func missing(_ shown: [String], in output: String) -> [String] {
        var printed = output.components(separatedBy: "\n")[...]
        var missing: [String] = []
        for line in shown where !line.isEmpty && line.trimmingCharacters(in: .whitespaces) != "…" && !line.hasPrefix("$ pathproof ") {
            if let index = printed.firstIndex(where: { matches(line, $0) }) {
                printed = printed[(index + 1)...]
            } else {
                missing.append(line)
            }
        }
        return missing
    }

    @Test(arguments: examples)
    func theREADMEShowsWhatPathProofPrints(_ example: Example) throws {
        let shown = try Self.block(example)
        #expect(shown.count >= 3, "\(example.heading): the example is too short to show anything")
        let run = try PathProofCLI.run(example.arguments)
        #expect([0, 1].contains(run.status), "\(run.error)")
        let missing = Self.missing(shown, in: run.output)
        #expect(missing.isEmpty, "README.md, \(example.heading), lines pathproof does not print (in this order):\n\(missing.joined(separator: "\n"))\n--- printed:\n\(run.output)")
    }

    /// The Mermaid example is the whole diagram, so that GitHub draws it in the README.
    @Test func theMermaidExampleIsTheWholeDiagram() throws {
        let shown = try Self.block(Self.examples[0])
        let run = try PathProofCLI.run(Self.examples[0].arguments)
        #expect(shown.joined(separator: "\n") + "\n" == run.output)
    }

    /// The README's examples are among what `scripts/example` prints: it runs each example's format.
    @Test func scriptsExampleRunsEveryFormatTheREADMEShows() throws {
        let script = try String(contentsOfFile: Fixtures.path("scripts/example"), encoding: .utf8)
        for example in Self.examples {
            let format = example.arguments[example.arguments.firstIndex(of: "--format")! + 1]
            #expect(script.contains("show \(example.arguments[0]) --quiet --format \(format) "), "scripts/example does not run \(example.arguments[0]) --format \(format)")
        }
        #expect(script.contains("show report "))
    }

    /// The matching can fail: a changed word, a line out of order, a line cut wrongly.
    @Test func aWrongExampleIsCaught() {
        let output = "alpha beta\ngamma delta\nepsilon\n"
        #expect(Self.missing(["alpha beta", "…", "epsilon"], in: output).isEmpty)
        #expect(Self.missing(["alpha …", "gamma…delta"], in: output).isEmpty)
        #expect(Self.missing(["alpha beta", "gamma Delta"], in: output) == ["gamma Delta"])
        #expect(Self.missing(["epsilon", "alpha beta"], in: output) == ["alpha beta"])
        #expect(Self.missing(["alpha … gamma"], in: output) == ["alpha … gamma"])
    }
}

import Foundation
import Questions
import Testing

/// The golden answer files under Tests/Golden: what `pathproof` prints for the main questions of every stage of
/// the example labs (`pathproof query`, text and JSON) and for the example `.reach` files (`pathproof check`), so
/// that any change of an answer, a blocker, a path or a sentence shows as a diff.
///
/// `Tests/Golden/<lab>/<stage>.txt` holds, for each of the lab's questions (`StageLab.questions(for:)`), the
/// command line and what it prints; `<stage>.json` a JSON array of the `--format json` answers, in the same
/// order, each as printed. `Tests/Golden/check/<file>.txt` and `.json` hold `pathproof check` on
/// `Queries/<file>.reach`. Timing figures are normalised: "Solved in <ms> ms" and `"milliseconds" : 0`.
/// `PATHPROOF_UPDATE_GOLDEN=1` rewrites the files instead of comparing them (`scripts/update-golden`).
public enum GoldenFiles {
    /// Tests/Golden, in the package.
    public static let root = Fixtures.path("Tests/Golden")

    /// The environment variable that makes the golden tests rewrite the files.
    public static let updateVariable = "PATHPROOF_UPDATE_GOLDEN"

    public static var updating: Bool { ProcessInfo.processInfo.environment[updateVariable] == "1" }

    public enum Format: String, CaseIterable, Sendable {
        case text = "txt"
        case json
    }

    /// One pair of golden files (`<name>.txt`, `<name>.json`) and the commands whose output they hold.
    public struct Entry: CustomTestStringConvertible, Hashable, Sendable {
        public enum Source: Hashable, Sendable {
            /// The lab's questions on one stage (`pathproof query`).
            case stage(lab: String, stage: String)
            /// A `.reach` file, relative to the package root (`pathproof check`).
            case check(file: String)
        }

        public let source: Source

        public init(source: Source) { self.source = source }

        /// The files' path under Tests/Golden, without the extension: `seed/01-no-peering`, `check/stages/03-…`.
        public var name: String {
            switch source {
            case .stage(let lab, let stage): "\(lab)/\(stage)"
            case .check(let file): "check/" + String(file.dropFirst("Queries/".count).dropLast(".reach".count))
            }
        }

        public var testDescription: String { name }

        public func path(_ format: Format) -> String { "\(GoldenFiles.root)/\(name).\(format.rawValue)" }

        /// The `pathproof` arguments of each command, run in the package root, in the files' order.
        public func commands(_ format: Format) -> [[String]] {
            let formatOption = format == .json ? ["--format", "json"] : []
            switch source {
            case .stage(let lab, let stage):
                let lab = StageLab.all.first { $0.name == lab }!
                return lab.questions(for: stage).map { ["query", "--quiet"] + formatOption + ["--snapshot", "\(lab.folder)/\(stage)", $0] }
            case .check(let file):
                return [["check", "--quiet"] + formatOption + [file]]
            }
        }
    }

    /// Every golden entry: each stage of each lab, then each `.reach` file under Queries/.
    public static func entries() throws -> [Entry] {
        let stages = StageLab.all.flatMap { lab in lab.stages.map { Entry(source: .stage(lab: lab.name, stage: $0)) } }
        return try stages + Fixtures.reachFiles().map { Entry(source: .check(file: $0)) }
    }

    // MARK: What the files hold

    /// The outputs of an entry's commands as the library that `pathproof` uses gives them (what the command prints,
    /// without its last newline): each question answered on the stage, or the `.reach` file checked on its snapshot.
    public static func libraryOutputs(_ entry: Entry) throws -> [Format: [String]] {
        switch entry.source {
        case .stage(let labName, let stage):
            guard let lab = StageLab.all.first(where: { $0.name == labName }) else { throw GoldenError("no lab \(labName)") }
            let network = try Fixtures.load(lab.directory(stage))
            var outputs: [Format: [String]] = [:]
            for query in lab.questions(for: stage) {
                // As `pathproof query` asks: one question per process, the default solver timeout, both ways.
                let result = try ReachabilityQuestions(network: network, timeoutMilliseconds: 30_000).ask(query)
                outputs[.text, default: []].append(AnswerRendering.text(result))
                outputs[.json, default: []].append(AnswerRendering.json(result))
            }
            return outputs
        case .check(let file):
            // As `pathproof check FILE` does when run in the package root: the file as named on the command line,
            // its snapshot folder relative to the file, shown relative to the working folder.
            let text = try String(contentsOfFile: Fixtures.path(file), encoding: .utf8)
            let parsed = try QueryFile.parse(text: text, path: file)
            guard let line = parsed.snapshot else { throw GoldenError("\(file) has no snapshot line") }
            let folder = Fixtures.packageRoot.appendingPathComponent(file).deletingLastPathComponent()
                .appendingPathComponent(line.path).standardizedFileURL
            let root = Fixtures.packageRoot.standardizedFileURL.path
            guard folder.path.hasPrefix(root + "/") else { throw GoldenError("\(file): its snapshot is outside the package") }
            let checker = QueryFileChecker(network: try Fixtures.load(folder.path), timeoutMilliseconds: 30_000)
            let resolved = try checker.resolve(parsed)
            let report = CheckReport(files: [CheckReport.FileReport(path: file, snapshot: String(folder.path.dropFirst(root.count + 1)),
                                                                    results: checker.check(resolved))])
            return [.text: [report.text()], .json: [report.json()]]
        }
    }

    /// A golden file's content: in text each command line (`$ pathproof …`) and what it printed; in JSON the
    /// printed documents in an array (a single one as it is). Timing figures are normalised.
    public static func document(_ entry: Entry, _ format: Format, outputs: [String]) -> String {
        let outputs = outputs.map { normalised($0, format) }
        switch format {
        case .text:
            return zip(entry.commands(.text), outputs).map { "$ \(commandLine($0))\n\($1)\n" }.joined(separator: "\n")
        case .json:
            if case .check = entry.source, outputs.count == 1 { return outputs[0] + "\n" }
            return "[\n" + outputs.joined(separator: ",\n") + "\n]\n"
        }
    }

    /// `pathproof ARGUMENTS` as typed in a shell (arguments with spaces in single quotes).
    public static func commandLine(_ arguments: [String]) -> String {
        (["pathproof"] + arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
    }

    /// The output without its timing figures: "Solved in 12.3 ms" becomes "Solved in <ms> ms", and
    /// `"milliseconds" : 12.3` becomes `"milliseconds" : 0`.
    public static func normalised(_ output: String, _ format: Format) -> String {
        switch format {
        case .text:
            output.replacingOccurrences(of: #"Solved in [0-9]+(\.[0-9]+)? ms"#, with: "Solved in <ms> ms", options: .regularExpression)
        case .json:
            output.replacingOccurrences(of: #""milliseconds" : [0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?"#, with: #""milliseconds" : 0"#,
                                        options: .regularExpression)
        }
    }

    // MARK: Comparing and rewriting

    /// Compares `actual` with the golden file at `path`: nil when they are equal, else what differs (a line diff).
    /// When updating (`PATHPROOF_UPDATE_GOLDEN=1`), writes `actual` there instead and returns nil.
    public static func check(_ actual: String, against path: String) throws -> String? {
        let expected = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        if expected == actual { return nil }
        if updating {
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            print("rewrote \(path)")
            return nil
        }
        guard let expected else {
            return "\(path) does not exist: run scripts/update-golden to write it"
        }
        return "\(path) differs (- golden file, + now; scripts/update-golden rewrites it if the change is right):\n"
            + lineDiff(expected, actual)
    }

    /// Every file under Tests/Golden, relative to it (README.md left out, and the picture formats' files, which
    /// `PictureGoldenFiles` keeps).
    public static func existingFiles() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        return (enumerator.allObjects as? [String] ?? [])
            .filter { !Fixtures.isDirectory("\(root)/\($0)") && $0 != "README.md" && !$0.hasPrefix(PictureGoldenFiles.folder + "/") }.sorted()
    }

    /// A line diff of two texts: the lines only `old` has (`-`), only `new` has (`+`), with two lines of context
    /// around each change.
    public static func lineDiff(_ old: String, _ new: String) -> String {
        let a = old.components(separatedBy: "\n"), b = new.components(separatedBy: "\n")
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let midA = Array(a[start..<endA]), midB = Array(b[start..<endB])
        // The changed middle, as a longest common subsequence where it is small enough, else removed then added.
        var operations: [(Character, String)] = []
        if midA.count * midB.count <= 4_000_000 {
            var lengths = [[Int32]](repeating: [Int32](repeating: 0, count: midB.count + 1), count: midA.count + 1)
            for i in stride(from: midA.count - 1, through: 0, by: -1) {
                for j in stride(from: midB.count - 1, through: 0, by: -1) {
                    lengths[i][j] = midA[i] == midB[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < midA.count || j < midB.count {
                if i < midA.count, j < midB.count, midA[i] == midB[j] {
                    operations.append((" ", midA[i])); i += 1; j += 1
                } else if i < midA.count, j == midB.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                    operations.append(("-", midA[i])); i += 1
                } else {
                    operations.append(("+", midB[j])); j += 1
                }
            }
        } else {
            operations = midA.map { ("-", $0) } + midB.map { ("+", $0) }
        }
        let before = a[max(0, start - 2)..<start].map { (Character(" "), $0) }
        let after = a[endA..<min(a.count, endA + 2)].map { (Character(" "), $0) }
        var lines = ["@@ line \(start + 1) @@"]
        var unchangedRun: [String] = []
        for (mark, line) in before + operations + after {
            if mark == " " {
                unchangedRun.append(line)
                continue
            }
            if unchangedRun.count > 4 {
                lines += unchangedRun.prefix(2).map { "  \($0)" } + ["  …"] + unchangedRun.suffix(2).map { "  \($0)" }
            } else {
                lines += unchangedRun.map { "  \($0)" }
            }
            unchangedRun = []
            lines.append("\(mark) \(line)")
        }
        lines += unchangedRun.prefix(2).map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// A golden entry that cannot be made.
public struct GoldenError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

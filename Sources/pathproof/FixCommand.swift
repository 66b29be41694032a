import ArgumentParser
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Find the smallest sets of changes that make an unreachable query reachable.",
        usage: "pathproof fix [<options>] --snapshot <snapshot> <query>",
        discussion: """
        QUERY is as for `pathproof query`. Each fix is a smallest set of configuration changes (MaxSAT, then the \
        next smallest set that does not contain an earlier one, up to --limit), fewest changes first, each change \
        with the AWS CLI commands that make it; every fix is checked by answering the query again with it applied. \
        Ids such as pcx-pathproof0001 stand for the ids AWS returns when the resource is created.

        --write-snapshot OUT writes a copy of the snapshot with fix --choice applied: the same files and \
        folders, only the changed resources rewritten, in place. OUT must not exist or be an empty folder.

        Exit status: 0 fixes found (or the query is reachable already), 1 unreachable and no fix found, \
        2 bad input, 3 unknown (solver timeout or unmodelled component).
        """
    )

    @OptionGroup var options: QueryOptions

    @Option(name: .long, help: "Answer format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "How many alternative fixes to find at most.")
    var limit: Int = 5

    @Option(name: .long, help: "Write a copy of the snapshot with one fix applied to this new folder.")
    var writeSnapshot: String?

    @Option(name: .long, help: "Which fix to apply with --write-snapshot (1 is the first listed).")
    var choice: Int = 1

    @Option(name: .long, help: "A .reach query file: report which of its assertions change their answer under each fix (repeatable).")
    var check: [String] = []

    @Argument(help: "The query, e.g. 'can web-1 ping db-1'.")
    var query: String

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard choice >= 1 else { throw ValidationError("--choice must be at least 1") }
        if writeSnapshot == nil, choice != 1 { throw ValidationError("--choice needs --write-snapshot") }
    }

    func run() throws {
        if let output = writeSnapshot, !Self.isFreshFolder(output) {
            fail("\(output) exists and is not an empty folder; give --write-snapshot a new folder")
        }
        if writeSnapshot != nil, options.snapshot == nil || options.terraform != nil {
            fail("--write-snapshot needs --snapshot (and no --terraform)")
        }
        let input = loadInput(snapshot: options.snapshot, terraform: options.terraform, quiet: options.quiet, json: format == .json)
        let network = input.network
        let questions = ReachabilityQuestions(network: network, timeoutMilliseconds: options.timeLimit)
        let result: FixQuestionResult
        do {
            result = try questions.fixes(query, oneWay: options.oneWay, limit: limit)
        } catch let error as QueryError {
            fail(error.message)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.unknown)
        }
        let impacts = try assessImpacts(of: result, on: network)
        // Something unknown until apply (Terraform) that decides the verdict: UNKNOWN, naming it.
        if case .unknown = result.report.answer.verdict {} else if let reason = try assignmentDependence(input, chosen: result.report.answer.verdict.name, { other in
            try ReachabilityQuestions(network: other, timeoutMilliseconds: options.timeLimit).ask(query, oneWay: options.oneWay).answer.verdict.name
        }) {
            try reportAssignmentDependence(reason, text: format == .text) {
                switch format {
                case .text: print(terraformFixText(result, input))
                case .json: print(FixRendering.json(result, impacts: impacts))
                }
            }
        }
        switch format {
        case .text:
            print(terraformFixText(result, input))
            if !impacts.isEmpty { print("Effect on \(check.joined(separator: ", ")):\n" + impacts.map(\.text).joined(separator: "\n")) }
        case .json: print(FixRendering.json(result, impacts: impacts))
        }
        let report = result.report
        switch report.answer.verdict {
        case .unknown: throw ExitCode(ExitStatus.unknown)
        case .reachable:
            if let output = writeSnapshot { printError("nothing written to \(output): the query is reachable already") }
            return
        case .unreachable:
            guard !report.fixes.isEmpty else { throw ExitCode(1) }
        }
        guard let output = writeSnapshot else { return }
        guard choice <= report.fixes.count else {
            fail("--choice \(choice): there \(report.fixes.count == 1 ? "is only 1 fix" : "are only \(report.fixes.count) fixes")")
        }
        try write(report.fixes[choice - 1].actions, to: output, result: result)
    }

    /// For --check: which assertions of the query files change their answer under each fix.
    private func assessImpacts(of result: FixQuestionResult, on network: Network) throws -> [FixImpact] {
        guard !check.isEmpty, !result.report.fixes.isEmpty else { return [] }
        do {
            let files = try check.map { path throws(QueryFileError) in try QueryFile.parse(path: path) }
            let assessor = try FixImpactAssessor(files: files, network: network, timeoutMilliseconds: options.timeLimit)
            return try result.report.fixes.enumerated().map { i, fix throws(QueryFileError) in try assessor.assess(fix, rank: i + 1) }
        } catch {
            fail("\(error)")
        }
    }

    /// Makes the fix's AWS calls on the snapshot's JSON, writes the copy, and checks the query there.
    private func write(_ actions: [FixAction], to output: String, result: FixQuestionResult) throws {
        var editor: SnapshotEditor
        do {
            editor = try SnapshotEditor(directory: options.snapshot ?? "")
            for action in actions { try editor.apply(action) }
            try editor.write(to: output)
        } catch let error as SnapshotEditError {
            printError("error: cannot apply fix \(choice): \(error)")
            throw ExitCode(ExitStatus.unknown)
        } catch {
            fail("\(error)")
        }
        let check: QuestionResult
        do {
            check = try ReachabilityQuestions(network: try SnapshotReader.load(directory: output).network, timeoutMilliseconds: options.timeLimit)
                .ask(query, oneWay: options.oneWay)
        } catch {
            printError("error: cannot read back \(output): \(error)")
            throw ExitCode(ExitStatus.unknown)
        }
        guard check.answer.verdict == .reachable else {
            printError("error: in the written snapshot \(output) the query is still \(check.answer.verdict.name); this is a bug")
            throw ExitCode(ExitStatus.unknown)
        }
        printError("wrote \(output) with fix \(choice) applied (changed: \(editor.changedFiles.joined(separator: ", "))); there the query is reachable")
    }

    /// Whether `path` does not exist or is an empty folder.
    static func isFreshFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
        return isDirectory.boolValue && ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]).isEmpty
    }
}

import ArgumentParser
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case sarif
    case junit
    case github
    case markdown
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the assertions of .reach files.",
        usage: "pathproof check [<options>] <files> ...",
        discussion: """
        A .reach file holds `snapshot DIR` (relative to the file), `property NAME`, `description "TEXT"` and assertions:
          assert A can ping B                  assert A cannot reach B on tcp/22
          assert A can reach B on udp/53 one-way
          assert isolated A B                  (no traffic of any protocol, either way)
          assert A can reach B on tcp/443 over ipv6

        A and B are what `pathproof query` takes (instance id, ENI id, Name tag, IPv4 or IPv6 address, internet, \
        onprem:CIDR for hosts on premises, service:NAME for an AWS service such as service:s3) or a group: \
        vpc:ID-OR-NAME, subnet:ID-OR-NAME, sg:ID-OR-NAME, tag:KEY=VALUE, cidr:A.B.C.D/N. `over ipv6` at the end of \
        an assertion asks about IPv6. Keywords may be written in any case, as in queries. A folder among FILES stands \
        for the .reach files in it. See README.md, "Query files".

        Exit status: 0 every assertion holds, 1 some assertion is violated, 2 bad input (nothing is checked), \
        3 some answer is unknown and none is violated.
        """
    )

    @Argument(help: "The .reach files to check (a folder: every .reach file in it).")
    var files: [String]

    @Option(name: .long, help: "Check every file on this snapshot folder instead of the one its snapshot line names.")
    var snapshot: String?

    @Option(name: .long, help: "A `terraform show -json` plan or state: check the network after apply (over the snapshot, if any).")
    var terraform: String?

    @Option(name: .long, help: "Report format: text, json, sarif (SARIF 2.1.0), junit (JUnit XML), github (workflow annotations) or markdown.")
    var format: CheckFormat = .text

    @Option(name: .long, help: "Solver timeout in milliseconds per problem; past it the answer is UNKNOWN. 0: no limit (wait for every answer).")
    var timeout: UInt32 = 30_000

    @Flag(name: .long, help: "Do not print snapshot warnings.")
    var quiet = false

    @OptionGroup var age: SnapshotAgeOption

    @Option(name: .long, help: ArgumentHelp("Check only the assertions whose source falls in shard K of N (0 <= K < N); `pathproof merge` joins the JSON outputs.", valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if let shard { do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") } }
    }

    /// Exit statuses of `check`; 2 and 3 as for every command.
    static let violatedStatus: Int32 = 1

    func run() throws {
        var diagnostics: [String] = []
        var parsed: [QueryFile] = []
        for path in try expand(files) {
            do {
                parsed.append(try QueryFile.parse(path: path))
            } catch {
                diagnostics += error.diagnostics.map(\.description)
            }
        }

        // Load each snapshot once, and resolve every assertion before checking any.
        var checkers: [String: QueryFileChecker] = [:]
        var inputs: [String: LoadedInput] = [:]
        let part = try shard.map { try Shard(parsing: $0) }
        var planned: [(QueryFile, String, ResolvedQueryFile)] = []
        var snapshotError: SnapshotError?
        for file in parsed {
            let folder: String
            if let snapshot {
                folder = snapshot
            } else if let line = file.snapshot {
                folder = line.resolvedPath
            } else if let terraform {
                folder = terraform
            } else {
                diagnostics.append("\(file.path):1:1: error: no snapshot: add a line `snapshot FOLDER` (relative to the file) or pass --snapshot")
                continue
            }
            let checker: QueryFileChecker
            if let known = checkers[folder] {
                checker = known
            } else {
                do {
                    let input = try readInput(snapshot: folder == terraform ? nil : folder, terraform: terraform)
                    inputs[folder] = input
                    let loaded = input.snapshot
                    if !quiet {
                        for warning in loaded.warnings { printError("warning: \(warning)") }
                        if let age = loaded.ageWarning(maxAge: maximumSnapshotAge()) { printError("warning: \(age)") }
                    }
                    checker = QueryFileChecker(network: loaded.network, timeoutMilliseconds: timeout == 0 ? nil : timeout)
                    checkers[folder] = checker
                } catch {
                    snapshotError = snapshotError ?? error
                    let at = snapshot == nil ? file.snapshot.map { "\($0.location): " } ?? "" : ""
                    diagnostics.append("\(at)error: snapshot \(folder): \(error)")
                    continue
                }
            }
            do {
                let resolved = try checker.resolve(file)
                planned.append((file, folder, part.map { resolved.only($0) } ?? resolved))
            } catch {
                diagnostics += error.diagnostics.map(\.description)
            }
        }
        if !diagnostics.isEmpty {
            var seen: Set<String> = []
            if format == .json {
                print(jsonError(file: snapshotError?.file, jsonPath: snapshotError?.jsonPath,
                                message: snapshotError?.message ?? diagnostics.joined(separator: "\n")))
            }
            for line in diagnostics where seen.insert(line).inserted { printError(line.hasPrefix("error: ") || line.contains(": error: ") ? line : "error: \(line)") }
            throw ExitCode(ExitStatus.badInput)
        }

        // The text report is printed as each assertion is decided (with --terraform at the end, after the re-check);
        // on a terminal, a progress line counts them on standard error.
        let streamed = format == .text && terraform == nil
        let progress = ProgressLine.standardError(quiet: quiet)
        let total = planned.reduce(0) { $0 + $1.2.assertionCount }
        var decided = 0
        func stream(_ text: String) {
            progress.above { print(text) }
            fflush(nil)
        }
        var fileReports: [CheckReport.FileReport] = []
        for (file, folder, resolved) in planned {
            if streamed { stream(CheckReport.textHeader(path: file.path, snapshot: Self.shown(folder))) }
            let results = checkers[folder]!.check(resolved) { result in
                decided += 1
                if streamed { stream(CheckReport.textLines(result, path: file.path).joined(separator: "\n")) }
                progress.update("check", done: decided, of: total, "assertions decided")
            }
            fileReports.append(CheckReport.FileReport(path: file.path, snapshot: Self.shown(folder), results: results))
        }
        progress.clear()
        let report = CheckReport(files: fileReports)
        let output = {
            switch format {
            case .text: print(streamed ? report.summary : report.text())
            case .json: print(shard.map { Self.marked(report.json(), shard: $0) } ?? report.json())
            case .sarif: print(report.sarif())
            case .junit: print(report.junit())
            case .github: print(report.githubAnnotations())
            case .markdown:
                let networks = Dictionary(checkers.map { (Self.shown($0.key), $0.value.network) }, uniquingKeysWith: { first, _ in first })
                print(report.markdown { networks[$0] })
            }
        }
        // An address unknown until apply: every assertion is checked again with each other class's address.
        if let terraform {
            for folder in Set(planned.map(\.1)).sorted() {
                let files = planned.filter { $0.1 == folder }
                // Read once above; asked again only when an address unknown until apply splits what rules name.
                guard let input = inputs[folder], input.terraform?.hasAlternativeAssignments == true else { continue }
                let chosen: [String] = files.flatMap { checkers[folder]!.check($0.2).map { "\($0.assertion): \($0.status.name)" } }
                if let reason = try assignmentDependence(input, chosen: chosen, describe: { $0.joined(separator: "; ") }, { other in
                    let checker = QueryFileChecker(network: other, timeoutMilliseconds: timeout == 0 ? nil : timeout)
                    var statuses: [String] = []
                    for (file, _, _) in files {
                        do { statuses += try checker.check(file).map { "\($0.assertion): \($0.status.name)" } } catch { fail("\(error)") }
                    }
                    return statuses
                }) {
                    try reportAssignmentDependence(reason, text: format == .text, output: output)
                }
            }
        }
        output()
        if report.violated > 0 { throw ExitCode(Self.violatedStatus) }
        if report.unknown > 0 { throw ExitCode(ExitStatus.unknown) }
    }

    /// A shard's JSON report carries `shard` (`K/N`), which `pathproof merge` reads.
    private static func marked(_ json: String, shard: String) -> String {
        guard json.hasPrefix("{\n") else { return json }
        return "{\n  \"shard\" : \"\(shard)\",\n" + json.dropFirst(2)
    }

    /// Files as given; a folder stands for its .reach files (recursively, in name order).
    private func expand(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                printError("error: \(path): no such file")
                throw ExitCode(ExitStatus.badInput)
            }
            guard isFolder.boolValue else { result.append(path); continue }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".reach") }.sorted().map { "\(base)/\($0)" }
            guard !found.isEmpty else {
                printError("error: \(path): no .reach file in this folder")
                throw ExitCode(ExitStatus.badInput)
            }
            result += found
        }
        return result
    }

    /// A snapshot folder as reports show it: relative to the working folder when inside it.
    private static func shown(_ folder: String) -> String {
        let here = FileManager.default.currentDirectoryPath
        let standard = URL(fileURLWithPath: folder).standardizedFileURL.path
        return standard.hasPrefix(here + "/") ? String(standard.dropFirst(here.count + 1)) : folder
    }
}

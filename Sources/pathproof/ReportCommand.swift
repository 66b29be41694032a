import ArgumentParser
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page about a snapshot.",
        usage: "pathproof report [<options>] --snapshot <snapshot> --out <FILE>",
        discussion: """
        The page holds a map of the network, the instances the internet reaches, the reachability matrix by endpoint \
        class as a heat map, and the answers of the .reach files given; clicking a cell or an assertion shows its \
        path. It fetches nothing: it opens offline and as a CI artifact. With --terraform, the page is about the \
        network a `terraform show -json` plan or state describes (applied over --snapshot, if given).
        """
    )

    @Option(name: .long, help: "Folder of `aws ec2 describe-*` JSON files.")
    var snapshot: String?

    @Option(name: .long, help: "A `terraform show -json` plan or state; with --snapshot, the plan applied to the snapshot.")
    var terraform: String?

    @Option(name: .long, help: ArgumentHelp("A .reach file whose assertions are checked on --snapshot and shown (repeatable).", valueName: "FILE"))
    var reach: [String] = []

    @Option(name: .long, help: "The matrix's traffic: ping (default), icmp, tcp/PORT, udp/PORT, proto/N or any.")
    var on: String = "ping"

    @Option(name: .long, help: ArgumentHelp("Where to write the page.", valueName: "FILE"))
    var out: String

    @Option(name: .long, help: "How many matrix cells get a path diagram.")
    var diagrams: Int = 200

    @Option(name: .long, help: "Solver timeout in milliseconds per problem; past it the answer is UNKNOWN.")
    var timeout: UInt32 = 30_000

    @Flag(name: .long, help: "Do not print snapshot warnings.")
    var quiet = false

    @OptionGroup var age: SnapshotAgeOption

    func run() throws {
        let network = loadInput(snapshot: snapshot, terraform: terraform, quiet: quiet).network
        let source = [snapshot, terraform.map { "\($0) (after apply)" }].compactMap { $0 }.joined(separator: " + ")
        let traffic = parseTraffic(on)
        var check: CheckReport?
        if !reach.isEmpty {
            let checker = QueryFileChecker(network: network, timeoutMilliseconds: timeout)
            var reports: [CheckReport.FileReport] = []
            var diagnostics: [String] = []
            for path in reach {
                do {
                    let file = try QueryFile.parse(path: path)
                    reports.append(CheckReport.FileReport(path: path, snapshot: source, results: try checker.check(file)))
                } catch {
                    diagnostics += error.diagnostics.map(\.description)
                }
            }
            if !diagnostics.isEmpty {
                for line in diagnostics { printError(line.contains("error: ") ? line : "error: \(line)") }
                throw ExitCode(ExitStatus.badInput)
            }
            check = CheckReport(files: reports)
        }
        let report = HTMLReport(network: network, snapshot: source, traffic: traffic, check: check, diagramLimit: diagrams,
                                timeoutMilliseconds: timeout)
        let page = report.html { _ in network }
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            fail("\(out): \(error.localizedDescription)")
        }
        printError("Wrote \(out) (\(page.utf8.count / 1024) KiB).")
    }
}

import ArgumentParser
import Questions

extension AnswerFormat: ExpressibleByArgument {}

/// The formats of `pathproof diff`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    /// A summary, a table of the changes and each change's diagram, for a pull-request comment.
    case markdown
    /// SARIF 2.1.0 for code scanning: one result per change (see `DiffReport`).
    case sarif
    /// JUnit XML for CI dashboards: one failing test case per change.
    case junit
}

/// `diff`'s options: as every whole-network command's, with markdown among its formats.
struct DiffOptions: ParsableArguments {
    @OptionGroup var age: SnapshotAgeOption

    @Option(name: .long, help: "Answer format: text, json, markdown, sarif or junit.")
    var format: DiffFormat = .text

    @Flag(name: .long, help: "Forward path only: do not require the response to get back.")
    var oneWay = false

    @Flag(name: .long, help: "Do not print snapshot warnings.")
    var quiet = false
}

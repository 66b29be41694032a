import Foundation
import Questions
import Testing

/// The golden files of the pictures and integration formats (`pathproof query --format mermaid|dot|markdown|ra-json`)
/// on a few stages of the labs: `Tests/Golden/pictures/<lab>/<stage>.<format>.txt`, each holding, for every question
/// of the stage, the command line (`$ pathproof query --quiet --format F --snapshot … '…'`) and what it prints. None
/// of these formats prints a timing figure, so nothing is normalised. `PATHPROOF_UPDATE_GOLDEN=1` rewrites them, as
/// it does the other golden files (`scripts/update-golden`).
public enum PictureGoldenFiles {
    /// Tests/Golden/pictures.
    public static let root = "\(GoldenFiles.root)/pictures"

    /// The folder's name under Tests/Golden, which `GoldenFiles.existingFiles` leaves to this type.
    public static let folder = "pictures"

    /// The formats, as `--format` names them.
    public static let formats: [AnswerFormat] = [.mermaid, .dot, .markdown, .raJSON]

    /// The stages: a peering lab's unreachable, blocked and working stages, and a transit gateway's working and
    /// broken ones.
    public static let stages: [(lab: StageLab, stage: String)] = [
        (.seed, "01-no-peering"), (.seed, "05-routes-sg-blocks-icmp"), (.seed, "06-ping-works"),
        (.transit, "01-working"), (.transit, "04-blackhole-route"),
    ]

    public struct Entry: CustomTestStringConvertible, Hashable, Sendable {
        public let lab: String
        public let stage: String
        public let format: String

        public var testDescription: String { "\(lab)/\(stage) \(format)" }

        /// The file, relative to Tests/Golden.
        public var name: String { "\(PictureGoldenFiles.folder)/\(lab)/\(stage).\(format).txt" }

        public var path: String { "\(GoldenFiles.root)/\(name)" }

        /// The `pathproof` arguments of each command, run in the package root, in the file's order.
        public var commands: [[String]] {
            let lab = StageLab.all.first { $0.name == self.lab }!
            return lab.questions(for: stage).map { ["query", "--quiet", "--format", format, "--snapshot", "\(lab.folder)/\(stage)", $0] }
        }
    }

    public static var entries: [Entry] {
        stages.flatMap { lab, stage in formats.map { Entry(lab: lab.name, stage: stage, format: $0.rawValue) } }
    }

    /// What the file holds, made with the library `pathproof query` uses.
    public static func document(_ entry: Entry) throws -> String {
        guard let lab = StageLab.all.first(where: { $0.name == entry.lab }), let format = AnswerFormat(rawValue: entry.format) else {
            throw GoldenError("no lab \(entry.lab) or format \(entry.format)")
        }
        let network = try Fixtures.load(lab.directory(entry.stage))
        return try zip(entry.commands, lab.questions(for: entry.stage)).map { command, query in
            let result = try ReachabilityQuestions(network: network, timeoutMilliseconds: 30_000).ask(query)
            return "$ \(GoldenFiles.commandLine(command))\n\(format.render(result, network: network))\n"
        }.joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation
import Questions

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the JSON outputs of the shards of one `matrix` or `check` into the whole answer.",
        usage: "pathproof merge <files> ...",
        discussion: """
        Each file is the output of `pathproof matrix --format json --shard K/N` (with or without --by-class) or \
        `pathproof check --format json --shard K/N`, for one snapshot and every K from 0 to N - 1. The answer is \
        the unsharded command's JSON (its milliseconds: the shards' sum). Matrix rows are read and written one at \
        a time, never all held. Exit status as the command's own: 1 some assertion violated, 3 some answer \
        unknown, 2 bad input (a missing or repeated shard, files of different questions).
        """)

    @Argument(help: "The shards' JSON outputs.") var files: [String]

    func run() throws {
        let outcome: ShardMerge.Outcome
        do { outcome = try ShardMerge.merge(files, to: .standardOutput()) } catch { fail("\(error)") }
        switch outcome {
        case .check(let violated, let unknown):
            if violated > 0 { throw ExitCode(CheckCommand.violatedStatus) }
            if unknown > 0 { throw ExitCode(ExitStatus.unknown) }
        case .matrix(let unknown):
            if unknown > 0 { throw ExitCode(ExitStatus.unknown) }
        }
    }
}

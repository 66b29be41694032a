import Foundation
import PathProofTestSupport
import Testing

/// The golden answer files (Tests/Golden) hold what the `pathproof` binary prints: QuestionsTests' `GoldenAnswerTests`
/// makes them with the library, and this suite runs the binary for the first and last stage of every lab and for
/// every example `.reach` file, and finds the same text.
@Suite struct GoldenCLITests {
    static let entries: [GoldenFiles.Entry] = {
        let stages = StageLab.all.flatMap { lab in
            [lab.stages.first!, lab.stages.last!].map { GoldenFiles.Entry(source: .stage(lab: lab.name, stage: $0)) }
        }
        do {
            return stages + (try Fixtures.reachFiles()).map { GoldenFiles.Entry(source: .check(file: $0)) }
        } catch {
            // Swift Testing takes arguments from a non-throwing expression: without the files, `everyLabIsSampled` fails.
            print("cannot list the example .reach files: \(error)")
            return stages
        }
    }()

    @Test func everyLabIsSampled() throws {
        #expect(Self.entries.count == 2 * StageLab.all.count + (try Fixtures.reachFiles()).count)
    }

    @Test(arguments: entries)
    func theBinaryPrintsTheGoldenAnswers(_ entry: GoldenFiles.Entry) throws {
        for format in GoldenFiles.Format.allCases {
            var outputs: [String] = []
            for arguments in entry.commands(format) {
                let run = try PathProofCLI.run(arguments)
                // 0 answered (or every assertion holds), 1 an assertion is violated, 3 unknown; never bad input.
                #expect([0, 1, 3].contains(run.status) && run.error.isEmpty, "\(GoldenFiles.commandLine(arguments)): \(run.status)\n\(run.error)")
                #expect(run.output.hasSuffix("\n"), "\(GoldenFiles.commandLine(arguments))")
                outputs.append(String(run.output.dropLast()))
            }
            let printed = GoldenFiles.document(entry, format, outputs: outputs)
            let golden = try String(contentsOfFile: entry.path(format), encoding: .utf8)
            #expect(printed == golden, "\(entry.path(format)) (- golden, + printed by the binary):\n\(GoldenFiles.lineDiff(golden, printed))")
        }
    }
}

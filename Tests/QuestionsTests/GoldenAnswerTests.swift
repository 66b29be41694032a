import Foundation
import PathProofTestSupport
import Testing

/// The answers `pathproof` prints for the main questions of every example stage, and its reports on the example
/// `.reach` files, against the golden files under Tests/Golden (see `GoldenFiles`). Made with the library the CLI
/// uses (CLITests' `GoldenCLITests` runs the binary on some of them: the same text). On a difference the test
/// prints a line diff; `scripts/update-golden` (PATHPROOF_UPDATE_GOLDEN=1) rewrites the files instead.
@Suite struct GoldenAnswerTests {
    static let entries: [GoldenFiles.Entry] = {
        do {
            return try GoldenFiles.entries()
        } catch {
            // Swift Testing takes arguments from a non-throwing expression: an empty list fails `everyEntryIsChecked`.
            print("cannot list the golden entries: \(error)")
            return []
        }
    }()

    @Test(arguments: entries)
    func answersAreTheGoldenOnes(_ entry: GoldenFiles.Entry) throws {
        let outputs = try GoldenFiles.libraryOutputs(entry)
        for format in GoldenFiles.Format.allCases {
            let document = GoldenFiles.document(entry, format, outputs: outputs[format] ?? [])
            let difference = try GoldenFiles.check(document, against: entry.path(format))
            let sameAsTheGoldenFile = difference == nil
            #expect(sameAsTheGoldenFile, Comment(rawValue: difference ?? ""))
        }
    }

    /// Every lab stage and example file has its pair of golden files, and no golden file is left over from a stage,
    /// question set or file that is gone (when updating, those are removed).
    @Test func everyEntryIsChecked() throws {
        #expect(Self.entries.count == StageLab.all.map(\.stages.count).reduce(0, +) + (try Fixtures.reachFiles()).count)
        let expected = Set(Self.entries.flatMap { entry in GoldenFiles.Format.allCases.map { "\(entry.name).\($0.rawValue)" } })
        let leftOver = try GoldenFiles.existingFiles().filter { !expected.contains($0) }
        if GoldenFiles.updating {
            for file in leftOver {
                try FileManager.default.removeItem(atPath: "\(GoldenFiles.root)/\(file)")
                print("removed \(GoldenFiles.root)/\(file)")
            }
        } else {
            #expect(leftOver.isEmpty, "golden files of no stage or example file (scripts/update-golden removes them): \(leftOver)")
        }
    }

    /// The normalisation keeps everything but the timing figures.
    @Test func timingFiguresAreNormalisedAndNothingElse() {
        let text = "Verdict: REACHABLE\nSolved in 12.3 ms (3 candidate forward paths, 6 return paths)."
        #expect(GoldenFiles.normalised(text, .text) == "Verdict: REACHABLE\nSolved in <ms> ms (3 candidate forward paths, 6 return paths).")
        let json = #"{"milliseconds" : 1234.5, "note" : "12.5 ms", "port" : 443}"#
        #expect(GoldenFiles.normalised(json, .json) == #"{"milliseconds" : 0, "note" : "12.5 ms", "port" : 443}"#)
        #expect(GoldenFiles.normalised(#""milliseconds" : 7"#, .json) == #""milliseconds" : 0"#)
    }

    /// A difference shows as the lines removed and added, with their neighbours.
    @Test func differencesShowAsALineDiff() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 10\n", with: "line ten\n").replacingOccurrences(of: "line 15\n", with: "")
        let diff = GoldenFiles.lineDiff(old, new)
        #expect(diff.contains("- line 10\n+ line ten") && diff.contains("- line 15"), "\(diff)")
        #expect(diff.contains("  line 9") && diff.contains("  line 16") && !diff.contains("line 3\n"), "\(diff)")
        #expect(GoldenFiles.lineDiff("a\nb", "a\nb\nc").contains("+ c"))
    }
}

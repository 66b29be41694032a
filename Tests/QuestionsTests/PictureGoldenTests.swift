import Foundation
import PathProofTestSupport
import Questions
import Testing

/// The golden files of the picture and integration formats (Tests/Golden/pictures): what `pathproof query --format
/// mermaid|dot|markdown|ra-json` prints on a few lab stages, made with the library the command line uses. A change
/// of a diagram, a label or a field shows as a line diff; `scripts/update-golden` rewrites them.
@Suite struct PictureGoldenTests {
    @Test(arguments: PictureGoldenFiles.entries)
    func answerMatchesItsGoldenFile(_ entry: PictureGoldenFiles.Entry) throws {
        let document = try PictureGoldenFiles.document(entry)
        if let difference = try GoldenFiles.check(document, against: entry.path) { Issue.record(Comment(rawValue: difference)) }
    }

    @Test func noFileIsLeftOver() throws {
        let expected = Set(PictureGoldenFiles.entries.map(\.path))
        let found = (FileManager.default.enumerator(atPath: PictureGoldenFiles.root)?.allObjects as? [String] ?? [])
            .map { "\(PictureGoldenFiles.root)/\($0)" }.filter { !Fixtures.isDirectory($0) }
        let leftOver = found.filter { !expected.contains($0) }
        if GoldenFiles.updating {
            for file in leftOver { try FileManager.default.removeItem(atPath: file) }
        } else {
            #expect(leftOver.isEmpty, "golden files of no entry (scripts/update-golden removes them): \(leftOver)")
        }
        #expect(PictureGoldenFiles.entries.count == PictureGoldenFiles.stages.count * PictureGoldenFiles.formats.count)
    }
}

import Foundation
import PathProofTestSupport
@testable import Questions
import Testing

/// The example labs and `.reach` files under Queries/ as the tests know them: every stage folder is in its lab's
/// list (so no stage escapes the stage, proof, agreement and golden tests), and every example file parses and
/// resolves on the snapshot it names.
@Suite struct ExampleLabTests {
    @Test(arguments: StageLab.all.map(\.name))
    func everyStageFolderIsInTheLabsList(_ name: String) throws {
        let lab = try #require(StageLab.all.first { $0.name == name })
        let folders = try Fixtures.folders(in: Fixtures.path(lab.folder)).filter { $0.range(of: #"^\d\d-"#, options: .regularExpression) != nil }
        #expect(folders == lab.stages, "\(lab.folder)")
        // Each question of each stage is asked of a stage that exists, and the README names every stage.
        #expect(Set(lab.stageQuestions.keys).isSubset(of: lab.stages))
        let readme = try String(contentsOfFile: Fixtures.path("\(lab.folder)/README.md"), encoding: .utf8)
        for stage in lab.stages {
            #expect(readme.contains(stage), "\(lab.folder)/README.md does not mention \(stage)")
        }
    }

    @Test func theSeedLabsAnswerTable() throws {
        let reachable = try #require(StageLab.seed.reachable)
        #expect(reachable.isSubset(of: StageLab.seed.cases))
        #expect(StageLab.seed.reachableCases.count == 6 && StageLab.seed.unreachableCases.count == 27)
        #expect(StageLab.transit.reachable == nil && StageLab.transit.unreachableCases.isEmpty)
    }

    /// Every `.reach` file under Queries/ parses, names a snapshot folder that exists, and its endpoints resolve.
    @Test func everyExampleFileParsesAndResolves() throws {
        let files = try Fixtures.reachFiles()
        #expect(files.count >= 7, "\(files)")
        for file in files {
            let parsed = try QueryFile.parse(path: Fixtures.path(file))
            let snapshot = try #require(parsed.snapshot, "\(file) names no snapshot")
            #expect(Fixtures.isDirectory(snapshot.resolvedPath), "\(file): \(snapshot.resolvedPath)")
            #expect(!parsed.assertions.isEmpty, "\(file)")
            let checker = QueryFileChecker(network: try Fixtures.load(snapshot.resolvedPath))
            let resolved = try checker.resolve(parsed)
            #expect(resolved.assertions.count == parsed.assertions.count, "\(file)")
        }
    }
}

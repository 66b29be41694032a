import Foundation
import PathProofTestSupport
import Testing

/// Where the Terraform fixtures are: the project's own (Queries/terraform) and the corpus of real
/// `terraform show -json` outputs beside the repository (`../shared/corpus/terraform`).
enum TerraformFixtures {
    static func seedState(_ stage: String) -> String { Fixtures.path("Queries/terraform/seed/\(stage)/state.json") }
    static func file(_ relative: String) -> String { Fixtures.path("Queries/terraform/\(relative)") }

    static let corpus: String = ProcessInfo.processInfo.environment["PATHPROOF_TERRAFORM_CORPUS"]
        ?? Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/terraform").standardizedFileURL.path
    static var corpusPresent: Bool { Fixtures.isDirectory(corpus) }
    static let corpusAbsent = Comment(rawValue: "the Terraform corpus is not present at ../shared/corpus/terraform (\(corpus)): skipped")

    /// Every `.json` file of the corpus except its README's neighbours (LICENSE files are not JSON).
    static func corpusFiles() throws -> [String] {
        var files: [String] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: corpus).sorted() where Fixtures.isDirectory("\(corpus)/\(folder)") {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(corpus)/\(folder)").sorted() where name.hasSuffix(".json") {
                files.append("\(corpus)/\(folder)/\(name)")
            }
        }
        return files
    }
}

import Foundation
import PathProofTestSupport
import Testing

/// What the capture tests share: the fixture virtual environment, the lab replays against moto with captures
/// (`Queries/capture-stages.py`), and answers compared on two snapshots.
enum CaptureSupport {
    static let venv = Fixtures.path(".venv-fixtures")
    static let secretMarker = "pathproof-secret-marker-5ee0c2b1"
    static let tokenMarker = "pathproof-token-marker-8d41f7a3"

    /// Whether `scripts/install-dependencies` made the virtual environment with `aws` and `moto_server`.
    static var motoPresent: Bool {
        ["aws", "moto_server"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(venv)/bin/\($0)") }
    }

    static let motoAbsent = Comment(rawValue: "no .venv-fixtures with aws and moto_server (run scripts/install-dependencies): the capture tests against moto are skipped")

    /// A lab replayed against moto and captured at `stages`: `out/raw/<stage>`, `out/capture/<stage>`,
    /// `out/logs/<stage>.stderr`. Fails with the driver's output when it fails.
    static func replay(_ lab: String, stages: [String], secondAccount: String? = nil, fromLab: Int = 0) throws -> String {
        let out = Temporary.path("capture-\(lab)")
        var arguments = [Fixtures.path("Queries/capture-stages.py"), "--pathproof", PathProofCLI.binary.path,
                         "--lab", lab, "--out", out, "--from-lab", String(fromLab)]
        for stage in stages { arguments += ["--stage", stage] }
        if let secondAccount { arguments += ["--second-account", secondAccount] }
        let run = try runProcess("\(venv)/bin/python", arguments, in: Fixtures.packageRoot)
        guard run.status == 0 else {
            throw Failure("Queries/capture-stages.py --lab \(lab) exited \(run.status):\n\(run.output)\n\(run.error)")
        }
        return out
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// `pathproof query --format json` on `snapshot`, timings normalised, with its exit status.
    static func answer(_ query: String, on snapshot: String) throws -> String {
        let run = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", snapshot, query])
        return "exit \(run.status)\n" + GoldenFiles.normalised(run.output, .json) + run.error
    }

    /// Every question of `lab` at `stage` answered alike on the dump and on the capture.
    static func expectSameAnswers(_ lab: StageLab, stage: String, raw: String, capture: String) throws {
        let questions = lab.questions(for: stage)
        #expect(!questions.isEmpty)
        for query in questions {
            let dumped = try answer(query, on: raw)
            let captured = try answer(query, on: capture)
            #expect(dumped == captured, "\(lab.name) \(stage): \(query)")
            #expect(!dumped.hasPrefix("exit 2"), "\(lab.name) \(stage): \(query): \(dumped)")
        }
    }

    /// Every file under `folder`, as text.
    static func texts(under folder: String) throws -> [(String, String)] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var texts: [(String, String)] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = "\(folder)/\(path)"
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            texts.append((path, String(decoding: try Data(contentsOf: URL(fileURLWithPath: full)), as: UTF8.self)))
        }
        return texts
    }

    /// No file under `folder` holds the secret markers the captures' environment carried.
    static func expectNoSecrets(under folder: String, atLeast files: Int) throws {
        let texts = try texts(under: folder)
        #expect(texts.count >= files, "\(folder)")
        for (path, text) in texts {
            #expect(!text.contains(secretMarker) && !text.contains(tokenMarker), "\(path) holds a secret")
        }
    }

    /// capture.json of a capture, decoded.
    static func record(_ capture: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(capture)/capture.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

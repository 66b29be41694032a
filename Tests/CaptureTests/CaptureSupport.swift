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

    /// One lab replay of `Queries/capture-stages.py`: the lab, the stages captured, and its options.
    struct Replay: Sendable {
        let lab: String
        let stages: [String]
        var secondAccount: String? = nil
        var fromLab = 0
    }

    /// Labs replayed against moto (each on its own server) and captured at their stages, all at once, each into
    /// `out/raw/<stage>`, `out/capture/<stage>`, `out/logs/<stage>.stderr`: the `out` folder of each, or the
    /// driver's failure with what it printed.
    static func replay(_ replays: [Replay]) -> [Result<String, Failure>] {
        var launched: [(Process, Pipe, String, String, launchError: String?)] = []
        for replay in replays {
            let out = Temporary.path("capture-\(replay.lab)")
            var arguments = [Fixtures.path("Queries/capture-stages.py"), "--pathproof", PathProofCLI.binary.path,
                             "--lab", replay.lab, "--out", out, "--from-lab", String(replay.fromLab)]
            for stage in replay.stages { arguments += ["--stage", stage] }
            if let account = replay.secondAccount { arguments += ["--second-account", account] }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "\(venv)/bin/python")
            process.arguments = arguments
            process.currentDirectoryURL = Fixtures.packageRoot
            let log = Pipe()
            process.standardOutput = log
            process.standardError = log
            do {
                try process.run()
                launched.append((process, log, out, replay.lab, nil))
            } catch {
                launched.append((process, log, out, replay.lab, "\(error)"))
            }
        }
        return launched.map { process, log, out, lab, launchError in
            if let launchError { return .failure(Failure("Queries/capture-stages.py did not start: \(launchError)")) }
            let printed = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                return .failure(Failure("Queries/capture-stages.py --lab \(lab) exited \(process.terminationStatus):\n\(printed)"))
            }
            return .success(out)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The answer of `pathproof query --format json` on `snapshot`: its exit status, verdict and blockers (component,
    /// code, direction), not the example packet the solver happened to pick.
    static func answer(_ query: String, on snapshot: String) throws -> String {
        let run = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", snapshot, query])
        guard let object = try? JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] else {
            return "exit \(run.status): \(run.output) \(run.error)"
        }
        if let error = object["error"] as? [String: Any] {  // bad input, as `--format json` prints it
            return "exit \(run.status) error: \(error["message"] ?? "")"
        }
        let blockers = (object["blockers"] as? [[String: Any]] ?? []).map {
            "\($0["component"] ?? "") \($0["code"] ?? "") \($0["direction"] ?? "")"
        }
        return "exit \(run.status) \(object["verdict"] ?? "no verdict") [\(blockers.joined(separator: "; "))]"
    }

    /// Every question of `lab` at `stage` answered alike on the dump and on the capture.
    static func expectSameAnswers(_ lab: StageLab, stage: String, raw: String, capture: String) throws {
        let questions = lab.questions(for: stage)
        #expect(!questions.isEmpty)
        for query in questions {
            let dumped = try answer(query, on: raw)
            let captured = try answer(query, on: capture)
            #expect(!captured.hasPrefix("exit 2"), "\(lab.name) \(stage): \(query): \(captured)")
            if dumped.contains("the snapshot does not describe the addresses of com.amazonaws.") {
                // The builders dump no get-managed-prefix-list-entries; a capture holds them, so it can answer.
                continue
            }
            if captured.hasPrefix("exit 3 unknown"), !dumped.hasPrefix("exit 0 reachable") {
                // moto answers Direct Connect with an error: where a virtual private gateway or a transit gateway
                // could bring its links into the path, the capture's answer is honestly unknown, naming the call.
                let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", capture, query])
                #expect(run.output.contains("aws directconnect ") && run.output.contains("failed during the capture"),
                        "\(lab.name) \(stage): \(query): only the calls moto cannot answer may leave it unknown: \(run.output)")
                continue
            }
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

import AWSSnapshot
import Foundation
import Questions
import NetworkModel
import TerraformPlan

/// How old a captured snapshot may be before a warning (seconds): `--max-age` hours, else
/// `PATHPROOF_MAX_SNAPSHOT_AGE` hours, default 24.
func maximumSnapshotAge() -> TimeInterval {
    if let hours = maximumSnapshotAgeHours { return hours * 3600 }
    guard let text = ProcessInfo.processInfo.environment["PATHPROOF_MAX_SNAPSHOT_AGE"] else { return 24 * 3600 }
    guard let hours = Double(text), hours >= 0 else {
        fail("PATHPROOF_MAX_SNAPSHOT_AGE: \"\(text)\" is not a number of hours")
    }
    return hours * 3600
}

/// The cache of loaded snapshots the commands use (`$XDG_CACHE_HOME/pathproof`, else `~/.cache/pathproof`), nil when
/// `PATHPROOF_CACHE=off`: a repeated load of an unchanged snapshot restores the model without parsing the JSON.
let snapshotCache = SnapshotCache.standard(version: PathProofVersion.current)

/// Loads a snapshot for a command: bad input exits with status 2 and names the file and JSON path. With `json`
/// (the command's `--format json`), the error is also printed on standard output as
/// `{"error": {"file": …, "jsonPath": …, "message": …}}`, for a program reading the answer.
func loadSnapshot(_ directory: String, quiet: Bool, json: Bool = false) -> Snapshot {
    do {
        let snapshot = try SnapshotReader.load(directory: directory, cache: snapshotCache)
        if !quiet {
            for warning in snapshot.warnings { printError("warning: \(warning)") }
            if let age = snapshot.ageWarning(maxAge: maximumSnapshotAge()) { printError("warning: \(age)") }
        }
        return snapshot
    } catch {
        if json { print(jsonError(file: error.file, jsonPath: error.jsonPath, message: error.message)) }
        fail("\(error)")
    }
}

/// The network of a snapshot, loaded as `loadSnapshot` does.
func loadNetwork(_ directory: String, quiet: Bool, json: Bool = false) -> Network {
    loadSnapshot(directory, quiet: quiet, json: json).network
}

/// What a command reads: a snapshot folder (`--snapshot`), a `terraform show -json` plan or state
/// (`--terraform`), or the plan laid over the snapshot (both: the deployed network after apply).
struct LoadedInput {
    /// The network the command answers about (after apply, with `--terraform`).
    let snapshot: Snapshot
    /// The Terraform reading, with the network before apply and the addresses of AWS ids.
    let terraform: TerraformNetwork?

    var network: Network { snapshot.network }
}

/// Loads `--snapshot` and/or `--terraform` (at least one); bad input exits with status 2 naming the file and JSON
/// path.
func loadInput(snapshot directory: String?, terraform file: String?, quiet: Bool, json: Bool = false) -> LoadedInput {
    if directory == nil && file == nil { fail("give --snapshot DIR, --terraform FILE, or both") }
    do {
        let input = try readInput(snapshot: directory, terraform: file)
        if !quiet {
            for warning in input.snapshot.warnings { printError("warning: \(warning)") }
            if let age = input.snapshot.ageWarning(maxAge: maximumSnapshotAge()) { printError("warning: \(age)") }
        }
        return input
    } catch {
        if json { print(jsonError(file: error.file, jsonPath: error.jsonPath, message: error.message)) }
        fail("\(error)")
    }
}

/// Reads `--snapshot` and/or `--terraform` without printing anything.
func readInput(snapshot directory: String?, terraform file: String?) throws(SnapshotError) -> LoadedInput {
    guard let file else {
        guard let directory else { throw SnapshotError(file: "--snapshot", jsonPath: "", message: "give --snapshot DIR, --terraform FILE, or both") }
        return LoadedInput(snapshot: try SnapshotReader.load(directory: directory, cache: snapshotCache), terraform: nil)
    }
    let terraform = try TerraformReader.load(file: file, snapshotDirectory: directory)
    return LoadedInput(snapshot: terraform.after, terraform: terraform)
}

/// A bad-input error as a JSON object: `{"error": {"file": …, "jsonPath": …, "message": …}}` (members that do not
/// apply are omitted).
func jsonError(file: String?, jsonPath: String?, message: String) -> String {
    var members: [String: String] = ["message": message]
    if let file, !file.isEmpty { members["file"] = file }
    if let jsonPath, !jsonPath.isEmpty { members["jsonPath"] = jsonPath }
    let object: [String: Any] = ["error": members]
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
        return #"{"error": {"message": "cannot encode the error"}}"#
    }
    return String(decoding: data, as: UTF8.self)
}

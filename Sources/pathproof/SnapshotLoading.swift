import AWSSnapshot
import Foundation
import NetworkModel

/// Loads a snapshot for a command: bad input exits with status 2 and names the file and JSON path. With `json`
/// (the command's `--format json`), the error is also printed on standard output as
/// `{"error": {"file": …, "jsonPath": …, "message": …}}`, for a program reading the answer.
func loadSnapshot(_ directory: String, quiet: Bool, json: Bool = false) -> Snapshot {
    do {
        let snapshot = try SnapshotReader.load(directory: directory)
        if !quiet { for warning in snapshot.warnings { printError("warning: \(warning)") } }
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

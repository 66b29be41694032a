import AWSSnapshot
import Foundation
import NetworkModel

/// How old a captured snapshot may be before a warning (seconds): `PATHPROOF_MAX_SNAPSHOT_AGE` hours, default 24.
func maximumSnapshotAge() -> TimeInterval {
    guard let text = ProcessInfo.processInfo.environment["PATHPROOF_MAX_SNAPSHOT_AGE"] else { return 24 * 3600 }
    guard let hours = Double(text), hours >= 0 else {
        fail("PATHPROOF_MAX_SNAPSHOT_AGE: \"\(text)\" is not a number of hours")
    }
    return hours * 3600
}

/// Loads a snapshot for a command: bad input exits with status 2 and names the file and JSON path.
func loadSnapshot(_ directory: String, quiet: Bool) -> Snapshot {
    do {
        let snapshot = try SnapshotReader.load(directory: directory)
        if !quiet {
            for warning in snapshot.warnings { printError("warning: \(warning)") }
            if let age = snapshot.ageWarning(maxAge: maximumSnapshotAge()) { printError("warning: \(age)") }
        }
        return snapshot
    } catch {
        fail("\(error)")
    }
}

/// The network of a snapshot, loaded as `loadSnapshot` does.
func loadNetwork(_ directory: String, quiet: Bool) -> Network { loadSnapshot(directory, quiet: quiet).network }

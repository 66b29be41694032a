import AWSSnapshot
import NetworkModel

/// Loads a snapshot for a command: bad input exits with status 2 and names the file and JSON path.
func loadSnapshot(_ directory: String, quiet: Bool) -> Snapshot {
    do {
        let snapshot = try SnapshotReader.load(directory: directory)
        if !quiet { for warning in snapshot.warnings { printError("warning: \(warning)") } }
        return snapshot
    } catch {
        fail("\(error)")
    }
}

/// The network of a snapshot, loaded as `loadSnapshot` does.
func loadNetwork(_ directory: String, quiet: Bool) -> Network { loadSnapshot(directory, quiet: quiet).network }

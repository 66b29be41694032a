import AWSSnapshot
import NetworkModel

/// Loads a snapshot for a command: bad input exits with status 2 and names the file and JSON path.
func loadNetwork(_ directory: String, quiet: Bool) -> Network {
    do {
        let snapshot = try SnapshotReader.load(directory: directory)
        if !quiet { for warning in snapshot.warnings { printError("warning: \(warning)") } }
        return snapshot.network
    } catch {
        fail("\(error)")
    }
}

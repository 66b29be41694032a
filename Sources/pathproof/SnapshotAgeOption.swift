import ArgumentParser

/// `--max-age HOURS`: how old a captured snapshot may be before the commands that read it warn (beside
/// `PATHPROOF_MAX_SNAPSHOT_AGE`, which it overrides). Parsing it sets `maximumSnapshotAgeHours`.
struct SnapshotAgeOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Warn when the snapshot's capture (capture.json) is older than this many hours (default: PATHPROOF_MAX_SNAPSHOT_AGE, else 24).", valueName: "HOURS"))
    var maxAge: Double?

    func validate() throws {
        guard let maxAge else { return }
        guard maxAge >= 0, maxAge.isFinite else { throw ValidationError("--max-age must be a number of hours, at least 0") }
        maximumSnapshotAgeHours = maxAge
    }
}

/// The `--max-age` given, if any.
nonisolated(unsafe) var maximumSnapshotAgeHours: Double?

/// Collects warnings by key, so that each kind is reported once, with every file it occurs in and how often.
struct WarningCollector {
    private struct Entry {
        var files: [String] = []
        var count = 0
        var details: [String] = []
        let summary: (Int) -> String
    }

    /// How many details (ids, addresses) a message lists before eliding the rest.
    static let detailLimit = 5

    private var order: [String] = []
    private var entries: [String: Entry] = [:]

    /// Notes one occurrence (or `count` of them) of `key` in `file`. `summary` renders the message body from the
    /// total count; `detail`, if given, is listed after it.
    mutating func add(_ key: String, file: String?, count: Int = 1, detail: String? = nil,
                      summary: @escaping (Int) -> String) {
        if entries[key] == nil {
            order.append(key)
            entries[key] = Entry(summary: summary)
        }
        entries[key]?.count += count
        if let file, entries[key]?.files.contains(file) == false { entries[key]?.files.append(file) }
        if let detail, entries[key]?.details.contains(detail) == false { entries[key]?.details.append(detail) }
    }

    /// The warnings in order of first occurrence: `key: summary[: details] (in file, file)`.
    var warnings: [SnapshotWarning] {
        order.compactMap { key in
            guard let entry = entries[key] else { return nil }
            var message = "\(key): \(entry.summary(entry.count))"
            if !entry.details.isEmpty {
                let shown = entry.details.prefix(Self.detailLimit)
                message += ": " + shown.joined(separator: ", ")
                if entry.details.count > shown.count { message += ", and \(entry.details.count - shown.count) more" }
            }
            if !entry.files.isEmpty { message += " (in \(entry.files.joined(separator: ", ")))" }
            return SnapshotWarning(key: key, files: entry.files, message: message)
        }
    }
}

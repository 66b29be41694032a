import Foundation

extension ResolvedQueryFile {
    /// The assertions whose source (as written) falls in `shard`: every assertion with the same source goes to the
    /// same shard, on every machine.
    public func only(_ shard: Shard) -> ResolvedQueryFile {
        ResolvedQueryFile(file: file, assertions: assertions.filter { shard.contains(key: $0.assertion.source.description) })
    }
}

/// `pathproof merge`: joins the JSON outputs of the N shards of one `matrix` (by instance or `--by-class`) or one
/// `check` into the answer the unsharded command gives (only `milliseconds` differs: the shards' sum).
public enum ShardMerge {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public enum Outcome: Sendable {
        /// A check: how many assertions are violated and unknown.
        case check(violated: Int, unknown: Int)
        /// A matrix: how many rows are unknown.
        case matrix(unknown: Int)
    }

    /// Reads the shard outputs at `paths` and writes the whole answer to `sink`.
    public static func merge(_ paths: [String], to sink: ByteSink) throws -> Outcome {
        guard let first = paths.first else { throw Failure("give the JSON outputs of every shard") }
        guard let probe = FileHandle(forReadingAtPath: first) else { throw Failure("\(first): cannot read this file") }
        let start = String(decoding: probe.readData(ofLength: 4096), as: UTF8.self)
        probe.closeFile()
        if start.contains("\"files\"") || start.contains("\"summary\"") { return try mergeCheck(paths, to: sink) }
        return try mergeMatrix(paths, to: sink)
    }

    // MARK: check

    static func mergeCheck(_ paths: [String], to sink: ByteSink) throws -> Outcome {
        var shards: [(Shard, [String: Any])] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure("\(path): cannot read this file") }
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw Failure("\(path): not the JSON output of `pathproof check --format json`")
            }
            shards.append((try shardOf(object, path), object))
        }
        try checkComplete(shards.map(\.0), paths)
        shards.sort { $0.0.index < $1.0.index }
        var order: [String] = []
        var files: [String: [String: Any]] = [:]
        var assertions: [String: [[String: Any]]] = [:]
        for (shard, object) in shards {
            guard let list = object["files"] as? [[String: Any]] else { throw Failure("shard \(shard): $.files is missing") }
            for (index, file) in list.enumerated() {
                guard let path = file["path"] as? String, let items = file["assertions"] as? [[String: Any]] else {
                    throw Failure("shard \(shard): $.files[\(index)] has no path or assertions")
                }
                if files[path] == nil { order.append(path); files[path] = file }
                assertions[path, default: []] += items
            }
        }
        var counts = (hold: 0, violated: 0, unknown: 0, all: 0)
        var merged: [[String: Any]] = []
        for path in order {
            var file = files[path]!
            let items = assertions[path, default: []].sorted {
                ($0["line"] as? Int ?? 0, $0["column"] as? Int ?? 0) < ($1["line"] as? Int ?? 0, $1["column"] as? Int ?? 0)
            }
            for item in items {
                counts.all += 1
                switch item["status"] as? String {
                case "holds": counts.hold += 1
                case "violated": counts.violated += 1
                default: counts.unknown += 1
                }
            }
            file["assertions"] = items
            merged.append(file)
        }
        let document: [String: Any] = [
            "summary": ["assertions": counts.all, "hold": counts.hold, "violated": counts.violated, "unknown": counts.unknown],
            "files": merged,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        sink.append(String(decoding: data, as: UTF8.self) + "\n")
        sink.flush()
        return .check(violated: counts.violated, unknown: counts.unknown)
    }

    // MARK: matrix

    /// One shard's matrix output, read line by line: its header, then one row a line, then its trailer.
    final class MatrixShard {
        let path: String
        let lines: LineReader
        let header: [String: Any]
        let shard: Shard
        var current: (rank: Int, line: String)?
        var trailer: [String: Any] = [:]
        let rank: (String) -> Int?

        init(path: String, order: [String: Int]?) throws {
            self.path = path
            guard let reader = LineReader(path: path) else { throw Failure("\(path): cannot read this file") }
            lines = reader
            var text = ""
            while let line = reader.next() {
                if line == "  \"rows\" : [" { break }
                text += line + "\n"
            }
            guard text.hasSuffix(",\n"), let object = (try? JSONSerialization.jsonObject(with: Data((text.dropLast(2) + "\n}").utf8))) as? [String: Any],
                  object["traffic"] is String else {
                throw Failure("\(path): not the JSON output of `pathproof matrix --format json --shard K/N`")
            }
            header = object
            shard = try ShardMerge.shardOf(object, path)
            if object["byClass"] as? Bool == true {
                rank = { line in Self.field(line, "from").flatMap { Int($0) } }
            } else {
                var positions = order ?? [:]
                if order == nil {
                    guard let listed = object["order"] as? [String] else { throw Failure("\(path): $.order is missing") }
                    positions = Dictionary(listed.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
                }
                let known = positions
                rank = { line in Self.field(line, "from").flatMap { known[$0] } }
            }
            try advance()
        }

        /// The next row, or the trailer at the end of the rows.
        func advance() throws {
            guard let line = lines.next() else { throw Failure("\(path): ends inside $.rows") }
            if line == "  ]," || line == "  ]" {
                var text = "{\n"
                while let rest = lines.next() { text += rest + "\n" }
                guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                    throw Failure("\(path): the fields after $.rows are not JSON")
                }
                trailer = object
                current = nil
                return
            }
            var row = line.trimmingCharacters(in: .whitespaces)
            if row.hasSuffix(",") { row.removeLast() }
            guard let position = rank(row) else { throw Failure("\(path): a row of $.rows has no known source: \(row)") }
            current = (position, row)
        }

        /// The value of `"name":` at the start of a row: a string's contents or a number.
        static func field(_ row: String, _ name: String) -> String? {
            guard let range = row.range(of: "\"\(name)\":") else { return nil }
            let rest = row[range.upperBound...]
            if rest.first == "\"" {
                var value = ""
                var escaped = false
                for character in rest.dropFirst() {
                    if escaped { value.append(character); escaped = false; continue }
                    if character == "\\" { escaped = true; value.append(character); continue }
                    if character == "\"" { return value }
                    value.append(character)
                }
                return nil
            }
            return String(rest.prefix { $0.isNumber })
        }
    }

    static func mergeMatrix(_ paths: [String], to sink: ByteSink) throws -> Outcome {
        let shards = try paths.map { try MatrixShard(path: $0, order: nil) }
        try checkComplete(shards.map(\.shard), paths)
        let header = shards[0].header
        for other in shards.dropFirst() {
            for key in ["traffic", "instances", "byClass", "classes"] where try canonical(other.header[key]) != canonical(header[key]) {
                throw Failure("\(other.path): $.\(key) differs from \(shards[0].path)'s: not shards of one matrix")
            }
            let sameClasses = try canonical(other.header["endpointClasses"]) == canonical(header["endpointClasses"])
            if other.header["order"] as? [String] != header["order"] as? [String] || !sameClasses {
                throw Failure("\(other.path): its instances differ from \(shards[0].path)'s: not shards of one snapshot")
            }
        }
        var unsharded = header
        unsharded["order"] = nil
        unsharded["shard"] = nil
        let keys = unsharded.keys.sorted()
        var text = "{\n"
        for key in keys {
            if key == "byClass" { text += "  \"byClass\" : true,\n"; continue }
            let value = try JSONSerialization.data(withJSONObject: unsharded[key]!, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
            text += "  \(MatrixStream.quoted(key)) : \(String(decoding: value, as: UTF8.self)),\n"
        }
        sink.append(text + "  \"rows\" : [")
        var first = true
        var unknown = 0
        while true {
            guard let next = shards.filter({ $0.current != nil }).min(by: { $0.current!.rank < $1.current!.rank }) else { break }
            let rank = next.current!.rank
            while let row = next.current, row.rank == rank {
                sink.append((first ? "\n    " : ",\n    ") + row.line)
                if row.line.contains("\"verdict\":\"unknown\"") { unknown += 1 }
                first = false
                try next.advance()
            }
        }
        let solved = shards.reduce(0) { $0 + ($1.trailer["solvedPairs"] as? Int ?? 0) }
        let walked = shards.reduce(0) { $0 + ($1.trailer["walkedPairs"] as? Int ?? 0) }
        let milliseconds = shards.reduce(0.0) { $0 + (($1.trailer["milliseconds"] as? NSNumber)?.doubleValue ?? 0) }
        sink.append("\n  ],\n  \"solvedPairs\" : \(solved),\n  \"walkedPairs\" : \(walked),\n  \"milliseconds\" : \((milliseconds * 10).rounded() / 10)\n}\n")
        sink.flush()
        return .matrix(unknown: unknown)
    }

    // MARK: shards

    /// A JSON value as sorted-key text, to compare.
    static func canonical(_ value: Any?) throws -> String {
        guard let value else { return "" }
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]), as: UTF8.self)
    }

    static func shardOf(_ object: [String: Any], _ path: String) throws -> Shard {
        guard let text = object["shard"] as? String else { throw Failure("\(path): $.shard is missing: not the output of a command run with --shard K/N") }
        do { return try Shard(parsing: text) } catch { throw Failure("\(path): $.shard: \(error)") }
    }

    /// Every shard of one partition, each once.
    static func checkComplete(_ shards: [Shard], _ paths: [String]) throws {
        let count = shards[0].count
        for (shard, path) in zip(shards, paths) where shard.count != count {
            throw Failure("\(path): shard \(shard) is not one of \(count) like \(paths[0])'s")
        }
        var seen: [Int: String] = [:]
        for (shard, path) in zip(shards, paths) {
            if let other = seen[shard.index] { throw Failure("\(path): shard \(shard) is given twice (also \(other))") }
            seen[shard.index] = path
        }
        let missing = (0..<count).filter { seen[$0] == nil }
        if !missing.isEmpty { throw Failure("shards missing: " + missing.map { "\($0)/\(count)" }.joined(separator: ", ")) }
    }
}

/// A file's lines, read in blocks.
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { handle.closeFile() }

    func next() -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 10) {
                let line = String(decoding: buffer[position..<newline], as: UTF8.self)
                position = newline + 1
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = String(decoding: buffer[position...], as: UTF8.self)
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let data = handle.readData(ofLength: 1 << 20)
            if data.isEmpty { atEnd = true } else { buffer += data }
        }
    }
}

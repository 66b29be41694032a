import Analysis
import Foundation
import NetworkModel

/// Bytes on their way out, in blocks: the matrix's rows go to standard output (or anywhere) as they are decided,
/// never all held at once.
public final class ByteSink {
    private var buffer: [UInt8] = []
    private let flushAt: Int
    private let write: ([UInt8]) -> Void
    public private(set) var written = 0

    public init(flushAt: Int = 1 << 20, write: @escaping ([UInt8]) -> Void) {
        self.flushAt = flushAt
        self.write = write
        buffer.reserveCapacity(flushAt + 4096)
    }

    /// Standard output.
    public static func standardOutput() -> ByteSink {
        ByteSink { bytes in FileHandle.standardOutput.write(Data(bytes)) }
    }

    public func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushAt { flush() }
    }

    public func append(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushAt { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        written += buffer.count
        write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `pathproof matrix --format json`, written as the rows are decided: a header (`classes`, `instances`, `traffic`,
/// and for a shard `shard` and `order`, every instance in row order, which `pathproof merge` needs), `rows` with one
/// object per ordered pair of distinct instances on a line of its own (`from`, `to`, `verdict`, and `reason` when
/// unknown), in row order (by source, then destination, each by Name tag then id), then `solvedPairs`, `walkedPairs`
/// and `milliseconds`.
public enum MatrixStream {
    public struct Counts: Sendable {
        public var pairs = 0
        public var reachable = 0
        public var unknown = 0
    }

    /// Writes the whole matrix (or one shard's rows) as JSON to `sink`, row after row as `cells` decides them.
    @discardableResult
    public static func writeJSON(_ cells: MatrixCells, shard: Shard?, to sink: ByteSink, started: Date = Date()) throws -> Counts {
        var header = "{\n  \"classes\" : \(cells.classes.classes.count),\n  \"instances\" : \(cells.instances.count),\n"
        if let shard {
            header += "  \"order\" : [" + cells.instances.map { quoted($0.id) }.joined(separator: ",") + "],\n"
            header += "  \"shard\" : \(quoted(shard.description)),\n"
        }
        header += "  \"traffic\" : \(quoted(cells.traffic.description)),\n  \"rows\" : ["
        sink.append(header)
        sink.flush()
        // Each row is assembled from bytes prepared once per instance and verdict: 25 million rows stay seconds.
        let ids = cells.instances.map { Array(quoted($0.id).utf8) }
        let open = Array("{\"from\":".utf8), middle = Array(",\"to\":".utf8)
        let reachable = Array(",\"verdict\":\"reachable\"}".utf8), unreachable = Array(",\"verdict\":\"unreachable\"}".utf8)
        let separator = Array(",\n    ".utf8)
        var first = true
        let counts = try forEachRowIndex(cells) { i, j, verdict in
            sink.append(bytes: first ? Array("\n    ".utf8) : separator)
            first = false
            sink.append(bytes: open)
            sink.append(bytes: ids[i])
            sink.append(bytes: middle)
            sink.append(bytes: ids[j])
            switch verdict {
            case .reachable: sink.append(bytes: reachable)
            case .unreachable: sink.append(bytes: unreachable)
            case .unknown(let reason): sink.append(",\"verdict\":\"unknown\",\"reason\":" + quoted(reason) + "}")
            }
        }
        let milliseconds = (Date().timeIntervalSince(started) * 10_000).rounded() / 10
        sink.append("\n  ],\n  \"solvedPairs\" : \(cells.solvedPairs),\n  \"walkedPairs\" : \(cells.walkedPairs),\n  \"milliseconds\" : \(milliseconds)\n}\n")
        sink.flush()
        return counts
    }

    /// Calls `body` for every ordered pair of distinct instances whose source class `cells` decides, in row order,
    /// as soon as its row is decided; a class's row is forgotten after its last member's row.
    @discardableResult
    public static func forEachRow(_ cells: MatrixCells, _ body: (String, String, Verdict) throws -> Void) throws -> Counts {
        let instances = cells.instances
        return try forEachRowIndex(cells) { try body(instances[$0].id, instances[$1].id, $2) }
    }

    /// `forEachRow` with the instances' positions in `cells.instances`. Each source class's row is turned once into
    /// one byte per destination class, so that a pair costs a load and a branch (400 million rows at 20,000 instances).
    @discardableResult
    public static func forEachRowIndex(_ cells: MatrixCells, _ body: (Int, Int, Verdict) throws -> Void) throws -> Counts {
        let order = RowOrder(cells)
        var counts = Counts()
        cells.start()
        var current = -1
        var verdicts: [Verdict?] = []
        var codes: [UInt8] = []
        for i in cells.instances.indices {
            let a = Int(order.classOf[i])
            guard a >= 0, order.decided[a] else { continue }
            if a != current {
                verdicts = try cells.row(a).verdicts
                codes = verdicts.map(RowOrder.code)
                current = a
            }
            try order.classOf.withUnsafeBufferPointer { classOf in
                try codes.withUnsafeBufferPointer { codes in
                    for j in 0..<classOf.count where j != i {
                        let b = classOf[j]
                        guard b >= 0 else { continue }
                        switch codes[Int(b)] {
                        case RowOrder.reachable:
                            counts.pairs += 1
                            counts.reachable += 1
                            try body(i, j, .reachable)
                        case RowOrder.unreachable:
                            counts.pairs += 1
                            try body(i, j, .unreachable)
                        case RowOrder.unknown:
                            counts.pairs += 1
                            counts.unknown += 1
                            try body(i, j, verdicts[Int(b)]!)
                        default:
                            continue
                        }
                    }
                }
            }
            if order.last[a] == i { cells.release(a) }
        }
        return counts
    }

    /// The counts of every decided row, in row order, by class blocks: a row's counts are its class row's verdicts
    /// weighted by the members of each destination class (the source itself left out), so the cost grows with the
    /// instances times the classes, not with the pairs. `reachable` is called, in row order, with the first `limit`
    /// reachable pairs (the text answer lists them). With `releasing` false the rows are kept for another pass.
    @discardableResult
    public static func countRows(_ cells: MatrixCells, listing limit: Int = 0, releasing: Bool = true, _ reachable: (Int, Int) throws -> Void = { _, _ in }) throws -> Counts {
        let order = RowOrder(cells)
        let sizes = cells.classes.classes.map(\.members.count)
        var counts = Counts()
        var listed = 0
        cells.start()
        var current = -1
        var codes: [UInt8] = []
        var perRow = Counts()
        for i in cells.instances.indices {
            let a = Int(order.classOf[i])
            guard a >= 0, order.decided[a] else { continue }
            if a != current {
                codes = try cells.row(a).verdicts.map(RowOrder.code)
                perRow = Counts()
                for (b, code) in codes.enumerated() where code != RowOrder.none {
                    let n = sizes[b] - (b == a ? 1 : 0)
                    perRow.pairs += n
                    if code == RowOrder.reachable { perRow.reachable += n }
                    if code == RowOrder.unknown { perRow.unknown += n }
                }
                current = a
            }
            counts.pairs += perRow.pairs
            counts.reachable += perRow.reachable
            counts.unknown += perRow.unknown
            if listed < limit, perRow.reachable > 0 {
                for j in cells.instances.indices where j != i && listed < limit {
                    let b = order.classOf[j]
                    if b >= 0, codes[Int(b)] == RowOrder.reachable {
                        listed += 1
                        try reachable(i, j)
                    }
                }
            }
            if releasing, order.last[a] == i { cells.release(a) }
        }
        return counts
    }

    /// Each instance's class (−1 for none), whether a class's row is decided here, and each class's last row.
    private struct RowOrder {
        static let none: UInt8 = 0, reachable: UInt8 = 1, unreachable: UInt8 = 2, unknown: UInt8 = 3
        let classOf: [Int32]
        let decided: [Bool]
        let last: [Int]

        init(_ cells: MatrixCells) {
            classOf = cells.instances.map { cells.classes.classIndex(of: $0.id).map { Int32($0) } ?? -1 }
            var decided = Array(repeating: false, count: cells.classes.classes.count)
            for a in cells.sourceClasses { decided[a] = true }
            self.decided = decided
            var last = Array(repeating: -1, count: cells.classes.classes.count)
            for (i, a) in classOf.enumerated() where a >= 0 { last[Int(a)] = i }
            self.last = last
        }

        static func code(_ verdict: Verdict?) -> UInt8 {
            switch verdict {
            case nil: none
            case .reachable?: reachable
            case .unreachable?: unreachable
            case .unknown?: unknown
            }
        }
    }

    /// A JSON string literal.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

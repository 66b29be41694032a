import Analysis
import Foundation
import NetworkModel

/// `pathproof matrix --by-class`: one row per ordered pair of endpoint classes (numbered from 1 in row order), with
/// the number of instance pairs it stands for, after the list of classes and their members. 20,000 instances in a
/// few thousand classes stay a few million rows, each printed as soon as its source class is decided.
public enum MatrixByClass {
    /// Writes the answer as text or JSON; true if some class pair is unknown. The JSON has `byClass` true,
    /// `endpointClasses` (`class`, `subnet`, `members`), `instances`, `traffic`, for a shard `shard`, then `rows`
    /// (`from` and `to` class numbers, `pairs`, `verdict`, `reason` when unknown) one a line, then `solvedPairs`,
    /// `walkedPairs` and `milliseconds`.
    public static func write(_ cells: MatrixCells, network: Network, shard: Shard?, json: Bool, to sink: ByteSink, started: Date) throws -> Bool {
        let classes = cells.classes.classes
        let subnets = classes.map { network.networkInterfaces(ofInstance: $0.representative).first?.subnetID ?? "" }
        func pairs(_ a: Int, _ b: Int) -> Int {
            let count = classes[a].members.count * classes[b].members.count
            return a == b ? count - classes[a].members.count : count
        }
        var unknown = 0
        var reachable = 0
        var rowCount = 0
        if json {
            var header = "{\n  \"byClass\" : true,\n  \"endpointClasses\" : ["
            header += classes.enumerated().map { index, item in
                "\n    {\"class\":\(index + 1),\"subnet\":\(MatrixStream.quoted(subnets[index])),\"members\":["
                    + item.members.map(MatrixStream.quoted).joined(separator: ",") + "]}"
            }.joined(separator: ",")
            header += "\n  ],\n  \"instances\" : \(cells.instances.count),\n"
            if let shard { header += "  \"shard\" : \(MatrixStream.quoted(shard.description)),\n" }
            header += "  \"traffic\" : \(MatrixStream.quoted(cells.traffic.description)),\n  \"rows\" : ["
            sink.append(header)
        } else {
            var lines = ["Reachability by endpoint class for \(cells.traffic)" + (shard.map { ", shard \($0)" } ?? "")
                         + ": \(cells.instances.count) instances in \(classes.count) classes"]
            for (index, item) in classes.enumerated() {
                let names = item.members.prefix(3).map { network.name(of: $0) ?? $0 }.joined(separator: ", ")
                lines.append("  class \(index + 1): \(item.members.count) instance\(item.members.count == 1 ? "" : "s") in \(subnets[index]) (\(names)\(item.members.count > 3 ? ", …" : ""))")
            }
            sink.append(lines.joined(separator: "\n") + "\n")
        }
        cells.start()
        for a in cells.sourceClasses {
            let row = try cells.row(a)
            for (b, verdict) in row.verdicts.enumerated() {
                guard let verdict else { continue }
                switch verdict {
                case .reachable: reachable += 1
                case .unknown: unknown += 1
                case .unreachable: break
                }
                if json {
                    var line = rowCount == 0 ? "\n    " : ",\n    "
                    line += "{\"from\":\(a + 1),\"to\":\(b + 1),\"pairs\":\(pairs(a, b)),\"verdict\":\"\(verdict.name)\""
                    if case .unknown(let reason) = verdict { line += ",\"reason\":" + MatrixStream.quoted(reason) }
                    sink.append(line + "}")
                } else if verdict != .unreachable {
                    var line = "  class \(a + 1) → class \(b + 1): \(verdict.name) (\(pairs(a, b)) pairs)"
                    if case .unknown(let reason) = verdict { line += ": \(reason)" }
                    sink.append(line + "\n")
                }
                rowCount += 1
            }
            cells.release(a)
        }
        let milliseconds = (Date().timeIntervalSince(started) * 10_000).rounded() / 10
        if json {
            sink.append("\n  ],\n  \"solvedPairs\" : \(cells.solvedPairs),\n  \"walkedPairs\" : \(cells.walkedPairs),\n  \"milliseconds\" : \(milliseconds)\n}\n")
        } else {
            sink.append(String(format: "%d class pairs: %d reachable, %d unknown, the rest unreachable; %d decided by walking packets, %d by the solver, in %.0f ms.\n",
                               rowCount, reachable, unknown, cells.walkedPairs, cells.solvedPairs, milliseconds))
        }
        sink.flush()
        return unknown > 0
    }
}

import Foundation
import Analysis
import NetworkModel
import Simulation

/// Answers as people read them, and as JSON for programs.
public enum AnswerRendering {
    public static func text(_ result: QuestionResult) -> String {
        let answer = result.answer
        var lines: [String] = []
        let direction = result.oneWay ? " (one way)" : ""
        lines.append("Query: \(result.query.text)\(direction)")
        lines.append("  from \(result.source.label) to \(result.destination.label), \(result.query.traffic.adapted(to: result.family)) over \(result.family)")
        if let resolution = result.destination.dns { lines += DNSRendering.lines(resolution) }
        switch answer.verdict {
        case .reachable:
            lines.append("Verdict: REACHABLE")
            if let packet = answer.packet { lines.append("Witness packet: \(packet)") }
            if let forward = answer.forward { lines.append("Forward path:"); lines += hops(forward.hops) }
            if let back = answer.returnWalk { lines.append("Return path:"); lines += hops(back.hops) }
        case .unreachable:
            lines.append("Verdict: UNREACHABLE (proved: no packet of this query gets through\(result.oneWay ? "" : " and back"))")
            if answer.blockers.isEmpty {
                if let note = answer.note { lines.append("  \(note)") }
            } else {
                let count = answer.blockers.count
                lines.append(count == 1 ? "Blocked by 1 configuration element:" : "Blocked by \(count) configuration elements (all must change):")
                for (i, blocker) in answer.blockers.enumerated() {
                    let direction = blocker.direction.map { " \($0)" } ?? ""
                    lines.append("  \(i + 1). \(blocker.component) [\(blocker.code), \(blocker.leg)\(direction)]")
                    lines.append("     \(blocker.message)")
                }
                if let packet = answer.packet { lines.append("Example packet that would pass once they change: \(packet)") }
            }
        case .unknown(let reason):
            lines.append("Verdict: UNKNOWN (\(reason))")
        }
        if let alternative = result.peeringDNSAlternative { lines += DNSRendering.lines(alternative) }
        lines.append(String(format: "Solved in %.1f ms (%d candidate forward paths, %d return paths).",
                            answer.solverMilliseconds, answer.candidatePaths.forward, answer.candidatePaths.return))
        return lines.joined(separator: "\n")
    }

    private static func hops(_ hops: [Hop]) -> [String] {
        hops.enumerated().map { "  \($0.offset + 1). \($0.element.component) [\($0.element.kind.rawValue)] \($0.element.detail)" }
    }

    // MARK: JSON

    struct JSONAnswer: Encodable {
        let query: String
        let source: String
        let destination: String
        let traffic: String
        let family: String
        let oneWay: Bool
        let verdict: String
        let reason: String?
        let packet: PacketRecord?
        let forward: [Hop]?
        let `return`: [Hop]?
        let blockers: [BlockerRecord]?
        let note: String?
        let milliseconds: Double
        let dns: DNSRendering.Record?
    }



    /// The answer as `query --format json` prints it: pretty-printed, keys sorted.
    public static func json(_ result: QuestionResult) -> String {
        encode(document(result), [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// The same document on one line, keys sorted: what `serve` answers (the pretty text read again and written on
    /// one line gives the same bytes, `CompactAnswerJSONTests`), without writing it twice.
    public static func compactJSON(_ result: QuestionResult) -> String {
        encode(document(result), [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func encode(_ document: JSONAnswer, _ formatting: JSONEncoder.OutputFormatting) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    static func document(_ result: QuestionResult) -> JSONAnswer {
        let answer = result.answer
        var reason: String?
        if case .unknown(let why) = answer.verdict { reason = why }
        let reachable = answer.verdict == .reachable
        let unreachable = answer.verdict == .unreachable
        let document = JSONAnswer(
            query: result.query.text, source: result.source.label, destination: result.destination.label,
            traffic: result.query.traffic.adapted(to: result.family).description, family: result.family.rawValue, oneWay: result.oneWay, verdict: answer.verdict.name, reason: reason,
            packet: answer.packet.map(PacketRecord.init),
            forward: reachable ? answer.forward?.hops ?? [] : nil,
            return: reachable ? answer.returnWalk?.hops ?? [] : nil,
            blockers: unreachable ? answer.blockers.map(BlockerRecord.init) : nil,
            note: answer.note, milliseconds: (answer.solverMilliseconds * 10).rounded() / 10,
            dns: result.destination.dns.map { DNSRendering.Record($0, alternative: result.peeringDNSAlternative) })
        return document
    }
}

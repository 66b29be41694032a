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
        lines.append("  from \(result.source.label) to \(result.destination.label), \(result.query.traffic)")
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
        let oneWay: Bool
        let verdict: String
        let reason: String?
        let packet: JSONPacket?
        let forward: [Hop]?
        let `return`: [Hop]?
        let blockers: [JSONBlocker]?
        let note: String?
        let milliseconds: Double
    }

    struct JSONPacket: Encodable {
        let source: String
        let destination: String
        let `protocol`: String
        let protocolNumber: UInt8
        let sourcePort: UInt16?
        let destinationPort: UInt16?
        let icmpType: UInt8?
        let icmpCode: UInt8?

        init(_ packet: Packet) {
            source = packet.source.description
            destination = packet.destination.description
            self.protocol = IPProtocolNumber.name(packet.ipProtocol)
            protocolNumber = packet.ipProtocol
            let ports = IPProtocolNumber.hasPorts(packet.ipProtocol)
            sourcePort = ports ? packet.sourcePort : nil
            destinationPort = ports ? packet.destinationPort : nil
            let icmp = packet.ipProtocol == IPProtocolNumber.icmp
            icmpType = icmp ? packet.icmpType : nil
            icmpCode = icmp ? packet.icmpCode : nil
        }
    }

    struct JSONBlocker: Encodable {
        let component: String
        let code: String
        let direction: String?
        let path: String
        let message: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(component, forKey: .component)
            try container.encode(code, forKey: .code)
            try container.encode(direction, forKey: .direction) // null when not directional
            try container.encode(path, forKey: .path)
            try container.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case component, code, direction, path, message }
    }

    public static func json(_ result: QuestionResult) -> String {
        let answer = result.answer
        var reason: String?
        if case .unknown(let why) = answer.verdict { reason = why }
        let reachable = answer.verdict == .reachable
        let unreachable = answer.verdict == .unreachable
        let document = JSONAnswer(
            query: result.query.text, source: result.source.label, destination: result.destination.label,
            traffic: result.query.traffic.description, oneWay: result.oneWay, verdict: answer.verdict.name, reason: reason,
            packet: answer.packet.map(JSONPacket.init),
            forward: reachable ? answer.forward?.hops ?? [] : nil,
            return: reachable ? answer.returnWalk?.hops ?? [] : nil,
            blockers: unreachable ? answer.blockers.map {
                JSONBlocker(component: $0.component, code: $0.code, direction: $0.direction?.rawValue, path: $0.leg.rawValue, message: $0.message)
            } : nil,
            note: answer.note, milliseconds: (answer.solverMilliseconds * 10).rounded() / 10)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}

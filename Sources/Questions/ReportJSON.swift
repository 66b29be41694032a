import Analysis
import Foundation
import NetworkModel
import Simulation

extension CheckReport {
    struct JSONDocument: Encodable {
        let summary: JSONSummary
        let files: [JSONFile]
    }

    struct JSONSummary: Encodable {
        let assertions: Int
        let hold: Int
        let violated: Int
        let unknown: Int
    }

    struct JSONFile: Encodable {
        let path: String
        let snapshot: String
        let assertions: [JSONAssertion]
    }

    struct JSONAssertion: Encodable {
        let line: Int
        let column: Int
        let assertion: String
        let kind: String
        let property: String?
        let description: String?
        let ruleId: String
        let source: String
        let destination: String
        let traffic: String
        let oneWay: Bool
        let status: String
        let reason: String?
        let summary: String
        let details: [String]
        let directions: [JSONDirection]
        let milliseconds: Double
    }

    struct JSONDirection: Encodable {
        let from: String
        let to: String
        let verdict: String
        let reason: String?
        let pair: JSONPair?
        let packet: JSONPacket?
        let forward: [Hop]?
        let `return`: [Hop]?
        let blockers: [JSONBlocker]?
        let note: String?
        let problems: Int
    }

    struct JSONPair: Encodable {
        let source: String
        let destination: String
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
    }

    /// One object: `summary` (counts) and `files`, each with its `assertions`: where, what, `status` (`holds`,
    /// `violated`, `unknown`), `summary` and `details` (the explanation), and per direction the verdict, the concrete
    /// pair, the packet, the hops forward and back, or the blockers.
    public func json() -> String {
        let document = JSONDocument(
            summary: JSONSummary(assertions: results.count, hold: holding, violated: violated, unknown: unknown),
            files: files.map { file in
                JSONFile(path: file.path, snapshot: file.snapshot, assertions: file.results.map(Self.jsonAssertion))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonAssertion(_ result: AssertionResult) -> JSONAssertion {
        let assertion = result.assertion
        var reason: String?
        if case .unknown(let why) = result.status { reason = why }
        return JSONAssertion(
            line: assertion.location.line, column: assertion.location.column, assertion: assertion.text, kind: assertion.kind.rawValue,
            property: assertion.property?.name, description: assertion.property?.description, ruleId: ruleID(assertion),
            source: result.sourceLabel, destination: result.destinationLabel,
            traffic: assertion.kind == .isolated ? "any protocol" : assertion.traffic.description, oneWay: assertion.oneWay,
            status: result.status.name, reason: reason, summary: result.summary, details: result.details,
            directions: result.directions.map(jsonDirection), milliseconds: (result.milliseconds * 10).rounded() / 10)
    }

    static func jsonDirection(_ direction: DirectionResult) -> JSONDirection {
        var reason: String?
        if case .unknown(let why) = direction.verdict { reason = why }
        let answer = direction.answer
        let reachable = direction.verdict == .reachable, unreachable = direction.verdict == .unreachable
        let pair = direction.pairSource.flatMap { source in direction.pairDestination.map { JSONPair(source: source, destination: $0) } }
        return JSONDirection(
            from: direction.from, to: direction.to, verdict: direction.verdict.name, reason: reason, pair: pair,
            packet: answer?.packet.map(JSONPacket.init),
            forward: reachable ? answer?.forward?.hops ?? [] : nil,
            return: reachable && !direction.oneWay ? answer?.returnWalk?.hops ?? [] : nil,
            blockers: unreachable ? answer?.blockers.map {
                JSONBlocker(component: $0.component, code: $0.code, direction: $0.direction?.rawValue, path: $0.leg.rawValue, message: $0.message)
            } ?? [] : nil,
            note: answer?.note, problems: direction.problems)
    }
}

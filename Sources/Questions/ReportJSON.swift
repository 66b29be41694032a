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
        let family: String
        let verdict: String
        let reason: String?
        let pair: JSONPair?
        let packet: PacketRecord?
        let forward: [Hop]?
        let `return`: [Hop]?
        let blockers: [BlockerRecord]?
        let note: String?
        let problems: Int
    }

    struct JSONPair: Encodable {
        let source: String
        let destination: String
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
            from: direction.from, to: direction.to, family: direction.family.rawValue, verdict: direction.verdict.name, reason: reason, pair: pair,
            packet: answer?.packet.map(PacketRecord.init),
            forward: reachable ? answer?.forward?.hops ?? [] : nil,
            return: reachable && !direction.oneWay ? answer?.returnWalk?.hops ?? [] : nil,
            blockers: unreachable ? answer?.blockers.map {
                BlockerRecord($0)
            } ?? [] : nil,
            note: answer?.note, problems: direction.problems)
    }
}

import Foundation
import Analysis
import NetworkModel
import Simulation

/// Fixes as people read them (each change in a sentence and the AWS CLI commands that make it), and as JSON.
public enum FixRendering {
    public static func text(_ result: FixQuestionResult) -> String {
        let report = result.report
        let answer = report.answer
        var lines: [String] = []
        lines.append("Query: \(result.query.text)\(result.oneWay ? " (one way)" : "")")
        lines.append("  from \(result.source.label) to \(result.destination.label), \(result.query.traffic)")
        if let resolution = result.destination.dns { lines += DNSRendering.lines(resolution) }
        switch answer.verdict {
        case .reachable:
            lines.append("Verdict: REACHABLE already: nothing to fix")
            if let packet = answer.packet { lines.append("Witness packet: \(packet)") }
        case .unknown(let reason):
            lines.append("Verdict: UNKNOWN (\(reason)): no fix can be proposed")
        case .unreachable:
            lines.append("Verdict: UNREACHABLE (proved: no packet of this query gets through\(result.oneWay ? "" : " and back"))")
            if report.fixes.isEmpty {
                lines.append("No fix found" + (report.note.map { ": \($0)" } ?? ""))
                break
            }
            let count = report.fixes.count
            lines.append(count == 1 ? "1 fix (a smallest set of changes that makes it reachable):"
                                    : "\(count) fixes (smallest sets of changes that make it reachable, fewest changes first):")
            for (i, fix) in report.fixes.enumerated() {
                let size = fix.changes.count == 1 ? "1 change" : "\(fix.changes.count) changes"
                lines.append("Fix \(i + 1): \(size)")
                for (j, change) in fix.changes.enumerated() {
                    lines.append("  \(j + 1). \(change.summary)")
                    for action in change.actions { lines.append("     \(action.awsCommand)") }
                }
                if let packet = fix.packet {
                    lines.append("  Checked: with these changes \(packet) gets through\(result.oneWay ? "" : " and back").")
                }
            }
            let stand = standIns(report.fixes)
            if !stand.isEmpty { lines.append("Stand-ins: " + stand.joined(separator: "; ") + ".") }
            if let note = report.note { lines.append("Note: \(note)") }
        }
        return lines.joined(separator: "\n")
    }

    /// "pcx-pathproof0001 is the VpcPeeringConnectionId that create-vpc-peering-connection returns", one per value.
    static func standIns(_ fixes: [Fix]) -> [String] {
        var result: [String] = []
        for command in fixes.flatMap(\.awsCommands) {
            for key in command.response.keys.sorted() {
                let line = "\(command.response[key]!) is the \(key) that \(command.arguments.dropFirst().first ?? "the command") returns"
                if !result.contains(line) { result.append(line) }
            }
        }
        return result
    }

    // MARK: JSON

    struct JSONReport: Encodable {
        let query: String
        let source: String
        let destination: String
        let traffic: String
        let oneWay: Bool
        let verdict: String
        let reason: String?
        let packet: PacketRecord?
        let fixes: [JSONFix]
        let note: String?
    }

    struct JSONFix: Encodable {
        let rank: Int
        let changes: [JSONChange]
        let packet: PacketRecord?
        /// With --check: the assertions whose answer the fix changes.
        let impact: JSONImpact?
    }

    struct JSONImpact: Encodable {
        struct Change: Encodable { let file: String; let line: Int; let assertion: String; let before: String; let after: String; let explanation: String }
        let assertions: Int
        let changes: [Change]

        init(_ impact: FixImpact) {
            assertions = impact.assertions
            changes = impact.changes.map {
                Change(file: $0.assertion.location.path, line: $0.assertion.location.line, assertion: $0.assertion.text,
                       before: $0.before.name, after: $0.after.status.name, explanation: $0.after.explanation)
            }
        }
    }

    struct JSONChange: Encodable {
        let kind: String
        let component: String
        let element: String
        let path: String?
        let summary: String
        let commands: [String]
        let arguments: [[String]]
        let response: [[String: String]]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(component, forKey: .component)
            try container.encode(element, forKey: .element)
            try container.encode(path, forKey: .path) // null when the element is not leg-specific
            try container.encode(summary, forKey: .summary)
            try container.encode(commands, forKey: .commands)
            try container.encode(arguments, forKey: .arguments)
            try container.encode(response, forKey: .response)
        }

        enum CodingKeys: String, CodingKey { case kind, component, element, path, summary, commands, arguments, response }
    }

    static func kindName(_ kind: FixChange.Kind) -> String {
        switch kind {
        case .securityGroupRule: "security-group-rule"
        case .networkACLRule: "network-acl-rule"
        case .route: "route"
        case .peeringAcceptance: "peering-acceptance"
        case .instanceStart: "instance-start"
        case .interfaceAttribute: "interface-attribute"
        case .gatewayAttachment: "gateway-attachment"
        case .transitGatewayAssociation: "transit-gateway-association"
        case .transitGatewayAttachment: "transit-gateway-attachment"
        case .publicAddress: "public-address"
        case .newPeering: "new-peering"
        case .newGateway: "new-gateway"
        case .newEndpoint: "new-endpoint"
        case .listener: "listener"
        case .loadBalancerConfiguration: "load-balancer-configuration"
        }
    }

    public static func json(_ result: FixQuestionResult, impacts: [FixImpact] = []) -> String {
        let report = result.report
        var reason: String?
        if case .unknown(let why) = report.answer.verdict { reason = why }
        let fixes = report.fixes.enumerated().map { i, fix in
            JSONFix(rank: i + 1, changes: fix.changes.map { change in
                let commands = change.actions.map(\.awsCommand)
                return JSONChange(kind: kindName(change.kind), component: change.component, element: change.checkpoint.description,
                                  path: change.leg?.rawValue, summary: change.summary, commands: commands.map(\.description),
                                  arguments: commands.map { ["aws"] + $0.arguments }, response: commands.map(\.response))
            }, packet: fix.packet.map(PacketRecord.init), impact: impacts.first { $0.rank == i + 1 }.map(JSONImpact.init))
        }
        let document = JSONReport(
            query: result.query.text, source: result.source.label, destination: result.destination.label,
            traffic: result.query.traffic.description, oneWay: result.oneWay, verdict: report.answer.verdict.name, reason: reason,
            packet: report.answer.verdict == .reachable ? report.answer.packet.map(PacketRecord.init) : nil,
            fixes: fixes, note: report.note)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}

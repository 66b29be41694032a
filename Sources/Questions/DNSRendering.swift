import Analysis
import NetworkModel

/// How a destination's DNS name resolved, in answers: text lines and a JSON record.
enum DNSRendering {
    /// "DNS: NAME resolved to ADDRESS (private address): why", then each assumption.
    static func lines(_ resolution: DNSResolution) -> [String] {
        var lines = ["  DNS: \(resolution.name) resolved to \(resolution.address) (\(resolution.isPrivate ? "private" : "public") address): \(resolution.reason)"]
        lines += resolution.assumptions.map { "  Assumed: \($0)" }
        return lines
    }

    /// The peering's DNS option as a blocker with its fix, after an unreachable answer's blockers.
    static func lines(_ alternative: PeeringDNSAlternative) -> [String] {
        ["The DNS name decides the path: \(alternative.option.peeringID) [\(PeeringDNSAlternative.code)]",
         "     \(alternative.message)",
         "     fix: \(alternative.command)"]
    }

    struct Record: Encodable {
        let name: String
        let hostname: String
        let address: String
        let resolvedTo: String
        let reason: String
        let assumptions: [String]
        let blocker: Blocker?

        struct Blocker: Encodable {
            let component: String
            let code: String
            let message: String
            let fix: String
            /// The witness once the name resolves to the private address.
            let packet: String?
        }

        init(_ resolution: DNSResolution, alternative: PeeringDNSAlternative?) {
            name = resolution.name
            hostname = resolution.kind.rawValue
            address = resolution.address.description
            resolvedTo = resolution.isPrivate ? "private" : "public"
            reason = resolution.reason
            assumptions = resolution.assumptions
            blocker = alternative.map {
                Blocker(component: $0.option.peeringID, code: PeeringDNSAlternative.code, message: $0.message,
                        fix: $0.command.description, packet: $0.answer.packet.map(\.description))
            }
        }
    }
}

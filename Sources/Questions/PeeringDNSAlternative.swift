import Analysis
import NetworkModel
import Simulation

/// A peering connection's DNS option as a blocker: the destination's public DNS name resolved to its public address
/// (a path that is blocked) because the side of the named instance's VPC does not allow DNS resolution from the
/// remote VPC; resolved to the private address, as it would be with the option on, the query is reachable.
public struct PeeringDNSAlternative: Sendable {
    public let option: PeeringDNSOption
    /// The name, as the user gave it.
    public let name: String
    /// The answer with the name resolved to the private address.
    public let answer: Answer

    /// The Reachability Analyzer style code PathProof gives this blocker (AWS has none for DNS).
    public static let code = "PCX_DNS_RESOLUTION_DISABLED"

    public var message: String {
        "\(option.peeringID) does not allow DNS resolution from the remote VPC on its \(option.side) side (\(option.vpcID)), so \(name) resolves to its public address; with AllowDnsResolutionFromRemoteVpc on it resolves to \(option.privateAddress), and the query is reachable"
    }

    /// The AWS CLI command that turns the option on.
    public var command: AWSCLICommand { option.action.awsCommand }
}

extension ReachabilityQuestions {
    /// For an unreachable query to a DNS name that resolved to its public address only because of a peering's DNS
    /// option: the answer with the name resolved to its private address, when that one is reachable.
    func peeringDNSAlternative(_ traffic: TrafficQuery, destination: ResolvedEndpoint) throws -> PeeringDNSAlternative? {
        guard let resolution = destination.dns, let option = resolution.peeringOption,
              let privateEnd = resolver.privateResolution(of: destination) else { return nil }
        let alternative = TrafficQuery(sources: traffic.sources, destinations: resolver.destinations(privateEnd, fromInternet: false),
                                       traffic: traffic.traffic, oneWay: traffic.oneWay, family: traffic.family)
        let answer = try engine.answer(alternative)
        guard answer.verdict == .reachable else { return nil }
        return PeeringDNSAlternative(option: option, name: resolution.name, answer: answer)
    }

    /// The fixes of a query with, first, turning on a peering's DNS option where that alone makes it reachable:
    /// checked by asking the query again on the network with the option on (the name then resolves to the private
    /// address).
    func withPeeringDNSFix(_ report: FixReport, query: QueryText, oneWay: Bool, traffic: TrafficQuery,
                           destination: ResolvedEndpoint, limit: Int) throws -> FixReport {
        guard report.answer.verdict == .unreachable, let alternative = try peeringDNSAlternative(traffic, destination: destination) else {
            return report
        }
        let option = alternative.option
        let changed = ReachabilityQuestions(network: network.applying([option.action]), timeoutMilliseconds: engine.timeoutMilliseconds)
        let check = try changed.ask(query.text, oneWay: oneWay)
        guard check.answer.verdict == .reachable else { return report }
        let change = FixChange(kind: .peeringAcceptance, checkpoint: .peeringActive(option.peeringID), component: option.peeringID, leg: nil,
                               summary: "allow DNS resolution from the remote VPC on \(option.peeringID)'s \(option.side) side (\(option.vpcID)), so that \(alternative.name) resolves to \(option.privateAddress)",
                               actions: [option.action])
        let fixes = [Fix(changes: [change], packet: check.answer.packet)] + report.fixes
        return FixReport(answer: report.answer, fixes: Array(fixes.prefix(limit)), note: report.note)
    }
}

import Analysis
import NetworkModel

/// A user's query with the fixes that make it reachable.
public struct FixQuestionResult: Sendable {
    public let query: QueryText
    public let source: ResolvedEndpoint
    public let destination: ResolvedEndpoint
    public let oneWay: Bool
    public let report: FixReport
}

extension ReachabilityQuestions {
    /// Resolves a `can A ping B`-style query and finds up to `limit` smallest sets of changes that make it
    /// reachable (none when it is reachable already, or unknown).
    public func fixes(_ text: String, oneWay: Bool = false, limit: Int = 5) throws -> FixQuestionResult {
        let query = try QueryText.parse(text)
        let source = try resolver.resolve(query.source)
        let destination = try resolver.resolveDestination(query.destination, from: source)
        if source.isInternet && destination.isInternet {
            throw QueryError("both ends of \"\(text)\" are on the internet; at least one must be in the snapshot")
        }
        guard limit > 0 else { throw QueryError("the number of fixes to find must be at least 1") }
        let traffic = TrafficQuery(sources: resolver.sources(source),
                                   destinations: resolver.destinations(destination, fromInternet: source.isInternet),
                                   traffic: query.traffic, oneWay: oneWay,
                                   family: try EndpointResolver.family(of: query, source, destination))
        let report = try withPeeringDNSFix(try engine.fixes(for: traffic, limit: limit), query: query, oneWay: oneWay, traffic: traffic,
                                       destination: destination, limit: limit)
        return FixQuestionResult(query: query, source: source, destination: destination, oneWay: oneWay, report: report)
    }
}

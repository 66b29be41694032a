import Analysis
import NetworkModel

/// A user's query, resolved and answered.
public struct QuestionResult: Sendable {
    public let query: QueryText
    public let source: ResolvedEndpoint
    public let destination: ResolvedEndpoint
    public let oneWay: Bool
    /// The address family asked about.
    public let family: AddressFamily
    public let answer: Answer
    /// When the destination is a DNS name that resolved to its public address because a peering connection does not
    /// allow DNS resolution from the remote VPC, and the answer is unreachable: the answer once it does.
    public var peeringDNSAlternative: PeeringDNSAlternative? = nil
}

/// Runs `can A ping B`-style queries on one network, keeping the engine for repeated questions.
public final class ReachabilityQuestions {
    public let network: Network
    public let engine: ReachabilityEngine
    public let resolver: EndpointResolver

    public init(network: Network, timeoutMilliseconds: UInt32? = 30_000) {
        self.network = network
        self.engine = ReachabilityEngine(network: network, timeoutMilliseconds: timeoutMilliseconds)
        self.resolver = EndpointResolver(network: network)
    }

    public func ask(_ text: String, oneWay: Bool = false) throws -> QuestionResult {
        let phases = PhaseTimes.recorder("ask")
        defer { phases?.print() }
        let query = try QueryText.parse(text)
        phases?.mark("parse")
        let source = try resolver.resolve(query.source)
        let destination = try resolver.resolveDestination(query.destination, from: source)
        if source.isInternet && destination.isInternet {
            throw QueryError("both ends of \"\(text)\" are on the internet; at least one must be in the snapshot")
        }
        try EndpointResolver.checkOutsideEnds(source, destination, query: text)
        let sourceInterfaces = Set(resolver.sources(source).compactMap(\.interfaceID))
        let destinationInterfaces = Set(resolver.destinations(destination, fromInternet: source.isInternet).compactMap(\.interfaceID))
        if !sourceInterfaces.isDisjoint(with: destinationInterfaces) {
            throw QueryError("\(source.label) and \(destination.label) are the same host: its traffic to itself never crosses the network")
        }
        let family = try EndpointResolver.family(of: query, source, destination)
        let traffic = TrafficQuery(sources: resolver.sources(source),
                                   destinations: resolver.destinations(destination, fromInternet: source.isInternet),
                                   traffic: query.traffic, oneWay: oneWay, family: family)
        phases?.mark("resolve")
        let answer = try engine.answer(traffic)
        phases?.mark("engine")
        var result = QuestionResult(query: query, source: source, destination: destination, oneWay: oneWay, family: family, answer: answer)
        if answer.verdict == .unreachable { result.peeringDNSAlternative = try peeringDNSAlternative(traffic, destination: destination) }
        phases?.mark("peering-dns")
        return result
    }
}

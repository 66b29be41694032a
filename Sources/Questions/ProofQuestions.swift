import Analysis
import NetworkModel

extension QuestionResult {
    /// The query as a proof records it.
    public var proofRecord: ProofQueryRecord {
        ProofQueryRecord(text: query.text, source: source.label, destination: destination.label,
                         traffic: query.traffic.adapted(to: family).description, oneWay: oneWay)
    }
}

extension ReachabilityQuestions {
    /// The analysis query behind a question: its resolved ends, as `ask` builds it.
    public func trafficQuery(for result: QuestionResult) -> TrafficQuery {
        TrafficQuery(sources: resolver.sources(result.source),
                     destinations: resolver.destinations(result.destination, fromInternet: result.source.isInternet),
                     traffic: result.query.traffic, oneWay: result.oneWay, family: result.family)
    }

    /// A proof of the answer to a question (see `ReachabilityEngine.proof`); nil when the answer is unknown.
    /// `snapshot` records the snapshot the network was read from.
    public func proof(for result: QuestionResult, snapshot: ProofSnapshotRecord) throws -> ProofDocument? {
        try engine.proof(of: trafficQuery(for: result), answer: result.answer, record: result.proofRecord, snapshot: snapshot)
    }
}

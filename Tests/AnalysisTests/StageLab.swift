import Foundation
import NetworkModel
import Questions
import Testing

/// A fixture lab under Queries/ (one folder per stage) and the checks its stage tests make: the verdict, the exact
/// blockers ("CODE Name direction leg", names resolved by `resolve`), the components a reachable path crosses.
struct StageLab: Sendable {
    let folder: String
    /// The id a name in an expectation stands for (a Name tag, or `eni-of:`-style shorthands of the lab).
    let resolve: @Sendable (String, Network) -> String

    func directory(_ stage: String) -> String { Fixtures.packageRoot.appendingPathComponent("\(folder)/\(stage)").path }

    func ask(_ stage: String, _ query: String, oneWay: Bool = false) throws -> (QuestionResult, Network) {
        let network = try Fixtures.load(directory(stage))
        return (try ReachabilityQuestions(network: network).ask(query, oneWay: oneWay), network)
    }

    /// Asserts the verdict is unreachable with exactly these blockers (order-insensitive), each naming its component.
    func expectBlockers(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (result, network) = try ask(stage, query)
        #expect(result.answer.verdict == .unreachable, "\(stage): \(query)\n\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        let actual = result.answer.blockers.map { "\($0.code) \($0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted()
        let wanted = expected.map { line -> String in
            let words = line.split(separator: " ").map(String.init)
            return "\(words[0]) \(resolve(words[1], network)) \(words[2]) \(words[3])"
        }.sorted()
        #expect(actual == wanted, "\(stage): \(query)\n\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        for blocker in result.answer.blockers {
            #expect(blocker.message.contains(blocker.component), "\(blocker)", sourceLocation: sourceLocation)
        }
    }

    /// Asserts the verdict is reachable, the forward path crossing `components` and the way back `back`.
    @discardableResult
    func expectReachable(_ stage: String, _ query: String, through components: [String] = [], back: [String] = [],
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionResult {
        let (result, network) = try ask(stage, query)
        #expect(result.answer.verdict == .reachable, "\(stage): \(query)\n\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        let forward = Set(result.answer.forward?.hops.map(\.component) ?? [])
        let returning = Set(result.answer.returnWalk?.hops.map(\.component) ?? [])
        for name in components {
            #expect(forward.contains(resolve(name, network)), "\(stage): \(query): the path does not cross \(name)\n\(AnswerRendering.text(result))",
                    sourceLocation: sourceLocation)
        }
        for name in back {
            #expect(returning.contains(resolve(name, network)), "\(stage): \(query): the way back does not cross \(name)\n\(AnswerRendering.text(result))",
                    sourceLocation: sourceLocation)
        }
        return result
    }
}

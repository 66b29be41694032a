import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
@testable import Questions
import Testing

/// `serve` writes an answer's JSON on one line directly (`AnswerRendering.compactJSON`); it must be the bytes it
/// wrote before, the pretty JSON of `query --format json` read again and written on one line (`QueryService.compact`),
/// for every kind of answer: reachable, unreachable with blockers, unknown, and whatever time it took.
@Suite struct CompactAnswerJSONTests {
    @Test func sameBytesAsThePrettyJSONWrittenOnOneLine() throws {
        var compared = 0
        for lab in StageLab.all {
            for stage in lab.stages {
                let network = try Fixtures.load(lab.directory(stage))
                let questions = ReachabilityQuestions(network: network)
                let ids = network.instances.map(\.id).prefix(3)
                for from in ids {
                    for to in ids where to != from {
                        for text in ["can \(from) ping \(to)", "can \(from) reach \(to) on tcp/22"] {
                            guard let result = try? questions.ask(text) else { continue }
                            // The time as measured, and times that are whole, tiny or large numbers.
                            for milliseconds in [result.answer.solverMilliseconds, 0, 1, 2.5, 0.1, 12.3, 100, 1234.5, 99.94, 1e6] {
                                var answer = result.answer
                                answer.solverMilliseconds = milliseconds
                                var timed = QuestionResult(query: result.query, source: result.source, destination: result.destination,
                                                           oneWay: result.oneWay, family: result.family, answer: answer)
                                timed.peeringDNSAlternative = result.peeringDNSAlternative
                                #expect(AnswerRendering.compactJSON(timed) == QueryService.compact(AnswerRendering.json(timed)), "\(lab.folder)/\(stage): \(text)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(compared > 500, "answers compared: \(compared)")
    }
}

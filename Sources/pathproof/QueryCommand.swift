import ArgumentParser
import AWSSnapshot
import Foundation
import Questions

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Answer one reachability query.",
        usage: "pathproof query [<options>] --snapshot <snapshot> <query>",
        discussion: """
        QUERY is `can A ping B` or `can A reach B on PROTOCOL`, where PROTOCOL is tcp/PORT, tcp/FROM-TO, udp/PORT, \
        icmp, proto/NUMBER or any; end it with `over ipv6` to ask about IPv6 (`over ipv4` is the default). A and B \
        are an instance id, an ENI id, a Name tag, a load balancer name, an IPv4 or IPv6 address (an interface's \
        private address, a public or Elastic IP; an address outside every VPC is a host on the internet, one inside \
        a VPC that no interface holds is an error), `internet`, `onprem:CIDR` (hosts on premises, through a virtual \
        private gateway: onprem:192.168.0.0/16) or `service:NAME` (an AWS service behind a gateway endpoint: \
        service:s3, service:dynamodb). Keywords may be written in any case. Quote names with spaces.
        """
    )

    @OptionGroup var options: QueryOptions

    @Option(name: .long, help: "Answer format: text, json, markdown, mermaid, dot (Graphviz) or ra-json (Reachability Analyzer's NetworkInsightsAnalysis).")
    var format: AnswerFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write a proof of the answer to this folder (check it with `pathproof verify DIR`).", valueName: "DIR"))
    var proof: String?

    @Argument(help: "The query, e.g. 'can web-1 ping db-1'.")
    var query: String

    func run() throws {
        let input = loadInput(snapshot: options.snapshot, terraform: options.terraform, quiet: options.quiet, json: format == .json)
        let loaded = input.snapshot
        let questions = ReachabilityQuestions(network: loaded.network, timeoutMilliseconds: options.timeLimit)
        let result: QuestionResult
        do {
            result = try questions.ask(query, oneWay: options.oneWay)
        } catch let error as QueryError {
            if format == .json { print(jsonError(file: nil, jsonPath: nil, message: error.message)) }
            fail(error.message)
        } catch let unknown as UnknownEndpoint {
            switch format {
            case .json: print(jsonObject(["query": query, "verdict": "UNKNOWN", "reason": unknown.reason]))
            default: print("Query: \(query)\nVerdict: UNKNOWN (\(unknown.reason))")
            }
            printError("unknown: \(unknown.reason)")
            throw ExitCode(ExitStatus.unknown)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.unknown)
        }
        if case .unknown = result.answer.verdict {} else if let reason = try assignmentDependence(
            of: result, query: query, oneWay: options.oneWay, timeout: options.timeout, input: input) {
            switch format {
            case .text: print("Verdict: UNKNOWN: \(reason)\nThe answer for the first of these assignments only:\n" + terraformAnnotated(AnswerRendering.text(result), input))
            default: print(format.render(result, network: loaded.network))
            }
            printError("unknown: \(reason)")
            if let proof { printError("proof: nothing written to \(proof): the answer is unknown, so there is nothing to prove") }
            throw ExitCode(ExitStatus.unknown)
        }
        switch format {
        case .text: print(terraformAnnotated(AnswerRendering.text(result), input))
        case .json: print(terraformAnnotatedJSON(AnswerRendering.json(result), input))
        default: print(format.render(result, network: loaded.network))
        }
        if let proof {
            if let terraform = input.terraform {
                try writeTerraformProof(of: result, questions: questions, input: input, terraform: terraform, to: proof)
            } else if let directory = options.snapshot {
                try writeProof(of: result, questions: questions, snapshot: loaded, snapshotDirectory: directory, to: proof)
            }
        }
        if case .unknown = result.answer.verdict { throw ExitCode(ExitStatus.unknown) }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((printable(message) + "\n").utf8))
}

func fail(_ message: String) -> Never {
    printError("error: \(message)")
    exit(ExitStatus.badInput)
}

/// `members` as one line of JSON with sorted keys.
private func jsonObject(_ members: [String: String]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: members, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}

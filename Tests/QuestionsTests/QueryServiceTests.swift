import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The query service behind `pathproof serve` and `pathproof mcp`: request lines in, answer lines out, on the seed
/// lab's real snapshots, and read again when a file of the snapshot changes.
@Suite struct QueryServiceTests {
    static func service(_ directory: String) throws -> QueryService {
        try QueryService(directory: directory) { directory in (try Fixtures.load(directory), []) }
    }

    /// A response line as an object; a line that is not one JSON object fails the test.
    static func object(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"), "a response is one line")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
    }

    /// A JSON answer without what varies from one solve to the next (solver time) and without the request id.
    static func comparable(_ object: [String: Any]) -> NSDictionary {
        var object = object
        object["id"] = nil
        object["milliseconds"] = nil
        return object as NSDictionary
    }

    @Test func reachableQueryAnswersWithTheWitnessAndPath() throws {
        let service = try Self.service(Fixtures.seed("06-ping-works"))
        let answer = try Self.object(service.respond(to: #"{"id": 1, "query": "\#(SeedLab.ping)"}"#))
        #expect(answer["id"] as? Int == 1)
        #expect(answer["verdict"] as? String == "reachable")
        #expect(answer["query"] as? String == SeedLab.ping)
        #expect(((answer["forward"] as? [Any])?.count ?? 0) > 0, "the forward path hop by hop")
        #expect(((answer["return"] as? [Any])?.count ?? 0) > 0, "the return path hop by hop")
        #expect(answer["packet"] is [String: Any])
    }

    @Test func blockedQueryAnswersWithItsBlockers() throws {
        let directory = Fixtures.seed("05-routes-sg-blocks-icmp")
        let service = try Self.service(directory)
        let answer = try Self.object(service.respond(to: #"{"id": "b", "query": "\#(SeedLab.ping)"}"#))
        #expect(answer["id"] as? String == "b")
        #expect(answer["verdict"] as? String == "unreachable")
        let blockers = try #require(answer["blockers"] as? [[String: Any]])
        let network = try Fixtures.load(directory)
        let groups = Set(network.securityGroups.map(\.id))
        #expect(!blockers.isEmpty && blockers.allSatisfy { groups.contains($0["component"] as? String ?? "") },
                "blocked by security groups only: \(blockers)")
    }

    @Test func badLinesGetErrorLinesAndTheServiceGoesOn() throws {
        let service = try Self.service(Fixtures.seed("06-ping-works"))
        let cases: [(line: String, id: Any?, says: String)] = [
            ("not json at all", nil, "not a JSON object"),
            ("[1, 2]", nil, "a request is a JSON object"),
            (#"{"id": 7, "command": "teleport"}"#, 7, "unknown command \"teleport\""),
            (#"{"id": 8}"#, 8, "\"query\" is missing"),
            (#"{"id": 9, "query": 42}"#, 9, "\"query\" must be a string"),
            (#"{"id": 10, "query": "can nobody-here ping \#(SeedLab.b)"}"#, 10, "nobody-here"),
            (#"{"id": 11, "query": "ping everything"}"#, 11, "cannot read query"),
            (#"{"id": 12, "query": "\#(SeedLab.ping)", "colour": "red"}"#, 12, "unknown field \"colour\""),
            (#"{"id": 13, "command": "check"}"#, 13, "give either"),
        ]
        for (line, id, says) in cases {
            let answer = try Self.object(service.respond(to: line))
            #expect(answer["status"] as? Int == 2, "\(line) → \(answer)")
            let message = try #require(answer["error"] as? String, "\(line) → \(answer)")
            #expect(message.contains(says), "\(line) → \(message)")
            if let id = id as? Int { #expect(answer["id"] as? Int == id) } else { #expect(answer["id"] is NSNull) }
        }
        // After all that, a good request is answered as ever.
        #expect(try Self.object(service.respond(to: #"{"id": 14, "query": "\#(SeedLab.ping)"}"#))["verdict"] as? String == "reachable")
    }

    /// The snapshot is read again when one of its files changes between two requests, and only then.
    @Test func editBetweenTwoRequestsGivesTheNewAnswer() throws {
        let snapshot = try TemporarySnapshot()
        var edited = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        try Self.write(edited, into: snapshot)
        let service = try Self.service(snapshot.path)
        let request = #"{"id": 1, "query": "\#(SeedLab.ping)"}"#
        #expect(try Self.object(service.respond(to: request))["verdict"] as? String == "reachable")
        #expect(try Self.object(service.respond(to: request))["verdict"] as? String == "reachable")
        #expect(service.loads == 1, "unchanged files are not read again")

        // Take every inbound rule away from every security group: nothing may ping anything.
        edited.editEach("SecurityGroups") { group in group["IpPermissions"] = [] }
        try Self.write(edited, into: snapshot)
        let after = try Self.object(service.respond(to: request))
        #expect(after["verdict"] as? String == "unreachable")
        #expect(((after["blockers"] as? [Any])?.count ?? 0) > 0)
        #expect(service.loads == 2)

        // A file that no longer parses: an error naming the file, then the answer again once it is mended.
        try snapshot.write("describe-security-groups.json", "{\"SecurityGroups\": [")
        let broken = try Self.object(service.respond(to: request))
        #expect(broken["status"] as? Int == 2)
        #expect((broken["error"] as? String ?? "").contains("describe-security-groups.json"), "\(broken)")
        try Self.write(edited, into: snapshot)
        #expect(try Self.object(service.respond(to: request))["verdict"] as? String == "unreachable")
    }

    /// A second write in the same clock tick, of the same size, is seen too (the contents of recently written
    /// files are compared).
    @Test func sameSizeRewriteIsSeen() throws {
        let snapshot = try TemporarySnapshot()
        var edited = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        try Self.write(edited, into: snapshot)
        let service = try Self.service(snapshot.path)
        let before = try Self.object(service.respond(to: #"{"id": 1, "query": "\#(SeedLab.ping)"}"#))
        #expect(before["verdict"] as? String == "reachable")
        // The ICMP rule's range 10.1.0.0/16 (NextWork-1's VPC) becomes 10.9.0.0/16: a text of the same size.
        let file = "\(snapshot.path)/describe-security-groups.json"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        edited.editEach("SecurityGroups") { group in
            group["IpPermissions"] = (group["IpPermissions"] as? [[String: Any]] ?? []).map { rule in
                var rule = rule
                rule["IpRanges"] = (rule["IpRanges"] as? [[String: Any]] ?? []).map { range in
                    var range = range
                    if range["CidrIp"] as? String == "10.1.0.0/16" { range["CidrIp"] = "10.9.0.0/16" }
                    return range
                }
                return rule
            }
        }
        try Self.write(edited, into: snapshot)
        let rewritten = try String(contentsOfFile: file, encoding: .utf8)
        #expect(original.utf8.count == rewritten.utf8.count, "the size does not change")
        #expect(original != rewritten)
        let after = try Self.object(service.respond(to: #"{"id": 2, "query": "\#(SeedLab.ping)"}"#))
        #expect(after["verdict"] as? String == "unreachable", "\(after)")
    }

    /// On every seed stage, for every question, the service answers what a fresh `query --format json` answers,
    /// the first time (solved) and the second (kept).
    @Test func answersEqualFreshQueryAnswersOnEverySeedStage() throws {
        for stage in StageLab.seed.stages {
            let service = try Self.service(Fixtures.seed(stage))
            for (index, question) in StageLab.seed.questions(for: stage).enumerated() {
                let fresh = try StageLab.seed.ask(stage, question).0
                let expected = Self.comparable(try Self.object(QueryServiceTests.oneLine(AnswerRendering.json(fresh))))
                let request = try String(decoding: JSONSerialization.data(withJSONObject: ["id": index, "query": question]), as: UTF8.self)
                let first = try Self.object(service.respond(to: request))
                let again = try Self.object(service.respond(to: request))
                #expect(first["id"] as? Int == index)
                #expect(Self.comparable(first) == expected, "\(stage): \(question)")
                #expect(Self.comparable(again) == expected, "\(stage): \(question), asked again")
            }
            #expect(service.reusedAnswers == StageLab.seed.questions(for: stage).count)
        }
    }

    @Test func otherCommandsAnswerAsTheirCommands() throws {
        let directory = Fixtures.seed("09-eic-works")
        let service = try Self.service(directory)
        let ports = try Self.object(service.respond(to: #"{"id": 1, "command": "ports", "from": "internet", "to": "\#(SeedLab.a)"}"#))
        #expect(ports["from"] as? String == "the internet")
        #expect((ports["tcp"] as? [[String: Any]])?.contains { ($0["from"] as? Int ?? 99) <= 22 && ($0["to"] as? Int ?? 0) >= 22 } == true, "\(ports)")

        let exposure = try Self.object(service.respond(to: #"{"id": 2, "command": "exposure"}"#))
        let exposed = try #require(exposure["exposed"] as? [[String: Any]])
        let network = try Fixtures.load(directory)
        #expect(exposed.contains { $0["instance"] as? String == Fixtures.id(named: SeedLab.a, in: network) }, "\(exposure)")

        let check = try Self.object(service.respond(to: #"{"id": 3, "command": "check", "assertions": "assert \#(SeedLab.a) can ping \#(SeedLab.b)\nassert \#(SeedLab.b) cannot reach \#(SeedLab.a) on tcp/22\n"}"#))
        let summary = try #require(check["summary"] as? [String: Any])
        #expect(summary["assertions"] as? Int == 2)
        let hold = summary["hold"] as? Int ?? 0, violated = summary["violated"] as? Int ?? 0
        #expect(hold + violated == 2 && summary["unknown"] as? Int == 0, "\(summary)")

        let blocked = try Self.service(Fixtures.seed("05-routes-sg-blocks-icmp"))
        let fix = try Self.object(blocked.respond(to: #"{"id": 4, "command": "fix", "query": "\#(SeedLab.ping)", "limit": 1}"#))
        #expect(fix["verdict"] as? String == "unreachable")
        #expect((fix["fixes"] as? [Any])?.count == 1, "\(fix)")
        #expect(try Self.object(blocked.respond(to: #"{"id": 5, "command": "fix", "query": "\#(SeedLab.ping)", "limit": 0}"#))["status"] as? Int == 2)
    }

    /// Writes an edited snapshot's files into a snapshot folder, replacing what is there.
    static func write(_ edited: EditedSnapshot, into snapshot: TemporarySnapshot) throws {
        for (name, object) in edited.files {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try snapshot.write(name, String(decoding: data, as: UTF8.self))
        }
    }

    static func oneLine(_ pretty: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(pretty.utf8))
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

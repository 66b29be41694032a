import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The text of `pathproof query`: what parses into what, every mistake refused with the message a user reads, and
/// the address family a query asks about.
@Suite struct QueryTextTests {
    @Test func pingReachAndTheirProtocols() throws {
        let ping = try QueryText.parse("can web-1 ping db-1")
        #expect(ping.source == "web-1" && ping.destination == "db-1" && ping.traffic == .ping && ping.family == nil)
        #expect(ping.text == "can web-1 ping db-1" && ping.description == ping.text)
        #expect(try QueryText.parse("can a reach b").traffic == .anyProtocol)
        let cases: [(String, TrafficSpec)] = [
            ("tcp/22", .tcp(PortRange(22, 22))), ("TCP/1024-65535", .tcp(PortRange(1024, 65535))), ("udp/53", .udp(PortRange(53, 53))),
            ("tcp", .tcp(.all)), ("udp/any", .udp(.all)), ("icmp", .anyICMP), ("any", .anyProtocol), ("all", .anyProtocol),
            ("ping", .ping), ("proto/47", .ipProtocol(47)), ("protocol/47", .ipProtocol(47)), ("proto/6", .tcp(.all)),
            ("proto/17", .udp(.all)), ("proto/1", .anyICMP), ("icmp/13", TrafficSpec(ipProtocol: IPProtocolNumber.icmp, icmpType: 13)),
        ]
        for (text, traffic) in cases {
            #expect(try QueryText.parse("can a reach b on \(text)").traffic == traffic, "\(text)")
        }
    }

    @Test func keywordsIgnoreCaseAndQuotesKeepSpaces() throws {
        let query = try QueryText.parse(#"CAN "web server 1" Reach 'db 1' ON tcp/5432 OVER IPv6"#)
        #expect(query.source == "web server 1" && query.destination == "db 1")
        #expect(query.traffic == .tcp(PortRange(5432, 5432)) && query.family == .ipv6)
        #expect(try QueryText.parse("can a ping b over ipv4").family == .ipv4)
        // Quoted, a keyword is a name.
        #expect(try QueryText.parse(#"can "ping" ping "over""#).destination == "over")
    }

    /// Each query that must not parse, and words its message must hold.
    static let mistakes: [(query: String, message: String)] = [
        ("can web-1 dance db-1", #"cannot read query "can web-1 dance db-1": expected "can A ping B" or "can A reach B on tcp/22""#),
        ("web-1 can ping db-1", "expected \"can A ping B\""),
        ("can web-1 ping", "cannot read query"),
        ("can", "cannot read query"),
        ("", "cannot read query"),
        ("can a ping b on icmp", "cannot read query"),
        ("can a reach b tcp/22", "cannot read query"),
        ("can a reach b on", "cannot read query"),
        ("can a reach b on tcp/22 now", "cannot read query"),
        ("can a reach b on smtp", #""smtp" is not a protocol: use ping, icmp, tcp/PORT, tcp/FROM-TO, udp/PORT, proto/NUMBER or any"#),
        ("can a reach b on tcp/70000", #""tcp/70000": ports must be a number 0-65535 or a range FROM-TO"#),
        ("can a reach b on tcp/30-20", "ports must be a number 0-65535 or a range FROM-TO"),
        ("can a reach b on udp/1-2-3", "ports must be a number 0-65535 or a range FROM-TO"),
        ("can a reach b on proto/300", #""proto/300": the protocol number must be 0-255"#),
        ("can a reach b on icmp/echo", #""icmp/echo": the ICMP type must be 0-255"#),
        ("can a reach b on gre/47", #""gre/47" is not a protocol"#),
        ("can a ping b over ipv5", #""over" takes ipv4 or ipv6, not "ipv5""#),
        (#"can "web 1 ping b"#, #"unbalanced quote in "can "web 1 ping b""#),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreRefusedWithTheirReason(_ index: Int) {
        let mistake = Self.mistakes[index]
        do {
            let query = try QueryText.parse(mistake.query)
            Issue.record("\(mistake.query) parsed as \(query.source) → \(query.destination), \(query.traffic)")
        } catch let error as QueryError {
            #expect(error.message.contains(mistake.message), "\(mistake.query): \(error.message)")
        } catch {
            Issue.record("\(mistake.query): not a QueryError: \(error)")
        }
    }

    /// Asked of a snapshot, an unreadable query is the same error (the CLI prints it and exits 2).
    @Test func questionsRefuseWhatDoesNotParse() throws {
        let questions = ReachabilityQuestions(network: try Fixtures.load(Fixtures.seed("06-ping-works")))
        #expect(throws: QueryError.self) { try questions.ask("can NextWork-1-instance dance NextWork-2-instance") }
        #expect(throws: QueryError.self) { try questions.ask("can NextWork-1-instance reach NextWork-2-instance on tcp/70000") }
        #expect(throws: QueryError.self) { try questions.ask("can NextWork-1-instance ping 10.1.0.10") }
    }

    @Test func familyComesFromTheQueryOrAnAddress() throws {
        let network = try Fixtures.load(StageLab.ipv6.directory("01-working"))
        let questions = ReachabilityQuestions(network: network)
        let db = try #require(network.instances.first { $0.tags.name == "db" })
        let address = try #require(network.networkInterfaces(ofInstance: db.id).first?.addresses(.ipv6).first)
        let byAddress = try questions.ask("can app ping \(address)")
        #expect(byAddress.family == .ipv6 && byAddress.answer.verdict == .reachable)
        #expect(try questions.ask("can app ping db").family == .ipv4)
        #expect(throws: QueryError.self) { try questions.ask("can app ping \(address) over ipv4") }
        #expect(throws: QueryError.self) { try questions.ask("can 10.40.2.10 ping \(address)") }
        #expect(throws: QueryError.self) { try questions.ask("can app ping db over ipv5") }
    }
}

import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// `.reach` files and queries read keywords the same way: in any case.
@Suite struct KeywordCaseTests {
    @Test func reachFilesAcceptKeywordsInAnyCase() throws {
        let file = try QueryFile.parse(text: """
            Snapshot s
            PROPERTY web
            Description "the web tier"
            Assert a CAN Ping b
            assert a Cannot REACH b On tcp/22 One-Way
            ASSERT Isolated a b
            assert a can reach b on tcp/443 OVER IPv6
            assert Internet cannot reach VPC:main
            """, path: "/work/q/lab.reach")
        let assertions = file.assertions
        #expect(assertions.count == 5)
        #expect(assertions[0].kind == .can && assertions[0].traffic == .ping)
        #expect(assertions[1].kind == .cannot && assertions[1].oneWay && assertions[1].traffic == .tcp(PortRange(22, 22)))
        #expect(assertions[2].kind == .isolated)
        #expect(assertions[3].family == .ipv6)
        #expect(assertions[4].source == .internet && assertions[4].destination == .vpc("main"))
        #expect(file.snapshot?.path == "s" && file.properties.first?.description == "the web tier")
    }

    @Test func queriesAcceptTheSameWords() throws {
        let query = try QueryText.parse("Can a Reach b On TCP/22 Over IPV6")
        #expect(query.traffic == .tcp(PortRange(22, 22)) && query.family == .ipv6)
    }
}

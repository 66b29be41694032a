import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// DNS names in `.reach` assertions, on the seed lab's stage 09: a name as the destination resolves for the
/// assertion's source, as `pathproof query` resolves it.
@Suite struct DNSCheckTests {
    static func results(_ text: String, _ network: Network) throws -> [AssertionResult] {
        try QueryFileChecker.check(try QueryFile.parse(text: text, path: "dns.reach"), network)
    }

    @Test func assertionsResolveNamesForTheirSource() throws {
        let network = try Fixtures.load(Fixtures.seed("09-eic-works"))
        let publicName = try #require(network.dnsHostnames.values.first { $0.kind == .publicHostname }).name
        let results = try Self.results("""
            assert NextWork-1-instance can ping ip-10-2-0-10.ec2.internal
            assert internet can reach \(publicName) on tcp/22
            assert NextWork-2-instance cannot ping \(publicName)
            """, network)
        #expect(results.map(\.status) == [.holds, .holds, .holds], "\(results.map(\.summary))")
    }

    @Test func aGroupCannotAskForADNSName() throws {
        let network = try Fixtures.load(Fixtures.seed("09-eic-works"))
        let file = try QueryFile.parse(text: "assert vpc:NextWork-2 can ping ip-10-1-0-10.ec2.internal\n", path: "dns.reach")
        do {
            _ = try QueryFileChecker(network: network).resolve(file)
            Issue.record("a group asking for a DNS name was accepted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("give one host or the internet as the source") == true, "\(error.diagnostics)")
            #expect(error.diagnostics.first?.location.column == 32)
        }
    }
}

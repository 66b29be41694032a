import PathProofTestSupport
import Questions
import Testing

/// Inputs `scripts/fuzz` found wrong, each kept as it was found.
@Suite struct FuzzRegressionTests {
    /// fuzz-query: `can internet reach ''''''''''` parsed, with an empty destination that only the endpoint resolver
    /// then refused ("no instance … \"\""); the query parser now says the endpoint is empty, as `.reach` files do.
    @Test(arguments: ["can internet reach ''''''''''", "can '' ping NextWork-1-instance", "can \"  \" reach internet on tcp/22"])
    func anEmptyEndpointIsRefusedByTheParser(query: String) throws {
        do {
            let parsed = try QueryText.parse(query)
            Issue.record("parsed with endpoints \"\(parsed.source)\" and \"\(parsed.destination)\"")
        } catch let error as QueryError {
            #expect(error.message.contains("an endpoint is empty"), "\(error.message)")
        }
    }

    /// The `.reach` parser refused an empty name but took one of spaces only; both are refused now.
    @Test func aBlankEndpointInAReachFileIsRefused() throws {
        do {
            _ = try QueryFile.parse(text: "snapshot seed/09-eic-works\nassert \"   \" can ping NextWork-1-instance\n", path: "blank.reach")
            Issue.record("a blank endpoint was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["blank.reach:2:8: error: an empty endpoint name"], "\(error.diagnostics)")
        }
    }
}

import Analysis
import Foundation
import NetworkModel
@testable import Questions
import PathProofTestSupport
import Simulation
import Testing

/// `service:` and `onprem:` endpoints in `.reach` files, checked on the data-plane lab.
@Suite struct DataplaneCheckTests {
    static func network(_ stage: String) throws -> Network { try Fixtures.load(StageLab.dataplane.directory(stage)) }

    static func check(_ text: String, on network: Network) throws -> [AssertionResult] {
        try QueryFileChecker.check(try QueryFile.parse(text: text, path: "lab.reach"), network)
    }

    @Test func servicesAndOnPremisesInQueryFiles() throws {
        let network = try Self.network("01-working")
        let results = try Self.check("""
            assert Lab-app-instance can reach service:s3 on tcp/443
            assert Lab-app-instance can reach onprem:192.168.10.0/24 on tcp/22
            assert onprem:192.168.0.0/16 can reach Lab-app-instance on tcp/22
            assert onprem:192.168.0.0/16 cannot reach Lab-app-instance on tcp/80
            assert vpc:Partner cannot reach service:s3
            assert isolated vpc:Partner onprem:192.168.0.0/16
            assert onprem:192.168.0.0/16 cannot reach Lab-server-instance on tcp/443
            assert subnet:Lab-private can reach service:dynamodb on tcp/443
            """, on: network)
        #expect(results.map(\.status) == [.holds, .holds, .holds, .holds, .holds, .holds, .holds, .holds],
                "\(results.map { "\($0.assertion.text): \($0.status) \($0.summary)" })")
        // On premises reaches the server's HTTPS one way, but the answer leaves by the firewall for the internet.
        #expect(try Self.check("assert onprem:192.168.0.0/16 can reach Lab-server-instance on tcp/443 one-way\n", on: network).first?.status == .holds)
        // The app's subnet has no DynamoDB endpoint, but its NAT gateway reaches DynamoDB's addresses over the internet.
        let dynamo = try #require(results.last?.directions.first?.answer?.forward)
        #expect(dynamo.hops.contains { $0.kind == .natGateway })
    }

    @Test func aServiceStartsNothing() throws {
        let network = try Self.network("01-working")
        let file = try QueryFile.parse(text: "assert service:s3 cannot reach Lab-app-instance\nassert isolated service:s3 Lab-app-instance\n", path: "lab.reach")
        do {
            _ = try QueryFileChecker(network: network).resolve(file)
            Issue.record("expected a resolution error")
        } catch {
            #expect(error.diagnostics.count == 1 && error.diagnostics.first?.message.contains("starts no connections") == true,
                    "\(error.diagnostics)")
        }
        #expect(throws: (any Error).self) { try QueryFile.parse(text: "assert a can ping onprem:192.168.1.0/16\n", path: "lab.reach") }
    }
}

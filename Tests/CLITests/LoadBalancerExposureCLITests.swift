import Foundation
import PathProofTestSupport
import Testing

/// `pathproof exposure` and `pathproof fix` on load balancers, on the corpus scenario `test-load-balancer` edited:
/// internet-facing (its nodes with public addresses, a default route to the internet gateway), and with cross-zone
/// load balancing off.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerExposureCLITests {
    static let nodeA = LoadBalancerScenario.nodeA
    static let lbARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba"

    /// The scenario made internet-facing (`LoadBalancerScenario.makeInternetFacing`), written to a folder.
    static func internetFacing() throws -> String {
        var snapshot = try EditedSnapshot(copying: LoadBalancerScenario.directory)
        LoadBalancerScenario.makeInternetFacing(&snapshot)
        return try snapshot.write()
    }

    @Test func exposureListsWhatTheInternetReachesThroughTheLoadBalancer() throws {
        let folder = try Self.internetFacing()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", folder])
        #expect(run.status == 0 || run.status == 1, "\(run.output)\n\(run.error)")
        #expect(run.output.contains("load balancer test-lb (test-lb-725b996cb6be8fba.elb.us-east-2.amazonaws.com) at 3.3.3.1, 3.3.3.2: tcp 80 → targets i-0f4af951d61a19245, i-055b0db7be365202c\n"),
                "\(run.output)")
        let json = try PathProofCLI.run(["exposure", "--quiet", "--format", "json", "--snapshot", folder])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let entries = try #require(object?["loadBalancers"] as? [[String: Any]], "\(json.output)")
        #expect(entries.map { $0["loadBalancer"] as? String } == ["test-lb"])
        #expect(entries.first?["targets"] as? [String] == ["i-0f4af951d61a19245", "i-055b0db7be365202c"])
        // As captured (internal): nothing through a load balancer.
        let captured = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", Fixtures.scenario("test-load-balancer")])
        #expect(!captured.output.contains("load balancer test-lb"), "\(captured.output)")
    }

    @Test func fixPrintsTheCrossZoneCommand() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.scenario("test-load-balancer"))
        snapshot.editEach("LoadBalancerAttributes") { $0["Attributes"] = [["Key": "load_balancing.cross_zone.enabled", "Value": "false"]] }
        snapshot.editEach("LoadBalancerTargetHealth") { entry in
            entry["TargetHealthDescriptions"] = (entry["TargetHealthDescriptions"] as? [EditedSnapshot.Object] ?? []).filter {
                ($0["Target"] as? EditedSnapshot.Object)?["Id"] as? String == "i-055b0db7be365202c"
            }
        }
        let folder = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", folder, "can i-0c8ce8bbdd98cc4e8 reach \(Self.nodeA) on tcp/80"])
        #expect(run.status == 0, "\(run.output)\n\(run.error)")
        for line in [
            "  1. turn on cross-zone load balancing of load balancer test-lb",
            "     aws elbv2 modify-load-balancer-attributes --load-balancer-arn \(Self.lbARN) --attributes Key=load_balancing.cross_zone.enabled,Value=true",
        ] {
            #expect(run.output.contains("\(line)\n"), "missing \(line) in\n\(run.output)")
        }
        let query = try PathProofCLI.run(["query", "--quiet", "--snapshot", folder, "can i-0c8ce8bbdd98cc4e8 reach \(Self.nodeA) on tcp/80"])
        #expect(query.output.contains("ELB_NOT_CROSSZONE"), "\(query.output)")
    }
}

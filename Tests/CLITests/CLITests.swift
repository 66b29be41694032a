import Foundation
import PathProofTestSupport
import Testing

/// Runs the built `pathproof` binary as a user would.
@Suite struct CLITests {
    /// Queries/seed, relative to the package root where `PathProofCLI` runs the binary.
    static let seed = StageLab.seed.folder

    @Test func answersAPingQueryInText() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", "\(Self.seed)/06-ping-works", "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Verdict: REACHABLE"))
        #expect(run.output.contains("Forward path:") && run.output.contains("Return path:"))
    }

    @Test func printsJSONWithBlockers() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", "\(Self.seed)/05-routes-sg-blocks-icmp",
                                "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "unreachable")
        let blockers = try #require(object["blockers"] as? [[String: Any]])
        #expect(blockers.count == 1)
        #expect(blockers.first?["code"] as? String == "ENI_SG_RULES_MISMATCH")
        #expect(blockers.first?["direction"] as? String == "inbound")
        #expect(blockers.first?["path"] as? String == "forward")
        #expect((blockers.first?["component"] as? String)?.hasPrefix("sg-") == true)
    }

    @Test func reachableJSONHasPacketAndHops() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", "\(Self.seed)/06-ping-works",
                                "can NextWork-1-instance ping NextWork-2-instance"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "reachable")
        let packet = try #require(object["packet"] as? [String: Any])
        #expect(packet["protocol"] as? String == "icmp" && packet["icmpType"] as? Int == 8)
        let forward = try #require(object["forward"] as? [[String: Any]])
        let back = try #require(object["return"] as? [[String: Any]])
        #expect(forward.contains { ($0["component"] as? String)?.hasPrefix("pcx-") == true && $0["kind"] as? String == "peering-connection" })
        #expect(back.contains { ($0["component"] as? String)?.hasPrefix("pcx-") == true })
        #expect(forward.allSatisfy { $0["detail"] is String })
    }

    @Test func malformedSnapshotExitsTwoNamingFileAndPath() throws {
        let directory = try Temporary.folder("cli", files: ["describe-route-tables.json": """
            {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [],
              "Routes": [{"DestinationCidrBlock": "10.2.0.0/33", "GatewayId": "local", "State": "active"}]}]}
            """])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try PathProofCLI.run(["query", "--snapshot", directory, "can a ping b"])
        #expect(run.status == 2)
        #expect(run.error.contains(#"describe-route-tables.json: RouteTables[0].Routes[0].DestinationCidrBlock: "10.2.0.0/33" is not a CIDR"#), "\(run.error)")
    }

    @Test func badQueriesExitTwo() throws {
        for query in ["can NextWork-1-instance dance NextWork-2-instance", "can nobody ping NextWork-2-instance",
                      "can NextWork-1-instance reach NextWork-2-instance on tcp/70000"] {
            let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", "\(Self.seed)/06-ping-works", query])
            #expect(run.status == 2, "\(query): \(run.output) \(run.error)")
            #expect(run.error.hasPrefix("error: "))
        }
        let missing = try PathProofCLI.run(["query", "--snapshot", "/nonexistent/snapshot", "can a ping b"])
        #expect(missing.status == 2)
        let usage = try PathProofCLI.run(["query", "--snapshot"])
        #expect(usage.status == 2)
    }

    @Test func unmodelledTargetsGiveUnknownWithExitThree() throws {
        // A subnet whose default route goes to a NAT gateway the snapshot does not describe: PathProof must not guess.
        let directory = try Temporary.folder("cli", files: SampleSnapshots.undescribedNATGateway)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", directory, "can eni-1 reach internet on tcp/443"])
        #expect(run.status == 3, "\(run.output) \(run.error)")
        #expect(run.output.contains("UNKNOWN") && run.output.contains("nat-1"))
    }
}

@Suite struct SelfTrafficTests {
    @Test func aHostIsNotAskedAboutItself() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/06-ping-works", "can NextWork-1-instance ping 10.1.0.10"])
        #expect(run.status == 2 && run.error.contains("same host"), "\(run.error)")
    }
}

import Foundation
import Testing

/// Runs the built `pathproof` binary as a user would.
@Suite struct CLITests {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var binary: URL {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("pathproof"),
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("pathproof"),
                          packageRoot.appendingPathComponent(".build/debug/pathproof")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    struct Run { let status: Int32; let output: String; let error: String }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self), error: String(decoding: error, as: UTF8.self))
    }

    static func temporarySnapshot(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    static let seed = "Queries/seed"

    @Test func answersAPingQueryInText() throws {
        let run = try Self.run(["query", "--quiet", "--snapshot", "\(Self.seed)/06-ping-works", "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Verdict: REACHABLE"))
        #expect(run.output.contains("Forward path:") && run.output.contains("Return path:"))
    }

    @Test func printsJSONWithBlockers() throws {
        let run = try Self.run(["query", "--quiet", "--format", "json", "--snapshot", "\(Self.seed)/05-routes-sg-blocks-icmp",
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
        let run = try Self.run(["query", "--quiet", "--format", "json", "--snapshot", "\(Self.seed)/06-ping-works",
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
        let directory = try Self.temporarySnapshot(["describe-route-tables.json": """
            {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [],
              "Routes": [{"DestinationCidrBlock": "10.2.0.0/33", "GatewayId": "local", "State": "active"}]}]}
            """])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["query", "--snapshot", directory.path, "can a ping b"])
        #expect(run.status == 2)
        #expect(run.error.contains(#"describe-route-tables.json: RouteTables[0].Routes[0].DestinationCidrBlock: "10.2.0.0/33" is not a CIDR"#), "\(run.error)")
    }

    @Test func badQueriesExitTwo() throws {
        for query in ["can NextWork-1-instance dance NextWork-2-instance", "can nobody ping NextWork-2-instance",
                      "can NextWork-1-instance reach NextWork-2-instance on tcp/70000"] {
            let run = try Self.run(["query", "--quiet", "--snapshot", "\(Self.seed)/06-ping-works", query])
            #expect(run.status == 2, "\(query): \(run.output) \(run.error)")
            #expect(run.error.hasPrefix("error: "))
        }
        let missing = try Self.run(["query", "--snapshot", "/nonexistent/snapshot", "can a ping b"])
        #expect(missing.status == 2)
        let usage = try Self.run(["query", "--snapshot"])
        #expect(usage.status == 2)
    }

    @Test func unmodelledTargetsGiveUnknownWithExitThree() throws {
        // A subnet whose default route goes to a NAT gateway: PathProof does not model NAT yet, so it must not guess.
        let directory = try Self.temporarySnapshot([
            "vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
            "subnets.json": #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}"#,
            "rtb.json": #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true, "RouteTableId": "rtb-1"}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"}]}]}"#,
            "sg.json": #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
            "eni.json": #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Status": "in-use", "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}]}]}"#,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["query", "--quiet", "--snapshot", directory.path, "can eni-1 reach internet on tcp/443"])
        #expect(run.status == 3, "\(run.output) \(run.error)")
        #expect(run.output.contains("UNKNOWN") && run.output.contains("nat-1"))
    }
}

@Suite struct SelfTrafficTests {
    @Test func aHostIsNotAskedAboutItself() throws {
        let run = try CLITests.run(["query", "--quiet", "--snapshot", "Queries/seed/06-ping-works", "can NextWork-1-instance ping 10.1.0.10"])
        #expect(run.status == 2 && run.error.contains("same host"), "\(run.error)")
    }
}

import Foundation
import PathProofTestSupport
import Testing

/// `pathproof fix` as a user runs it.
@Suite struct FixCLITests {
    static let ping = SeedLab.ping

    /// The id of the resource named `name` in a seed file: `id("01-no-peering", "describe-route-tables.json",
    /// "RouteTables", "RouteTableId", "NextWork-1-rtb-public")`.
    static func id(_ stage: String, _ file: String, _ key: String, _ idKey: String, _ name: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Fixtures.seed(stage))/\(file)"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(object[key] as? [[String: Any]])
        let item = try #require(list.first { (($0["Tags"] as? [[String: Any]]) ?? []).contains { $0["Key"] as? String == "Name" && $0["Value"] as? String == name } })
        return try #require(item[idKey] as? String)
    }

    static func newFolder() -> String { Temporary.path("fix-cli") }

    @Test func printsTheFixWithAWSCommandsAndRealIDs() throws {
        let stage = "01-no-peering"
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/\(stage)", Self.ping])
        #expect(run.status == 0, "\(run.error)")
        let vpc1 = try Self.id(stage, "describe-vpcs.json", "Vpcs", "VpcId", "NextWork-1")
        let vpc2 = try Self.id(stage, "describe-vpcs.json", "Vpcs", "VpcId", "NextWork-2")
        let rtb1 = try Self.id(stage, "describe-route-tables.json", "RouteTables", "RouteTableId", "NextWork-1-rtb-public")
        let rtb2 = try Self.id(stage, "describe-route-tables.json", "RouteTables", "RouteTableId", "NextWork-2-rtb-public")
        let sg2 = try Self.id(stage, "describe-security-groups.json", "SecurityGroups", "GroupId", "NextWork-2-sg")
        for line in [
            "aws ec2 create-vpc-peering-connection --vpc-id \(vpc1) --peer-vpc-id \(vpc2)",
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 create-route --route-table-id \(rtb1) --destination-cidr-block 10.2.0.0/16 --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 create-route --route-table-id \(rtb2) --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 authorize-security-group-ingress --group-id \(sg2) --ip-permissions '[{\"IpProtocol\":\"icmp\",\"FromPort\":8,\"ToPort\":-1,\"IpRanges\":[{\"CidrIp\":\"10.1.0.0/16\"}]}]'",
        ] {
            #expect(run.output.contains("     \(line)\n"), "missing \(line) in\n\(run.output)")
        }
        #expect(run.output.contains("1 fix (a smallest set of changes that makes it reachable):"))
        #expect(run.output.contains("Fix 1: 4 changes"))
        #expect(run.output.contains("Checked: with these changes icmp echo-request 10.1.0.10 → 10.2.0.10 gets through and back."))
        #expect(run.output.contains("pcx-pathproof0001 is the VpcPeeringConnectionId that create-vpc-peering-connection returns"))
    }

    @Test func writesASnapshotWhereTheQueryIsReachableAndRefusesToOverwrite() throws {
        let output = Self.newFolder()
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/04-route-one-way", Self.ping, "--write-snapshot", output])
        #expect(run.status == 0, "\(run.output)\n\(run.error)")
        #expect(run.error.contains("wrote \(output) with fix 1 applied (changed: describe-route-tables.json, describe-security-groups.json)"))
        let query = try PathProofCLI.run(["query", "--quiet", "--snapshot", output, Self.ping])
        #expect(query.status == 0 && query.output.contains("Verdict: REACHABLE"), "\(query.output)")
        // The other direction still needs NextWork-1-sg's rule: the fix opened nothing else.
        let back = try PathProofCLI.run(["query", "--quiet", "--snapshot", output, "can NextWork-2-instance ping NextWork-1-instance"])
        #expect(back.output.contains("Verdict: UNREACHABLE"))
        // Files the fix did not touch are copied byte for byte.
        for file in ["describe-vpcs.json", "describe-instances.json", "describe-network-acls.json"] {
            let original = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("\(CLITests.seed)/04-route-one-way/\(file)"))
            #expect(FileManager.default.contents(atPath: "\(output)/\(file)") == original, "\(file)")
        }
        let again = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/04-route-one-way", Self.ping, "--write-snapshot", output])
        #expect(again.status == 2)
        #expect(again.error.contains("not an empty folder"))
    }

    @Test func printsJSON() throws {
        let run = try PathProofCLI.run(["fix", "--quiet", "--format", "json", "--snapshot", "\(CLITests.seed)/02-peering-pending", Self.ping])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "unreachable")
        let fixes = try #require(object["fixes"] as? [[String: Any]])
        let changes = try #require(fixes.first?["changes"] as? [[String: Any]])
        #expect(changes.map { $0["kind"] as? String } == ["peering-acceptance", "route", "route", "security-group-rule"])
        let accept = try #require(changes.first)
        #expect((accept["commands"] as? [String])?.first?.hasPrefix("aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-") == true)
        #expect((accept["arguments"] as? [[String]])?.first?.prefix(3) == ["aws", "ec2", "accept-vpc-peering-connection"])
        #expect(changes[1]["path"] as? String == "forward" && changes[3]["path"] as? String == "forward")
        #expect(changes[2]["path"] as? String == "return")
        #expect(accept["path"] is NSNull)
        #expect((fixes.first?["packet"] as? [String: Any])?["icmpType"] as? Int == 8)
    }

    @Test func reachableQueriesNeedNothingAndWriteNothing() throws {
        let output = Self.newFolder()
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/06-ping-works", Self.ping, "--write-snapshot", output])
        #expect(run.status == 0)
        #expect(run.output.contains("Verdict: REACHABLE already: nothing to fix"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func badChoicesAndLimitsExitTwo() throws {
        let choice = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/05-routes-sg-blocks-icmp", Self.ping,
                                       "--write-snapshot", Self.newFolder(), "--choice", "2"])
        #expect(choice.status == 2)
        #expect(choice.error.contains("there is only 1 fix"))
        let limit = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/05-routes-sg-blocks-icmp", Self.ping, "--limit", "0"])
        #expect(limit.status == 2)
        let query = try PathProofCLI.run(["fix", "--quiet", "--snapshot", "\(CLITests.seed)/05-routes-sg-blocks-icmp", "can nobody ping NextWork-2-instance"])
        #expect(query.status == 2)
    }

    @Test func noPossibleFixExitsOne() throws {
        // NextWork-2 widened to 10.0.0.0/8 overlaps NextWork-1: the two VPCs can never be peered.
        let directory = Self.newFolder()
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("\(CLITests.seed)/01-no-peering"),
                                         to: URL(fileURLWithPath: directory))
        let path = "\(directory)/describe-vpcs.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let id = try Self.id("01-no-peering", "describe-vpcs.json", "Vpcs", "VpcId", "NextWork-2")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        object["Vpcs"] = (object["Vpcs"] as? [[String: Any]] ?? []).map { vpc in
            guard vpc["VpcId"] as? String == id else { return vpc }
            var vpc = vpc
            vpc["CidrBlock"] = "10.0.0.0/8"
            vpc["CidrBlockAssociationSet"] = [["CidrBlock": "10.0.0.0/8", "CidrBlockState": ["State": "associated"]]]
            return vpc
        }
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let run = try PathProofCLI.run(["fix", "--quiet", "--snapshot", directory, Self.ping])
        #expect(run.status == 1, "\(run.output)\n\(run.error)")
        #expect(run.output.contains("No fix found") && run.output.contains("overlapping"))
    }
}

import Foundation
import PathProofTestSupport
import Testing

/// What a user sees when the input is bad or the question is off: JSON errors with `--format json`, addresses inside
/// a VPC that no interface holds, `diff` on exposure with its exit status, help texts, `--version`, `--timeout 0`,
/// and Name tags that would drive a terminal.
@Suite struct TrustCLITests {
    static func json(_ run: ProcessRun) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
    }

    @Test func badInputWithFormatJSONPrintsAJSONError() throws {
        let snapshot = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 80}]}]}
            """)
        for arguments in [["query", "--format", "json", "--snapshot", snapshot.path, "can a ping b"],
                          ["exposure", "--format", "json", "--snapshot", snapshot.path],
                          ["matrix", "--format", "json", "--snapshot", snapshot.path]] {
            let run = try PathProofCLI.run(arguments)
            #expect(run.status == 2, "\(arguments[0]): \(run.error)")
            let error = try #require(try Self.json(run)["error"] as? [String: String])
            #expect(error["file"] == "sg.json" && error["jsonPath"] == "SecurityGroups[0].IpPermissions[0].ToPort", "\(error)")
            #expect(error["message"]?.contains("inverted range") == true)
            #expect(run.error.contains("error: sg.json: SecurityGroups[0].IpPermissions[0].ToPort"), "the message is on standard error too")
        }
        let unknown = try PathProofCLI.run(["ports", "--quiet", "--format", "json", "--snapshot", "Queries/seed/06-ping-works", "nobody", "NextWork-1-instance"])
        #expect(unknown.status == 2)
        #expect((try Self.json(unknown)["error"] as? [String: String])?["message"]?.contains(#"no instance, network interface or address "nobody""#) == true)
        let text = try PathProofCLI.run(["query", "--snapshot", snapshot.path, "can a ping b"])
        #expect(text.status == 2 && text.output.isEmpty, "text output prints the error on standard error only")
    }

    @Test func anAddressInsideAVPCThatNoInterfaceHoldsIsNotTheInternet() throws {
        let run = try PathProofCLI.run(["query", "--quiet", "--snapshot", "Queries/seed/06-ping-works", "can NextWork-1-instance ping 10.2.0.11"])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.error.contains("10.2.0.11 is inside subnet subnet-"), "\(run.error)")
        #expect(run.error.contains("but no network interface in the snapshot has this address (its interfaces have 10.2.0.10)"), "\(run.error)")
        #expect(!run.output.contains("UNREACHABLE"))
        let outside = try PathProofCLI.run(["query", "--quiet", "--snapshot", "Queries/seed/06-ping-works", "can NextWork-1-instance ping 10.9.0.1"])
        #expect(outside.status == 0 && outside.output.contains("internet host 10.9.0.1"), "an address outside every VPC is still a host on the internet: \(outside.output)\(outside.error)")
    }

    @Test func diffReportsOpeningSSHToTheInternet() throws {
        let run = try PathProofCLI.run(["diff", "--quiet", "Queries/seed/08-eic-elastic-ip-no-ssh-rule", "Queries/seed/09-eic-works"])
        #expect(run.status == 1, "\(run.output)\(run.error)")
        #expect(run.output.contains("Exposure to the internet:"), "\(run.output)")
        #expect(run.output.contains("(NextWork-1-instance) over IPv4: nothing → tcp 22"), "\(run.output)")
        let json = try PathProofCLI.run(["diff", "--quiet", "--format", "json", "Queries/seed/08-eic-elastic-ip-no-ssh-rule", "Queries/seed/09-eic-works"])
        #expect(json.status == 1)
        let object = try Self.json(json)
        #expect(object["changed"] as? Bool == true && object["traffic"] as? String == "ping")
        let exposure = try #require(object["exposure"] as? [[String: Any]])
        #expect(exposure.count == 1 && exposure.first?["before"] as? String == "nothing" && exposure.first?["after"] as? String == "tcp 22")
        #expect(exposure.first?["family"] as? String == "ipv4" && exposure.first?["name"] as? String == "NextWork-1-instance")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.isEmpty, "ping between the instances did not change")

        let pairs = try PathProofCLI.run(["diff", "--quiet", "--format", "json", "Queries/seed/05-routes-sg-blocks-icmp", "Queries/seed/06-ping-works"])
        let change = try #require((try Self.json(pairs)["changes"] as? [[String: Any]])?.first)
        #expect((change["pair"] as? [String: String])?["from"]?.hasPrefix("i-") == true)
        #expect(change["traffic"] as? String == "ping" && change["before"] as? String == "unreachable" && change["after"] as? String == "reachable")
    }

    @Test func helpAndTheUnknownEndpointErrorNameEveryKindOfEndpoint() throws {
        for command in ["query", "check"] {
            let help = try PathProofCLI.run([command, "--help"])
            let text = help.output.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: " ")
            for word in ["onprem:", "service:", "over ipv6"] { #expect(text.contains(word), "\(command) --help: \(word)") }
        }
        let unknown = try PathProofCLI.run(["query", "--quiet", "--snapshot", "Queries/seed/06-ping-works", "can nobody ping NextWork-1-instance"])
        #expect(unknown.status == 2)
        for word in ["onprem:", "service:", "over ipv6"] { #expect(unknown.error.contains(word), "\(word): \(unknown.error)") }
    }

    @Test func versionAndTimeoutZero() throws {
        let version = try PathProofCLI.run(["--version"])
        #expect(version.status == 0 && version.trimmedOutput.hasPrefix("pathproof ") && version.trimmedOutput.split(separator: ".").count == 3, "\(version.output)")
        let help = try PathProofCLI.run(["query", "--help"])
        #expect(help.output.contains("0: no limit"), "\(help.output)")
        let run = try PathProofCLI.run(["query", "--quiet", "--timeout", "0", "--snapshot", "Queries/seed/06-ping-works", "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(run.status == 0 && run.output.contains("REACHABLE"), "\(run.output)\(run.error)")
    }

    @Test func terminalEscapesInNameTagsAreShownNotSent() throws {
        let snapshot = try TemporarySnapshot()
        for file in try FileManager.default.contentsOfDirectory(atPath: Fixtures.seed("09-eic-works")) {
            let text = try String(contentsOfFile: Fixtures.seed("09-eic-works") + "/" + file, encoding: .utf8)
            try snapshot.write(file, text.replacingOccurrences(of: "\"NextWork-1-instance\"", with: #""NextWork-1-instance\u001b]0;owned\u0007""#))
        }
        let run = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", snapshot.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(!run.output.contains("\u{1B}") && !run.output.contains("\u{07}"), "\(run.output)")
        #expect(run.output.contains(#"NextWork-1-instance\u{1B}]0;owned\u{7}"#), "\(run.output)")
    }

    @Test func sarifHasRulesPerFileAndUnknownResultsAreOpen() throws {
        let first = try Temporary.file("""
            property web
            description "web reaches the database"
            assert NextWork-1-instance can ping NextWork-2-instance
            """, label: "first", suffix: ".reach")
        let second = try Temporary.file("""
            property web
            description "web is closed to SSH"
            assert NextWork-1-instance can reach NextWork-2-instance on tcp/22
            """, label: "second", suffix: ".reach")
        defer { for file in [first, second] { try? FileManager.default.removeItem(atPath: file) } }
        let run = try PathProofCLI.run(["check", "--quiet", "--format", "sarif", "--snapshot", "Queries/seed/05-routes-sg-blocks-icmp", first, second])
        #expect(run.status == 1, "\(run.error)")
        let log = try Self.json(run)
        let driver = try #require((((log["runs"] as? [[String: Any]])?.first?["tool"]) as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["\(first)#web", "\(second)#web"], "\(rules)")
        #expect(rules.compactMap { ($0["shortDescription"] as? [String: String])?["text"] } == ["web reaches the database", "web is closed to SSH"])

    }

    @Test func exposureNamesTheSourcesEachPortIsOpenTo() throws {
        let run = try PathProofCLI.run(["exposure", "--quiet", "--snapshot", "Queries/seed/09-eic-works"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("\n  tcp 22 from 18.206.107.24/29 (sg-3446666096515e152)\n"), "\(run.output)")
        let json = try PathProofCLI.run(["exposure", "--quiet", "--format", "json", "--snapshot", "Queries/seed/09-eic-works"])
        let exposed = try #require(try Self.json(json)["exposed"] as? [[String: Any]])
        let sources = try #require(exposed.first?["sources"] as? [[String: Any]])
        #expect(sources.count == 1 && sources.first?["cidr"] as? String == "18.206.107.24/29" && sources.first?["ports"] as? String == "tcp 22")
        #expect(sources.first?["securityGroups"] as? [String] == ["sg-3446666096515e152"])
    }
}

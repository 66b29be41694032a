import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PathProofTestSupport
import Testing

/// `pathproof check` as CI runs it: exit statuses, explanations, and the text, JSON, SARIF and JUnit reports.
@Suite struct CheckCommandTests {
    static func seed(_ stage: String) -> String { Fixtures.seed(stage) }

    /// Writes `.reach` files into a fresh temporary folder; returns their paths in the order given.
    static func reachFiles(_ files: [(name: String, text: String)]) throws -> [String] {
        let directory = try Temporary.folder("check", files: Dictionary(files.map { ($0.name, $0.text) }) { $1 })
        return files.map { "\(directory)/\($0.name)" }
    }

    static func check(_ arguments: [String]) throws -> ProcessRun { try PathProofCLI.run(["check", "--quiet"] + arguments) }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every example file in Queries/ says in a comment which status `pathproof check` exits with, and does.
    @Test func exampleFilesExitWithTheStatusTheyDocument() throws {
        let files = try Fixtures.reachFiles()
        #expect(files.count >= 6, "\(files)")
        for path in files {
            let text = try String(contentsOfFile: Fixtures.path(path), encoding: .utf8)
            let documented = text.split(separator: "\n").first { $0.hasPrefix("#") && $0.contains("`pathproof check") && $0.contains(" exits ") }
            let status = try #require(documented.flatMap { line in line.split(separator: " ").last.flatMap { Int32($0.trimmingCharacters(in: .punctuationCharacters)) } },
                                      "\(path) does not say which status it exits with")
            if status == 1 { #expect(text.contains("This file shows a failure"), "\(path)") }
            #expect(!text.contains("../shared") && !text.contains("snapshot /"), "\(path): examples use only Queries/ snapshots")
            let run = try Self.check([path])
            #expect(run.status == status, "\(path): \(run.output) \(run.error)")
            #expect(run.output.contains(status == 0 ? " 0 violated, 0 unknown." : "FAIL "), "\(path): \(run.output)")
        }
    }

    @Test func aFolderStandsForItsReachFiles() throws {
        let run = try Self.check(["Queries/policies"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        #expect(run.output.contains("Queries/policies/exposure.reach (snapshot Queries/seed/09-eic-works)"))
        #expect(run.output.contains("Queries/policies/segmentation.reach (snapshot Queries/seed/03-peering-active-no-routes)"))
        #expect(run.output.contains("Queries/policies/dual-stack.reach (snapshot Queries/ipv6/01-working)"))
        #expect(run.output.contains("in 3 files:"))
    }

    @Test func theSnapshotFlagOverridesTheSnapshotLine() throws {
        // The segmentation policy holds before the routes exist and fails once ping crosses the peering.
        let run = try Self.check(["--snapshot", "Queries/seed/06-ping-works", "Queries/policies/segmentation.reach"])
        #expect(run.status == 1, "\(run.output) \(run.error)")
        #expect(run.output.contains("FAIL    Queries/policies/segmentation.reach:12  lab-vpcs-isolated: isolated vpc:NextWork-1 vpc:NextWork-2"))
        #expect(run.output.contains("[peering-connection]"))
        #expect(run.output.contains("(snapshot Queries/seed/06-ping-works)"))
    }

    @Test func violatedAssertionsCarryTheirExplanation() throws {
        // A `can` that fails: the blockers.
        let can = try Self.check(["Queries/stages/05-routes-sg-blocks-icmp.reach"])
        #expect(can.status == 1)
        #expect(can.output.contains("FAIL    Queries/stages/05-routes-sg-blocks-icmp.reach:10  ping-across-the-peering: NextWork-1-instance can ping NextWork-2-instance"))
        #expect(can.output.contains("property: The tutorial's goal"))
        #expect(can.output.contains("blocked by 1 configuration element"))
        #expect(can.output.contains("[ENI_SG_RULES_MISMATCH, forward inbound]: blocked by SG sg-") && can.output.contains("no rule allows ICMP echo-request from 10.1.0.10"))
        #expect(can.output.contains("PASS    Queries/stages/05-routes-sg-blocks-icmp.reach:14"))

        // A `cannot` and an `isolated` that fail: the pair, the witness packet, the path.
        let files = try Self.reachFiles([("open.reach", """
            snapshot \(Self.seed("06-ping-works"))
            assert NextWork-1-instance cannot ping NextWork-2-instance
            assert isolated subnet:NextWork-2-subnet-public1 subnet:NextWork-1-subnet-public1
            assert NextWork-2-instance cannot ping NextWork-1-instance
            """)])
        let run = try Self.check(files)
        #expect(run.status == 1, "\(run.output) \(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("FAIL    \(files[0]):2") })
        #expect(lines.contains { $0.contains("violated: eni-") && $0.contains("NextWork-1-instance at 10.1.0.10 reaches eni-") && $0.contains("icmp echo-request 10.1.0.10 → 10.2.0.10") })
        #expect(lines.contains { $0.contains("Witness packet: icmp echo-request 10.1.0.10 → 10.2.0.10") })
        #expect(lines.contains { $0.contains("Forward path:") } && lines.contains { $0.contains("Return path:") })
        #expect(lines.contains { $0.contains("FAIL    \(files[0]):3") })
        #expect(lines.contains { $0.contains("(subnet:NextWork-1-subnet-public1 (") && $0.contains("→ subnet:NextWork-2-subnet-public1 (") })
        #expect(lines.contains { $0.contains("PASS    \(files[0]):4") })
        #expect(lines.last == "3 assertions in 1 file: 1 holds, 2 violated, 0 unknown.")
    }

    @Test func jsonReportsEveryAssertion() throws {
        let run = try Self.check(["--format", "json", "Queries/stages/03-peering-active-no-routes.reach"])
        #expect(run.status == 1)
        let object = try Self.json(run.output)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["assertions": 2, "hold": 1, "violated": 1, "unknown": 0])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["path"] as? String == "Queries/stages/03-peering-active-no-routes.reach")
        let assertions = try #require(file["assertions"] as? [[String: Any]])
        #expect(assertions.map { $0["status"] as? String } == ["violated", "holds"])
        #expect(assertions.map { $0["line"] as? Int } == [11, 15])
        #expect(assertions[0]["ruleId"] as? String == "ping-across-the-peering")
        let direction = try #require((assertions[0]["directions"] as? [[String: Any]])?.first)
        let blockers = try #require(direction["blockers"] as? [[String: Any]])
        // No route either way, and the security group that admits nothing: the route tables on both sides.
        #expect(blockers.filter { $0["code"] as? String == "NO_ROUTE_TO_DESTINATION" }.count == 2)
        #expect(Set(blockers.compactMap { $0["path"] as? String }) == ["forward", "return"])
        let pair = try #require(direction["pair"] as? [String: String])
        #expect(pair["source"]?.contains("10.1.0.10") == true && pair["destination"]?.contains("10.2.0.10") == true)
        #expect((assertions[1]["directions"] as? [[String: Any]])?.count == 2)
    }

    /// Two files: a violation on the seed (and two assertions that hold), an unknown answer on a snapshot with a
    /// NAT gateway (and one that holds: eni-2's security group admits nothing).
    static func mixedFiles() throws -> (files: [String], relative: String) {
        // The sample snapshot with a NAT gateway it does not describe, and a second interface.
        var snapshot = SampleSnapshots.undescribedNATGateway
        snapshot["eni.json"] = #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Status": "in-use", "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}]}, {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Status": "in-use", "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.6", "Primary": true}]}]}"#
        let nat = try Temporary.folder("check-nat", files: snapshot)
        let files = try reachFiles([
            ("nat.reach", """
                snapshot \(nat)
                assert eni-1 cannot ping eni-2
                property egress
                description "Instances reach HTTPS on the internet"
                assert eni-1 can reach internet on tcp/443
                """),
        ])
        return (files, "Queries/stages/05-routes-sg-blocks-icmp.reach")
    }

    @Test func sarifIsStructurallyValid() throws {
        let (files, relative) = try Self.mixedFiles()
        let run = try Self.check(["--format", "sarif", relative] + files)
        #expect(run.status == 1, "a violation is stronger news than an unknown answer: \(run.error)")
        let log = try Self.json(run.output)
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let sarifRun = runs[0]
        let driver = try #require((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "PathProof")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.count == rules.count && Set(ruleIDs).count == ruleIDs.count, "rule ids are present and unique")
        for rule in rules {
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(rule)")
            #expect(((rule["fullDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(rule)")
        }
        #expect(ruleIDs.contains("egress") && ruleIDs.contains("ping-across-the-peering") && ruleIDs.contains("pathproof/cannot"))
        let egress = try #require(rules.first { $0["id"] as? String == "egress" })
        #expect((egress["shortDescription"] as? [String: Any])?["text"] as? String == "Instances reach HTTPS on the internet")

        let results = try #require(sarifRun["results"] as? [[String: Any]])
        // One violated assertion in the stage file, one unknown in the NAT file; the rest hold and have no result.
        #expect(results.count == 2, "\(results)")
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs.indices.contains(index) && ruleIDs[index] == ruleID)
            #expect(["error", "none"].contains(result["level"] as? String))
            #expect(result["kind"] as? String == (result["level"] as? String == "error" ? "fail" : "open"), "SARIF: a level other than none needs kind fail")
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(location["artifactLocation"] as? [String: Any])
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
            #expect(artifact["uri"] is String)
        }
        let violated = try #require(results.first { $0["level"] as? String == "error" })
        #expect(violated["ruleId"] as? String == "ping-across-the-peering")
        let location = try #require((violated["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == relative)
        #expect((location["artifactLocation"] as? [String: Any])?["uriBaseId"] as? String == "%SRCROOT%")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 10)
        #expect(((violated["message"] as? [String: Any])?["text"] as? String)?.contains("ENI_SG_RULES_MISMATCH") == true)
        let bases = try #require(sarifRun["originalUriBaseIds"] as? [String: Any])
        #expect(((bases["%SRCROOT%"] as? [String: Any])?["uri"] as? String)?.hasPrefix("file:///") == true)

        let unknown = try #require(results.first { $0["kind"] as? String == "open" })
        #expect(unknown["ruleId"] as? String == "egress")
        let unknownLocation = try #require((unknown["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((unknownLocation["artifactLocation"] as? [String: Any])?["uri"] as? String == URL(fileURLWithPath: files[0]).absoluteString)
        #expect((unknownLocation["region"] as? [String: Any])?["startLine"] as? Int == 5)
        #expect(((unknown["message"] as? [String: Any])?["text"] as? String)?.contains("nat-1") == true)
    }

    @Test func junitParsesAsXML() throws {
        let (files, relative) = try Self.mixedFiles()
        let run = try Self.check(["--format", "junit", relative] + files)
        #expect(run.status == 1)
        let document = try XMLDocument(data: Data(run.output.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "5")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "errors")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == [relative, files[0]])
        let cases = suites.flatMap { $0.elements(forName: "testcase") }
        #expect(cases.count == 5)
        for testcase in cases {
            #expect(testcase.attribute(forName: "name")?.stringValue?.hasPrefix("line ") == true)
            #expect(testcase.attribute(forName: "classname")?.stringValue?.isEmpty == false)
            #expect(Int(testcase.attribute(forName: "line")?.stringValue ?? "") != nil)
            #expect(Double(testcase.attribute(forName: "time")?.stringValue ?? "") != nil)
        }
        let failures = cases.flatMap { $0.elements(forName: "failure") }
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        #expect(failure.attribute(forName: "message")?.stringValue?.hasPrefix("violated: ") == true)
        #expect(failure.stringValue?.contains("[ENI_SG_RULES_MISMATCH, forward inbound]") == true)
        #expect(failure.stringValue?.contains("Property ping-across-the-peering: The tutorial's goal") == true)
        let failed = try #require(cases.first { !$0.elements(forName: "failure").isEmpty })
        #expect(failed.attribute(forName: "classname")?.stringValue == "ping-across-the-peering")
        #expect(failed.attribute(forName: "line")?.stringValue == "10")
        let errors = cases.flatMap { $0.elements(forName: "error") }
        #expect(errors.count == 1 && errors.first?.attribute(forName: "type")?.stringValue == "unknown")
        #expect(errors.first?.stringValue?.contains("nat-1") == true)
    }

    @Test func unknownAnswersExitThree() throws {
        let (files, _) = try Self.mixedFiles()
        let run = try Self.check(files)
        #expect(run.status == 3, "\(run.output) \(run.error)")
        #expect(run.output.contains("UNKNOWN \(files[0]):5  egress: eni-1 can reach internet on tcp/443"))
        #expect(run.output.contains("unknown: ") && run.output.contains("nat-1"))
        #expect(run.output.hasSuffix("2 assertions in 1 file: 1 holds, 0 violated, 1 unknown.\n"))
    }

    @Test func badFilesExitTwoNamingFileLineAndColumn() throws {
        let files = try Self.reachFiles([
            ("good.reach", "snapshot \(Self.seed("06-ping-works"))\nassert NextWork-1-instance can ping NextWork-2-instance\n"),
            ("bad.reach", """
                snapshot \(Self.seed("06-ping-works"))
                # a typo and an unknown statement
                assert NextWork-1-instance kan ping NextWork-2-instance
                asert NextWork-1-instance can ping NextWork-2-instance
                """),
        ])
        let run = try Self.check(files)
        #expect(run.status == 2)
        #expect(run.output.isEmpty, "nothing is checked when any file is bad: \(run.output)")
        #expect(run.error.contains(#"\#(files[1]):3:28: error: expected can or cannot after the source endpoint, found "kan""#), "\(run.error)")
        #expect(run.error.contains(#"\#(files[1]):4:1: error: unknown statement "asert": expected assert, property, description, snapshot or a # comment"#), "\(run.error)")

        // Endpoints that do not resolve: the line and column of the endpoint.
        let unresolved = try Self.reachFiles([("ends.reach", """
            snapshot \(Self.seed("06-ping-works"))
            assert NextWork-1-instance can ping NextWork-9-instance
            assert vpc:NextWork-1 cannot reach tag:team=web on tcp/22
            """)])
        let ends = try Self.check(unresolved)
        #expect(ends.status == 2)
        #expect(ends.error.contains(#"\#(unresolved[0]):2:37: error: no instance, network interface or address "NextWork-9-instance""#), "\(ends.error)")
        #expect(ends.error.contains("\(unresolved[0]):3:36: error: tag:team=web is an empty group"), "\(ends.error)")

        // No snapshot; a snapshot that cannot be read; a file that does not exist.
        let noSnapshot = try Self.reachFiles([("none.reach", "assert a can ping b\n"), ("missing.reach", "snapshot nowhere\nassert a can ping b\n")])
        let none = try Self.check([noSnapshot[0]])
        #expect(none.status == 2 && none.error.contains("\(noSnapshot[0]):1:1: error: no snapshot"), "\(none.error)")
        let missing = try Self.check([noSnapshot[1]])
        #expect(missing.status == 2 && missing.error.contains("\(noSnapshot[1]):1:1: error: snapshot "), "\(missing.error)")
        let absent = try Self.check(["/nonexistent/file.reach"])
        #expect(absent.status == 2 && absent.error.contains("/nonexistent/file.reach"))
        let usage = try Self.check([])
        #expect(usage.status == 2)
    }

    // MARK: The corpus (real AWS captures), when present

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func policiesOnTheCorpus() throws {
        let subnets = try Self.reachFiles([("subnets.reach", """
            # The public/private subnet capture: the private subnet is not exposed, the public one takes SSH.
            property private-subnet-not-exposed
            assert internet cannot reach subnet:"Private subnet"
            property public-ssh
            assert internet can reach subnet:"Public subnet" on tcp/22
            assert sg:launch-wizard-2 can reach sg:launch-wizard-3 on tcp/22
            """)])
        let exposed = try Self.check(["--snapshot", Fixtures.scenario("test-public-private-subnet")] + subnets)
        #expect(exposed.status == 0, "\(exposed.output) \(exposed.error)")

        // The private subnet's default route goes to a virtual private gateway: on premises, not the internet.
        let egress = try Self.reachFiles([("egress.reach", "assert subnet:\"Private subnet\" can reach internet on tcp/443\n")])
        let violated = try Self.check(["--snapshot", Fixtures.scenario("test-public-private-subnet")] + egress)
        #expect(violated.status == 1 && violated.output.contains("sends the packet to virtual private gateway vgw-"), "\(violated.output)")

        // The peering capture: B and C overlap and cannot be peered; A reaches C's instance on tcp/22.
        let peering = try Self.reachFiles([("peering.reach", """
            assert isolated vpc:"VPC B" vpc:"VPC C"
            assert isolated vpc:"VPC A" vpc:"VPC C"
            """)])
        let run = try Self.check(["--snapshot", Fixtures.scenario("test-vpc-peering")] + peering)
        #expect(run.status == 1, "\(run.output) \(run.error)")
        #expect(run.output.contains("PASS    \(peering[0]):1") && run.output.contains("FAIL    \(peering[0]):2"))
        #expect(run.output.contains("pcx-0d5b836985ac8ca8c"))
    }
}

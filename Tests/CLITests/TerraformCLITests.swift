import Foundation
import PathProofTestSupport
import Testing

/// `--terraform FILE` on the commands, alone and over `--snapshot DIR`, `diff --terraform` for CI, and bad input.
@Suite struct TerraformCLITests {
    static func fixture(_ relative: String) -> String { Fixtures.path("Queries/terraform/\(relative)") }

    @Test func diffOfAPlanThatRemovesThePeeringRouteFailsTheBuild() throws {
        let run = try PathProofCLI.run(["diff", "--snapshot", Fixtures.seed("06-ping-works"),
                                        "--terraform", Self.fixture("plans/seed-06-remove-peering-route.json"), "--quiet"])
        #expect(run.status == 1, "\(run.output)\n\(run.error)")
        #expect(run.output.contains("reachable → unreachable"), "\(run.output)")
        #expect(run.output.contains("aws_route_table.nextwork_1_rtb_public"), "\(run.output)")
        #expect(run.output.contains("NO_ROUTE_TO_DESTINATION"), "\(run.output)")
    }

    @Test func diffShowsTheNewExposureOfAnSSHRule() throws {
        let run = try PathProofCLI.run(["diff", "--snapshot", Fixtures.seed("08-eic-elastic-ip-no-ssh-rule"),
                                        "--terraform", Self.fixture("plans/seed-08-open-ssh.json"), "--quiet", "--format", "json"])
        #expect(run.status == 1, "\(run.output)\n\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let exposure = try #require(object["exposure"] as? [[String: Any]])
        #expect(exposure.count == 1)
        #expect(exposure.first?["after"] as? String == "tcp 22", "\(exposure)")
        #expect(exposure.first?["before"] as? String == "nothing")
        #expect(exposure.first?["terraform"] as? String == "aws_instance.nextwork_1_instance")
        // The same as a pull-request comment.
        let markdown = try PathProofCLI.run(["diff", "--snapshot", Fixtures.seed("08-eic-elastic-ip-no-ssh-rule"),
                                             "--terraform", Self.fixture("plans/seed-08-open-ssh.json"), "--quiet", "--format", "markdown"])
        #expect(markdown.status == 1)
        #expect(markdown.output.hasPrefix("### PathProof diff") && markdown.output.contains("| nothing | tcp 22 |"), "\(markdown.output)")
    }

    @Test func diffOfAStateOverItsOwnSnapshotPasses() throws {
        let run = try PathProofCLI.run(["diff", "--snapshot", Fixtures.seed("09-eic-works"),
                                        "--terraform", Self.fixture("seed/09-eic-works/state.json"), "--quiet"])
        #expect(run.status == 0, "\(run.output)\n\(run.error)")
        #expect(run.output.contains("No change in ping reachability"), "\(run.output)")
        #expect(run.output.contains("No change in what the internet reaches."), "\(run.output)")
    }

    @Test func queryAndOtherCommandsReadTerraformAlone() throws {
        let state = Self.fixture("seed/06-ping-works/state.json")
        let query = try PathProofCLI.run(["query", "--terraform", state, SeedLab.ping])
        #expect(query.status == 0, "\(query.error)")
        #expect(query.output.contains("REACHABLE"), "\(query.output)")
        #expect(query.output.contains("= aws_vpc_peering_connection.nextwork_peering"), "\(query.output)")
        for command in [["matrix"], ["exposure"], ["ports", SeedLab.a, SeedLab.b]] {
            let run = try PathProofCLI.run(command + ["--terraform", state, "--quiet"])
            #expect(run.status == 0, "\(command): \(run.output) \(run.error)")
        }
    }

    @Test func checkRunsAReachFileOnThePlannedNetwork() throws {
        let file = try Temporary.file("property peering\nassert NextWork-1-instance can ping NextWork-2-instance\n", label: "plan", suffix: ".reach")
        let ok = try PathProofCLI.run(["check", file, "--snapshot", Fixtures.seed("06-ping-works"), "--quiet"])
        #expect(ok.status == 0, "\(ok.output) \(ok.error)")
        let broken = try PathProofCLI.run(["check", file, "--snapshot", Fixtures.seed("06-ping-works"),
                                           "--terraform", Self.fixture("plans/seed-06-remove-peering-route.json"), "--quiet"])
        #expect(broken.status == 1, "\(broken.output) \(broken.error)")
    }

    @Test func badInputNamesTheFileAndTheJSONPath() throws {
        let bad = """
        {"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","name":"a",
        "values":{"id":"vpc-1","cidr_block":"10.0.0.0/33"}}]}}}
        """
        let file = try Temporary.file(bad, label: "bad-state", suffix: ".json")
        let run = try PathProofCLI.run(["exposure", "--terraform", file])
        #expect(run.status == 2)
        #expect(run.error.contains(file) && run.error.contains("values.root_module.resources[0].values.cidr_block"), "\(run.error)")
        let notJSON = try Temporary.file("{\"format_version\": ", label: "truncated", suffix: ".json")
        let truncated = try PathProofCLI.run(["query", "--terraform", notJSON, SeedLab.ping])
        #expect(truncated.status == 2 && truncated.error.contains("invalid JSON"), "\(truncated.error)")
        let notTerraform = try Temporary.file("{\"Vpcs\": []}", label: "describe", suffix: ".json")
        let wrong = try PathProofCLI.run(["query", "--terraform", notTerraform, SeedLab.ping])
        #expect(wrong.status == 2 && wrong.error.contains("format_version"), "\(wrong.error)")
        let neither = try PathProofCLI.run(["query", SeedLab.ping])
        #expect(neither.status == 2 && neither.error.contains("--terraform"), "\(neither.error)")
    }

    @Test func anAnswerThatDependsOnAnUnknownAddressIsUnknown() throws {
        let plan = Self.fixture("plans/unknown-address.json")
        let split = try PathProofCLI.run(["query", "--terraform", plan, "can split-client-1 reach split-server-1 on tcp/5432", "--quiet"])
        #expect(split.status == 3, "\(split.output) \(split.error)")
        #expect(split.output.hasPrefix("Verdict: UNKNOWN: the answer depends on the address AWS assigns to aws_instance.client.private_ip"), "\(split.output)")
        #expect(split.output.contains("10.40.1.0/25"), "\(split.output)")
        // No ICMP rule: unreachable for every address AWS may assign, so the answer stands.
        let ping = try PathProofCLI.run(["query", "--terraform", plan, "can split-client-1 ping split-server-1"])
        #expect(ping.status == 0, "\(ping.output) \(ping.error)")
        #expect(ping.output.contains("UNREACHABLE"), "\(ping.output)")
        #expect(ping.error.contains("aws_instance.client.private_ip is unknown until apply and the assignment matters"), "\(ping.error)")
    }

    @Test func diffNamesTheAssertionsWhoseAnswerFlips() throws {
        let file = try Temporary.file("property peering\nassert NextWork-1-instance can ping NextWork-2-instance\nassert NextWork-2-instance cannot ping NextWork-1-instance\n",
                                      label: "flips", suffix: ".reach")
        let run = try PathProofCLI.run(["diff", "--snapshot", Fixtures.seed("06-ping-works"), "--terraform",
                                        Self.fixture("plans/seed-06-remove-peering-route.json"), "--check", file, "--quiet"])
        #expect(run.status == 1, "\(run.output) \(run.error)")
        #expect(run.output.contains("NextWork-1-instance can ping NextWork-2-instance: holds → violated"), "\(run.output)")
        #expect(!run.output.contains("cannot ping NextWork-1-instance: holds →"), "\(run.output)")
    }

    @Test func jsonAnswersCarryTheTerraformAddresses() throws {
        let run = try PathProofCLI.run(["query", "--terraform", Self.fixture("seed/06-ping-works/state.json"), SeedLab.ping, "--format", "json", "--quiet"])
        #expect(run.status == 0, "\(run.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let addresses = try #require(object["terraform"] as? [String: String])
        #expect(addresses.values.contains("aws_vpc_peering_connection.nextwork_peering"), "\(addresses)")
    }
}

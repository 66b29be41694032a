import Foundation
import Testing

/// `pathproof query --proof DIR` and `pathproof verify DIR`, run as a user would.
@Suite struct ProofCLITests {
    static let cvc5: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/cvc5" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let cvc5Missing = "cvc5 is not installed (apt-get install cvc5): claims cannot be checked independently"

    static let stages: [String] = {
        let root = CLITests.packageRoot.appendingPathComponent("Queries/seed").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { $0.range(of: #"^\d\d-"#, options: .regularExpression) != nil }.sorted()
    }()

    static let queries = [
        "can NextWork-1-instance ping NextWork-2-instance",
        "can NextWork-2-instance ping NextWork-1-instance",
        "can internet reach NextWork-1-instance on tcp/22",
    ]

    static func folder(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-cli-\(label)-\(UUID().uuidString)").path
    }

    /// Runs the binary with an environment of our choosing.
    static func run(_ arguments: [String], path: String) throws -> CLITests.Run {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLITests.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["PATH": path]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                            error: String(decoding: error, as: UTF8.self))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let stage: String
        let query: String
        var testDescription: String { "\(stage): \(query)" }
    }

    static let cases = stages.flatMap { stage in queries.map { Case(stage: stage, query: $0) } }
    /// The reachable seed queries (see SeedStageTests); every other one is unreachable.
    static let reachable: Set<String> = [
        "06-ping-works: \(queries[0])", "07-eic-no-public-ip: \(queries[0])", "08-eic-elastic-ip-no-ssh-rule: \(queries[0])",
        "09-eic-works: \(queries[0])", "09-eic-works: \(queries[2])", "11-inter-region-works: \(queries[0])",
    ]
    static let witnessCases = cases.filter { reachable.contains($0.testDescription) }
    static let claimCases = cases.filter { !reachable.contains($0.testDescription) }

    @Test func everySeedStageIsCovered() {
        #expect(Self.cases.count == 33)
        #expect(Self.witnessCases.count == Self.reachable.count)
    }

    /// `query --proof DIR` on a seed query: the answer on stdout stays one JSON object, the proof is written.
    static func export(_ item: Case, expecting verdict: String) throws -> String {
        let directory = folder("seed")
        let query = try CLITests.run(["query", "--quiet", "--format", "json", "--snapshot", "\(CLITests.seed)/\(item.stage)", "--proof", directory, item.query])
        #expect(query.status == 0, "\(query.error)")
        #expect((try? JSONSerialization.jsonObject(with: Data(query.output.utf8))) != nil, "stdout stays one JSON answer")
        #expect(query.output.contains("\"verdict\" : \"\(verdict)\""))
        #expect(query.error.contains("proof: wrote"), "\(query.error)")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/README.txt"))
        return directory
    }

    @Test(arguments: witnessCases) func seedWitnessVerifies(_ item: Case) throws {
        let directory = try Self.export(item, expecting: "reachable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.fileExists(atPath: "\(directory)/witness.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/claim.smt2"))
        let verify = try CLITests.run(["verify", directory])
        #expect(verify.status == 0, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("hops replayed by the packet walker, each as recorded"), "\(verify.output)")
        #expect(verify.output.contains("PROOF HOLDS"), "\(verify.output)")
    }

    @Test(.enabled(if: cvc5 != nil, Comment(rawValue: cvc5Missing)), arguments: claimCases)
    func seedClaimVerifies(_ item: Case) throws {
        let directory = try Self.export(item, expecting: "unreachable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(FileManager.default.fileExists(atPath: "\(directory)/claim.smt2"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/manifest.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/witness.json"))
        let verify = try CLITests.run(["verify", directory])
        #expect(verify.status == 0, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("cvc5 1.") && verify.output.contains(": unsat"), "\(verify.output)")
        #expect(verify.output.contains("PROOF HOLDS"), "\(verify.output)")
    }

    @Test(.enabled(if: cvc5 != nil, Comment(rawValue: cvc5Missing)))
    func aFlippedClaimExitsOne() throws {
        let directory = Self.folder("flipped")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try CLITests.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/05-routes-sg-blocks-icmp", "--proof", directory,
                                      "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(query.status == 0)
        // The only blocker is the inbound security group: drop the definitions of its group's constants.
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/manifest.json"))) as? [String: Any])
        let blockers = try #require(manifest["blockers"] as? [[String: Any]])
        let group = try #require(blockers.first?["group"] as? String)
        let groups = try #require(manifest["groups"] as? [[String: Any]])
        let constants = try #require(groups.first { $0["id"] as? String == group }?["constants"] as? [String])
        #expect(!constants.isEmpty)
        let script = try String(contentsOfFile: "\(directory)/claim.smt2", encoding: .utf8)
        // Z3 writes each assertion as "(assert\n …)" ending at the next blank line.
        var kept: [String] = []
        for chunk in script.components(separatedBy: "\n\n") {
            let defines = constants.contains { chunk.contains("(= |\($0)| ") || chunk.contains("(= |\($0)|\n") }
            if defines, chunk.contains("(assert") {
                kept.append(String(chunk[..<chunk.range(of: "(assert")!.lowerBound]))
            } else {
                kept.append(chunk)
            }
        }
        try kept.joined(separator: "\n\n").write(toFile: "\(directory)/claim.smt2", atomically: true, encoding: .utf8)
        let verify = try CLITests.run(["verify", directory])
        #expect(verify.status == 1, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains(": sat: the claim does not hold"), "\(verify.output)")
        #expect(verify.output.contains("PROOF DOES NOT HOLD"))
    }

    @Test func anAlteredWitnessHopExitsOne() throws {
        let directory = Self.folder("hop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try CLITests.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/06-ping-works", "--proof", directory,
                                      "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(query.status == 0)
        let path = "\(directory)/witness.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let altered = text.replacingOccurrences(of: "response of an allowed flow", with: "response of an unknown flow")
        #expect(altered != text)
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try CLITests.run(["verify", directory])
        #expect(verify.status == 1, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("Return path: hop 2 differs from the witness"), "\(verify.output)")
    }

    @Test func anEditedSnapshotExitsOneNamingTheFile() throws {
        let snapshot = Self.folder("snapshot")
        try FileManager.default.copyItem(atPath: CLITests.packageRoot.appendingPathComponent("\(CLITests.seed)/09-eic-works").path, toPath: snapshot)
        defer { try? FileManager.default.removeItem(atPath: snapshot) }
        let directory = Self.folder("edited")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try CLITests.run(["query", "--quiet", "--snapshot", snapshot, "--proof", directory, "can internet reach NextWork-1-instance on tcp/22"])
        #expect(query.status == 0)
        #expect(try CLITests.run(["verify", directory]).status == 0)
        let file = "\(snapshot)/describe-instances.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"running\"", with: "\"stopped\"").write(toFile: file, atomically: true, encoding: .utf8)
        let verify = try CLITests.run(["verify", directory])
        #expect(verify.status == 1, "\(verify.output)\(verify.error)")
        #expect(verify.output.contains("describe-instances.json has changed since the proof was written"), "\(verify.output)")
    }

    @Test func badInputExitsTwo() throws {
        let missing = try CLITests.run(["verify", "/nonexistent/proof"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no such folder"))
        let empty = Self.folder("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let nothing = try CLITests.run(["verify", empty])
        #expect(nothing.status == 2)
        #expect(nothing.error.contains("holds no proof"))
        try "not json".write(toFile: "\(empty)/witness.json", atomically: true, encoding: .utf8)
        let garbled = try CLITests.run(["verify", empty])
        #expect(garbled.status == 2)
        #expect(garbled.error.contains("witness.json is not a PathProof witness"), "\(garbled.error)")
        let usage = try CLITests.run(["verify"])
        #expect(usage.status == 2)
    }

    @Test func aMissingCVC5ExitsTwoAndSaysHowToInstallIt() throws {
        let directory = Self.folder("nocvc5")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let query = try CLITests.run(["query", "--quiet", "--snapshot", "\(CLITests.seed)/01-no-peering", "--proof", directory,
                                      "can NextWork-1-instance ping NextWork-2-instance"])
        #expect(query.status == 0)
        let bare = Self.folder("bin")
        try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: bare) }
        let verify = try Self.run(["verify", directory], path: bare)
        #expect(verify.status == 2, "\(verify.output)\(verify.error)")
        #expect(verify.error.contains("cvc5 is not installed"))
        #expect(verify.error.contains("apt-get install cvc5"))
        #expect(!verify.output.contains("PROOF HOLDS"))
    }

    @Test func anUnknownAnswerWritesNothingAndSaysSo() throws {
        let snapshot = try CLITests.temporarySnapshot([
            "vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
            "subnets.json": #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}"#,
            "rtb.json": #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true, "RouteTableId": "rtb-1"}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"}]}]}"#,
            "sg.json": #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
            "eni.json": #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Status": "in-use", "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}]}]}"#,
        ])
        defer { try? FileManager.default.removeItem(at: snapshot) }
        let directory = Self.folder("unknown")
        let run = try CLITests.run(["query", "--quiet", "--snapshot", snapshot.path, "--proof", directory, "can eni-1 reach internet on tcp/443"])
        #expect(run.status == 3)
        #expect(run.error.contains("nothing written"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}

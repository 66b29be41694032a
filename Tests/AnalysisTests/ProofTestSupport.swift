import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import Questions
import SMT
import Testing

/// Exporting and verifying proofs of seed queries, for the proof tests.
enum ProofSupport {
    static let cvc5 = ProofVerifier.executable(named: "cvc5")
    static let cvc5Missing = "cvc5 is not installed (apt-get install cvc5): the claim cannot be checked independently"

    /// Every stage folder of the seed lab (stages with per-region subfolders are loaded whole).
    static let seedStages: [String] = {
        let root = Fixtures.packageRoot.appendingPathComponent("Queries/seed").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { $0.range(of: #"^\d\d-"#, options: .regularExpression) != nil }.sorted()
    }()

    static let seedQueries = [
        "can NextWork-1-instance ping NextWork-2-instance",
        "can NextWork-2-instance ping NextWork-1-instance",
        "can internet reach NextWork-1-instance on tcp/22",
    ]

    /// A seed query on one stage.
    struct Case: CustomTestStringConvertible, Sendable {
        let stage: String
        let query: String
        var testDescription: String { "\(stage): \(query)" }
    }

    static let seedCases = seedStages.flatMap { stage in seedQueries.map { Case(stage: stage, query: $0) } }

    /// The seed queries that are reachable (see SeedStageTests); every other one is unreachable.
    static let reachableSeedCases: Set<String> = [
        "06-ping-works: \(seedQueries[0])", "07-eic-no-public-ip: \(seedQueries[0])", "08-eic-elastic-ip-no-ssh-rule: \(seedQueries[0])",
        "09-eic-works: \(seedQueries[0])", "09-eic-works: \(seedQueries[2])", "11-inter-region-works: \(seedQueries[0])",
    ]
    static let witnessCases = seedCases.filter { reachableSeedCases.contains($0.testDescription) }
    static let claimCases = seedCases.filter { !reachableSeedCases.contains($0.testDescription) }

    static func load(_ directory: String) throws -> (network: Network, files: [String]) {
        let snapshot = try SnapshotReader.load(directory: directory)
        return (snapshot.network, snapshot.files)
    }

    static let verifier = ProofVerifier(loadSnapshot: load)

    static func temporaryDirectory(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-\(label)-\(UUID().uuidString)").path
    }

    /// Answers `query` on the snapshot in `directory` and writes its proof to a fresh folder.
    static func export(_ directory: String, _ query: String, oneWay: Bool = false) throws -> (QuestionResult, ProofDocument, String) {
        let (network, files) = try load(directory)
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask(query, oneWay: oneWay)
        let record = try ProofSnapshotRecord.make(directory: directory, files: files)
        let document = try #require(try questions.proof(for: result, snapshot: record), "\(query): the answer is \(result.answer.verdict)")
        let folder = temporaryDirectory("proof")
        try document.write(to: folder)
        return (result, document, folder)
    }

    /// Copies a seed stage to a temporary folder that a test may edit.
    static func copyOfSeed(_ stage: String) throws -> String {
        let copy = temporaryDirectory("snapshot")
        try FileManager.default.copyItem(atPath: Fixtures.seed(stage), toPath: copy)
        return copy
    }

    static func read(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
    }

    static func write(_ folder: String, _ name: String, _ text: String) throws {
        try text.write(toFile: "\(folder)/\(name)", atomically: true, encoding: .utf8)
    }

    static func manifest(_ folder: String) throws -> ProofManifest {
        try JSONDecoder().decode(ProofManifest.self, from: Data(try read(folder, ProofDocument.manifestFile).utf8))
    }

    /// The claim without the definitions of these constants (every other form kept, comments dropped).
    static func claim(_ script: String, removingDefinitionsOf names: Set<String>) throws -> String {
        try SMTLIB2Text.forms(script).filter { form in
            guard form.expression.head == "assert", let body = form.expression.elements?.last else { return true }
            var core = body
            while core.head == "let", let elements = core.elements, elements.count == 3 { core = elements[2] }
            guard core.head == "=", let name = core.elements?[1].symbol else { return true }
            return !names.contains(name)
        }.map(\.text).joined(separator: "\n") + "\n"
    }

    /// The names of the constants in the groups of the answer's blockers.
    static func blockingConstants(_ manifest: ProofManifest) -> Set<String> {
        let groups = Set(manifest.blockers.compactMap(\.group))
        return Set(manifest.groups.filter { groups.contains($0.id) }.flatMap(\.constants))
    }

    /// A snapshot whose only way out is a NAT gateway, which PathProof does not model (answers are unknown).
    static let natSnapshot: [String: String] = [
        "vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        "subnets.json": #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}"#,
        "rtb.json": #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true, "RouteTableId": "rtb-1"}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}, {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"}]}]}"#,
        "sg.json": #"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
        "eni.json": #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Status": "in-use", "Groups": [{"GroupId": "sg-1"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}]}]}"#,
    ]
}

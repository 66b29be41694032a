// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PathProof",
    // The MCP package needs macOS 13 (Linux has no such floor).
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pathproof", targets: ["pathproof"]),
        .executable(name: "pathproof-mcp", targets: ["pathproof-mcp"]),
        .library(name: "PathProof", targets: ["NetworkModel", "AWSSnapshot", "SMT", "Simulation", "Analysis", "Questions"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // Z3's C API, from Debian's libz3-dev.
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
        // A safe Swift wrapper of Z3: knows nothing of networks.
        .target(name: "SMT", dependencies: ["CZ3"]),
        // The vendor-independent network: VPCs, subnets, route tables, security groups, … No JSON, no Z3.
        .target(name: "NetworkModel"),
        // Reads `aws ec2 describe-*` JSON into the network model. No Z3.
        .target(name: "AWSSnapshot", dependencies: ["NetworkModel", .product(name: "Crypto", package: "swift-crypto")]),
        // Reads `terraform show -json` plans and state into the network model, alone or laid over a snapshot. No Z3.
        .target(name: "TerraformPlan", dependencies: ["NetworkModel", "AWSSnapshot"]),
        // `pathproof capture`: runs the AWS CLI's read-only calls, account by account and region by region, into a
        // snapshot folder with its capture.json. No Z3.
        .target(name: "AWSCapture", dependencies: [.product(name: "Subprocess", package: "swift-subprocess")]),
        // The reference semantics: a concrete packet walker in plain Swift. No Z3.
        .target(name: "Simulation", dependencies: ["NetworkModel"]),
        // SMT encoding of the network, verdicts and minimal blockers.
        .target(name: "Analysis", dependencies: [
            "NetworkModel", "Simulation", "SMT",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The query language, endpoint resolution and answers (text, JSON, SARIF, JUnit); proof checking reads SMT-LIB2
        // text with the SMT wrapper's reader.
        .target(name: "Questions", dependencies: ["NetworkModel", "Simulation", "Analysis", "SMT"]),
        // `pathproof mcp`: the query service's questions as Model Context Protocol tools over stdio. The only target
        // that depends on the MCP package.
        .target(name: "PathProofMCP", dependencies: [
            "Questions", "AWSSnapshot",
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        .executableTarget(name: "pathproof", dependencies: [
            "Questions", "Analysis", "AWSSnapshot", "NetworkModel", "TerraformPlan", "AWSCapture",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What `pathproof mcp` runs in its place: the only program linked with the MCP package (and the URL-loading
        // system it brings), so that the other commands start without loading it.
        .executableTarget(name: "pathproof-mcp", dependencies: ["PathProofMCP", "Questions", "AWSSnapshot"]),
        // Times the main jobs on a generated network of 100 VPCs, 1,000 subnets and 5,000 instances.
        .executableTarget(name: "pathproof-benchmark", dependencies: [
            "AWSSnapshot", "Analysis", "Questions", "NetworkModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What the test targets share: where the fixtures are (the labs under Queries/, the corpus beside the
        // repository), the labs' stages, questions and expected answers, edited and temporary snapshots, proofs, the
        // `pathproof` runner and the golden answer files (Tests/Golden). Not a test target: it holds no tests.
        .target(name: "PathProofTestSupport", dependencies: ["NetworkModel", "AWSSnapshot", "Simulation", "SMT", "Analysis", "Questions"],
                path: "Tests/PathProofTestSupport"),
        .testTarget(name: "SMTTests", dependencies: ["SMT", "PathProofTestSupport"]),
        .testTarget(name: "NetworkModelTests", dependencies: ["NetworkModel"]),
        .testTarget(name: "AWSSnapshotTests", dependencies: ["AWSSnapshot", "NetworkModel", "PathProofTestSupport"]),
        // The packet walker (the reference semantics) on the labs' packets and on hand-written rules.
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "NetworkModel", "PathProofTestSupport"]),
        // The SMT encoding's answers, blockers, fixes and proofs (asked through the query front end of Questions).
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Simulation", "NetworkModel", "AWSSnapshot", "Questions", "SMT",
                                                          "PathProofTestSupport"]),
        // The query language, endpoints, `.reach` files, whole-network answers, reports, and the golden answers.
        .testTarget(name: "QuestionsTests", dependencies: ["Questions", "Analysis", "Simulation", "NetworkModel", "PathProofTestSupport"]),
        .testTarget(name: "TerraformPlanTests", dependencies: ["TerraformPlan", "AWSSnapshot", "NetworkModel", "Questions", "Analysis", "PathProofTestSupport"]),
        // `pathproof capture` against moto's server (from .venv-fixtures, made by scripts/install-dependencies).
        .testTarget(name: "CaptureTests", dependencies: ["pathproof", "AWSCapture", "AWSSnapshot", "NetworkModel", "PathProofTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["pathproof", "pathproof-mcp", "pathproof-benchmark", "AWSSnapshot", "NetworkModel", "PathProofTestSupport"]),
    ]
)

// libFuzzer targets, built only by scripts/fuzz (PATHPROOF_FUZZ=1, -sanitize=fuzzer, in .build-fuzz): each defines
// LLVMFuzzerTestOneInput and no main, so an ordinary build must not see them.
if Context.environment["PATHPROOF_FUZZ"] != nil {
    package.targets += [
        .executableTarget(name: "fuzz-snapshot-reader", dependencies: ["AWSSnapshot"], path: "Fuzz/SnapshotReader"),
        .executableTarget(name: "fuzz-query", dependencies: ["Questions", "AWSSnapshot"], path: "Fuzz/Query"),
        .executableTarget(name: "fuzz-reach-file", dependencies: ["Questions"], path: "Fuzz/ReachFile"),
    ]
}

import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs the user's AWS CLI (`aws`, v1 or v2): their profiles, SSO, credential processes, role chains, retries and
/// pagination, and every `AWS_*` variable (`AWS_ENDPOINT_URL` too), exactly as their own CLI would. The environment
/// is passed through as it is (plus `AWS_PAGER=""`, and the retry settings a capture chose); PathProof never reads,
/// prints or writes a credential.
///
/// Only the calls `ReadOnlyOperations` lists can be run, and two local commands that make no request
/// (`aws --version`, `aws configure get region`): anything else is refused before a process starts.
public struct AWSCLI: Sendable {
    /// The `aws` executable.
    public let executable: String
    /// Variables set for every call on top of the inherited environment.
    public let overrides: [String: String]

    public init(executable: String, overrides: [String: String] = [:]) {
        self.executable = executable
        self.overrides = overrides
    }

    /// The first `aws` on PATH, or nil.
    public static func onPath(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/aws"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What one call did.
    public struct Result: Sendable {
        /// The exit status (128 + the signal for a process killed by one).
        public let status: Int32
        /// Standard output, when it was not written to a file.
        public let output: String
        /// Standard error (the CLI's error message).
        public let error: String
        /// Wall-clock seconds.
        public let seconds: Double
    }

    public enum Refusal: Error, CustomStringConvertible {
        case notReadOnly(String)
        public var description: String {
            switch self {
            case .notReadOnly(let command): "refused: aws \(command) is not one of the read-only operations pathproof capture may issue"
            }
        }
    }

    /// Runs `aws [--profile P] [--region R] --output json SERVICE OPERATION ARGUMENTS`, its output into `outputFile`
    /// (created or truncated) when given, else collected. Throws `Refusal` for anything `ReadOnlyOperations` does
    /// not list.
    public func run(_ call: AWSCall, profile: String?, region: String?, outputFile: String? = nil) async throws -> Result {
        guard ReadOnlyOperations.allows(service: call.service, operation: call.operation) else {
            throw Refusal.notReadOnly(call.command)
        }
        var arguments: [String] = []
        if let profile { arguments += ["--profile", profile] }
        if let region { arguments += ["--region", region] }
        arguments += ["--output", "json", call.service, call.operation] + call.arguments
        return try await launch(arguments, outputFile: outputFile)
    }

    /// `aws --version` (v1 prints it on standard error, v2 on standard output).
    public func version() async throws -> String {
        let result = try await launch(["--version"], outputFile: nil)
        return (result.output + result.error).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `aws configure get region [--profile P]`: the profile's default region, or nil. Reads the CLI's config file,
    /// no request.
    public func configuredRegion(profile: String?) async throws -> String? {
        var arguments = ["configure", "get", "region"]
        if let profile { arguments += ["--profile", profile] }
        let result = try await launch(arguments, outputFile: nil)
        let region = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.status == 0 && !region.isEmpty ? region : nil
    }

    private func launch(_ arguments: [String], outputFile: String?) async throws -> Result {
        var environment: [Environment.Key: String?] = ["AWS_PAGER": ""]
        for (key, value) in overrides { environment[Environment.Key(stringLiteral: key)] = value }
        // A cancelled call (an interrupted capture) ends its `aws`: SIGTERM, then SIGKILL half a second later.
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .milliseconds(500))]
        let start = Date()
        let status: TerminationStatus
        let output: String
        let error: String
        if let outputFile {
            let descriptor = try FileDescriptor.open(FilePath(outputFile), .writeOnly, options: [.create, .truncate],
                                                     permissions: [.ownerReadWrite, .groupRead, .otherRead])
            let result = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments),
                                                  environment: .inherit.updating(environment), platformOptions: options,
                                                  output: .fileDescriptor(descriptor, closeAfterSpawningProcess: true),
                                                  error: .string(limit: 1 << 20))
            (status, output, error) = (result.terminationStatus, "", result.standardError)
        } else {
            let result = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments),
                                                  environment: .inherit.updating(environment), platformOptions: options,
                                                  output: .string(limit: 16 << 20), error: .string(limit: 1 << 20))
            (status, output, error) = (result.terminationStatus, result.standardOutput, result.standardError)
        }
        let code: Int32 = switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
        return Result(status: code, output: output, error: error, seconds: Date().timeIntervalSince(start))
    }
}

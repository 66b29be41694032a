import Foundation

/// `capture.json`, written into the snapshot folder by `pathproof capture`: when the capture ran, with which CLI and
/// retry settings, which accounts and regions, and every call with its exit status, duration and, when it failed,
/// why. The snapshot reader reads it back: failed calls become warnings and gaps in the snapshot's completeness.
public struct CaptureRecord: Codable, Sendable {
    public struct Account: Codable, Sendable {
        /// The 12-digit id `sts get-caller-identity` gave.
        public var id: String
        /// The `--profile` it was captured with (nil: the CLI's default credentials).
        public var profile: String?
        /// The regions captured in it.
        public var regions: [String]
    }

    public struct Retries: Codable, Sendable {
        /// `AWS_RETRY_MODE` for every call (`standard`, `adaptive`, `legacy`).
        public var mode: String
        /// `AWS_MAX_ATTEMPTS` for every call (the first try included).
        public var maxAttempts: Int
        /// Who set them: `environment` (the user's variables) or `pathproof capture` (its `--max-attempts`).
        public var setBy: String

        public init(mode: String, maxAttempts: Int, setBy: String) {
            self.mode = mode
            self.maxAttempts = maxAttempts
            self.setBy = setBy
        }
    }

    public struct Call: Codable, Sendable {
        public var account: String
        public var region: String
        /// `ec2 describe-vpcs`, `ec2 get-transit-gateway-route-table-associations --transit-gateway-route-table-id …`.
        public var command: String
        /// The output file, relative to the snapshot folder; nil when the call failed (nothing is written) or its
        /// output only steered the capture.
        public var file: String?
        public var exitStatus: Int32
        public var seconds: Double
        /// The CLI's error (`AccessDenied`, `UnauthorizedOperation`, …) and message, for a failed call.
        public var error: String?
    }

    /// ISO 8601, UTC.
    public var capturedAt: String
    /// `aws --version`.
    public var cliVersion: String
    public var retries: Retries
    public var accounts: [Account]
    public var regions: [String]
    /// `DIR/<account>/<region>/…` (`account/region`) or `DIR/…` (`flat`).
    public var layout: String
    public var calls: [Call]
    /// The calls that failed (also in `calls`).
    public var failed: [Call]

    public static let fileName = "capture.json"

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

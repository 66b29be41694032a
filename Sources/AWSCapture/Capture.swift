import Foundation

/// `pathproof capture`: runs the read-only calls of `CapturePlan` for every account (one per profile) and region,
/// concurrently up to `parallelCalls` at a time, into a temporary sibling folder of the output folder, writes
/// `capture.json` there and only then renames the folder into place, so that an interrupted capture never leaves a
/// folder that looks like a complete snapshot.
public struct Capture: Sendable {
    public enum Regions: Sendable, Equatable {
        /// Each profile's default region (`AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's `region`).
        case profileDefault
        case named([String])
        /// The regions `describe-regions` lists as enabled, in each account.
        case allEnabled
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    public var cli: AWSCLI
    public var output: String
    /// `--profile` names; empty: the CLI's default credentials.
    public var profiles: [String]
    public var regions: Regions
    public var parallelCalls: Int
    public var retries: CaptureRecord.Retries
    /// Called with each warning (a failed call) and, when given, with progress.
    public var warn: @Sendable (String) -> Void
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ region: String) -> Void)?

    public init(cli: AWSCLI, output: String, profiles: [String], regions: Regions, parallelCalls: Int,
                retries: CaptureRecord.Retries, warn: @escaping @Sendable (String) -> Void,
                progress: (@Sendable (Int, Int, String) -> Void)?) {
        self.cli = cli
        self.output = output
        self.profiles = profiles
        self.regions = regions
        self.parallelCalls = parallelCalls
        self.retries = retries
        self.warn = warn
        self.progress = progress
    }

    /// The folder a capture is written into before it is renamed to `output`: hidden, beside it.
    public static func temporaryFolder(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).capture-\(getpid())").path
    }

    /// One account: its id and the profile it is reached with.
    struct Target: Sendable {
        let account: String
        let profile: String?
        let regions: [String]
    }

    /// One account and region, and the folder (relative to the snapshot) its outputs go in.
    struct Scope: Sendable {
        let account: String
        let profile: String?
        let region: String
        let folder: String
    }

    /// Runs the capture; returns its record. Throws `Failure` when the output folder is not empty, when an
    /// account's identity or regions cannot be found, or when a file cannot be written.
    public func run() async throws -> CaptureRecord {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: output, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw Failure("\(output): a file exists there; capture into a new folder") }
            guard (try? manager.contentsOfDirectory(atPath: output))?.isEmpty == true else {
                throw Failure("\(output): the folder exists and is not empty; capture into a new folder")
            }
        }
        let startedAt = Date()
        let version = try await cli.version()
        let targets = try await resolveTargets()
        let allRegions = Array(Set(targets.flatMap(\.regions))).sorted()
        let layered = targets.count > 1 || allRegions.count > 1
        let scopes = targets.flatMap { target in
            target.regions.map { Scope(account: target.account, profile: target.profile, region: $0,
                                       folder: layered ? "\(target.account)/\($0)" : "") }
        }

        let temporary = Self.temporaryFolder(for: output)
        try? manager.removeItem(atPath: temporary)
        do {
            for scope in scopes {
                try manager.createDirectory(atPath: (temporary as NSString).appendingPathComponent(scope.folder),
                                            withIntermediateDirectories: true)
            }
        } catch {
            throw Failure("\(temporary): cannot create the folder: \(error.localizedDescription)")
        }

        let counter = Counter(total: scopes.count * CapturePlan.independentCalls.count)
        // Round by round in every scope: the independent calls, then what they list, then what those list.
        var calls: [CaptureRecord.Call] = []
        var outputs = [String: [String: Data]]()  // by scope folder, by file name
        for (index, round) in CapturePlan.rounds.enumerated() {
            let planned = scopes.flatMap { scope in round(outputs[scope.folder] ?? [:]).map { (scope, $0) } }
            if index > 0 { await counter.add(planned.count) }
            calls += try await runAll(planned, into: temporary, counter: counter)
            for (scope, call) in planned {
                guard let file = call.file else { continue }
                let path = (temporary as NSString).appendingPathComponent((scope.folder as NSString).appendingPathComponent(file))
                if let data = manager.contents(atPath: path) { outputs[scope.folder, default: [:]][file] = data }
            }
        }

        try Task.checkCancellation()  // interrupted: the calls were ended, nothing is written
        let accounts = targets.map { CaptureRecord.Account(id: $0.account, profile: $0.profile, regions: $0.regions) }
        let record = CaptureRecord(capturedAt: ISO8601DateFormatter().string(from: startedAt), cliVersion: version,
                                   retries: retries, accounts: accounts, regions: allRegions,
                                   layout: layered ? "account/region" : "flat", calls: calls,
                                   failed: calls.filter { $0.exitStatus != 0 })
        do {
            try record.encoded().write(to: URL(fileURLWithPath: temporary).appendingPathComponent(CaptureRecord.fileName))
            if manager.fileExists(atPath: output) { try manager.removeItem(atPath: output) }  // empty, checked above
            try manager.moveItem(atPath: temporary, toPath: output)
        } catch {
            throw Failure("\(output): cannot write the snapshot: \(error.localizedDescription)")
        }
        return record
    }

    /// Each profile's account id and regions.
    func resolveTargets() async throws -> [Target] {
        var targets: [Target] = []
        for profile in profiles.isEmpty ? [nil] : profiles.map(Optional.some) {
            let defaultRegion = try await self.defaultRegion(profile: profile)
            let identity = try await cli.run(AWSCall("sts", "get-caller-identity", file: nil), profile: profile, region: defaultRegion)
            guard identity.status == 0, let account = Self.string("Account", in: identity.output) else {
                throw Failure("aws sts get-caller-identity\(profile.map { " --profile \($0)" } ?? "") failed (exit status \(identity.status)): \(Self.firstLine(identity.error))")
            }
            if targets.contains(where: { $0.account == account }) {
                warn("profile \(profile ?? "default") is account \(account) again; captured once")
                continue
            }
            let regions: [String]
            switch self.regions {
            case .named(let names): regions = names
            case .profileDefault:
                guard let defaultRegion else {
                    throw Failure("no region for profile \(profile ?? "default"): set one (aws configure set region …) or pass --region")
                }
                regions = [defaultRegion]
            case .allEnabled:
                let listed = try await cli.run(AWSCall("ec2", "describe-regions", file: nil), profile: profile,
                                               region: defaultRegion ?? "us-east-1")
                guard listed.status == 0 else {
                    throw Failure("aws ec2 describe-regions failed (exit status \(listed.status)): \(Self.firstLine(listed.error))")
                }
                regions = CapturePlan.ids(in: Data(listed.output.utf8), list: "Regions", field: "RegionName").sorted()
            }
            targets.append(Target(account: account, profile: profile, regions: regions))
        }
        return targets
    }

    /// The region the CLI would use for `profile`: `AWS_REGION`, `AWS_DEFAULT_REGION`, else the profile's.
    func defaultRegion(profile: String?) async throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let region = environment[name], !region.isEmpty { return region }
        }
        return try await cli.configuredRegion(profile: profile)
    }

    /// Runs calls concurrently, at most `parallelCalls` at a time; their records in the order given.
    func runAll(_ calls: [(Scope, AWSCall)], into folder: String, counter: Counter) async throws -> [CaptureRecord.Call] {
        var records = [CaptureRecord.Call?](repeating: nil, count: calls.count)
        try await withThrowingTaskGroup(of: (Int, CaptureRecord.Call).self) { group in
            var next = 0
            func start() {
                let index = next
                let (scope, call) = calls[index]
                next += 1
                group.addTask { (index, try await self.runOne(call, in: scope, folder: folder, counter: counter)) }
            }
            while next < calls.count && next < max(1, parallelCalls) { start() }
            while let (index, record) = try await group.next() {
                records[index] = record
                if next < calls.count && !Task.isCancelled { start() }
            }
        }
        return records.compactMap { $0 }
    }

    func runOne(_ call: AWSCall, in scope: Scope, folder: String, counter: Counter) async throws -> CaptureRecord.Call {
        let relative = call.file.map { scope.folder.isEmpty ? $0 : "\(scope.folder)/\($0)" }
        let path = relative.map { (folder as NSString).appendingPathComponent($0) }
        let result = try await cli.run(call, profile: scope.profile, region: scope.region, outputFile: path)
        var record = CaptureRecord.Call(account: scope.account, region: scope.region, command: call.command, file: relative,
                                        exitStatus: result.status, seconds: (result.seconds * 1000).rounded() / 1000, error: nil)
        if result.status != 0 {
            if let path { try? FileManager.default.removeItem(atPath: path) }  // no half or empty output
            record.file = nil
            record.error = Self.firstLine(result.error)
            warn("aws \(call.command) failed in \(scope.account) \(scope.region) (exit status \(result.status)): \(record.error ?? "")")
        }
        let done = await counter.finish()
        progress?(done.done, done.total, scope.region)
        return record
    }

    /// The CLI's error in one line: `An error occurred (AccessDenied) when calling …: …`.
    static func firstLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? "(no message)"
    }

    static func string(_ key: String, in json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        return object[key] as? String
    }
}

/// Calls done and planned, for the progress line.
actor Counter {
    private(set) var total: Int
    private var done = 0
    init(total: Int) { self.total = total }
    func add(_ count: Int) { total += count }
    func finish() -> (done: Int, total: Int) {
        done += 1
        return (done, total)
    }
}

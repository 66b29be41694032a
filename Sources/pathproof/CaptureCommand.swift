import AWSCapture
import ArgumentParser
import Foundation

/// `pathproof capture`: a live AWS network, every account and region asked for, into one snapshot folder.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture a snapshot of live AWS accounts with the AWS CLI's read-only calls.",
        discussion: """
        Runs `aws` (v1 or v2, on PATH) with your profiles, SSO, credential processes and AWS_* variables \
        (AWS_ENDPOINT_URL too); PathProof never handles a credential. Writes DIR/<account>/<region>/... when there is \
        more than one account or region, DIR/... otherwise, and DIR/capture.json (when, CLI version, accounts, \
        regions, every call with its exit status and duration). A call that fails (AccessDenied, a service the \
        region lacks) is a warning and a line in capture.json; answers that depend on it are UNKNOWN. Exit status: \
        0 captured (with or without failed calls), 2 bad input or nothing could be captured.
        """
    )

    @Option(name: .long, help: "The snapshot folder to create (it must not exist, or be empty).")
    var out: String

    @Option(name: .long, help: "An AWS CLI profile, one account each (repeat for several). Default: the CLI's default credentials.")
    var profile: [String] = []

    @Option(name: .long, help: "A region to capture (repeat for several). Default: the profile's default region.")
    var region: [String] = []

    @Flag(name: .long, help: "Capture every region describe-regions lists as enabled.")
    var allRegions = false

    @Option(name: .long, help: "How many AWS CLI calls run at once.")
    var parallel = 8

    @Option(name: .long, help: "AWS_MAX_ATTEMPTS for every call (standard retry mode, which retries throttling), unless the environment sets AWS_MAX_ATTEMPTS or AWS_RETRY_MODE.")
    var maxAttempts = 10

    @Flag(name: .long, help: "Print neither progress nor warnings.")
    var quiet = false

    func validate() throws {
        if allRegions && !region.isEmpty { throw ValidationError("--all-regions and --region exclude each other") }
        if parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let aws = AWSCLI.onPath(environment) else {
            fail("the AWS CLI (aws) is not on PATH; install it (https://aws.amazon.com/cli/) and configure a profile")
        }
        var retries = CaptureRecord.Retries(mode: "standard", maxAttempts: maxAttempts, setBy: "pathproof capture")
        var overrides: [String: String] = [:]
        if environment["AWS_MAX_ATTEMPTS"] != nil || environment["AWS_RETRY_MODE"] != nil {
            retries = CaptureRecord.Retries(mode: environment["AWS_RETRY_MODE"] ?? "the CLI's default",
                                            maxAttempts: Int(environment["AWS_MAX_ATTEMPTS"] ?? "") ?? 0, setBy: "environment")
        } else {
            overrides = ["AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": String(maxAttempts)]
        }
        let quiet = quiet
        let line = ProgressLine.standardError(quiet: quiet)
        let warn: @Sendable (String) -> Void = { message in
            if !quiet { line.above { printError("warning: \(message)") } }
        }
        var progress: (@Sendable (Int, Int, String) -> Void)?
        if line.isEnabled {
            progress = { (done: Int, total: Int, region: String) in
                line.update("capture: \(done)/\(total) calls, \(region)", force: done == total)
            }
        }
        let regions: Capture.Regions = allRegions ? .allEnabled : region.isEmpty ? .profileDefault : .named(region)
        let capture = Capture(cli: AWSCLI(executable: aws, overrides: overrides), output: out, profiles: profile,
                              regions: regions, parallelCalls: parallel, retries: retries, warn: warn, progress: progress)
        let temporary = Capture.temporaryFolder(for: out)
        let record: CaptureRecord
        do {
            record = try runInterruptibly(removingOnInterrupt: temporary) { try await capture.run() }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            fail("capture: \(error)")
        }
        line.clear()
        let ok = record.calls.count - record.failed.count
        let summary = "captured \(record.accounts.count) account\(record.accounts.count == 1 ? "" : "s") (\(record.accounts.map(\.id).joined(separator: ", "))), \(record.regions.count) region\(record.regions.count == 1 ? "" : "s") (\(record.regions.joined(separator: ", "))): \(ok) of \(record.calls.count) calls answered\(record.failed.isEmpty ? "" : ", \(record.failed.count) failed (see capture.json)") into \(out)"
        if !quiet { printError(summary) }
    }
}

/// Runs an async job to its end from synchronous code. On SIGINT, SIGTERM or SIGHUP, cancels it (which ends the
/// running `aws` processes, `AWSCLI`), waits for it to stop (5 s at most), removes `folder` (so nothing
/// half-written is left) and exits with 128 + the signal.
private func runInterruptibly<T: Sendable>(removingOnInterrupt folder: String,
                                           _ job: @escaping @Sendable () async throws -> T) throws -> T {
    let state = JobState<T>()
    let task = Task {
        let result: Result<T, any Error>
        do { result = .success(try await job()) } catch { result = .failure(error) }
        state.finish(result)
    }
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler {
            state.interrupt()
            task.cancel()
            _ = state.stopped.wait(timeout: .now() + 5)
            try? FileManager.default.removeItem(atPath: folder)
            printError("capture: interrupted; nothing written")
            exit(128 + signalNumber)
        }
        source.resume()
        interruptSources.append(source)
    }
    state.done.wait()
    if state.isInterrupted { while true { pause() } }  // the signal handler removes the folder and exits
    return try state.result!.get()
}

/// The job's result, and whether a signal interrupted it.
private final class JobState<T>: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    let stopped = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var interrupted = false
    private(set) var result: Result<T, any Error>?

    func finish(_ result: Result<T, any Error>) {
        lock.withLock { self.result = result }
        done.signal()
        stopped.signal()
    }

    func interrupt() { lock.withLock { interrupted = true } }
    var isInterrupted: Bool { lock.withLock { interrupted } }
}

nonisolated(unsafe) private var interruptSources: [any DispatchSourceSignal] = []

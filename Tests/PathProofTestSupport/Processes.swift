import Foundation

/// Finds an executable on PATH (nil if absent).
public func executableOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// What a finished process printed and its exit status.
public struct ProcessRun: Sendable {
    public let status: Int32
    public let output: String
    public let error: String

    /// The standard output without the white space around it.
    public var trimmedOutput: String { output.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// The cache folder (`XDG_CACHE_HOME`) of the programs tests run: a temporary folder of this test process, never the
/// user's cache of loaded snapshots.
public let testCacheHome: String = Temporary.path("cache-home")

/// The environment of a program a test runs: ours, with `testCacheHome` as its cache folder, and `environment` on top.
public func testEnvironment(_ environment: [String: String] = [:]) -> [String: String] {
    ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": testCacheHome]) { $1 }.merging(environment) { $1 }
}

/// Runs an executable to its end: its standard output and error apart, the environment ours with `environment`
/// on top of it (and `testCacheHome` as its cache folder).
public func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                       environment: [String: String] = [:]) throws -> ProcessRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = testEnvironment(environment)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Standard error is read while standard output is, so that neither pipe fills up and blocks the process.
    let errors = ReadInBackground(err.fileHandleForReading)
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let error = errors.wait()
    process.waitUntilExit()
    return ProcessRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      error: String(decoding: error, as: UTF8.self))
}

/// Reads a file handle to its end on another thread.
private final class ReadInBackground: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// Runs `pathproof`, the built binary, in the package root (where the labs' relative paths, `Queries/seed/…`, lead).
public enum PathProofCLI {
    /// The binary beside the test bundle, else the debug build's.
    public static var binary: URL {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("pathproof"),
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("pathproof"),
                          Fixtures.packageRoot.appendingPathComponent(".build/debug/pathproof")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    /// Runs `pathproof ARGUMENTS`; `path` replaces PATH (to hide cvc5, say).
    public static func run(_ arguments: [String], path: String? = nil) throws -> ProcessRun {
        try runProcess(binary.path, arguments, in: Fixtures.packageRoot, environment: path.map { ["PATH": $0] } ?? [:])
    }
}

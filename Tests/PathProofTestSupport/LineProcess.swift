import Foundation

/// A process spoken to in lines through pipes: `pathproof serve` and `pathproof mcp` as their clients run them.
/// Lines are read with a deadline, so a process that stops answering fails the test instead of hanging it.
public final class LineProcess: @unchecked Sendable {
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    private var buffer = Data()
    private var ended = false
    private var errorText = Data()

    /// Starts `executable ARGUMENTS` in `directory`.
    public init(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = testEnvironment()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let reader = Thread { [self] in
            while true {
                let chunk = output.fileHandleForReading.availableData
                condition.lock()
                if chunk.isEmpty { ended = true } else { buffer.append(chunk) }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }
        reader.start()
        let errorReader = Thread { [self] in
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            condition.lock()
            errorText = data
            condition.unlock()
        }
        errorReader.start()
    }

    deinit { if process.isRunning { process.terminate() } }

    /// Writes one line (a newline is added).
    public func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The next line written, without its newline; nil at the end of the output. Throws past the deadline.
    public func readLine(timeout: TimeInterval = 60) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[buffer.index(after: newline)...])
                return line
            }
            if ended { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
            guard condition.wait(until: deadline) else { throw Timeout(description: "no line within \(timeout) s; stderr: \(standardErrorLocked)") }
        }
    }

    /// Closes the process's input (its end of file).
    public func closeInput() throws { try input.fileHandleForWriting.close() }

    /// Waits for the process to end; its exit status. Throws past the deadline (and stops the process).
    public func waitForExit(timeout: TimeInterval = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                process.terminate()
                throw Timeout(description: "the process did not end within \(timeout) s")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return process.terminationStatus
    }

    /// What the process wrote on stderr so far (complete once it ended).
    public var standardError: String {
        condition.lock()
        defer { condition.unlock() }
        return standardErrorLocked
    }

    private var standardErrorLocked: String { String(decoding: errorText, as: UTF8.self) }
}

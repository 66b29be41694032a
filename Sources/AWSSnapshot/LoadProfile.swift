import Foundation

/// How long each phase of loading a snapshot took: wall-clock time and the processor time of the whole process
/// (every thread) meanwhile. `pathproof-benchmark` prints it.
public struct LoadProfile: Sendable {
    public struct Phase: Sendable {
        public let name: String
        public let wallSeconds: Double
        public let processorSeconds: Double
    }

    public private(set) var phases: [Phase] = []

    public init() {}

    /// The moment the current phase began.
    struct Clock {
        var wall = Clock.wallNow()
        var processor = Clock.processorNow()

        static func wallNow() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }

        static func processorNow() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
    }

    /// Ends the phase `name` (begun at `clock`) and begins the next.
    mutating func note(_ name: String, _ clock: inout Clock) {
        let next = Clock()
        phases.append(Phase(name: name, wallSeconds: next.wall - clock.wall, processorSeconds: next.processor - clock.processor))
        clock = next
    }

    /// Adds a phase measured elsewhere (the parse cache's).
    mutating func append(_ phase: Phase) { phases.append(phase) }
}

/// The bytes of a snapshot's files, each read on one of the machine's cores, or the error that stopped it; with
/// `digests`, the SHA-256 of each file's bytes too (the key of the cache, `SnapshotCache`).
final class FileContents: @unchecked Sendable {
    let contents: UnsafeMutableBufferPointer<Result<[UInt8], SnapshotError>>
    let digests: UnsafeMutableBufferPointer<[UInt8]>

    /// Reads every file (`DispatchQueue.concurrentPerform`: each file one piece of work).
    init(_ files: [SourceFile], digests hashing: Bool, bytes: @Sendable (SourceFile) throws(SnapshotError) -> [UInt8]) {
        contents = .allocate(capacity: files.count)
        digests = .allocate(capacity: files.count)
        digests.initialize(repeating: [])
        let shared = self
        withoutActuallyEscaping(bytes) { bytes in
            DispatchQueue.concurrentPerform(iterations: files.count) { position in
                let result: Result<[UInt8], SnapshotError>
                do throws(SnapshotError) { result = .success(try bytes(files[position])) } catch { result = .failure(error) }
                (shared.contents.baseAddress! + position).initialize(to: result)
                if hashing, case .success(let data) = result { shared.digests[position] = SnapshotCache.digest(of: data) }
            }
        }
    }

    /// Takes the SHA-256 of every file read, on every core (for a `FileContents` made without `digests`).
    func takeDigests() {
        let shared = self
        DispatchQueue.concurrentPerform(iterations: contents.count) { position in
            if case .success(let data) = shared.contents[position] { shared.digests[position] = SnapshotCache.digest(of: data) }
        }
    }

    /// How many bytes were read, all files together.
    var totalBytes: Int { contents.reduce(0) { $0 + ((try? $1.get().count) ?? 0) } }

    /// Whether every file was read.
    var allRead: Bool { contents.allSatisfy { if case .success = $0 { true } else { false } } }

    deinit {
        contents.deinitialize()
        contents.deallocate()
        digests.deinitialize()
        digests.deallocate()
    }
}

/// The parsed files of a snapshot, each parsed on one of the machine's cores, or the error that stopped it.
struct ParsedFiles: ~Copyable {
    private let slots: UnsafeMutableBufferPointer<Result<JSONNode, SnapshotError>?>

    /// Reads every file, then parses them on every core.
    static func parse(_ files: [SourceFile], bytes: @Sendable (SourceFile) throws(SnapshotError) -> [UInt8],
                      profile: inout LoadProfile, clock: inout LoadProfile.Clock) -> ParsedFiles {
        let contents = FileContents(files, digests: false, bytes: bytes)
        profile.note("read the files", &clock)
        return parse(files, contents: contents, profile: &profile, clock: &clock)
    }

    /// Parses the files read in `contents` on every core (`DispatchQueue.concurrentPerform`: each file is one piece
    /// of work, the largest first, and the call returns when all are done). Each file's bytes are freed once parsed.
    static func parse(_ files: [SourceFile], contents: FileContents, profile: inout LoadProfile, clock: inout LoadProfile.Clock) -> ParsedFiles {
        let slots = UnsafeMutableBufferPointer<Result<JSONNode, SnapshotError>?>.allocate(capacity: files.count)
        slots.initialize(repeating: nil)
        let shared = SharedSlots(slots: slots, contents: contents.contents)
        let order = files.indices.sorted { (try? shared.contents[$0].get().count) ?? 0 > (try? shared.contents[$1].get().count) ?? 0 }
        DispatchQueue.concurrentPerform(iterations: files.count) { turn in
            let position = order[turn]
            let result: Result<JSONNode, SnapshotError>
            switch shared.contents[position] {
            case .success(let bytes):
                shared.contents[position] = .success([])
                do throws(SnapshotError) {
                    result = .success(try SnapshotReader.parse(files[position], bytes: bytes))
                } catch {
                    result = .failure(error)
                }
            case .failure(let error):
                result = .failure(error)
            }
            shared.slots[position] = result
        }
        profile.note("parse the JSON (\(ProcessInfo.processInfo.activeProcessorCount) cores)", &clock)
        return ParsedFiles(slots: slots)
    }

    private init(slots: UnsafeMutableBufferPointer<Result<JSONNode, SnapshotError>?>) {
        self.slots = slots
    }

    /// The file at `position`, or its error; its slot is emptied, so that its values are freed once read.
    mutating func take(_ position: Int) throws(SnapshotError) -> JSONNode {
        guard let result = slots[position] else { preconditionFailure("file \(position) taken twice") }
        slots[position] = nil
        return try result.get()
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// The slots, written by the workers, each its own.
    private struct SharedSlots: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Result<JSONNode, SnapshotError>?>
        let contents: UnsafeMutableBufferPointer<Result<[UInt8], SnapshotError>>
    }
}

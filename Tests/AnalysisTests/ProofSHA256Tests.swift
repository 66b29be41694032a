import Analysis
import Foundation
import PathProofTestSupport
import Testing

/// The SHA-256 a proof records for snapshot files, against published and reference digests.
@Suite struct ProofSHA256Tests {
    @Test func publishedVectors() {
        // FIPS 180-2 / NIST examples.
        #expect(SHA256Digest.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hex(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256Digest.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 65, 119, 120 bytes of i % 251).
    @Test func paddingBoundaries() {
        let expected: [Int: String] = [
            55: "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59",
            56: "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562",
            63: "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488",
            64: "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108",
            65: "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781",
            119: "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6",
            120: "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c",
        ]
        for (length, digest) in expected {
            let bytes = (0..<length).map { UInt8($0 % 251) }
            #expect(SHA256Digest.hex(bytes) == digest, "\(length) bytes")
            // Fed in uneven pieces, the digest is the same.
            var incremental = SHA256Digest()
            var start = 0
            for size in [1, 7, 64, 3, 100] where start < length {
                incremental.update(bytes[start..<min(length, start + size)])
                start = min(length, start + size)
            }
            incremental.update(bytes[start...])
            let hex = incremental.finish().map { String(format: "%02x", $0) }.joined()
            #expect(hex == digest, "\(length) bytes, incremental")
        }
    }

    /// The digests a proof records for a seed snapshot are those of `sha256sum`, when it is installed.
    @Test func snapshotRecordMatchesSha256sum() throws {
        let directory = Fixtures.seed("06-ping-works")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        let record = try ProofSnapshotRecord.make(directory: directory, files: files)
        #expect(record.files.map(\.path) == files)
        #expect(record.directory.hasPrefix("/"))
        #expect(record.changes(currentFiles: files).isEmpty)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else {
            print("sha256sum not installed: comparing with the published vectors only")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = files.map { "\(directory)/\($0)" }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let digests = output.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(digests == record.files.map(\.sha256))
    }
}

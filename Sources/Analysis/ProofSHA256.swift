import Crypto

/// SHA-256 (FIPS 180-4), computed by swift-crypto: the digests a proof records for the snapshot files it was made from.
public struct SHA256Digest {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// The digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var digest = SHA256Digest()
        digest.update(bytes)
        return digest.finish().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let hashed: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if hashed == nil { hasher.update(data: Array(bytes)) }
    }

    /// The 32-byte digest of everything given to `update`.
    public mutating func finish() -> [UInt8] {
        Array(hasher.finalize())
    }
}

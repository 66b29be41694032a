/// The identity of a proof: one SHA-256 over the files that state and support its claim (for an unreachable answer
/// `claim.smt2` and `manifest.json`, for a reachable one `witness.json`), written to `identity.txt`. It binds the
/// verdict, the query, the snapshot record, the constants, the SMT-LIB2 text and the witness together: an edit of any
/// byte of them changes it, and `pathproof verify` recomputes it before anything else.
///
/// The digest covers, for each file in name order, `<name> <byte count>\n`, its bytes and `\n`, after the line
/// `pathproof-identity 1\n`; `identity.txt` reads `sha256:<64 hex digits>` and then the names it covers.
public enum ProofIdentity {
    public static let file = "identity.txt"
    public static let formatName = "pathproof-identity 1"

    /// The digest of the named files' bytes, as 64 lowercase hexadecimal digits.
    public static func digest(_ files: [(name: String, bytes: [UInt8])]) -> String {
        var bytes = Array((formatName + "\n").utf8)
        for file in files.sorted(by: { $0.name < $1.name }) {
            bytes += Array("\(file.name) \(file.bytes.count)\n".utf8)
            bytes += file.bytes
            bytes.append(UInt8(ascii: "\n"))
        }
        return SHA256Digest.hex(bytes)
    }

    /// The text of `identity.txt`.
    public static func text(_ files: [(name: String, bytes: [UInt8])]) -> String {
        "sha256:\(digest(files))\ncovers: \(files.map(\.name).sorted().joined(separator: ", "))\n"
    }

    /// The digest an `identity.txt` records; nil when the text is not one.
    public static func recorded(in text: String) -> String? {
        guard let first = text.split(whereSeparator: \.isNewline).first, first.hasPrefix("sha256:") else { return nil }
        let hex = first.dropFirst("sha256:".count)
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return String(hex)
    }
}

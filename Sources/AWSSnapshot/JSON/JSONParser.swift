#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A JSON syntax error: the byte offset where parsing stopped and what was wrong there.
package struct JSONSyntaxError: Error {
    package let offset: Int
    package let message: String
}

/// Where one value of a document is: its bytes and, for an object member, the bytes of its key (quotes included).
struct JSONSpan: Sendable {
    let value: Range<Int>
    let key: Range<Int>?
}

/// Where every value of a parsed document is, by its path (the root's is the empty path).
typealias JSONSpans = [JSONPath: JSONSpan]

/// A strict RFC 8259 parser over UTF-8 bytes. It never traps: deep nesting, huge numbers and bad escapes are
/// syntax errors or literal text, and error positions convert to a line and column. Asked to, it also records
/// where every value is, for the snapshot editor, which rewrites only the bytes of what it changes.
package struct JSONParser {
    static let maximumDepth = 512

    /// The document's bytes, valid while the parse runs (`run`).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Where the values parsed so far are; nil when not asked for.
    private var spans: JSONSpans?
    /// The path of the value being parsed, kept only while recording spans.
    private var path = JSONPath()
    /// The longer strings made so far, to reuse (`describe-*` output repeats ids and member names thousands of times).
    private var strings = StringTable()

    private init(_ bytes: UnsafeBufferPointer<UInt8>, locating: Bool) {
        self.bytes = bytes
        spans = locating ? [:] : nil
    }

    package static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try run(bytes, locating: false) { parser throws(JSONSyntaxError) in try parser.parseDocument() }
    }

    /// The value, and where each of its values (members and elements, at every depth) is in `bytes`.
    static func parseLocated(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (value: JSONValue, spans: JSONSpans) {
        try run(bytes, locating: true) { parser throws(JSONSyntaxError) in
            let value = try parser.parseDocument()
            return (value, parser.spans ?? [:])
        }
    }

    /// Runs `body` with a parser over the bytes of `bytes` (read in place, not copied).
    private static func run<T>(_ bytes: [UInt8], locating: Bool,
                               _ body: (inout JSONParser) throws(JSONSyntaxError) -> T) throws(JSONSyntaxError) -> T {
        let result: Result<T, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer, locating: locating)
            do throws(JSONSyntaxError) { return .success(try body(&parser)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a UTF-8 byte order mark
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw failure("unexpected \(describeCurrent()) after the end of the JSON value") }
        return value
    }

    /// The 1-based line and column (in characters) of a byte offset.
    package static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
        }
        return (line, column)
    }

    // MARK: Values

    /// Parses the value at `path`; `key` is where the member name before it is, for a member.
    private mutating func parseValue(key: Range<Int>? = nil) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let start = index
        let value = try parseBareValue()
        if spans != nil { spans?[path] = JSONSpan(value: start..<index, key: key) }
        return value
    }

    private mutating func parseBareValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of input; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected \(describeCurrent()); expected a value")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw failure("expected a member name in double quotes, found \(describeCurrent())") }
            let keyStart = index
            let key = try parseString()
            let keyRange = keyStart..<index
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw failure("expected ':' after a member name, found \(describeCurrent())") }
            index += 1
            if spans != nil { path.push(.key(key)) }
            object.set(key, try parseValue(key: keyRange))
            if spans != nil { path.pop() }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
            } else if peek(UInt8(ascii: "}")) {
                index += 1
                depth -= 1
                return .object(object)
            } else {
                throw failure("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if spans != nil { path.push(.index(elements.count)) }
            elements.append(try parseValue())
            if spans != nil { path.pop() }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
            } else if peek(UInt8(ascii: "]")) {
                index += 1
                depth -= 1
                return .array(elements)
            } else {
                throw failure("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("nested more than \(Self.maximumDepth) levels deep") }
    }

    /// Parses a string starting at its opening quote. A string without escapes (nearly every one in a
    /// `describe-*` output) is made from its bytes in place; one with escapes is copied byte by byte.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                if high < 0x80 {
                    index += 1
                    return strings.string(content)
                }
                guard let text = String(validating: content, as: UTF8.self) else {
                    index = start
                    throw failure("invalid UTF-8 in a string (the file must be UTF-8, as the AWS CLI writes it)")
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= byte
            index += 1
        }
        return try parseEscapedString(start: start, copying: contentStart..<index)
    }

    /// Goes on with a string from the first byte that needs more than a copy (an escape, a control character, the end
    /// of input), with the bytes before it.
    private mutating func parseEscapedString(start: Int, copying plain: Range<Int>) throws(JSONSyntaxError) -> String {
        var utf8 = Array(bytes[plain])
        while true {
            guard index < bytes.count else {
                index = start
                throw failure("unterminated string")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    index = start
                    throw failure("invalid UTF-8 in a string (the file must be UTF-8, as the AWS CLI writes it)")
                }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { continue }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 2
                    throw failure("invalid escape sequence in a string")
                }
            case 0x00..<0x20:
                throw failure("unescaped control character in a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    /// Parses the hex digits after `\u` (and a following low surrogate escape); lone surrogates become U+FFFD.
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800..<0xDC00).contains(high), bytes.count >= index + 6,
           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            let save = index
            index += 2
            let low = try parseHex4()
            if (0xDC00..<0xE000).contains(low) {
                let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            index = save
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("incomplete \\u escape in a string") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Parses a number and returns its literal text.
    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        if peek(UInt8(ascii: "0")) {
            index += 1
        } else if skipDigits() == 0 {
            throw failure("invalid number")
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            if skipDigits() == 0 { throw failure("invalid number: expected digits after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            if skipDigits() == 0 { throw failure("invalid number: expected digits in the exponent") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let matches = bytes.count >= index + count && literal.withUTF8Buffer { expected in
            expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw failure("unexpected \(describeCurrent()); expected a value") }
        index += count
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if (0x21..<0x7F).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x20 { return "a space" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private func failure(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: index, message: message) }
}

/// Strings by their bytes, for one document: a string longer than Swift keeps inline (15 bytes) costs an allocation,
/// and the same id or member name stands in a `describe-*` output again and again. Open addressing over a table of
/// a power-of-two size, kept at most half full; only ASCII strings come here (their bytes need no validation).
private struct StringTable {
    /// The strings and their hashes, side by side (one cache line to look at per probe).
    private var slots: [(hash: UInt64, text: String?)] = Array(repeating: (0, nil), count: 1024)
    private var count = 0

    /// The string of `bytes` (ASCII), the one made before when there was one.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while let existing = slots[slot].text {
            if slots[slot].hash == hash, Self.equal(existing, bytes) { return existing }
            slot = (slot + 1) & mask
        }
        let text = String(decoding: bytes, as: UTF8.self)
        slots[slot] = (hash, text)
        count += 1
        if count * 2 > slots.count { grow() }
        return text
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: (0, nil), count: old.count * 2)
        let mask = slots.count - 1
        for (hash, text) in old where text != nil {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].text != nil { slot = (slot + 1) & mask }
            slots[slot] = (hash, text)
        }
    }

    /// A hash of the length and the first, middle and last eight bytes (at least 16 bytes).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(bytes)
        let first = raw.loadUnaligned(as: UInt64.self)
        let middle = raw.loadUnaligned(fromByteOffset: (bytes.count - 8) / 2, as: UInt64.self)
        let last = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ first) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 32
        hash = (hash ^ middle) &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 32
        hash = (hash ^ last) &* 0xFF51_AFD7_ED55_8CCD
        return hash ^ hash >> 32
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { stored in
            stored.count == bytes.count && memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
    }
}

/// A JSON value to write into a document. Objects keep their members in the order given.
indirect enum EditValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([EditValue])
    case object([(String, EditValue)])

    static func int(_ value: Int) -> EditValue { .number(String(value)) }
}

/// A parsed JSON value with the byte range it spans in its document, so that an edit rewrites only the bytes of
/// what changes and every other byte stays as it was.
struct LocatedValue {
    enum Kind {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([LocatedValue])
        case object([Member])
    }

    struct Member {
        let key: String
        /// Where the key's opening quote is.
        let keyStart: Int
        /// Just past the key's closing quote.
        let keyEnd: Int
        let value: LocatedValue
    }

    let kind: Kind
    let range: Range<Int>

    func member(_ key: String) -> LocatedValue? {
        guard case .object(let members) = kind else { return nil }
        return members.last { $0.key == key }?.value
    }

    var members: [Member] {
        if case .object(let members) = kind { return members }
        return []
    }

    var elements: [LocatedValue] {
        if case .array(let elements) = kind { return elements }
        return []
    }

    /// The element at `index` of an array, nil when there is none.
    func element(_ index: Int) -> LocatedValue? {
        let all = elements
        return all.indices.contains(index) ? all[index] : nil
    }

    var string: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    var isArray: Bool { if case .array = kind { true } else { false } }
    var isObject: Bool { if case .object = kind { true } else { false } }

    /// The value as something to write again.
    var plain: EditValue {
        switch kind {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let literal): .number(literal)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(\.plain))
        case .object(let members): .object(members.map { ($0.key, $0.value.plain) })
        }
    }
}

struct LocatedJSONError: Error {
    let offset: Int
    let message: String
}

/// A small RFC 8259 parser that records where every value is. The snapshot reader has already accepted the
/// files it is used on; it reports the first problem it meets and stops.
struct LocatedJSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    static func parse(_ bytes: [UInt8]) throws(LocatedJSONError) -> LocatedValue {
        var parser = LocatedJSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw LocatedJSONError(offset: parser.index, message: "text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func value() throws(LocatedJSONError) -> LocatedValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of input") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            depth += 1
            guard depth <= 512 else { throw failure("nested too deeply") }
            index += 1
            var members: [LocatedValue.Member] = []
            skipWhitespace()
            if peek("}") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    guard peek("\"") else { throw failure("expected a member name") }
                    let keyStart = index
                    let key = try string()
                    let keyEnd = index
                    skipWhitespace()
                    guard peek(":") else { throw failure("expected ':'") }
                    index += 1
                    members.append(.init(key: key, keyStart: keyStart, keyEnd: keyEnd, value: try value()))
                    skipWhitespace()
                    if peek(",") { index += 1; continue }
                    guard peek("}") else { throw failure("expected ',' or '}'") }
                    index += 1
                    break
                }
            }
            depth -= 1
            return LocatedValue(kind: .object(members), range: start..<index)
        case UInt8(ascii: "["):
            depth += 1
            guard depth <= 512 else { throw failure("nested too deeply") }
            index += 1
            var elements: [LocatedValue] = []
            skipWhitespace()
            if peek("]") {
                index += 1
            } else {
                while true {
                    elements.append(try value())
                    skipWhitespace()
                    if peek(",") { index += 1; continue }
                    guard peek("]") else { throw failure("expected ',' or ']'") }
                    index += 1
                    break
                }
            }
            depth -= 1
            return LocatedValue(kind: .array(elements), range: start..<index)
        case UInt8(ascii: "\""):
            let text = try string()
            return LocatedValue(kind: .string(text), range: start..<index)
        case UInt8(ascii: "t"):
            try literal("true")
            return LocatedValue(kind: .bool(true), range: start..<index)
        case UInt8(ascii: "f"):
            try literal("false")
            return LocatedValue(kind: .bool(false), range: start..<index)
        case UInt8(ascii: "n"):
            try literal("null")
            return LocatedValue(kind: .null, range: start..<index)
        default:
            let numberBytes = Set("+-.0123456789eE".utf8)
            while index < bytes.count, numberBytes.contains(bytes[index]) { index += 1 }
            guard index > start else { throw failure("expected a value") }
            return LocatedValue(kind: .number(String(decoding: bytes[start..<index], as: UTF8.self)), range: start..<index)
        }
    }

    private mutating func string() throws(LocatedJSONError) -> String {
        index += 1
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw failure("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    utf8.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
                default: utf8.append(escape)
                }
            default:
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hex4() throws(LocatedJSONError) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw failure("invalid \\u escape")
        }
        index += 4
        return value
    }

    private mutating func literal(_ word: String) throws(LocatedJSONError) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw failure("expected a value")
        }
        index += expected.count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func peek(_ character: Unicode.Scalar) -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: character) }

    private func failure(_ message: String) -> LocatedJSONError { LocatedJSONError(offset: index, message: message) }
}

/// One JSON file being edited: its bytes, parsed with positions, and the layout it is written in (indent unit,
/// the text between a key and its value), which new text follows. Each edit splices new bytes in and parses
/// again, so values found before an edit must be found again after it.
struct EditableJSONDocument {
    private(set) var bytes: [UInt8]
    private(set) var root: LocatedValue
    /// One level of indentation ("    " in `aws … --output json`); nil when the document is on one line.
    let indentUnit: String?
    /// What stands between a member's key and its value (": " in AWS's output).
    let keySeparator: String

    init(bytes: [UInt8]) throws(LocatedJSONError) {
        self.bytes = bytes
        root = try LocatedJSONParser.parse(bytes)
        var unit: String?
        var separator = ": "
        if let first = root.members.first {
            separator = String(decoding: bytes[first.keyEnd..<first.value.range.lowerBound], as: UTF8.self)
            if bytes[root.range.lowerBound..<first.keyStart].contains(0x0A) {
                unit = Self.lineIndent(bytes, at: first.keyStart)
            }
        } else if bytes.contains(0x0A) {
            unit = "    "
        }
        if unit == "" { unit = nil }
        indentUnit = unit
        keySeparator = separator
    }

    /// A new document holding `value`, written the way `aws … --output json` writes.
    static func new(_ value: EditValue) -> [UInt8] {
        Array((serialize(value, indent: "", unit: "    ", separator: ": ") + "\n").utf8)
    }

    // MARK: Edits

    /// Replaces a value with a new one.
    mutating func replace(_ value: LocatedValue, with new: EditValue) throws(LocatedJSONError) {
        let indent = Self.lineIndent(bytes, at: value.range.lowerBound)
        try splice(value.range, serialize(new, indent: indent))
    }

    /// Appends an element to an array.
    mutating func append(_ element: EditValue, to array: LocatedValue) throws(LocatedJSONError) {
        let base = Self.lineIndent(bytes, at: array.range.lowerBound)
        if let last = array.elements.last {
            let indent = startsLine(last.range.lowerBound) ? Self.lineIndent(bytes, at: last.range.lowerBound) : base + (indentUnit ?? "")
            try splice(last.range.upperBound..<last.range.upperBound, "," + newline + indent + serialize(element, indent: indent))
        } else {
            let inner = base + (indentUnit ?? "")
            try splice(array.range, "[" + wrap + inner + serialize(element, indent: inner) + wrap + base + "]")
        }
    }

    /// Inserts an element before the element at `index` of an array (appends when `index` is past the end).
    mutating func insert(_ element: EditValue, at index: Int, in array: LocatedValue) throws(LocatedJSONError) {
        let elements = array.elements
        guard elements.indices.contains(index) else {
            try append(element, to: array)
            return
        }
        let next = elements[index]
        let indent = startsLine(next.range.lowerBound) ? Self.lineIndent(bytes, at: next.range.lowerBound)
                                                       : Self.lineIndent(bytes, at: array.range.lowerBound) + (indentUnit ?? "")
        try splice(next.range.lowerBound..<next.range.lowerBound, serialize(element, indent: indent) + "," + newline + indent)
    }

    /// Sets a member of an object: replaces its value, or adds it after the last member.
    mutating func set(_ key: String, _ value: EditValue, in object: LocatedValue) throws(LocatedJSONError) {
        if let existing = object.member(key) {
            try replace(existing, with: value)
            return
        }
        let base = Self.lineIndent(bytes, at: object.range.lowerBound)
        let text = Self.quote(key) + keySeparator
        if let last = object.members.last {
            let indent = startsLine(last.keyStart) ? Self.lineIndent(bytes, at: last.keyStart) : base + (indentUnit ?? "")
            try splice(last.value.range.upperBound..<last.value.range.upperBound, "," + newline + indent + text + serialize(value, indent: indent))
        } else {
            let inner = base + (indentUnit ?? "")
            try splice(object.range, "{" + wrap + inner + text + serialize(value, indent: inner) + wrap + base + "}")
        }
    }

    /// Removes the element at `index` of an array, with the separator before it (or after it, for the first).
    mutating func remove(_ index: Int, from array: LocatedValue) throws(LocatedJSONError) {
        let elements = array.elements
        guard elements.indices.contains(index) else { return }
        if elements.count == 1 {
            try splice(array.range, "[]")
        } else if index == 0 {
            try splice(elements[0].range.lowerBound..<elements[1].range.lowerBound, "")
        } else {
            try splice(elements[index - 1].range.upperBound..<elements[index].range.upperBound, "")
        }
    }

    private mutating func splice(_ range: Range<Int>, _ text: String) throws(LocatedJSONError) {
        var edited = bytes
        edited.replaceSubrange(range, with: Array(text.utf8))
        root = try LocatedJSONParser.parse(edited)
        bytes = edited
    }

    // MARK: Layout

    /// What follows a comma between elements or members.
    private var newline: String { indentUnit == nil ? " " : "\n" }
    /// What stands inside the brackets of a container that had nothing in it.
    private var wrap: String { indentUnit == nil ? "" : "\n" }

    private func startsLine(_ offset: Int) -> Bool {
        var i = offset - 1
        while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x09 { i -= 1 }
        return i < 0 || bytes[i] == 0x0A
    }

    /// The leading whitespace of the line that holds `offset`.
    static func lineIndent(_ bytes: [UInt8], at offset: Int) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func serialize(_ value: EditValue, indent: String) -> String {
        guard let unit = indentUnit else { return Self.serialize(value, indent: nil, unit: nil, separator: keySeparator) }
        return Self.serialize(value, indent: indent, unit: unit, separator: keySeparator)
    }

    /// `value` as JSON text whose first line starts at `indent` (nil: all on one line).
    static func serialize(_ value: EditValue, indent: String?, unit: String?, separator: String) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let literal): return literal
        case .string(let text): return quote(text)
        case .array(let elements):
            guard !elements.isEmpty else { return "[]" }
            guard let indent, let unit else {
                return "[" + elements.map { serialize($0, indent: nil, unit: nil, separator: separator) }.joined(separator: ", ") + "]"
            }
            let inner = indent + unit
            return "[\n" + elements.map { inner + serialize($0, indent: inner, unit: unit, separator: separator) }.joined(separator: ",\n")
                + "\n" + indent + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            guard let indent, let unit else {
                return "{" + members.map { quote($0.0) + separator + serialize($0.1, indent: nil, unit: nil, separator: separator) }
                    .joined(separator: ", ") + "}"
            }
            let inner = indent + unit
            return "{\n" + members.map { inner + quote($0.0) + separator + serialize($0.1, indent: inner, unit: unit, separator: separator) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

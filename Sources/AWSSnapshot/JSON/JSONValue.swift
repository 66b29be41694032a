/// A JSON value, as the reader parses it and the editor writes it. Numbers keep their literal text, so nothing is
/// rounded or overflows before a reader says what it expects there.
package enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// An integer, as a number literal.
    package static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// "a string", "an array", … as error messages name what they found.
    package var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object: its members, and its keys in document order (or in the order they were given). A repeated key
/// keeps its last value, at the place of its first.
///
/// The members are kept in one array, in order, and found by comparing keys: `describe-*` objects have a few to a
/// few dozen members, for which that is faster than hashing every key. An object past `indexedFrom` members also
/// keeps an index of its keys.
package struct JSONObject: Sendable, ExpressibleByDictionaryLiteral {
    private var entries: [(key: String, value: JSONValue)] = []
    /// Each key's position in `entries`, kept once the object has `indexedFrom` members or more.
    private var positions: [String: Int]?
    private static let indexedFrom = 24

    package init() {}

    /// An object with these members, in this order.
    package init(_ members: [(String, JSONValue)]) {
        entries.reserveCapacity(members.count)
        for (key, value) in members { set(key, value) }
    }

    /// `["Code": .string("active"), "Message": .string("Active")]`: members in the order written.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The keys in document order.
    package var keys: [String] { entries.map(\.key) }

    package subscript(key: String) -> JSONValue? {
        position(of: key).map { entries[$0].value }
    }

    /// The members in key order.
    package var orderedMembers: [(key: String, value: JSONValue)] { entries }

    package var isEmpty: Bool { entries.isEmpty }

    package var count: Int { entries.count }

    package mutating func set(_ key: String, _ value: JSONValue) {
        if let position = position(of: key) {
            entries[position].value = value
            return
        }
        entries.append((key, value))
        if positions != nil {
            positions?[key] = entries.count - 1
        } else if entries.count >= Self.indexedFrom {
            positions = Dictionary(entries.indices.map { (entries[$0].key, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        for position in entries.indices where entries[position].key == key { return position }
        return nil
    }
}

// MARK: Writing

/// How JSON text is laid out: what `aws … --output json` prints (four spaces a level, `": "` after a key), or a
/// file's own layout, which new text in it follows.
package struct JSONLayout: Sendable {
    /// One level of indentation; nil when everything stands on one line (elements and members separated by ", ").
    package var indentUnit: String?
    /// What stands between a member's key and its value.
    package var keySeparator: String

    /// The layout of `aws … --output json`.
    package static let aws = JSONLayout(indentUnit: "    ", keySeparator: ": ")

    package init(indentUnit: String?, keySeparator: String) {
        self.indentUnit = indentUnit
        self.keySeparator = keySeparator
    }
}

extension JSONValue {
    /// The value as JSON text in `layout`, its first line starting at `indent` (the indentation of the line it
    /// begins on; later lines are indented from there).
    package func text(_ layout: JSONLayout, indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let literal): return literal
        case .string(let text): return Self.quote(text)
        case .array(let elements):
            guard !elements.isEmpty else { return "[]" }
            guard let unit = layout.indentUnit else {
                return "[" + elements.map { $0.text(layout) }.joined(separator: ", ") + "]"
            }
            let inner = indent + unit
            return "[\n" + elements.map { inner + $0.text(layout, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let object):
            guard !object.isEmpty else { return "{}" }
            let members = object.orderedMembers
            guard let unit = layout.indentUnit else {
                return "{" + members.map { Self.quote($0.key) + layout.keySeparator + $0.value.text(layout) }.joined(separator: ", ") + "}"
            }
            let inner = indent + unit
            return "{\n" + members.map { inner + Self.quote($0.key) + layout.keySeparator + $0.value.text(layout, indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as it is.
    package static func quote(_ text: String) -> String {
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

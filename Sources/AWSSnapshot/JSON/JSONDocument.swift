/// One JSON file being edited: its bytes, the value they parse to (by `JSONParser`, with where every part of it
/// is), and the layout it is written in (indent unit, the text between a key and its value), which new text
/// follows. Each edit splices new bytes in and parses again, so nodes found before an edit must be found again
/// after it; every byte an edit does not replace stays as it was.
struct JSONDocument {
    /// A value of the document and where it is: what edits name. Lookups are lenient (nil, or empty, where the
    /// value is not of the kind asked for), as the editor works on files the reader has accepted already.
    struct Node {
        let value: JSONValue
        let path: JSONPath
        /// The value's bytes.
        let range: Range<Int>
        /// The member name's bytes (quotes included), for a member of an object.
        let keyRange: Range<Int>?
        fileprivate let spans: JSONSpans

        /// A member of an object (null included); nil when there is none or this is no object.
        func member(_ key: String) -> Node? {
            guard case .object(let object) = value, let child = object[key] else { return nil }
            return node(child, .key(key))
        }

        /// The members of an object, in the order they stand in the document.
        var members: [Node] {
            guard case .object(let object) = value else { return [] }
            return object.keys.compactMap { member($0) }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        }

        /// The elements of an array; empty when this is no array.
        var elements: [Node] {
            guard case .array(let values) = value else { return [] }
            return values.indices.compactMap { node(values[$0], .index($0)) }
        }

        /// The element at `index` of an array, nil when there is none.
        func element(_ index: Int) -> Node? {
            guard case .array(let values) = value, values.indices.contains(index) else { return nil }
            return node(values[index], .index(index))
        }

        var string: String? {
            if case .string(let text) = value { return text }
            return nil
        }

        var bool: Bool? {
            if case .bool(let flag) = value { return flag }
            return nil
        }

        /// A number written as an integer.
        var integer: Int? {
            if case .number(let literal) = value { return Int(literal) }
            return nil
        }

        var isArray: Bool { if case .array = value { true } else { false } }

        private func node(_ child: JSONValue, _ component: JSONPath.Component) -> Node? {
            let childPath = path.appending(component)
            guard let span = spans[childPath] else { return nil }
            return Node(value: child, path: childPath, range: span.value, keyRange: span.key, spans: spans)
        }
    }

    private(set) var bytes: [UInt8]
    private(set) var root: Node
    /// The file's own layout: one level of indentation ("    " in `aws … --output json`, nil when the document is
    /// on one line) and what stands between a member's key and its value (": " in AWS's output).
    let layout: JSONLayout

    init(bytes: [UInt8]) throws(JSONSyntaxError) {
        self.bytes = bytes
        root = try Self.parse(bytes)
        var unit: String?
        var separator = ": "
        if let first = root.members.first, let key = first.keyRange {
            separator = String(decoding: bytes[key.upperBound..<first.range.lowerBound], as: UTF8.self)
            if bytes[root.range.lowerBound..<key.lowerBound].contains(0x0A) {
                unit = Self.lineIndent(bytes, at: key.lowerBound)
            }
        } else if bytes.contains(0x0A) {
            unit = "    "
        }
        if unit == "" { unit = nil }
        layout = JSONLayout(indentUnit: unit, keySeparator: separator)
    }

    /// A new document holding `value`, written the way `aws … --output json` writes.
    static func new(_ value: JSONValue) -> [UInt8] {
        Array((value.text(.aws) + "\n").utf8)
    }

    private static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> Node {
        let (value, spans) = try JSONParser.parseLocated(bytes)
        guard let span = spans[JSONPath()] else { throw JSONSyntaxError(offset: 0, message: "no JSON value") }
        return Node(value: value, path: JSONPath(), range: span.value, keyRange: nil, spans: spans)
    }

    // MARK: Edits

    /// Replaces a value with a new one.
    mutating func replace(_ node: Node, with new: JSONValue) throws(JSONSyntaxError) {
        let indent = Self.lineIndent(bytes, at: node.range.lowerBound)
        try splice(node.range, new.text(layout, indent: indent))
    }

    /// Appends an element to an array.
    mutating func append(_ element: JSONValue, to array: Node) throws(JSONSyntaxError) {
        let base = Self.lineIndent(bytes, at: array.range.lowerBound)
        if let last = array.elements.last {
            let indent = startsLine(last.range.lowerBound) ? Self.lineIndent(bytes, at: last.range.lowerBound) : base + (layout.indentUnit ?? "")
            try splice(last.range.upperBound..<last.range.upperBound, "," + newline + indent + element.text(layout, indent: indent))
        } else {
            let inner = base + (layout.indentUnit ?? "")
            try splice(array.range, "[" + wrap + inner + element.text(layout, indent: inner) + wrap + base + "]")
        }
    }

    /// Inserts an element before the element at `index` of an array (appends when `index` is past the end).
    mutating func insert(_ element: JSONValue, at index: Int, in array: Node) throws(JSONSyntaxError) {
        let elements = array.elements
        guard elements.indices.contains(index) else {
            try append(element, to: array)
            return
        }
        let next = elements[index]
        let indent = startsLine(next.range.lowerBound) ? Self.lineIndent(bytes, at: next.range.lowerBound)
                                                       : Self.lineIndent(bytes, at: array.range.lowerBound) + (layout.indentUnit ?? "")
        try splice(next.range.lowerBound..<next.range.lowerBound, element.text(layout, indent: indent) + "," + newline + indent)
    }

    /// Sets a member of an object: replaces its value, or adds it after the last member.
    mutating func set(_ key: String, _ value: JSONValue, in object: Node) throws(JSONSyntaxError) {
        if let existing = object.member(key) {
            try replace(existing, with: value)
            return
        }
        let base = Self.lineIndent(bytes, at: object.range.lowerBound)
        let text = JSONValue.quote(key) + layout.keySeparator
        if let last = object.members.last, let lastKey = last.keyRange {
            let indent = startsLine(lastKey.lowerBound) ? Self.lineIndent(bytes, at: lastKey.lowerBound) : base + (layout.indentUnit ?? "")
            try splice(last.range.upperBound..<last.range.upperBound, "," + newline + indent + text + value.text(layout, indent: indent))
        } else {
            let inner = base + (layout.indentUnit ?? "")
            try splice(object.range, "{" + wrap + inner + text + value.text(layout, indent: inner) + wrap + base + "}")
        }
    }

    /// Removes the element at `index` of an array, with the separator before it (or after it, for the first).
    mutating func remove(_ index: Int, from array: Node) throws(JSONSyntaxError) {
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

    private mutating func splice(_ range: Range<Int>, _ text: String) throws(JSONSyntaxError) {
        var edited = bytes
        edited.replaceSubrange(range, with: Array(text.utf8))
        root = try Self.parse(edited)
        bytes = edited
    }

    // MARK: Layout

    /// What follows a comma between elements or members.
    private var newline: String { layout.indentUnit == nil ? " " : "\n" }
    /// What stands inside the brackets of a container that had nothing in it.
    private var wrap: String { layout.indentUnit == nil ? "" : "\n" }

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
}

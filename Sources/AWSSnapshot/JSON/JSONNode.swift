import NetworkModel

/// Where a value sits in a JSON document: `RouteTables[3].Routes[1].DestinationCidrBlock`.
package struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    package enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    package private(set) var components: [Component] = []

    package func appending(_ component: Component) -> JSONPath {
        var copy = self
        copy.components.append(component)
        return copy
    }

    /// Steps down into a member or element (the parser, as it goes in).
    package mutating func push(_ component: Component) { components.append(component) }

    /// Steps back out (the parser, as it comes back).
    package mutating func pop() { components.removeLast() }

    package var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// One step of a path and the path before it: how a `JSONNode` knows where it is.
final class JSONPathLink: Sendable {
    let parent: JSONPathLink?
    let component: JSONPath.Component

    init(parent: JSONPathLink?, component: JSONPath.Component) {
        self.parent = parent
        self.component = component
    }

    var path: JSONPath {
        var components: [JSONPath.Component] = []
        var link: JSONPathLink? = self
        while let step = link {
            components.append(step.component)
            link = step.parent
        }
        var path = JSONPath()
        for component in components.reversed() { path.push(component) }
        return path
    }
}

/// A JSON value with the file it came from and its path in that file. Every accessor that finds something it
/// did not expect throws a `SnapshotError` naming both, so resource readers never build paths by hand.
///
/// Conventions: a member that is absent or `null` is "missing"; optional accessors return nil (or an empty array)
/// for it, required ones throw `missing (expected …)`. A member of the wrong type always throws
/// `expected a string, found a number`.
package struct JSONNode {
    package let value: JSONValue
    package let file: String
    /// Where the node is, as a chain of links to the root, spelled out only for a message: a container's own chain
    /// (nil for the root), or for a member or element that is no container, its parent's chain and its own last
    /// step (`step`), which costs no link until a message asks.
    private let chain: JSONPathLink?
    private let step: JSONPath.Component?

    package init(value: JSONValue, file: String, path: JSONPath = JSONPath()) {
        self.value = value
        self.file = file
        chain = path.components.reduce(nil) { JSONPathLink(parent: $0, component: $1) }
        step = nil
    }

    private init(value: JSONValue, file: String, chain: JSONPathLink?, step: JSONPath.Component?) {
        self.value = value
        self.file = file
        self.chain = chain
        self.step = step
    }

    /// The chain of links to this node (nil for the root).
    var location: JSONPathLink? {
        guard let step else { return chain }
        return JSONPathLink(parent: chain, component: step)
    }

    package var path: JSONPath { location?.path ?? JSONPath() }

    /// The node's child: a member or element `value` at `component` (called on containers only, whose chain is
    /// their own).
    private func child(_ value: JSONValue, _ component: JSONPath.Component) -> JSONNode {
        switch value {
        case .object, .array: JSONNode(value: value, file: file, chain: JSONPathLink(parent: location, component: component), step: nil)
        default: JSONNode(value: value, file: file, chain: location, step: component)
        }
    }

    package func error(_ message: String) -> SnapshotError {
        SnapshotError(file: file, jsonPath: path.description, message: message)
    }

    private func typeError(expected: String) -> SnapshotError {
        error("expected \(expected), found \(value.kindDescription)")
    }

    // MARK: Structure

    package func object() throws(SnapshotError) -> JSONObject {
        guard case .object(let object) = value else { throw typeError(expected: "an object") }
        return object
    }

    /// The elements of this array, each with its path.
    package func elements() throws(SnapshotError) -> [JSONNode] {
        guard case .array(let values) = value else { throw typeError(expected: "an array") }
        return values.indices.map { child(values[$0], .index($0)) }
    }

    /// A member of this object; nil when absent or null.
    package func member(_ key: String) throws(SnapshotError) -> JSONNode? {
        let object = try object()
        guard let child = object[key] else { return nil }
        if case .null = child { return nil }
        return self.child(child, .key(key))
    }

    /// A member that must be present (not null); `expected` names what it should be, for the message.
    package func requiredMember(_ key: String, expected: String) throws(SnapshotError) -> JSONNode {
        if let node = try member(key) { return node }
        throw SnapshotError(file: file, jsonPath: JSONPathLink(parent: location, component: .key(key)).path.description,
                            message: "missing (expected \(expected))")
    }

    // MARK: Scalars

    package func string() throws(SnapshotError) -> String {
        guard case .string(let text) = value else { throw typeError(expected: "a string") }
        return text
    }

    package func bool() throws(SnapshotError) -> Bool {
        guard case .bool(let flag) = value else { throw typeError(expected: "true or false") }
        return flag
    }

    /// An integer in `range`; anything else (a fraction, a huge number, a value outside the range) throws.
    /// `what` names the value for the out-of-range message: `99999 is not a port (0-65535, or -1 for all)`.
    package func integer(in range: ClosedRange<Int>, what: String) throws(SnapshotError) -> Int {
        guard case .number(let literal) = value else { throw typeError(expected: "a number") }
        let integer: Int?
        if let exact = Int(literal) {
            integer = exact
        } else if let double = Double(literal), double.rounded() == double {
            integer = double.magnitude < 1e15 ? Int(double) : nil  // nil: too large for any range we ask for
        } else {
            throw error("expected an integer, found \(shortened(literal))")
        }
        guard let integer, range.contains(integer) else { throw error("\(shortened(literal)) is not \(what)") }
        return integer
    }

    // MARK: Members, typed

    package func string(_ key: String) throws(SnapshotError) -> String {
        try requiredMember(key, expected: "a string").string()
    }

    package func optionalString(_ key: String) throws(SnapshotError) -> String? {
        try member(key)?.string()
    }

    package func bool(_ key: String, default defaultValue: Bool) throws(SnapshotError) -> Bool {
        try member(key)?.bool() ?? defaultValue
    }

    /// The elements of an array member; an absent member is an empty array.
    package func array(_ key: String) throws(SnapshotError) -> [JSONNode] {
        try member(key)?.elements() ?? []
    }

    /// An object member, type-checked; nil when absent.
    package func optionalObject(_ key: String) throws(SnapshotError) -> JSONNode? {
        guard let node = try member(key) else { return nil }
        _ = try node.object()
        return node
    }

    package func requiredObject(_ key: String) throws(SnapshotError) -> JSONNode {
        let node = try requiredMember(key, expected: "an object")
        _ = try node.object()
        return node
    }

    package func optionalInteger(_ key: String, in range: ClosedRange<Int>, what: String) throws(SnapshotError) -> Int? {
        try member(key)?.integer(in: range, what: what)
    }

    // MARK: Addresses

    /// This string as a CIDR block of `family`, or of either family when `family` is nil.
    ///
    /// Text that is no CIDR at all is `"10.2.0.0/33" is not a CIDR`; a CIDR of the other family (an IPv4 field
    /// holding IPv6 text, or the reverse) is `"10.0.0.0/8" is not an IPv6 CIDR`.
    package func prefix(_ family: AddressFamily?) throws(SnapshotError) -> IPPrefix {
        let text = try string()
        guard let prefix = IPPrefix(text) else { throw error("\(quoted(text)) is not a CIDR") }
        if let family, prefix.family != family { throw error("\(quoted(text)) is not an \(family) CIDR") }
        return prefix
    }

    /// This string as an address of `family`, or of either family when `family` is nil:
    /// `"10.0.0.300" is not an IPv4 address`, `"10.0.0.5" is not an IPv6 address`.
    package func address(_ family: AddressFamily?) throws(SnapshotError) -> IPAddress {
        let text = try string()
        guard let address = IPAddress(text), family == nil || address.family == family else {
            throw error("\(quoted(text)) is not \(family.map { "an \($0)" } ?? "an IP") address")
        }
        return address
    }

    /// A required CIDR member of `family` (nil: either family).
    package func prefix(_ key: String, _ family: AddressFamily?) throws(SnapshotError) -> IPPrefix {
        try requiredMember(key, expected: Self.expectedCIDR(family)).prefix(family)
    }

    package func optionalPrefix(_ key: String, _ family: AddressFamily?) throws(SnapshotError) -> IPPrefix? {
        try member(key)?.prefix(family)
    }

    /// A required address member of `family` (nil: either family).
    package func address(_ key: String, _ family: AddressFamily?) throws(SnapshotError) -> IPAddress {
        try requiredMember(key, expected: family.map { "an \($0) address" } ?? "an IP address").address(family)
    }

    package func optionalAddress(_ key: String, _ family: AddressFamily?) throws(SnapshotError) -> IPAddress? {
        try member(key)?.address(family)
    }

    /// What a missing CIDR member should have been, for `missing (expected …)`.
    package static func expectedCIDR(_ family: AddressFamily?) -> String {
        family == .ipv6 ? "an IPv6 CIDR block" : "a CIDR block"
    }

    // MARK: Tags

    /// AWS tags: an array of `{"Key": …, "Value": …}` under `key` (`Tags`, or `TagSet` for network interfaces).
    package func tags(_ key: String = "Tags") throws(SnapshotError) -> Tags {
        var pairs: [(String, String)] = []
        for tag in try array(key) {
            pairs.append((try tag.string("Key"), try tag.optionalString("Value") ?? ""))
        }
        return Tags(pairs)
    }
}

/// A string in double quotes with quotes and backslashes escaped, for messages. Control characters (a terminal's
/// escape sequences) are written as `\u{1B}`, and a value longer than `messageValueLimit` characters is cut:
/// `"aaaa…" (5000 characters)`.
func quoted(_ text: String) -> String {
    var result = "\""
    for character in text.prefix(messageValueLimit) {
        if character == "\"" || character == "\\" { result.append("\\") }
        if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            for scalar in character.unicodeScalars { result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" }
        } else {
            result.append(character)
        }
    }
    guard text.count > messageValueLimit else { return result + "\"" }
    return result + "…\" (\(text.count) characters)"
}

/// How many characters of a value an error message shows.
let messageValueLimit = 64

/// A number literal for a message, cut as `quoted` cuts strings.
func shortened(_ literal: String) -> String {
    literal.count > messageValueLimit ? literal.prefix(messageValueLimit) + "… (\(literal.count) characters)" : literal
}

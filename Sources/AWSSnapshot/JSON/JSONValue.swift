/// A parsed JSON value. Numbers keep their literal text, so nothing is rounded or overflows before a reader says
/// what it expects there.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// "a string", "an array", … as error messages name what they found.
    var kindDescription: String {
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

/// A JSON object: its members, and its keys in document order. A repeated key keeps its last value.
struct JSONObject: Sendable {
    private(set) var keys: [String] = []
    private var members: [String: JSONValue] = [:]

    subscript(key: String) -> JSONValue? { members[key] }

    mutating func set(_ key: String, _ value: JSONValue) {
        if members.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}

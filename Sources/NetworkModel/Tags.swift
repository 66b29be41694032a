/// AWS resource tags, in the order AWS lists them.
public struct Tags: Hashable, Codable, Sendable {
    public var pairs: [(key: String, value: String)] { entries.map { ($0.key, $0.value) } }
    private var entries: [Entry]

    private struct Entry: Hashable, Codable, Sendable { let key: String; let value: String }

    public init(_ pairs: [(String, String)] = []) { entries = pairs.map { Entry(key: $0.0, value: $0.1) } }

    public subscript(key: String) -> String? { entries.first { $0.key == key }?.value }

    /// The `Name` tag, which the AWS console shows as the resource's name.
    public var name: String? { self["Name"] }
}

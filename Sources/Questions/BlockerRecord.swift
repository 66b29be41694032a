import Analysis

/// A blocker as JSON records it: `{"component", "code", "direction", "path", "message"}`, with `direction` null
/// when the element has none.
public struct BlockerRecord: Encodable, Sendable {
    public let component: String
    public let code: String
    public let direction: String?
    public let path: String
    public let message: String

    public init(_ blocker: Blocker) {
        component = blocker.component
        code = blocker.code.rawValue
        direction = blocker.direction?.rawValue
        path = blocker.leg.rawValue
        message = blocker.message
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(component, forKey: .component)
        try container.encode(code, forKey: .code)
        try container.encode(direction, forKey: .direction)
        try container.encode(path, forKey: .path)
        try container.encode(message, forKey: .message)
    }

    enum CodingKeys: String, CodingKey { case component, code, direction, path, message }
}

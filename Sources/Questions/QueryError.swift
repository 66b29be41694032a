/// A query that cannot be understood or whose endpoints do not exist in the snapshot (exit status 2).
public struct QueryError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An endpoint the snapshot does not hold while a call of its capture that could describe it failed: no verdict
/// (UNKNOWN), naming the call, rather than an error in the query.
public struct UnknownEndpoint: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

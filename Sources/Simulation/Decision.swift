/// The outcome of one filter or lookup on a concrete packet, with the sentence that explains it.
public struct Decision: Sendable, CustomStringConvertible {
    public let allowed: Bool
    /// What admitted the packet (a rule), or why nothing did.
    public let detail: String

    public init(allowed: Bool, detail: String) {
        self.allowed = allowed
        self.detail = detail
    }

    public var description: String { "\(allowed ? "allowed" : "denied"): \(detail)" }
}

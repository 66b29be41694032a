/// An inclusive range of TCP or UDP ports.
public struct PortRange: Hashable, Codable, Sendable, CustomStringConvertible {
    public let lower: UInt16
    public let upper: UInt16

    public init(_ lower: UInt16, _ upper: UInt16) {
        self.lower = min(lower, upper)
        self.upper = max(lower, upper)
    }

    public static let all = PortRange(0, 65535)
    /// The ports a client picks its source port from, as AWS's network ACL guidance assumes.
    public static let ephemeral = PortRange(1024, 65535)

    public func contains(_ port: UInt16) -> Bool { lower <= port && port <= upper }

    public var isAll: Bool { lower == 0 && upper == 65535 }

    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}

/// An EC2 instance. Only a `running` instance sends or receives traffic.
public struct Instance: Hashable, Codable, Sendable {
    public let id: String
    public var state: InstanceState
    public var networkInterfaceIDs: [String]
    public var tags: Tags

    public init(id: String, state: InstanceState, networkInterfaceIDs: [String] = [], tags: Tags = Tags()) {
        self.id = id
        self.state = state
        self.networkInterfaceIDs = networkInterfaceIDs
        self.tags = tags
    }

    public var isRunning: Bool { state == .running }
}

/// The state of an EC2 instance (EC2's `InstanceStateName`).
public struct InstanceState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pending = Self(rawValue: "pending")
    /// The only state in which an instance sends or receives traffic.
    public static let running = Self(rawValue: "running")
    public static let stopping = Self(rawValue: "stopping")
    public static let stopped = Self(rawValue: "stopped")
    public static let shuttingDown = Self(rawValue: "shutting-down")
    public static let terminated = Self(rawValue: "terminated")
}

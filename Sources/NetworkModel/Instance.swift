/// An EC2 instance. Only a `running` instance sends or receives traffic.
public struct Instance: Hashable, Sendable {
    public let id: String
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    public var state: String
    public var networkInterfaceIDs: [String]
    public var tags: Tags

    public init(id: String, state: String, networkInterfaceIDs: [String] = [], tags: Tags = Tags()) {
        self.id = id
        self.state = state
        self.networkInterfaceIDs = networkInterfaceIDs
        self.tags = tags
    }

    public var isRunning: Bool { state == "running" }
}

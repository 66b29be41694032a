/// An egress-only internet gateway: IPv6 traffic out to the internet and its responses back in; no connection
/// from the internet can start through it.
public struct EgressOnlyInternetGateway: Hashable, Codable, Sendable {
    public let id: String
    /// The VPCs it is attached to (AWS reports one), with their state (`attached` when it works).
    public var attachments: [InternetGateway.Attachment]
    public var tags: Tags

    public init(id: String, attachments: [InternetGateway.Attachment], tags: Tags = Tags()) {
        self.id = id
        self.attachments = attachments
        self.tags = tags
    }

    public func attachment(to vpcID: String) -> InternetGateway.Attachment? { attachments.first { $0.vpcID == vpcID } }
}

extension Network {
    public var egressOnlyInternetGateways: [EgressOnlyInternetGateway] { edge.egressOnlyInternetGateways }
    public func egressOnlyInternetGateway(_ id: String) -> EgressOnlyInternetGateway? { edge.egressOnlyInternetGateway(id) }
}

/// An internet gateway and the VPCs it is attached to.
public struct InternetGateway: Hashable, Codable, Sendable {
    /// `available` (attached) when it works; `attaching`, `detaching`, `detached` otherwise.
    public typealias Attachment = GatewayAttachment

    public let id: String
    public var attachments: [Attachment]
    public var ownerID: String?
    public var tags: Tags

    public init(id: String, attachments: [Attachment], ownerID: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.attachments = attachments
        self.ownerID = ownerID
        self.tags = tags
    }

    public func attachment(to vpcID: String) -> Attachment? { attachments.first { $0.vpcID == vpcID } }
}

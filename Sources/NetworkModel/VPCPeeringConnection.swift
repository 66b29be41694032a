/// A VPC peering connection between a requester VPC and an accepter VPC.
public struct VPCPeeringConnection: Hashable, Codable, Sendable {
    /// One side of a peering connection, as the connection records it.
    public struct Side: Hashable, Codable, Sendable {
        public var vpcID: String
        public var ownerID: String?
        public var region: String?
        /// The side's CIDR blocks as the connection records them (empty: use the VPC's own).
        public var cidrBlocks: [IPPrefix]
        /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc`: whether this side's VPC answers the peer VPC's queries
        /// for its instances' public DNS hostnames with their private addresses; nil when the output has no options.
        public var allowDnsResolutionFromRemoteVpc: Bool?

        public init(vpcID: String, ownerID: String? = nil, region: String? = nil, cidrBlocks: [IPPrefix] = []) {
            self.vpcID = vpcID
            self.ownerID = ownerID
            self.region = region
            self.cidrBlocks = cidrBlocks
        }
    }

    public let id: String
    public var requester: Side
    public var accepter: Side
    /// The status code. Only `active` carries traffic.
    public var status: PeeringConnectionStatus
    public var statusMessage: String?
    public var tags: Tags

    public init(id: String, requester: Side, accepter: Side, status: PeeringConnectionStatus, statusMessage: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.requester = requester
        self.accepter = accepter
        self.status = status
        self.statusMessage = statusMessage
        self.tags = tags
    }

    public var isActive: Bool { status == .active }

    /// The other side, seen from `vpcID`; nil if `vpcID` is on neither side.
    public func peer(of vpcID: String) -> Side? {
        if requester.vpcID == vpcID { return accepter }
        if accepter.vpcID == vpcID { return requester }
        return nil
    }

    public func connects(_ a: String, _ b: String) -> Bool {
        (requester.vpcID == a && accepter.vpcID == b) || (requester.vpcID == b && accepter.vpcID == a)
    }
}

/// The status code of a VPC peering connection (EC2's `VpcPeeringConnectionStateReasonCode`).
public struct PeeringConnectionStatus: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let initiatingRequest = Self(rawValue: "initiating-request")
    public static let pendingAcceptance = Self(rawValue: "pending-acceptance")
    public static let provisioning = Self(rawValue: "provisioning")
    /// The only status that carries traffic.
    public static let active = Self(rawValue: "active")
    public static let rejected = Self(rawValue: "rejected")
    public static let expired = Self(rawValue: "expired")
    public static let failed = Self(rawValue: "failed")
    public static let deleting = Self(rawValue: "deleting")
    public static let deleted = Self(rawValue: "deleted")
}

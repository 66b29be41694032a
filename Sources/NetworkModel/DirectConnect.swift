/// A Direct Connect virtual interface (`aws directconnect describe-virtual-interfaces`). A private one ends on a
/// virtual private gateway, directly or through a Direct Connect gateway; a transit one on a Direct Connect gateway
/// associated with transit gateways; a public one reaches AWS public services.
public struct VirtualInterface: Hashable, Sendable {
    public let id: String
    public var name: String?
    /// `private`, `public`, `transit`.
    public var type: String
    /// `confirming`, `verifying`, `pending`, `available`, `down`, `deleting`, `deleted`, `rejected`, `unknown`.
    public var state: String
    public var connectionID: String?
    public var virtualGatewayID: String?
    public var directConnectGatewayID: String?
    public var ownerAccount: String?
    public var region: String?
    /// The BGP sessions' statuses (`up`, `down`); empty when the snapshot does not list them.
    public var bgpStatuses: [String]
    public var tags: Tags

    public init(id: String, name: String? = nil, type: String, state: String, connectionID: String? = nil, virtualGatewayID: String? = nil,
                directConnectGatewayID: String? = nil, ownerAccount: String? = nil, region: String? = nil, bgpStatuses: [String] = [],
                tags: Tags = Tags()) {
        self.id = id
        self.name = name
        self.type = type
        self.state = state
        self.connectionID = connectionID
        self.virtualGatewayID = virtualGatewayID
        self.directConnectGatewayID = directConnectGatewayID
        self.ownerAccount = ownerAccount
        self.region = region
        self.bgpStatuses = bgpStatuses
        self.tags = tags
    }

    public var isAvailable: Bool { state == "available" }
    /// Some BGP session is up, or the snapshot does not list them.
    public var hasBGPUp: Bool { bgpStatuses.isEmpty || bgpStatuses.contains { $0.lowercased() == "up" } }
}

/// A Direct Connect gateway: joins private virtual interfaces to virtual private gateways (or transit virtual
/// interfaces to transit gateways) in any region.
public struct DirectConnectGateway: Hashable, Sendable {
    public let id: String
    public var name: String?
    /// `pending`, `available`, `deleting`, `deleted`.
    public var state: String
    public var amazonSideASN: Int?
    public var tags: Tags

    public init(id: String, name: String? = nil, state: String, amazonSideASN: Int? = nil, tags: Tags = Tags()) {
        self.id = id
        self.name = name
        self.state = state
        self.amazonSideASN = amazonSideASN
        self.tags = tags
    }

    public var isAvailable: Bool { state == "available" }
}

/// The association of a Direct Connect gateway with a virtual private gateway or a transit gateway.
public struct DirectConnectGatewayAssociation: Hashable, Sendable {
    public let id: String
    public var directConnectGatewayID: String
    /// The virtual private gateway or transit gateway.
    public var gatewayID: String
    /// `virtualPrivateGateway` or `transitGateway`.
    public var gatewayType: String
    /// `associating`, `associated`, `disassociating`, `disassociated`, `updating`.
    public var state: String
    /// The VPC-side blocks advertised to the Direct Connect gateway (empty: the snapshot does not say; AWS
    /// advertises the VPC's CIDR blocks by default).
    public var allowedPrefixes: [IPPrefix]

    public init(id: String, directConnectGatewayID: String, gatewayID: String, gatewayType: String, state: String,
                allowedPrefixes: [IPPrefix] = []) {
        self.id = id
        self.directConnectGatewayID = directConnectGatewayID
        self.gatewayID = gatewayID
        self.gatewayType = gatewayType
        self.state = state
        self.allowedPrefixes = allowedPrefixes
    }

    public var isAssociated: Bool { state == "associated" }
}

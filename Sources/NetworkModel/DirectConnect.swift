/// A Direct Connect virtual interface (`aws directconnect describe-virtual-interfaces`). A private one ends on a
/// virtual private gateway, directly or through a Direct Connect gateway; a transit one on a Direct Connect gateway
/// associated with transit gateways; a public one reaches AWS public services.
public struct VirtualInterface: Hashable, Codable, Sendable {
    public let id: String
    public var name: String?
    /// `private`, `public`, `transit`.
    public var type: VirtualInterfaceType
    /// `confirming`, `verifying`, `pending`, `available`, `down`, `deleting`, `deleted`, `rejected`, `unknown`.
    public var state: VirtualInterfaceState
    public var connectionID: String?
    public var virtualGatewayID: String?
    public var directConnectGatewayID: String?
    public var ownerAccount: String?
    public var region: String?
    /// The BGP sessions' statuses (`up`, `down`); empty when the snapshot does not list them.
    public var bgpStatuses: [BGPStatus]
    public var tags: Tags

    public init(id: String, name: String? = nil, type: VirtualInterfaceType, state: VirtualInterfaceState, connectionID: String? = nil,
                virtualGatewayID: String? = nil, directConnectGatewayID: String? = nil, ownerAccount: String? = nil, region: String? = nil,
                bgpStatuses: [BGPStatus] = [], tags: Tags = Tags()) {
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

    public var isAvailable: Bool { state == .available }
    /// Some BGP session is up, or the snapshot does not list them.
    public var hasBGPUp: Bool { bgpStatuses.isEmpty || bgpStatuses.contains(.up) }
}

/// A Direct Connect gateway: joins private virtual interfaces to virtual private gateways (or transit virtual
/// interfaces to transit gateways) in any region.
public struct DirectConnectGateway: Hashable, Codable, Sendable {
    public let id: String
    public var name: String?
    /// `pending`, `available`, `deleting`, `deleted`.
    public var state: DirectConnectGatewayState
    public var amazonSideASN: Int?
    public var tags: Tags

    public init(id: String, name: String? = nil, state: DirectConnectGatewayState, amazonSideASN: Int? = nil, tags: Tags = Tags()) {
        self.id = id
        self.name = name
        self.state = state
        self.amazonSideASN = amazonSideASN
        self.tags = tags
    }

    public var isAvailable: Bool { state == .available }
}

/// The association of a Direct Connect gateway with a virtual private gateway or a transit gateway.
public struct DirectConnectGatewayAssociation: Hashable, Codable, Sendable {
    public let id: String
    public var directConnectGatewayID: String
    /// The virtual private gateway or transit gateway.
    public var gatewayID: String
    /// `virtualPrivateGateway` or `transitGateway`.
    public var gatewayType: String
    /// `associating`, `associated`, `disassociating`, `disassociated`, `updating`.
    public var state: DirectConnectGatewayAssociationState
    /// The VPC-side blocks advertised to the Direct Connect gateway (empty: the snapshot does not say; AWS
    /// advertises the VPC's CIDR blocks by default).
    public var allowedPrefixes: [IPPrefix]

    public init(id: String, directConnectGatewayID: String, gatewayID: String, gatewayType: String, state: DirectConnectGatewayAssociationState,
                allowedPrefixes: [IPPrefix] = []) {
        self.id = id
        self.directConnectGatewayID = directConnectGatewayID
        self.gatewayID = gatewayID
        self.gatewayType = gatewayType
        self.state = state
        self.allowedPrefixes = allowedPrefixes
    }

    public var isAssociated: Bool { state == .associated }
}

/// The type of a Direct Connect virtual interface (`VirtualInterfaceType` of `aws directconnect`).
public struct VirtualInterfaceType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Ends on a virtual private gateway, directly or through a Direct Connect gateway.
    public static let `private` = Self(rawValue: "private")
    /// Reaches AWS public services.
    public static let `public` = Self(rawValue: "public")
    /// Ends on a Direct Connect gateway associated with transit gateways.
    public static let transit = Self(rawValue: "transit")
}

/// The state of a Direct Connect virtual interface (`VirtualInterfaceState` of `aws directconnect`).
public struct VirtualInterfaceState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let confirming = Self(rawValue: "confirming")
    public static let verifying = Self(rawValue: "verifying")
    public static let down = Self(rawValue: "down")
    public static let rejected = Self(rawValue: "rejected")
    public static let unknown = Self(rawValue: "unknown")
}

/// The status of a BGP session of a virtual interface (`BGPStatus` of `aws directconnect`): `up`, `down`,
/// `unknown`; values compare regardless of case.
public struct BGPStatus: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let up = Self(rawValue: "up")
    public static let down = Self(rawValue: "down")
    public static let unknown = Self(rawValue: "unknown")

    public static func == (a: Self, b: Self) -> Bool { a.rawValue.lowercased() == b.rawValue.lowercased() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
}

/// The state of a Direct Connect gateway (`DirectConnectGatewayState` of `aws directconnect`).
public struct DirectConnectGatewayState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

}

/// The state of a Direct Connect gateway's association with a gateway (`DirectConnectGatewayAssociationState` of
/// `aws directconnect`).
public struct DirectConnectGatewayAssociationState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let associating = Self(rawValue: "associating")
    /// The only state in which the association carries traffic.
    public static let associated = Self(rawValue: "associated")
    public static let disassociating = Self(rawValue: "disassociating")
    public static let disassociated = Self(rawValue: "disassociated")
    public static let updating = Self(rawValue: "updating")
}

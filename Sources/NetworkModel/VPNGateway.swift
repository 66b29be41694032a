/// A virtual private gateway (VGW): the VPN and Direct Connect end of a VPC. At most one is attached to a VPC.
public struct VirtualPrivateGateway: Hashable, Sendable {
    public struct Attachment: Hashable, Sendable {
        public var vpcID: String
        /// `attaching`, `attached`, `detaching`, `detached`.
        public var state: AttachmentState
        public init(vpcID: String, state: AttachmentState) {
            self.vpcID = vpcID
            self.state = state
        }
        public var isAttached: Bool { state == .attached }
    }

    public let id: String
    /// `pending`, `available`, `deleting`, `deleted`.
    public var state: VPNState
    public var type: String
    public var attachments: [Attachment]
    public var amazonSideASN: Int?
    public var tags: Tags

    public init(id: String, state: VPNState, type: String = "ipsec.1", attachments: [Attachment] = [], amazonSideASN: Int? = nil,
                tags: Tags = Tags()) {
        self.id = id
        self.state = state
        self.type = type
        self.attachments = attachments
        self.amazonSideASN = amazonSideASN
        self.tags = tags
    }

    public var isAvailable: Bool { state == .available }
    public func attachment(to vpcID: String) -> Attachment? { attachments.first { $0.vpcID == vpcID } }
}

/// A Site-to-Site VPN connection between a customer gateway and a virtual private gateway (or a transit gateway).
public struct VPNConnection: Hashable, Sendable {
    /// A static route of a connection with static routing: an on-premises block the VGW sends into the tunnels.
    public struct StaticRoute: Hashable, Sendable {
        public var prefix: IPPrefix
        /// `pending`, `available`, `deleting`, `deleted`.
        public var state: VPNState
        public init(prefix: IPPrefix, state: VPNState) {
            self.prefix = prefix
            self.state = state
        }
        public var isAvailable: Bool { state == .available }
    }

    /// One tunnel's status as `VgwTelemetry` reports it.
    public struct Tunnel: Hashable, Sendable {
        public var outsideAddress: String?
        /// `UP` or `DOWN`.
        public var status: TelemetryStatus
        public var statusMessage: String?
        public init(outsideAddress: String?, status: TelemetryStatus, statusMessage: String? = nil) {
            self.outsideAddress = outsideAddress
            self.status = status
            self.statusMessage = statusMessage
        }
        public var isUp: Bool { status == .up }
    }

    public let id: String
    /// `pending`, `available`, `deleting`, `deleted`.
    public var state: VPNState
    public var customerGatewayID: String?
    public var vpnGatewayID: String?
    public var transitGatewayID: String?
    /// Static routing (`Options.StaticRoutesOnly`): the VGW sends only the static routes' blocks into the tunnels.
    /// Otherwise BGP, whose routes the snapshot does not show.
    public var staticRoutesOnly: Bool
    public var routes: [StaticRoute]
    public var tunnels: [Tunnel]
    public var tags: Tags

    public init(id: String, state: VPNState, customerGatewayID: String? = nil, vpnGatewayID: String? = nil, transitGatewayID: String? = nil,
                staticRoutesOnly: Bool = false, routes: [StaticRoute] = [], tunnels: [Tunnel] = [], tags: Tags = Tags()) {
        self.id = id
        self.state = state
        self.customerGatewayID = customerGatewayID
        self.vpnGatewayID = vpnGatewayID
        self.transitGatewayID = transitGatewayID
        self.staticRoutesOnly = staticRoutesOnly
        self.routes = routes
        self.tunnels = tunnels
        self.tags = tags
    }

    public var isAvailable: Bool { state == .available }
    /// Tunnels are up, or the snapshot does not say (no `VgwTelemetry`, as for a configuration not deployed yet).
    public var hasTunnelUp: Bool { tunnels.isEmpty || tunnels.contains(where: \.isUp) }
}

/// The on-premises end of a Site-to-Site VPN connection.
public struct CustomerGateway: Hashable, Sendable {
    public let id: String
    /// `pending`, `available`, `deleting`, `deleted`.
    public var state: VPNState
    public var ipAddress: String?
    public var bgpASN: String?
    public var tags: Tags

    public init(id: String, state: VPNState, ipAddress: String? = nil, bgpASN: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.state = state
        self.ipAddress = ipAddress
        self.bgpASN = bgpASN
        self.tags = tags
    }

    public var isAvailable: Bool { state == .available }
}

/// The status of a VPN tunnel (EC2's `TelemetryStatus`): `UP` or `DOWN`; values compare regardless of case.
public struct TelemetryStatus: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let up = Self(rawValue: "UP")
    public static let down = Self(rawValue: "DOWN")

    public static func == (a: Self, b: Self) -> Bool { a.rawValue.uppercased() == b.rawValue.uppercased() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.uppercased()) }
}

/// A virtual private gateway (VGW): the VPN and Direct Connect end of a VPC. At most one is attached to a VPC.
public struct VirtualPrivateGateway: Hashable, Codable, Sendable {
    /// `attaching`, `attached`, `detaching`, `detached`.
    public typealias Attachment = GatewayAttachment

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
public struct VPNConnection: Hashable, Codable, Sendable {
    /// A static route of a connection with static routing: an on-premises block the VGW sends into the tunnels.
    public struct StaticRoute: Hashable, Codable, Sendable {
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
    public struct Tunnel: Hashable, Codable, Sendable {
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
public struct CustomerGateway: Hashable, Codable, Sendable {
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

/// Facts about virtual private gateways and their VPN and Direct Connect links, shared by the walker and the SMT
/// encoding.
extension Network {
    /// Why a VPN connection carries no traffic (not available, every tunnel DOWN, its customer gateway not
    /// available), as the end of a sentence about it; nil when it carries traffic.
    public func vpnConnectionProblem(_ connection: VPNConnection) -> String? {
        if !connection.isAvailable { return "is \(connection.state)" }
        if !connection.hasTunnelUp {
            let messages = connection.tunnels.compactMap(\.statusMessage).filter { !$0.isEmpty }
            let detail = Array(Set(messages)).sorted().joined(separator: "; ")
            return "has \(connection.tunnels.count == 1 ? "its tunnel" : "all \(connection.tunnels.count) tunnels") DOWN\(detail.isEmpty ? "" : " (\(detail))")"
        }
        if let gateway = connection.customerGatewayID.flatMap({ edge.customerGateway($0) }), !gateway.isAvailable {
            return "ends on customer gateway \(gateway.id), which is \(gateway.state)"
        }
        return nil
    }

    public var vpnGateways: [VirtualPrivateGateway] { edge.vpnGateways }
    public func vpnGateway(_ id: String) -> VirtualPrivateGateway? { edge.vpnGateway(id) }

    /// The virtual private gateways with an attachment record for a VPC (in any attachment state), not deleted.
    public func vpnGateways(ofVPC vpcID: String) -> [VirtualPrivateGateway] {
        edge.vpnGateways.filter { $0.attachment(to: vpcID) != nil && $0.state != .deleted }
    }

    /// The virtual private gateway traffic from on premises enters a VPC through: the attached one (AWS attaches at
    /// most one to a VPC), else the first that was attached, else nil.
    public func ingressVPNGateway(ofVPC vpcID: String) -> VirtualPrivateGateway? {
        let gateways = vpnGateways(ofVPC: vpcID)
        return gateways.first { $0.attachment(to: vpcID)?.isAttached == true } ?? gateways.first
    }

    /// The links between a virtual private gateway and on-premises networks: its VPN connections and the private
    /// virtual interfaces that end on it, directly or through an associated Direct Connect gateway.
    public func onPremisesLinks(of vpnGatewayID: String) -> [OnPremisesLink] {
        var links: [OnPremisesLink] = []
        for connection in edge.vpnConnections where connection.vpnGatewayID == vpnGatewayID && connection.state != .deleted {
            let problem = vpnConnectionProblem(connection)
            let remote = connection.staticRoutesOnly ? connection.routes.filter(\.isAvailable).map(\.prefix) : nil
            links.append(OnPremisesLink(id: connection.id, kind: .vpn, problem: problem, remotePrefixes: remote, localPrefixes: nil))
        }
        for interface in edge.virtualInterfaces where interface.virtualGatewayID == vpnGatewayID && interface.state != .deleted {
            links.append(OnPremisesLink(id: interface.id, kind: .directConnect, problem: Self.problem(of: interface),
                                        remotePrefixes: nil, localPrefixes: nil))
        }
        for association in edge.directConnectGatewayAssociations
        where association.gatewayID == vpnGatewayID && association.state != .disassociated {
            let gateway = edge.directConnectGateway(association.directConnectGatewayID)
            for interface in edge.virtualInterfaces
            where interface.directConnectGatewayID == association.directConnectGatewayID && interface.type == .private && interface.state != .deleted {
                var problem = Self.problem(of: interface)
                if !association.isAssociated {
                    problem = "reaches \(vpnGatewayID) through Direct Connect gateway \(association.directConnectGatewayID), whose association is \(association.state)"
                } else if let gateway, !gateway.isAvailable {
                    problem = "reaches \(vpnGatewayID) through Direct Connect gateway \(gateway.id), which is \(gateway.state)"
                }
                links.append(OnPremisesLink(id: interface.id, kind: .directConnect, problem: problem, remotePrefixes: nil,
                                            localPrefixes: association.allowedPrefixes.isEmpty ? nil : association.allowedPrefixes,
                                            via: association.directConnectGatewayID))
            }
        }
        return links
    }

    private static func problem(of interface: VirtualInterface) -> String? {
        if !interface.isAvailable { return "is \(interface.state)" }
        if !interface.hasBGPUp { return "has no BGP session up" }
        return nil
    }

    /// The link of a virtual private gateway that carries traffic between a VPC address and an on-premises
    /// address, nil when none does.
    public func onPremisesLink(of vpnGatewayID: String, vpcAddress: IPAddress, remote: IPAddress) -> OnPremisesLink? {
        onPremisesLinks(of: vpnGatewayID).first { $0.carries(vpcAddress: vpcAddress, remote: remote) }
    }
}


/// A link between a virtual private gateway and an on-premises network: a VPN connection or a Direct Connect
/// private virtual interface.
public struct OnPremisesLink: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case vpn = "VPN connection"
        case directConnect = "Direct Connect virtual interface"
    }

    public let id: String
    public let kind: Kind
    /// Why it carries no traffic ("has both tunnels DOWN", "is down"), nil when it does.
    public let problem: String?
    /// The on-premises blocks it carries: a static VPN's routes; nil for any (BGP: routes the snapshot does not show).
    public let remotePrefixes: [IPPrefix]?
    /// The VPC-side blocks it carries: a Direct Connect gateway association's allowed prefixes; nil for any.
    public let localPrefixes: [IPPrefix]?
    /// The Direct Connect gateway in between, if any.
    public let via: String?

    public init(id: String, kind: Kind, problem: String?, remotePrefixes: [IPPrefix]?, localPrefixes: [IPPrefix]?, via: String? = nil) {
        self.id = id
        self.kind = kind
        self.problem = problem
        self.remotePrefixes = remotePrefixes
        self.localPrefixes = localPrefixes
        self.via = via
    }

    public var isUp: Bool { problem == nil }

    public func carries(vpcAddress: IPAddress, remote: IPAddress) -> Bool {
        guard isUp else { return false }
        if let remotePrefixes, !remotePrefixes.contains(where: { $0.contains(remote) }) { return false }
        if let localPrefixes, !localPrefixes.contains(where: { $0.contains(vpcAddress) }) { return false }
        return true
    }

    public var description: String { "\(kind.rawValue) \(id)" }
}

/// A transit gateway: a regional router between the VPCs (and VPN connections, Direct Connect gateways, other
/// transit gateways) attached to it. Traffic that enters through an attachment is routed by the transit gateway
/// route table that attachment is associated with.
public struct TransitGateway: Hashable, Codable, Sendable {
    public let id: String
    public var ownerID: String?
    public var region: String?
    /// `pending`, `available`, `modifying`, `deleting` or `deleted`.
    public var state: TransitGatewayState
    /// The route table new attachments are associated with (`Options.AssociationDefaultRouteTableId`).
    public var defaultAssociationRouteTableID: String?
    /// The route table new attachments propagate to (`Options.PropagationDefaultRouteTableId`).
    public var defaultPropagationRouteTableID: String?
    /// `Options.SecurityGroupReferencingSupport`: `enable` lets inbound rules of groups in VPCs attached to it reference
    /// groups of the other attached VPCs (AWS's default is `disable`).
    public var securityGroupReferencingSupport: Bool = false
    public var tags: Tags

    public init(id: String, ownerID: String? = nil, region: String? = nil, state: TransitGatewayState = .available,
                defaultAssociationRouteTableID: String? = nil, defaultPropagationRouteTableID: String? = nil, tags: Tags = Tags()) {
        self.id = id
        self.ownerID = ownerID
        self.region = region
        self.state = state
        self.defaultAssociationRouteTableID = defaultAssociationRouteTableID
        self.defaultPropagationRouteTableID = defaultPropagationRouteTableID
        self.tags = tags
    }

    /// Whether it forwards traffic: `available`, or `modifying` (a change in progress does not stop it).
    public var isAvailable: Bool { state == .available || state == .modifying }
}

/// One transit gateway's end of an attachment: a VPC, a peering with another transit gateway, a VPN connection,
/// a Direct Connect gateway, … A peering attachment has one id and two ends, one on each transit gateway, each
/// with its own route table association; every other attachment has one end.
public struct TransitGatewayAttachment: Hashable, Codable, Sendable {
    public let id: String
    /// The transit gateway this end belongs to.
    public let transitGatewayID: String
    /// `vpc`, `peering`, `vpn`, `direct-connect-gateway`, `connect`, `network-function`, … as AWS prints it.
    public var resourceType: TransitGatewayAttachmentResourceType
    /// The VPC (`vpc`), the other transit gateway (`peering`), the VPN connection (`vpn`), …
    public var resourceID: String?
    public var resourceOwnerID: String?
    /// `available` when it carries traffic; `initiating`, `initiatingRequest`, `pendingAcceptance`, `pending`,
    /// `modifying`, `rollingBack`, `deleting`, `deleted`, `failed`, `failing`, `rejected`, `rejecting` otherwise.
    public var state: TransitGatewayAttachmentState
    /// For a VPC attachment: the subnets, at most one per availability zone, where the transit gateway has a
    /// network interface. Only resources in those zones can send to the transit gateway.
    public var subnetIDs: [String]
    /// The route table of `transitGatewayID` this end is associated with (association state `associated`).
    public var associatedRouteTableID: String?
    /// For a VPC attachment: whether IPv6 is enabled on it (`Options.Ipv6Support: enable`). When it is not (AWS's
    /// default), AWS neither propagates the VPC's IPv6 blocks nor carries IPv6 traffic through the attachment.
    public var ipv6Support: Bool
    /// For a VPC attachment: `Options.SecurityGroupReferencingSupport` (AWS's default for an attachment is `enable`).
    public var securityGroupReferencingSupport: Bool = true
    public var tags: Tags

    public init(id: String, transitGatewayID: String, resourceType: TransitGatewayAttachmentResourceType, resourceID: String? = nil,
                resourceOwnerID: String? = nil, state: TransitGatewayAttachmentState = .available, subnetIDs: [String] = [],
                associatedRouteTableID: String? = nil, ipv6Support: Bool = false, tags: Tags = Tags()) {
        self.id = id
        self.transitGatewayID = transitGatewayID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.resourceOwnerID = resourceOwnerID
        self.state = state
        self.subnetIDs = subnetIDs
        self.associatedRouteTableID = associatedRouteTableID
        self.ipv6Support = ipv6Support
        self.tags = tags
    }

    public var isVPC: Bool { resourceType == .vpc }
    public var isPeering: Bool { resourceType == .peering || resourceType == .tgwPeering }
    /// The VPC of a VPC attachment.
    public var vpcID: String? { isVPC ? resourceID : nil }
    /// Whether it carries traffic: `available`, or `modifying` (adding or removing subnets does not stop it).
    public var carriesTraffic: Bool { state == .available || state == .modifying }
}

/// A transit gateway route table: static routes (to an attachment, or blackhole) and the attachments that
/// propagate their routes into it.
public struct TransitGatewayRouteTable: Hashable, Codable, Sendable {
    public let id: String
    public var transitGatewayID: String
    /// `pending`, `available`, `deleting` or `deleted`.
    public var state: TransitGatewayRouteTableState
    /// The routes the snapshot lists: the static ones, and the propagated ones when a `search-transit-gateway-routes`
    /// dump lists them. Routes that enabled propagations imply are derived by `Network` (see
    /// `transitGatewayRoutingEntries(of:)`).
    public var routes: [TransitGatewayRoute]
    public var propagations: [TransitGatewayPropagation]
    public var isDefaultAssociationRouteTable: Bool
    public var isDefaultPropagationRouteTable: Bool
    public var tags: Tags

    public init(id: String, transitGatewayID: String, state: TransitGatewayRouteTableState = .available, routes: [TransitGatewayRoute] = [],
                propagations: [TransitGatewayPropagation] = [], isDefaultAssociationRouteTable: Bool = false,
                isDefaultPropagationRouteTable: Bool = false, tags: Tags = Tags()) {
        self.id = id
        self.transitGatewayID = transitGatewayID
        self.state = state
        self.routes = routes
        self.propagations = propagations
        self.isDefaultAssociationRouteTable = isDefaultAssociationRouteTable
        self.isDefaultPropagationRouteTable = isDefaultPropagationRouteTable
        self.tags = tags
    }
}

/// One route of a transit gateway route table.
public struct TransitGatewayRoute: Hashable, Codable, Sendable, CustomStringConvertible {
    public var destination: IPPrefix
    /// The attachments it sends to (more than one only for equal-cost VPN routes); empty for a blackhole route.
    public var attachmentIDs: [String]
    /// `static` or `propagated`.
    public var type: TransitGatewayRouteType
    /// `active`, `blackhole`, `pending`, `deleting` or `deleted`. Only active and blackhole routes match packets.
    public var state: TransitGatewayRouteState
    /// The resource type of the attachment, as the route lists it (`vpc`, `peering`, `vpn`, …), when known.
    public var resourceType: TransitGatewayAttachmentResourceType?

    public init(destination: IPPrefix, attachmentIDs: [String], type: TransitGatewayRouteType = .static, state: TransitGatewayRouteState = .active,
                resourceType: TransitGatewayAttachmentResourceType? = nil) {
        self.destination = destination
        self.attachmentIDs = attachmentIDs
        self.type = type
        self.state = state
        self.resourceType = resourceType
    }

    public var isStatic: Bool { type != .propagated }
    public var isBlackhole: Bool { state == .blackhole }
    /// Whether the route takes part in forwarding: active (forwards) or blackhole (drops).
    public var isInstalled: Bool { state == .active || state == .blackhole }

    /// "10.2.0.0/16 → tgw-attach-…" or "10.2.0.0/16 blackhole".
    public var description: String {
        isBlackhole || attachmentIDs.isEmpty ? "\(destination) blackhole" : "\(destination) → \(attachmentIDs.joined(separator: ", "))"
    }
}

/// An attachment whose routes are propagated into a transit gateway route table.
public struct TransitGatewayPropagation: Hashable, Codable, Sendable {
    public var attachmentID: String
    public var resourceType: TransitGatewayAttachmentResourceType?
    public var resourceID: String?
    /// `enabled`, `enabling`, `disabled` or `disabling`.
    public var state: TransitGatewayPropagationState

    public init(attachmentID: String, resourceType: TransitGatewayAttachmentResourceType? = nil, resourceID: String? = nil,
                state: TransitGatewayPropagationState = .enabled) {
        self.attachmentID = attachmentID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.state = state
    }

    public var isEnabled: Bool { state == .enabled }
}

/// One entry of a transit gateway route table's forwarding order.
public struct TransitGatewayRoutingEntry: Hashable, Sendable {
    public let route: TransitGatewayRoute
    public var prefix: IPPrefix { route.destination }

    public init(route: TransitGatewayRoute) { self.route = route }
}

/// The state of a transit gateway (EC2's `TransitGatewayState`).
public struct TransitGatewayState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A change in progress: the transit gateway still forwards traffic.
    public static let modifying = Self(rawValue: "modifying")
}

/// The state of a transit gateway attachment (EC2's `TransitGatewayAttachmentState`).
public struct TransitGatewayAttachmentState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let initiating = Self(rawValue: "initiating")
    public static let initiatingRequest = Self(rawValue: "initiatingRequest")
    /// Waiting for the owner of the other end (another account's transit gateway or VPC) to accept it.
    public static let pendingAcceptance = Self(rawValue: "pendingAcceptance")
    public static let rollingBack = Self(rawValue: "rollingBack")
    /// Adding or removing subnets: the attachment still carries traffic.
    public static let modifying = Self(rawValue: "modifying")
    public static let failed = Self(rawValue: "failed")
    public static let rejected = Self(rawValue: "rejected")
    public static let rejecting = Self(rawValue: "rejecting")
    public static let failing = Self(rawValue: "failing")
}

/// What a transit gateway attachment joins to its transit gateway (EC2's `TransitGatewayAttachmentResourceType`).
public struct TransitGatewayAttachmentResourceType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let vpc = Self(rawValue: "vpc")
    public static let vpn = Self(rawValue: "vpn")
    public static let directConnectGateway = Self(rawValue: "direct-connect-gateway")
    public static let connect = Self(rawValue: "connect")
    /// A peering with another transit gateway; some outputs print `tgw-peering`.
    public static let peering = Self(rawValue: "peering")
    public static let tgwPeering = Self(rawValue: "tgw-peering")
    public static let networkFunction = Self(rawValue: "network-function")
    /// Not an AWS value: what PathProof records when the snapshot names an attachment without saying what it joins
    /// (a route table association of an attachment no file describes).
    public static let unknown = Self(rawValue: "unknown")
}

/// The state of a transit gateway route table (EC2's `TransitGatewayRouteTableState`).
public struct TransitGatewayRouteTableState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

}

/// How a transit gateway route got into its table (EC2's `TransitGatewayRouteType`).
public struct TransitGatewayRouteType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let `static` = Self(rawValue: "static")
    public static let propagated = Self(rawValue: "propagated")
}

/// The state of a transit gateway route (EC2's `TransitGatewayRouteState`).
public struct TransitGatewayRouteState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pending = Self(rawValue: "pending")
    /// Forwards matching packets.
    public static let active = Self(rawValue: "active")
    /// Drops matching packets.
    public static let blackhole = Self(rawValue: "blackhole")
    public static let deleting = Self(rawValue: "deleting")
    public static let deleted = Self(rawValue: "deleted")
}

/// The state of a transit gateway route table propagation (EC2's `TransitGatewayPropagationState`).
public struct TransitGatewayPropagationState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let enabling = Self(rawValue: "enabling")
    /// The only state in which the attachment's routes are propagated.
    public static let enabled = Self(rawValue: "enabled")
    public static let disabling = Self(rawValue: "disabling")
    public static let disabled = Self(rawValue: "disabled")
}

/// Configuration facts about transit gateways, shared by the walker and the SMT encoding.
extension Network {
    public var transitGateways: [TransitGateway] { transit.gateways }

    public func transitGateway(_ id: String) -> TransitGateway? { transit.gateway(id) }
    public func transitGatewayRouteTable(_ id: String) -> TransitGatewayRouteTable? { transit.routeTable(id) }

    /// The end of attachment `id` on transit gateway `gatewayID`.
    public func transitGatewayAttachment(_ id: String, on gatewayID: String) -> TransitGatewayAttachment? {
        transit.attachment(id, on: gatewayID)
    }

    /// The attachment of a VPC to a transit gateway (one that is not deleted, the first that carries traffic).
    public func transitGatewayAttachment(ofVPC vpcID: String, on gatewayID: String) -> TransitGatewayAttachment? {
        let candidates = transitGatewayAttachments(ofVPC: vpcID).filter {
            $0.transitGatewayID == gatewayID && $0.state != .deleted
        }
        return candidates.first(where: \.carriesTraffic) ?? candidates.first
    }

    /// The other end of a peering attachment: the same attachment id on the peer transit gateway.
    public func transitGatewayPeerEnd(of attachment: TransitGatewayAttachment) -> TransitGatewayAttachment? {
        guard attachment.isPeering else { return nil }
        if let peer = attachment.resourceID, let end = transit.attachment(attachment.id, on: peer) { return end }
        return transit.attachmentEnds(attachment.id).first { $0.transitGatewayID != attachment.transitGatewayID }
    }

    /// The route tables of a transit gateway (not deleted).
    public func transitGatewayRouteTables(of gatewayID: String) -> [TransitGatewayRouteTable] { transit.routeTables(of: gatewayID) }

    /// A transit gateway route table's forwarding order: longest prefix first; static before propagated routes of
    /// the same prefix; routes that enabled VPC propagations imply included.
    public func transitGatewayRoutingEntries(of table: TransitGatewayRouteTable) -> [TransitGatewayRoutingEntry] {
        transit.routingEntries(of: table.id)
    }

    /// The entry a transit gateway route table uses for `destination`: the first in forwarding order that
    /// contains it, or nil when none does.
    public func transitGatewayRoute(in table: TransitGatewayRouteTable, for destination: IPAddress) -> TransitGatewayRoutingEntry? {
        transit.route(in: table.id, for: destination)
    }

    /// Attachments that propagate routes the snapshot cannot tell into this table (empty when all are known).
    public func transitGatewayUnknownRoutes(of table: TransitGatewayRouteTable) -> [String] { transit.unknownRoutes(of: table.id) }

    /// The subnet of a VPC attachment in an availability zone: where traffic from that zone enters the transit
    /// gateway. nil when the attachment has no subnet there (resources in that zone cannot reach the transit
    /// gateway). When the zone is unknown, the attachment's first subnet stands in.
    public func transitGatewayEntrySubnet(_ attachment: TransitGatewayAttachment, zone: String?) -> String? {
        guard let zone else { return attachment.subnetIDs.first }
        return attachment.subnetIDs.first { subnet($0)?.availabilityZone == zone }
    }

    /// The subnet where a VPC attachment delivers traffic that entered the transit gateway in `zone`: its subnet
    /// in that zone (the transit gateway keeps traffic in the zone it came from), else its first subnet (AWS then
    /// crosses to a zone the attachment has; which one it does not document, so PathProof takes the first listed).
    public func transitGatewayExitSubnet(_ attachment: TransitGatewayAttachment, entryZone zone: String?) -> String? {
        if let zone, let same = attachment.subnetIDs.first(where: { subnet($0)?.availabilityZone == zone }) { return same }
        return attachment.subnetIDs.first
    }

    /// The transit gateways a VPC has an attachment to (not deleted), in the snapshot's order.
    public func transitGatewayIDs(attachedTo vpcID: String) -> [String] {
        var result: [String] = []
        for attachment in transitGatewayAttachments(ofVPC: vpcID) where attachment.state != .deleted {
            if !result.contains(attachment.transitGatewayID) { result.append(attachment.transitGatewayID) }
        }
        return result
    }

    /// The Name tag of a transit gateway, attachment or transit gateway route table.
    func transitGatewayName(of id: String) -> String? {
        if id.hasPrefix("tgw-rtb-") { return transit.routeTable(id)?.tags.name }
        if id.hasPrefix("tgw-attach-") { return transit.attachmentEnds(id).lazy.compactMap(\.tags.name).first }
        if id.hasPrefix("tgw-") { return transit.gateway(id)?.tags.name }
        return nil
    }
}

/// A word of one of AWS's vocabularies: a resource's state, status or type, kept exactly as AWS prints it.
///
/// Each vocabulary names, as constants, the values PathProof looks at or writes (`PeeringConnectionStatus.active`);
/// any other value AWS reports, including ones it adds later, is kept as it is, so that nothing is lost and every
/// message prints what the snapshot says (`description` is the raw value).
public protocol AWSVocabulary: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible where RawValue == String {
    init(rawValue: String)
}

extension AWSVocabulary {
    public var description: String { rawValue }
}

/// A vocabulary of resource states with AWS's lifecycle words: `pending`, `available` (the state in which the
/// resource works), `deleting`, `deleted`; each vocabulary adds its own (`failed`, `modifying`, …).
public protocol AWSLifecycleState: AWSVocabulary {}

extension AWSLifecycleState {
    public static var pending: Self { Self(rawValue: "pending") }
    public static var available: Self { Self(rawValue: "available") }
    public static var deleting: Self { Self(rawValue: "deleting") }
    public static var deleted: Self { Self(rawValue: "deleted") }
}

/// The state of a gateway's attachment to a VPC (EC2's `AttachmentStatus`): `attaching`, `attached`, `detaching`,
/// `detached`; `describe-internet-gateways` prints `available` for an attached internet gateway.
public struct AttachmentState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let attaching = Self(rawValue: "attaching")
    public static let attached = Self(rawValue: "attached")
    public static let detaching = Self(rawValue: "detaching")
    public static let detached = Self(rawValue: "detached")
    /// What `describe-internet-gateways` prints for an internet gateway that is attached.
    public static let available = Self(rawValue: "available")
}

/// A gateway's attachment to a VPC (an internet gateway's, an egress-only internet gateway's, a virtual private
/// gateway's): it carries the VPC's traffic only when attached.
public struct GatewayAttachment: Hashable, Codable, Sendable {
    public var vpcID: String
    public var state: AttachmentState

    public init(vpcID: String, state: AttachmentState) {
        self.vpcID = vpcID
        self.state = state
    }

    /// `attached`, or `available` as describe-internet-gateways prints an attached internet gateway.
    public var isAttached: Bool { state == .attached || state == .available }
}

/// The state of a Site-to-Site VPN resource (EC2's `VpnState`): a virtual private gateway, a VPN connection and its
/// static routes, a customer gateway. `pending`, `available`, `deleting`, `deleted`.
public struct VPNState: AWSLifecycleState {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

}

/// An Elastic Load Balancing v2 load balancer (`aws elbv2 describe-load-balancers`): an Application Load Balancer
/// or a Network Load Balancer. It has one node, a network interface of its VPC, in each subnet it is enabled in
/// (`AvailabilityZones`); a client connects to a node's address on a listener's port, and the node opens a new
/// connection to a registered target of the target group the listener forwards to.
///
/// The AWS rules PathProof models (both engines read them from here):
/// - A listener accepts TCP (and, on a Network Load Balancer, UDP) on its port; no listener on the port drops the
///   packet (ELB_LISTENERS_MISMATCH). Only a default action that forwards is followed; other actions and rules
///   (redirect, fixed response, authentication, path- or host-based rules) make the answer UNKNOWN.
/// - The node routes to the healthy targets of the target group; when none is healthy it routes to all of them
///   (fail open). Targets that are `unused` or `draining` get no new connection.
/// - Without cross-zone load balancing (the default of a Network Load Balancer; an Application Load Balancer always
///   has it) a node routes only to targets in its own zone (ELB_NOT_CROSSZONE).
/// - The node sends from its own private address, unless the target group preserves the client's address
///   (`preserve_client_ip.enabled`: by default on for a Network Load Balancer's instance targets, off for its IP
///   targets; an Application Load Balancer never does), to the target's registered port, else the group's.
/// - Security groups apply at an Application Load Balancer's nodes, and at a Network Load Balancer's when it has
///   any: inbound to what a client sends, outbound to what the node sends a target; network ACLs apply at every
///   subnet boundary, as for any interface.
public struct LoadBalancer: Hashable, Sendable {
    /// A subnet the load balancer is enabled in (one node each).
    public struct Zone: Hashable, Sendable {
        public let subnetID: String
        public let zoneName: String?
        public init(subnetID: String, zoneName: String?) {
            self.subnetID = subnetID
            self.zoneName = zoneName
        }
    }

    public let arn: String
    public let name: String
    public var dnsName: String?
    public var type: LoadBalancerType
    public var scheme: LoadBalancerScheme
    public var state: LoadBalancerState?
    public var vpcID: String
    public var zones: [Zone]
    public var securityGroupIDs: [String]
    public var listeners: [Listener]
    /// `load_balancing.cross_zone.enabled` from `describe-load-balancer-attributes`; nil when not read.
    public var crossZoneAttribute: Bool?

    public init(arn: String, name: String, dnsName: String? = nil, type: LoadBalancerType, scheme: LoadBalancerScheme,
                state: LoadBalancerState? = nil, vpcID: String, zones: [Zone] = [], securityGroupIDs: [String] = [],
                listeners: [Listener] = [], crossZoneAttribute: Bool? = nil) {
        self.arn = arn
        self.name = name
        self.dnsName = dnsName
        self.type = type
        self.scheme = scheme
        self.state = state
        self.vpcID = vpcID
        self.zones = zones
        self.securityGroupIDs = securityGroupIDs
        self.listeners = listeners
        self.crossZoneAttribute = crossZoneAttribute
    }

    /// The part of the ARN after `loadbalancer/` (`net/test-lb/725b996cb6be8fba`): what the description of its
    /// nodes' network interfaces names (`ELB net/test-lb/725b996cb6be8fba`).
    public var resourcePath: String {
        guard let resource = arn.split(separator: ":", maxSplits: 5).last, resource.hasPrefix("loadbalancer/") else { return arn }
        return String(resource.dropFirst("loadbalancer/".count))
    }

    /// Whether a node routes to targets in every enabled zone: always for an Application Load Balancer; for a
    /// Network Load Balancer only with the attribute on (off by default).
    public var isCrossZone: Bool { type == .application ? true : (crossZoneAttribute ?? false) }

    /// Whether the load balancer is in a state that forwards traffic (active, or active but impaired; a snapshot
    /// that does not say is taken as active).
    public var forwardsTraffic: Bool { state == nil || state == .active || state == .activeImpaired }

    /// Whether the load balancer has security groups that filter what its nodes receive.
    public var filtersInbound: Bool { type == .application || !securityGroupIDs.isEmpty }

    /// The listener on `port` for a protocol, nil when none.
    public func listener(port: UInt16, ipProtocol: UInt8) -> Listener? {
        listeners.first { $0.port == port && $0.carries(ipProtocol) }
    }

    /// Whether the load balancer is one PathProof follows: an active (or impaired but serving) Application or Network
    /// Load Balancer.
    public var isModelled: Bool { type == .application || type == .network }
}

/// A listener (`describe-listeners`): a port and protocol, and its default actions.
public struct Listener: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        /// Forward to these target groups (by ARN).
        case forward([String])
        /// Anything else (`redirect`, `fixed-response`, `authenticate-oidc`, …), by its type.
        case other(String)
    }

    public let arn: String
    public let port: UInt16
    /// `TCP`, `UDP`, `TCP_UDP`, `TLS`, `HTTP`, `HTTPS`.
    public let listenerProtocol: String
    public let defaultActions: [Action]

    public init(arn: String, port: UInt16, listenerProtocol: String, defaultActions: [Action]) {
        self.arn = arn
        self.port = port
        self.listenerProtocol = listenerProtocol
        self.defaultActions = defaultActions
    }

    /// Whether the listener accepts packets of this IP protocol: UDP listeners take UDP, `TCP_UDP` both, every other
    /// protocol (TCP, TLS, HTTP, HTTPS) runs over TCP.
    public func carries(_ ipProtocol: UInt8) -> Bool {
        switch listenerProtocol.uppercased() {
        case "UDP": ipProtocol == IPProtocolNumber.udp
        case "TCP_UDP": ipProtocol == IPProtocolNumber.udp || ipProtocol == IPProtocolNumber.tcp
        default: ipProtocol == IPProtocolNumber.tcp
        }
    }

    /// The target groups the listener's default action forwards to; nil when its first action is not a forward
    /// (a redirect, a fixed response, an authentication step), which PathProof does not follow.
    public var forwardedTargetGroups: [String]? {
        guard let first = defaultActions.first else { return [] }
        if case .forward(let groups) = first { return groups }
        return nil
    }

    /// The type of the first action that is not a forward, for messages.
    public var unsupportedActionType: String? {
        if case .other(let type) = defaultActions.first { return type }
        return nil
    }
}

/// A target group (`describe-target-groups`) with its targets (`describe-target-health`).
public struct TargetGroup: Hashable, Sendable {
    public struct Target: Hashable, Sendable {
        /// An instance id (`i-…`) or an IP address, by the group's target type.
        public let id: String
        /// The port the target was registered on; nil for the group's port.
        public let port: UInt16?
        public let availabilityZone: String?
        public let health: TargetHealthState

        public init(id: String, port: UInt16?, availabilityZone: String? = nil, health: TargetHealthState) {
            self.id = id
            self.port = port
            self.availabilityZone = availabilityZone
            self.health = health
        }
    }

    public let arn: String
    public let name: String
    public var port: UInt16?
    public var targetProtocol: String?
    public var targetType: TargetType
    public var vpcID: String?
    public var loadBalancerARNs: [String]
    public var targets: [Target]
    /// `preserve_client_ip.enabled`; nil when not read.
    public var preserveClientIPAttribute: Bool?

    public init(arn: String, name: String, port: UInt16?, targetProtocol: String?, targetType: TargetType, vpcID: String?,
                loadBalancerARNs: [String] = [], targets: [Target] = [], preserveClientIPAttribute: Bool? = nil) {
        self.arn = arn
        self.name = name
        self.port = port
        self.targetProtocol = targetProtocol
        self.targetType = targetType
        self.vpcID = vpcID
        self.loadBalancerARNs = loadBalancerARNs
        self.targets = targets
        self.preserveClientIPAttribute = preserveClientIPAttribute
    }

    /// The last part of the ARN (`8e891d8fcdf8ece8`): how a file of `describe-target-health` output names its group.
    public var arnSuffix: String { arn.split(separator: "/").last.map(String.init) ?? arn }

    /// Whether a node of `loadBalancer` sends with the client's address: the attribute when read, else AWS's default
    /// (on for a Network Load Balancer's instance targets, off otherwise; an Application Load Balancer never does).
    public func preservesClientIP(for loadBalancer: LoadBalancer) -> Bool {
        guard loadBalancer.type == .network else { return false }
        return preserveClientIPAttribute ?? (targetType == .instance)
    }

    /// The targets a node routes new connections to: the healthy ones; when none is healthy, every target that
    /// still takes connections (fail open). Unused and draining targets get none.
    public var routedTargets: [Target] {
        let healthy = targets.filter { $0.health == .healthy }
        if !healthy.isEmpty { return healthy }
        return targets.filter { $0.health.takesConnectionsWhenFailingOpen }
    }
}

/// `Type` of a load balancer.
public struct LoadBalancerType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let application = Self(rawValue: "application")
    public static let network = Self(rawValue: "network")
    /// A Gateway Load Balancer: not modelled (answers through it are UNKNOWN).
    public static let gateway = Self(rawValue: "gateway")
}

/// `Scheme` of a load balancer: an internet-facing one's nodes have public addresses, an internal one's do not.
public struct LoadBalancerScheme: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let internetFacing = Self(rawValue: "internet-facing")
    public static let `internal` = Self(rawValue: "internal")
}

/// `State.Code` of a load balancer.
public struct LoadBalancerState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active = Self(rawValue: "active")
    public static let provisioning = Self(rawValue: "provisioning")
    public static let activeImpaired = Self(rawValue: "active_impaired")
    public static let failed = Self(rawValue: "failed")
}

/// `TargetType` of a target group.
public struct TargetType: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let instance = Self(rawValue: "instance")
    public static let ip = Self(rawValue: "ip")
    public static let lambda = Self(rawValue: "lambda")
    public static let alb = Self(rawValue: "alb")
}

/// `TargetHealth.State` of a registered target.
public struct TargetHealthState: AWSVocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let initial = Self(rawValue: "initial")
    public static let healthy = Self(rawValue: "healthy")
    public static let unhealthy = Self(rawValue: "unhealthy")
    public static let unhealthyDraining = Self(rawValue: "unhealthy.draining")
    public static let unused = Self(rawValue: "unused")
    public static let draining = Self(rawValue: "draining")
    public static let unavailable = Self(rawValue: "unavailable")

    /// Whether a target in this state gets connections when no target is healthy (fail open): not when it is
    /// unused (not in an enabled zone, or not used by a load balancer) or draining (being deregistered).
    public var takesConnectionsWhenFailingOpen: Bool {
        self != .unused && self != .draining && self != .unhealthyDraining
    }
}

/// The load balancers and target groups of a network, with lookups.
public struct LoadBalancing: Sendable {
    public private(set) var loadBalancers: [LoadBalancer]
    public private(set) var targetGroups: [TargetGroup]
    private var groupIndex: [String: Int] = [:]

    public init(loadBalancers: [LoadBalancer] = [], targetGroups: [TargetGroup] = []) {
        self.loadBalancers = loadBalancers
        self.targetGroups = targetGroups
        for (i, group) in targetGroups.enumerated() where groupIndex[group.arn] == nil { groupIndex[group.arn] = i }
    }

    public func targetGroup(_ arn: String) -> TargetGroup? { groupIndex[arn].map { targetGroups[$0] } }

    /// Adds a listener to the load balancer with this ARN (`elbv2 create-listener`), after its other listeners; a
    /// load balancer the network does not have is left alone.
    public mutating func addListener(_ listener: Listener, to loadBalancerARN: String) {
        for index in loadBalancers.indices where loadBalancers[index].arn == loadBalancerARN {
            loadBalancers[index].listeners.append(listener)
        }
    }
}

/// One way a load balancer node forwards a packet: the listener, the target group, the target, the target's
/// interface and address, and the port and source the node sends with.
public struct LoadBalancerForward: Hashable, Sendable {
    public let loadBalancer: LoadBalancer
    public let node: NetworkInterface
    public let listener: Listener
    public let targetGroup: TargetGroup
    public let target: TargetGroup.Target
    public let interface: NetworkInterface
    public let address: IPAddress
    public let port: UInt16
    /// Whether the node keeps the client's address as the source (else its own private address).
    public let preservesClientIP: Bool
}

/// Why a load balancer node forwards nothing for a listener.
public struct LoadBalancerRefusal: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// The listener's default action forwards to no target group (ELBV2_LISTENER_HAS_NO_TG).
        case noTargetGroup
        /// No target is routed to (none registered, all unused or draining).
        case noTargets
        /// Targets exist, but none in an enabled zone (ELB_INSTALLED_AZ_RESTRICTION) …
        case notInEnabledZone
        /// … or, without cross-zone load balancing, none in the node's zone (ELB_NOT_CROSSZONE).
        case notCrossZone
    }
    public let reason: Reason
    public let message: String
}

extension Network {
    public var loadBalancers: [LoadBalancer] { loadBalancing.loadBalancers }
    public var targetGroups: [TargetGroup] { loadBalancing.targetGroups }

    /// A load balancer by ARN, name or DNS name.
    public func loadBalancer(_ key: String) -> LoadBalancer? {
        loadBalancers.first { $0.arn == key } ?? loadBalancers.first { $0.name == key }
            ?? loadBalancers.first { $0.dnsName?.lowercased() == key.lowercased() }
    }

    /// The load balancer whose node this interface is: its description is `ELB <resource path>`
    /// (`ELB net/test-lb/725b996cb6be8fba`, `ELB app/web/50dc6c495c0c9188`).
    public func loadBalancer(ofInterface interface: NetworkInterface) -> LoadBalancer? {
        guard let description = interface.interfaceDescription, description.hasPrefix("ELB ") else { return nil }
        let path = description.dropFirst(4)
        return loadBalancers.first { $0.resourcePath == path && $0.vpcID == interface.vpcID }
    }

    /// The nodes of a load balancer: the network interfaces `describe-network-interfaces` lists for it.
    public func nodes(of loadBalancer: LoadBalancer) -> [NetworkInterface] {
        let description = "ELB \(loadBalancer.resourcePath)"
        return networkInterfaces.filter { $0.interfaceDescription == description && $0.vpcID == loadBalancer.vpcID }
    }

    /// The availability zone of an interface's subnet.
    public func zone(of interface: NetworkInterface) -> String? { subnet(interface.subnetID)?.availabilityZone }

    /// Where a node sends a packet a listener accepts: one forward per target it may pick. An empty result
    /// comes with the refusal that says why; `unsupported` when PathProof cannot follow the listener.
    public func forwards(of loadBalancer: LoadBalancer, node: NetworkInterface, listener: Listener,
                         family: AddressFamily) -> (forwards: [LoadBalancerForward], refusal: LoadBalancerRefusal?, unsupported: String?) {
        guard let groupARNs = listener.forwardedTargetGroups else {
            return ([], nil, "listener \(listener.port)/\(listener.listenerProtocol) of \(loadBalancer.name) has a default action of type \(listener.unsupportedActionType ?? "?"), which PathProof does not model (only forward)")
        }
        guard !groupARNs.isEmpty else {
            return ([], LoadBalancerRefusal(reason: .noTargetGroup, message: "listener \(listener.port)/\(listener.listenerProtocol) of \(loadBalancer.name) forwards to no target group"), nil)
        }
        var result: [LoadBalancerForward] = []
        var anyTarget = false
        var anyInEnabledZone = false
        let enabledZones = Set(loadBalancer.zones.compactMap { zone in zone.zoneName ?? subnet(zone.subnetID)?.availabilityZone })
        let nodeZone = zone(of: node)
        for arn in groupARNs {
            guard let group = loadBalancing.targetGroup(arn) else {
                return ([], nil, "listener \(listener.port) of \(loadBalancer.name) forwards to \(arn), which the snapshot does not describe (describe-target-groups)")
            }
            if group.targetType != .instance && group.targetType != .ip {
                return ([], nil, "target group \(group.name) has targets of type \(group.targetType), which PathProof does not model")
            }
            for target in group.routedTargets {
                anyTarget = true
                guard let (interface, address) = resolve(target, of: group, family: family) else {
                    return ([], nil, "target \(target.id) of \(group.name) is no network interface the snapshot describes")
                }
                let targetZone = target.availabilityZone == "all" ? nil : (target.availabilityZone ?? zone(of: interface))
                if let targetZone, !enabledZones.isEmpty, !enabledZones.contains(targetZone) { continue }
                anyInEnabledZone = true
                if !loadBalancer.isCrossZone, let targetZone, let nodeZone, targetZone != nodeZone { continue }
                guard let port = target.port ?? group.port else { continue }
                result.append(LoadBalancerForward(loadBalancer: loadBalancer, node: node, listener: listener, targetGroup: group, target: target,
                                                  interface: interface, address: address, port: port,
                                                  preservesClientIP: group.preservesClientIP(for: loadBalancer)))
            }
        }
        if !result.isEmpty { return (result, nil, nil) }
        let names = groupARNs.compactMap { loadBalancing.targetGroup($0)?.name }.joined(separator: ", ")
        if !anyTarget {
            return ([], LoadBalancerRefusal(reason: .noTargets, message: "target group \(names) of listener \(listener.port) has no target that takes connections"), nil)
        }
        if !anyInEnabledZone {
            return ([], LoadBalancerRefusal(reason: .notInEnabledZone, message: "no target of \(names) is in a zone \(loadBalancer.name) is enabled in"), nil)
        }
        return ([], LoadBalancerRefusal(reason: .notCrossZone,
                                        message: "\(loadBalancer.name) has cross-zone load balancing off, and no target of \(names) is in the zone of node \(node.id) (\(nodeZone ?? "?"))"), nil)
    }

    /// The load balancers that have the interface among the registered targets of a target group a listener forwards to.
    public func loadBalancers(targeting interfaceID: String) -> [LoadBalancer] {
        loadBalancers.filter { loadBalancer in
            loadBalancer.isModelled && loadBalancer.listeners.contains { listener in
                (listener.forwardedTargetGroups ?? []).contains { arn in
                    guard let group = loadBalancing.targetGroup(arn) else { return false }
                    return group.targets.contains { target in
                        AddressFamily.allCases.contains { resolve(target, of: group, family: $0)?.0.id == interfaceID }
                    }
                }
            }
        }
    }

    /// The interface and address of a target: an instance's primary interface and address, or the interface that
    /// has an IP target's address.
    public func resolve(_ target: TargetGroup.Target, of group: TargetGroup, family: AddressFamily) -> (NetworkInterface, IPAddress)? {
        switch group.targetType {
        case .instance:
            guard let instance = instance(target.id) else { return nil }
            guard let interface = instance.networkInterfaceIDs.lazy.compactMap({ networkInterface($0) }).first,
                  let address = family == .ipv4 ? interface.primaryAddress : interface.addresses(family).first else { return nil }
            return (interface, address)
        default:
            guard let address = IPAddress(target.id), address.family == family, let interface = networkInterface(privateAddress: address) else { return nil }
            return (interface, address)
        }
    }
}

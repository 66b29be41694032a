/// An Elastic Load Balancing v2 load balancer (`aws elbv2 describe-load-balancers`): an Application Load Balancer
/// or a Network Load Balancer. It has one node, a network interface of its VPC, in each subnet it is enabled in
/// (`AvailabilityZones`); a client connects to a node's address on a listener's port, and the node opens a new
/// connection to a registered target of the target group the listener forwards to.
///
/// The AWS rules PathProof models (both engines read them from here):
/// - A listener accepts TCP (and, on a Network Load Balancer, UDP) on its port; no listener on the port drops the
///   packet (ELB_LISTENERS_MISMATCH). Its rules and default action are followed as `Listener` says.
/// - The node routes to the healthy targets of the target group in enabled zones; when none is healthy it routes to
///   all of them (fail open; a Classic Load Balancer does not). Targets that are `unused` or `draining` get no new
///   connection; an unhealthy one passed over is a blocker (TARGET_UNHEALTHY) with no fix.
/// - Without cross-zone load balancing (the default of a Network Load Balancer; an Application Load Balancer has it
///   unless its target group turns it off) a node routes only to targets in its own zone (ELB_NOT_CROSSZONE); a
///   target in a zone the load balancer is not enabled in gets nothing (ELB_INSTALLED_AZ_RESTRICTION).
/// - The node sends from its own private address, unless the target group preserves the client's address
///   (`preserve_client_ip.enabled`: by default on for a Network Load Balancer's instance targets, off for its IP
///   targets; an Application Load Balancer never does), to the target's registered port, else the group's.
/// - Security groups apply at an Application Load Balancer's nodes, and at a Network Load Balancer's when it has
///   any: inbound to what a client sends, outbound to what the node sends a target; network ACLs apply at every
///   subnet boundary, as for any interface.
public struct LoadBalancer: Hashable, Codable, Sendable {
    /// A subnet the load balancer is enabled in (one node each).
    public struct Zone: Hashable, Codable, Sendable {
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

    /// Whether a node routes to every target when none is healthy (Application and Network Load Balancers do; a
    /// Classic Load Balancer answers 503 instead).
    public var failsOpen: Bool { type != .classic }

    /// Whether the load balancer is in a state that forwards traffic (active, or active but impaired; a snapshot
    /// that does not say is taken as active).
    public var forwardsTraffic: Bool { state == nil || state == .active || state == .activeImpaired }

    /// Whether the load balancer has security groups that filter what its nodes receive.
    public var filtersInbound: Bool { type == .application || type == .classic || !securityGroupIDs.isEmpty }

    /// The listener on `port` for a protocol, nil when none.
    public func listener(port: UInt16, ipProtocol: UInt8) -> Listener? {
        listeners.first { $0.port == port && $0.carries(ipProtocol) }
    }

    /// Whether the load balancer is one PathProof follows: an active (or impaired but serving) Application or Network
    /// Load Balancer.
    public var isModelled: Bool { type == .application || type == .network || type == .classic }
}

/// A listener (`describe-listeners`): a port and protocol, its default actions, and (an Application Load
/// Balancer's) rules (`describe-rules`).
///
/// How PathProof follows it: a rule's conditions on the request (host, path, headers, method, query string) are
/// above the packet, so any rule may be the one a request matches: the packet reaches every target group some rule
/// or the default action forwards to, and the answer names the rule. An action list is read in `Order`: an
/// authentication step (`authenticate-oidc`, `authenticate-cognito`) is passed, then a `forward` reaches its target
/// groups (those of weight 0 in a `ForwardConfig` get nothing), a `redirect` or `fixed-response` reaches no target.
/// A rule with a `source-ip` condition (decided by the packet's source, with fall-through to later rules) and any
/// other action type are not modelled: the answer is UNKNOWN, naming it.
public struct Listener: Hashable, Codable, Sendable {
    public enum Action: Hashable, Codable, Sendable {
        /// Forward to these target groups (by ARN).
        case forward([String])
        /// Anything else (`redirect`, `fixed-response`, `authenticate-oidc`, …), by its type.
        case other(String)
    }

    /// A rule of the listener (`describe-rules`) other than the default one.
    public struct Rule: Hashable, Codable, Sendable {
        /// One condition, as `Field` and its values (`path-pattern` `/api/*`).
        public struct Condition: Hashable, Codable, Sendable {
            public let field: String
            public let values: [String]
            public init(field: String, values: [String]) {
                self.field = field
                self.values = values
            }
        }
        public let arn: String
        /// `Priority`: "1" to "50000".
        public let priority: String
        public let conditions: [Condition]
        public let actions: [Action]

        public init(arn: String, priority: String, conditions: [Condition], actions: [Action]) {
            self.arn = arn
            self.priority = priority
            self.conditions = conditions
            self.actions = actions
        }

        /// "rule 10 (path-pattern /api/*; host-header api.example.com)".
        public var label: String {
            let conditions = self.conditions.map { "\($0.field) \($0.values.joined(separator: " or "))" }.joined(separator: "; ")
            return "rule \(priority)\(conditions.isEmpty ? "" : " (\(conditions))")"
        }

        /// The listener ARN a rule ARN belongs to: `…:listener-rule/app/web/50dc…/f2f7…/9683…` → `…:listener/app/web/50dc…/f2f7…`.
        public static func listenerARN(ofRule arn: String) -> String? {
            guard arn.contains(":listener-rule/"), let slash = arn.lastIndex(of: "/") else { return nil }
            return String(arn[..<slash]).replacing(":listener-rule/", with: ":listener/")
        }
    }

    /// Where one rule (or the default action, `rule` nil) sends a request: its target groups, none (a redirect or
    /// fixed response), or `unsupported` (why PathProof cannot follow it).
    public struct Route: Hashable, Codable, Sendable {
        public let rule: Rule?
        public let targetGroups: [String]
        /// The action type that ends the route without a target (`redirect`, `fixed-response`).
        public let answeredBy: String?
        public let unsupported: String?
    }

    public let arn: String
    public let port: UInt16
    /// `TCP`, `UDP`, `TCP_UDP`, `TLS`, `HTTP`, `HTTPS`.
    public let listenerProtocol: String
    public let defaultActions: [Action]
    /// The rules of `describe-rules` other than the default, by priority.
    public var rules: [Rule]

    public init(arn: String, port: UInt16, listenerProtocol: String, defaultActions: [Action], rules: [Rule] = []) {
        self.arn = arn
        self.port = port
        self.listenerProtocol = listenerProtocol
        self.defaultActions = defaultActions
        self.rules = rules
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

    /// The routes of the rules, by priority, then of the default action.
    public var routes: [Route] {
        rules.sorted { (Int($0.priority) ?? Int.max) < (Int($1.priority) ?? Int.max) }.map { Self.route($0.actions, rule: $0) }
            + [Self.route(defaultActions, rule: nil)]
    }

    static func route(_ actions: [Action], rule: Rule?) -> Route {
        let name = rule?.label ?? "default action"
        if let rule, let condition = rule.conditions.first(where: { $0.field == "source-ip" }) {
            // The groups it would forward to are kept (their targets are reached through it), the route not followed.
            let groups = actions.flatMap { action -> [String] in if case .forward(let groups) = action { groups } else { [] } }
            return Route(rule: rule, targetGroups: groups, answeredBy: nil,
                         unsupported: "\(name) has a source-ip condition (\(condition.values.joined(separator: ", "))), which PathProof does not model")
        }
        for action in actions {
            switch action {
            case .forward(let groups): return Route(rule: rule, targetGroups: groups, answeredBy: nil, unsupported: nil)
            case .other(let type) where type.hasPrefix("authenticate-"): continue
            case .other(let type) where type == "redirect" || type == "fixed-response":
                return Route(rule: rule, targetGroups: [], answeredBy: type, unsupported: nil)
            case .other(let type):
                return Route(rule: rule, targetGroups: [], answeredBy: nil, unsupported: "\(name) has an action of type \(type), which PathProof does not model")
            }
        }
        return Route(rule: rule, targetGroups: [], answeredBy: nil, unsupported: nil)
    }

    /// The target groups some rule or the default action forwards to, each once (in the order of the routes); nil
    /// when a route cannot be followed (`unsupportedRoute` says why).
    public var forwardedTargetGroups: [String]? {
        var result: [String] = []
        for route in routes {
            if route.unsupported != nil { return nil }
            for group in route.targetGroups where !result.contains(group) { result.append(group) }
        }
        return result
    }

    /// Why a route of the listener cannot be followed, for messages; nil when every one can.
    public var unsupportedRoute: String? { routes.lazy.compactMap(\.unsupported).first }

    /// The type of the first default action that is not a forward, for messages.
    public var unsupportedActionType: String? {
        if case .other(let type) = defaultActions.first { return type }
        return nil
    }
}

/// A target group (`describe-target-groups`) with its targets (`describe-target-health`).
public struct TargetGroup: Hashable, Codable, Sendable {
    public struct Target: Hashable, Codable, Sendable {
        /// An instance id (`i-…`) or an IP address, by the group's target type.
        public let id: String
        /// The port the target was registered on; nil for the group's port.
        public let port: UInt16?
        public let availabilityZone: String?
        public var health: TargetHealthState
        /// `TargetHealth.Reason` (`Target.FailedHealthChecks`, `Target.NotInUse`, …); nil when not printed.
        public var reason: String?

        public init(id: String, port: UInt16?, availabilityZone: String? = nil, health: TargetHealthState, reason: String? = nil) {
            self.id = id
            self.port = port
            self.availabilityZone = availabilityZone
            self.health = health
            self.reason = reason
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
    /// The group's `load_balancing.cross_zone.enabled` (`describe-target-group-attributes`): nil when not read or
    /// `use_load_balancer_configuration` (the load balancer's attribute decides).
    public var crossZoneAttribute: Bool?
    /// How the load balancer checks its targets (`HealthCheckProtocol`, `HealthCheckPort`, `HealthCheckPath`), for
    /// the answers that name an unhealthy target.
    public var healthCheck: HealthCheck?

    /// A target group's health check as `describe-target-groups` prints it.
    public struct HealthCheck: Hashable, Codable, Sendable {
        public let healthCheckProtocol: String?
        /// A port number or `traffic-port`.
        public let port: String?
        public let path: String?
        public init(healthCheckProtocol: String?, port: String?, path: String?) {
            self.healthCheckProtocol = healthCheckProtocol
            self.port = port
            self.path = path
        }
        /// `HTTP:traffic-port /health`.
        public var description: String {
            "\(healthCheckProtocol ?? "?"):\(port ?? "traffic-port")\(path.map { " \($0)" } ?? "")"
        }
    }

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
    /// A Classic Load Balancer (`aws elb describe-load-balancers`): listeners to instance ports, instances as
    /// targets, always security groups in a VPC, the node's address as the source on the back leg, no fail open.
    public static let classic = Self(rawValue: "classic")
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

    /// Turns cross-zone load balancing on for the load balancer or target group with this ARN
    /// (`modify-load-balancer-attributes` / `modify-target-group-attributes`, `load_balancing.cross_zone.enabled=true`).
    public mutating func enableCrossZone(_ arn: String) {
        for index in loadBalancers.indices where loadBalancers[index].arn == arn { loadBalancers[index].crossZoneAttribute = true }
        for index in targetGroups.indices where targetGroups[index].arn == arn { targetGroups[index].crossZoneAttribute = true }
    }

    /// Registers a target (`elbv2 register-targets`): it starts `initial` (`Elb.RegistrationInProgress`), as
    /// `describe-target-health` prints it right after; a target already registered on the group's port is left alone.
    public mutating func registerTarget(_ id: String, in groupARN: String) {
        for index in targetGroups.indices where targetGroups[index].arn == groupARN {
            guard !targetGroups[index].targets.contains(where: { $0.id == id && $0.port == nil }) else { continue }
            targetGroups[index].targets.append(.init(id: id, port: nil, health: .initial, reason: "Elb.RegistrationInProgress"))
        }
    }

    /// Marks instances InService in every target group of a Classic Load Balancer, registering them (`register`) where
    /// a group does not have them.
    mutating func setClassicInstances(_ ids: [String], of loadBalancerARN: String, register: Bool) {
        for index in targetGroups.indices where targetGroups[index].loadBalancerARNs.contains(loadBalancerARN) {
            for id in ids {
                if let position = targetGroups[index].targets.firstIndex(where: { $0.id == id }) {
                    targetGroups[index].targets[position].health = .healthy
                    targetGroups[index].targets[position].reason = nil
                } else if register {
                    targetGroups[index].targets.append(.init(id: id, port: nil, health: .healthy))
                }
            }
        }
    }

    /// Sets the subnets of a load balancer (`elbv2 set-subnets`, one per zone); `zones` names each subnet's zone. The
    /// targets of its groups that were `unused` because their zone was not enabled (`Target.NotInUse`) start their
    /// health checks (`initial`, `Elb.InitialHealthChecking`).
    public mutating func setSubnets(_ zones: [LoadBalancer.Zone], of loadBalancerARN: String, zoneOfTarget: (TargetGroup, TargetGroup.Target) -> String?) {
        for index in loadBalancers.indices where loadBalancers[index].arn == loadBalancerARN {
            loadBalancers[index].zones = zones
        }
        let enabled = Set(zones.compactMap(\.zoneName))
        for index in targetGroups.indices where targetGroups[index].loadBalancerARNs.contains(loadBalancerARN) {
            let group = targetGroups[index]
            for position in group.targets.indices {
                let target = group.targets[position]
                guard target.health == .unused, target.reason == nil || target.reason == "Target.NotInUse",
                      let zone = zoneOfTarget(group, target), enabled.contains(zone) else { continue }
                targetGroups[index].targets[position].health = .initial
                targetGroups[index].targets[position].reason = "Elb.InitialHealthChecking"
            }
        }
    }

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
    /// The listener rule that sends the request to the target group; nil for the default action.
    public var rule: Listener.Rule? = nil
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
    /// What a change would lift for the first target kept from the node, when something would (the blocker's
    /// checkpoint); nil when no target is there to route to.
    public var restriction: LoadBalancerRestriction? = nil

    public init(reason: Reason, message: String, restriction: LoadBalancerRestriction? = nil) {
        self.reason = reason
        self.message = message
        self.restriction = restriction
    }
}

/// What keeps a load balancer node from a target today, and that a change of configuration lifts.
public enum LoadBalancerRestriction: Hashable, Sendable {
    /// Cross-zone load balancing is off (`owner`: the ARN of the target group or load balancer whose
    /// `load_balancing.cross_zone.enabled` decides) and the target is in another zone than the node (ELB_NOT_CROSSZONE).
    case crossZone(owner: String, targetZone: String, nodeZone: String)
    /// The target is in a zone the load balancer is not enabled in (ELB_INSTALLED_AZ_RESTRICTION; `elbv2 set-subnets`).
    case zoneNotEnabled(zone: String)
    /// The target group has no target; this one is not registered (`elbv2 register-targets`).
    case notRegistered
    /// The target is unhealthy while another target of its group is healthy: no configuration change makes it pass
    /// its health check.
    case unhealthy
}

/// One target a node could send to, and what keeps it from doing so today (nil: nothing).
public struct LoadBalancerCandidate: Hashable, Sendable {
    public let forward: LoadBalancerForward
    public let restriction: LoadBalancerRestriction?
}

/// The candidates of one listener on one node (`Network.candidates`).
public struct LoadBalancerCandidates: Sendable {
    public var candidates: [LoadBalancerCandidate] = []
    public var refusal: LoadBalancerRefusal? = nil
    public var unsupported: String? = nil
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
        let found = candidates(of: loadBalancer, node: node, listener: listener, family: family)
        return (found.candidates.filter { $0.restriction == nil }.map(\.forward), found.refusal, found.unsupported)
    }

    /// Every target a node could send a packet a listener accepts to, each with what keeps the node from it today
    /// (`restriction`, nil when nothing does): cross-zone load balancing off for a target in another zone
    /// (ELB_NOT_CROSSZONE), a target in a zone the load balancer is not enabled in (ELB_INSTALLED_AZ_RESTRICTION), an
    /// unhealthy target while another is healthy, or, for `registering` (the interface a query is about), a target group with no target at all that could take
    /// it (`elbv2 register-targets`). The AWS rules, in order:
    /// - A target takes connections unless it is draining or `unused` (not registered, stopped, or in a zone that is
    ///   not enabled: `Target.NotInUse`).
    /// - Of the targets in enabled zones, the node routes to the healthy ones; when none is healthy, to all (fail
    ///   open). An unhealthy target passed over is a candidate kept by its health (no change of configuration
    ///   lifts it; the answer names the target and its group's health check).
    /// - Without cross-zone load balancing (the target group's `load_balancing.cross_zone.enabled`, else the load
    ///   balancer's) a node routes only to targets in its own zone.
    /// An empty list of unrestricted candidates comes with the refusal that says why.
    public func candidates(of loadBalancer: LoadBalancer, node: NetworkInterface, listener: Listener, family: AddressFamily,
                           registering: NetworkInterface? = nil) -> LoadBalancerCandidates {
        guard let groupARNs = listener.forwardedTargetGroups else {
            return LoadBalancerCandidates(unsupported: "listener \(listener.port)/\(listener.listenerProtocol) of \(loadBalancer.name): \(listener.unsupportedRoute ?? "an action PathProof does not model")")
        }
        guard !groupARNs.isEmpty else {
            let answered = listener.routes.compactMap(\.answeredBy)
            let how = answered.isEmpty ? "" : " (it answers with \(Array(Set(answered)).sorted().joined(separator: " or ")))"
            return LoadBalancerCandidates(refusal: LoadBalancerRefusal(reason: .noTargetGroup, message: "listener \(listener.port)/\(listener.listenerProtocol) of \(loadBalancer.name) forwards to no target group\(how)"))
        }
        // The rule that sends to each group (the first, by priority; nil for the default action).
        var ruleOfGroup: [String: Listener.Rule] = [:]
        for route in listener.routes.reversed() {
            for group in route.targetGroups { ruleOfGroup[group] = route.rule }
        }
        var result = LoadBalancerCandidates()
        var anyTarget = false
        var anyInEnabledZone = false
        let enabledZones = Set(loadBalancer.zones.compactMap { zone in zone.zoneName ?? subnet(zone.subnetID)?.availabilityZone })
        let nodeZone = zone(of: node)
        for arn in groupARNs {
            guard let group = loadBalancing.targetGroup(arn) else {
                return LoadBalancerCandidates(unsupported: "listener \(listener.port) of \(loadBalancer.name) forwards to \(arn), which the snapshot does not describe (describe-target-groups)")
            }
            if group.targetType != .instance && group.targetType != .ip {
                return LoadBalancerCandidates(unsupported: "target group \(group.name) has targets of type \(group.targetType), which PathProof does not model")
            }
            var placed: [(target: TargetGroup.Target, interface: NetworkInterface, address: IPAddress, zone: String?)] = []
            for target in group.targets {
                let inService = target.health.takesConnectionsWhenFailingOpen
                let zoneUnused = target.health == .unused && (target.reason == nil || target.reason == "Target.NotInUse")
                guard inService || zoneUnused else { continue }
                guard let (interface, address) = resolve(target, of: group, family: family) else {
                    if !inService { continue }
                    return LoadBalancerCandidates(unsupported: "target \(target.id) of \(group.name) is no network interface the snapshot describes")
                }
                let targetZone = target.availabilityZone == "all" ? nil : (target.availabilityZone ?? zone(of: interface))
                let enabled = targetZone.map { enabledZones.isEmpty || enabledZones.contains($0) } ?? true
                if enabled && !inService { continue } // unused for another reason than its zone
                anyTarget = true
                placed.append((target, interface, address, enabled ? nil : targetZone))
            }
            let eligible = placed.filter { $0.zone == nil }
            let healthy = eligible.filter { $0.target.health == .healthy }
            let routed = healthy.isEmpty && loadBalancer.failsOpen ? eligible : healthy
            if !eligible.isEmpty { anyInEnabledZone = true }
            let crossZone = group.crossZoneAttribute ?? loadBalancer.isCrossZone
            let crossZoneOwner = group.crossZoneAttribute == false ? group.arn : loadBalancer.arn
            func candidate(_ target: TargetGroup.Target, _ interface: NetworkInterface, _ address: IPAddress, port: UInt16?,
                           _ restriction: LoadBalancerRestriction?) {
                guard let port = port ?? target.port ?? group.port else { return }
                result.candidates.append(LoadBalancerCandidate(
                    forward: LoadBalancerForward(loadBalancer: loadBalancer, node: node, listener: listener, targetGroup: group, target: target,
                                                 interface: interface, address: address, port: port,
                                                 preservesClientIP: group.preservesClientIP(for: loadBalancer), rule: ruleOfGroup[arn]),
                    restriction: restriction))
            }
            for item in routed {
                let targetZone = item.target.availabilityZone == "all" ? nil : (item.target.availabilityZone ?? zone(of: item.interface))
                let restriction: LoadBalancerRestriction? = if !crossZone, let targetZone, let nodeZone, targetZone != nodeZone {
                    .crossZone(owner: crossZoneOwner, targetZone: targetZone, nodeZone: nodeZone)
                } else { nil }
                candidate(item.target, item.interface, item.address, port: nil, restriction)
            }
            for item in eligible where !routed.contains(where: { $0.interface.id == item.interface.id }) {
                candidate(item.target, item.interface, item.address, port: nil, .unhealthy)
            }
            for item in placed where item.zone != nil {
                candidate(item.target, item.interface, item.address, port: nil, .zoneNotEnabled(zone: item.zone!))
            }
            // A group with no target at all: the query's interface, registered, would be one.
            if placed.isEmpty, group.targets.allSatisfy({ !$0.health.takesConnectionsWhenFailingOpen }), let registering,
               let id = registrationID(registering, for: group, family: family), let address = registering.addresses(family).first {
                let address = family == .ipv4 ? (registering.primaryAddress ?? address) : address
                candidate(TargetGroup.Target(id: id, port: nil, health: .initial, reason: "Elb.RegistrationInProgress"), registering, address,
                          port: nil, .notRegistered)
            }
        }
        if result.candidates.contains(where: { $0.restriction == nil }) { return result }
        let names = groupARNs.compactMap { loadBalancing.targetGroup($0)?.name }.joined(separator: ", ")
        let first = result.candidates.first?.restriction
        if !anyTarget {
            result.refusal = LoadBalancerRefusal(reason: .noTargets, message: "target group \(names) of listener \(listener.port) has no target that takes connections",
                                                 restriction: first)
        } else if !anyInEnabledZone {
            let zones = Set(result.candidates.compactMap { if case .zoneNotEnabled(let zone) = $0.restriction { zone } else { nil } }).sorted()
            result.refusal = LoadBalancerRefusal(reason: .notInEnabledZone,
                                                 message: "no target of \(names) is in a zone \(loadBalancer.name) is enabled in (targets in \(zones.joined(separator: ", ")); enabled: \(enabledZones.sorted().joined(separator: ", ")))",
                                                 restriction: first)
        } else {
            result.refusal = LoadBalancerRefusal(reason: .notCrossZone,
                                                 message: "\(loadBalancer.name) has cross-zone load balancing off, and no target of \(names) is in the zone of node \(node.id) (\(nodeZone ?? "?"))",
                                                 restriction: result.candidates.first { if case .crossZone = $0.restriction { true } else { false } }?.restriction)
        }
        return result
    }

    /// The id an interface is registered by in a target group: its instance's id (instance targets, when it is the
    /// instance's primary interface), or its address (IP targets); nil when it cannot be a target of the group.
    public func registrationID(_ interface: NetworkInterface, for group: TargetGroup, family: AddressFamily) -> String? {
        guard group.vpcID == nil || group.vpcID == interface.vpcID, loadBalancer(ofInterface: interface) == nil else { return nil }
        switch group.targetType {
        case .instance:
            guard let id = interface.instanceID, let instance = instance(id),
                  instance.networkInterfaceIDs.lazy.compactMap({ self.networkInterface($0) }).first?.id == interface.id else { return nil }
            return id
        case .ip:
            return (family == .ipv4 ? interface.primaryAddress : interface.addresses(family).first)?.description
        default:
            return nil
        }
    }

    /// The load balancers that have the interface among the registered targets of a target group a listener forwards
    /// to (by a route PathProof follows or not: through one it does not, the answer is UNKNOWN).
    public func loadBalancers(targeting interfaceID: String) -> [LoadBalancer] {
        loadBalancers.filter { loadBalancer in
            loadBalancer.isModelled && loadBalancer.listeners.contains { listener in
                listener.routes.flatMap(\.targetGroups).contains { arn in
                    guard let group = loadBalancing.targetGroup(arn) else { return false }
                    return group.targets.contains { target in
                        AddressFamily.allCases.contains { resolve(target, of: group, family: $0)?.0.id == interfaceID }
                    }
                }
            }
        }
    }

    /// The load balancers with a listener that forwards to a target group with no target at all, which `interface`
    /// could be registered in (`registrationID`): a query to the interface also asks whether registering it would open
    /// a path through them.
    public func loadBalancers(couldRegister interface: NetworkInterface) -> [LoadBalancer] {
        loadBalancers.filter { loadBalancer in
            loadBalancer.isModelled && loadBalancer.vpcID == interface.vpcID && loadBalancer.listeners.contains { listener in
                (listener.forwardedTargetGroups ?? []).contains { arn in
                    guard let group = loadBalancing.targetGroup(arn) else { return false }
                    return group.targets.allSatisfy { !$0.health.takesConnectionsWhenFailingOpen }
                        && AddressFamily.allCases.contains { registrationID(interface, for: group, family: $0) != nil }
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

import NetworkModel

/// What the Elastic Load Balancing v2 outputs of a snapshot say (`aws elbv2 describe-load-balancers`,
/// `describe-listeners`, `describe-target-groups`, `describe-target-health`, `describe-load-balancer-attributes`,
/// `describe-target-group-attributes`), collected file by file and put together once every file is read: a
/// listener or a target's health may come in a file read before its load balancer or target group.
struct LoadBalancingParts {
    var loadBalancers = ResourceList<LoadBalancer>()
    var targetGroups = ResourceList<TargetGroup>()
    /// Listeners by load balancer ARN.
    var listeners: [String: [Listener]] = [:]
    /// Rules (`describe-rules`, other than the default) by listener ARN, and the listeners any rule was read for.
    var rules: [String: [Listener.Rule]] = [:]
    var listenersWithRules: Set<String> = []
    /// Targets by target group ARN.
    var targets: [String: [TargetGroup.Target]] = [:]
    /// Targets of the bare `describe-target-health` output, which does not name its group: the file names it.
    var unattributedTargets: [(file: String, targets: [TargetGroup.Target])] = []
    var crossZone: [String: Bool] = [:]
    var preserveClientIP: [String: Bool] = [:]
    /// A target group's own `load_balancing.cross_zone.enabled` (absent: `use_load_balancer_configuration`).
    var groupCrossZone: [String: Bool] = [:]
    /// The bare `describe-load-balancer-attributes` / `describe-target-group-attributes` outputs (`{"Attributes":
    /// […]}`), which do not name their load balancer or target group: the file name does (`finishLoadBalancing`).
    var unattributedAttributes: [(file: String, attributes: BareAttributes)] = []

    /// What PathProof reads of a bare attributes output.
    struct BareAttributes {
        /// `load_balancing.cross_zone.enabled` (nil: absent, or a target group's `use_load_balancer_configuration`).
        var crossZone: Bool?
        var preserveClientIP: Bool?
    }

    /// The top-level keys these outputs print: the CLI's own, and the wrapped ones of collectors that name the load
    /// balancer or target group each list belongs to.
    static let keys: Set<String> = [
        "LoadBalancers", "Listeners", "LoadBalancerListeners", "TargetGroups", "TargetHealthDescriptions",
        "LoadBalancerTargetHealth", "LoadBalancerAttributes", "TargetGroupAttributes", "Rules",
        "LoadBalancerDescriptions", "InstanceStates", "Attributes",
    ]
}

extension SnapshotBuilder {
    /// Reads one key of `LoadBalancingParts.keys`.
    mutating func readLoadBalancingKey(_ key: String, _ node: JSONNode, from file: SourceFile) throws(SnapshotError) {
        switch key {
        case "LoadBalancers": try readLoadBalancers(node, from: file)
        case "Listeners":
            for item in try node.elements() {
                let listener = try readListener(item)
                loadBalancingParts.listeners[try item.string("LoadBalancerArn"), default: []].append(listener)
            }
        case "LoadBalancerListeners":
            for entry in try node.elements() {
                let arn = try entry.string("LoadBalancerArn")
                for item in try entry.array("Listeners") { loadBalancingParts.listeners[arn, default: []].append(try readListener(item)) }
            }
        case "TargetGroups": try readTargetGroups(node)
        case "Rules":
            for item in try node.elements() {
                let arn = try item.string("RuleArn")
                guard let listener = Listener.Rule.listenerARN(ofRule: arn) else {
                    throw try item.requiredMember("RuleArn", expected: "a rule ARN").error("\(quoted(arn)) is not a listener rule ARN (arn:…:listener-rule/…)")
                }
                loadBalancingParts.listenersWithRules.insert(listener)
                if try item.bool("IsDefault", default: false) { continue } // the listener's DefaultActions
                loadBalancingParts.rules[listener, default: []].append(try readRule(item, arn: arn))
            }
        case "TargetHealthDescriptions":
            loadBalancingParts.unattributedTargets.append((file.path, try readTargets(node)))
        case "LoadBalancerTargetHealth":
            for entry in try node.elements() {
                loadBalancingParts.targets[try entry.string("TargetGroupArn"), default: []] += try readTargets(try entry.requiredMember("TargetHealthDescriptions", expected: "an array"))
            }
        case "LoadBalancerDescriptions": try readClassicLoadBalancers(node, from: file)
        case "InstanceStates": try readClassicInstanceStates(node, from: file)
        case "LoadBalancerAttributes" where node.isObject: try readClassicAttributes(node, from: file)
        case "LoadBalancerAttributes":
            for entry in try node.elements() {
                let arn = try entry.string("LoadBalancerArn")
                if let value = try attribute("load_balancing.cross_zone.enabled", in: entry.array("Attributes")) { loadBalancingParts.crossZone[arn] = value }
            }
        case "Attributes":
            // `aws elbv2 describe-load-balancer-attributes` / `describe-target-group-attributes` as the CLI prints them
            let list = try node.elements()
            loadBalancingParts.unattributedAttributes.append((file.path, .init(
                crossZone: try attribute("load_balancing.cross_zone.enabled", in: list, orDefault: "use_load_balancer_configuration"),
                preserveClientIP: try attribute("preserve_client_ip.enabled", in: list))))
        case "TargetGroupAttributes":
            for entry in try node.elements() {
                let arn = try entry.string("TargetGroupArn")
                if let value = try attribute("preserve_client_ip.enabled", in: entry.array("Attributes")) { loadBalancingParts.preserveClientIP[arn] = value }
                if let value = try attribute("load_balancing.cross_zone.enabled", in: entry.array("Attributes"), orDefault: "use_load_balancer_configuration") {
                    loadBalancingParts.groupCrossZone[arn] = value
                }
            }
        default: break
        }
    }

    /// `describe-load-balancers`: `{"LoadBalancers": [{"LoadBalancerArn", "LoadBalancerName", "DNSName", "Type",
    /// "Scheme", "VpcId", "State": {"Code"}, "AvailabilityZones": [{"ZoneName", "SubnetId"}], "SecurityGroups"}]}`.
    /// A Classic Load Balancer (`aws elb`, `LoadBalancerDescriptions`) is another output, not read.
    private mutating func readLoadBalancers(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let arn = try item.string("LoadBalancerArn")
            var zones: [LoadBalancer.Zone] = []
            for zone in try item.array("AvailabilityZones") {
                zones.append(LoadBalancer.Zone(subnetID: try zone.string("SubnetId"), zoneName: try zone.optionalString("ZoneName")))
            }
            let groups = try item.array("SecurityGroups").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() }
            let type = LoadBalancerType(rawValue: try item.string("Type"))
            if !type.isModelledType {
                warnings.add("LoadBalancers.\(type)", file: file.path) { _ in
                    "load balancers of type \(type) are not modelled; paths through them are UNKNOWN"
                }
            }
            let loadBalancer = LoadBalancer(arn: arn, name: try item.string("LoadBalancerName"), dnsName: try item.optionalString("DNSName"),
                                            type: type, scheme: LoadBalancerScheme(rawValue: try item.string("Scheme")),
                                            state: try item.optionalObject("State")?.optionalString("Code").map(LoadBalancerState.init),
                                            vpcID: try item.string("VpcId"), zones: zones, securityGroupIDs: groups)
            loadBalancingParts.loadBalancers.add(loadBalancer, id: arn) { _, _ in }
        }
    }

    /// A listener of `describe-listeners`: `{"ListenerArn", "Port", "Protocol", "DefaultActions": [{"Type",
    /// "TargetGroupArn", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn"}]}, "Order"}]}`.
    private func readListener(_ item: JSONNode) throws(SnapshotError) -> Listener {
        let port = try item.requiredMember("Port", expected: "a port").integer(in: 1...65535, what: "a port (1-65535)")
        return Listener(arn: try item.string("ListenerArn"), port: UInt16(port), listenerProtocol: try item.string("Protocol"),
                        defaultActions: try readActions(item, "DefaultActions"))
    }

    /// A rule of `describe-rules`: `{"RuleArn", "Priority", "Conditions": [{"Field", "Values", "HostHeaderConfig":
    /// {"Values"}, "PathPatternConfig", "HttpHeaderConfig": {"HttpHeaderName", "Values"}, "QueryStringConfig":
    /// {"Values": [{"Key", "Value"}]}, "HttpRequestMethodConfig", "SourceIpConfig"}], "Actions", "IsDefault"}`.
    private func readRule(_ item: JSONNode, arn: String) throws(SnapshotError) -> Listener.Rule {
        var conditions: [Listener.Rule.Condition] = []
        for condition in try item.array("Conditions") {
            let field = try condition.string("Field")
            var values = try condition.array("Values").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() }
            for key in ["HostHeaderConfig", "PathPatternConfig", "HttpRequestMethodConfig", "SourceIpConfig"] {
                guard let config = try condition.optionalObject(key) else { continue }
                values.appendMissing(try config.array("Values").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() })
            }
            if let header = try condition.optionalObject("HttpHeaderConfig") {
                let name = try header.optionalString("HttpHeaderName") ?? "?"
                let list = try header.array("Values").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() }
                values.appendMissing(list.map { "\(name): \($0)" })
            }
            if let query = try condition.optionalObject("QueryStringConfig") {
                for pair in try query.array("Values") { values.append("\(try pair.optionalString("Key").map { "\($0)=" } ?? "")\(try pair.string("Value"))") }
            }
            conditions.append(.init(field: field, values: values))
        }
        return Listener.Rule(arn: arn, priority: try item.string("Priority"), conditions: conditions, actions: try readActions(item, "Actions"))
    }

    /// An action list (`DefaultActions` of a listener, `Actions` of a rule) in `Order`: `[{"Type", "TargetGroupArn",
    /// "ForwardConfig": {"TargetGroups": [{"TargetGroupArn", "Weight"}]}, "Order"}]`. A target group of weight 0
    /// gets no request.
    private func readActions(_ item: JSONNode, _ key: String) throws(SnapshotError) -> [Listener.Action] {
        var actions: [(order: Int, action: Listener.Action)] = []
        for (index, entry) in try item.array(key).enumerated() {
            let type = try entry.string("Type")
            let order = try entry.optionalInteger("Order", in: 1...50000, what: "an action order (1-50000)") ?? index + 1
            if type == "forward" {
                var groups: [String] = []
                if let arn = try entry.optionalString("TargetGroupArn") { groups.append(arn) }
                if let config = try entry.optionalObject("ForwardConfig") {
                    for group in try config.array("TargetGroups") {
                        let arn = try group.string("TargetGroupArn")
                        if try group.optionalInteger("Weight", in: 0...999, what: "a weight (0-999)") == 0 {
                            groups.removeAll { $0 == arn }
                            continue
                        }
                        groups.appendMissing([arn])
                    }
                }
                actions.append((order, .forward(groups)))
            } else {
                actions.append((order, .other(type)))
            }
        }
        return actions.sorted { $0.order < $1.order }.map(\.action)
    }

    /// `describe-target-groups`: `{"TargetGroups": [{"TargetGroupArn", "TargetGroupName", "Port", "Protocol",
    /// "TargetType", "VpcId", "LoadBalancerArns"}]}`. `TargetType` defaults to `instance`.
    private mutating func readTargetGroups(_ list: JSONNode) throws(SnapshotError) {
        for item in try list.elements() {
            let arn = try item.string("TargetGroupArn")
            let port = try item.optionalInteger("Port", in: 1...65535, what: "a port (1-65535)").map(UInt16.init)
            let lbs = try item.array("LoadBalancerArns").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() }
            var group = TargetGroup(arn: arn, name: try item.string("TargetGroupName"), port: port, targetProtocol: try item.optionalString("Protocol"),
                                    targetType: try item.optionalString("TargetType").map(TargetType.init) ?? .instance,
                                    vpcID: try item.optionalString("VpcId"), loadBalancerARNs: lbs)
            let checkProtocol = try item.optionalString("HealthCheckProtocol")
            let checkPort = try item.optionalString("HealthCheckPort")
            let checkPath = try item.optionalString("HealthCheckPath")
            if checkProtocol != nil || checkPort != nil || checkPath != nil {
                group.healthCheck = TargetGroup.HealthCheck(healthCheckProtocol: checkProtocol, port: checkPort, path: checkPath)
            }
            loadBalancingParts.targetGroups.add(group, id: arn) { first, other in first.loadBalancerARNs.appendMissing(other.loadBalancerARNs) }
        }
    }

    /// `describe-target-health`: `[{"Target": {"Id", "Port", "AvailabilityZone"}, "TargetHealth": {"State"}}]`.
    private func readTargets(_ list: JSONNode) throws(SnapshotError) -> [TargetGroup.Target] {
        var result: [TargetGroup.Target] = []
        for item in try list.elements() {
            let target = try item.requiredObject("Target")
            let health = try item.requiredObject("TargetHealth")
            result.append(TargetGroup.Target(id: try target.string("Id"),
                                             port: try target.optionalInteger("Port", in: 1...65535, what: "a port (1-65535)").map(UInt16.init),
                                             availabilityZone: try target.optionalString("AvailabilityZone"),
                                             health: TargetHealthState(rawValue: try health.string("State")),
                                             reason: try health.optionalString("Reason")))
        }
        return result
    }

    /// A boolean attribute of an `"Attributes": [{"Key", "Value"}]` list; nil when absent (or `orDefault`, the value
    /// that defers to another setting).
    private func attribute(_ key: String, in list: [JSONNode], orDefault: String? = nil) throws(SnapshotError) -> Bool? {
        for item in list where try item.string("Key") == key {
            let value = try item.requiredMember("Value", expected: "\"true\" or \"false\"")
            switch try value.string() {
            case "true": return true
            case "false": return false
            case let other where other == orDefault: return nil
            case let other: throw value.error("\(quoted(other)) is not \"true\" or \"false\"")
            }
        }
        return nil
    }

    /// The load balancers and target groups with their listeners, targets and attributes (called once every file is
    /// read). A bare `describe-target-health` output belongs to the target group whose ARN's last part its file
    /// name contains; one that names none is reported.
    mutating func finishLoadBalancing() -> LoadBalancing {
        finishClassicLoadBalancers()
        var parts = loadBalancingParts
        for (file, targets) in parts.unattributedTargets {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            guard let group = parts.targetGroups.items.first(where: { name.contains($0.arnSuffix) }) else {
                warnings.add("TargetHealthDescriptions", file: file) { _ in
                    "the file name names no target group (the last part of its ARN); its targets are ignored"
                }
                continue
            }
            parts.targets[group.arn, default: []] += targets
        }
        // A bare attributes output belongs to the load balancer or target group whose ARN's last part its file name
        // contains (`elbv2-load-balancer-attributes-<id>.json`, `elbv2-target-group-attributes-<id>.json`).
        for (file, attributes) in parts.unattributedAttributes {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let balancers = parts.loadBalancers.items.filter { name.contains($0.arn.split(separator: "/").last.map(String.init) ?? $0.arn) }
            let groups = parts.targetGroups.items.filter { name.contains($0.arnSuffix) }
            switch (balancers.count, groups.count) {
            case (1, 0):
                if let value = attributes.crossZone { parts.crossZone[balancers[0].arn] = value }
            case (0, 1):
                let arn = groups[0].arn
                if let value = attributes.crossZone { parts.groupCrossZone[arn] = value }
                if let value = attributes.preserveClientIP { parts.preserveClientIP[arn] = value }
            default:
                let what = balancers.count + groups.count == 0 ? "names no" : "names more than one"
                warnings.add("Attributes (\(what))", file: file) { _ in
                    "the file name \(what) load balancer or target group (the last part of its ARN); its attributes are ignored"
                }
            }
        }
        // An Application Load Balancer's listener may have rules besides its default action (`describe-rules`): when
        // the snapshot holds none for a listener, say so, since they can forward to other target groups.
        for loadBalancer in parts.loadBalancers.items where loadBalancer.type == .application
            && (parts.listeners[loadBalancer.arn] ?? []).contains(where: { !parts.listenersWithRules.contains($0.arn) }) {
            warnings.add("Listener rules", file: nil, detail: loadBalancer.name) { count in
                "the snapshot holds no listener rules (aws elbv2 describe-rules --listener-arn …) for a listener of \(count) application load balancer\(count == 1 ? "" : "s"); only the default action of such a listener is followed"
            }
        }
        parts.loadBalancers.modifyAll { loadBalancer in
            loadBalancer.listeners = (parts.listeners[loadBalancer.arn] ?? []).map { listener in
                var listener = listener
                listener.rules = parts.rules[listener.arn] ?? []
                return listener
            }
            loadBalancer.crossZoneAttribute = parts.crossZone[loadBalancer.arn] ?? loadBalancer.crossZoneAttribute
        }
        parts.targetGroups.modifyAll { group in
            group.targets = parts.targets[group.arn] ?? []
            group.preserveClientIPAttribute = parts.preserveClientIP[group.arn]
            group.crossZoneAttribute = parts.groupCrossZone[group.arn]
        }
        return LoadBalancing(loadBalancers: parts.loadBalancers.items, targetGroups: parts.targetGroups.items)
    }
}

extension JSONNode {
    /// Whether the value is an object (Classic's `LoadBalancerAttributes` is one, elbv2's wrapped list is not).
    var isObject: Bool {
        if case .object = value { return true }
        return false
    }
}

extension LoadBalancerType {
    /// Application and Network Load Balancers are modelled; Gateway Load Balancers are not.
    var isModelledType: Bool { self == .application || self == .network || self == .classic }
}

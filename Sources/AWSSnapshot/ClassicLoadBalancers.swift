import NetworkModel

/// What the Classic Load Balancer outputs of a snapshot say (`aws elb describe-load-balancers`,
/// `describe-load-balancer-attributes`, `describe-instance-health`), put into the model of `LoadBalancer` (type
/// `classic`): each `ListenerDescriptions[].Listener` is a listener on `LoadBalancerPort` whose default action forwards
/// to a target group of the load balancer's `Instances` on `InstancePort` (named `<load balancer>:<instance port>`,
/// with the load balancer's `HealthCheck.Target`); `Subnets` are its zones (nodes: the interfaces described
/// `ELB <name>`); `SecurityGroups` apply at its nodes.
/// `describe-load-balancer-attributes` and `describe-instance-health` do not name their load balancer: the file
/// name does (`elb-attributes-<name>.json`), as for a bare `describe-target-health`.
/// Without `describe-instance-health` the instances are taken as `InService`, and without the attributes cross-zone
/// load balancing as off (the API's default); both are said in a warning.
struct ClassicLoadBalancingParts {
    var descriptions: [(file: SourceFile, name: String, loadBalancer: LoadBalancer, instances: [String],
                        listeners: [(port: UInt16, protocolName: String, instancePort: UInt16)], healthCheck: String?)] = []
    var attributes: [(file: String, crossZone: Bool?)] = []
    var instanceStates: [(file: String, states: [(id: String, state: String, reason: String?)])] = []
}

extension SnapshotBuilder {
    /// `{"LoadBalancerDescriptions": [{"LoadBalancerName", "DNSName", "ListenerDescriptions": [{"Listener":
    /// {"Protocol", "LoadBalancerPort", "InstanceProtocol", "InstancePort"}}], "AvailabilityZones", "Subnets",
    /// "VPCId", "Instances": [{"InstanceId"}], "HealthCheck": {"Target"}, "SecurityGroups", "Scheme"}]}`.
    mutating func readClassicLoadBalancers(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let name = try item.string("LoadBalancerName")
            guard let vpcID = try item.optionalString("VPCId") else {
                warnings.add("LoadBalancerDescriptions.EC2-Classic", file: file.path) { _ in
                    "a Classic Load Balancer without a VPC (EC2-Classic) is not modelled; ignored"
                }
                continue
            }
            let subnets = try item.array("Subnets").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() }
            let groups = try item.array("SecurityGroups").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string() }
            var listeners: [(port: UInt16, protocolName: String, instancePort: UInt16)] = []
            for description in try item.array("ListenerDescriptions") {
                let listener = try description.requiredObject("Listener")
                let port = try listener.requiredMember("LoadBalancerPort", expected: "a port").integer(in: 1...65535, what: "a port (1-65535)")
                let instancePort = try listener.requiredMember("InstancePort", expected: "a port").integer(in: 1...65535, what: "a port (1-65535)")
                listeners.append((UInt16(port), try listener.string("Protocol"), UInt16(instancePort)))
            }
            let instances = try item.array("Instances").map { (node: JSONNode) throws(SnapshotError) -> String in try node.string("InstanceId") }
            let region = file.region.map { "\($0)" } ?? ""
            let loadBalancer = LoadBalancer(arn: "arn:aws:elasticloadbalancing:\(region):\(file.account ?? ""):loadbalancer/\(name)", name: name,
                                            dnsName: try item.optionalString("DNSName"), type: .classic,
                                            scheme: LoadBalancerScheme(rawValue: try item.optionalString("Scheme") ?? "internet-facing"),
                                            vpcID: vpcID, zones: subnets.map { LoadBalancer.Zone(subnetID: $0, zoneName: nil) },
                                            securityGroupIDs: groups)
            classicParts.descriptions.append((file, name, loadBalancer, instances, listeners,
                                              try item.optionalObject("HealthCheck")?.optionalString("Target")))
        }
    }

    /// `aws elb describe-load-balancer-attributes`: `{"LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled"}}}`.
    mutating func readClassicAttributes(_ node: JSONNode, from file: SourceFile) throws(SnapshotError) {
        let crossZone = try node.optionalObject("CrossZoneLoadBalancing").map { (zone: JSONNode) throws(SnapshotError) -> Bool in
            try zone.requiredMember("Enabled", expected: "true or false").bool()
        }
        classicParts.attributes.append((file.path, crossZone))
    }

    /// `aws elb describe-instance-health`: `{"InstanceStates": [{"InstanceId", "State": "InService" | "OutOfService" |
    /// "Unknown", "ReasonCode", "Description"}]}`.
    mutating func readClassicInstanceStates(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        var states: [(id: String, state: String, reason: String?)] = []
        for item in try list.elements() {
            states.append((try item.string("InstanceId"), try item.string("State"), try item.optionalString("ReasonCode")))
        }
        classicParts.instanceStates.append((file.path, states))
    }

    /// The Classic Load Balancers with their listeners and instance target groups, added to the load balancing parts.
    mutating func finishClassicLoadBalancers() {
        func named(_ file: String, _ name: String) -> Bool {
            let base = file.split(separator: "/").last.map(String.init) ?? file
            return base.contains(name)
        }
        // The longest name a file name holds (`web` and `web-2`: a file of web-2 is web-2's).
        func owner(_ file: String) -> String? {
            classicParts.descriptions.map(\.name).filter { named(file, $0) }.max { $0.count < $1.count }
        }
        for (file, _) in classicParts.attributes where owner(file) == nil {
            warnings.add("LoadBalancerAttributes", file: file) { _ in "the file name names no Classic Load Balancer; its attributes are ignored" }
        }
        for (file, _) in classicParts.instanceStates where owner(file) == nil {
            warnings.add("InstanceStates", file: file) { _ in "the file name names no Classic Load Balancer; its instance states are ignored" }
        }
        for description in classicParts.descriptions {
            var loadBalancer = description.loadBalancer
            let attributes = classicParts.attributes.filter { owner($0.file) == description.name }
            if let crossZone = attributes.compactMap(\.crossZone).first {
                loadBalancer.crossZoneAttribute = crossZone
            } else {
                warnings.add("Classic cross-zone", file: description.file.path, detail: description.name) { count in
                    "no describe-load-balancer-attributes output for \(count) Classic Load Balancer\(count == 1 ? "" : "s"): cross-zone load balancing taken as off (the API's default)"
                }
            }
            let states = classicParts.instanceStates.filter { owner($0.file) == description.name }.flatMap(\.states)
            if states.isEmpty, !description.instances.isEmpty {
                warnings.add("Classic instance health", file: description.file.path, detail: description.name) { count in
                    "no describe-instance-health output for \(count) Classic Load Balancer\(count == 1 ? "" : "s"): their instances taken as InService"
                }
            }
            let health = description.healthCheck.map { target -> TargetGroup.HealthCheck in
                let protocolPart = target.split(separator: ":", maxSplits: 1).first.map(String.init)
                let rest = target.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                let port = rest.split(separator: "/", maxSplits: 1).first.map(String.init)
                let path = rest.contains("/") ? "/" + (rest.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? "") : nil
                return TargetGroup.HealthCheck(healthCheckProtocol: protocolPart, port: port, path: path)
            }
            let targets = description.instances.map { id -> TargetGroup.Target in
                guard let state = states.first(where: { $0.id == id }) else {
                    return TargetGroup.Target(id: id, port: nil, health: states.isEmpty ? .healthy : .unused, reason: states.isEmpty ? nil : "Target.NotRegistered")
                }
                let health: TargetHealthState = switch state.state {
                case "InService": .healthy
                case "OutOfService": .unhealthy
                default: .unavailable
                }
                return TargetGroup.Target(id: id, port: nil, health: health, reason: state.reason)
            }
            var listeners: [Listener] = []
            for listener in description.listeners {
                let groupARN = "\(loadBalancer.arn):\(listener.instancePort)"
                if loadBalancingParts.targetGroups.items.first(where: { $0.arn == groupARN }) == nil {
                    var group = TargetGroup(arn: groupARN, name: "\(description.name):\(listener.instancePort)", port: listener.instancePort,
                                            targetProtocol: listener.protocolName, targetType: .instance, vpcID: loadBalancer.vpcID,
                                            loadBalancerARNs: [loadBalancer.arn], targets: [])
                    group.healthCheck = health
                    loadBalancingParts.targetGroups.add(group, id: groupARN) { _, _ in }
                    loadBalancingParts.targets[groupARN] = targets
                }
                listeners.append(Listener(arn: "\(loadBalancer.arn)/listener:\(listener.port)", port: listener.port,
                                          listenerProtocol: listener.protocolName, defaultActions: [.forward([groupARN])]))
            }
            loadBalancingParts.listeners[loadBalancer.arn] = listeners
            loadBalancingParts.loadBalancers.add(loadBalancer, id: loadBalancer.arn) { _, _ in }
        }
        classicParts = ClassicLoadBalancingParts()
    }
}

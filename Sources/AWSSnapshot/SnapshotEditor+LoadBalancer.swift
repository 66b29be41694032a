import NetworkModel

/// `elbv2 create-listener` on a snapshot. `describe-listeners` comes in two shapes, and the listener goes where the
/// load balancer's listeners already are, in the shape of that file:
/// - the CLI's own, `{"Listeners": [{"ListenerArn", "LoadBalancerArn", …}]}`: appended to each file's list that
///   has a listener of the load balancer;
/// - a collector's, `{"LoadBalancerListeners": [{"LoadBalancerArn", "Listeners": [{…}]}]}`: appended to the
///   `Listeners` of every entry for the load balancer.
/// A load balancer with no listener yet gets a new entry in the wrapped list of its own folder when there is one,
/// else a new listener in the bare list of that folder (a new `describe-listeners.json` when there is none).
/// AWS refuses a second listener on a port (`DuplicateListener`), and a target group or load balancer it does not
/// have; so does the editor.
extension SnapshotEditor {
    mutating func createListener(_ arn: String, loadBalancer: String, listenerProtocol: String, port: UInt16,
                                 targetGroup: String) throws(SnapshotEditError) {
        let described = find("LoadBalancers", "LoadBalancerArn", loadBalancer)
        guard let home = described.first, let model = network.loadBalancer(loadBalancer) else {
            throw SnapshotEditError("create-listener: no load balancer \(loadBalancer) in the snapshot")
        }
        guard network.loadBalancing.targetGroup(targetGroup) != nil else {
            throw SnapshotEditError("create-listener: no target group \(targetGroup) in the snapshot")
        }
        if let taken = model.listeners.first(where: { $0.port == port }) {
            throw SnapshotEditError("create-listener: load balancer \(model.name) already has a \(taken.listenerProtocol) listener on port \(port) (DuplicateListener)")
        }
        let listener = Self.describedListener(arn, loadBalancer: loadBalancer, listenerProtocol: listenerProtocol, port: port, targetGroup: targetGroup)
        let wrapped = find("LoadBalancerListeners", "LoadBalancerArn", loadBalancer)
        if !wrapped.isEmpty {
            for place in wrapped {
                try edit(place, "LoadBalancerListeners") { (document, entry) throws(SnapshotEditError) in
                    if let list = entry.member("Listeners") {
                        try Self.splice { () throws(JSONSyntaxError) in try document.append(listener, to: list) }
                    } else {
                        try Self.splice { () throws(JSONSyntaxError) in try document.set("Listeners", .array([listener]), in: entry) }
                    }
                }
            }
            return
        }
        var bareFiles: [String] = []
        for place in find("Listeners", "LoadBalancerArn", loadBalancer) where !bareFiles.contains(place.path) { bareFiles.append(place.path) }
        if !bareFiles.isEmpty {
            for path in bareFiles {
                try change(path) { (document) throws(JSONSyntaxError) in
                    guard let list = document.root.member("Listeners") else { return }
                    try document.append(listener, to: list)
                }
            }
            return
        }
        let folder = files.first { $0.path == home.path }?.directory ?? ""
        if files.contains(where: { $0.directory == folder && documents[$0.path]?.root.member("LoadBalancerListeners") != nil }) {
            try add(.object(JSONObject([("Listeners", .array([listener])), ("LoadBalancerArn", .string(loadBalancer))])),
                    key: "LoadBalancerListeners", folder: folder, fileName: "LoadBalancerListeners.json")
        } else {
            try add(listener, key: "Listeners", folder: folder, fileName: "describe-listeners.json")
        }
    }

    /// A listener as describe-listeners prints it after `create-listener … --default-actions
    /// Type=forward,TargetGroupArn=…`.
    static func describedListener(_ arn: String, loadBalancer: String, listenerProtocol: String, port: UInt16, targetGroup: String) -> JSONValue {
        .object(JSONObject([
            ("ListenerArn", .string(arn)),
            ("LoadBalancerArn", .string(loadBalancer)),
            ("Port", .integer(Int(port))),
            ("Protocol", .string(listenerProtocol)),
            ("DefaultActions", .array([.object(JSONObject([("Type", .string("forward")), ("TargetGroupArn", .string(targetGroup))]))])),
        ]))
    }
}

/// The target and attribute calls of Elastic Load Balancing v2 on a snapshot:
/// - `modify-load-balancer-attributes` / `modify-target-group-attributes` with
///   `load_balancing.cross_zone.enabled=true`: the attribute's `Value` in every wrapped entry for the ARN
///   (`{"LoadBalancerAttributes": [{"LoadBalancerArn", "Attributes": [{"Key", "Value"}]}]}`, the same with
///   `TargetGroupAttributes`/`TargetGroupArn`), and in the bare `describe-load-balancer-attributes` /
///   `describe-target-group-attributes` output (`{"Attributes": […]}`) whose file name holds the last part of the
///   ARN, added to its `Attributes` when absent; a new entry in the folder of the load balancer (or target group)
///   when no entry or file names the ARN.
/// - `register-targets`: the target, `initial` (`Elb.RegistrationInProgress`) as `describe-target-health` prints it
///   right after, in the group's wrapped entry (`LoadBalancerTargetHealth`), else in the bare
///   `describe-target-health` file whose name holds the last part of the group's ARN, else in a new wrapped entry.
/// - `set-subnets`: the load balancer's `AvailabilityZones`, one per subnet (`ZoneName`, `SubnetId`,
///   `LoadBalancerAddresses`); the targets of its groups that were `unused` because their zone was not enabled start
///   their health checks (`initial`, `Elb.InitialHealthChecking`).
/// AWS refuses a load balancer, target group or subnet it does not have, and two subnets in one zone; so does the
/// editor.
extension SnapshotEditor {
    mutating func enableCrossZone(_ arn: String, targetGroup: Bool) throws(SnapshotEditError) {
        let (key, idKey, described, what) = targetGroup
            ? ("TargetGroupAttributes", "TargetGroupArn", find("TargetGroups", "TargetGroupArn", arn), "modify-target-group-attributes")
            : ("LoadBalancerAttributes", "LoadBalancerArn", find("LoadBalancers", "LoadBalancerArn", arn), "modify-load-balancer-attributes")
        guard let home = described.first else { throw SnapshotEditError("\(what): no \(targetGroup ? "target group" : "load balancer") \(arn) in the snapshot") }
        let attribute = JSONValue.object(JSONObject([("Key", .string("load_balancing.cross_zone.enabled")), ("Value", .string("true"))]))
        let places = find(key, idKey, arn)
        for place in places {
            try edit(place, key) { (document, entry) throws(SnapshotEditError) in
                guard let list = entry.member("Attributes") else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Attributes", .array([attribute]), in: entry) }
                    return
                }
                if let existing = list.elements.first(where: { $0.member("Key")?.string == "load_balancing.cross_zone.enabled" }),
                   let value = existing.member("Value") {
                    try Self.splice { () throws(JSONSyntaxError) in try document.replace(value, with: .string("true")) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(attribute, to: list) }
                }
            }
        }
        // The bare output a capture saves (`{"Attributes": […]}`), whose file name holds the last part of the ARN.
        let suffix = arn.split(separator: "/").last.map(String.init) ?? arn
        let bare = files.filter { file in
            documents[file.path]?.root.member("Attributes") != nil
                && (file.path.split(separator: "/").last.map(String.init) ?? file.path).contains(suffix)
        }
        for file in bare {
            try change(file.path) { (document) throws(JSONSyntaxError) in
                guard let list = document.root.member("Attributes") else { return }
                if let existing = list.elements.first(where: { $0.member("Key")?.string == "load_balancing.cross_zone.enabled" }),
                   let value = existing.member("Value") {
                    try document.replace(value, with: .string("true"))
                } else {
                    try document.append(attribute, to: list)
                }
            }
        }
        guard places.isEmpty && bare.isEmpty else { return }
        let folder = files.first { $0.path == home.path }?.directory ?? ""
        try add(.object(JSONObject([("Attributes", .array([attribute])), (idKey, .string(arn))])), key: key, folder: folder, fileName: "\(key).json")
    }

    mutating func registerTarget(_ id: String, in groupARN: String) throws(SnapshotEditError) {
        let described = find("TargetGroups", "TargetGroupArn", groupARN)
        guard let home = described.first, let group = network.loadBalancing.targetGroup(groupARN) else {
            throw SnapshotEditError("register-targets: no target group \(groupARN) in the snapshot")
        }
        switch group.targetType {
        case .instance:
            guard network.instance(id) != nil else { throw SnapshotEditError("register-targets: no instance \(id) in the snapshot") }
        case .ip:
            guard IPAddress(id) != nil else { throw SnapshotEditError("register-targets: \(id) is not an IP address (target group \(group.name) takes IP targets)") }
        default:
            throw SnapshotEditError("register-targets: target group \(group.name) takes targets of type \(group.targetType)")
        }
        if group.targets.contains(where: { $0.id == id && $0.port == nil }) { return }
        var target: [(String, JSONValue)] = [("Id", .string(id))]
        if let port = group.port { target.append(("Port", .integer(Int(port)))) }
        let description = JSONValue.object(JSONObject([
            ("Target", .object(JSONObject(target))),
            ("HealthCheckPort", .string(group.port.map(String.init) ?? "traffic-port")),
            ("TargetHealth", .object(JSONObject([("State", .string("initial")), ("Reason", .string("Elb.RegistrationInProgress")),
                                                 ("Description", .string("Target registration is in progress"))]))),
        ]))
        let wrapped = find("LoadBalancerTargetHealth", "TargetGroupArn", groupARN)
        if !wrapped.isEmpty {
            for place in wrapped {
                try edit(place, "LoadBalancerTargetHealth") { (document, entry) throws(SnapshotEditError) in
                    if let list = entry.member("TargetHealthDescriptions") {
                        try Self.splice { () throws(JSONSyntaxError) in try document.append(description, to: list) }
                    } else {
                        try Self.splice { () throws(JSONSyntaxError) in try document.set("TargetHealthDescriptions", .array([description]), in: entry) }
                    }
                }
            }
            return
        }
        let bare = files.filter { file in
            documents[file.path]?.root.member("TargetHealthDescriptions") != nil
                && (file.path.split(separator: "/").last.map(String.init) ?? file.path).contains(group.arnSuffix)
        }
        if !bare.isEmpty {
            for file in bare {
                try change(file.path) { (document) throws(JSONSyntaxError) in
                    guard let list = document.root.member("TargetHealthDescriptions") else { return }
                    try document.append(description, to: list)
                }
            }
            return
        }
        let folder = files.first { $0.path == home.path }?.directory ?? ""
        try add(.object(JSONObject([("TargetGroupArn", .string(groupARN)), ("TargetHealthDescriptions", .array([description]))])),
                key: "LoadBalancerTargetHealth", folder: folder, fileName: "LoadBalancerTargetHealth.json")
    }

    mutating func setSubnets(_ subnets: [String], of loadBalancerARN: String) throws(SnapshotEditError) {
        let places = find("LoadBalancers", "LoadBalancerArn", loadBalancerARN)
        guard !places.isEmpty, network.loadBalancer(loadBalancerARN) != nil else {
            throw SnapshotEditError("set-subnets: no load balancer \(loadBalancerARN) in the snapshot")
        }
        var zones: [JSONValue] = []
        var seen: Set<String> = []
        for id in subnets {
            guard let subnet = network.subnet(id) else { throw SnapshotEditError("set-subnets: no subnet \(id) in the snapshot") }
            let zone = subnet.availabilityZone ?? ""
            guard seen.insert(zone).inserted else { throw SnapshotEditError("set-subnets: two subnets in \(zone) (InvalidConfigurationRequest: one subnet per zone)") }
            zones.append(.object(JSONObject([("ZoneName", .string(zone)), ("SubnetId", .string(id)), ("LoadBalancerAddresses", .array([]))])))
        }
        for place in places {
            try edit(place, "LoadBalancers") { (document, item) throws(SnapshotEditError) in
                try Self.splice { () throws(JSONSyntaxError) in try document.set("AvailabilityZones", .array(zones), in: item) }
            }
        }
        // Targets that were unused for their zone start their health checks.
        let network = self.network
        let enabled = Set(subnets.compactMap { network.subnet($0)?.availabilityZone })
        for group in network.targetGroups where group.loadBalancerARNs.contains(loadBalancerARN) {
            let waking = Set(group.targets.filter { target in
                guard target.health == .unused, target.reason == nil || target.reason == "Target.NotInUse" else { return false }
                let zone = target.availabilityZone.flatMap { $0 == "all" ? nil : $0 }
                    ?? AddressFamily.allCases.lazy.compactMap { network.resolve(target, of: group, family: $0) }.first.flatMap { network.zone(of: $0.0) }
                return zone.map(enabled.contains) ?? false
            }.map(\.id))
            guard !waking.isEmpty else { continue }
            try rewriteHealth(of: group, ids: waking)
        }
    }

    /// Sets the targets `ids` of a group to `initial` (`Elb.InitialHealthChecking`) wherever their health is described.
    private mutating func rewriteHealth(of group: TargetGroup, ids: Set<String>) throws(SnapshotEditError) {
        let state = JSONValue.object(JSONObject([("State", .string("initial")), ("Reason", .string("Elb.InitialHealthChecking")),
                                                 ("Description", .string("Initial health checks in progress"))]))
        for file in files {
            guard var document = documents[file.path] else { continue }
            var changed = false
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            var index = 0
            while true {
                // Find the next description to rewrite afresh after each splice.
                var lists: [JSONDocument.Node] = []
                if let entries = document.root.member("LoadBalancerTargetHealth") {
                    lists += entries.elements.filter { $0.member("TargetGroupArn")?.string == group.arn }.compactMap { $0.member("TargetHealthDescriptions") }
                }
                if name.contains(group.arnSuffix), let list = document.root.member("TargetHealthDescriptions") { lists.append(list) }
                let pending = lists.flatMap(\.elements).filter { item in
                    guard let id = item.member("Target")?.member("Id")?.string, ids.contains(id) else { return false }
                    return item.member("TargetHealth")?.member("State")?.string == "unused"
                }
                guard let next = pending.first, let health = next.member("TargetHealth") else { break }
                try Self.splice { () throws(JSONSyntaxError) in try document.replace(health, with: state) }
                changed = true
                index += 1
                if index > 10_000 { break }
            }
            if changed {
                documents[file.path] = document
                edited.insert(file.path)
            }
        }
    }
}

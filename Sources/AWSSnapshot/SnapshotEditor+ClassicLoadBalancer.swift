import NetworkModel

/// The Classic Load Balancer calls of a fix on a snapshot (`aws elb …`), in the shapes the CLI prints:
/// - `create-load-balancer-listeners`: a `ListenerDescriptions` entry (`{"Listener": {"Protocol",
///   "LoadBalancerPort", "InstanceProtocol", "InstancePort"}, "PolicyNames": []}`) in every description of the load
///   balancer (`describe-load-balancers`' `LoadBalancerDescriptions`); AWS refuses a second listener on a port
///   (`DuplicateListener`), and so does the editor;
/// - `register-instances-with-load-balancer`: `{"InstanceId"}` in its `Instances`;
/// - `attach-load-balancer-to-subnets`: the subnets in its `Subnets`, their zones in its `AvailabilityZones`;
/// - `modify-load-balancer-attributes` with `CrossZoneLoadBalancing` enabled: `Enabled` true in the load balancer's
///   `describe-load-balancer-attributes` output (`elb-attributes-<name>.json`, the file name names the load
///   balancer), a new such file beside its description when there is none.
/// An instance the load balancer starts checking (registered, or in a zone just attached) is written InService in its
/// `describe-instance-health` output (`elb-instance-health-<name>.json`) where there is one: the state it has once
/// it passes its health check (`ClassicLoadBalancerChanges.swift` in the model says the same).
extension SnapshotEditor {
    /// The places that describe a Classic Load Balancer, and the model's view of it; an error naming the call when none.
    private func classic(_ name: String, _ call: String) throws(SnapshotEditError) -> ([Place], LoadBalancer) {
        let places = find("LoadBalancerDescriptions", "LoadBalancerName", name)
        guard !places.isEmpty, let model = network.loadBalancers.first(where: { $0.type == .classic && $0.name == name }) else {
            throw SnapshotEditError("\(call): no Classic Load Balancer \(name) in the snapshot")
        }
        return (places, model)
    }

    /// The files of a per-load-balancer output (`describe-load-balancer-attributes`, `describe-instance-health`) whose
    /// name names `name` (the longest Classic Load Balancer name the file name holds, as the reader matches them).
    private func classicFiles(_ name: String, key: String) -> [String] {
        let names = network.loadBalancers.filter { $0.type == .classic }.map(\.name)
        return files.map(\.path).filter { path in
            let base = path.split(separator: "/").last.map(String.init) ?? path
            guard documents[path]?.root.member(key) != nil else { return false }
            return names.filter { base.contains($0) }.max { $0.count < $1.count } == name
        }
    }

    mutating func createClassicListener(_ name: String, listenerProtocol: String, port: UInt16, instanceProtocol: String,
                                        instancePort: UInt16) throws(SnapshotEditError) {
        let (places, model) = try classic(name, "create-load-balancer-listeners")
        if let taken = model.listeners.first(where: { $0.port == port }) {
            throw SnapshotEditError("create-load-balancer-listeners: load balancer \(name) already has a \(taken.listenerProtocol) listener on port \(port) (DuplicateListener)")
        }
        let listener = JSONValue.object(JSONObject([
            ("Listener", .object(JSONObject([("Protocol", .string(listenerProtocol)), ("LoadBalancerPort", .integer(Int(port))),
                                             ("InstanceProtocol", .string(instanceProtocol)), ("InstancePort", .integer(Int(instancePort)))]))),
            ("PolicyNames", .array([])),
        ]))
        try appendToEach(places, member: "ListenerDescriptions", listener)
    }

    mutating func registerClassicInstance(_ instance: String, with name: String) throws(SnapshotEditError) {
        let (places, _) = try classic(name, "register-instances-with-load-balancer")
        guard network.instance(instance) != nil else { throw SnapshotEditError("register-instances-with-load-balancer: no instance \(instance) in the snapshot") }
        let registered = places.contains { place in
            resource(place, "LoadBalancerDescriptions")?.member("Instances")?.elements.contains { $0.member("InstanceId")?.string == instance } ?? false
        }
        if !registered { try appendToEach(places, member: "Instances", .object(JSONObject([("InstanceId", .string(instance))]))) }
        try putInService([instance], of: name)
    }

    mutating func attachClassicSubnets(_ subnets: [String], to name: String) throws(SnapshotEditError) {
        let (places, model) = try classic(name, "attach-load-balancer-to-subnets")
        var zones = Set(model.zones.compactMap { $0.zoneName ?? network.subnet($0.subnetID)?.availabilityZone })
        var added: [(subnet: String, zone: String)] = []
        for id in subnets where !model.zones.contains(where: { $0.subnetID == id }) {
            guard let subnet = network.subnet(id), subnet.vpcID == model.vpcID else {
                throw SnapshotEditError("attach-load-balancer-to-subnets: no subnet \(id) of \(model.vpcID) in the snapshot")
            }
            let zone = subnet.availabilityZone ?? ""
            guard zones.insert(zone).inserted else {
                throw SnapshotEditError("attach-load-balancer-to-subnets: load balancer \(name) already has a subnet in \(zone) (one subnet per zone)")
            }
            added.append((id, zone))
        }
        for item in added {
            try appendToEach(places, member: "Subnets", .string(item.subnet))
            try appendToEach(places, member: "AvailabilityZones", .string(item.zone))
        }
        // The instances in the zones just attached start their health checks.
        let newZones = Set(added.map(\.zone))
        let waking = places.flatMap { place in
            resource(place, "LoadBalancerDescriptions")?.member("Instances")?.elements.compactMap { $0.member("InstanceId")?.string } ?? []
        }.filter { id in
            network.networkInterfaces(ofInstance: id).first.flatMap { network.zone(of: $0) }.map(newZones.contains) ?? false
        }
        try putInService(Array(Set(waking)).sorted(), of: name)
    }

    mutating func enableClassicCrossZone(_ name: String) throws(SnapshotEditError) {
        let (places, _) = try classic(name, "modify-load-balancer-attributes")
        let paths = classicFiles(name, key: "LoadBalancerAttributes")
        for path in paths {
            try change(path) { (document) throws(JSONSyntaxError) in
                guard let attributes = document.root.member("LoadBalancerAttributes") else { return }
                if let enabled = attributes.member("CrossZoneLoadBalancing")?.member("Enabled") {
                    try document.replace(enabled, with: .bool(true))
                } else {
                    try document.set("CrossZoneLoadBalancing", .object(JSONObject([("Enabled", .bool(true))])), in: attributes)
                }
            }
        }
        guard paths.isEmpty else { return }
        let folder = files.first { $0.path == places[0].path }?.directory ?? ""
        let path = folder.isEmpty ? "elb-attributes-\(name).json" : "\(folder)/elb-attributes-\(name).json"
        try createFile(path, folder: folder, holding: .object(JSONObject([
            ("LoadBalancerAttributes", .object(JSONObject([("CrossZoneLoadBalancing", .object(JSONObject([("Enabled", .bool(true))])))]))),
        ])))
    }

    /// Appends `value` to the list `member` of every description at `places` (the member made when absent).
    private mutating func appendToEach(_ places: [Place], member: String, _ value: JSONValue) throws(SnapshotEditError) {
        for place in places {
            try edit(place, "LoadBalancerDescriptions") { (document, item) throws(SnapshotEditError) in
                if let list = item.member(member) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(value, to: list) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set(member, .array([value]), in: item) }
                }
            }
        }
    }

    /// Writes the instances InService in the load balancer's `describe-instance-health` outputs (replacing their
    /// state, or adding them).
    private mutating func putInService(_ instances: [String], of name: String) throws(SnapshotEditError) {
        let inService = { (id: String) in
            JSONValue.object(JSONObject([("InstanceId", .string(id)), ("State", .string("InService")), ("ReasonCode", .string("N/A")),
                                         ("Description", .string("N/A"))]))
        }
        for path in classicFiles(name, key: "InstanceStates") {
            for id in instances {
                try change(path) { (document) throws(JSONSyntaxError) in
                    guard let list = document.root.member("InstanceStates") else { return }
                    if let item = list.elements.first(where: { $0.member("InstanceId")?.string == id }) {
                        try document.replace(item, with: inService(id))
                    } else {
                        try document.append(inService(id), to: list)
                    }
                }
            }
        }
    }
}

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

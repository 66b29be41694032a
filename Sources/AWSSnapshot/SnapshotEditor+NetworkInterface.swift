import NetworkModel

/// `modify-network-interface-attribute --no-source-dest-check` on a snapshot (the interface in
/// describe-network-interfaces and in its instance's description, and the instance's own SourceDestCheck when it is
/// its primary interface), or `modify-instance-attribute --no-source-dest-check` for an instance known only from
/// describe-instances.
extension SnapshotEditor {
    /// `interface` is a network interface id, or `i-…:primary` for an instance that the snapshot knows only from
    /// describe-instances (modify-instance-attribute).
    mutating func disableSourceDestinationCheck(_ interface: String) throws(SnapshotEditError) {
        let instanceID: String
        var interfaceID: String?
        if interface.hasSuffix(":primary") {
            instanceID = String(interface.dropLast(":primary".count))
        } else {
            guard let found = network.networkInterface(interface) else {
                throw SnapshotEditError("modify-network-interface-attribute: no network interface \(interface) in the snapshot")
            }
            interfaceID = interface
            instanceID = found.instanceID ?? ""
            for place in find("NetworkInterfaces", "NetworkInterfaceId", interface) {
                try edit(place, "NetworkInterfaces") { (document, item) throws(SnapshotEditError) in
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("SourceDestCheck", .bool(false), in: item) }
                }
            }
        }
        let primary = network.networkInterfaces(ofInstance: instanceID).first?.id
        for file in files where !instanceID.isEmpty {
            guard let reservations = documents[file.path]?.root.member("Reservations") else { continue }
            for (r, reservation) in reservations.elements.enumerated() {
                for (i, instance) in (reservation.member("Instances")?.elements ?? []).enumerated()
                where instance.member("InstanceId")?.string == instanceID {
                    try change(file.path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                        guard let current = document.root.member("Reservations")?.element(r)?.member("Instances")?.element(i) else { return }
                        if let entry = current.member("NetworkInterfaces")?.elements.first(where: {
                            interfaceID != nil && $0.member("NetworkInterfaceId")?.string == interfaceID }) {
                            try document.set("SourceDestCheck", .bool(false), in: entry)
                        }
                        if interfaceID == nil || interfaceID == primary,
                           let instanceNow = document.root.member("Reservations")?.element(r)?.member("Instances")?.element(i) {
                            try document.set("SourceDestCheck", .bool(false), in: instanceNow)
                        }
                    }
                }
            }
        }
    }
}

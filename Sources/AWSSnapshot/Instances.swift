import NetworkModel

/// An interface as an instance's own description lists it, kept until all files are read.
struct EmbeddedInterface {
    let interface: NetworkInterface
    let ipv6Count: Int
    let file: SourceFile
}

extension SnapshotBuilder {
    /// `describe-instances`: `{"Reservations": [{"Instances": [{"InstanceId", "State": {"Name"}, "NetworkInterfaces",
    /// "Tags", …}]}]}`.
    ///
    /// An instance's own `NetworkInterfaces` entries are kept aside: they become the interfaces of the snapshot
    /// when no `describe-network-interfaces` output describes them. An instance with no such entries (older or
    /// trimmed output) gets one primary interface `<instance-id>:primary` built from its `PrivateIpAddress`,
    /// `PublicIpAddress`, `SubnetId`, `VpcId`, `SecurityGroups` and `SourceDestCheck`.
    mutating func readReservations(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for reservation in try list.elements() {
            for item in try reservation.array("Instances") {
                try readInstance(item, from: file)
            }
        }
    }

    private mutating func readInstance(_ item: JSONNode, from file: SourceFile) throws(SnapshotError) {
        let id = try item.string("InstanceId")
        let state = try item.requiredObject("State").string("Name")
        var embedded: [(interface: EmbeddedInterface, deviceIndex: Int)] = []
        for entry in try item.array("NetworkInterfaces") {
            let (interface, ipv6Count) = try readInterface(entry, instanceID: id)
            let index = try entry.optionalObject("Attachment")?
                .optionalInteger("DeviceIndex", in: 0...Int(Int32.max), what: "a device index") ?? Int(Int32.max)
            embedded.append((EmbeddedInterface(interface: interface, ipv6Count: ipv6Count, file: file), index))
        }
        let interfaces = embedded.enumerated()
            .sorted { ($0.element.deviceIndex, $0.offset) < ($1.element.deviceIndex, $1.offset) }
            .map(\.element.interface)
        let instance = Instance(id: id, state: state, networkInterfaceIDs: interfaces.map(\.interface.id), tags: try item.tags())
        if instances.contains(id) { return }  // another dump of the same instance: the first copy stands
        instances.add(instance, id: id) { _, _ in }
        embeddedInterfaces[id] = interfaces
        if interfaces.isEmpty, let primary = try primaryFallback(item, instanceID: id) {
            instancePrimaryFallbacks[id] = primary
        }
    }

    /// The primary interface an instance's top-level fields describe, if it has a private address, subnet and VPC.
    private func primaryFallback(_ item: JSONNode, instanceID: String) throws(SnapshotError) -> NetworkInterface? {
        guard let address = try item.optionalAddress("PrivateIpAddress"),
              let subnetID = try item.optionalString("SubnetId"),
              let vpcID = try item.optionalString("VpcId") else { return nil }
        var groups: [String] = []
        for group in try item.array("SecurityGroups") { groups.appendMissing([try group.string("GroupId")]) }
        let privateAddress = NetworkInterface.InterfaceAddress(address: address, isPrimary: true,
                                                             publicAddress: try item.optionalAddress("PublicIpAddress"))
        return NetworkInterface(id: "\(instanceID):primary", subnetID: subnetID, vpcID: vpcID, instanceID: instanceID,
                                sourceDestinationCheck: try item.bool("SourceDestCheck", default: true),
                                securityGroupIDs: groups, addresses: [privateAddress], interfaceType: "interface")
    }

    /// Adds the interfaces instances describe that no `NetworkInterfaces` file did (called once all files are read).
    mutating func addInstanceInterfaces() {
        var attached = Set(networkInterfaces.items.compactMap(\.instanceID))
        for instance in instances.items {
            for embedded in embeddedInterfaces[instance.id] ?? [] where !networkInterfaces.contains(embedded.interface.id) {
                networkInterfaces.add(embedded.interface, id: embedded.interface.id) { _, _ in }
                skippedIPv6("network interface addresses", count: embedded.ipv6Count, in: embedded.file)
                attached.insert(instance.id)
            }
            guard let primary = instancePrimaryFallbacks[instance.id], !attached.contains(instance.id) else { continue }
            networkInterfaces.add(primary, id: primary.id) { _, _ in }
            instances.modify(instance.id) { $0.networkInterfaceIDs = [primary.id] }
        }
    }
}

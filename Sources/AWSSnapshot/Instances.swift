import NetworkModel

/// An interface as an instance's own description lists it, kept until all files are read.
struct EmbeddedInterface {
    let interface: NetworkInterface
    let delegatedIPv6Prefixes: Int
    let file: SourceFile
}

extension SnapshotBuilder {
    /// `describe-instances`: `{"Reservations": [{"Instances": [{"InstanceId", "State": {"Name"}, "NetworkInterfaces",
    /// "Tags", …}]}]}`.
    ///
    /// An instance's own `NetworkInterfaces` entries are kept aside: they become the interfaces of the snapshot
    /// when no `describe-network-interfaces` output describes them. An instance with no such entries (older or
    /// trimmed output) gets one primary interface `<instance-id>:primary` built from its `PrivateIpAddress`,
    /// `PublicIpAddress`, `Ipv6Address`, `SubnetId`, `VpcId`, `SecurityGroups` and `SourceDestCheck`.
    ///
    /// An instance's `Ipv6Address` (its primary IPv6 address) is one of its interfaces' `Ipv6Addresses`; when no
    /// interface of the snapshot lists it, a warning says so and the interfaces' own addresses stand.
    mutating func readReservations(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for reservation in try list.elements() {
            for item in try reservation.array("Instances") {
                try readInstance(item, from: file)
            }
        }
    }

    private mutating func readInstance(_ item: JSONNode, from file: SourceFile) throws(SnapshotError) {
        let id = try item.string("InstanceId")
        let state = InstanceState(rawValue: try item.requiredObject("State").string("Name"))
        var embedded: [(interface: EmbeddedInterface, deviceIndex: Int)] = []
        for entry in try item.array("NetworkInterfaces") {
            let (interface, delegated) = try readInterface(entry, instanceID: id)
            noteInterfacePlace(interface.id, entry)
            let index = try entry.optionalObject("Attachment")?
                .optionalInteger("DeviceIndex", in: 0...Int(Int32.max), what: "a device index") ?? Int(Int32.max)
            embedded.append((EmbeddedInterface(interface: interface, delegatedIPv6Prefixes: delegated, file: file), index))
        }
        let interfaces = embedded.enumerated()
            .sorted { ($0.element.deviceIndex, $0.offset) < ($1.element.deviceIndex, $1.offset) }
            .map(\.element.interface)
        let instance = Instance(id: id, state: state, networkInterfaceIDs: interfaces.map(\.interface.id), tags: try item.tags())
        let ipv6Address = try item.optionalAddress("Ipv6Address", .ipv6)
        if let first = instances[id] {  // another dump of the same instance: the first copy stands, if it agrees
            guard first.state == instance.state, first.networkInterfaceIDs == instance.networkInterfaceIDs || interfaces.isEmpty || first.networkInterfaceIDs.isEmpty else {
                throw item.error("\(id) is described here\(descriptionPlaces[id].map { " and at \($0)" } ?? "") with a different state or interfaces; a snapshot must hold one state of each resource (capture it again)")
            }
            return
        }
        descriptionPlaces[id] = DescriptionPlace(item)
        if let ipv6Address { instanceIPv6Addresses.append((id, ipv6Address, file.path)) }
        instances.add(instance, id: id) { _, _ in }
        embeddedInterfaces[id] = interfaces
        if let privateAddress = try item.optionalAddress("PrivateIpAddress", .ipv4),
           let publicAddress = try item.optionalAddress("PublicIpAddress", .ipv4) {
            instancePublicAddresses[id] = (privateAddress, publicAddress)
        }
        if interfaces.isEmpty, let primary = try primaryFallback(item, instanceID: id) {
            instancePrimaryFallbacks[id] = primary
            noteInterfacePlace(primary.id, item)
        }
    }

    /// The primary interface an instance's top-level fields describe, if it has a subnet, a VPC and a private
    /// address (`PrivateIpAddress`) or an IPv6 one (`Ipv6Address`, as an instance in an IPv6-only subnet has).
    private func primaryFallback(_ item: JSONNode, instanceID: String) throws(SnapshotError) -> NetworkInterface? {
        let privateAddress = try item.optionalAddress("PrivateIpAddress", .ipv4)
        let ipv6Address = try item.optionalAddress("Ipv6Address", .ipv6)
        guard privateAddress != nil || ipv6Address != nil,
              let subnetID = try item.optionalString("SubnetId"),
              let vpcID = try item.optionalString("VpcId") else { return nil }
        var groups: [String] = []
        for group in try item.array("SecurityGroups") { groups.appendMissing([try group.string("GroupId")]) }
        var addresses: [NetworkInterface.InterfaceAddress] = []
        if let privateAddress {
            addresses.append(.init(address: privateAddress, isPrimary: true, publicAddress: try item.optionalAddress("PublicIpAddress", .ipv4)))
        }
        if let ipv6Address { addresses.append(.init(address: ipv6Address, isPrimary: false)) }
        return NetworkInterface(id: "\(instanceID):primary", subnetID: subnetID, vpcID: vpcID, instanceID: instanceID,
                                sourceDestinationCheck: try item.bool("SourceDestCheck", default: true),
                                securityGroupIDs: groups, addresses: addresses, interfaceType: .interface)
    }

    /// Adds the interfaces instances describe that no `NetworkInterfaces` file did (called once all files are read).
    mutating func addInstanceInterfaces() {
        var attached = Set(networkInterfaces.items.compactMap(\.instanceID))
        for instance in instances.items {
            for embedded in embeddedInterfaces[instance.id] ?? [] where !networkInterfaces.contains(embedded.interface.id) {
                networkInterfaces.add(embedded.interface, id: embedded.interface.id) { _, _ in }
                noteDelegatedIPv6Prefixes(embedded.delegatedIPv6Prefixes, of: embedded.interface.id, in: embedded.file.path)
                attached.insert(instance.id)
            }
            guard let primary = instancePrimaryFallbacks[instance.id], !attached.contains(instance.id) else { continue }
            networkInterfaces.add(primary, id: primary.id) { _, _ in }
            instances.modify(instance.id) { $0.networkInterfaceIDs = [primary.id] }
        }
        // An instance's `PublicIpAddress` belongs to its `PrivateIpAddress`, on whichever interface of it has that
        // address, even where the interface's own description leaves the association out.
        networkInterfaces.modifyAll { interface in
            guard let instanceID = interface.instanceID, let (privateAddress, publicAddress) = instancePublicAddresses[instanceID],
                  let index = interface.addresses.firstIndex(where: { $0.address == privateAddress }),
                  interface.addresses[index].publicAddress == nil else { return }
            interface.addresses[index].publicAddress = publicAddress
        }
    }

    /// Warns about instances whose `Ipv6Address` none of their interfaces lists (called after instance interfaces
    /// are added); the address is not added to any of them.
    mutating func checkInstanceIPv6Addresses() {
        guard !instanceIPv6Addresses.isEmpty else { return }
        var addressesOfInstance: [String: Set<IPAddress>] = [:]
        for interface in networkInterfaces.items {
            guard let instanceID = interface.instanceID else { continue }
            addressesOfInstance[instanceID, default: []].formUnion(interface.addresses.map(\.address))
        }
        for (instanceID, address, file) in instanceIPv6Addresses {
            // An instance without interfaces (terminated) has nothing to agree with.
            guard let addresses = addressesOfInstance[instanceID], !addresses.contains(address) else { continue }
            warnings.add("instance IPv6 addresses", file: file, detail: "\(address) (\(instanceID))") { count in
                "\(count) instance\(count == 1 ? "" : "s") record\(count == 1 ? "s" : "") an Ipv6Address that none of its network interfaces lists; the interfaces' own Ipv6Addresses are used"
            }
        }
    }
}

import NetworkModel

/// allocate-address and associate-address on a snapshot.
extension SnapshotEditor {
    /// An address allocated and not associated yet is written when it is associated (or, never associated, when
    /// the snapshot is written).
    mutating func allocateAddress(_ allocationID: String, _ publicAddress: IPAddress) {
        pendingAddresses[allocationID] = publicAddress.description
        pendingAddressOrder.append(allocationID)
    }

    /// `interface` is a network interface id, or `i-…:primary` for the interface of an instance that the snapshot
    /// knows only from the instance's own fields.
    mutating func associateAddress(_ allocation: String, interface interfaceID: String, privateAddress: IPAddress) throws(SnapshotEditError) {
        let interface: NetworkInterface
        if interfaceID.hasSuffix(":primary") {
            let instance = String(interfaceID.dropLast(":primary".count))
            guard let found = network.networkInterfaces(ofInstance: instance).first else {
                throw SnapshotEditError("associate-address: no instance \(instance) with a network interface in the snapshot")
            }
            interface = found
        } else {
            guard let found = network.networkInterface(interfaceID) else {
                throw SnapshotEditError("associate-address: no network interface \(interfaceID) in the snapshot")
            }
            interface = found
        }
        guard privateAddress.family == .ipv4, interface.owns(privateAddress) else {
            throw SnapshotEditError("associate-address: \(interface.id) has no private address \(privateAddress)")
        }
        let existing = find("Addresses", "AllocationId", allocation)
        let allocated = existing.compactMap { resource($0, "Addresses")?.member("PublicIp")?.string }.first
        guard let publicIP = pendingAddresses[allocation] ?? allocated else {
            throw SnapshotEditError("associate-address: no Elastic IP allocation \(allocation) (allocate-address first)")
        }
        let association = allocation.hasPrefix("eipalloc-") ? "eipassoc-" + allocation.dropFirst("eipalloc-".count) : syntheticID("eipassoc")
        let owner = network.vpc(interface.vpcID)?.ownerID
        let describedID = interface.id.hasSuffix(":primary") ? nil : interface.id

        // describe-addresses
        var fields: [(String, JSONValue)] = [("AllocationId", .string(allocation)), ("AssociationId", .string(association)),
                                             ("Domain", .string("vpc"))]
        if let describedID { fields.append(("NetworkInterfaceId", .string(describedID))) }
        if let owner, describedID != nil { fields.append(("NetworkInterfaceOwnerId", .string(owner))) }
        fields.append(("PrivateIpAddress", .string(privateAddress.description)))
        if let instance = interface.instanceID { fields.append(("InstanceId", .string(instance))) }
        fields.append(("PublicIp", .string(publicIP)))
        if pendingAddresses.removeValue(forKey: allocation) != nil {
            try add(.object(JSONObject(fields)), key: "Addresses", folder: folder(ofVPC: interface.vpcID), fileName: "describe-addresses.json")
        } else {
            for place in existing {
                for (key, value) in fields where key != "AllocationId" {
                    try edit(place, "Addresses") { (document, item) throws(SnapshotEditError) in
                        try Self.splice { () throws(JSONSyntaxError) in try document.set(key, value, in: item) }
                    }
                }
            }
        }

        // describe-network-interfaces: the address's association, and the interface's own for its primary address.
        let full = JSONValue.object(["AllocationId": .string(allocation), "AssociationId": .string(association),
                                     "IpOwnerId": .string(owner ?? ""), "PublicIp": .string(publicIP)])
        if let describedID {
            for place in find("NetworkInterfaces", "NetworkInterfaceId", describedID) {
                try associate(place, "NetworkInterfaces", privateAddress: privateAddress, full)
            }
        }
        // describe-instances: the instance's copy of the interface, and its PublicIpAddress for its primary address.
        guard let instanceID = interface.instanceID else { return }
        let short = JSONValue.object(["IpOwnerId": .string(owner ?? ""), "PublicIp": .string(publicIP)])
        for place in reservationPlaces(instanceID) {
            guard var document = documents[place.path] else { continue }
            func instance() -> JSONDocument.Node? {
                document.root.member("Reservations")?.element(place.index)?.member("Instances")?.elements
                    .first { $0.member("InstanceId")?.string == instanceID }
            }
            if let copies = instance()?.member("NetworkInterfaces")?.elements,
               let position = copies.firstIndex(where: { $0.member("NetworkInterfaceId")?.string == describedID }) {
                func copy() -> JSONDocument.Node? { instance()?.member("NetworkInterfaces")?.element(position) }
                if let entry = copy()?.member("PrivateIpAddresses")?.elements.firstIndex(where: { $0.member("PrivateIpAddress")?.string == privateAddress.description }),
                   let target = copy()?.member("PrivateIpAddresses")?.element(entry) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", short, in: target) }
                }
                if let target = copy(), target.member("PrivateIpAddress")?.string == privateAddress.description {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", short, in: target) }
                }
            }
            let primary = network.networkInterfaces(ofInstance: instanceID).first?.id == interface.id
            if primary, let target = instance(), target.member("PrivateIpAddress")?.string == privateAddress.description {
                try Self.splice { () throws(JSONSyntaxError) in try document.set("PublicIpAddress", .string(publicIP), in: target) }
            }
            documents[place.path] = document
            edited.insert(place.path)
        }
    }

    /// Sets the `Association` of a private address in an interface description (and the interface's own when it
    /// is the primary address).
    mutating func associate(_ place: Place, _ key: String, privateAddress: IPAddress, _ association: JSONValue) throws(SnapshotEditError) {
        try edit(place, key) { (document, item) throws(SnapshotEditError) in
            if let entry = item.member("PrivateIpAddresses")?.elements.first(where: { $0.member("PrivateIpAddress")?.string == privateAddress.description }) {
                try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", association, in: entry) }
            }
        }
        try edit(place, key) { (document, item) throws(SnapshotEditError) in
            if item.member("PrivateIpAddress")?.string == privateAddress.description {
                try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", association, in: item) }
            }
        }
    }

    /// The reservations (file and index) that hold an instance.
    func reservationPlaces(_ instanceID: String) -> [Place] {
        var places: [Place] = []
        for file in files {
            guard let reservations = documents[file.path]?.root.member("Reservations") else { continue }
            for (index, reservation) in reservations.elements.enumerated()
            where reservation.member("Instances")?.elements.contains(where: { $0.member("InstanceId")?.string == instanceID }) == true {
                places.append(Place(path: file.path, index: index))
            }
        }
        return places
    }
}

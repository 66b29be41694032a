import NetworkModel

/// An Elastic IP association as `describe-addresses` records it, resolved once every interface is known.
struct ElasticIP {
    let publicAddress: IPAddress
    let allocationID: String?
    let networkInterfaceID: String?
    let instanceID: String?
    let privateAddress: IPAddress?
    let file: String
}

extension SnapshotBuilder {
    /// `describe-addresses`: `{"Addresses": [{"PublicIp", "AllocationId", "NetworkInterfaceId", "PrivateIpAddress",
    /// "InstanceId"}]}`. An associated Elastic IP becomes the public address of the private address it is
    /// associated with (the interface's primary one when `PrivateIpAddress` is absent; the instance's primary
    /// interface when only `InstanceId` is given), unless the interface already records one.
    mutating func readAddresses(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            elasticIPs.append(ElasticIP(
                publicAddress: try item.address("PublicIp", .ipv4), allocationID: try item.optionalString("AllocationId"),
                networkInterfaceID: try item.optionalString("NetworkInterfaceId"),
                instanceID: try item.optionalString("InstanceId"),
                privateAddress: try item.optionalAddress("PrivateIpAddress", .ipv4), file: file.path))
        }
    }

    /// Records each associated Elastic IP on its interface (called after instance interfaces are added).
    mutating func applyElasticIPs() {
        for eip in elasticIPs where eip.networkInterfaceID != nil || eip.instanceID != nil {
            guard let interfaceID = eip.networkInterfaceID ?? eip.instanceID.flatMap(primaryInterfaceID(ofInstance:)),
                  let interface = networkInterfaces[interfaceID],
                  let index = Self.addressIndex(of: eip, in: interface)
            else {
                let owner = eip.networkInterfaceID ?? eip.instanceID ?? ""
                warnings.add("Addresses", file: eip.file, detail: "\(eip.publicAddress) (\(owner))") { count in
                    "\(count) Elastic IP\(count == 1 ? " is" : "s are") associated with an interface or address the snapshot does not describe; ignored"
                }
                continue
            }
            networkInterfaces.modify(interfaceID) { interface in
                var address = interface.addresses[index]
                if address.publicAddress == nil { address.publicAddress = eip.publicAddress }
                if address.publicAddress == eip.publicAddress, address.elasticIPAllocationID == nil {
                    address.elasticIPAllocationID = eip.allocationID
                }
                interface.addresses[index] = address
            }
        }
    }

    /// Which private address of `interface` an Elastic IP maps to: the one it names, else the primary one (never
    /// an IPv6 address: Elastic IPs are IPv4).
    private static func addressIndex(of eip: ElasticIP, in interface: NetworkInterface) -> Int? {
        let addresses = interface.addresses
        if let privateAddress = eip.privateAddress { return addresses.firstIndex { $0.address == privateAddress } }
        return addresses.firstIndex { $0.isPrimary && $0.address.family == .ipv4 } ?? addresses.firstIndex { $0.address.family == .ipv4 }
    }

    /// An instance's primary interface: the first it lists (by device index), else the first attached to it.
    private func primaryInterfaceID(ofInstance id: String) -> String? {
        if let first = instances[id]?.networkInterfaceIDs.first { return first }
        return networkInterfaces.items.first { $0.instanceID == id }?.id
    }
}

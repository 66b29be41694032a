import NetworkModel

extension SnapshotBuilder {
    /// `describe-network-interfaces`: `{"NetworkInterfaces": [{"NetworkInterfaceId", "SubnetId", "VpcId",
    /// "Attachment": {"InstanceId"}, "Status", "SourceDestCheck", "Groups": [{"GroupId"}], "PrivateIpAddresses":
    /// [{"PrivateIpAddress", "Primary", "Association": {"PublicIp", "AllocationId"}}], "Ipv6Addresses":
    /// [{"Ipv6Address", "IsPrimaryIpv6"}], "InterfaceType", "Description", "TagSet"}]}`. Interfaces carry their tags
    /// in `TagSet`, not `Tags`.
    mutating func readNetworkInterfaces(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let (interface, delegated) = try readInterface(item, instanceID: nil)
            try checkSameDescription(interface, id: interface.id, in: networkInterfaces, at: item,
                                     what: "subnet, addresses, security groups, attachment or status") { $0.sameState(as: $1) }
            noteInterfacePlace(interface.id, item)
            noteDelegatedIPv6Prefixes(delegated, of: interface.id, in: file.path)
            networkInterfaces.add(interface, id: interface.id) { $0.absorb($1) }
        }
    }

    /// One interface description, as `describe-network-interfaces` prints it or as an instance lists it in its
    /// `NetworkInterfaces` (there without `Attachment.InstanceId` or `TagSet`: `instanceID` fills the first).
    /// `Status` defaults to `in-use` when attached, `available` otherwise; `SourceDestCheck` to true.
    ///
    /// The addresses are the private IPv4 ones (`PrivateIpAddresses`, else `PrivateIpAddress`), then the IPv6 ones
    /// (`Ipv6Addresses[].Ipv6Address`, never primary in the model, with no public address: an IPv6 address is
    /// global). Also returns how many IPv6 prefixes are delegated to it (`Ipv6Prefixes`), which the model cannot hold,
    /// for the caller to warn about if it uses the interface.
    func readInterface(_ item: JSONNode, instanceID: String?) throws(SnapshotError) -> (NetworkInterface, delegatedIPv6Prefixes: Int) {
        let id = try item.string("NetworkInterfaceId")
        let attachment = try item.optionalObject("Attachment")
        var groups: [String] = []
        for group in try item.array("Groups") { groups.appendMissing([try group.string("GroupId")]) }
        var addresses: [NetworkInterface.InterfaceAddress] = []
        for entry in try item.array("PrivateIpAddresses") {
            let address = try readPrivateAddress(entry, primary: try entry.bool("Primary", default: false))
            if !addresses.contains(where: { $0.address == address.address }) { addresses.append(address) }
        }
        if addresses.isEmpty, try item.member("PrivateIpAddress") != nil {
            addresses.append(try readPrivateAddress(item, primary: true))
        }
        // AWS prints the primary private address's public address twice: in `PrivateIpAddresses[].Association` and
        // in the interface's own `Association`; either one is enough.
        if let association = try item.optionalObject("Association"), let publicAddress = try association.optionalAddress("PublicIp", .ipv4) {
            let primary = try item.optionalAddress("PrivateIpAddress", .ipv4)
            if let index = addresses.firstIndex(where: { entry in primary.map { entry.address == $0 } ?? (entry.isPrimary && entry.address.family == .ipv4) }),
               addresses[index].publicAddress == nil {
                addresses[index].publicAddress = publicAddress
                addresses[index].elasticIPAllocationID = try association.optionalString("AllocationId")
            }
        }
        for entry in try item.array("Ipv6Addresses") {
            let address = try entry.address("Ipv6Address", .ipv6)
            if !addresses.contains(where: { $0.address == address }) { addresses.append(.init(address: address, isPrimary: false)) }
        }
        let interface = NetworkInterface(
            id: id, subnetID: try item.string("SubnetId"), vpcID: try item.string("VpcId"),
            instanceID: try attachment?.optionalString("InstanceId") ?? instanceID,
            status: try item.optionalString("Status").map(NetworkInterfaceStatus.init) ?? (attachment == nil ? .available : .inUse),
            sourceDestinationCheck: try item.bool("SourceDestCheck", default: true), securityGroupIDs: groups,
            addresses: addresses, interfaceType: try item.optionalString("InterfaceType").map(NetworkInterfaceType.init),
            interfaceDescription: try item.optionalString("Description"), tags: try item.tags("TagSet"))
        return (interface, try item.array("Ipv6Prefixes").count)
    }

    /// Warns about IPv6 prefixes delegated to an interface (`Ipv6Prefixes`, prefix delegation): the model holds an
    /// interface's single addresses, so the addresses in those prefixes are not taken as the interface's.
    mutating func noteDelegatedIPv6Prefixes(_ count: Int, of interfaceID: String, in file: String) {
        guard count > 0 else { return }
        warnings.add("IPv6 prefixes delegated to network interfaces", file: file, count: count, detail: interfaceID) { count in
            "\(count) ignored (Ipv6Prefixes); the model holds an interface's single addresses, so traffic to or from addresses in these prefixes is not the interface's"
        }
    }

    /// `PrivateIpAddress` with its `Association` (`PublicIp`, `AllocationId`).
    private func readPrivateAddress(_ node: JSONNode, primary: Bool) throws(SnapshotError) -> NetworkInterface.InterfaceAddress {
        let association = try node.optionalObject("Association")
        return NetworkInterface.InterfaceAddress(
            address: try node.address("PrivateIpAddress", .ipv4), isPrimary: primary,
            publicAddress: try association?.optionalAddress("PublicIp", .ipv4),
            elasticIPAllocationID: try association?.optionalString("AllocationId"))
    }
}

extension NetworkInterface {
    /// Folds in another description of the same interface: public addresses and Elastic IPs it lacks, tags.
    mutating func absorb(_ other: NetworkInterface) {
        for theirs in other.addresses {
            if let index = addresses.firstIndex(where: { $0.address == theirs.address }) {
                addresses[index].publicAddress = addresses[index].publicAddress ?? theirs.publicAddress
                addresses[index].elasticIPAllocationID =
                    addresses[index].elasticIPAllocationID ?? theirs.elasticIPAllocationID
            } else if theirs.address.family == .ipv4, let firstIPv6 = addresses.firstIndex(where: { $0.address.family == .ipv6 }) {
                addresses.insert(theirs, at: firstIPv6)  // private IPv4 addresses come first
            } else {
                addresses.append(theirs)
            }
        }
        securityGroupIDs.appendMissing(other.securityGroupIDs)
        instanceID = instanceID ?? other.instanceID
        interfaceType = interfaceType ?? other.interfaceType
        interfaceDescription = interfaceDescription ?? other.interfaceDescription
        if tags.pairs.isEmpty { tags = other.tags }
    }
}

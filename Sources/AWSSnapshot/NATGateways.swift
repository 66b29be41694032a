import NetworkModel

extension SnapshotBuilder {
    /// `describe-nat-gateways`: `{"NatGateways": [{"NatGatewayId", "VpcId", "SubnetId", "State", "ConnectivityType",
    /// "NatGatewayAddresses": [{"AllocationId", "NetworkInterfaceId", "PrivateIp", "PublicIp", "IsPrimary"}],
    /// "FailureMessage", "Tags"}]}`. `ConnectivityType` defaults to `public` (outputs from before private NAT
    /// gateways existed do not print it).
    mutating func readNATGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("NatGatewayId")
            var addresses: [NATGateway.Address] = []
            for (index, entry) in try item.array("NatGatewayAddresses").enumerated() {
                addresses.append(NATGateway.Address(
                    privateAddress: try entry.optionalAddress("PrivateIp", .ipv4), publicAddress: try entry.optionalAddress("PublicIp", .ipv4),
                    allocationID: try entry.optionalString("AllocationId"), networkInterfaceID: try entry.optionalString("NetworkInterfaceId"),
                    isPrimary: try entry.bool("IsPrimary", default: index == 0)))
            }
            let gateway = NATGateway(id: id, vpcID: try item.string("VpcId"), subnetID: try item.string("SubnetId"),
                                     state: NATGatewayState(rawValue: try item.string("State")),
                                     connectivityType: try item.optionalString("ConnectivityType").map(ConnectivityType.init) ?? .public,
                                     addresses: addresses, failureMessage: try item.optionalString("FailureMessage"), tags: try item.tags())
            edgeParts.natGateways.add(gateway, id: id) { first, other in
                if first.addresses.isEmpty { first.addresses = other.addresses }
                if first.tags.pairs.isEmpty { first.tags = other.tags }
            }
        }
    }

    /// Gives every NAT gateway its network interface (called once every file is read, before the network is built).
    ///
    /// `describe-network-interfaces` lists a NAT gateway's interface (`InterfaceType: nat_gateway`, no security
    /// group, source/destination check off) with its Elastic IP. When it does not (a snapshot without that output),
    /// the interface is made from `NatGatewayAddresses`; when it lacks the Elastic IP, `PublicIp` supplies it.
    mutating func addNATGatewayInterfaces() {
        for var gateway in edgeParts.natGateways.items {
            var changed = false
            for index in gateway.addresses.indices {
                let address = gateway.addresses[index]
                guard let privateAddress = address.privateAddress else { continue }
                let interfaceID = address.networkInterfaceID ?? "\(gateway.id):interface"
                if address.networkInterfaceID == nil {
                    gateway.addresses[index].networkInterfaceID = interfaceID
                    changed = true
                }
                if networkInterfaces.contains(interfaceID) {
                    networkInterfaces.modify(interfaceID) { interface in
                        if let position = interface.addresses.firstIndex(where: { $0.address == privateAddress }) {
                            if interface.addresses[position].publicAddress == nil {
                                interface.addresses[position].publicAddress = address.publicAddress
                                interface.addresses[position].elasticIPAllocationID = address.allocationID
                            }
                        } else {
                            // Private IPv4 addresses come before IPv6 ones.
                            let position = interface.addresses.firstIndex { $0.address.family == .ipv6 } ?? interface.addresses.endIndex
                            interface.addresses.insert(.init(address: privateAddress, isPrimary: position == 0,
                                                             publicAddress: address.publicAddress, elasticIPAllocationID: address.allocationID),
                                                       at: position)
                        }
                    }
                } else {
                    let primary = NetworkInterface.InterfaceAddress(address: privateAddress, isPrimary: true, publicAddress: address.publicAddress,
                                                                  elasticIPAllocationID: address.allocationID)
                    let interface = NetworkInterface(id: interfaceID, subnetID: gateway.subnetID, vpcID: gateway.vpcID, status: .inUse,
                                                     sourceDestinationCheck: false, addresses: [primary], interfaceType: .natGateway,
                                                     interfaceDescription: "Interface for NAT Gateway \(gateway.id)")
                    networkInterfaces.add(interface, id: interfaceID) { _, _ in }
                }
            }
            if changed { edgeParts.natGateways.modify(gateway.id) { $0 = gateway } }
        }
    }
}

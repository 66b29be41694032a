import NetworkModel

extension SnapshotBuilder {
    /// `describe-vpc-endpoints`: `{"VpcEndpoints": [{"VpcEndpointId", "VpcEndpointType", "VpcId", "ServiceName", "State",
    /// "RouteTableIds", "SubnetIds", "NetworkInterfaceIds", "Tags"}]}`. Outputs without `VpcEndpointType` (from
    /// before interface endpoints existed) describe gateway endpoints; one that lists network interfaces and no
    /// route table is taken as an interface endpoint.
    mutating func readVPCEndpoints(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("VpcEndpointId")
            let routeTables = try item.array("RouteTableIds").map { node throws(SnapshotError) in try node.string() }
            let subnets = try item.array("SubnetIds").map { node throws(SnapshotError) in try node.string() }
            let interfaces = try item.array("NetworkInterfaceIds").map { node throws(SnapshotError) in try node.string() }
            let type = try item.optionalString("VpcEndpointType").map(VPCEndpointType.init)
                ?? (routeTables.isEmpty && !interfaces.isEmpty ? .interface : .gateway)
            let endpoint = VPCEndpoint(id: id, vpcID: try item.string("VpcId"), serviceName: try item.string("ServiceName"),
                                       endpointType: type, state: VPCEndpointState(rawValue: try item.string("State")), routeTableIDs: routeTables,
                                       subnetIDs: subnets, networkInterfaceIDs: interfaces, tags: try item.tags())
            edgeParts.vpcEndpoints.add(endpoint, id: id) { first, other in
                first.routeTableIDs.appendMissing(other.routeTableIDs)
                first.networkInterfaceIDs.appendMissing(other.networkInterfaceIDs)
            }
        }
    }
}

import NetworkModel

/// `create-vpc-endpoint --vpc-endpoint-type Gateway` on a snapshot (a new endpoint in the VPC's folder, serving no
/// route table) and `modify-vpc-endpoint --add-route-table-ids` (the table id in RouteTableIds, and the route AWS
/// adds: the service's prefix list to the endpoint).
extension SnapshotEditor {
    mutating func createGatewayEndpoint(_ id: String, vpc vpcID: String, service: String) throws(SnapshotEditError) {
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("create-vpc-endpoint: no VPC \(vpcID) in the snapshot") }
        var endpoint: [(String, JSONValue)] = [
            ("VpcEndpointId", .string(id)), ("VpcEndpointType", .string("Gateway")), ("VpcId", .string(vpcID)),
            ("ServiceName", .string(service)), ("State", .string("available")), ("RouteTableIds", .array([])),
            ("SubnetIds", .array([])), ("Groups", .array([])), ("PrivateDnsEnabled", .bool(false)), ("RequesterManaged", .bool(false)),
            ("NetworkInterfaceIds", .array([])), ("DnsEntries", .array([])), ("Tags", .array([])),
        ]
        if let owner = vpc.ownerID { endpoint.append(("OwnerId", .string(owner))) }
        try add(.object(JSONObject(endpoint)), key: "VpcEndpoints", folder: folder(ofVPC: vpcID), fileName: "describe-vpc-endpoints.json")
    }

    mutating func addEndpointRouteTable(_ id: String, _ table: String) throws(SnapshotEditError) {
        let places = find("VpcEndpoints", "VpcEndpointId", id)
        guard let first = places.first, let service = resource(first, "VpcEndpoints")?.member("ServiceName")?.string else {
            throw SnapshotEditError("modify-vpc-endpoint: no VPC endpoint \(id) in the snapshot")
        }
        guard let list = network.servicePrefixList(service) else {
            throw SnapshotEditError("modify-vpc-endpoint: the snapshot does not describe the prefix list of \(service) (describe-prefix-lists)")
        }
        for place in places {
            try edit(place, "VpcEndpoints") { (document, item) throws(SnapshotEditError) in
                if let tables = item.member("RouteTableIds") {
                    guard !tables.elements.contains(where: { $0.string == table }) else { return }
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(.string(table), to: tables) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("RouteTableIds", .array([.string(table)]), in: item) }
                }
            }
        }
        try createRoute(table, .prefixList(list.id), .vpcEndpoint(id))
    }
}

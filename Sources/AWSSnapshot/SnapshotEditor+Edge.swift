import NetworkModel

/// NAT gateway, endpoint and VPN calls on a snapshot, in the outputs the reader takes:
/// `modify-network-interface-attribute --no-source-dest-check` (the interface in describe-network-interfaces and in
/// its instance's description, and the instance's own SourceDestCheck when it is its primary interface),
/// `modify-instance-attribute --no-source-dest-check` (an instance known only from describe-instances),
/// `create-vpc-endpoint --vpc-endpoint-type Gateway` (a new endpoint in the VPC's folder, serving no route table),
/// `modify-vpc-endpoint --add-route-table-ids` (the table id in RouteTableIds, and the route AWS adds: the service's
/// prefix list to the endpoint), `attach-vpn-gateway` (the attachment, and the gateway's blackhole routes in that
/// VPC active again), `create-vpn-connection-route` (a static route of the connection).
extension SnapshotEditor {
    // MARK: Source/destination check

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

    // MARK: Gateway endpoints

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

    // MARK: Virtual private gateways

    mutating func attachVPNGateway(_ id: String, to vpcID: String) throws(SnapshotEditError) {
        guard network.vpc(vpcID) != nil else { throw SnapshotEditError("attach-vpn-gateway: no VPC \(vpcID) in the snapshot") }
        let places = find("VpnGateways", "VpnGatewayId", id)
        guard !places.isEmpty else { throw SnapshotEditError("attach-vpn-gateway: no virtual private gateway \(id) in the snapshot") }
        try attach(id, to: vpcID, at: places, call: "attach-vpn-gateway", resources: "VpnGateways", list: "VpcAttachments",
                   attachment: .object(["VpcId": .string(vpcID), "State": .string("attached")]), state: "attached",
                   attachedStates: ["attached"])
        // AWS shows the routes to an attached gateway as active again.
        for table in network.routeTables where table.vpcID == vpcID {
            for place in find("RouteTables", "RouteTableId", table.id) {
                // One route per edit: each splice moves what follows it in the file.
                var more = true
                while more {
                    more = false
                    try edit(place, "RouteTables") { (document, item) throws(SnapshotEditError) in
                        guard let route = item.member("Routes")?.elements.first(where: {
                            $0.member("GatewayId")?.string == id && $0.member("State")?.string == "blackhole" }) else { return }
                        try Self.splice { () throws(JSONSyntaxError) in try document.set("State", .string("active"), in: route) }
                        more = true
                    }
                }
            }
        }
    }

    mutating func createVPNConnectionRoute(_ id: String, _ block: IPPrefix) throws(SnapshotEditError) {
        let places = find("VpnConnections", "VpnConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("create-vpn-connection-route: no VPN connection \(id) in the snapshot") }
        let route = JSONValue.object(["DestinationCidrBlock": .string(block.description), "Source": .string("static"),
                                      "State": .string("available")])
        for place in places {
            try edit(place, "VpnConnections") { (document, item) throws(SnapshotEditError) in
                if let routes = item.member("Routes") {
                    if routes.elements.contains(where: { $0.member("DestinationCidrBlock")?.string.flatMap(IPPrefix.init) == block }) {
                        throw SnapshotEditError("create-vpn-connection-route: \(id) has a route to \(block) already")
                    }
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(route, to: routes) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Routes", .array([route]), in: item) }
                }
            }
        }
    }
}

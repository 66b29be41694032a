import NetworkModel

/// NAT gateway, endpoint and VPN commands on a snapshot, in the outputs the reader takes:
/// `modify-network-interface-attribute --no-source-dest-check` (the interface in describe-network-interfaces and in
/// its instance's description, and the instance's own SourceDestCheck when it is its primary interface),
/// `modify-instance-attribute --no-source-dest-check` (an instance known only from describe-instances),
/// `create-vpc-endpoint --vpc-endpoint-type Gateway` (a new endpoint in the VPC's folder, serving no route table),
/// `modify-vpc-endpoint --add-route-table-ids` (the table id in RouteTableIds, and the route AWS adds: the service's
/// prefix list to the endpoint), `attach-vpn-gateway` (the attachment, and the gateway's blackhole routes in that
/// VPC active again), `create-vpn-connection-route` (a static route of the connection).
extension SnapshotEditor {
    static let edgeCommands: Set<String> = [
        "modify-network-interface-attribute", "modify-instance-attribute", "create-vpc-endpoint", "modify-vpc-endpoint",
        "attach-vpn-gateway", "create-vpn-connection-route",
    ]

    mutating func edgeCommand(_ command: EditCommandLine, response: [String: String]) throws(SnapshotEditError) {
        switch command.name {
        case "modify-network-interface-attribute", "modify-instance-attribute": try disableSourceDestinationCheck(command)
        case "create-vpc-endpoint": try createGatewayEndpoint(command, response: response)
        case "modify-vpc-endpoint": try addEndpointRouteTables(command)
        case "attach-vpn-gateway": try attachVPNGateway(command)
        default: try createVPNConnectionRoute(command)
        }
    }

    // MARK: Source/destination check

    private mutating func disableSourceDestinationCheck(_ command: EditCommandLine) throws(SnapshotEditError) {
        guard command.has("--no-source-dest-check") else {
            throw SnapshotEditError("\(command.name): PathProof applies only --no-source-dest-check")
        }
        let instanceID: String
        var interfaceID: String?
        if command.name == "modify-instance-attribute" {
            instanceID = try command.required("--instance-id")
        } else {
            let id = try command.required("--network-interface-id")
            guard let interface = network.networkInterface(id) else {
                throw SnapshotEditError("\(command.name): no network interface \(id) in the snapshot")
            }
            interfaceID = id
            instanceID = interface.instanceID ?? ""
            for place in find("NetworkInterfaces", "NetworkInterfaceId", id) {
                try edit(place, "NetworkInterfaces") { (document, item) throws(SnapshotEditError) in
                    try Self.splice { () throws(LocatedJSONError) in try document.set("SourceDestCheck", .bool(false), in: item) }
                }
            }
        }
        let primary = network.networkInterfaces(ofInstance: instanceID).first?.id
        for file in files where !instanceID.isEmpty {
            guard let reservations = documents[file.path]?.root.member("Reservations") else { continue }
            for (r, reservation) in reservations.elements.enumerated() {
                for (i, instance) in (reservation.member("Instances")?.elements ?? []).enumerated()
                where instance.member("InstanceId")?.string == instanceID {
                    try rewrite(file.path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
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

    /// Makes one splice in the document at `path`.
    private mutating func rewrite(_ path: String, _ work: (inout EditableJSONDocument) throws(LocatedJSONError) -> Void) throws(SnapshotEditError) {
        guard var document = documents[path] else { return }
        try Self.splice { () throws(LocatedJSONError) in try work(&document) }
        documents[path] = document
        edited.insert(path)
    }

    // MARK: Gateway endpoints

    private mutating func createGatewayEndpoint(_ command: EditCommandLine, response: [String: String]) throws(SnapshotEditError) {
        let vpcID = try command.required("--vpc-id")
        let service = try command.required("--service-name")
        guard command.options["--vpc-endpoint-type"] == "Gateway" else {
            throw SnapshotEditError("create-vpc-endpoint: PathProof makes gateway endpoints only (--vpc-endpoint-type Gateway)")
        }
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("create-vpc-endpoint: no VPC \(vpcID) in the snapshot") }
        let id = response["VpcEndpointId"] ?? syntheticID("vpce")
        var endpoint: [(String, EditValue)] = [
            ("VpcEndpointId", .string(id)), ("VpcEndpointType", .string("Gateway")), ("VpcId", .string(vpcID)),
            ("ServiceName", .string(service)), ("State", .string("available")), ("RouteTableIds", .array([])),
            ("SubnetIds", .array([])), ("Groups", .array([])), ("PrivateDnsEnabled", .bool(false)), ("RequesterManaged", .bool(false)),
            ("NetworkInterfaceIds", .array([])), ("DnsEntries", .array([])), ("Tags", .array([])),
        ]
        if let owner = vpc.ownerID { endpoint.append(("OwnerId", .string(owner))) }
        try add(.object(endpoint), key: "VpcEndpoints", folder: folder(ofVPC: vpcID), fileName: "describe-vpc-endpoints.json")
    }

    private mutating func addEndpointRouteTables(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--vpc-endpoint-id")
        let table = try command.required("--add-route-table-ids")
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
                    try Self.splice { () throws(LocatedJSONError) in try document.append(.string(table), to: tables) }
                } else {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("RouteTableIds", .array([.string(table)]), in: item) }
                }
            }
        }
        try apply(["ec2", "create-route", "--route-table-id", table, "--destination-prefix-list-id", list.id, "--gateway-id", id])
    }

    // MARK: Virtual private gateways

    private mutating func attachVPNGateway(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--vpn-gateway-id")
        let vpcID = try command.required("--vpc-id")
        guard network.vpc(vpcID) != nil else { throw SnapshotEditError("attach-vpn-gateway: no VPC \(vpcID) in the snapshot") }
        let places = find("VpnGateways", "VpnGatewayId", id)
        guard !places.isEmpty else { throw SnapshotEditError("attach-vpn-gateway: no virtual private gateway \(id) in the snapshot") }
        let attachment = EditValue.object([("VpcId", .string(vpcID)), ("State", .string("attached"))])
        for place in places {
            try edit(place, "VpnGateways") { (document, item) throws(SnapshotEditError) in
                let attachments = item.member("VpcAttachments")
                if let elsewhere = attachments?.elements.first(where: { $0.member("VpcId")?.string != vpcID && $0.member("State")?.string == "attached" }) {
                    throw SnapshotEditError("attach-vpn-gateway: \(id) is attached to \(elsewhere.member("VpcId")?.string ?? "another VPC") already")
                }
                if let current = attachments?.elements.first(where: { $0.member("VpcId")?.string == vpcID }) {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("State", .string("attached"), in: current) }
                } else if let attachments {
                    try Self.splice { () throws(LocatedJSONError) in try document.append(attachment, to: attachments) }
                } else {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("VpcAttachments", .array([attachment]), in: item) }
                }
            }
        }
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
                        try Self.splice { () throws(LocatedJSONError) in try document.set("State", .string("active"), in: route) }
                        more = true
                    }
                }
            }
        }
    }

    private mutating func createVPNConnectionRoute(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--vpn-connection-id")
        let cidr = try command.required("--destination-cidr-block")
        guard let block = IPPrefix(cidr) else { throw SnapshotEditError("create-vpn-connection-route: \(cidr) is not a CIDR block") }
        let places = find("VpnConnections", "VpnConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("create-vpn-connection-route: no VPN connection \(id) in the snapshot") }
        let route = EditValue.object([("DestinationCidrBlock", .string(block.description)), ("Source", .string("static")),
                                      ("State", .string("available"))])
        for place in places {
            try edit(place, "VpnConnections") { (document, item) throws(SnapshotEditError) in
                if let routes = item.member("Routes") {
                    if routes.elements.contains(where: { $0.member("DestinationCidrBlock")?.string.flatMap(IPPrefix.init) == block }) {
                        throw SnapshotEditError("create-vpn-connection-route: \(id) has a route to \(block) already")
                    }
                    try Self.splice { () throws(LocatedJSONError) in try document.append(route, to: routes) }
                } else {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("Routes", .array([route]), in: item) }
                }
            }
        }
    }
}

import AWSSnapshot
import NetworkModel

/// `aws_customer_gateway`: `describe-customer-gateways`; `aws_vpn_connection` (+ `aws_vpn_connection_route`):
/// `describe-vpn-connections`, and for a connection to a transit gateway its attachment as
/// `describe-transit-gateway-attachments` prints it (`ResourceType` `vpn`); `aws_vpn_gateway_route_propagation` and a
/// route table's `propagating_vgws`: the table's `PropagatingVgws` and the routes the gateway propagates into it
/// (`Origin` `EnableVgwRoutePropagation`): the static routes of its VPN connections.
///
/// A connection's tunnel status (`vgw_telemetry`) is known only once it exists: a state, or a plan whose planned
/// values carry it. When it is unknown (a connection the plan creates or replaces) the tunnels are read as up, as
/// AWS brings them up after apply when the customer gateway answers, and `TerraformNetwork.otherAssignments` reads
/// the file again with them down: an answer that differs is UNKNOWN naming the connection.
extension Translation {
    mutating func addCustomerGateway(_ gateway: TerraformResource) throws(SnapshotError) {
        name(gateway)
        var object = JSONObject([("CustomerGatewayId", .s(gateway.id)), ("State", .s("available")),
                                 ("Type", .s(try gateway.string("type") ?? "ipsec.1"))])
        if let address = try gateway.string("ip_address") { object.set("IpAddress", .s(address)) }
        if let asn = try gateway.values.member("bgp_asn") {
            switch asn.value {
            case .string(let text): object.set("BgpAsn", .s(text))
            case .number(let literal): object.set("BgpAsn", .s(literal))
            default: break
            }
        }
        object.set("Tags", try tags(gateway))
        set.remove("CustomerGateways", gateway.id)
        set.add("CustomerGateways", object)
    }

    mutating func addVPNConnection(_ connection: TerraformResource) throws(SnapshotError) {
        name(connection)
        let customer = try requiredReference("customer_gateway_id", of: connection, types: ["aws_customer_gateway"])
        let vpnGateway = try reference("vpn_gateway_id", of: connection, types: ["aws_vpn_gateway"])
        let transitGateway = try reference("transit_gateway_id", of: connection, types: ["aws_ec2_transit_gateway"])
        let staticOnly = try connection.bool("static_routes_only") ?? false
        var object = JSONObject([("VpnConnectionId", .s(connection.id)), ("State", .s("available")), ("Type", .s(try connection.string("type") ?? "ipsec.1")),
                                 ("CustomerGatewayId", .s(customer))])
        if let vpnGateway { object.set("VpnGatewayId", .s(vpnGateway)) }
        if let transitGateway { object.set("TransitGatewayId", .s(transitGateway)) }
        object.set("Category", .s("VPN"))
        object.set("Options", .obj([("StaticRoutesOnly", .bool(staticOnly))]))
        // The static routes the file manages as aws_vpn_connection_route resources (before or after apply) are theirs:
        // the computed `routes` shows the refreshed state, not the plan's.
        var managed: Set<String> = []
        for route in document.prior + resources where route.type == "aws_vpn_connection_route" {
            var mine = try route.string("vpn_connection_id") == connection.id
            if !mine {
                mine = try referencedResources("vpn_connection_id", of: route, types: ["aws_vpn_connection"]).contains { $0.address == connection.address }
            }
            guard mine, let cidr = try route.string("destination_cidr_block") else { continue }
            managed.insert(cidr)
        }
        var routes: [JSONValue] = []
        if !connection.isUnknown("routes") {
            for route in try connection.list("routes") {
                let values = TerraformResource(address: connection.address, moduleAddress: connection.moduleAddress, type: connection.type,
                                               name: connection.name, indexText: connection.indexText, values: route)
                guard let cidr = try cidr("destination_cidr_block", of: values, .ipv4), !managed.contains(cidr) else { continue }
                routes.append(.obj([("DestinationCidrBlock", .s(cidr)), ("Source", .s(try values.string("source") ?? "static")),
                                    ("State", .s(try values.string("state") ?? "available"))]))
            }
        }
        object.set("Routes", .array(routes))
        var telemetry: [JSONValue] = []
        if !connection.isUnknown("vgw_telemetry") {
            for tunnel in try connection.list("vgw_telemetry") {
                let values = TerraformResource(address: connection.address, moduleAddress: connection.moduleAddress, type: connection.type,
                                               name: connection.name, indexText: connection.indexText, values: tunnel)
                guard let status = try values.string("status") else { continue }
                var entry: [(String, JSONValue)] = []
                if let outside = try values.string("outside_ip_address") { entry.append(("OutsideIpAddress", .s(outside))) }
                entry.append(("Status", .s(status)))
                if let message = try values.string("status_message") { entry.append(("StatusMessage", .s(message))) }
                telemetry.append(.obj(entry))
            }
        }
        if telemetry.isEmpty, vpnGateway != nil || transitGateway != nil {
            // Unknown until apply: up in this reading; down in the other one.
            unknownTunnels.append(UnknownTunnels(label: connection.address, connection: connection.id))
            if tunnelsDown.contains(connection.address) {
                let outside = [try connection.string("tunnel1_address"), try connection.string("tunnel2_address")]
                telemetry = outside.map { address in
                    .obj((address.map { [("OutsideIpAddress", JSONValue.s($0))] } ?? []) + [("Status", .s("DOWN"))])
                }
            } else {
                warn("tunnels \(connection.address)", "\(connection.address): the tunnels' status is unknown until apply; answers are computed with them up and again with them down, and an answer that differs is UNKNOWN")
            }
        }
        object.set("VgwTelemetry", .array(telemetry))
        object.set("Tags", try tags(connection))
        set.remove("VpnConnections", connection.id)
        set.add("VpnConnections", object)
        if let transitGateway {
            // The transit gateway's VPN attachment, as describe-transit-gateway-attachments prints it.
            let attachment = try connection.string("transit_gateway_attachment_id") ?? "\(connection.address).transit_gateway_attachment_id"
            addresses[attachment] = connection.address
            set.rewrite("TransitGatewayAttachments") { $0.text("TransitGatewayAttachmentId") != attachment }
            var summary = JSONObject([
                ("TransitGatewayAttachmentId", .s(attachment)), ("TransitGatewayId", .s(transitGateway)), ("ResourceType", .s("vpn")),
                ("ResourceId", .s(connection.id)), ("State", .s("available")),
            ])
            // AWS associates a VPN attachment with the gateway's default route table and propagates its routes there
            // when the gateway enables both (the provider's default); aws_vpn_connection has no argument to opt out.
            if let gateway = resources.first(where: { $0.type == "aws_ec2_transit_gateway" && $0.id == transitGateway }) {
                let defaults = try defaultTransitGatewayRouteTable(gateway)
                if let table = defaults.association {
                    summary.set("Association", .obj([("TransitGatewayRouteTableId", .s(table)), ("State", .s("associated"))]))
                }
                if let table = defaults.propagation {
                    addPropagation(table: table, attachment: attachment, resource: ("vpn", connection.id))
                }
            }
            set.add("TransitGatewayAttachments", summary)
        }
        if !staticOnly, vpnGateway != nil {
            warn("bgp \(connection.address)", "\(connection.address): BGP routing; the routes learned from the customer gateway are not known from Terraform and are not modelled (only static routes are)")
        }
    }

    mutating func addVPNConnectionRoute(_ route: TerraformResource) throws(SnapshotError) {
        let connection = try requiredReference("vpn_connection_id", of: route, types: ["aws_vpn_connection"])
        guard let cidr = try cidr("destination_cidr_block", of: route, .ipv4) else {
            warn("vpn route \(route.address)", "\(route.address): the destination is unknown until apply; the route is not modelled")
            return
        }
        let found = set.modify("VpnConnections", connection) { object in
            object.filter("Routes") { if case .object(let entry) = $0 { return entry.text("DestinationCidrBlock") != cidr } else { return true } }
            object.append("Routes", .obj([("DestinationCidrBlock", .s(cidr)), ("Source", .s("static")), ("State", .s("available"))]))
        }
        if !found { warn("vpn connection \(connection)", "\(route.address): VPN connection \(connection) is described by no output; the route is not modelled") }
    }

    mutating func addVPNGatewayRoutePropagation(_ propagation: TerraformResource) throws(SnapshotError) {
        let gateway = try requiredReference("vpn_gateway_id", of: propagation, types: ["aws_vpn_gateway"])
        let table = try routeTableID(ofPropagation: propagation)
        propagate(gateway: gateway, into: table, from: propagation)
    }

    /// The propagations a route table's `propagating_vgws` names (after every VPN connection is read).
    mutating func addInlinePropagations() throws(SnapshotError) {
        for table in resources where ["aws_route_table", "aws_default_route_table"].contains(table.type) {
            guard try table.values.member("propagating_vgws") != nil || table.isUnknown("propagating_vgws") else { continue }
            let gateways = try references("propagating_vgws", of: table, types: ["aws_vpn_gateway"])
            guard !gateways.isEmpty else { continue }
            let id = addresses.first { $0.value == table.address && set.find("RouteTables", $0.key) != nil }?.key ?? table.id
            for gateway in gateways { propagate(gateway: gateway, into: id, from: table) }
        }
    }

    /// Every table that a gateway propagates into (as the snapshot or the file says) gets the routes of its
    /// connections' static routes as they are after apply (a static route the plan adds is propagated too).
    mutating func refreshPropagations() {
        for table in set.all("RouteTables") {
            guard let id = table.text("RouteTableId") else { continue }
            for entry in table.elements("PropagatingVgws") {
                guard case .object(let object) = entry, let gateway = object.text("GatewayId") else { continue }
                propagate(gateway: gateway, into: id, from: nil)
            }
        }
    }

    /// The gateway propagates into the table: `PropagatingVgws`, and a route to each static route of its available VPN
    /// connections (a route the table has to the same block stays: AWS prefers it).
    private mutating func propagate(gateway: String, into table: String, from resource: TerraformResource?) {
        var blocks: [String] = []
        for connection in set.all("VpnConnections") where connection.text("VpnGatewayId") == gateway && connection.text("State") == "available" {
            for route in connection.elements("Routes") {
                guard case .object(let entry) = route, entry.text("State") ?? "available" == "available",
                      let cidr = entry.text("DestinationCidrBlock"), !blocks.contains(cidr) else { continue }
                blocks.append(cidr)
            }
        }
        let found = set.modify("RouteTables", table) { object in
            object.filter("PropagatingVgws") { if case .object(let entry) = $0 { return entry.text("GatewayId") != gateway } else { return true } }
            object.append("PropagatingVgws", .obj([("GatewayId", .s(gateway))]))
            let present = Set(object.elements("Routes").compactMap { Self.destination($0) })
            for cidr in blocks where !present.contains(cidr) {
                object.append("Routes", .obj([("DestinationCidrBlock", .s(cidr)), ("GatewayId", .s(gateway)),
                                              ("Origin", .s("EnableVgwRoutePropagation")), ("State", .s("active"))]))
            }
        }
        if !found, let resource { warn("route table \(table)", "\(resource.address): route table \(table) is described by no output; the propagation is not modelled") }
    }

    /// Removes what a VPN resource the plan deletes or changes contributed to the snapshot; false for other types.
    mutating func removeVPNResource(_ resource: TerraformResource, deleted: Bool) throws(SnapshotError) -> Bool {
        switch resource.type {
        case "aws_customer_gateway":
            set.remove("CustomerGateways", resource.id)
        case "aws_vpn_connection":
            // Its propagated routes go with it (read while the connection still says which they are).
            if deleted { removePropagatedRoutes(connection: resource.id) }
            set.remove("VpnConnections", resource.id)
            if let attachment = try resource.string("transit_gateway_attachment_id") {
                set.rewrite("TransitGatewayAttachments") { $0.text("TransitGatewayAttachmentId") != attachment }
            }
        case "aws_vpn_connection_route":
            guard let connection = try resource.string("vpn_connection_id"), let cidr = try resource.string("destination_cidr_block") else {
                return unreflectedVPN(resource)
            }
            set.modify("VpnConnections", connection) { object in
                object.filter("Routes") { if case .object(let entry) = $0 { return entry.text("DestinationCidrBlock") != cidr } else { return true } }
            }
            removePropagatedRoutes(gateway: nil, connection: connection, cidr: cidr)
        case "aws_vpn_gateway_route_propagation":
            guard let gateway = try resource.string("vpn_gateway_id"), let table = try resource.string("route_table_id") else {
                return unreflectedVPN(resource)
            }
            set.modify("RouteTables", table) { object in
                object.filter("PropagatingVgws") { if case .object(let entry) = $0 { return entry.text("GatewayId") != gateway } else { return true } }
                object.filter("Routes") { route in
                    guard case .object(let entry) = route else { return true }
                    return !(entry.text("GatewayId") == gateway && entry.text("Origin") == "EnableVgwRoutePropagation")
                }
            }
        default:
            return false
        }
        return true
    }

    private mutating func unreflectedVPN(_ resource: TerraformResource) -> Bool {
        warn("delete \(resource.address)", "\(resource.address): the plan changes it, and its old version names no id to remove from the snapshot; answers that depend on it are unknown")
        return true
    }

    /// The propagated routes of a connection's static routes (all of them, or one block) go with it.
    private mutating func removePropagatedRoutes(gateway: String? = nil, connection: String, cidr: String? = nil) {
        guard let owner = set.find("VpnConnections", connection)?.text("VpnGatewayId") ?? gateway else { return }
        let blocks = cidr.map { [$0] } ?? set.find("VpnConnections", connection)?.elements("Routes").compactMap {
            if case .object(let entry) = $0 { entry.text("DestinationCidrBlock") } else { nil }
        } ?? []
        set.rewrite("RouteTables") { table in
            table.filter("Routes") { route in
                guard case .object(let entry) = route, entry.text("Origin") == "EnableVgwRoutePropagation", entry.text("GatewayId") == owner else { return true }
                return !blocks.contains(entry.text("DestinationCidrBlock") ?? "")
            }
            return true
        }
    }

    /// The route table an `aws_vpn_gateway_route_propagation` names.
    private mutating func routeTableID(ofPropagation resource: TerraformResource) throws(SnapshotError) -> String {
        if let id = try resource.string("route_table_id") { return id }
        for table in try referencedResources("route_table_id", of: resource, types: ["aws_route_table", "aws_default_route_table"]) {
            return addresses.first { $0.value == table.address && set.find("RouteTables", $0.key) != nil }?.key ?? table.id
        }
        return try requiredReference("route_table_id", of: resource, types: ["aws_route_table"])
    }
}

/// A VPN connection whose tunnel status is unknown until apply.
public struct UnknownTunnels: Sendable, Hashable {
    /// Its Terraform address.
    public let label: String
    /// Its id (the address when unknown too).
    public let connection: String
}

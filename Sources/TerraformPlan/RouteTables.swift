import AWSSnapshot
import NetworkModel

/// `aws_route_table` (inline `route` blocks), `aws_default_route_table`, `aws_route`, `aws_route_table_association`,
/// `aws_main_route_table_association`: `describe-route-tables`.
extension Translation {
    /// Route target attributes (inline `route` blocks and `aws_route` alike) and the describe-route-tables field
    /// each becomes.
    static let routeTargets: [(attribute: String, field: String, types: [String])] = [
        ("gateway_id", "GatewayId", ["aws_internet_gateway", "aws_vpn_gateway", "aws_vpc_endpoint"]),
        ("egress_only_gateway_id", "EgressOnlyInternetGatewayId", ["aws_egress_only_internet_gateway"]),
        ("nat_gateway_id", "NatGatewayId", ["aws_nat_gateway"]),
        ("vpc_peering_connection_id", "VpcPeeringConnectionId", ["aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter"]),
        ("transit_gateway_id", "TransitGatewayId", ["aws_ec2_transit_gateway"]),
        ("network_interface_id", "NetworkInterfaceId", ["aws_network_interface"]),
        ("instance_id", "InstanceId", ["aws_instance"]),
        ("vpc_endpoint_id", "GatewayId", ["aws_vpc_endpoint"]),
        ("local_gateway_id", "LocalGatewayId", []), ("carrier_gateway_id", "CarrierGatewayId", []),
        ("core_network_arn", "CoreNetworkArn", []),
    ]

    mutating func addRouteTable(_ table: TerraformResource) throws(SnapshotError) {
        name(table)
        let isDefault = table.type == "aws_default_route_table"
        let id = isDefault ? try adoptedID("default_route_table_id", vpcAttribute: "main_route_table_id", of: table) : table.id
        addresses[id] = table.address
        var vpcID = try reference("vpc_id", of: table, types: ["aws_vpc", "aws_default_vpc"])
        var associations: [JSONValue] = []
        if let existing = set.find("RouteTables", id) {
            vpcID = vpcID ?? existing.text("VpcId")
            associations = existing.elements("Associations")
        }
        if isDefault, vpcID == nil, let vpc = try referencedResources("default_route_table_id", of: table, types: ["aws_vpc"]).first {
            vpcID = vpc.id
        }
        let vpc: String
        if let vpcID { vpc = vpcID } else { vpc = try requiredReference("vpc_id", of: table, types: ["aws_vpc"]) }
        if isDefault && associations.isEmpty {
            associations = [.obj([("Main", .bool(true)), ("RouteTableId", .s(id)), ("AssociationState", .obj([("State", .s("associated"))]))])]
        }
        set.remove("RouteTables", id)
        var routes: [JSONValue] = localRoutes(vpc)
        for (offset, route) in try table.list("route").enumerated() {
            if let entry = try routeEntry(route, of: table, origin: "CreateRoute", position: offset) { routes.append(entry) }
        }
        for gateway in try references("propagating_vgws", of: table, types: ["aws_vpn_gateway"]) {
            _ = gateway  // propagation is read from the gateway's routes when a VPN connection exists; noted only
        }
        set.add("RouteTables", JSONObject([("RouteTableId", .s(id)), ("VpcId", .s(vpc)), ("Routes", .array(routes)),
                                           ("Associations", .array(associations)), ("Tags", try tags(table))]))
    }

    /// The local route of each CIDR block of the VPC.
    func localRoutes(_ vpcID: String) -> [JSONValue] {
        cidrBlocks(ofVPC: vpcID).map { block, family in
            .obj([(family == .ipv4 ? "DestinationCidrBlock" : "DestinationIpv6CidrBlock", .s(block)), ("GatewayId", .s("local")),
                  ("Origin", .s("CreateRouteTable")), ("State", .s("active"))])
        }
    }

    /// A route as describe-route-tables prints it, from an inline `route` block or an `aws_route`'s values.
    private mutating func routeEntry(_ node: JSONNode, of resource: TerraformResource, origin: String, position: Int?) throws(SnapshotError) -> JSONValue? {
        let block = position.map { (name: "route", index: $0) }
        let inline = position != nil
        let owner = TerraformResource(address: resource.address, moduleAddress: resource.moduleAddress, type: resource.type,
                                      name: resource.name, indexText: resource.indexText, values: node, unknown: inline ? nil : resource.unknown,
                                      actions: resource.actions, configuration: inline ? nil : resource.configuration)
        var members: [(String, JSONValue)] = []
        if let block = try cidr(inline ? "cidr_block" : "destination_cidr_block", of: owner, .ipv4) {
            members.append(("DestinationCidrBlock", .s(block)))
        } else if let block = try cidr(inline ? "ipv6_cidr_block" : "destination_ipv6_cidr_block", of: owner, .ipv6) {
            members.append(("DestinationIpv6CidrBlock", .s(block)))
        } else if let list = try owner.string("destination_prefix_list_id") {
            members.append(("DestinationPrefixListId", .s(list)))
        } else {
            warn("route destination \(resource.address)", "\(resource.address): a route whose destination is unknown until apply; it is not modelled")
            return nil
        }
        var target: (String, String)?
        for candidate in Self.routeTargets {
            if let id = try owner.string(candidate.attribute) {
                target = (candidate.field, id)
                break
            }
            if let id = try referencedResources(candidate.attribute, of: resource, types: candidate.types, inBlock: block).first?.id {
                target = (candidate.field, id)
                break
            }
        }
        guard let target else {
            warn("route target \(resource.address)", "\(resource.address): a route whose target is unknown until apply and named by no resource of this file; it is not modelled")
            return nil
        }
        members.append((target.0, .s(target.1)))
        members.append(("Origin", .s(origin)))
        members.append(("State", .s("active")))
        return .obj(members)
    }

    /// The route table an `aws_route` or association names.
    private mutating func routeTableID(of resource: TerraformResource) throws(SnapshotError) -> String {
        if let id = try resource.string("route_table_id") { return id }
        for table in try referencedResources("route_table_id", of: resource, types: ["aws_route_table", "aws_default_route_table"]) {
            if table.type == "aws_default_route_table" {
                return try adoptedID("default_route_table_id", vpcAttribute: "main_route_table_id", of: table)
            }
            return table.id
        }
        if let vpc = try referencedResources("route_table_id", of: resource, types: ["aws_vpc", "aws_default_vpc"]).first {
            return try defaultID("main_route_table_id", "default_route_table_id", of: vpc)
        }
        return try requiredReference("route_table_id", of: resource, types: ["aws_route_table"])
    }

    mutating func addRoute(_ route: TerraformResource) throws(SnapshotError) {
        let tableID = try routeTableID(of: route)
        guard var entry = try routeEntry(route.values, of: route, origin: "CreateRoute", position: nil) else { return }
        addresses[route.id] = route.address
        let destination = Self.destination(entry)
        let found = set.modify("RouteTables", tableID) { table in
            // A route the snapshot holds as a blackhole to the same target (its target deleted or detached, by this
            // plan or before it) stays one: keeping the route does not bring the target back.
            if case .object(var object) = entry,
               table.elements("Routes").contains(where: { Self.destination($0) == destination && Self.sameTarget($0, entry) && Self.isBlackhole($0) }) {
                object.set("State", .s("blackhole"))
                entry = .object(object)
            }
            table.filter("Routes") { Self.destination($0) != destination }
            table.append("Routes", entry)
        }
        if !found { warn("route table \(tableID)", "\(route.address): route table \(tableID) is described by no output; the route is not modelled") }
    }

    private static let targetFields = Set(routeTargets.map(\.field))

    static func sameTarget(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard case .object(let x) = a, case .object(let y) = b else { return false }
        return targetFields.contains { x.text($0) != nil && x.text($0) == y.text($0) }
    }

    static func isBlackhole(_ route: JSONValue) -> Bool {
        guard case .object(let object) = route else { return false }
        return object.text("State") == "blackhole"
    }

    static func destination(_ route: JSONValue) -> String? {
        guard case .object(let object) = route else { return nil }
        return object.text("DestinationCidrBlock") ?? object.text("DestinationIpv6CidrBlock") ?? object.text("DestinationPrefixListId")
    }

    /// Removes what an `aws_route` the plan deletes or changes contributed.
    mutating func removeRoute(_ route: TerraformResource) throws(SnapshotError) {
        guard let tableID = try route.string("route_table_id") else { return }
        var destination = try route.string("destination_cidr_block")
        if destination == nil { destination = try route.string("destination_ipv6_cidr_block") }
        if destination == nil { destination = try route.string("destination_prefix_list_id") }
        set.modify("RouteTables", tableID) { table in table.filter("Routes") { Self.destination($0) != destination } }
    }

    mutating func addRouteTableAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let tableID = try routeTableID(of: association)
        let subnet = try reference("subnet_id", of: association, types: ["aws_subnet", "aws_default_subnet"])
        let gateway = try reference("gateway_id", of: association, types: ["aws_internet_gateway", "aws_vpn_gateway"])
        guard subnet != nil || gateway != nil else {
            _ = try requiredReference("subnet_id", of: association, types: ["aws_subnet"])
            return
        }
        removeAssociations(subnet: subnet, gateway: gateway)
        var members: [(String, JSONValue)] = [("Main", .bool(false)), ("RouteTableId", .s(tableID)),
                                              ("RouteTableAssociationId", .s(association.id)),
                                              ("AssociationState", .obj([("State", .s("associated"))]))]
        if let subnet { members.append(("SubnetId", .s(subnet))) }
        if let gateway { members.append(("GatewayId", .s(gateway))) }
        let association = JSONValue.obj(members)
        set.modify("RouteTables", tableID) { $0.append("Associations", association) }
    }

    /// A subnet (or gateway) has one route table: associating it elsewhere ends the old association.
    private mutating func removeAssociations(subnet: String?, gateway: String?) {
        for table in set.all("RouteTables") {
            guard let id = table.text("RouteTableId") else { continue }
            set.modify("RouteTables", id) { table in
                table.filter("Associations") { entry in
                    guard case .object(let object) = entry else { return true }
                    if let subnet, object.text("SubnetId") == subnet { return false }
                    if let gateway, object.text("GatewayId") == gateway { return false }
                    return true
                }
            }
        }
    }

    mutating func removeRouteTableAssociation(_ association: TerraformResource) throws(SnapshotError) {
        removeAssociations(subnet: try association.string("subnet_id"), gateway: try association.string("gateway_id"))
    }

    /// `aws_main_route_table_association`: the VPC's main route table becomes this one.
    mutating func addMainRouteTableAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let tableID = try routeTableID(of: association)
        let vpcID = try requiredReference("vpc_id", of: association, types: ["aws_vpc", "aws_default_vpc"])
        for table in set.all("RouteTables") where table.text("VpcId") == vpcID {
            guard let id = table.text("RouteTableId") else { continue }
            set.modify("RouteTables", id) { table in
                table.filter("Associations") { entry in
                    guard case .object(let object) = entry, case .bool(true)? = object["Main"] else { return true }
                    return false
                }
            }
        }
        set.modify("RouteTables", tableID) { table in
            table.append("Associations", .obj([("Main", .bool(true)), ("RouteTableId", .s(tableID)),
                                               ("AssociationState", .obj([("State", .s("associated"))]))]))
        }
    }
}

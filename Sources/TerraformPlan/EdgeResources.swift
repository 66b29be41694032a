import AWSSnapshot
import NetworkModel

/// `aws_ec2_managed_prefix_list` (+ `aws_ec2_managed_prefix_list_entry`): `describe-managed-prefix-lists` and each
/// list's `get-managed-prefix-list-entries`; `aws_vpc_endpoint` (+ `aws_vpc_endpoint_route_table_association`):
/// `describe-vpc-endpoints`, and a gateway endpoint's route (its service's prefix list) in each of its route
/// tables; `aws_vpn_gateway` (+ `aws_vpn_gateway_attachment`): `describe-vpn-gateways`.
extension Translation {
    private func entriesPath(_ list: String) -> String { "\(set.terraformPath) \(list) entries.json" }

    mutating func addManagedPrefixList(_ list: TerraformResource) throws(SnapshotError) {
        name(list)
        set.remove("ManagedPrefixLists", list.id)
        var object = JSONObject([("PrefixListId", .s(list.id)), ("PrefixListName", .s(try list.string("name") ?? list.address)),
                                 ("State", .s("create-complete")), ("Tags", try tags(list))])
        if let family = try list.string("address_family") { object.set("AddressFamily", .s(family)) }
        set.add("ManagedPrefixLists", object)
        var entries: [JSONValue] = []
        for entry in try list.list("entry") {
            let values = TerraformResource(address: list.address, moduleAddress: list.moduleAddress, type: list.type, name: list.name,
                                           indexText: list.indexText, values: entry)
            guard let text = try values.string("cidr") else { continue }
            guard IPPrefix(text) != nil else { throw (try entry.member("cidr") ?? entry).error("\(JSONValue.quote(text)) is not a CIDR block") }
            entries.append(.obj([("Cidr", .s(text))]))
        }
        set.addOutput(path: entriesPath(list.id), value: .obj([("Entries", .array(entries))]))
    }

    mutating func addManagedPrefixListEntry(_ entry: TerraformResource) throws(SnapshotError) {
        let list = try requiredReference("prefix_list_id", of: entry, types: ["aws_ec2_managed_prefix_list"])
        guard let text = try entry.string("cidr") else {
            warn("entry \(entry.address)", "\(entry.address): the CIDR block is unknown until apply; the entry is not modelled")
            return
        }
        guard IPPrefix(text) != nil else { throw (try entry.values.member("cidr") ?? entry.values).error("\(JSONValue.quote(text)) is not a CIDR block") }
        let path = entriesPath(list)
        guard case .object(let object)? = set.output(path) else {
            warn("prefix list \(list)", "\(entry.address): prefix list \(list) is not managed in this file; its entries come from the snapshot")
            return
        }
        var updated = object
        updated.append("Entries", .obj([("Cidr", .s(text))]))
        set.addOutput(path: path, value: .object(updated))
    }

    mutating func addVPCEndpoint(_ endpoint: TerraformResource) throws(SnapshotError) {
        name(endpoint)
        let vpc = try requiredReference("vpc_id", of: endpoint, types: ["aws_vpc", "aws_default_vpc"])
        let type = try endpoint.string("vpc_endpoint_type") ?? "Gateway"
        let tables = try references("route_table_ids", of: endpoint, types: ["aws_route_table", "aws_default_route_table"])
        let subnets = try references("subnet_ids", of: endpoint, types: ["aws_subnet", "aws_default_subnet"])
        var interfaces: [JSONValue] = []
        for node in try endpoint.list("network_interface_ids") { interfaces.append(.s(try node.string())) }
        set.remove("VpcEndpoints", endpoint.id)
        set.add("VpcEndpoints", JSONObject([
            ("VpcEndpointId", .s(endpoint.id)), ("VpcId", .s(vpc)), ("ServiceName", .s(try endpoint.string("service_name") ?? endpoint.address)),
            ("VpcEndpointType", .s(type)), ("State", .s(try endpoint.string("state") ?? "available")),
            ("RouteTableIds", .array(tables.map { .s($0) })), ("SubnetIds", .array(subnets.map { .s($0) })),
            ("NetworkInterfaceIds", .array(interfaces)), ("Tags", try tags(endpoint)),
        ]))
        if type.lowercased() == "gateway" {
            for table in tables { addEndpointRoute(endpoint: endpoint.id, table: table, prefixList: try endpoint.string("prefix_list_id"), from: endpoint) }
        }
        if type.lowercased() == "interface", interfaces.isEmpty {
            warn("endpoint interfaces \(endpoint.address)", "\(endpoint.address): the interface endpoint's network interfaces are unknown until apply; it is not reachable in the model")
        }
    }

    /// The route a gateway endpoint adds to a route table: its service's prefix list to the endpoint.
    private mutating func addEndpointRoute(endpoint: String, table: String, prefixList: String?, from resource: TerraformResource) {
        guard let prefixList else {
            warn("endpoint prefix list \(resource.address)", "\(resource.address): the service's prefix list is unknown until apply; the endpoint's routes are not modelled")
            return
        }
        set.modify("RouteTables", table) { object in
            object.filter("Routes") { route in
                guard case .object(let entry) = route else { return true }
                return entry.text("DestinationPrefixListId") != prefixList
            }
            object.append("Routes", .obj([("DestinationPrefixListId", .s(prefixList)), ("GatewayId", .s(endpoint)),
                                          ("Origin", .s("CreateRoute")), ("State", .s("active"))]))
        }
    }

    mutating func addVPCEndpointRouteTableAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let endpoint = try requiredReference("vpc_endpoint_id", of: association, types: ["aws_vpc_endpoint"])
        let table = try requiredReference("route_table_id", of: association, types: ["aws_route_table", "aws_default_route_table"])
        set.modify("VpcEndpoints", endpoint) { $0.append("RouteTableIds", .s(table)) }
        let owner = resources.first { $0.type == "aws_vpc_endpoint" && $0.id == endpoint }
        let prefixList = try owner?.string("prefix_list_id")
        addEndpointRoute(endpoint: endpoint, table: table, prefixList: prefixList, from: association)
    }

    mutating func addVPNGateway(_ gateway: TerraformResource) throws(SnapshotError) {
        name(gateway)
        // A gateway the snapshot describes keeps its attachments (those of aws_vpn_gateway_attachment resources, and a
        // detached one AWS still lists); vpc_id attaches it.
        var attachments: [JSONValue] = set.find("VpnGateways", gateway.id)?.elements("VpcAttachments") ?? []
        if let vpc = try reference("vpc_id", of: gateway, types: ["aws_vpc", "aws_default_vpc"]) {
            attachments.removeAll { if case .object(let entry) = $0 { entry.text("VpcId") == vpc } else { false } }
            attachments.append(.obj([("VpcId", .s(vpc)), ("State", .s("attached"))]))
        }
        var object = JSONObject([("VpnGatewayId", .s(gateway.id)), ("State", .s("available")), ("Type", .s("ipsec.1")),
                                 ("VpcAttachments", .array(attachments)), ("Tags", try tags(gateway))])
        if let asn = try gateway.integer("amazon_side_asn", in: 1...4_294_967_294, what: "an ASN") { object.set("AmazonSideAsn", .integer(asn)) }
        set.remove("VpnGateways", gateway.id)
        set.add("VpnGateways", object)
    }

    mutating func addVPNGatewayAttachment(_ attachment: TerraformResource) throws(SnapshotError) {
        let gateway = try requiredReference("vpn_gateway_id", of: attachment, types: ["aws_vpn_gateway"])
        let vpc = try requiredReference("vpc_id", of: attachment, types: ["aws_vpc", "aws_default_vpc"])
        let found = set.modify("VpnGateways", gateway) { object in
            object.filter("VpcAttachments") { if case .object(let entry) = $0 { return entry.text("VpcId") != vpc } else { return true } }
            object.append("VpcAttachments", .obj([("VpcId", .s(vpc)), ("State", .s("attached"))]))
        }
        if !found { warn("vpn gateway \(gateway)", "\(attachment.address): virtual private gateway \(gateway) is described by no output") }
    }
}

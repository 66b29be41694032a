import AWSSnapshot
import NetworkModel

/// What a resource the plan deletes (or replaces) contributed to a captured snapshot, removed from its `describe-*`
/// outputs before the plan's resources are laid over them: each type the reader translates, as AWS leaves the
/// network after the delete (routes to a deleted NAT gateway, peering connection or gateway stay, as `blackhole`;
/// a gateway endpoint's routes and a load balancer's nodes go with it; an attachment's propagated routes go with
/// the propagation). A delete that cannot be reflected (a value it needs is missing) is a warning, and what it
/// deletes is removed wherever its id appears, so that answers depending on it are unknown rather than taken from
/// the snapshot.
extension Translation {
    /// Removes a deleted (`deleted`) or replaced resource of the types `remove` does not handle itself. Returns
    /// whether the type is one this function knows.
    mutating func removeFromSnapshot(_ resource: TerraformResource, deleted: Bool) throws(SnapshotError) -> Bool {
        let id = resource.id
        switch resource.type {
        // Parts: the old version goes on replace as on delete (the new one is added afterwards).
        case "aws_ec2_transit_gateway_route":
            guard let table = try resource.string("transit_gateway_route_table_id"),
                  let destination = try resource.string("destination_cidr_block") else { return unreflected(resource) }
            let matches: (inout JSONObject) -> Bool = { route in
                !(route.text("DestinationCidrBlock") == destination && route.text("Type") != "propagated")
            }
            var found = set.rewrite("Routes", path: { $0.contains(table) }, matches)
            found = set.rewrite("TransitGatewayStaticRoutes") { wrapper in
                guard wrapper.text("TransitGatewayRouteTableId") == table else { return true }
                wrapper.filter("Routes") { if case .object(var route) = $0 { return matches(&route) } else { return true } }
                return true
            } || found
            if !found { noteNotInSnapshot(resource, "\(destination) in \(table)") }
        case "aws_ec2_transit_gateway_route_table_association":
            guard let table = try resource.string("transit_gateway_route_table_id"),
                  let attachment = try resource.string("transit_gateway_attachment_id") else { return unreflected(resource) }
            removeTransitGatewayAssociation(table: table, attachment: attachment)
        case "aws_ec2_transit_gateway_route_table_propagation":
            guard let table = try resource.string("transit_gateway_route_table_id"),
                  let attachment = try resource.string("transit_gateway_attachment_id") else { return unreflected(resource) }
            removeTransitGatewayPropagation(table: table, attachment: attachment)
        case "aws_ec2_transit_gateway_vpc_attachment":
            set.remove("TransitGatewayVpcAttachments", id)
            set.rewrite("TransitGatewayAttachments") { $0.text("TransitGatewayAttachmentId") != id }
            if deleted {
                // AWS ends its associations and propagations, and the routes through it go with them.
                removeTransitGatewayAssociation(table: nil, attachment: id)
                removeTransitGatewayPropagation(table: nil, attachment: id)
                removeTransitGatewayRoutes { Self.attachments(of: $0).contains(id) }
            }
        case "aws_ec2_transit_gateway_route_table":
            set.remove("TransitGatewayRouteTables", id)
            if deleted {
                set.removeOutputs { $0.contains(id) }
                for key in ["TransitGatewayStaticRoutes", "TransitGatewayPropagations"] {
                    set.rewrite(key) { $0.text("TransitGatewayRouteTableId") != id }
                }
                set.rewrite("TransitGatewayAttachments") { attachment in
                    if case .object(let association)? = attachment["Association"], association.text("TransitGatewayRouteTableId") == id {
                        attachment = Self.without("Association", attachment)
                    }
                    return true
                }
            }
        case "aws_ec2_transit_gateway":
            set.remove("TransitGateways", id)
            if deleted { set.rewrite("TransitGatewayRouteTables") { $0.text("TransitGatewayId") != id } }
        case "aws_lb", "aws_alb":
            set.rewrite("LoadBalancers") { $0.text("LoadBalancerArn") != id }
            set.rewrite("LoadBalancerAttributes") { $0.text("LoadBalancerArn") != id }
            if deleted {
                set.rewrite("Listeners") { $0.text("LoadBalancerArn") != id }
                set.rewrite("LoadBalancerListeners") { $0.text("LoadBalancerArn") != id }
                set.rewrite("TargetGroups") { group in
                    group.filter("LoadBalancerArns") { if case .string(let arn) = $0 { return arn != id } else { return true } }
                    return true
                }
                // Its nodes: the interfaces AWS described as `ELB <type>/<name>/<id>`.
                let path = id.range(of: ":loadbalancer/").map { String(id[$0.upperBound...]) } ?? id
                set.rewrite("NetworkInterfaces") { $0.text("Description") != "ELB \(path)" }
            }
        case "aws_lb_listener", "aws_alb_listener":
            let found = set.rewrite("Listeners") { $0.text("ListenerArn") != id }
            let wrapped = set.rewrite("LoadBalancerListeners") { entry in
                entry.filter("Listeners") { if case .object(let listener) = $0 { return listener.text("ListenerArn") != id } else { return true } }
                return true
            }
            if !found, !wrapped { noteNotInSnapshot(resource, id) }
        case "aws_lb_target_group", "aws_alb_target_group":
            set.rewrite("TargetGroups") { $0.text("TargetGroupArn") != id }
            set.rewrite("TargetGroupAttributes") { $0.text("TargetGroupArn") != id }
            if deleted {
                set.rewrite("LoadBalancerTargetHealth") { $0.text("TargetGroupArn") != id }
                set.removeOutputs { $0.contains(Self.targetGroupFileKey(id)) }
            }
        case "aws_lb_target_group_attachment", "aws_alb_target_group_attachment":
            guard let group = try resource.string("target_group_arn"), let target = try resource.string("target_id") else { return unreflected(resource) }
            let port = try resource.integer("port", in: 1...65535, what: "a port (1-65535)")
            let keep: (JSONValue) -> Bool = { description in
                guard case .object(let object) = description, case .object(let described)? = object["Target"] else { return true }
                guard described.text("Id") == target else { return true }
                if let port, case .number(let literal)? = described["Port"], Int(literal) != port { return true }
                return false
            }
            set.rewrite("LoadBalancerTargetHealth") { entry in
                if entry.text("TargetGroupArn") == group { entry.filter("TargetHealthDescriptions", keep) }
                return true
            }
            // A `describe-target-health` output of its own names the group in its file name.
            set.rewriteArray("TargetHealthDescriptions", path: { $0.contains(Self.targetGroupFileKey(group)) }, keep)
        case "aws_vpc_endpoint":
            set.remove("VpcEndpoints", id)
            if deleted {
                removeRoutes { $0.text("GatewayId") == id }
                let interfaces = try resource.list("network_interface_ids").compactMap { node -> String? in
                    if case .string(let text) = node.value { return text } else { return nil }
                }
                for interface in interfaces { set.remove("NetworkInterfaces", interface) }
            }
        case "aws_vpc_endpoint_route_table_association":
            guard let endpoint = try resource.string("vpc_endpoint_id"), let table = try resource.string("route_table_id") else { return unreflected(resource) }
            set.modify("VpcEndpoints", endpoint) { $0.filter("RouteTableIds") { if case .string(let text) = $0 { return text != table } else { return true } } }
            set.modify("RouteTables", table) { object in
                object.filter("Routes") { if case .object(let route) = $0 { return route.text("GatewayId") != endpoint } else { return true } }
            }
        case "aws_nat_gateway":
            set.remove("NatGateways", id)
            if deleted {
                blackholeRoutes(field: "NatGatewayId", id)
                set.rewrite("NetworkInterfaces") { interface in
                    !(interface.text("InterfaceType") == "nat_gateway" && (interface.text("Description") ?? "").contains(id))
                }
            }
        case "aws_vpc_peering_connection":
            set.remove("VpcPeeringConnections", id)
            if deleted { blackholeRoutes(field: "VpcPeeringConnectionId", id) }
        case "aws_internet_gateway":
            set.remove("InternetGateways", id)
            if deleted { blackholeRoutes(field: "GatewayId", id) }
        case "aws_egress_only_internet_gateway":
            set.remove("EgressOnlyInternetGateways", id)
            if deleted { blackholeRoutes(field: "EgressOnlyInternetGatewayId", id) }
        case "aws_vpn_gateway":
            set.remove("VpnGateways", id)
            if deleted { blackholeRoutes(field: "GatewayId", id) }
        case "aws_internet_gateway_attachment", "aws_vpn_gateway_attachment":
            let key = resource.type == "aws_vpn_gateway_attachment" ? "VpnGateways" : "InternetGateways"
            let attribute = resource.type == "aws_vpn_gateway_attachment" ? "vpn_gateway_id" : "internet_gateway_id"
            guard let gateway = try resource.string(attribute), let vpc = try resource.string("vpc_id") else { return unreflected(resource) }
            let list = key == "VpnGateways" ? "VpcAttachments" : "Attachments"
            set.modify(key, gateway) { $0.filter(list) { if case .object(let object) = $0 { return object.text("VpcId") != vpc } else { return true } } }
            if deleted, key == "VpnGateways" {
                // AWS lists a detached virtual private gateway's attachment as `detached`, and the VPC's routes to it
                // become blackholes.
                set.modify(key, gateway) { $0.append(list, .obj([("VpcId", .s(vpc)), ("State", .s("detached"))])) }
                let tables = Set(set.all("RouteTables").filter { $0.text("VpcId") == vpc }.compactMap { $0.text("RouteTableId") })
                set.rewrite("RouteTables") { table in
                    guard tables.contains(table.text("RouteTableId") ?? "") else { return true }
                    let routes: [JSONValue] = table.elements("Routes").map { value in
                        guard case .object(var route) = value, route.text("GatewayId") == gateway else { return value }
                        route.set("State", .s("blackhole"))
                        return .object(route)
                    }
                    table.set("Routes", .array(routes))
                    return true
                }
            }
        case "aws_eip":
            set.remove("Addresses", id)
            if deleted, let publicIP = try resource.string("public_ip") { removeAssociations(publicIP: publicIP) }
        case "aws_eip_association":
            guard let allocation = try resource.string("allocation_id") else { return unreflected(resource) }
            var publicIP = try resource.string("public_ip")
            set.modify("Addresses", allocation) { address in
                if publicIP == nil { publicIP = address.text("PublicIp") }
                address = JSONObject(address.orderedMembers.filter {
                    !["AssociationId", "InstanceId", "NetworkInterfaceId", "NetworkInterfaceOwnerId", "PrivateIpAddress"].contains($0.key)
                }.map { ($0.key, $0.value) })
            }
            if let publicIP { removeAssociations(publicIP: publicIP) } else { return unreflected(resource) }
        case "aws_ec2_managed_prefix_list":
            set.remove("ManagedPrefixLists", id)
            if deleted { set.removeOutputs { $0.contains(id) } }
        case "aws_ec2_managed_prefix_list_entry":
            guard let list = try resource.string("prefix_list_id"), let cidr = try resource.string("cidr") else { return unreflected(resource) }
            set.rewriteArray("Entries", path: { $0.contains(list) }) { entry in
                if case .object(let object) = entry { return object.text("Cidr") != cidr }
                return true
            }
        case "aws_vpc_ipv4_cidr_block_association":
            guard let vpc = try resource.string("vpc_id"), let cidr = try resource.string("cidr_block") else { return unreflected(resource) }
            set.modify("Vpcs", vpc) { object in
                object.filter("CidrBlockAssociationSet") { if case .object(let entry) = $0 { return entry.text("CidrBlock") != cidr } else { return true } }
            }
        case "aws_network_acl_association":
            // The subnet goes back to its VPC's default network ACL (added for subnets no ACL names).
            guard let subnet = try resource.string("subnet_id") else { return unreflected(resource) }
            set.rewrite("NetworkAcls") { acl in
                acl.filter("Associations") { if case .object(let entry) = $0 { return entry.text("SubnetId") != subnet } else { return true } }
                return true
            }
        case "aws_main_route_table_association":
            // Terraform gives the main role back to the table that had it first.
            guard let vpc = try resource.string("vpc_id"), let original = try resource.string("original_route_table_id") else { return unreflected(resource) }
            guard deleted else { return true }
            set.rewrite("RouteTables") { table in
                guard table.text("VpcId") == vpc else { return true }
                table.filter("Associations") { if case .object(let entry) = $0, case .bool(true)? = entry["Main"] { return false } else { return true } }
                if table.text("RouteTableId") == original {
                    table.append("Associations", .obj([("Main", .bool(true)), ("RouteTableId", .s(original)),
                                                       ("AssociationState", .obj([("State", .s("associated"))]))]))
                }
                return true
            }
        case "aws_network_interface_attachment":
            guard let eni = try resource.string("network_interface_id"), let instance = try resource.string("instance_id") else { return unreflected(resource) }
            set.modify("NetworkInterfaces", eni) { object in
                object = Self.without("Attachment", object)
                object.set("Status", .s("available"))
            }
            set.modifyInstance(instance) { object in
                object.filter("NetworkInterfaces") { if case .object(let entry) = $0 { return entry.text("NetworkInterfaceId") != eni } else { return true } }
            }
        case "aws_network_interface_sg_attachment":
            guard let eni = try resource.string("network_interface_id"), let group = try resource.string("security_group_id") else { return unreflected(resource) }
            let keep: (JSONValue) -> Bool = { if case .object(let entry) = $0 { return entry.text("GroupId") != group } else { return true } }
            set.modify("NetworkInterfaces", eni) { $0.filter("Groups", keep) }
            if let instance = set.find("NetworkInterfaces", eni).flatMap({ Self.instance(of: $0) }) ?? instanceHolding(eni) {
                set.modifyInstance(instance) { object in
                    var interfaces = object.elements("NetworkInterfaces")
                    for index in interfaces.indices {
                        guard case .object(var entry) = interfaces[index], entry.text("NetworkInterfaceId") == eni else { continue }
                        entry.filter("Groups", keep)
                        interfaces[index] = .object(entry)
                        if case .number(let literal)? = (entry["Attachment"].flatMap { if case .object(let a) = $0 { a["DeviceIndex"] } else { nil } }), literal == "0" {
                            object.filter("SecurityGroups", keep)
                        }
                    }
                    object.set("NetworkInterfaces", .array(interfaces))
                }
            }
        // Removing one of these from state leaves AWS as it is (the provider's documented destroy).
        case "aws_default_vpc", "aws_default_subnet", "aws_default_route_table", "aws_default_security_group", "aws_default_network_acl",
             "aws_vpc_peering_connection_accepter", "aws_vpc_peering_connection_options":
            break
        default:
            return false
        }
        return true
    }

    /// A delete whose effect cannot be laid over the snapshot: a warning, and the resource is removed wherever its
    /// id appears, so that what depends on it is unresolved (unknown) rather than as the snapshot has it.
    private mutating func unreflected(_ resource: TerraformResource) -> Bool {
        warn("delete \(resource.address)",
             "\(resource.address): the plan deletes or replaces it, but its state lacks what is needed to remove it from the snapshot; "
                + "answers that depend on it are unknown")
        if resource.hasKnownID { removeEverywhere(resource.id) }
        return true
    }

    private mutating func noteNotInSnapshot(_ resource: TerraformResource, _ what: String) {
        warn("delete \(resource.address)", "\(resource.address): the plan deletes \(what), which the snapshot does not describe")
    }

    /// Removes every element of every output, at any depth, that has `id` as a value of one of its members.
    mutating func removeEverywhere(_ id: String) {
        set.replaceAll { Self.pruned($0, id) }
    }

    private static func pruned(_ value: JSONValue, _ id: String) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.filter { element in
                guard case .object(let object) = element else { if case .string(id) = element { return false } else { return true } }
                return !object.orderedMembers.contains { if case .string(id) = $0.value { return true } else { return false } }
            }.map { pruned($0, id) })
        case .object(let object):
            return .object(JSONObject(object.orderedMembers.map { ($0.key, pruned($0.value, id)) }))
        default:
            return value
        }
    }

    static func without(_ member: String, _ object: JSONObject) -> JSONObject {
        JSONObject(object.orderedMembers.filter { $0.key != member }.map { ($0.key, $0.value) })
    }

    /// The part of a target group's ARN a file named after it holds (`targetgroup/web/0123…`).
    static func targetGroupFileKey(_ arn: String) -> String {
        guard let range = arn.range(of: ":targetgroup/") else { return arn }
        return String(arn[range.upperBound...]).split(separator: "/").last.map(String.init) ?? arn
    }

    private static func attachments(of route: JSONObject) -> [String] {
        route.elements("TransitGatewayAttachments").compactMap { if case .object(let object) = $0 { object.text("TransitGatewayAttachmentId") } else { nil } }
    }

    private static func instance(of interface: JSONObject) -> String? {
        if case .object(let attachment)? = interface["Attachment"] { return attachment.text("InstanceId") }
        return nil
    }

    private func instanceHolding(_ eni: String) -> String? {
        for reservation in set.all("Reservations") {
            for case .object(let instance) in reservation.elements("Instances") {
                if instance.elements("NetworkInterfaces").contains(where: { if case .object(let entry) = $0 { entry.text("NetworkInterfaceId") == eni } else { false } }) {
                    return instance.text("InstanceId")
                }
            }
        }
        return nil
    }

    /// Ends a transit gateway attachment's association (with `table`, or any).
    private mutating func removeTransitGatewayAssociation(table: String?, attachment: String) {
        set.rewrite("TransitGatewayAttachments") { object in
            guard object.text("TransitGatewayAttachmentId") == attachment, case .object(let association)? = object["Association"] else { return true }
            if table == nil || association.text("TransitGatewayRouteTableId") == table { object = Self.without("Association", object) }
            return true
        }
        set.rewrite("Associations", path: { table == nil || $0.contains(table!) }) { $0.text("TransitGatewayAttachmentId") != attachment }
    }

    /// Ends a transit gateway attachment's propagation (to `table`, or any), and the routes it propagated there.
    private mutating func removeTransitGatewayPropagation(table: String?, attachment: String) {
        let inTable: (String) -> Bool = { table == nil || $0.contains(table!) }
        set.rewrite("TransitGatewayRouteTablePropagations", path: inTable) { $0.text("TransitGatewayAttachmentId") != attachment }
        set.rewrite("TransitGatewayPropagations") { wrapper in
            guard table == nil || wrapper.text("TransitGatewayRouteTableId") == table else { return true }
            wrapper.filter("TransitGatewayRouteTablePropagations") {
                if case .object(let entry) = $0 { return entry.text("TransitGatewayAttachmentId") != attachment } else { return true }
            }
            return true
        }
        removeTransitGatewayRoutes(table: table) { route in
            route.text("Type") == "propagated" && Self.attachments(of: route).contains(attachment)
        }
    }

    /// Removes the transit gateway routes (of `table`, or any) that `matches`.
    private mutating func removeTransitGatewayRoutes(table: String? = nil, _ matches: @escaping (JSONObject) -> Bool) {
        set.rewrite("Routes", path: { $0.contains("tgw-rtb") && (table == nil || $0.contains(table!)) }) { !matches($0) }
        set.rewrite("TransitGatewayStaticRoutes") { wrapper in
            guard table == nil || wrapper.text("TransitGatewayRouteTableId") == table else { return true }
            wrapper.filter("Routes") { if case .object(let route) = $0 { return !matches(route) } else { return true } }
            return true
        }
    }

    /// Removes the VPC routes that `matches`, in every route table.
    private mutating func removeRoutes(_ matches: @escaping (JSONObject) -> Bool) {
        set.rewrite("RouteTables") { table in
            table.filter("Routes") { if case .object(let route) = $0 { return !matches(route) } else { return true } }
            return true
        }
    }

    /// Routes whose target AWS deletes stay, as `blackhole` (what describe-route-tables prints after the delete).
    private mutating func blackholeRoutes(field: String, _ id: String) {
        set.rewrite("RouteTables") { table in
            let routes: [JSONValue] = table.elements("Routes").map { value in
                guard case .object(var route) = value, route.text(field) == id else { return value }
                route.set("State", .s("blackhole"))
                return .object(route)
            }
            table.set("Routes", .array(routes))
            return true
        }
    }

    /// Removes the association of a public address from interfaces and instances.
    private mutating func removeAssociations(publicIP: String) {
        set.replaceAll { Self.dissociated($0, publicIP) }
    }

    private static func dissociated(_ value: JSONValue, _ publicIP: String) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map { dissociated($0, publicIP) })
        case .object(let object):
            var members: [(String, JSONValue)] = []
            for (key, member) in object.orderedMembers {
                if key == "Association", case .object(let association) = member, association.text("PublicIp") == publicIP { continue }
                if key == "PublicIpAddress", case .string(publicIP) = member { continue }
                // The Elastic IP's own description (`describe-addresses`) is removed by its allocation id.
                members.append((key, dissociated(member, publicIP)))
            }
            return .object(JSONObject(members))
        default:
            return value
        }
    }
}

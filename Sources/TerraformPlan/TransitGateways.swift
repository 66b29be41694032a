import AWSSnapshot
import NetworkModel

/// `aws_ec2_transit_gateway`, `aws_ec2_transit_gateway_vpc_attachment`, `aws_ec2_transit_gateway_route_table`,
/// `aws_ec2_transit_gateway_route`, `aws_ec2_transit_gateway_route_table_association` / `_propagation`: the
/// `describe-transit-gateway*` outputs. A gateway with default route table association or propagation enabled (the
/// provider's default) has its default route table, and attachments that keep
/// `transit_gateway_default_route_table_association` / `_propagation` (default true) are associated with it and
/// propagate to it, as AWS does.
extension Translation {
    /// The default route table of a gateway of this file (its id, or a stand-in), when association or propagation
    /// by default is enabled.
    func defaultTransitGatewayRouteTable(_ gateway: TerraformResource) throws(SnapshotError) -> (association: String?, propagation: String?) {
        let associate = try gateway.string("default_route_table_association") ?? "enable"
        let propagate = try gateway.string("default_route_table_propagation") ?? "enable"
        let association = try gateway.string("association_default_route_table_id") ?? "\(gateway.address).association_default_route_table_id"
        let propagation = try gateway.string("propagation_default_route_table_id") ?? association
        return (associate == "enable" ? association : nil, propagate == "enable" ? propagation : nil)
    }

    mutating func addTransitGateway(_ gateway: TerraformResource) throws(SnapshotError) {
        name(gateway)
        let defaults = try defaultTransitGatewayRouteTable(gateway)
        var options: [(String, JSONValue)] = []
        if let table = defaults.association { options.append(("AssociationDefaultRouteTableId", .s(table))) }
        if let table = defaults.propagation { options.append(("PropagationDefaultRouteTableId", .s(table))) }
        var object = JSONObject([("TransitGatewayId", .s(gateway.id)), ("State", .s("available")), ("Options", .obj(options)),
                                 ("Tags", try tags(gateway))])
        if let arn = try gateway.string("arn") { object.set("TransitGatewayArn", .s(arn)) }
        if let owner = try gateway.string("owner_id") { object.set("OwnerId", .s(owner)) }
        set.add("TransitGateways", object)
        for table in Set([defaults.association, defaults.propagation].compactMap { $0 }) {
            addresses[table] = addresses[table] ?? "\(gateway.address) (default route table)"
            set.add("TransitGatewayRouteTables", JSONObject([
                ("TransitGatewayRouteTableId", .s(table)), ("TransitGatewayId", .s(gateway.id)), ("State", .s("available")),
                ("DefaultAssociationRouteTable", .bool(table == defaults.association)),
                ("DefaultPropagationRouteTable", .bool(table == defaults.propagation)), ("Tags", .array([])),
            ]))
        }
    }

    /// The gateway resource of this file an attachment or table names, if any.
    private mutating func transitGateway(of resource: TerraformResource) throws(SnapshotError) -> (id: String, resource: TerraformResource?) {
        if let found = try referencedResources("transit_gateway_id", of: resource, types: ["aws_ec2_transit_gateway"]).first {
            return (found.id, found)
        }
        let id = try requiredReference("transit_gateway_id", of: resource, types: ["aws_ec2_transit_gateway"])
        return (id, resources.first { $0.type == "aws_ec2_transit_gateway" && $0.id == id })
    }

    mutating func addTransitGatewayVPCAttachment(_ attachment: TerraformResource) throws(SnapshotError) {
        name(attachment)
        let (gatewayID, gateway) = try transitGateway(of: attachment)
        let vpc = try requiredReference("vpc_id", of: attachment, types: ["aws_vpc", "aws_default_vpc"])
        let subnets = try references("subnet_ids", of: attachment, types: ["aws_subnet", "aws_default_subnet"])
        let ipv6 = try attachment.string("ipv6_support") ?? "disable"
        set.add("TransitGatewayVpcAttachments", JSONObject([
            ("TransitGatewayAttachmentId", .s(attachment.id)), ("TransitGatewayId", .s(gatewayID)), ("VpcId", .s(vpc)),
            ("State", .s("available")), ("SubnetIds", .array(subnets.map { .s($0) })), ("Options", .obj([("Ipv6Support", .s(ipv6))])),
            ("Tags", try tags(attachment)),
        ]))
        var summary = JSONObject([("TransitGatewayAttachmentId", .s(attachment.id)), ("TransitGatewayId", .s(gatewayID)),
                                  ("ResourceType", .s("vpc")), ("ResourceId", .s(vpc)), ("State", .s("available"))])
        if let gateway {
            let defaults = try defaultTransitGatewayRouteTable(gateway)
            if try attachment.bool("transit_gateway_default_route_table_association") ?? true, let table = defaults.association {
                summary.set("Association", .obj([("TransitGatewayRouteTableId", .s(table)), ("State", .s("associated"))]))
            }
            if try attachment.bool("transit_gateway_default_route_table_propagation") ?? true, let table = defaults.propagation {
                addPropagation(table: table, attachment: attachment.id, resource: ("vpc", vpc))
            }
        }
        set.add("TransitGatewayAttachments", summary)
    }

    mutating func addPropagation(table: String, attachment: String, resource: (type: String, id: String)?) {
        var entry: [(String, JSONValue)] = [("TransitGatewayAttachmentId", .s(attachment)), ("State", .s("enabled"))]
        if let resource { entry += [("ResourceType", .s(resource.type)), ("ResourceId", .s(resource.id))] }
        set.add("TransitGatewayPropagations", JSONObject([("TransitGatewayRouteTableId", .s(table)),
                                                         ("TransitGatewayRouteTablePropagations", .array([.obj(entry)]))]))
    }

    mutating func addTransitGatewayRouteTable(_ table: TerraformResource) throws(SnapshotError) {
        name(table)
        let (gatewayID, _) = try transitGateway(of: table)
        set.add("TransitGatewayRouteTables", JSONObject([
            ("TransitGatewayRouteTableId", .s(table.id)), ("TransitGatewayId", .s(gatewayID)), ("State", .s("available")),
            ("DefaultAssociationRouteTable", .bool(try table.bool("default_association_route_table") ?? false)),
            ("DefaultPropagationRouteTable", .bool(try table.bool("default_propagation_route_table") ?? false)), ("Tags", try tags(table)),
        ]))
    }

    /// The route table a route, association or propagation names (a table of this file, or a gateway's default).
    private mutating func transitGatewayRouteTableID(of resource: TerraformResource) throws(SnapshotError) -> String {
        if let id = try resource.string("transit_gateway_route_table_id") { return id }
        if let table = try referencedResources("transit_gateway_route_table_id", of: resource, types: ["aws_ec2_transit_gateway_route_table"]).first {
            return table.id
        }
        if let gateway = try referencedResources("transit_gateway_route_table_id", of: resource, types: ["aws_ec2_transit_gateway"]).first {
            let defaults = try defaultTransitGatewayRouteTable(gateway)
            if let table = defaults.association ?? defaults.propagation { return table }
        }
        return try requiredReference("transit_gateway_route_table_id", of: resource, types: ["aws_ec2_transit_gateway_route_table"])
    }

    private mutating func attachmentID(of resource: TerraformResource) throws(SnapshotError) -> String {
        try requiredReference("transit_gateway_attachment_id", of: resource,
                              types: ["aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_peering_attachment",
                                      "aws_ec2_transit_gateway_vpc_attachment_accepter", "aws_ec2_transit_gateway_peering_attachment_accepter"])
    }

    mutating func addTransitGatewayRoute(_ route: TerraformResource) throws(SnapshotError) {
        addresses[route.id] = route.address
        let table = try transitGatewayRouteTableID(of: route)
        let blackhole = try route.bool("blackhole") ?? false
        var entry: [(String, JSONValue)] = [("Type", .s("static")), ("State", .s(blackhole ? "blackhole" : "active"))]
        let text = try route.string("destination_cidr_block")
        if let text, IPPrefix(text) == nil {
            throw (try route.values.member("destination_cidr_block") ?? route.values).error("\(JSONValue.quote(text)) is not a CIDR block")
        }
        if let block = text {
            entry.append(("DestinationCidrBlock", .s(block)))
        } else {
            warn("tgw route \(route.address)", "\(route.address): the destination is unknown until apply; the route is not modelled")
            return
        }
        if !blackhole { entry.append(("TransitGatewayAttachments", .array([.obj([("TransitGatewayAttachmentId", .s(try attachmentID(of: route)))])]))) }
        set.add("TransitGatewayStaticRoutes", JSONObject([("TransitGatewayRouteTableId", .s(table)), ("Routes", .array([.obj(entry)]))]))
    }

    mutating func addTransitGatewayRouteTableAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let table = try transitGatewayRouteTableID(of: association)
        let attachment = try attachmentID(of: association)
        let associated = JSONValue.obj([("TransitGatewayRouteTableId", .s(table)), ("State", .s("associated"))])
        let found = set.modifyWhere("TransitGatewayAttachments", field: "TransitGatewayAttachmentId", equals: attachment) { $0.set("Association", associated) }
        if !found { warn("tgw attachment \(attachment)", "\(association.address): transit gateway attachment \(attachment) is described by no output") }
    }

    mutating func addTransitGatewayRouteTablePropagation(_ propagation: TerraformResource) throws(SnapshotError) {
        let table = try transitGatewayRouteTableID(of: propagation)
        let attachment = try attachmentID(of: propagation)
        let summary = set.all("TransitGatewayAttachments").first { $0.text("TransitGatewayAttachmentId") == attachment }
        let resource = summary.flatMap { summary in summary.text("ResourceId").map { (summary.text("ResourceType") ?? "vpc", $0) } }
        addPropagation(table: table, attachment: attachment, resource: resource)
    }
}

import AWSSnapshot
import NetworkModel

/// `aws_vpc`, `aws_default_vpc`, `aws_vpc_ipv4_cidr_block_association` / `_ipv6_`: `describe-vpcs`. A VPC Terraform
/// creates comes with what AWS creates with it (its main route table with the local route, its default network
/// ACL allowing everything, its default security group); `aws_default_route_table`, `aws_default_network_acl` and
/// `aws_default_security_group` adopt them and replace their contents.
extension Translation {
    mutating func addVPC(_ vpc: TerraformResource) throws(SnapshotError) {
        name(vpc)
        var cidrs: [JSONValue] = []
        let primary = try cidr("cidr_block", of: vpc, .ipv4)
        if let primary { cidrs.append(.obj([("CidrBlock", .s(primary)), ("CidrBlockState", .obj([("State", .s("associated"))]))])) }
        var object = JSONObject([("VpcId", .s(vpc.id)), ("State", .s("available")),
                                 ("IsDefault", .bool(vpc.type == "aws_default_vpc")), ("Tags", try tags(vpc)),
                                 ("CidrBlockAssociationSet", .array(cidrs))])
        if let primary { object.set("CidrBlock", .s(primary)) }
        if let owner = try vpc.string("owner_id") { object.set("OwnerId", .s(owner)) }
        if let ipv6 = try cidr("ipv6_cidr_block", of: vpc, .ipv6) {
            object.set("Ipv6CidrBlockAssociationSet", .array([.obj([("Ipv6CidrBlock", .s(ipv6)),
                                                                    ("Ipv6CidrBlockState", .obj([("State", .s("associated"))]))])]))
        }
        set.remove("Vpcs", vpc.id)
        set.add("Vpcs", object)
        try addDefaultsOfVPC(vpc)
    }

    /// The main route table, default network ACL and default security group AWS creates with a VPC, unless an
    /// output already describes them.
    private mutating func addDefaultsOfVPC(_ vpc: TerraformResource) throws(SnapshotError) {
        let tableID = try defaultID("main_route_table_id", "default_route_table_id", of: vpc)
        if set.find("RouteTables", tableID) == nil {
            set.add("RouteTables", JSONObject([
                ("RouteTableId", .s(tableID)), ("VpcId", .s(vpc.id)), ("Routes", .array(localRoutes(vpc.id))), ("Tags", .array([])),
                ("Associations", .array([.obj([("Main", .bool(true)), ("RouteTableId", .s(tableID)),
                                               ("AssociationState", .obj([("State", .s("associated"))]))])])),
            ]))
        }
        let aclID = try defaultID("default_network_acl_id", nil, of: vpc)
        if set.find("NetworkAcls", aclID) == nil {
            set.add("NetworkAcls", JSONObject([
                ("NetworkAclId", .s(aclID)), ("VpcId", .s(vpc.id)), ("IsDefault", .bool(true)), ("Associations", .array([])),
                ("Tags", .array([])), ("Entries", .array(NetworkACLs.allowAllEntries)),
            ]))
        }
        let groupID = try defaultID("default_security_group_id", nil, of: vpc)
        if set.find("SecurityGroups", groupID) == nil {
            set.add("SecurityGroups", JSONObject([
                ("GroupId", .s(groupID)), ("GroupName", .s("default")), ("VpcId", .s(vpc.id)), ("Tags", .array([])),
                ("IpPermissions", .array([.obj([("IpProtocol", .s("-1")), ("UserIdGroupPairs", .array([.obj([("GroupId", .s(groupID))])]))])])),
                ("IpPermissionsEgress", .array([.obj([("IpProtocol", .s("-1")), ("IpRanges", .array([.obj([("CidrIp", .s("0.0.0.0/0"))])]))])])),
            ]))
        }
    }

    /// The id of a resource AWS creates with a VPC: the attribute when known, else `<vpc address>.<attribute>`.
    func defaultID(_ attribute: String, _ alternative: String?, of vpc: TerraformResource) throws(SnapshotError) -> String {
        if let id = try vpc.string(attribute) { return id }
        if let alternative, let id = try vpc.string(alternative) { return id }
        return "\(vpc.address).\(attribute)"
    }

    /// The id of the VPC default an `aws_default_*` resource adopts (`default_route_table_id`, …): known, or that of
    /// the VPC its configuration refers to.
    mutating func adoptedID(_ attribute: String, vpcAttribute: String, of resource: TerraformResource) throws(SnapshotError) -> String {
        if let id = try resource.string(attribute) { return id }
        if let vpc = try referencedResources(attribute, of: resource, types: ["aws_vpc", "aws_default_vpc"]).first {
            return try defaultID(vpcAttribute, vpcAttribute == "main_route_table_id" ? "default_route_table_id" : nil, of: vpc)
        }
        return try requiredReference(attribute, of: resource, types: ["aws_vpc"])
    }

    mutating func addCIDRAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let vpcID = try requiredReference("vpc_id", of: association, types: ["aws_vpc", "aws_default_vpc"])
        let ipv4 = try cidr("cidr_block", of: association, .ipv4)
        let ipv6 = try cidr("ipv6_cidr_block", of: association, .ipv6)
        if ipv4 == nil && ipv6 == nil {
            warn("unknown cidr \(association.address)", "\(association.address): the CIDR block is unknown until apply (from an IPAM pool); it is not modelled")
            return
        }
        set.modify("Vpcs", vpcID) { vpc in
            if let ipv4 { vpc.append("CidrBlockAssociationSet", .obj([("CidrBlock", .s(ipv4)), ("CidrBlockState", .obj([("State", .s("associated"))]))])) }
            if let ipv6 {
                vpc.append("Ipv6CidrBlockAssociationSet", .obj([("Ipv6CidrBlock", .s(ipv6)), ("Ipv6CidrBlockState", .obj([("State", .s("associated"))]))]))
            }
        }
    }

    /// The CIDR blocks of a VPC some output describes (both families).
    func cidrBlocks(ofVPC id: String) -> [(String, AddressFamily)] {
        guard let vpc = set.find("Vpcs", id) else { return [] }
        var blocks: [(String, AddressFamily)] = []
        for entry in vpc.elements("CidrBlockAssociationSet") {
            if case .object(let object) = entry, let block = object.text("CidrBlock") { blocks.append((block, .ipv4)) }
        }
        if blocks.isEmpty, let block = vpc.text("CidrBlock") { blocks.append((block, .ipv4)) }
        for entry in vpc.elements("Ipv6CidrBlockAssociationSet") {
            if case .object(let object) = entry, let block = object.text("Ipv6CidrBlock") { blocks.append((block, .ipv6)) }
        }
        return blocks
    }

    // MARK: Subnets

    /// `aws_subnet`, `aws_default_subnet`: `describe-subnets`.
    mutating func addSubnet(_ subnet: TerraformResource) throws(SnapshotError) {
        name(subnet)
        let vpcID = try requiredReference("vpc_id", of: subnet, types: ["aws_vpc", "aws_default_vpc"])
        var object = JSONObject([("SubnetId", .s(subnet.id)), ("VpcId", .s(vpcID)), ("State", .s("available")), ("Tags", try tags(subnet)),
                                 ("MapPublicIpOnLaunch", .bool(try subnet.bool("map_public_ip_on_launch") ?? (subnet.type == "aws_default_subnet")))])
        if let block = try cidr("cidr_block", of: subnet, .ipv4) { object.set("CidrBlock", .s(block)) }
        if let zone = try subnet.string("availability_zone") { object.set("AvailabilityZone", .s(zone)) }
        if let ipv6 = try cidr("ipv6_cidr_block", of: subnet, .ipv6) {
            object.set("Ipv6CidrBlockAssociationSet", .array([.obj([("Ipv6CidrBlock", .s(ipv6)),
                                                                    ("Ipv6CidrBlockState", .obj([("State", .s("associated"))]))])]))
        }
        set.remove("Subnets", subnet.id)
        set.add("Subnets", object)
    }
}

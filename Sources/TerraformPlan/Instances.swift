import AWSSnapshot
import NetworkModel

/// `aws_instance`, `aws_network_interface` (+ `_attachment`, `_sg_attachment`): `describe-instances`,
/// `describe-network-interfaces`. An instance with no security group named gets its VPC's default group, as AWS
/// does; its public IP is its `public_ip`, or (unknown until apply) one AWS assigns when
/// `associate_public_ip_address` or the subnet's `map_public_ip_on_launch` says so.
extension Translation {
    mutating func addInstance(_ instance: TerraformResource) throws(SnapshotError) {
        name(instance)
        let subnet = try requiredReference("subnet_id", of: instance, types: ["aws_subnet", "aws_default_subnet"])
        let vpc = vpcOfSubnet(subnet) ?? "\(instance.address).vpc_id"
        var groups = try references("vpc_security_group_ids", of: instance, types: ["aws_security_group", "aws_default_security_group"])
        if groups.isEmpty {
            for node in try instance.list("security_groups") {
                let name = try node.string()
                if let group = set.all("SecurityGroups").first(where: { $0.text("VpcId") == vpc && ($0.text("GroupName") == name || $0.text("GroupId") == name) }),
                   let id = group.text("GroupId") { groups.append(id) }
            }
        }
        if groups.isEmpty, let group = set.all("SecurityGroups").first(where: { $0.text("VpcId") == vpc && $0.text("GroupName") == "default" }),
           let id = group.text("GroupId") {
            groups.append(id)
        }
        let privateIP: String
        if let known = try instance.string("private_ip") {
            guard IPAddress(known)?.family == .ipv4 else {
                throw (try instance.values.member("private_ip") ?? instance.values).error("\(JSONValue.quote(known)) is not an IPv4 address")
            }
            privateIP = known
        } else {
            privateIP = standInAddress(for: "\(instance.address).private_ip", in: subnet)
        }
        var publicIP = try instance.string("public_ip")
        if publicIP == nil, instance.isUnknown("public_ip") {
            let associate = try instance.bool("associate_public_ip_address")
            let mapped: Bool
            if case .bool(true)? = set.find("Subnets", subnet)?["MapPublicIpOnLaunch"] { mapped = true } else { mapped = false }
            if associate == true || (associate == nil && mapped) {
                publicIP = standInPublicAddress(for: "\(instance.address).public_ip")
            }
        }
        let state = try instance.string("instance_state") ?? "running"
        let interfaceID = try instance.string("primary_network_interface_id") ?? "\(instance.address).primary_network_interface_id"
        addresses[interfaceID] = "\(instance.address) (primary network interface)"
        set.remove("NetworkInterfaces", interfaceID)
        set.removeInstance(instance.id)
        let groupValues = JSONValue.array(groups.map { .obj([("GroupId", .s($0))]) })
        var primaryAddress: [(String, JSONValue)] = [("Primary", .bool(true)), ("PrivateIpAddress", .s(privateIP))]
        if let publicIP { primaryAddress.append(("Association", .obj([("PublicIp", .s(publicIP))]))) }
        var addressList: [JSONValue] = [.obj(primaryAddress)]
        for secondary in try instance.list("secondary_private_ips") {
            addressList.append(.obj([("Primary", .bool(false)), ("PrivateIpAddress", .s(try secondary.string()))]))
        }
        let sourceDestCheck = try instance.bool("source_dest_check") ?? true
        var interface: [(String, JSONValue)] = [
            ("NetworkInterfaceId", .s(interfaceID)), ("SubnetId", .s(subnet)), ("VpcId", .s(vpc)), ("Groups", groupValues),
            ("PrivateIpAddress", .s(privateIP)), ("PrivateIpAddresses", .array(addressList)), ("SourceDestCheck", .bool(sourceDestCheck)),
            ("Status", .s("in-use")), ("InterfaceType", .s("interface")),
            ("Attachment", .obj([("DeviceIndex", .integer(0)), ("InstanceId", .s(instance.id)), ("Status", .s("attached"))])),
        ]
        var ipv6: [JSONValue] = []
        for address in try instance.list("ipv6_addresses") { ipv6.append(.obj([("Ipv6Address", .s(try address.string()))])) }
        interface.append(("Ipv6Addresses", .array(ipv6)))
        if let publicIP { interface.append(("Association", .obj([("PublicIp", .s(publicIP))]))) }
        var object = JSONObject([("InstanceId", .s(instance.id)), ("State", .obj([("Name", .s(state))])), ("SubnetId", .s(subnet)),
                                 ("VpcId", .s(vpc)), ("PrivateIpAddress", .s(privateIP)), ("SecurityGroups", groupValues),
                                 ("SourceDestCheck", .bool(sourceDestCheck)), ("NetworkInterfaces", .array([.obj(interface)])),
                                 ("Tags", try tags(instance))])
        if let publicIP { object.set("PublicIpAddress", .s(publicIP)) }
        set.add("Reservations", JSONObject([("Instances", .array([.object(object)]))]))
    }

    mutating func addNetworkInterface(_ eni: TerraformResource) throws(SnapshotError) {
        name(eni)
        let subnet = try requiredReference("subnet_id", of: eni, types: ["aws_subnet", "aws_default_subnet"])
        let vpc = vpcOfSubnet(subnet) ?? "\(eni.address).vpc_id"
        let groups = try references("security_groups", of: eni, types: ["aws_security_group", "aws_default_security_group"])
        var privateIPs: [String] = []
        if let primary = try eni.string("private_ip") { privateIPs.append(primary) }
        for node in try eni.list("private_ip_list") + eni.list("private_ips") {
            let text = try node.string()
            if !privateIPs.contains(text) { privateIPs.append(text) }
        }
        if privateIPs.isEmpty { privateIPs.append(standInAddress(for: "\(eni.address).private_ip", in: subnet)) }
        var members: [(String, JSONValue)] = [
            ("NetworkInterfaceId", .s(eni.id)), ("SubnetId", .s(subnet)), ("VpcId", .s(vpc)),
            ("Groups", .array(groups.map { .obj([("GroupId", .s($0))]) })), ("PrivateIpAddress", .s(privateIPs[0])),
            ("PrivateIpAddresses", .array(privateIPs.enumerated().map { .obj([("Primary", .bool($0.offset == 0)), ("PrivateIpAddress", .s($0.element))]) })),
            ("SourceDestCheck", .bool(try eni.bool("source_dest_check") ?? true)), ("InterfaceType", .s(try eni.string("interface_type") ?? "interface")),
            ("TagSet", try tags(eni)),
        ]
        if let attachment = try eni.list("attachment").first {
            let values = TerraformResource(address: eni.address, moduleAddress: eni.moduleAddress, type: eni.type, name: eni.name,
                                           indexText: eni.indexText, values: attachment)
            if let instance = try values.string("instance") {
                members.append(("Attachment", .obj([("InstanceId", .s(instance)), ("DeviceIndex", .integer(try values.integer("device_index", in: 0...255, what: "a device index") ?? 1)),
                                                    ("Status", .s("attached"))])))
                members.append(("Status", .s("in-use")))
            }
        }
        set.remove("NetworkInterfaces", eni.id)
        set.add("NetworkInterfaces", JSONObject(members))
    }

    mutating func addNetworkInterfaceAttachment(_ attachment: TerraformResource) throws(SnapshotError) {
        let eni = try requiredReference("network_interface_id", of: attachment, types: ["aws_network_interface"])
        let instance = try requiredReference("instance_id", of: attachment, types: ["aws_instance"])
        let index = try attachment.integer("device_index", in: 0...255, what: "a device index") ?? 1
        let found = set.modify("NetworkInterfaces", eni) { object in
            object.set("Attachment", .obj([("InstanceId", .s(instance)), ("DeviceIndex", .integer(index)), ("Status", .s("attached"))]))
            object.set("Status", .s("in-use"))
        }
        if !found { warn("interface \(eni)", "\(attachment.address): network interface \(eni) is described by no output") }
    }

    mutating func addNetworkInterfaceSecurityGroup(_ attachment: TerraformResource) throws(SnapshotError) {
        let eni = try requiredReference("network_interface_id", of: attachment, types: ["aws_network_interface"])
        let group = try requiredReference("security_group_id", of: attachment, types: ["aws_security_group", "aws_default_security_group"])
        let found = set.modify("NetworkInterfaces", eni) { $0.append("Groups", .obj([("GroupId", .s(group))])) }
        if !found { warn("interface \(eni)", "\(attachment.address): network interface \(eni) is described by no output; the group is not modelled") }
    }

    /// Interfaces attached to an instance appear in the instance's own description too (its interfaces).
    mutating func embedAttachedInterfaces() {
        for eni in set.all("NetworkInterfaces") {
            guard case .object(let attachment)? = eni["Attachment"], let instance = attachment.text("InstanceId"),
                  let eniID = eni.text("NetworkInterfaceId") else { continue }
            set.modifyInstance(instance) { object in
                guard !object.elements("NetworkInterfaces").contains(where: { value in
                    if case .object(let other) = value { return other.text("NetworkInterfaceId") == eniID }
                    return false
                }) else { return }
                object.append("NetworkInterfaces", .object(eni))
            }
        }
    }

    // MARK: Elastic IPs

    /// `aws_eip`: `describe-addresses`.
    mutating func addElasticIP(_ eip: TerraformResource) throws(SnapshotError) {
        name(eip)
        var publicIP = try eip.string("public_ip")
        if publicIP == nil { publicIP = standInPublicAddress(for: "\(eip.address).public_ip") }
        var members: [(String, JSONValue)] = [("AllocationId", .s(eip.id)), ("PublicIp", .s(publicIP ?? "")), ("Domain", .s("vpc"))]
        if let instance = try reference("instance", of: eip, types: ["aws_instance"]) { members.append(("InstanceId", .s(instance))) }
        if let eni = try reference("network_interface", of: eip, types: ["aws_network_interface"]) { members.append(("NetworkInterfaceId", .s(eni))) }
        var privateIP = try eip.string("associate_with_private_ip")
        let associated = members.contains { $0.0 == "InstanceId" || $0.0 == "NetworkInterfaceId" }
        if privateIP == nil, associated { privateIP = try eip.string("private_ip") }
        if let privateIP { members.append(("PrivateIpAddress", .s(privateIP))) }
        set.remove("Addresses", eip.id)
        set.add("Addresses", JSONObject(members))
    }

    /// `aws_eip_association`.
    mutating func addElasticIPAssociation(_ association: TerraformResource) throws(SnapshotError) {
        let allocation = try requiredReference("allocation_id", of: association, types: ["aws_eip"])
        let instance = try reference("instance_id", of: association, types: ["aws_instance"])
        let eni = try reference("network_interface_id", of: association, types: ["aws_network_interface"])
        let privateIP = try association.string("private_ip_address")
        let found = set.modify("Addresses", allocation) { object in
            if let instance { object.set("InstanceId", .s(instance)) }
            if let eni { object.set("NetworkInterfaceId", .s(eni)) }
            if let privateIP { object.set("PrivateIpAddress", .s(privateIP)) }
        }
        if !found { warn("eip \(allocation)", "\(association.address): Elastic IP \(allocation) is described by no output; the association is not modelled") }
    }
}

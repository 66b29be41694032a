import AWSSnapshot
import NetworkModel

/// `aws_internet_gateway` (+ `aws_internet_gateway_attachment`), `aws_egress_only_internet_gateway`,
/// `aws_nat_gateway`: `describe-internet-gateways`, `describe-egress-only-internet-gateways`,
/// `describe-nat-gateways`.
extension Translation {
    mutating func addInternetGateway(_ gateway: TerraformResource) throws(SnapshotError) {
        name(gateway)
        var attachments: [JSONValue] = []
        if let vpc = try reference("vpc_id", of: gateway, types: ["aws_vpc", "aws_default_vpc"]) {
            attachments.append(.obj([("State", .s("available")), ("VpcId", .s(vpc))]))
        }
        var object = JSONObject([("InternetGatewayId", .s(gateway.id)), ("Attachments", .array(attachments)), ("Tags", try tags(gateway))])
        if let owner = try gateway.string("owner_id") { object.set("OwnerId", .s(owner)) }
        set.remove("InternetGateways", gateway.id)
        set.add("InternetGateways", object)
    }

    mutating func addInternetGatewayAttachment(_ attachment: TerraformResource) throws(SnapshotError) {
        let gateway = try requiredReference("internet_gateway_id", of: attachment, types: ["aws_internet_gateway"])
        let vpc = try requiredReference("vpc_id", of: attachment, types: ["aws_vpc", "aws_default_vpc"])
        let found = set.modify("InternetGateways", gateway) { $0.append("Attachments", .obj([("State", .s("available")), ("VpcId", .s(vpc))])) }
        if !found { warn("internet gateway \(gateway)", "\(attachment.address): internet gateway \(gateway) is described by no output") }
    }

    mutating func addEgressOnlyInternetGateway(_ gateway: TerraformResource) throws(SnapshotError) {
        name(gateway)
        let vpc = try requiredReference("vpc_id", of: gateway, types: ["aws_vpc", "aws_default_vpc"])
        set.remove("EgressOnlyInternetGateways", gateway.id)
        set.add("EgressOnlyInternetGateways", JSONObject([("EgressOnlyInternetGatewayId", .s(gateway.id)),
                                                          ("Attachments", .array([.obj([("State", .s("attached")), ("VpcId", .s(vpc))])])),
                                                          ("Tags", try tags(gateway))]))
    }

    mutating func addNATGateway(_ gateway: TerraformResource) throws(SnapshotError) {
        name(gateway)
        let subnet = try requiredReference("subnet_id", of: gateway, types: ["aws_subnet", "aws_default_subnet"])
        let vpc = vpcOfSubnet(subnet) ?? "\(gateway.address).vpc_id"
        let connectivity = try gateway.string("connectivity_type") ?? "public"
        var address: [(String, JSONValue)] = [("IsPrimary", .bool(true))]
        let allocation = try reference("allocation_id", of: gateway, types: ["aws_eip"])
        if let allocation { address.append(("AllocationId", .s(allocation))) }
        if let interface = try gateway.string("network_interface_id") { address.append(("NetworkInterfaceId", .s(interface))) }
        if let privateIP = try gateway.string("private_ip") {
            address.append(("PrivateIp", .s(privateIP)))
        } else {
            address.append(("PrivateIp", .s(standInAddress(for: "\(gateway.address).private_ip", in: subnet))))
        }
        if let publicIP = try gateway.string("public_ip") {
            address.append(("PublicIp", .s(publicIP)))
        } else if connectivity == "public" {
            var publicIP: String?
            if let allocation, let eip = byAddress.values.first(where: { $0.id == allocation && $0.type == "aws_eip" }) {
                publicIP = try eip.string("public_ip")
            }
            address.append(("PublicIp", .s(publicIP ?? standInPublicAddress(for: "\(gateway.address).public_ip"))))
        }
        set.remove("NatGateways", gateway.id)
        set.add("NatGateways", JSONObject([("NatGatewayId", .s(gateway.id)), ("SubnetId", .s(subnet)), ("VpcId", .s(vpc)),
                                           ("State", .s("available")), ("ConnectivityType", .s(connectivity)),
                                           ("NatGatewayAddresses", .array([.obj(address)])), ("Tags", try tags(gateway))]))
    }

    /// The VPC of a subnet some output describes.
    func vpcOfSubnet(_ subnet: String) -> String? { set.find("Subnets", subnet)?.text("VpcId") }
}

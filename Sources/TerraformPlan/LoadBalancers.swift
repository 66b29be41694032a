import AWSSnapshot
import NetworkModel

/// `aws_lb` / `aws_alb`, `aws_lb_listener` / `aws_alb_listener`, `aws_lb_target_group` / `aws_alb_target_group`,
/// `aws_lb_target_group_attachment` / `aws_alb_target_group_attachment`: `describe-load-balancers`,
/// `describe-listeners`, `describe-target-groups`, `describe-target-health`, and the load balancer's node in each of
/// its subnets (a network interface described `ELB <type>/<name>/<id>`, as AWS creates it), whose address AWS assigns.
/// Target health is not known before apply: targets are taken as healthy, and a warning says so.
extension Translation {
    static let loadBalancerTypes = ["aws_lb", "aws_alb"]
    static let targetGroupTypes = ["aws_lb_target_group", "aws_alb_target_group"]

    /// The part of a load balancer's ARN after `loadbalancer/`, or its id when that is a stand-in.
    private func resourcePath(_ arn: String) -> String {
        guard let range = arn.range(of: ":loadbalancer/") else { return arn }
        return String(arn[range.upperBound...])
    }

    mutating func addLoadBalancer(_ balancer: TerraformResource) throws(SnapshotError) {
        name(balancer)
        let type = try balancer.string("load_balancer_type") ?? "application"
        let scheme = try balancer.bool("internal") == true ? "internal" : "internet-facing"
        var subnets = try references("subnets", of: balancer, types: ["aws_subnet", "aws_default_subnet"])
        for mapping in try balancer.list("subnet_mapping") {
            if case .object(let object) = mapping.value, case .string(let subnet)? = object["subnet_id"], !subnets.contains(subnet) { subnets.append(subnet) }
        }
        let groups = try references("security_groups", of: balancer, types: ["aws_security_group", "aws_default_security_group"])
        var vpc = try balancer.string("vpc_id")
        if vpc == nil { vpc = subnets.compactMap { vpcOfSubnet($0) }.first }
        let vpcID = vpc ?? "\(balancer.address).vpc_id"
        var zones: [JSONValue] = []
        for subnet in subnets {
            var zone: [(String, JSONValue)] = [("SubnetId", .s(subnet))]
            if let name = set.find("Subnets", subnet)?.text("AvailabilityZone") { zone.append(("ZoneName", .s(name))) }
            zones.append(.obj(zone))
        }
        let name = try balancer.string("name") ?? balancer.name
        // The snapshot's description of it (a load balancer the plan keeps or updates in place) gives way to the plan's.
        set.rewrite("LoadBalancers") { $0.text("LoadBalancerArn") != balancer.id }
        set.rewrite("LoadBalancerAttributes") { $0.text("LoadBalancerArn") != balancer.id }
        set.add("LoadBalancers", JSONObject([
            ("LoadBalancerArn", .s(balancer.id)), ("LoadBalancerName", .s(name)), ("Type", .s(type)), ("Scheme", .s(scheme)),
            ("State", .obj([("Code", .s("active"))])), ("VpcId", .s(vpcID)), ("AvailabilityZones", .array(zones)),
            ("SecurityGroups", .array(groups.map { .s($0) })),
        ]))
        if let crossZone = try balancer.bool("enable_cross_zone_load_balancing"), type == "network" {
            set.add("LoadBalancerAttributes", JSONObject([("LoadBalancerArn", .s(balancer.id)), ("Attributes", .array([
                .obj([("Key", .s("load_balancing.cross_zone.enabled")), ("Value", .s(crossZone ? "true" : "false"))]),
            ]))]))
        }
        // Its nodes: one network interface per subnet. Updated in place, AWS keeps the nodes of the subnets it stays
        // in (their addresses as the snapshot describes them, their groups the plan's) and removes the others; in a
        // new subnet, a new node with an address AWS assigns.
        let description = "ELB \(resourcePath(balancer.id))"
        var kept: Set<String> = []
        set.rewrite("NetworkInterfaces") { interface in
            guard interface.text("Description") == description, let subnet = interface.text("SubnetId") else { return true }
            guard subnets.contains(subnet), !kept.contains(subnet) else { return false }
            kept.insert(subnet)
            interface.set("Groups", .array(groups.map { .obj([("GroupId", .s($0))]) }))
            return true
        }
        for subnet in subnets where !kept.contains(subnet) {
            let label = "\(balancer.address) node in \(subnet)"
            let privateIP = standInAddress(for: "\(label).private_ip", in: subnet)
            var address: [(String, JSONValue)] = [("Primary", .bool(true)), ("PrivateIpAddress", .s(privateIP))]
            if scheme == "internet-facing" {
                address.append(("Association", .obj([("PublicIp", .s(standInPublicAddress(for: "\(label).public_ip")))])))
            }
            addresses[label] = balancer.address
            set.add("NetworkInterfaces", JSONObject([
                ("NetworkInterfaceId", .s(label)), ("SubnetId", .s(subnet)), ("VpcId", .s(vpcID)),
                ("Description", .s("ELB \(resourcePath(balancer.id))")), ("InterfaceType", .s(type == "network" ? "network_load_balancer" : "interface")),
                ("Status", .s("in-use")), ("SourceDestCheck", .bool(true)), ("RequesterManaged", .bool(true)),
                ("Groups", .array(groups.map { .obj([("GroupId", .s($0))]) })), ("PrivateIpAddress", .s(privateIP)),
                ("PrivateIpAddresses", .array([.obj(address)])),
            ]))
        }
    }

    mutating func addTargetGroup(_ group: TerraformResource) throws(SnapshotError) {
        name(group)
        var object = JSONObject([("TargetGroupArn", .s(group.id)), ("TargetGroupName", .s(try group.string("name") ?? group.name)),
                                 ("TargetType", .s(try group.string("target_type") ?? "instance")), ("LoadBalancerArns", .array([]))])
        if let port = try group.integer("port", in: 1...65535, what: "a port (1-65535)") { object.set("Port", .integer(port)) }
        if let protocolName = try group.string("protocol") { object.set("Protocol", .s(protocolName)) }
        if let vpc = try reference("vpc_id", of: group, types: ["aws_vpc", "aws_default_vpc"]) { object.set("VpcId", .s(vpc)) }
        set.add("TargetGroups", object)
        var preserve: String?
        if let node = try group.values.member("preserve_client_ip") {
            switch node.value {
            case .string(let text) where text == "true" || text == "false": preserve = text
            case .bool(let flag): preserve = flag ? "true" : "false"
            default: break
            }
        }
        if let value = preserve {
            set.add("TargetGroupAttributes", JSONObject([("TargetGroupArn", .s(group.id)), ("Attributes", .array([
                .obj([("Key", .s("preserve_client_ip.enabled")), ("Value", .s(value))]),
            ]))]))
        }
    }

    mutating func addListener(_ listener: TerraformResource) throws(SnapshotError) {
        name(listener)
        let balancer = try requiredReference("load_balancer_arn", of: listener, types: Self.loadBalancerTypes)
        guard let port = try listener.integer("port", in: 1...65535, what: "a port (1-65535)") else {
            warn("listener port \(listener.address)", "\(listener.address): the port is unknown until apply; the listener is not modelled")
            return
        }
        var actions: [JSONValue] = []
        let configured = try listener.list("default_action")
        for (index, action) in configured.enumerated() {
            let values = TerraformResource(address: listener.address, moduleAddress: listener.moduleAddress, type: listener.type,
                                           name: listener.name, indexText: listener.indexText, values: action)
            let type = try values.string("type") ?? "forward"
            var members: [(String, JSONValue)] = [("Type", .s(type)), ("Order", .integer(try values.integer("order", in: 1...50000, what: "an order") ?? index + 1))]
            if type == "forward" {
                var group = try values.string("target_group_arn")
                if group == nil, configured.count == 1 {
                    group = try referencedResources("default_action", of: listener, types: Self.targetGroupTypes).first?.id
                }
                if group == nil {
                    var groups: [String] = []
                    for forward in try values.list("forward") {
                        for target in try forward.array("target_group") {
                            if let arn = try target.optionalString("arn") { groups.append(arn) }
                        }
                    }
                    if !groups.isEmpty {
                        members.append(("ForwardConfig", .obj([("TargetGroups", .array(groups.map { .obj([("TargetGroupArn", .s($0))]) }))])))
                    }
                }
                if let group {
                    members.append(("TargetGroupArn", .s(group)))
                    set.modify("TargetGroups", group) { object in
                        if !object.elements("LoadBalancerArns").contains(where: { if case .string(balancer) = $0 { return true } else { return false } }) {
                            object.append("LoadBalancerArns", .s(balancer))
                        }
                    }
                } else if !members.contains(where: { $0.0 == "ForwardConfig" }) {
                    warn("listener target \(listener.address)", "\(listener.address): the target group is unknown until apply and named by no resource of this file")
                }
            }
            actions.append(.obj(members))
        }
        set.add("Listeners", JSONObject([("ListenerArn", .s(listener.id)), ("LoadBalancerArn", .s(balancer)), ("Port", .integer(port)),
                                         ("Protocol", .s(try listener.string("protocol") ?? "HTTP")), ("DefaultActions", .array(actions))]))
    }

    mutating func addTargetGroupAttachment(_ attachment: TerraformResource) throws(SnapshotError) {
        let group = try requiredReference("target_group_arn", of: attachment, types: Self.targetGroupTypes)
        let target = try requiredReference("target_id", of: attachment, types: ["aws_instance", "aws_lambda_function"])
        var targetObject: [(String, JSONValue)] = [("Id", .s(target))]
        if let port = try attachment.integer("port", in: 1...65535, what: "a port (1-65535)") { targetObject.append(("Port", .integer(port))) }
        if let zone = try attachment.string("availability_zone") { targetObject.append(("AvailabilityZone", .s(zone))) }
        warn("target health", "target health is not known before apply (nor in Terraform state): targets are taken as healthy")
        set.add("LoadBalancerTargetHealth", JSONObject([("TargetGroupArn", .s(group)), ("TargetHealthDescriptions", .array([
            .obj([("Target", .obj(targetObject)), ("TargetHealth", .obj([("State", .s("healthy"))]))]),
        ]))]))
    }
}

import AWSSnapshot
import Foundation
import NetworkModel

/// A network read from a `terraform show -json` output, alone or laid over a captured snapshot.
public struct TerraformNetwork: Sendable {
    /// The network after apply: the plan's planned values (or the state), over the snapshot when one is given.
    public let after: Snapshot
    /// The network before apply: the snapshot when one is given, else a plan's `prior_state` (nil for state, and
    /// for a plan of a new configuration, whose before is empty).
    public let before: Snapshot?
    /// The Terraform address of each AWS id in `after` (and of each stand-in for an id unknown until apply, which
    /// is the address itself).
    public let addresses: [String: String]
    /// What the Terraform reader assumed or skipped (also among `after.warnings`).
    public let warnings: [SnapshotWarning]
    /// The private addresses unknown until apply, with the representatives they stand as.
    public let unknownAddresses: [UnknownPrivateAddress]
    /// The VPN connections whose tunnel status is unknown until apply (read as up; `otherAssignments` reads them down).
    public var unknownTunnels: [UnknownTunnels] = []
    /// Whether the file is a plan (else state).
    public let isPlan: Bool
    /// The security groups whose rules are inline blocks (a fix adds a block there, not a rule resource).
    public let inlineRuleGroups: Set<String>
    /// The file read, and the snapshot it was laid over (to read it again with other assignments).
    public var file: String = ""
    public var snapshotDirectory: String?
}

/// Reads `terraform show -json` output: a plan (`planned_values`, `resource_changes`, `prior_state`,
/// `configuration`) or state (`values.root_module`), with child modules and `count`/`for_each` instances, format
/// versions 0.1 to 1.x. Each AWS network resource becomes the `describe-*` output AWS prints for it, read by the
/// snapshot reader into the same model; ids unknown until apply are the resource's address, and references are
/// resolved through the configuration's expressions. Bad input is a `SnapshotError` naming the file and JSON path.
public enum TerraformReader {
    /// One address per class of `cidr` (addresses every rule and route treats alike), given the prefixes inside it
    /// that the network mentions: AWS may assign any usable one (not the first four nor the last).
    public static func classRepresentatives(of cidr: IPPrefix, splitBy prefixes: [IPPrefix]) -> [IPAddress] {
        Translation.classRepresentatives(of: cidr, splitBy: prefixes, avoiding: [])
    }

    /// Reads the file (over the snapshot, if any). `assignments` choose, by label (`aws_instance.web.private_ip`),
    /// which representative stands for a private address unknown until apply (one of its `alternatives`); by
    /// default the first.
    /// `tunnelsDown` names (by address) VPN connections whose tunnels, unknown until apply, are read as down.
    public static func load(file: String, snapshotDirectory: String? = nil,
                            assignments: [String: IPAddress] = [:], tunnelsDown: Set<String> = []) throws(SnapshotError) -> TerraformNetwork {
        let document = try TerraformDocument(file: file)
        let base: [DescribeOutput] = try snapshotDirectory.map { directory throws(SnapshotError) in try SnapshotReader.outputs(directory: directory) } ?? []
        let label = URL(fileURLWithPath: file).lastPathComponent
        var translation = Translation(document: document, resources: document.after, base: base, terraformPath: label)
        translation.assignments = assignments
        translation.tunnelsDown = tunnelsDown
        // What the plan deletes (in prior state, not after apply), and the old version of each rule, route or
        // association it changes, is removed from the snapshot first.
        if !base.isEmpty {
            let afterAddresses = Set(document.after.map(\.address))
            for resource in document.prior where resource.hasKnownID {
                let changes = resource.actions.contains("delete") || resource.actions.contains("update")
                if !afterAddresses.contains(resource.address) || changes { try translation.remove(resource, deleted: !afterAddresses.contains(resource.address)) }
            }
        }
        try translation.translateAll()
        let after = try snapshot(translation, file: file)
        var before: Snapshot?
        if let snapshotDirectory {
            before = try SnapshotReader.load(directory: snapshotDirectory)
        } else if document.isPlan, !document.prior.isEmpty {
            var prior = Translation(document: document, resources: document.prior, base: [], terraformPath: "\(label) (prior_state)")
            try prior.translateAll()
            before = try snapshot(prior, file: file)
        }
        let warnings = translation.warnings.map { SnapshotWarning(key: $0.key, files: [file], message: $0.message) }
        var network = TerraformNetwork(after: after, before: before, addresses: translation.addresses, warnings: warnings,
                                       unknownAddresses: translation.unknownPrivateAddresses, isPlan: document.isPlan,
                                       inlineRuleGroups: translation.inlineRuleGroups)
        network.file = file
        network.unknownTunnels = translation.unknownTunnels
        network.snapshotDirectory = snapshotDirectory
        return network
    }

    /// The snapshot the translated outputs describe, with the Terraform reader's warnings. An error in a translated
    /// output (which only a value of the Terraform file can cause) names the Terraform file.
    private static func snapshot(_ translation: Translation, file: String) throws(SnapshotError) -> Snapshot {
        do {
            let snapshot = try SnapshotReader.load(outputs: translation.set.outputs)
            let extra = translation.warnings.map { SnapshotWarning(key: $0.key, files: [file], message: $0.message) }
            return Snapshot(network: snapshot.network, warnings: extra + snapshot.warnings, files: snapshot.files)
        } catch {
            guard error.file.hasPrefix(translation.set.terraformPath) else { throw error }
            throw SnapshotError(file: file, jsonPath: "", message: "a value read as \(error.jsonPath) of its describe-* equivalent: \(error.message)")
        }
    }
}

extension Translation {
    /// The resource types this reader models, in the order they are laid over the outputs (a resource's
    /// references are read before it).
    static let phases: [[String]] = [
        ["aws_vpc", "aws_default_vpc"],
        ["aws_vpc_ipv4_cidr_block_association", "aws_vpc_ipv6_cidr_block_association"],
        ["aws_subnet", "aws_default_subnet"],
        ["aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_eip", "aws_vpc_peering_connection", "aws_ec2_managed_prefix_list",
         "aws_vpn_gateway"],
        ["aws_ec2_managed_prefix_list_entry", "aws_vpn_gateway_attachment"],
        ["aws_internet_gateway_attachment", "aws_nat_gateway", "aws_vpc_peering_connection_accepter", "aws_vpc_peering_connection_options"],
        ["aws_route_table", "aws_default_route_table"],
        ["aws_route", "aws_route_table_association", "aws_main_route_table_association"],
        ["aws_vpc_endpoint"],
        ["aws_vpc_endpoint_route_table_association"],
        ["aws_security_group", "aws_default_security_group"],
        ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
        ["aws_network_acl", "aws_default_network_acl"],
        ["aws_network_acl_rule", "aws_network_acl_association"],
        ["aws_ec2_transit_gateway"],
        ["aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_route_table"],
        ["aws_ec2_transit_gateway_route", "aws_ec2_transit_gateway_route_table_association", "aws_ec2_transit_gateway_route_table_propagation"],
        ["aws_customer_gateway"],
        ["aws_vpn_connection"],
        ["aws_vpn_connection_route"],
        ["aws_vpn_gateway_route_propagation"],
        ["aws_network_interface", "aws_instance"],
        ["aws_network_interface_attachment", "aws_network_interface_sg_attachment", "aws_eip_association"],
        ["aws_lb", "aws_alb", "aws_lb_target_group", "aws_alb_target_group"],
        ["aws_lb_listener", "aws_alb_listener", "aws_lb_target_group_attachment", "aws_alb_target_group_attachment"],
    ]

    mutating func translate(_ resource: TerraformResource) throws(SnapshotError) {
        switch resource.type {
        case "aws_vpc", "aws_default_vpc": try addVPC(resource)
        case "aws_vpc_ipv4_cidr_block_association", "aws_vpc_ipv6_cidr_block_association": try addCIDRAssociation(resource)
        case "aws_subnet", "aws_default_subnet": try addSubnet(resource)
        case "aws_internet_gateway": try addInternetGateway(resource)
        case "aws_internet_gateway_attachment": try addInternetGatewayAttachment(resource)
        case "aws_egress_only_internet_gateway": try addEgressOnlyInternetGateway(resource)
        case "aws_eip": try addElasticIP(resource)
        case "aws_nat_gateway": try addNATGateway(resource)
        case "aws_vpc_peering_connection": try addPeeringConnection(resource)
        case "aws_vpc_peering_connection_accepter": try addPeeringAccepter(resource)
        case "aws_vpc_peering_connection_options": break  // DNS resolution and ClassicLink options: no effect on reachability
        case "aws_route_table", "aws_default_route_table": try addRouteTable(resource)
        case "aws_route": try addRoute(resource)
        case "aws_route_table_association": try addRouteTableAssociation(resource)
        case "aws_main_route_table_association": try addMainRouteTableAssociation(resource)
        case "aws_security_group", "aws_default_security_group": try addSecurityGroup(resource)
        case "aws_security_group_rule": try addSecurityGroupRule(resource)
        case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule": try addVPCSecurityGroupRule(resource)
        case "aws_network_acl", "aws_default_network_acl": try addNetworkACL(resource)
        case "aws_network_acl_rule": try addNetworkACLRule(resource)
        case "aws_network_acl_association": try addNetworkACLAssociation(resource)
        case "aws_lb", "aws_alb": try addLoadBalancer(resource)
        case "aws_lb_target_group", "aws_alb_target_group": try addTargetGroup(resource)
        case "aws_lb_listener", "aws_alb_listener": try addListener(resource)
        case "aws_lb_target_group_attachment", "aws_alb_target_group_attachment": try addTargetGroupAttachment(resource)
        case "aws_ec2_managed_prefix_list": try addManagedPrefixList(resource)
        case "aws_ec2_managed_prefix_list_entry": try addManagedPrefixListEntry(resource)
        case "aws_vpc_endpoint": try addVPCEndpoint(resource)
        case "aws_vpc_endpoint_route_table_association": try addVPCEndpointRouteTableAssociation(resource)
        case "aws_vpn_gateway": try addVPNGateway(resource)
        case "aws_vpn_gateway_attachment": try addVPNGatewayAttachment(resource)
        case "aws_ec2_transit_gateway": try addTransitGateway(resource)
        case "aws_ec2_transit_gateway_vpc_attachment": try addTransitGatewayVPCAttachment(resource)
        case "aws_ec2_transit_gateway_route_table": try addTransitGatewayRouteTable(resource)
        case "aws_ec2_transit_gateway_route": try addTransitGatewayRoute(resource)
        case "aws_ec2_transit_gateway_route_table_association": try addTransitGatewayRouteTableAssociation(resource)
        case "aws_ec2_transit_gateway_route_table_propagation": try addTransitGatewayRouteTablePropagation(resource)
        case "aws_customer_gateway": try addCustomerGateway(resource)
        case "aws_vpn_connection": try addVPNConnection(resource)
        case "aws_vpn_connection_route": try addVPNConnectionRoute(resource)
        case "aws_vpn_gateway_route_propagation": try addVPNGatewayRoutePropagation(resource)
        case "aws_network_interface": try addNetworkInterface(resource)
        case "aws_instance": try addInstance(resource)
        case "aws_network_interface_attachment": try addNetworkInterfaceAttachment(resource)
        case "aws_network_interface_sg_attachment": try addNetworkInterfaceSecurityGroup(resource)
        case "aws_eip_association": try addElasticIPAssociation(resource)
        default: break
        }
    }

    /// Lays every resource over the outputs, phase by phase, then completes what AWS does on its own (default
    /// network ACL associations) and chooses the representatives of addresses unknown until apply.
    mutating func translateAll() throws(SnapshotError) {
        let modelled = Set(Self.phases.flatMap { $0 })
        for phase in Self.phases {
            for resource in resources where phase.contains(resource.type) { try translate(resource) }
            // A route table's propagating_vgws, once the VPN connections whose routes it propagates are read.
            if phase == ["aws_vpn_gateway_route_propagation"] {
                try addInlinePropagations()
                refreshPropagations()
            }
        }
        var unmodelled: [String: Int] = [:]
        var others = 0
        for resource in resources where !modelled.contains(resource.type) {
            if resource.type.hasPrefix("aws_") { unmodelled[resource.type, default: 0] += 1 } else { others += 1 }
        }
        for (type, count) in unmodelled.sorted(by: { $0.key < $1.key }) {
            warn(type, "\(type): not modelled yet; ignored (\(count) resource\(count == 1 ? "" : "s"))")
        }
        if others > 0 { warn("non-AWS resources", "\(others) resource\(others == 1 ? "" : "s") of other providers ignored") }
        associateRemainingSubnets()
        embedAttachedInterfaces()
        resolveUnknownAddresses()
        for key in ["Vpcs", "Subnets", "RouteTables", "SecurityGroups", "NetworkAcls", "Reservations", "NetworkInterfaces", "VpcPeeringConnections"] {
            set.declare(key)
        }
    }

    /// Removes what a resource the plan deletes or changes contributed to the snapshot (`deleted`: it is gone
    /// after apply; else its new version is added afterwards).
    mutating func remove(_ resource: TerraformResource, deleted: Bool) throws(SnapshotError) {
        let id = resource.id
        switch resource.type {
        case "aws_route": try removeRoute(resource)
        case "aws_route_table_association": try removeRouteTableAssociation(resource)
        case "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule": try removeSecurityGroupRule(resource)
        case "aws_network_acl_rule": try removeNetworkACLRule(resource)
        case "aws_instance":
            if deleted {
                set.removeInstance(id)
                if let eni = try resource.string("primary_network_interface_id") { set.remove("NetworkInterfaces", eni) }
            }
        default:
            if try removeVPNResource(resource, deleted: deleted) { return }
            if try removeFromSnapshot(resource, deleted: deleted) { return }
            guard deleted else { return }
            let keys: [String: String] = [
                "aws_vpc": "Vpcs", "aws_subnet": "Subnets", "aws_route_table": "RouteTables", "aws_security_group": "SecurityGroups",
                "aws_network_acl": "NetworkAcls", "aws_internet_gateway": "InternetGateways", "aws_network_interface": "NetworkInterfaces",
                "aws_eip": "Addresses", "aws_nat_gateway": "NatGateways", "aws_egress_only_internet_gateway": "EgressOnlyInternetGateways",
                "aws_vpc_peering_connection": "VpcPeeringConnections",
            ]
            if let key = keys[resource.type] {
                set.remove(key, id)
            } else if Self.phases.contains(where: { $0.contains(resource.type) }) {
                warn("delete \(resource.address)", "\(resource.address): the plan deletes it, and the reader cannot remove it from the snapshot; answers that depend on it are unknown")
                removeEverywhere(id)
            }
        }
    }
}

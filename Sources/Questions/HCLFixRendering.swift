import Analysis
import NetworkModel

/// Fixes as changes to a Terraform configuration: for each change to a resource Terraform manages (its address known
/// from the plan or state), the block to add or the attribute to set, in HCL. The changes are the fix's own
/// `FixAction`s, which the fix search has applied to the network and checked by asking again; this is only their
/// rendering for a configuration, as `AWSCLICommand` is for the AWS CLI.
public enum HCLFixRendering {
    /// The HCL for every fix of a result, by fix; empty when no change touches a Terraform-managed resource.
    /// `addresses` maps AWS ids (and stand-ins for ids unknown until apply) to Terraform addresses.
    /// `inlineRuleGroups`: the security groups whose rules are inline blocks (a rule is added as a block there, as
    /// the provider does not support separate rule resources beside inline rules).
    public static func text(_ result: FixQuestionResult, addresses: [String: String], inlineRuleGroups: Set<String> = []) -> String {
        var lines: [String] = []
        for (index, fix) in result.report.fixes.enumerated() {
            let blocks = fix.actions.compactMap { hcl($0, addresses: addresses, inlineRuleGroups: inlineRuleGroups) }
            guard !blocks.isEmpty else { continue }
            lines.append("Fix \(index + 1) in Terraform:")
            for block in blocks { lines += block.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
        }
        return lines.joined(separator: "\n")
    }

    /// The HCL change that makes one action, when the resource it changes is managed by Terraform; nil otherwise.
    public static func hcl(_ action: FixAction, addresses: [String: String], inlineRuleGroups: Set<String> = []) -> String? {
        func managed(_ id: String) -> String? {
            guard let address = addresses[id] else { return nil }
            return address.split(separator: " ").first.map(String.init)
        }
        func reference(_ id: String) -> String {
            if let address = managed(id), !address.contains("(") { return "\(address).id" }
            return quote(id)
        }
        switch action {
        case .createRoute(let table, let destination, let target):
            guard let owner = managed(table), let (attribute, id) = routeTarget(target) else { return nil }
            let destinationAttribute = destination.family == .ipv4 ? "destination_cidr_block" : "destination_ipv6_cidr_block"
            return """
            # add a route to \(owner)
            resource "aws_route" "\(name(owner))_to_\(name(destination.description.replacingOccurrences(of: ".", with: "_")))" {
              route_table_id = \(reference(table))
              \(destinationAttribute) = \(quote(destination.description))
              \(attribute) = \(reference(id))
            }
            """
        case .replaceRoute(let table, let destination, let target):
            guard let owner = managed(table), let (attribute, id) = routeTarget(target) else { return nil }
            return "# in \(owner) (or the aws_route for \(destination)): the route to \(destination) gets\n\(attribute) = \(reference(id))"
        case .deleteRoute(let table, let destination):
            guard let owner = managed(table) else { return nil }
            return "# remove the route to \(destination) from \(owner) (its route block, or the aws_route resource for it)"
        case .authorizeSecurityGroupRule(let group, let direction, let rule):
            guard let owner = managed(group) else { return nil }
            if inlineRuleGroups.contains(group) { return inlineSecurityGroupRule(owner, direction: direction, rule: rule, reference: reference) }
            return securityGroupRule(owner, groupReference: reference(group), direction: direction, rule: rule, reference: reference)
        case .createNetworkACLEntry(let acl, let entry), .replaceNetworkACLEntry(let acl, let entry):
            guard let owner = managed(acl) else { return nil }
            var lines = ["# in \(owner): add (or replace rule \(entry.ruleNumber) with)",
                         "\(entry.direction == .inbound ? "ingress" : "egress") {",
                         "  rule_no    = \(entry.ruleNumber)", "  action     = \(quote(entry.allows ? "allow" : "deny"))",
                         "  protocol   = \(quote(protocolName(entry.ipProtocol)))",
                         "  \(entry.cidrBlock.family == .ipv4 ? "cidr_block" : "ipv6_cidr_block") = \(quote(entry.cidrBlock.description))"]
            lines += ports(entry.ipProtocol, entry.ports, entry.icmp, indent: "  ", icmpAttributes: ("icmp_type", "icmp_code"))
            lines.append("}")
            return lines.joined(separator: "\n")
        case .acceptPeeringConnection(let id, _):
            guard let owner = managed(id) else { return nil }
            if owner.hasPrefix("aws_vpc_peering_connection_accepter") || owner.contains(".aws_vpc_peering_connection_accepter.") {
                return "# in \(owner)\nauto_accept = true"
            }
            return """
            # in \(owner) (same account and region), or accept it from the accepter's configuration:
            auto_accept = true
            # or
            resource "aws_vpc_peering_connection_accepter" "\(name(owner))" {
              vpc_peering_connection_id = \(reference(id))
              auto_accept               = true
            }
            """
        case .modifyPeeringDNSResolution(let id, let side, let allow):
            guard let owner = managed(id) else { return nil }
            return "# in \(owner) (or its aws_vpc_peering_connection_options)\n\(side.rawValue) {\n  allow_remote_vpc_dns_resolution = \(allow)\n}"
        case .createPeeringConnection(_, let requester, let accepter, let region, let owner):
            guard managed(requester) != nil || managed(accepter) != nil else { return nil }
            var lines = ["resource \"aws_vpc_peering_connection\" \"\(name(managed(requester) ?? requester))_to_\(name(managed(accepter) ?? accepter))\" {",
                         "  vpc_id      = \(reference(requester))", "  peer_vpc_id = \(reference(accepter))"]
            if let region { lines.append("  peer_region = \(quote(region))") }
            if let owner { lines.append("  peer_owner_id = \(quote(owner))") }
            if region == nil && owner == nil { lines.append("  auto_accept = true") }
            lines.append("}")
            return lines.joined(separator: "\n")
        case .createInternetGateway(let id):
            return "resource \"aws_internet_gateway\" \"\(name(id))\" {\n}"
        case .attachInternetGateway(let id, let vpc):
            guard let owner = managed(id) else {
                return managed(vpc).map { _ in "resource \"aws_internet_gateway\" \"\(name(id))\" {\n  vpc_id = \(reference(vpc))\n}" }
            }
            return "# in \(owner)\nvpc_id = \(reference(vpc))"
        case .allocateAddress:
            return nil  // written with the association below
        case .associateAddress(_, let interface, _):
            guard let owner = managed(interface) else { return nil }
            let instance = owner.hasPrefix("aws_instance") || owner.contains(".aws_instance.")
            return """
            resource "aws_eip" "\(name(owner))" {
              domain = "vpc"
              \(instance ? "instance" : "network_interface") = \(instance ? "\(owner).id" : reference(interface))
            }
            """
        case .startInstance(let id):
            guard let owner = managed(id) else { return nil }
            return "resource \"aws_ec2_instance_state\" \"\(name(owner))\" {\n  instance_id = \(reference(id))\n  state       = \"running\"\n}"
        case .disableSourceDestinationCheck(let interface):
            guard let owner = managed(interface) else { return nil }
            return "# in \(owner)\nsource_dest_check = false"
        case .attachVPNGateway(let id, let vpc):
            guard let owner = managed(id) else { return nil }
            return "# in \(owner)\nvpc_id = \(reference(vpc))"
        case .createListener(_, let loadBalancer, let listenerProtocol, let port, let targetGroup):
            guard let owner = managed(loadBalancer) else { return nil }
            return """
            resource "aws_lb_listener" "\(name(owner))_\(port)" {
              load_balancer_arn = \(reference(loadBalancer))
              port              = \(port)
              protocol          = \(quote(listenerProtocol))
              default_action {
                type             = "forward"
                target_group_arn = \(reference(targetGroup))
              }
            }
            """
        default:
            return nil
        }
    }

    private static func inlineSecurityGroupRule(_ owner: String, direction: Direction, rule: SecurityGroupRule,
                                                reference: (String) -> String) -> String {
        var lines = ["# in \(owner): add", "\(direction == .inbound ? "ingress" : "egress") {",
                     "  protocol  = \(quote(protocolName(rule.ipProtocol)))"]
        let ports = ports(rule.ipProtocol, rule.ports, rule.icmp, indent: "  ", icmpAttributes: ("from_port", "to_port"))
        lines += ports.isEmpty ? ["  from_port = 0", "  to_port   = 0"] : ports
        switch rule.peer {
        case .cidr(let prefix): lines.append("  \(prefix.family == .ipv4 ? "cidr_blocks" : "ipv6_cidr_blocks") = [\(quote(prefix.description))]")
        case .prefixList(let id): lines.append("  prefix_list_ids = [\(reference(id))]")
        case .securityGroup(let id, _): lines.append("  security_groups = [\(reference(id))]")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func securityGroupRule(_ owner: String, groupReference: String, direction: Direction, rule: SecurityGroupRule,
                                          reference: (String) -> String) -> String {
        let kind = direction == .inbound ? "ingress" : "egress"
        var lines = ["# add to \(owner)",
                     "resource \"aws_vpc_security_group_\(kind)_rule\" \"\(name(owner))_\(kind)_\(protocolName(rule.ipProtocol) == "-1" ? "all" : protocolName(rule.ipProtocol))\" {",
                     "  security_group_id = \(groupReference)", "  ip_protocol       = \(quote(protocolName(rule.ipProtocol)))"]
        lines += ports(rule.ipProtocol, rule.ports, rule.icmp, indent: "  ", icmpAttributes: ("from_port", "to_port"))
        switch rule.peer {
        case .cidr(let prefix): lines.append("  \(prefix.family == .ipv4 ? "cidr_ipv4" : "cidr_ipv6") = \(quote(prefix.description))")
        case .prefixList(let id): lines.append("  prefix_list_id = \(reference(id))")
        case .securityGroup(let id, _): lines.append("  referenced_security_group_id = \(reference(id))")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func ports(_ selector: ProtocolSelector, _ range: PortRange?, _ icmp: ICMPSelector, indent: String,
                              icmpAttributes: (String, String)) -> [String] {
        guard case .number(let number) = selector else { return [] }
        if IPProtocolNumber.hasPorts(number) {
            let range = range ?? PortRange(0, 65535)
            return ["\(indent)from_port = \(range.lower)", "\(indent)to_port   = \(range.upper)"]
        }
        if number == IPProtocolNumber.icmp || number == IPProtocolNumber.icmpv6 {
            let type = icmp.type.map { Int($0) } ?? -1
            let code = icmp.code.map { Int($0) } ?? -1
            return ["\(indent)\(icmpAttributes.0) = \(type)", "\(indent)\(icmpAttributes.1) = \(code)"]
        }
        return []
    }

    private static func protocolName(_ selector: ProtocolSelector) -> String {
        switch selector {
        case .all: "-1"
        case .number(let n) where n == IPProtocolNumber.tcp: "tcp"
        case .number(let n) where n == IPProtocolNumber.udp: "udp"
        case .number(let n) where n == IPProtocolNumber.icmp: "icmp"
        case .number(let n) where n == IPProtocolNumber.icmpv6: "icmpv6"
        case .number(let n): String(n)
        }
    }

    /// The route argument of a target, and the target's id.
    private static func routeTarget(_ target: RouteTarget) -> (String, String)? {
        switch target {
        case .internetGateway(let id), .virtualPrivateGateway(let id): ("gateway_id", id)
        case .egressOnlyInternetGateway(let id): ("egress_only_gateway_id", id)
        case .natGateway(let id): ("nat_gateway_id", id)
        case .peeringConnection(let id): ("vpc_peering_connection_id", id)
        case .transitGateway(let id): ("transit_gateway_id", id)
        case .networkInterface(let id): ("network_interface_id", id)
        case .vpcEndpoint(let id): ("vpc_endpoint_id", id)
        case .carrierGateway(let id): ("carrier_gateway_id", id)
        case .localGateway(let id): ("local_gateway_id", id)
        case .coreNetwork(let id): ("core_network_arn", id)
        case .instance, .local, .other: nil
        }
    }

    /// A resource name from a Terraform address or any text: `aws_route_table.public` → `public`.
    static func name(_ text: String) -> String {
        let last = text.split(separator: ".").last.map(String.init) ?? text
        let cleaned = String(last.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        let trimmed = cleaned.split(separator: "_").joined(separator: "_")
        return trimmed.isEmpty ? "fix" : (trimmed.first!.isLetter ? trimmed : "r_" + trimmed)
    }

    static func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
}

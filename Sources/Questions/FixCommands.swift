import Analysis
import NetworkModel

/// One AWS CLI command line, for display: its arguments after `aws`, and the values AWS's answer would carry for
/// what it creates (`VpcPeeringConnectionId`, `InternetGatewayId`, `AllocationId`, `PublicIp`), here the fix's
/// synthetic ids, which later commands name. This is the one place that writes fixes as CLI text; the snapshot
/// editor makes the `FixAction`s themselves.
public struct AWSCLICommand: Hashable, Sendable, CustomStringConvertible {
    public let arguments: [String]
    public let response: [String: String]

    public init(_ arguments: [String], response: [String: String] = [:]) {
        self.arguments = arguments
        self.response = response
    }

    /// The command as a shell line: `aws ec2 create-route --route-table-id rtb-… …`, `aws elbv2 create-listener …`,
    /// quoted where needed.
    public var description: String { (["aws"] + arguments.map(Self.shellQuoted)).joined(separator: " ") }

    static func shellQuoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@+%")
        if !word.isEmpty, word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

extension FixAction {
    /// The AWS CLI command that makes this call: `aws ec2 …`, or `aws elbv2 …` for a load balancer's listener.
    public var awsCommand: AWSCLICommand {
        switch self {
        case .createRoute(let table, let destination, let target):
            return AWSCLICommand(["ec2", "create-route", "--route-table-id", table] + Self.destinationArguments(.cidr(destination))
                                 + Self.targetArguments(target))
        case .replaceRoute(let table, let destination, let target):
            return AWSCLICommand(["ec2", "replace-route", "--route-table-id", table] + Self.destinationArguments(destination)
                                 + Self.targetArguments(target))
        case .deleteRoute(let table, let destination):
            return AWSCLICommand(["ec2", "delete-route", "--route-table-id", table] + Self.destinationArguments(destination))
        case .authorizeSecurityGroupRule(let group, let direction, let rule):
            let name = direction == .inbound ? "authorize-security-group-ingress" : "authorize-security-group-egress"
            return AWSCLICommand(["ec2", name, "--group-id", group, "--ip-permissions", Self.ipPermissions(rule)])
        case .createNetworkACLEntry(let acl, let entry):
            return AWSCLICommand(["ec2", "create-network-acl-entry"] + Self.entryArguments(acl, entry))
        case .replaceNetworkACLEntry(let acl, let entry):
            return AWSCLICommand(["ec2", "replace-network-acl-entry"] + Self.entryArguments(acl, entry))
        case .createPeeringConnection(let id, let requester, let accepter, let region, let owner):
            var arguments = ["ec2", "create-vpc-peering-connection", "--vpc-id", requester, "--peer-vpc-id", accepter]
            if let owner { arguments += ["--peer-owner-id", owner] }
            if let region { arguments += ["--peer-region", region] }
            return AWSCLICommand(arguments, response: ["VpcPeeringConnectionId": id])
        case .acceptPeeringConnection(let id, let region):
            return AWSCLICommand(["ec2", "accept-vpc-peering-connection", "--vpc-peering-connection-id", id]
                                 + (region.map { ["--region", $0] } ?? []))
        case .modifyPeeringDNSResolution(let id, let side, let allow):
            return AWSCLICommand(["ec2", "modify-vpc-peering-connection-options", "--vpc-peering-connection-id", id,
                                  "--\(side.rawValue)-peering-connection-options", "AllowDnsResolutionFromRemoteVpc=\(allow)"])
        case .createInternetGateway(let id):
            return AWSCLICommand(["ec2", "create-internet-gateway"], response: ["InternetGatewayId": id])
        case .attachInternetGateway(let id, let vpc):
            return AWSCLICommand(["ec2", "attach-internet-gateway", "--internet-gateway-id", id, "--vpc-id", vpc])
        case .allocateAddress(let allocationID, let publicAddress):
            return AWSCLICommand(["ec2", "allocate-address", "--domain", "vpc"],
                                 response: ["AllocationId": allocationID, "PublicIp": publicAddress.description])
        case .associateAddress(let allocationID, let interface, let privateAddress):
            // An interface the snapshot only knows from its instance's own fields (`i-…:primary`) is named by the instance.
            let owner = interface.hasSuffix(":primary") ? ["--instance-id", String(interface.dropLast(":primary".count))]
                                                        : ["--network-interface-id", interface]
            return AWSCLICommand(["ec2", "associate-address", "--allocation-id", allocationID] + owner
                                 + ["--private-ip-address", privateAddress.description])
        case .startInstance(let id):
            return AWSCLICommand(["ec2", "start-instances", "--instance-ids", id])
        case .createTransitGatewayRoute(let table, let destination, let attachment):
            return AWSCLICommand(["ec2", "create-transit-gateway-route", "--transit-gateway-route-table-id", table,
                                  "--destination-cidr-block", destination.description, "--transit-gateway-attachment-id", attachment])
        case .replaceTransitGatewayRoute(let table, let destination, let attachment):
            return AWSCLICommand(["ec2", "replace-transit-gateway-route", "--transit-gateway-route-table-id", table,
                                  "--destination-cidr-block", destination.description, "--transit-gateway-attachment-id", attachment])
        case .enableTransitGatewayPropagation(let table, let attachment):
            return AWSCLICommand(["ec2", "enable-transit-gateway-route-table-propagation", "--transit-gateway-route-table-id", table,
                                  "--transit-gateway-attachment-id", attachment])
        case .associateTransitGatewayRouteTable(let table, let attachment):
            return AWSCLICommand(["ec2", "associate-transit-gateway-route-table", "--transit-gateway-route-table-id", table,
                                  "--transit-gateway-attachment-id", attachment])
        case .addTransitGatewayAttachmentSubnets(let attachment, let subnets):
            return AWSCLICommand(["ec2", "modify-transit-gateway-vpc-attachment", "--transit-gateway-attachment-id", attachment,
                                  "--add-subnet-ids"] + subnets)
        case .acceptTransitGatewayAttachment(let id, let peering):
            return AWSCLICommand(["ec2", peering ? "accept-transit-gateway-peering-attachment" : "accept-transit-gateway-vpc-attachment",
                                  "--transit-gateway-attachment-id", id])
        case .disableSourceDestinationCheck(let interface):
            // An interface the snapshot only knows from its instance's own fields (`i-…:primary`) is named by the instance.
            if interface.hasSuffix(":primary") {
                return AWSCLICommand(["ec2", "modify-instance-attribute", "--instance-id", String(interface.dropLast(":primary".count)),
                                      "--no-source-dest-check"])
            }
            return AWSCLICommand(["ec2", "modify-network-interface-attribute", "--network-interface-id", interface, "--no-source-dest-check"])
        case .createGatewayEndpoint(let id, let vpc, let service):
            return AWSCLICommand(["ec2", "create-vpc-endpoint", "--vpc-id", vpc, "--vpc-endpoint-type", "Gateway", "--service-name", service],
                                 response: ["VpcEndpointId": id])
        case .addGatewayEndpointRouteTable(let endpoint, let table):
            return AWSCLICommand(["ec2", "modify-vpc-endpoint", "--vpc-endpoint-id", endpoint, "--add-route-table-ids", table])
        case .attachVPNGateway(let id, let vpc):
            return AWSCLICommand(["ec2", "attach-vpn-gateway", "--vpn-gateway-id", id, "--vpc-id", vpc])
        case .createVPNConnectionRoute(let connection, let destination):
            return AWSCLICommand(["ec2", "create-vpn-connection-route", "--vpn-connection-id", connection,
                                  "--destination-cidr-block", destination.description])
        case .createListener(let arn, let loadBalancer, let listenerProtocol, let port, let targetGroup):
            return AWSCLICommand(["elbv2", "create-listener", "--load-balancer-arn", loadBalancer, "--protocol", listenerProtocol,
                                  "--port", String(port), "--default-actions", "Type=forward,TargetGroupArn=\(targetGroup)"],
                                 response: ["ListenerArn": arn])
        case .enableCrossZone(let arn, let targetGroup):
            return AWSCLICommand(["elbv2", targetGroup ? "modify-target-group-attributes" : "modify-load-balancer-attributes",
                                  targetGroup ? "--target-group-arn" : "--load-balancer-arn", arn,
                                  "--attributes", "Key=load_balancing.cross_zone.enabled,Value=true"])
        case .registerTarget(let group, let target):
            return AWSCLICommand(["elbv2", "register-targets", "--target-group-arn", group, "--targets", "Id=\(target)"])
        case .setLoadBalancerSubnets(let loadBalancer, let subnets):
            return AWSCLICommand(["elbv2", "set-subnets", "--load-balancer-arn", loadBalancer, "--subnets"] + subnets)
        case .createClassicListener(_, let name, let listenerProtocol, let port, let instanceProtocol, let instancePort):
            return AWSCLICommand(["elb", "create-load-balancer-listeners", "--load-balancer-name", name, "--listeners",
                                  "Protocol=\(listenerProtocol),LoadBalancerPort=\(port),InstanceProtocol=\(instanceProtocol),InstancePort=\(instancePort)"])
        case .registerClassicInstance(_, let name, let instance):
            return AWSCLICommand(["elb", "register-instances-with-load-balancer", "--load-balancer-name", name, "--instances", instance])
        case .attachClassicSubnets(_, let name, let subnets):
            return AWSCLICommand(["elb", "attach-load-balancer-to-subnets", "--load-balancer-name", name, "--subnets"] + subnets)
        case .enableClassicCrossZone(_, let name):
            return AWSCLICommand(["elb", "modify-load-balancer-attributes", "--load-balancer-name", name, "--load-balancer-attributes",
                                  #"{"CrossZoneLoadBalancing":{"Enabled":true}}"#])
        }
    }

    /// `--destination-cidr-block` for an IPv4 block, `--destination-ipv6-cidr-block` for an IPv6 one.
    private static func destinationArguments(_ destination: RouteDestination) -> [String] {
        switch destination {
        case .cidr(let prefix): [prefix.family == .ipv6 ? "--destination-ipv6-cidr-block" : "--destination-cidr-block", prefix.description]
        case .prefixList(let id): ["--destination-prefix-list-id", id]
        }
    }

    private static func targetArguments(_ target: RouteTarget) -> [String] {
        switch target {
        case .local: ["--local-target"]
        case .peeringConnection(let id): ["--vpc-peering-connection-id", id]
        case .natGateway(let id): ["--nat-gateway-id", id]
        case .transitGateway(let id): ["--transit-gateway-id", id]
        case .networkInterface(let id): ["--network-interface-id", id]
        case .instance(let id): ["--instance-id", id]
        case .egressOnlyInternetGateway(let id): ["--egress-only-internet-gateway-id", id]
        case .carrierGateway(let id): ["--carrier-gateway-id", id]
        case .localGateway(let id): ["--local-gateway-id", id]
        case .coreNetwork(let arn): ["--core-network-arn", arn]
        case .internetGateway(let id), .virtualPrivateGateway(let id), .vpcEndpoint(let id), .other(let id): ["--gateway-id", id]
        }
    }

    /// `--ip-permissions` as JSON: `[{"IpProtocol":"icmp","FromPort":8,"ToPort":-1,"IpRanges":[{"CidrIp":"10.1.0.0/16"}]}]`;
    /// an IPv6 block goes in `"Ipv6Ranges":[{"CidrIpv6":"::/0"}]`, ICMPv6 is `"IpProtocol":"icmpv6"` with its type and code.
    private static func ipPermissions(_ rule: SecurityGroupRule) -> String {
        var fields: [String] = []
        switch rule.ipProtocol {
        case .all:
            fields.append(#""IpProtocol":"-1""#)
        case .number(let number):
            let named = [IPProtocolNumber.tcp, IPProtocolNumber.udp, IPProtocolNumber.icmp, IPProtocolNumber.icmpv6]
            let name = named.contains(number) ? IPProtocolNumber.name(number) : String(number)
            fields.append(#""IpProtocol":"\#(name)""#)
            if IPProtocolNumber.hasPorts(number) {
                let ports = rule.ports ?? .all
                fields.append(#""FromPort":\#(ports.lower),"ToPort":\#(ports.upper)"#)
            } else if IPProtocolNumber.isICMP(number) {
                fields.append(#""FromPort":\#(rule.icmp.type.map { Int($0) } ?? -1),"ToPort":\#(rule.icmp.code.map { Int($0) } ?? -1)"#)
            }
        }
        switch rule.peer {
        case .cidr(let prefix) where prefix.family == .ipv6: fields.append(#""Ipv6Ranges":[{"CidrIpv6":"\#(prefix)"}]"#)
        case .cidr(let prefix): fields.append(#""IpRanges":[{"CidrIp":"\#(prefix)"}]"#)
        case .prefixList(let id): fields.append(#""PrefixListIds":[{"PrefixListId":"\#(id)"}]"#)
        case .securityGroup(let id, _): fields.append(#""UserIdGroupPairs":[{"GroupId":"\#(id)"}]"#)
        }
        return "[{" + fields.joined(separator: ",") + "}]"
    }

    private static func entryArguments(_ acl: String, _ entry: NetworkACLEntry) -> [String] {
        var arguments = ["--network-acl-id", acl, entry.direction == .inbound ? "--ingress" : "--egress",
                         "--rule-number", String(entry.ruleNumber)]
        switch entry.ipProtocol {
        case .all:
            arguments += ["--protocol", "all"]
        case .number(let number):
            // ICMPv6 goes by its number (58), which every AWS CLI version takes.
            let name = [IPProtocolNumber.tcp, IPProtocolNumber.udp, IPProtocolNumber.icmp].contains(number) ? IPProtocolNumber.name(number) : String(number)
            arguments += ["--protocol", name]
            if IPProtocolNumber.hasPorts(number) {
                let ports = entry.ports ?? .all
                arguments += ["--port-range", "From=\(ports.lower),To=\(ports.upper)"]
            } else if IPProtocolNumber.isICMP(number) {
                arguments += ["--icmp-type-code", "Type=\(entry.icmp.type.map { Int($0) } ?? -1),Code=\(entry.icmp.code.map { Int($0) } ?? -1)"]
            }
        }
        arguments += [entry.cidrBlock.family == .ipv6 ? "--ipv6-cidr-block" : "--cidr-block", entry.cidrBlock.description,
                      "--rule-action", entry.allows ? "allow" : "deny"]
        return arguments
    }
}

extension Fix {
    /// The fix's AWS CLI commands, in the order they must run.
    public var awsCommands: [AWSCLICommand] { actions.map(\.awsCommand) }
}

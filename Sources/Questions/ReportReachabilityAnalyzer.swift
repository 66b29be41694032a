import Analysis
import Foundation
import NetworkModel
import Simulation

/// An answer in the shape of AWS Reachability Analyzer's `NetworkInsightsAnalysis`, as
/// `aws ec2 describe-network-insights-analyses` prints it: `{"NetworkInsightsAnalyses": [ … ]}` with `Status`,
/// `NetworkPathFound`, `ForwardPathComponents` and `ReturnPathComponents` (each a `PathComponent`: `SequenceNumber`,
/// `Component` `{Id, Name}`, and where the hop has one, the `AclRule`, `SecurityGroupRule`, `RouteTableRoute` or
/// `TransitGatewayRouteTableRoute` that let the packet through, `Subnet`, `Vpc`, `TransitGateway`, `AttachedTo`, the packet's
/// `OutboundHeader`/`InboundHeader`), and `Explanations` (one per blocker, with its `ExplanationCode`). Fields
/// Reachability Analyzer fills from the AWS account (ids of the analysis and path, ARNs, dates) are left out.
public enum ReachabilityAnalyzerJSON {
    struct Document: Encodable {
        let NetworkInsightsAnalyses: [Analysis]
    }

    struct Analysis: Encodable {
        let Status: String
        let StatusMessage: String?
        let NetworkPathFound: Bool?
        let ForwardPathComponents: [PathComponent]?
        let ReturnPathComponents: [PathComponent]?
        let Explanations: [Explanation]?
    }

    struct Component: Encodable, Hashable {
        let Id: String
        let Arn: String?
        let Name: String?
    }

    struct PortRange: Encodable {
        let From: Int
        let To: Int
    }

    struct PacketHeader: Encodable {
        let DestinationAddresses: [String]
        let DestinationPortRanges: [PortRange]?
        let `Protocol`: String
        let SourceAddresses: [String]
        let SourcePortRanges: [PortRange]?
    }

    struct AclRule: Encodable {
        let Cidr: String
        let Egress: Bool
        let PortRange: PortRange?
        let `Protocol`: String
        let RuleAction: String
        let RuleNumber: Int
    }

    struct SecurityGroupRule: Encodable {
        let Cidr: String?
        let Direction: String
        let SecurityGroupId: String
        let PortRange: PortRange?
        let PrefixListId: String?
        let `Protocol`: String
    }

    struct RouteTableRoute: Encodable {
        let DestinationCidr: String?
        let DestinationPrefixListId: String?
        let EgressOnlyInternetGatewayId: String?
        let GatewayId: String?
        let InstanceId: String?
        let NatGatewayId: String?
        let NetworkInterfaceId: String?
        let Origin: String?
        let TransitGatewayId: String?
        let VpcPeeringConnectionId: String?
        let State: String
    }

    struct TransitGatewayRouteTableRoute: Encodable {
        let DestinationCidr: String?
        let AttachmentId: String?
        let ResourceId: String?
        let ResourceType: String?
    }

    struct PathComponent: Encodable {
        let SequenceNumber: Int
        let Component: Component
        var AttachedTo: Component?
        var Subnet: Component?
        var Vpc: Component?
        var TransitGateway: Component?
        var OutboundHeader: PacketHeader?
        var InboundHeader: PacketHeader?
        var AclRule: AclRule?
        var SecurityGroupRule: SecurityGroupRule?
        var RouteTableRoute: RouteTableRoute?
        var TransitGatewayRouteTableRoute: TransitGatewayRouteTableRoute?
    }

    struct Explanation: Encodable {
        let ExplanationCode: String
        let Component: Component
        let Direction: String?
        var SecurityGroup: Component?
        var Acl: Component?
        var RouteTable: Component?
        var NetworkInterface: Component?
        var VpcPeeringConnection: Component?
        var InternetGateway: Component?
        var NatGateway: Component?
        var TransitGateway: Component?
        var TransitGatewayAttachment: Component?
        var TransitGatewayRouteTable: Component?
        var VpnGateway: Component?
        var VpcEndpoint: Component?
        var Vpc: Component?
        var Subnet: Component?
    }

    public static func render(_ result: QuestionResult, network: Network) -> String {
        let answer = result.answer
        let analysis: Analysis
        switch answer.verdict {
        case .reachable:
            analysis = Analysis(Status: "succeeded", StatusMessage: nil, NetworkPathFound: true,
                                ForwardPathComponents: components(answer.forward?.hops ?? [], packet: answer.forward?.hops.isEmpty == false ? answer.packet : nil,
                                                                  network: network),
                                ReturnPathComponents: result.oneWay ? nil : answer.returnWalk.map { components($0.hops, packet: answer.packet?.response, network: network) },
                                Explanations: nil)
        case .unreachable:
            analysis = Analysis(Status: "succeeded", StatusMessage: nil, NetworkPathFound: false, ForwardPathComponents: nil,
                                ReturnPathComponents: nil, Explanations: answer.blockers.map { explanation($0, network) })
        case .unknown(let reason):
            analysis = Analysis(Status: "failed", StatusMessage: reason, NetworkPathFound: nil, ForwardPathComponents: nil,
                                ReturnPathComponents: nil, Explanations: nil)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Document(NetworkInsightsAnalyses: [analysis])) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func component(_ id: String, _ network: Network) -> Component {
        let name = network.name(of: id)
        return Component(Id: id, Arn: nil, Name: name == id || name?.isEmpty == true ? nil : name)
    }

    static func components(_ hops: [Hop], packet: Packet?, network: Network) -> [PathComponent] {
        let shown = hops.filter { ![.internet, .onPremises, .service].contains($0.kind) }
        return shown.enumerated().map { i, hop in
            var component = PathComponent(SequenceNumber: i + 1, Component: self.component(hop.component, network))
            if hop.kind == .loadBalancer, let balancer = network.loadBalancer(hop.component) {
                component = PathComponent(SequenceNumber: i + 1, Component: Component(Id: hop.component, Arn: balancer.arn, Name: balancer.name))
            }
            switch hop.kind {
            case .networkInterface:
                if let interface = network.networkInterface(hop.component) {
                    component.AttachedTo = interface.instanceID.map { self.component($0, network) }
                    component.Subnet = self.component(interface.subnetID, network)
                    component.Vpc = self.component(interface.vpcID, network)
                }
                if let packet, i == 0 { component.OutboundHeader = header(packet) }
                if let packet, i == shown.count - 1 { component.InboundHeader = header(packet) }
            case .securityGroup:
                component.SecurityGroupRule = securityGroupRule(hop, network)
            case .networkACL:
                component.AclRule = aclRule(hop, network)
            case .routeTable:
                component.RouteTableRoute = route(hop, network)
            case .transitGatewayRouteTable:
                let gateway = network.transit.routeTable(hop.component)?.transitGatewayID
                component.TransitGateway = gateway.map { self.component($0, network) }
                if let (destination, target) = routeText(hop.detail) {
                    let attachment = gateway.flatMap { network.transit.attachment(target, on: $0) }
                    component.TransitGatewayRouteTableRoute = TransitGatewayRouteTableRoute(
                        DestinationCidr: destination, AttachmentId: target, ResourceId: attachment?.resourceID,
                        ResourceType: attachment?.resourceType.rawValue)
                }
            case .transitGatewayAttachment:
                component.TransitGateway = network.transit.attachmentEnds(hop.component).first.map { self.component($0.transitGatewayID, network) }
            default: break
            }
            return component
        }
    }

    static func protocolName(_ selector: ProtocolSelector) -> String {
        switch selector {
        case .all: "all"
        case .number(let n): protocolName(n)
        }
    }

    static func protocolName(_ n: UInt8) -> String {
        switch n {
        case IPProtocolNumber.tcp: "tcp"
        case IPProtocolNumber.udp: "udp"
        case IPProtocolNumber.icmp: "icmp"
        default: String(n)
        }
    }

    static func header(_ packet: Packet) -> PacketHeader {
        let ports = IPProtocolNumber.hasPorts(packet.ipProtocol)
        return PacketHeader(
            DestinationAddresses: [packet.destination.description],
            DestinationPortRanges: ports ? [PortRange(From: Int(packet.destinationPort), To: Int(packet.destinationPort))] : nil,
            Protocol: protocolName(packet.ipProtocol), SourceAddresses: [packet.source.description],
            SourcePortRanges: ports ? [PortRange(From: Int(packet.sourcePort), To: Int(packet.sourcePort))] : nil)
    }

    static func direction(of detail: String) -> Direction? {
        if detail.contains("outbound") { return .outbound }
        if detail.contains("inbound") { return .inbound }
        return nil
    }

    /// The security group rule whose text the hop names (`… outbound rule allows tcp/443 to 0.0.0.0/0`); nil for a
    /// response (security groups are stateful: no rule is used).
    static func securityGroupRule(_ hop: Hop, _ network: Network) -> SecurityGroupRule? {
        guard let group = network.securityGroup(hop.component), let direction = direction(of: hop.detail) else { return nil }
        guard let rule = group.rules(direction).first(where: { hop.detail.hasSuffix($0.description(direction)) }) else { return nil }
        var cidr: String?, prefixList: String?
        switch rule.peer {
        case .cidr(let prefix): cidr = prefix.description
        case .prefixList(let id): prefixList = id
        default: break
        }
        return SecurityGroupRule(Cidr: cidr, Direction: direction == .inbound ? "ingress" : "egress", SecurityGroupId: group.id,
                                 PortRange: rule.ports.map { PortRange(From: Int($0.lower), To: Int($0.upper)) },
                                 PrefixListId: prefixList, Protocol: protocolName(rule.ipProtocol))
    }

    /// The network ACL entry the hop names (`acl-… outbound rule 100 (…)`).
    static func aclRule(_ hop: Hop, _ network: Network) -> AclRule? {
        guard let acl = network.networkACL(hop.component), let direction = direction(of: hop.detail) else { return nil }
        guard let entry = acl.rules(direction).first(where: { hop.detail.contains("\(direction) \($0.description)") }) else { return nil }
        return AclRule(Cidr: entry.cidrBlock.description, Egress: direction == .outbound,
                       PortRange: entry.ports.map { PortRange(From: Int($0.lower), To: Int($0.upper)) },
                       Protocol: protocolName(entry.ipProtocol), RuleAction: entry.allows ? "allow" : "deny", RuleNumber: entry.ruleNumber)
    }

    /// "route 10.2.0.0/16 → pcx-1 …" → ("10.2.0.0/16", "pcx-1").
    static func routeText(_ detail: String) -> (String, String)? {
        let words = detail.split(separator: " ")
        guard words.count >= 4, words[0] == "route", words[2] == "→" else { return nil }
        return (String(words[1]), String(words[3]))
    }

    static func route(_ hop: Hop, _ network: Network) -> RouteTableRoute? {
        guard let table = network.routeTable(hop.component), let (destination, target) = routeText(hop.detail),
              let route = table.routes.first(where: { $0.destination.description == destination && $0.target.id == target }) else { return nil }
        var cidr: String?, prefixList: String?
        switch route.destination {
        case .cidr(let prefix): cidr = prefix.description
        case .prefixList(let id): prefixList = id
        }
        var gateway: String?, egressOnly: String?, instance: String?, nat: String?, interface: String?, transit: String?, peering: String?
        switch route.target {
        case .local: gateway = "local"
        case .internetGateway(let id), .virtualPrivateGateway(let id), .vpcEndpoint(let id), .carrierGateway(let id),
             .localGateway(let id), .coreNetwork(let id), .other(let id): gateway = id
        case .egressOnlyInternetGateway(let id): egressOnly = id
        case .natGateway(let id): nat = id
        case .peeringConnection(let id): peering = id
        case .transitGateway(let id): transit = id
        case .networkInterface(let id): interface = id
        case .instance(let id): instance = id
        }
        return RouteTableRoute(DestinationCidr: cidr, DestinationPrefixListId: prefixList, EgressOnlyInternetGatewayId: egressOnly,
                               GatewayId: gateway, InstanceId: instance, NatGatewayId: nat, NetworkInterfaceId: interface,
                               Origin: route.origin?.rawValue, TransitGatewayId: transit, VpcPeeringConnectionId: peering,
                               State: route.isActive ? "active" : "blackhole")
    }

    /// A blocker as an `Explanation`: its code, the component, the direction (`ingress`/`egress`) and the component
    /// again under the field of its type (`SecurityGroup`, `Acl`, `RouteTable`, …).
    static func explanation(_ blocker: Blocker, _ network: Network) -> Explanation {
        let id = blocker.component
        let c = component(id, network)
        var e = Explanation(ExplanationCode: blocker.code.rawValue, Component: c,
                            Direction: blocker.direction.map { $0 == .inbound ? "ingress" : "egress" })
        let prefix = id.split(separator: "-").first.map(String.init) ?? ""
        switch prefix {
        case "sg": e.SecurityGroup = c
        case "acl": e.Acl = c
        case "rtb": e.RouteTable = c
        case "eni": e.NetworkInterface = c
        case "pcx": e.VpcPeeringConnection = c
        case "igw": e.InternetGateway = c
        case "nat": e.NatGateway = c
        case "vgw": e.VpnGateway = c
        case "vpce": e.VpcEndpoint = c
        case "vpc": e.Vpc = c
        case "subnet": e.Subnet = c
        case "tgw":
            if id.hasPrefix("tgw-attach-") { e.TransitGatewayAttachment = c } else if id.hasPrefix("tgw-rtb-") { e.TransitGatewayRouteTable = c } else { e.TransitGateway = c }
        default: break
        }
        return e
    }
}

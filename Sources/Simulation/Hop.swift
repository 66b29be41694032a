/// One step of a packet's path: the component it crossed and the rule or route that let it through.
public struct Hop: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        case instance
        case networkInterface = "network-interface"
        case securityGroup = "security-group"
        case networkACL = "network-acl"
        case routeTable = "route-table"
        case peeringConnection = "peering-connection"
        case internetGateway = "internet-gateway"
        case transitGatewayAttachment = "transit-gateway-attachment"
        case transitGatewayRouteTable = "transit-gateway-route-table"
        case natGateway = "nat-gateway"
        case loadBalancer = "load-balancer"
        case vpcEndpoint = "vpc-endpoint"
        case vpnGateway = "vpn-gateway"
        case onPremises = "on-premises"
        case service
        case internet
    }

    public let component: String
    public let kind: Kind
    public let detail: String

    public init(component: String, kind: Kind, detail: String) {
        self.component = component
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(component) [\(kind.rawValue)]: \(detail)" }
}

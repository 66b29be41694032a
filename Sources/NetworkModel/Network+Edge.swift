/// Configuration facts about NAT gateways, gateway VPC endpoints, virtual private gateways and their VPN and Direct
/// Connect links, shared by the walker and the SMT encoding.
extension Network {
    // MARK: NAT gateways

    public var natGateways: [NATGateway] { edge.natGateways }
    public func natGateway(_ id: String) -> NATGateway? { edge.natGateway(id) }

    /// The NAT gateways of a VPC that are not deleted.
    public func natGateways(ofVPC vpcID: String) -> [NATGateway] {
        edge.natGateways.filter { $0.vpcID == vpcID && $0.state != .deleted }
    }

    /// The NAT gateway an interface belongs to, if it is a NAT gateway's interface.
    public func natGateway(ofInterface interface: NetworkInterface) -> NATGateway? { edge.natGateway(ofInterface: interface.id) }

    /// The network interface a NAT gateway sends and receives on.
    public func networkInterface(ofNATGateway nat: NATGateway) -> NetworkInterface? {
        if let id = nat.networkInterfaceID, let interface = networkInterface(id) { return interface }
        return nat.primaryAddress?.privateAddress.flatMap { networkInterface(privateAddress: $0) }
    }

    /// The private address a NAT gateway translates connections to.
    public func translationAddress(of nat: NATGateway) -> IPAddress? {
        nat.primaryAddress?.privateAddress ?? networkInterface(ofNATGateway: nat)?.primaryAddress
    }

    /// Whether an interface is an end of traffic, one that starts and accepts connections. A NAT gateway's
    /// interface is not: it only forwards connections started inside its VPC.
    public func isTrafficEndpoint(_ interface: NetworkInterface) -> Bool {
        interface.interfaceType != .natGateway && natGateway(ofInterface: interface) == nil
    }

    /// The interface of `vpcID` that has `address` as a private address.
    public func networkInterface(privateAddress address: IPAddress, inVPC vpcID: String) -> NetworkInterface? {
        guard let interface = networkInterface(privateAddress: address), interface.vpcID == vpcID else { return nil }
        return interface
    }

    // MARK: Egress-only internet gateways

    public var egressOnlyInternetGateways: [EgressOnlyInternetGateway] { edge.egressOnlyInternetGateways }
    public func egressOnlyInternetGateway(_ id: String) -> EgressOnlyInternetGateway? { edge.egressOnlyInternetGateway(id) }

    // MARK: Gateway endpoints

    public var vpcEndpoints: [VPCEndpoint] { edge.vpcEndpoints }
    public func vpcEndpoint(_ id: String) -> VPCEndpoint? { edge.vpcEndpoint(id) }

    /// The gateway endpoints of a VPC for a service (every service when nil), not deleted.
    public func gatewayEndpoints(ofVPC vpcID: String, service: String? = nil) -> [VPCEndpoint] {
        edge.vpcEndpoints.filter {
            $0.isGateway && $0.vpcID == vpcID && $0.state != .deleted && (service == nil || $0.serviceName == service)
        }
    }

    /// The AWS prefix list of a service (`describe-prefix-lists` names it after the service).
    public func servicePrefixList(_ serviceName: String) -> PrefixList? { prefixLists.first { $0.name == serviceName } }

    /// The addresses of a service reached through gateway endpoints: its prefix list's CIDR blocks.
    public func serviceBlocks(_ serviceName: String) -> [IPPrefix] { servicePrefixList(serviceName)?.cidrBlocks ?? [] }

    /// The gateway-endpoint services of the snapshot that `name` stands for: a full service name
    /// (`com.amazonaws.us-east-1.s3`), a prefix list id, or the short name (`s3`, `dynamodb`), in every region the
    /// snapshot has an endpoint or a prefix list for.
    public func gatewayServices(named name: String) -> [String] {
        var candidates: [String] = []
        for endpoint in edge.vpcEndpoints where endpoint.isGateway { candidates.appendIfMissing(endpoint.serviceName) }
        for list in prefixLists where list.name.hasPrefix("com.amazonaws.") { candidates.appendIfMissing(list.name) }
        if let list = prefixList(name) { return [list.name] }
        let wanted = name.lowercased()
        return candidates.filter { $0.lowercased() == wanted || VPCEndpoint.shortName(of: $0).lowercased() == wanted }
    }

    // MARK: Virtual private gateways

    public var vpnGateways: [VirtualPrivateGateway] { edge.vpnGateways }
    public func vpnGateway(_ id: String) -> VirtualPrivateGateway? { edge.vpnGateway(id) }

    /// The virtual private gateways with an attachment record for a VPC (in any attachment state), not deleted.
    public func vpnGateways(ofVPC vpcID: String) -> [VirtualPrivateGateway] {
        edge.vpnGateways.filter { $0.attachment(to: vpcID) != nil && $0.state != .deleted }
    }

    /// The virtual private gateway traffic from on premises enters a VPC through: the attached one (AWS attaches at
    /// most one to a VPC), else the first that was attached, else nil.
    public func ingressVPNGateway(ofVPC vpcID: String) -> VirtualPrivateGateway? {
        let gateways = vpnGateways(ofVPC: vpcID)
        return gateways.first { $0.attachment(to: vpcID)?.isAttached == true } ?? gateways.first
    }

    /// The links between a virtual private gateway and on-premises networks: its VPN connections and the private
    /// virtual interfaces that end on it, directly or through an associated Direct Connect gateway.
    public func onPremisesLinks(of vpnGatewayID: String) -> [OnPremisesLink] {
        var links: [OnPremisesLink] = []
        for connection in edge.vpnConnections where connection.vpnGatewayID == vpnGatewayID && connection.state != .deleted {
            var problem: String?
            if !connection.isAvailable {
                problem = "is \(connection.state)"
            } else if !connection.hasTunnelUp {
                let messages = connection.tunnels.compactMap(\.statusMessage).filter { !$0.isEmpty }
                let detail = Array(Set(messages)).sorted().joined(separator: "; ")
                problem = "has \(connection.tunnels.count == 1 ? "its tunnel" : "all \(connection.tunnels.count) tunnels") DOWN\(detail.isEmpty ? "" : " (\(detail))")"
            } else if let gateway = connection.customerGatewayID.flatMap({ edge.customerGateway($0) }), !gateway.isAvailable {
                problem = "ends on customer gateway \(gateway.id), which is \(gateway.state)"
            }
            let remote = connection.staticRoutesOnly ? connection.routes.filter(\.isAvailable).map(\.prefix) : nil
            links.append(OnPremisesLink(id: connection.id, kind: .vpn, problem: problem, remotePrefixes: remote, localPrefixes: nil))
        }
        for interface in edge.virtualInterfaces where interface.virtualGatewayID == vpnGatewayID && interface.state != .deleted {
            links.append(OnPremisesLink(id: interface.id, kind: .directConnect, problem: Self.problem(of: interface),
                                        remotePrefixes: nil, localPrefixes: nil))
        }
        for association in edge.directConnectGatewayAssociations
        where association.gatewayID == vpnGatewayID && association.state != .disassociated {
            let gateway = edge.directConnectGateway(association.directConnectGatewayID)
            for interface in edge.virtualInterfaces
            where interface.directConnectGatewayID == association.directConnectGatewayID && interface.type == .private && interface.state != .deleted {
                var problem = Self.problem(of: interface)
                if !association.isAssociated {
                    problem = "reaches \(vpnGatewayID) through Direct Connect gateway \(association.directConnectGatewayID), whose association is \(association.state)"
                } else if let gateway, !gateway.isAvailable {
                    problem = "reaches \(vpnGatewayID) through Direct Connect gateway \(gateway.id), which is \(gateway.state)"
                }
                links.append(OnPremisesLink(id: interface.id, kind: .directConnect, problem: problem, remotePrefixes: nil,
                                            localPrefixes: association.allowedPrefixes.isEmpty ? nil : association.allowedPrefixes,
                                            via: association.directConnectGatewayID))
            }
        }
        return links
    }

    private static func problem(of interface: VirtualInterface) -> String? {
        if !interface.isAvailable { return "is \(interface.state)" }
        if !interface.hasBGPUp { return "has no BGP session up" }
        return nil
    }

    /// The link of a virtual private gateway that carries traffic between a VPC address and an on-premises
    /// address, nil when none does.
    public func onPremisesLink(of vpnGatewayID: String, vpcAddress: IPAddress, remote: IPAddress) -> OnPremisesLink? {
        onPremisesLinks(of: vpnGatewayID).first { $0.carries(vpcAddress: vpcAddress, remote: remote) }
    }

    // MARK: Gateway route tables

    /// The route table with an edge association to a gateway (igw-, vgw-) in a VPC: it routes the traffic that
    /// enters the VPC through that gateway.
    public func edgeRouteTable(ofGateway gatewayID: String, vpc vpcID: String) -> RouteTable? {
        routeTables.first { $0.vpcID == vpcID && $0.gatewayIDs.contains(gatewayID) }
    }

    /// Whether a route target takes packets out of every VPC for good: a gateway endpoint (to its service) or a
    /// virtual private gateway (on premises), as the snapshot describes them. A NAT gateway or an appliance routes
    /// the packet again, and a target the snapshot does not describe may do anything.
    public func endsOutsideVPCs(_ target: RouteTarget) -> Bool {
        switch target {
        case .vpcEndpoint(let id): vpcEndpoint(id)?.isGateway == true
        case .virtualPrivateGateway(let id): vpnGateway(id) != nil
        default: false
        }
    }

    /// The name of a NAT gateway, endpoint, VPN or Direct Connect resource.
    public func edgeName(of id: String) -> String? { edge.name(of: id) }
}

/// A link between a virtual private gateway and an on-premises network: a VPN connection or a Direct Connect
/// private virtual interface.
public struct OnPremisesLink: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case vpn = "VPN connection"
        case directConnect = "Direct Connect virtual interface"
    }

    public let id: String
    public let kind: Kind
    /// Why it carries no traffic ("has both tunnels DOWN", "is down"), nil when it does.
    public let problem: String?
    /// The on-premises blocks it carries: a static VPN's routes; nil for any (BGP: routes the snapshot does not show).
    public let remotePrefixes: [IPPrefix]?
    /// The VPC-side blocks it carries: a Direct Connect gateway association's allowed prefixes; nil for any.
    public let localPrefixes: [IPPrefix]?
    /// The Direct Connect gateway in between, if any.
    public let via: String?

    public init(id: String, kind: Kind, problem: String?, remotePrefixes: [IPPrefix]?, localPrefixes: [IPPrefix]?, via: String? = nil) {
        self.id = id
        self.kind = kind
        self.problem = problem
        self.remotePrefixes = remotePrefixes
        self.localPrefixes = localPrefixes
        self.via = via
    }

    public var isUp: Bool { problem == nil }

    public func carries(vpcAddress: IPAddress, remote: IPAddress) -> Bool {
        guard isUp else { return false }
        if let remotePrefixes, !remotePrefixes.contains(where: { $0.contains(remote) }) { return false }
        if let localPrefixes, !localPrefixes.contains(where: { $0.contains(vpcAddress) }) { return false }
        return true
    }

    public var description: String { "\(kind.rawValue) \(id)" }
}

extension Array where Element: Equatable {
    mutating func appendIfMissing(_ element: Element) { if !contains(element) { append(element) } }
}

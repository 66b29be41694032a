/// Encoding a network's values (for the reader's cache of loaded snapshots): the resources as the snapshot described
/// them, never the lookups built from them, which decoding builds again through the same initialisers a reader uses.
/// Every resource type is `Codable` by the compiler's own conformance, so a stored property added to one is encoded
/// without more code; the containers below (which hold lookups beside their resources) list their resources here.

extension IPAddress: Codable {
    /// The family, then the value as two 64-bit halves (IPv4: the high half is zero).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(family)
        try container.encode(UInt64(truncatingIfNeeded: value >> 64))
        try container.encode(UInt64(truncatingIfNeeded: value))
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let family = try container.decode(AddressFamily.self)
        let high = try container.decode(UInt64.self), low = try container.decode(UInt64.self)
        let value = UInt128(high) << 64 | UInt128(low)
        guard value <= family.maximum else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an \(family) address out of range")
        }
        self.init(family: family, value: value)
    }
}

extension Network: Codable {
    private enum CodingKeys: String, CodingKey {
        case vpcs, subnets, routeTables, peeringConnections, securityGroups, networkACLs, internetGateways, instances
        case networkInterfaces, prefixLists, transit, edge, loadBalancing, completeness, dnsHostnames
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vpcs, forKey: .vpcs)
        try container.encode(subnets, forKey: .subnets)
        try container.encode(routeTables, forKey: .routeTables)
        try container.encode(peeringConnections, forKey: .peeringConnections)
        try container.encode(securityGroups, forKey: .securityGroups)
        try container.encode(networkACLs, forKey: .networkACLs)
        try container.encode(internetGateways, forKey: .internetGateways)
        try container.encode(instances, forKey: .instances)
        try container.encode(networkInterfaces, forKey: .networkInterfaces)
        try container.encode(prefixLists, forKey: .prefixLists)
        try container.encode(transit, forKey: .transit)
        try container.encode(edge, forKey: .edge)
        try container.encode(loadBalancing, forKey: .loadBalancing)
        try container.encode(completeness, forKey: .completeness)
        // In name order, so that one network always encodes to the same bytes.
        let hostnames = dnsHostnames.sorted { $0.key < $1.key }
        try container.encode(hostnames.map(\.key), forKey: .dnsHostnames)
        try container.encode(hostnames.map(\.value), forKey: .dnsHostnames)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(vpcs: try container.decode([VPC].self, forKey: .vpcs),
                  subnets: try container.decode([Subnet].self, forKey: .subnets),
                  routeTables: try container.decode([RouteTable].self, forKey: .routeTables),
                  peeringConnections: try container.decode([VPCPeeringConnection].self, forKey: .peeringConnections),
                  securityGroups: try container.decode([SecurityGroup].self, forKey: .securityGroups),
                  networkACLs: try container.decode([NetworkACL].self, forKey: .networkACLs),
                  internetGateways: try container.decode([InternetGateway].self, forKey: .internetGateways),
                  instances: try container.decode([Instance].self, forKey: .instances),
                  networkInterfaces: try container.decode([NetworkInterface].self, forKey: .networkInterfaces),
                  prefixLists: try container.decode([PrefixList].self, forKey: .prefixLists),
                  transit: try container.decode(TransitGatewayConfiguration.self, forKey: .transit),
                  edge: try container.decode(EdgeResources.self, forKey: .edge),
                  loadBalancing: try container.decode(LoadBalancing.self, forKey: .loadBalancing))
        completeness = try container.decode(SnapshotCompleteness.self, forKey: .completeness)
        let names = try container.decode([String].self, forKey: .dnsHostnames)
        let hostnames = try container.decode([DNSHostname].self, forKey: .dnsHostnames)
        guard names.count == hostnames.count else {
            throw DecodingError.dataCorruptedError(forKey: .dnsHostnames, in: container, debugDescription: "names and hostnames differ in number")
        }
        dnsHostnames = Dictionary(zip(names, hostnames), uniquingKeysWith: { first, _ in first })
    }
}

extension TransitGatewayConfiguration: Codable {
    private enum CodingKeys: String, CodingKey { case gateways, attachments, routeTables }

    /// The gateways, attachments and route tables; a network's `init` works out the forwarding order again.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gateways, forKey: .gateways)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(routeTables, forKey: .routeTables)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(gateways: try container.decode([TransitGateway].self, forKey: .gateways),
                  attachments: try container.decode([TransitGatewayAttachment].self, forKey: .attachments),
                  routeTables: try container.decode([TransitGatewayRouteTable].self, forKey: .routeTables))
    }
}

extension EdgeResources: Codable {
    private enum CodingKeys: String, CodingKey {
        case natGateways, vpcEndpoints, vpnGateways, vpnConnections, customerGateways, virtualInterfaces
        case directConnectGateways, directConnectGatewayAssociations, egressOnlyInternetGateways
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(natGateways, forKey: .natGateways)
        try container.encode(vpcEndpoints, forKey: .vpcEndpoints)
        try container.encode(vpnGateways, forKey: .vpnGateways)
        try container.encode(vpnConnections, forKey: .vpnConnections)
        try container.encode(customerGateways, forKey: .customerGateways)
        try container.encode(virtualInterfaces, forKey: .virtualInterfaces)
        try container.encode(directConnectGateways, forKey: .directConnectGateways)
        try container.encode(directConnectGatewayAssociations, forKey: .directConnectGatewayAssociations)
        try container.encode(egressOnlyInternetGateways, forKey: .egressOnlyInternetGateways)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(natGateways: try container.decode([NATGateway].self, forKey: .natGateways),
                  vpcEndpoints: try container.decode([VPCEndpoint].self, forKey: .vpcEndpoints),
                  vpnGateways: try container.decode([VirtualPrivateGateway].self, forKey: .vpnGateways),
                  vpnConnections: try container.decode([VPNConnection].self, forKey: .vpnConnections),
                  customerGateways: try container.decode([CustomerGateway].self, forKey: .customerGateways),
                  virtualInterfaces: try container.decode([VirtualInterface].self, forKey: .virtualInterfaces),
                  directConnectGateways: try container.decode([DirectConnectGateway].self, forKey: .directConnectGateways),
                  directConnectGatewayAssociations: try container.decode([DirectConnectGatewayAssociation].self,
                                                                         forKey: .directConnectGatewayAssociations),
                  egressOnlyInternetGateways: try container.decode([EgressOnlyInternetGateway].self, forKey: .egressOnlyInternetGateways))
    }
}

extension LoadBalancing: Codable {
    private enum CodingKeys: String, CodingKey { case loadBalancers, targetGroups }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(loadBalancers, forKey: .loadBalancers)
        try container.encode(targetGroups, forKey: .targetGroups)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(loadBalancers: try container.decode([LoadBalancer].self, forKey: .loadBalancers),
                  targetGroups: try container.decode([TargetGroup].self, forKey: .targetGroups))
    }
}

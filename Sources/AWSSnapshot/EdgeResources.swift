import NetworkModel

/// What the NAT gateway, egress-only internet gateway, VPC endpoint, VPN and Direct Connect outputs of a snapshot
/// say, collected file by file (`NATGateways.swift`, `InternetGateways.swift`, `VPCEndpoints.swift`,
/// `VPNGateways.swift`, `DirectConnect.swift`) and put together once every file is read.
struct EdgeParts {
    var natGateways = ResourceList<NATGateway>()
    var egressOnlyInternetGateways = ResourceList<EgressOnlyInternetGateway>()
    var vpcEndpoints = ResourceList<VPCEndpoint>()
    var vpnGateways = ResourceList<VirtualPrivateGateway>()
    var vpnConnections = ResourceList<VPNConnection>()
    var customerGateways = ResourceList<CustomerGateway>()
    var virtualInterfaces = ResourceList<VirtualInterface>()
    var directConnectGateways = ResourceList<DirectConnectGateway>()
    var directConnectGatewayAssociations = ResourceList<DirectConnectGatewayAssociation>()

    /// The top-level keys these outputs print. The Direct Connect API (`aws directconnect …`) prints lowerCamelCase
    /// keys; some collectors rewrite them in the EC2 style, so both spellings are read.
    static let keys: Set<String> = [
        "NatGateways", "EgressOnlyInternetGateways", "VpcEndpoints", "VpnGateways", "VpnConnections", "CustomerGateways",
        "virtualInterfaces", "VirtualInterfaces", "directConnectGateways", "DirectConnectGateways",
        "directConnectGatewayAssociations", "DirectConnectGatewayAssociations",
    ]

    var resources: EdgeResources {
        EdgeResources(natGateways: natGateways.items, vpcEndpoints: vpcEndpoints.items, vpnGateways: vpnGateways.items,
                      vpnConnections: vpnConnections.items, customerGateways: customerGateways.items,
                      virtualInterfaces: virtualInterfaces.items, directConnectGateways: directConnectGateways.items,
                      directConnectGatewayAssociations: directConnectGatewayAssociations.items,
                      egressOnlyInternetGateways: egressOnlyInternetGateways.items)
    }
}

extension SnapshotBuilder {
    /// Reads one key of `EdgeParts.keys`.
    mutating func readEdgeKey(_ key: String, _ node: JSONNode, from file: SourceFile) throws(SnapshotError) {
        switch key {
        case "NatGateways": try readNATGateways(node, from: file)
        case "EgressOnlyInternetGateways": try readEgressOnlyInternetGateways(node, from: file)
        case "VpcEndpoints": try readVPCEndpoints(node, from: file)
        case "VpnGateways": try readVPNGateways(node, from: file)
        case "VpnConnections": try readVPNConnections(node, from: file)
        case "CustomerGateways": try readCustomerGateways(node, from: file)
        case "virtualInterfaces", "VirtualInterfaces": try readVirtualInterfaces(node, from: file)
        case "directConnectGateways", "DirectConnectGateways": try readDirectConnectGateways(node, from: file)
        case "directConnectGatewayAssociations", "DirectConnectGatewayAssociations":
            try readDirectConnectGatewayAssociations(node, from: file)
        default: break
        }
    }
}

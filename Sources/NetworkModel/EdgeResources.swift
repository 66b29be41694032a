/// What a VPC reaches beyond its peerings and internet gateways: NAT gateways, egress-only internet gateways, VPC
/// endpoints, virtual private gateways with their VPN connections and customer gateways, and Direct Connect virtual interfaces and gateways.
/// `Network+Edge.swift` holds the facts the walker and the SMT encoding share.
public struct EdgeResources: Sendable {
    public private(set) var natGateways: [NATGateway]
    public private(set) var vpcEndpoints: [VPCEndpoint]
    public private(set) var vpnGateways: [VirtualPrivateGateway]
    public private(set) var vpnConnections: [VPNConnection]
    public private(set) var customerGateways: [CustomerGateway]
    public private(set) var virtualInterfaces: [VirtualInterface]
    public private(set) var directConnectGateways: [DirectConnectGateway]
    public private(set) var directConnectGatewayAssociations: [DirectConnectGatewayAssociation]
    public private(set) var egressOnlyInternetGateways: [EgressOnlyInternetGateway]

    private var natIndex: [String: Int] = [:]
    private var natOfInterface: [String: Int] = [:]
    private var endpointIndex: [String: Int] = [:]
    private var vpnGatewayIndex: [String: Int] = [:]
    private var vpnConnectionIndex: [String: Int] = [:]
    private var customerGatewayIndex: [String: Int] = [:]
    private var virtualInterfaceIndex: [String: Int] = [:]
    private var directConnectGatewayIndex: [String: Int] = [:]
    private var egressOnlyGatewayIndex: [String: Int] = [:]

    public init(natGateways: [NATGateway] = [], vpcEndpoints: [VPCEndpoint] = [], vpnGateways: [VirtualPrivateGateway] = [],
                vpnConnections: [VPNConnection] = [], customerGateways: [CustomerGateway] = [], virtualInterfaces: [VirtualInterface] = [],
                directConnectGateways: [DirectConnectGateway] = [], directConnectGatewayAssociations: [DirectConnectGatewayAssociation] = [],
                egressOnlyInternetGateways: [EgressOnlyInternetGateway] = []) {
        self.natGateways = natGateways
        self.vpcEndpoints = vpcEndpoints
        self.vpnGateways = vpnGateways
        self.vpnConnections = vpnConnections
        self.customerGateways = customerGateways
        self.virtualInterfaces = virtualInterfaces
        self.directConnectGateways = directConnectGateways
        self.directConnectGatewayAssociations = directConnectGatewayAssociations
        self.egressOnlyInternetGateways = egressOnlyInternetGateways
        func index<T>(_ items: [T], _ id: (T) -> String) -> [String: Int] {
            var result: [String: Int] = [:]
            for (i, item) in items.enumerated() where result[id(item)] == nil { result[id(item)] = i }
            return result
        }
        natIndex = index(natGateways, \.id)
        for (i, nat) in natGateways.enumerated() {
            for interface in nat.addresses.compactMap(\.networkInterfaceID) where natOfInterface[interface] == nil { natOfInterface[interface] = i }
        }
        endpointIndex = index(vpcEndpoints, \.id)
        vpnGatewayIndex = index(vpnGateways, \.id)
        vpnConnectionIndex = index(vpnConnections, \.id)
        customerGatewayIndex = index(customerGateways, \.id)
        virtualInterfaceIndex = index(virtualInterfaces, \.id)
        directConnectGatewayIndex = index(directConnectGateways, \.id)
        egressOnlyGatewayIndex = index(egressOnlyInternetGateways, \.id)
    }

    public var isEmpty: Bool {
        natGateways.isEmpty && vpcEndpoints.isEmpty && vpnGateways.isEmpty && vpnConnections.isEmpty && customerGateways.isEmpty
            && virtualInterfaces.isEmpty && directConnectGateways.isEmpty && directConnectGatewayAssociations.isEmpty
            && egressOnlyInternetGateways.isEmpty
    }

    public func natGateway(_ id: String) -> NATGateway? { natIndex[id].map { natGateways[$0] } }
    /// The NAT gateway whose network interface this is.
    public func natGateway(ofInterface id: String) -> NATGateway? { natOfInterface[id].map { natGateways[$0] } }
    public func vpcEndpoint(_ id: String) -> VPCEndpoint? { endpointIndex[id].map { vpcEndpoints[$0] } }
    public func vpnGateway(_ id: String) -> VirtualPrivateGateway? { vpnGatewayIndex[id].map { vpnGateways[$0] } }
    public func vpnConnection(_ id: String) -> VPNConnection? { vpnConnectionIndex[id].map { vpnConnections[$0] } }
    public func customerGateway(_ id: String) -> CustomerGateway? { customerGatewayIndex[id].map { customerGateways[$0] } }
    public func virtualInterface(_ id: String) -> VirtualInterface? { virtualInterfaceIndex[id].map { virtualInterfaces[$0] } }
    public func directConnectGateway(_ id: String) -> DirectConnectGateway? { directConnectGatewayIndex[id].map { directConnectGateways[$0] } }
    public func egressOnlyInternetGateway(_ id: String) -> EgressOnlyInternetGateway? { egressOnlyGatewayIndex[id].map { egressOnlyInternetGateways[$0] } }

    /// A resource's Name tag (the name of a Direct Connect resource), nil when it has none or is not one of these.
    public func name(of id: String) -> String? {
        if let nat = natGateway(id) { return nat.tags.name }
        if let endpoint = vpcEndpoint(id) { return endpoint.tags.name }
        if let gateway = vpnGateway(id) { return gateway.tags.name }
        if let connection = vpnConnection(id) { return connection.tags.name }
        if let gateway = customerGateway(id) { return gateway.tags.name }
        if let interface = virtualInterface(id) { return interface.tags.name ?? interface.name }
        if let gateway = directConnectGateway(id) { return gateway.tags.name ?? gateway.name }
        if let gateway = egressOnlyInternetGateway(id) { return gateway.tags.name }
        return nil
    }
}

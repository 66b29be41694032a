import NetworkModel

/// What the forward packet of a flow met that its response depends on, the way AWS's stateful components
/// remember a connection: the NAT gateway that translated it, the gateway endpoint or virtual private gateway it
/// left by, the appliances whose security groups saw it. A walk records it on the forward leg; the return walk
/// is given it.
public struct ConnectionState: Hashable, Sendable {
    /// A NAT gateway's translation of one connection.
    public struct NATBinding: Hashable, Sendable {
        public let gateway: String
        /// The NAT gateway's network interface.
        public let interface: String
        /// The client's address and source port, before translation.
        public let client: IPAddress
        public let clientPort: UInt16
        /// The NAT gateway's private address and the source port it gave the connection.
        public let address: IPAddress
        public let port: UInt16

        public init(gateway: String, interface: String, client: IPAddress, clientPort: UInt16, address: IPAddress, port: UInt16) {
            self.gateway = gateway
            self.interface = interface
            self.client = client
            self.clientPort = clientPort
            self.address = address
            self.port = port
        }
    }

    public var nat: NATBinding?
    /// The gateway endpoint (vpce-…), virtual private gateway (vgw-…) or egress-only internet gateway (eigw-…)
    /// the forward packet left its VPC by: the response comes back in by it.
    public var exit: String?
    /// Appliance interfaces the forward packet crossed, whose security groups track the flow.
    public var appliances: [String] = []

    public init(nat: NATBinding? = nil, exit: String? = nil, appliances: [String] = []) {
        self.nat = nat
        self.exit = exit
        self.appliances = appliances
    }
}

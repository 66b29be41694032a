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

    /// A load balancer node's forwarding of one connection (`Components/LoadBalancer.swift`).
    public struct LoadBalancerBinding: Hashable, Sendable {
        /// The load balancer's ARN, its node's interface and the target's interface.
        public let loadBalancer: String
        public let node: String
        public let target: String
        /// The client's address and source port, and the node address and listener port it connected to.
        public let client: IPAddress
        public let clientPort: UInt16
        public let address: IPAddress
        public let listenerPort: UInt16
        /// The source address of the node's packet to the target (its own, or the client's when preserved).
        public let source: IPAddress
        public let preservesClientIP: Bool

        public init(loadBalancer: String, node: String, target: String, client: IPAddress, clientPort: UInt16, address: IPAddress,
                    listenerPort: UInt16, source: IPAddress, preservesClientIP: Bool) {
            self.loadBalancer = loadBalancer
            self.node = node
            self.target = target
            self.client = client
            self.clientPort = clientPort
            self.address = address
            self.listenerPort = listenerPort
            self.source = source
            self.preservesClientIP = preservesClientIP
        }
    }

    public var nat: NATBinding?
    /// The load balancer node that forwarded the connection.
    public var loadBalancer: LoadBalancerBinding?
    /// The target interface a load balancer picks for the connection (AWS's flow hash), given to the forward walk;
    /// nil: the first target that delivers. The node itself: the connection is the client's to the load balancer,
    /// which a listener that is a proxy ends (`LoadBalancer+Ends.swift`).
    public var loadBalancerTarget: String?
    /// The gateway endpoint (vpce-…), virtual private gateway (vgw-…) or egress-only internet gateway (eigw-…)
    /// the forward packet left its VPC by: the response comes back in by it.
    public var exit: String?
    /// Appliance interfaces the forward packet crossed, whose security groups track the flow.
    public var appliances: [String] = []

    public init(nat: NATBinding? = nil, exit: String? = nil, appliances: [String] = [], loadBalancerTarget: String? = nil) {
        self.nat = nat
        self.loadBalancerTarget = loadBalancerTarget
        self.exit = exit
        self.appliances = appliances
    }
}

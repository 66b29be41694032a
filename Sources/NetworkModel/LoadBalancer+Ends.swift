/// A load balancer node as the end of a query rather than a hop on the way to a target (both engines read these
/// rules from here).
///
/// - As the destination (the load balancer named by name, ARN or DNS name, or one of its nodes' addresses): a
///   listener that ends the client's connection (every listener of an Application or Classic Load Balancer, a TLS
///   listener of a Network Load Balancer: the load balancer is a proxy and opens a connection of its own to a
///   target) delivers the packet at the node; the response comes from the address the client connected to. What
///   happens behind it is another connection (`can internet reach web-1` asks about that one). A Network Load
///   Balancer's TCP, UDP and TCP_UDP listeners pass the client's connection through: the handshake is the
///   target's, so the packet is delivered only at a target, as for a query to the target.
/// - As the source: a node is no host that starts arbitrary connections. What it sends on its own is the back leg
///   of a connection a listener forwards (to a target it routes to, on the target's port, with the listener's
///   protocol) and health checks (TCP, to the same targets on the health check's port), from its private address,
///   through its security groups outbound only when the load balancer has them. Anything else it never sends: the
///   answer is unreachable and says so (no change of configuration makes a node send it).
extension Listener {
    /// Whether the load balancer ends the client's connection at this listener (a proxy) rather than passing it on
    /// to a target (a Network Load Balancer's TCP, UDP and TCP_UDP listeners).
    public func endsConnection(on type: LoadBalancerType) -> Bool {
        type != .network || listenerProtocol.uppercased() == "TLS"
    }
}

/// What a load balancer node sends on its own: to `address` (a target's interface `interfaceID`) on one of `ports`,
/// with one of `protocols`.
public struct LoadBalancerBackLeg: Hashable, Sendable {
    public let interfaceID: String
    public let address: IPAddress
    public let ports: [UInt16]
    public let protocols: [UInt8]

    public init(interfaceID: String, address: IPAddress, ports: [UInt16], protocols: [UInt8]) {
        self.interfaceID = interfaceID
        self.address = address
        self.ports = ports
        self.protocols = protocols
    }

    public func admits(destination: IPAddress, port: UInt16, ipProtocol: UInt8) -> Bool {
        destination == address && ports.contains(port) && protocols.contains(ipProtocol)
    }
}

extension Network {
    /// Every packet a node starts on its own, as `LoadBalancerBackLeg`s: for each listener, the targets the node
    /// routes to today (`forwards`) on the target's port with the listener's protocols, and on the target group's
    /// health check port over TCP. Empty when the load balancer is not followed or forwards to nothing.
    public func backLegs(of node: NetworkInterface, family: AddressFamily) -> [LoadBalancerBackLeg] {
        guard let loadBalancer = loadBalancer(ofInterface: node), loadBalancer.isModelled, loadBalancer.forwardsTraffic else { return [] }
        var result: [LoadBalancerBackLeg] = []
        for listener in loadBalancer.listeners {
            let protocols = [IPProtocolNumber.tcp, IPProtocolNumber.udp].filter { listener.carries($0) }
            for forward in forwards(of: loadBalancer, node: node, listener: listener, family: family).forwards {
                result.append(LoadBalancerBackLeg(interfaceID: forward.interface.id, address: forward.address, ports: [forward.port], protocols: protocols))
                if let text = forward.targetGroup.healthCheck?.port, let port = UInt16(text), port != forward.port {
                    result.append(LoadBalancerBackLeg(interfaceID: forward.interface.id, address: forward.address, ports: [port],
                                                      protocols: [IPProtocolNumber.tcp]))
                }
            }
        }
        var seen: Set<LoadBalancerBackLeg> = []
        return result.filter { seen.insert($0).inserted }
    }
}

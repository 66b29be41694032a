import NetworkModel

/// The reference semantics of PathProof: follows one concrete packet through the network, hop by hop, the way
/// AWS's data plane forwards and filters it. Plain Swift, independent of the SMT encoding; every witness the
/// solver finds is replayed here.
///
/// Each AWS component's rules live in one file of `Components/` (an extension of `Trip`), named as the file of
/// the SMT encoding that mirrors it in `Analysis/Encoding/`: `NetworkInterface`, `SecurityGroup`, `NetworkACL`,
/// `RouteTable` (which picks a route and hands the packet to its target's component), `VPCPeeringConnection`,
/// `InternetGateway`, `EgressOnlyInternetGateway`, `NATGateway`, `Appliance`, `GatewayEndpoint`,
/// `VirtualPrivateGateway`, `TransitGateway` and `LoadBalancer`. Both address families go through the same files.
public struct PacketWalker: Sendable {
    public let network: Network

    public init(network: Network) { self.network = network }

    /// Follows `packet` from `origin`. On the `.return` leg the packet is a response: security groups let it
    /// through (they are stateful); network ACLs and routes apply as to any packet. `state` is, on the return leg,
    /// the forward walk's `state` (the NAT gateway, gateway endpoint or VPN gateway the request used).
    public func walk(_ packet: Packet, from origin: Location, leg: Leg, state: ConnectionState = ConnectionState()) -> Walk {
        var trip = Trip(walker: self, leg: leg, state: state)
        let outcome: Walk.Outcome
        switch origin {
        case .networkInterface(let id):
            outcome = trip.send(packet, fromInterface: id)
        case .internet:
            trip.hops.append(Hop(component: "internet", kind: .internet, detail: "sends \(packet)"))
            outcome = trip.fromInternet(packet)
        case .service(let name):
            outcome = trip.fromService(packet, name)
        case .onPremises:
            trip.hops.append(Hop(component: "on-premises", kind: .onPremises, detail: "sends \(packet)"))
            outcome = trip.fromOnPremises(packet)
        }
        return Walk(hops: trip.hops, outcome: outcome, state: trip.state)
    }

}

/// The mutable state of one walk.
struct Trip {
    let walker: PacketWalker
    let leg: Leg
    var hops: [Hop] = []
    /// Recorded on the forward leg, read on the return leg (`ConnectionState`).
    var state: ConnectionState
    /// The appliances this leg crossed (`Components/Appliance.swift`).
    var crossed: [String] = []
    var network: Network { walker.network }

    init(walker: PacketWalker, leg: Leg, state: ConnectionState = ConnectionState()) {
        self.walker = walker
        self.leg = leg
        self.state = state
    }

    func name(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }

    func describe(_ packet: Packet) -> String { walker.describe(packet) }
}

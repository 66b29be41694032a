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
    /// The network, held by reference: a walk keeps its walker, and a copy of a `Network` value retains each of its
    /// many tables.
    public var network: Network { unsafeAddress { UnsafePointer(held.network) } }
    let held: NetworkHolder
    /// Whether walks record their hops (and the rules that let the packet through). A walker that does not
    /// (`recordingHops: false`) gives the same outcomes, drops and connection state with `hops` empty: what a
    /// whole-network matrix, which reads only outcomes, needs, without spelling out a sentence per hop.
    public let recordsHops: Bool

    public init(network: Network, recordingHops: Bool = true) {
        self.held = NetworkHolder(network)
        self.recordsHops = recordingHops
    }

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
        return Walk(hops: trip.hops.list, outcome: outcome, state: trip.state)
    }

}

/// The mutable state of one walk.
struct Trip {
    let walker: PacketWalker
    let leg: Leg
    var hops: HopLog
    /// Recorded on the forward leg, read on the return leg (`ConnectionState`).
    var state: ConnectionState
    /// The appliances this leg crossed (`Components/Appliance.swift`).
    var crossed: [String] = []
    /// The walker's network, lent rather than copied (a copy of `Network` retains each of its many tables).
    var network: Network { unsafeAddress { UnsafePointer(walker.held.network) } }

    init(walker: PacketWalker, leg: Leg, state: ConnectionState = ConnectionState()) {
        self.walker = walker
        self.leg = leg
        self.state = state
        hops = HopLog(records: walker.recordsHops)
    }

    /// A copy of the trip so far to try one way on, with hops of its own.
    func branch() -> Trip {
        var copy = self
        copy.hops = hops.copy()
        return copy
    }

    func name(_ id: String) -> String { network.name(of: id).map { " \($0)" } ?? "" }

    func describe(_ packet: Packet) -> String { walker.describe(packet) }
}

/// The hops of a walk; a walker that records none makes no hop, nor its sentence, at all. A reference, so that
/// making a hop may read the trip it is appended to.
final class HopLog {
    let records: Bool
    private(set) var list: [Hop] = []

    init(records: Bool) { self.records = records }

    func append(_ hop: @autoclosure () -> Hop) {
        if records { list.append(hop()) }
    }

    func copy() -> HopLog {
        let copy = HopLog(records: records)
        copy.list = list
        return copy
    }
}

/// A network shared by the copies of a walker, at a fixed address: it is read in place, never copied.
final class NetworkHolder: @unchecked Sendable {
    /// Initialised once, never changed until the holder goes.
    let network: UnsafeMutablePointer<Network>

    init(_ value: Network) {
        network = .allocate(capacity: 1)
        network.initialize(to: value)
    }

    deinit {
        network.deinitialize(count: 1)
        network.deallocate()
    }
}

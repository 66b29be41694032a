import NetworkModel
import Simulation
import SMT

extension ReachabilityEngine {
    /// The witness of a query that asks about one packet, found by the walker instead of Z3.
    ///
    /// When the query's ends allow one source and one destination address (`Encoding.pins`) and its traffic fixes
    /// every other field (`TrafficSpec.fixesEveryField`: ping), only one packet satisfies the query's constraints,
    /// so a model of the reachability check (step 1 of `answer`) can only be that packet. The walker, whose
    /// semantics the encoding shares (the agreement tests), decides it exactly: when it delivers the packet at the
    /// end of a candidate path and brings its response back, some candidate path's conditions hold for it, so the
    /// check is satisfiable and this is its witness, replayed as every witness is. The answer is the one the solver
    /// would give, without its fixed cost. It applies only where every candidate path is described in full (its
    /// verdict rests on its whole formula, `Alternative.provable`); anything else, and every packet the walker does
    /// not get there and back, goes to Z3 as before (an unreachable verdict is always Z3's proof).
    func concreteWitness(_ query: TrafficQuery, _ encoding: Encoding) -> (Packet, Alternative, Walk, Walk?)? {
        guard walksOnePacketQueries, query.sources.count == 1, query.destinations.count == 1, query.traffic.fixesEveryField,
              case .interface = query.sources[0], case .interface = query.destinations[0],
              let source = encoding.pinnedAddresses.source, let destination = encoding.pinnedAddresses.destination,
              !encoding.alternatives.isEmpty,
              encoding.alternatives.allSatisfy({ alternative in alternative.provable.map { $0 === alternative.formula } ?? false }),
              let ipProtocol = query.traffic.ipProtocol else { return nil }
        let packet = Packet(source: source, destination: destination, ipProtocol: ipProtocol,
                            sourcePort: query.traffic.sourcePorts.lower, destinationPort: query.traffic.destinationPorts?.lower ?? 0,
                            icmpType: query.traffic.icmpType ?? 0, icmpCode: query.traffic.icmpCode ?? 0)
        let origin = query.sources[0].location
        let forward = walker.walk(packet, from: origin, leg: .forward, state: ConnectionState(loadBalancerTarget: nil))
        // Delivered where a candidate path without a load balancer's choice ends (a load balancer's target is the
        // solver's pick: left to it).
        guard let delivered = forward.deliveredPacket, let at = forward.deliveredAt, delivered == packet,
              let chosen = encoding.alternatives.first(where: { $0.forward.location == at && $0.forward.state.loadBalancer == nil }) else { return nil }
        guard !query.oneWay, let response = delivered.response else { return (packet, chosen, forward, nil) }
        let back = walker.walk(response, from: at, leg: .return, state: forward.state)
        guard back.deliveredAt == origin, back.deliveredPacket?.destination == packet.source else { return nil }
        return (packet, chosen, forward, back)
    }
}

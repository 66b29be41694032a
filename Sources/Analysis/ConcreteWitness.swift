import Foundation
import NetworkModel
import Simulation
import SMT

extension ReachabilityEngine {
    /// The answer to a query that asks about one packet, when the walker gets that packet there and back: found
    /// without Z3, without a Z3 context and without a term Z3 would have to build.
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
    ///
    /// The candidate paths (their count, which the answer gives, their ends, whether each is described in full)
    /// are enumerated by the encoder itself over a structural context (`SMTContext.structural()`): the same code,
    /// hence the same paths, with terms that are only their sort. The packet is walked first, from the ends' own
    /// addresses, so that a packet the walker does not get there and back costs no enumeration at all: where the
    /// encoding pins both addresses, the pins are those addresses (they are the one address each end allows).
    func walkedAnswer(_ query: TrafficQuery, explainingUnreachable: Bool, started: Date, phases: PhaseTimes.Recorder?) -> Answer? {
        guard walksOnePacketQueries, query.sources.count == 1, query.destinations.count == 1, query.traffic.fixesEveryField,
              case .interface(_, let sourceAddresses) = query.sources[0], case .interface(_, let destinationAddresses) = query.destinations[0],
              let source = Self.onlyAddress(sourceAddresses, query.family), let destination = Self.onlyAddress(destinationAddresses, query.family),
              let ipProtocol = query.traffic.ipProtocol else { return nil }
        let packet = Packet(source: source, destination: destination, ipProtocol: ipProtocol,
                            sourcePort: query.traffic.sourcePorts.lower, destinationPort: query.traffic.destinationPorts?.lower ?? 0,
                            icmpType: query.traffic.icmpType ?? 0, icmpCode: query.traffic.icmpCode ?? 0)
        let origin = query.sources[0].location
        let forward = walker.walk(packet, from: origin, leg: .forward, state: ConnectionState(loadBalancerTarget: nil))
        guard let delivered = forward.deliveredPacket, let at = forward.deliveredAt, delivered == packet else {
            phases?.mark("walker")
            return nil
        }
        var back: Walk?
        if !query.oneWay, let response = delivered.response {
            let walk = walker.walk(response, from: at, leg: .return, state: forward.state)
            guard walk.deliveredAt == origin, walk.deliveredPacket?.destination == packet.source else {
                phases?.mark("walker")
                return nil
            }
            back = walk
        }
        phases?.mark("walker")
        // The candidate paths, as `answer` encodes them, without Z3.
        let encoding = Encoding(query: query, network: network, context: .structural(), includesHypotheticalPaths: explainingUnreachable, index: index)
        phases?.mark("candidate-paths")
        // Delivered where a candidate path without a load balancer's choice ends (a load balancer's target is the
        // solver's pick: left to it).
        guard encoding.pinnedAddresses.source == source, encoding.pinnedAddresses.destination == destination,
              !encoding.alternatives.isEmpty,
              encoding.alternatives.allSatisfy({ alternative in alternative.provable.map { $0 === alternative.formula } ?? false }),
              let chosen = encoding.alternatives.first(where: { $0.forward.location == at && $0.forward.state.loadBalancer == nil }) else { return nil }
        walkedWitnesses += 1
        return Answer(verdict: .reachable, packet: packet, forward: forward, returnWalk: back, source: chosen.source, destination: chosen.destination,
                      blockers: [], note: nil,
                      candidatePaths: (encoding.alternatives.count, encoding.alternatives.reduce(0) { $0 + $1.returns.count }),
                      solverMilliseconds: Date().timeIntervalSince(started) * 1000)
    }

    /// The one address of `family` among `addresses`, if there is exactly one (as `AddressEnvelope.onlyAddress`).
    private static func onlyAddress(_ addresses: [IPAddress], _ family: AddressFamily) -> IPAddress? {
        let own = Set(addresses.filter { $0.family == family })
        return own.count == 1 ? own.first : nil
    }
}

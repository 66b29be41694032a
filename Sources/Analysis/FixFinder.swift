import Foundation
import NetworkModel
import Simulation
import SMT

extension ReachabilityEngine {
    /// The smallest alternative sets of changes that make an unreachable query reachable, up to `limit` of them.
    ///
    /// The candidate paths are encoded as for the blockers, with one relaxation variable per checkpoint, and
    /// MaxSAT finds a smallest set of checkpoints to change. The relaxed model's path and packet say what each
    /// change must be (`FixDerivation`). The set is then blocked (a later set must not contain it) and MaxSAT
    /// runs again, until `limit` fixes are found or no set is left. Every fix is checked by answering the query
    /// again on the network with its changes applied; a set whose changes cannot be expressed as AWS calls, or
    /// whose changes do not make the query reachable, is left out (and counted in the note).
    ///
    /// A reachable or unknown query gets no fixes: the report carries its answer.
    public func fixes(for query: TrafficQuery, limit: Int = 5) throws -> FixReport {
        let answer = try self.answer(query)
        guard answer.verdict == .unreachable, limit > 0 else { return FixReport(answer: answer, fixes: [], note: nil) }
        if answer.blockers.isEmpty, let note = answer.note { return FixReport(answer: answer, fixes: [], note: note) }

        let context = SMTContext(timeoutMilliseconds: timeoutMilliseconds)
        let encoding = Encoding(query: query, network: network, context: context)
        let search = RelaxedSearch(encoding: encoding, context: context)
        var fixes: [Fix] = []
        var seen: Set<[String]> = []
        var left: [String] = []
        var note: String?
        var rounds = 0
        search: while fixes.count < limit, rounds < limit * 4 + 8 {
            rounds += 1
            switch try search.optimizer.check() {
            case .unsatisfiable: break search
            case .unknown(let reason):
                note = "the search for \(fixes.isEmpty ? "fixes" : "more fixes") gave no answer (\(reason))"
                break search
            case .satisfiable: break
            }
            guard let model = search.optimizer.model(), let (alternative, conditions) = search.chosenPath(in: model) else { break }
            var failed: [FailedCondition] = []
            var routes: [(condition: PathCondition, leg: Leg, packet: Packet)] = []
            var checkpoints: Set<Checkpoint> = []
            for (condition, leg) in conditions {
                guard let checkpoint = condition.checkpoint, let packet = condition.packet.packet(in: model) else { continue }
                if case .route = condition.role { routes.append((condition, leg, packet)) }
                guard search.isRelaxed(checkpoint, in: model), model.bool(condition.term) == false,
                      checkpoints.insert(checkpoint).inserted else { continue }
                failed.append(FailedCondition(condition: condition, checkpoint: checkpoint, packet: packet, leg: leg))
            }
            guard !failed.isEmpty else { break } // the path holds unchanged: nothing to fix (cannot happen when unreachable)
            search.block(checkpoints)

            var derivation = FixDerivation(network: network, walker: walker, traffic: query.traffic, alternative: alternative)
            let changes: [FixChange]
            do {
                changes = try derivation.changes(for: failed, pathRoutes: routes)
            } catch {
                left.append(error.reason)
                continue
            }
            let fixed = ReachabilityEngine(network: network.applying(changes.flatMap(\.actions)), timeoutMilliseconds: timeoutMilliseconds)
            let after = try fixed.answer(query)
            guard after.verdict == .reachable else {
                left.append("changing \(changes.map(\.component).joined(separator: ", ")) as derived does not make the query reachable")
                continue
            }
            guard seen.insert(changes.map(\.summary)).inserted else { continue }
            fixes.append(Fix(changes: changes, packet: after.packet))
        }
        if !left.isEmpty {
            let count = left.count == 1 ? "1 further set of changes was" : "\(left.count) further sets of changes were"
            let reasons = Array(Set(left)).sorted().joined(separator: "; ")
            note = [note, "\(count) left out: \(reasons)"].compactMap { $0 }.joined(separator: "; ")
        }
        if fixes.isEmpty, note == nil { note = answer.note }
        return FixReport(answer: answer, fixes: Self.ranked(fixes), note: note)
    }

    /// Fewest changes first; then the narrowest kinds of change (rules before routes before new resources); then
    /// by the changes' sentences, so that the order does not depend on the solver.
    static func ranked(_ fixes: [Fix]) -> [Fix] {
        fixes.sorted { a, b in
            if a.changes.count != b.changes.count { return a.changes.count < b.changes.count }
            let (x, y) = (a.changes.map(\.kind).sorted(), b.changes.map(\.kind).sorted())
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a.changes.map(\.summary).joined(separator: "\n") < b.changes.map(\.summary).joined(separator: "\n")
        }
    }
}

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

/// The blocker search's MaxSAT problem, kept open for enumeration: every candidate path's conditions guarded by
/// one relaxation variable per checkpoint, soft constraints that no variable is set, and blocking clauses that
/// rule out supersets of the sets already found.
final class RelaxedSearch {
    let encoding: Encoding
    let context: SMTContext
    let optimizer: Optimizer
    private var relax: [Checkpoint: Term] = [:]
    private var selectors: [(path: Term, returns: [Term])] = []

    init(encoding: Encoding, context: SMTContext) {
        self.encoding = encoding
        self.context = context
        self.optimizer = context.makeOptimizer()
        encoding.assertBase(optimizer)
        var order: [Checkpoint] = []
        func guarded(_ condition: PathCondition) -> Term {
            guard let checkpoint = condition.checkpoint else { return condition.term }
            let variable: Term
            if let known = relax[checkpoint] {
                variable = known
            } else {
                variable = context.boolean("fix_change_\(relax.count)")
                relax[checkpoint] = variable
                order.append(checkpoint)
            }
            return context.or([condition.term, variable])
        }
        for (i, alternative) in encoding.alternatives.enumerated() {
            let selector = context.boolean("fix_path_\(i)")
            optimizer.assert(context.implies(selector, context.and([alternative.initial] + alternative.forward.conditions.map(guarded))))
            var returnSelectors: [Term] = []
            for (j, back) in alternative.returns.enumerated() {
                let returnSelector = context.boolean("fix_path_\(i)_return_\(j)")
                optimizer.assert(context.implies(returnSelector, context.and(back.conditions.map(guarded))))
                returnSelectors.append(returnSelector)
            }
            if !alternative.oneWay {
                optimizer.assert(context.implies(context.and([selector, alternative.expectsResponse]), context.or(returnSelectors)))
            }
            selectors.append((selector, returnSelectors))
        }
        optimizer.assert(context.or(selectors.map(\.path)))
        for checkpoint in order { optimizer.assertSoft(context.not(relax[checkpoint]!)) }
    }

    func isRelaxed(_ checkpoint: Checkpoint, in model: Model) -> Bool {
        relax[checkpoint].flatMap { model.bool($0) } == true
    }

    /// The path the model takes: the first selected alternative, its forward conditions and those of its selected
    /// return path.
    func chosenPath(in model: Model) -> (Alternative, [(PathCondition, Leg)])? {
        guard let i = selectors.firstIndex(where: { model.bool($0.path) == true }) else { return nil }
        let alternative = encoding.alternatives[i]
        var conditions = alternative.forward.conditions.map { ($0, Leg.forward) }
        if let j = selectors[i].returns.firstIndex(where: { model.bool($0) == true }) {
            conditions += alternative.returns[j].conditions.map { ($0, Leg.return) }
        }
        return (alternative, conditions)
    }

    /// Later sets must not contain all of `checkpoints`.
    func block(_ checkpoints: Set<Checkpoint>) {
        optimizer.assert(context.or(checkpoints.compactMap { relax[$0] }.map { context.not($0) }))
    }
}

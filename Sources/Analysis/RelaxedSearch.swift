import NetworkModel
import Simulation
import SMT

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
        func variable(_ checkpoint: Checkpoint) -> Term {
            if let known = relax[checkpoint] { return known }
            let variable = context.boolean("change_\(relax.count)")
            relax[checkpoint] = variable
            order.append(checkpoint)
            return variable
        }
        func guarded(_ condition: PathCondition) -> Term {
            guard let checkpoint = condition.checkpoint else { return condition.term }
            // A change elsewhere that makes the condition hold (`PathCondition.revivals`) relaxes it too.
            let revived = condition.revivals.map { context.and([$0.term, variable($0.checkpoint)]) }
            return context.or([condition.term, variable(checkpoint)] + revived)
        }
        for (i, alternative) in encoding.alternatives.enumerated() {
            let selector = context.boolean("path_\(i)")
            optimizer.assert(context.implies(selector, context.and([alternative.initial] + alternative.forward.conditions.map(guarded))))
            var returnSelectors: [Term] = []
            for (j, back) in alternative.returns.enumerated() {
                let returnSelector = context.boolean("path_\(i)_return_\(j)")
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

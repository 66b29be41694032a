import SMT

extension Encoding {
    /// Whether the query's pinned addresses alone (`pins`: one source and one destination address, as between two
    /// instances) rule out every path into a component PathProof does not model, so that no solver needs to look.
    ///
    /// Every unsupported path conjoins its ends' constraints, which imply the pins; so such a path is satisfiable
    /// only with the pinned addresses, and when putting them in and letting Z3's rewriter fold the constants
    /// (`SMTContext.simplified`) leaves `false`, no packet of the query can take it. Typically: a route table on
    /// the way sends other destinations on to a NAT gateway or through the VPC, never the pinned one. Anything
    /// else is left to the check as before (the rewriter only folds what is constant; it proves nothing more).
    ///
    /// Used only where no search for blockers follows in the same context (`answer(_:explainingUnreachable:)` with
    /// false): Z3's MaxSAT model, hence the example packet of the blockers, depends on every check the context has
    /// run before (skipping this one changed the source port of about one blocked answer in five on the transit
    /// benchmark), and answers must stay as they were.
    func unmodelledRuledOutByPins(_ context: SMTContext) -> Bool {
        guard pinValues.count == 2, !unsupported.isEmpty else { return false }
        return context.isFalseConstant(context.simplified(context.or(unsupported.map(\.term)), substituting: pinValues))
    }
}

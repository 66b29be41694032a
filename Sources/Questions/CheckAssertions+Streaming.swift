extension QueryFileChecker {
    /// Checks every assertion of a resolved file in order, handing each result to `decided` as soon as it is known
    /// (for a report that prints assertions as they are decided); returns them all.
    public func check(_ file: ResolvedQueryFile, decided: (AssertionResult) -> Void) -> [AssertionResult] {
        file.assertions.map { assertion in
            let result = check(assertion)
            decided(result)
            return result
        }
    }
}

extension ResolvedQueryFile {
    /// How many assertions the file holds (each checked once).
    public var assertionCount: Int { assertions.count }
}

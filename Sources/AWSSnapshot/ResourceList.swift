import NetworkModel

/// Resources of one kind in the order first read, by id. The same resource read again (from another region's
/// dump, or another account's) is merged into the first copy instead of being listed twice.
struct ResourceList<Resource> {
    private(set) var items: [Resource] = []
    private var positions: [String: Int] = [:]

    subscript(id: String) -> Resource? { positions[id].map { items[$0] } }

    func contains(_ id: String) -> Bool { positions[id] != nil }

    /// Adds `resource`, or, if one with this id was read already, lets `merge` fold the new copy into it.
    mutating func add(_ resource: Resource, id: String, merge: (inout Resource, Resource) -> Void) {
        if let position = positions[id] {
            merge(&items[position], resource)
        } else {
            positions[id] = items.count
            items.append(resource)
        }
    }

    mutating func modify(_ id: String, _ body: (inout Resource) -> Void) {
        if let position = positions[id] { body(&items[position]) }
    }

    mutating func modifyAll(_ body: (inout Resource) -> Void) {
        for position in items.indices { body(&items[position]) }
    }
}

/// One JSON file of a snapshot, and what its folders say about it.
struct SourceFile: Sendable {
    /// The path relative to the snapshot directory.
    let path: String
    /// The folder of `path`, relative to the snapshot directory ("" for the top).
    let directory: String
    /// The nearest enclosing folder named like a region (`us-east-1`), if any.
    let region: String?
    /// The id after an `accounts/` folder, if any.
    let account: String?
}

extension Array where Element: Equatable {
    /// Appends the elements of `other` that are not already present, keeping order.
    mutating func appendMissing(_ other: [Element]) {
        for element in other where !contains(element) { append(element) }
    }
}

extension Array where Element == IPPrefix {
    /// Puts the IPv4 blocks before the IPv6 ones, keeping the order within each family (the order the model's
    /// `cidrBlocks` promise, when copies of a resource are merged).
    mutating func orderByFamily() {
        self = filter { $0.family == .ipv4 } + filter { $0.family == .ipv6 }
    }
}

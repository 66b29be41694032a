import AWSSnapshot
import NetworkModel

/// The `describe-*` outputs the network is read from: a snapshot's as captured (possibly none), with the plan's
/// resources laid over them. Resources are found by their id field (`VpcId`, `GroupId`, …) wherever they are, edited
/// in place, removed, or added to one output of the Terraform file's own.
struct DescribeSet {
    private(set) var outputs: [DescribeOutput]
    /// The index of the output that holds the resources the Terraform file adds.
    private var terraformOutput: Int

    init(base: [DescribeOutput], terraformPath: String) {
        outputs = base
        outputs.append(DescribeOutput(path: terraformPath, value: .object(JSONObject())))
        terraformOutput = outputs.count - 1
    }

    /// The id field of each top-level key's elements.
    static let idFields: [String: String] = [
        "Vpcs": "VpcId", "Subnets": "SubnetId", "RouteTables": "RouteTableId", "VpcPeeringConnections": "VpcPeeringConnectionId",
        "SecurityGroups": "GroupId", "NetworkAcls": "NetworkAclId", "InternetGateways": "InternetGatewayId",
        "NetworkInterfaces": "NetworkInterfaceId", "Addresses": "AllocationId", "NatGateways": "NatGatewayId",
        "EgressOnlyInternetGateways": "EgressOnlyInternetGatewayId", "VpcEndpoints": "VpcEndpointId", "VpnGateways": "VpnGatewayId",
        "ManagedPrefixLists": "PrefixListId", "TransitGateways": "TransitGatewayId",
        "VpnConnections": "VpnConnectionId", "CustomerGateways": "CustomerGatewayId",
    ]

    private static func items(_ output: DescribeOutput, _ key: String) -> [JSONValue] {
        guard case .object(let object) = output.value, case .array(let items)? = object[key] else { return [] }
        return items
    }

    private mutating func setItems(_ items: [JSONValue], _ key: String, in index: Int) {
        guard case .object(var object) = outputs[index].value else { return }
        object.set(key, .array(items))
        outputs[index].value = .object(object)
    }

    private static func string(_ value: JSONValue, _ field: String) -> String? {
        guard case .object(let object) = value, case .string(let text)? = object[field] else { return nil }
        return text
    }

    /// The resource of `key` with this id, if any output holds it.
    func find(_ key: String, _ id: String) -> JSONObject? {
        let field = Self.idFields[key] ?? ""
        for output in outputs {
            for item in Self.items(output, key) where Self.string(item, field) == id {
                if case .object(let object) = item { return object }
            }
        }
        return nil
    }

    /// Every resource of `key`.
    func all(_ key: String) -> [JSONObject] {
        outputs.flatMap { Self.items($0, key) }.compactMap { if case .object(let object) = $0 { object } else { nil } }
    }

    /// Edits the resource of `key` with this id in place; false when no output holds it.
    @discardableResult
    mutating func modify(_ key: String, _ id: String, _ body: (inout JSONObject) -> Void) -> Bool {
        let field = Self.idFields[key] ?? ""
        for index in outputs.indices {
            var items = Self.items(outputs[index], key)
            guard let position = items.firstIndex(where: { Self.string($0, field) == id }),
                  case .object(var object) = items[position] else { continue }
            body(&object)
            items[position] = .object(object)
            setItems(items, key, in: index)
            return true
        }
        return false
    }

    /// Edits every resource of `key` whose `field` is `value`; whether there was one.
    @discardableResult
    mutating func modifyWhere(_ key: String, field: String, equals value: String, _ body: (inout JSONObject) -> Void) -> Bool {
        var found = false
        for index in outputs.indices {
            var items = Self.items(outputs[index], key)
            var changed = false
            for position in items.indices {
                guard case .object(var object) = items[position], object.text(field) == value else { continue }
                body(&object)
                items[position] = .object(object)
                changed = true
            }
            if changed {
                found = true
                setItems(items, key, in: index)
            }
        }
        return found
    }

    /// Removes the resource of `key` with this id from every output; whether some output held it.
    @discardableResult
    mutating func remove(_ key: String, _ id: String) -> Bool {
        let field = Self.idFields[key] ?? ""
        var removed = false
        for index in outputs.indices {
            let items = Self.items(outputs[index], key)
            let kept = items.filter { Self.string($0, field) != id }
            if kept.count != items.count {
                removed = true
                setItems(kept, key, in: index)
            }
        }
        return removed
    }

    /// Rewrites the elements of every top-level array `key`, in the outputs whose path satisfies `path`: `body`
    /// edits an element in place and returns false to remove it. Whether some element was removed or edited.
    @discardableResult
    mutating func rewrite(_ key: String, path: (String) -> Bool = { _ in true }, _ body: (inout JSONObject) -> Bool) -> Bool {
        var changed = false
        for index in outputs.indices where path(outputs[index].path) {
            let items = Self.items(outputs[index], key)
            guard !items.isEmpty else { continue }
            var kept: [JSONValue] = []
            for item in items {
                guard case .object(var object) = item else {
                    kept.append(item)
                    continue
                }
                let before = JSONValue.object(object).text(JSONLayout(indentUnit: nil, keySeparator: ":"))
                if body(&object) {
                    kept.append(.object(object))
                    if JSONValue.object(object).text(JSONLayout(indentUnit: nil, keySeparator: ":")) != before { changed = true }
                } else {
                    changed = true
                }
            }
            setItems(kept, key, in: index)
        }
        return changed
    }

    /// Keeps the elements of every top-level array `key` that satisfy `keep`, in the outputs whose path satisfies
    /// `path`.
    mutating func rewriteArray(_ key: String, path: (String) -> Bool, _ keep: (JSONValue) -> Bool) {
        for index in outputs.indices where path(outputs[index].path) {
            let items = Self.items(outputs[index], key)
            guard !items.isEmpty else { continue }
            setItems(items.filter(keep), key, in: index)
        }
    }

    /// Removes the outputs whose path satisfies `path` (the files a deleted resource is named in).
    mutating func removeOutputs(where path: (String) -> Bool) {
        let terraform = outputs[terraformOutput].path
        outputs.removeAll { $0.path != terraform && path($0.path) }
        terraformOutput = outputs.firstIndex { $0.path == terraform } ?? 0
    }

    /// Removes an instance (`Reservations[].Instances[]`) with this id.
    @discardableResult
    mutating func removeInstance(_ id: String) -> Bool {
        var removed = false
        for index in outputs.indices {
            let reservations = Self.items(outputs[index], "Reservations")
            var changed = false
            let kept: [JSONValue] = reservations.map { reservation in
                guard case .object(var object) = reservation, case .array(let instances)? = object["Instances"] else { return reservation }
                let left = instances.filter { Self.string($0, "InstanceId") != id }
                if left.count != instances.count { changed = true }
                object.set("Instances", .array(left))
                return .object(object)
            }
            if changed {
                removed = true
                setItems(kept, "Reservations", in: index)
            }
        }
        return removed
    }

    /// Edits an instance (`Reservations[].Instances[]`) in place.
    mutating func modifyInstance(_ id: String, _ body: (inout JSONObject) -> Void) {
        for index in outputs.indices {
            var reservations = Self.items(outputs[index], "Reservations")
            var changed = false
            for position in reservations.indices {
                guard case .object(var reservation) = reservations[position] else { continue }
                var instances = reservation.elements("Instances")
                for slot in instances.indices {
                    guard case .object(var instance) = instances[slot], instance.text("InstanceId") == id else { continue }
                    body(&instance)
                    instances[slot] = .object(instance)
                    changed = true
                }
                reservation.set("Instances", .array(instances))
                reservations[position] = .object(reservation)
            }
            if changed { setItems(reservations, "Reservations", in: index) }
        }
    }

    /// Whether some output describes an instance with this id.
    func hasInstance(_ id: String) -> Bool {
        for output in outputs {
            for reservation in Self.items(output, "Reservations") {
                guard case .object(let object) = reservation, case .array(let instances)? = object["Instances"] else { continue }
                if instances.contains(where: { Self.string($0, "InstanceId") == id }) { return true }
            }
        }
        return false
    }

    /// Rewrites every output's value.
    mutating func replaceAll(_ transform: (JSONValue) -> JSONValue) {
        for index in outputs.indices { outputs[index].value = transform(outputs[index].value) }
    }

    /// Adds a resource to the Terraform file's output.
    mutating func add(_ key: String, _ object: JSONObject) {
        var items = Self.items(outputs[terraformOutput], key)
        items.append(.object(object))
        setItems(items, key, in: terraformOutput)
    }

    /// The path of the Terraform file's own output.
    var terraformPath: String { outputs[terraformOutput].path }

    /// Adds an output of its own (one whose path says what it describes, as a prefix list's entries).
    mutating func addOutput(path: String, value: JSONValue) {
        outputs.removeAll { $0.path == path }
        outputs.append(DescribeOutput(path: path, value: value))
    }

    /// The value of an output added by `addOutput`.
    func output(_ path: String) -> JSONValue? { outputs.first { $0.path == path }?.value }

    /// Adds a resource of a kind the Terraform output must list even when empty (an empty list says "there are
    /// none", which `SnapshotCompleteness` counts as described).
    mutating func declare(_ key: String) {
        guard Self.items(outputs[terraformOutput], key).isEmpty else { return }
        setItems([], key, in: terraformOutput)
    }
}

extension JSONObject {
    /// The elements of an array member (empty when absent).
    func elements(_ key: String) -> [JSONValue] {
        if case .array(let items)? = self[key] { return items }
        return []
    }

    /// A string member.
    func text(_ key: String) -> String? {
        if case .string(let text)? = self[key] { return text }
        return nil
    }

    /// Appends to an array member.
    mutating func append(_ key: String, _ value: JSONValue) {
        set(key, .array(elements(key) + [value]))
    }

    /// Keeps the elements of an array member that satisfy `keep`.
    mutating func filter(_ key: String, _ keep: (JSONValue) -> Bool) {
        set(key, .array(elements(key).filter(keep)))
    }
}

/// Short ways to write `describe-*` JSON.
extension JSONValue {
    static func s(_ text: String) -> JSONValue { .string(text) }
    static func obj(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }

    /// `Tags` as AWS prints them: `[{"Key": "Name", "Value": "web"}]`.
    static func tags(_ pairs: [(String, String)]) -> JSONValue {
        .array(pairs.map { .obj([("Key", .s($0.0)), ("Value", .s($0.1))]) })
    }
}

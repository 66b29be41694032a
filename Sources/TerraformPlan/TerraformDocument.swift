import AWSSnapshot
import Foundation
import NetworkModel

/// One managed resource instance of a `terraform show -json` output: its address, type, attribute values (known
/// ones), which attributes are unknown until apply (`after_unknown`), the actions the plan takes on it, and its
/// block in `configuration` (whose expressions' `references` link it to other resources when ids are unknown).
struct TerraformResource {
    /// `module.net.aws_subnet.private["a"]`.
    let address: String
    /// `module.net` (empty at the root).
    let moduleAddress: String
    let type: String
    let name: String
    /// The `count` or `for_each` key as written in the address (`[0]`, `["a"]`), or "".
    let indexText: String
    /// The object of attribute values.
    let values: JSONNode
    /// `after_unknown` (plans only).
    var unknown: JSONValue?
    /// `resource_changes[].change.actions` (`["create"]`, `["delete", "create"]`, …); empty for state.
    var actions: [String] = []
    /// The resource's block in `configuration` (`expressions`).
    var configuration: JSONNode?

    /// The resource's address without its instance key, within its module (`aws_subnet.private`).
    var configurationAddress: String { "\(type).\(name)" }

    /// A known, non-empty string attribute.
    func string(_ attribute: String) throws(SnapshotError) -> String? {
        guard let node = try values.member(attribute) else { return nil }
        let text = try node.string()
        return text.isEmpty ? nil : text
    }

    func bool(_ attribute: String) throws(SnapshotError) -> Bool? {
        guard let node = try values.member(attribute) else { return nil }
        return try node.bool()
    }

    func integer(_ attribute: String, in range: ClosedRange<Int>, what: String) throws(SnapshotError) -> Int? {
        guard let node = try values.member(attribute) else { return nil }
        if case .string(let text) = node.value, let number = Int(text), range.contains(number) { return number }
        return try node.integer(in: range, what: what)
    }

    /// The elements of a list or set attribute (nested blocks too); empty when absent or null.
    func list(_ attribute: String) throws(SnapshotError) -> [JSONNode] {
        guard let node = try values.member(attribute) else { return [] }
        return try node.elements()
    }

    /// Whether the attribute is unknown until apply (the whole attribute, as `after_unknown` marks it `true`).
    func isUnknown(_ attribute: String) -> Bool {
        guard case .object(let object)? = unknown, let flag = object[attribute] else { return false }
        if case .bool(true) = flag { return true }
        return false
    }

    /// The resource's id: its `id` when known, else its address (unknown until apply). Gateways a route names by
    /// `gateway_id` keep AWS's id prefix (`igw-module.net.aws_internet_gateway.this`), as describe-route-tables
    /// tells the kind of a `GatewayId` by it.
    var id: String {
        if case .object(let object) = values.value, case .string(let id)? = object["id"], !id.isEmpty { return id }
        return standInID
    }

    var standInID: String {
        switch type {
        case "aws_internet_gateway": "igw-" + address
        case "aws_vpn_gateway": "vgw-" + address
        case "aws_vpc_endpoint": "vpce-" + address
        // A prefix list is named by `pl-` and hexadecimal digits wherever it is referred to (the entries' file name).
        case "aws_ec2_managed_prefix_list": "pl-" + Self.hexDigest(address)
        default: address
        }
    }

    /// A stable 16-digit hexadecimal digest (FNV-1a) of a text.
    static func hexDigest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Whether the id is known (the resource exists already).
    var hasKnownID: Bool { id != standInID }

    /// The resources a configuration expression of this resource refers to (`aws_vpc.main`, `aws_subnet.a[0]`), in
    /// order; `count.index`, `var.*` and the like are skipped.
    func references(_ attribute: String, inBlock block: (name: String, index: Int)? = nil) throws(SnapshotError) -> [String] {
        guard var expressions = try configuration?.member("expressions") else { return [] }
        if let block {
            guard let blocks = try expressions.member(block.name), case .array = blocks.value else { return [] }
            let elements = try blocks.elements()
            guard block.index < elements.count else { return [] }
            expressions = elements[block.index]
        }
        guard let expression = try expressions.member(attribute) else { return [] }
        var found: [String] = []
        func collect(_ node: JSONNode) throws(SnapshotError) {
            switch node.value {
            case .object(let object):
                if let references = try node.member("references") {
                    for reference in try references.elements() {
                        if case .string(let text) = reference.value { found.append(text) }
                    }
                }
                for key in object.keys where key != "references" {
                    if let child = try node.member(key) { try collect(child) }
                }
            case .array:
                for child in try node.elements() { try collect(child) }
            default: break
            }
        }
        try collect(expression)
        return found
    }
}

/// A parsed `terraform show -json` output: a plan (`planned_values`, `resource_changes`, `prior_state`,
/// `configuration`) or state (`values`).
struct TerraformDocument {
    let file: String
    var isPlan = false
    /// The resources after apply (a plan's `planned_values`, or the state's `values`).
    var after: [TerraformResource] = []
    /// A plan's `prior_state` resources (what is deployed before apply).
    var prior: [TerraformResource] = []
    /// The actions of each address (`resource_changes`).
    var actions: [String: [String]] = [:]
    /// Configuration blocks by module address and configuration address.
    var configurations: [String: JSONNode] = [:]

    init(file: String) throws(SnapshotError) {
        self.file = file
        let name = URL(fileURLWithPath: file).lastPathComponent
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw SnapshotError(file: file, jsonPath: "", message: "cannot read: \(error.localizedDescription)")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let (line, column) = JSONParser.lineAndColumn(of: error.offset, in: bytes)
            throw SnapshotError(file: file, jsonPath: "", message: "invalid JSON at line \(line), column \(column): \(error.message)")
        }
        _ = name
        let root = JSONNode(value: value, file: file)
        guard case .object(let object) = root.value else {
            throw root.error("expected an object (as `terraform show -json` prints), found \(root.value.kindDescription)")
        }
        guard object["format_version"] != nil else {
            throw SnapshotError(file: file, jsonPath: "format_version",
                                message: "missing: not the output of `terraform show -json` (a plan or state has a format_version)")
        }
        let version = try root.string("format_version")
        guard let major = version.split(separator: ".").first.flatMap({ Int($0) }), major <= 1 else {
            throw SnapshotError(file: file, jsonPath: "format_version", message: "\(version) is not a format version this reader knows (0.x or 1.x)")
        }
        if let configuration = try root.member("configuration"), let module = try configuration.member("root_module") {
            try collectConfiguration(module, moduleAddress: "")
        }
        if let planned = try root.member("planned_values") {
            isPlan = true
            if let module = try planned.member("root_module") { after = try Self.resources(module) }
            for change in try root.array("resource_changes") {
                let address = try change.string("address")
                guard let body = try change.member("change") else { continue }
                var list: [String] = []
                for node in try body.array("actions") { list.append(try node.string()) }
                actions[address] = list
                if let unknown = try body.member("after_unknown"), let index = after.firstIndex(where: { $0.address == address }) {
                    after[index].unknown = unknown.value
                }
            }
            if let priorState = try root.member("prior_state"), let values = try priorState.member("values"),
               let module = try values.member("root_module") {
                prior = try Self.resources(module)
            }
        } else {
            isPlan = false
            if let values = try root.member("values"), let module = try values.member("root_module") {
                after = try Self.resources(module)
            }
        }
        for index in after.indices {
            after[index].actions = actions[after[index].address] ?? []
            after[index].configuration = configurations[Self.configurationKey(after[index])]
        }
        for index in prior.indices {
            prior[index].actions = actions[prior[index].address] ?? []
            prior[index].configuration = configurations[Self.configurationKey(prior[index])]
        }
    }

    static func configurationKey(_ resource: TerraformResource) -> String {
        "\(resource.moduleAddress)|\(resource.configurationAddress)"
    }

    /// Configuration blocks, keyed as `configurationKey` does (module calls give `module.<name>` addresses; for
    /// `count`/`for_each` modules the key is dropped, as instances share one configuration).
    private mutating func collectConfiguration(_ module: JSONNode, moduleAddress: String) throws(SnapshotError) {
        for resource in try module.array("resources") {
            guard let address = try resource.optionalString("address") else { continue }
            configurations["\(moduleAddress)|\(address)"] = resource
        }
        if let calls = try module.member("module_calls") {
            for name in try calls.object().keys {
                guard let call = try calls.member(name), let child = try call.member("module") else { continue }
                try collectConfiguration(child, moduleAddress: moduleAddress.isEmpty ? "module.\(name)" : "\(moduleAddress).module.\(name)")
            }
        }
    }

    /// The managed resources of a module and its child modules (`resources`, `child_modules`).
    static func resources(_ module: JSONNode) throws(SnapshotError) -> [TerraformResource] {
        var result: [TerraformResource] = []
        for item in try module.array("resources") {
            guard try item.optionalString("mode") ?? "managed" == "managed" else { continue }
            let address = try item.string("address")
            let type = try item.string("type")
            let name = try item.string("name")
            var indexText = ""
            if let index = try item.member("index") {
                switch index.value {
                case .number(let literal): indexText = "[\(literal)]"
                case .string(let key): indexText = "[\(JSONValue.quote(key))]"
                default: throw index.error("expected a number or a string (a count or for_each key), found \(index.value.kindDescription)")
                }
            }
            let moduleAddress = Self.moduleAddress(of: address, type: type, name: name)
            let values = try item.member("values") ?? JSONNode(value: .object(JSONObject()), file: item.file,
                                                                 path: item.path.appending(.key("values")))
            _ = try values.object()
            result.append(TerraformResource(address: address, moduleAddress: moduleAddress, type: type, name: name,
                                            indexText: indexText, values: values))
        }
        for child in try module.array("child_modules") {
            result += try resources(child)
        }
        return result
    }

    /// `module.a["x"].module.b` of `module.a["x"].module.b.aws_vpc.this[0]`, without instance keys (configuration
    /// is per module call, not per instance).
    static func moduleAddress(of address: String, type: String, name: String) -> String {
        guard let range = address.range(of: ".\(type).\(name)", options: .backwards) else { return "" }
        let prefix = String(address[..<range.lowerBound])
        // Drop instance keys of module calls: module.a["x"] → module.a.
        var result = ""
        var depth = 0
        for character in prefix {
            if character == "[" { depth += 1; continue }
            if character == "]" { depth -= 1; continue }
            if depth == 0 { result.append(character) }
        }
        return result
    }
}

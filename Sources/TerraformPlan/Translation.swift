import AWSSnapshot
import NetworkModel

/// Lays a Terraform file's resources over `describe-*` outputs: what the plan deletes or changes is removed, what
/// exists after apply is added, each resource as the `describe-*` output AWS prints for it. One file per resource
/// family (`VPCs.swift`, `SecurityGroups.swift`, …) says what each Terraform type becomes.
struct Translation {
    let document: TerraformDocument
    var set: DescribeSet
    /// The resources after apply, by address.
    let byAddress: [String: TerraformResource]
    /// Addresses by configuration key (instances of a `count`/`for_each` resource share one).
    let instancesByConfiguration: [String: [TerraformResource]]
    /// Warnings, keyed by what they are about, one per key.
    var warnings: [(key: String, message: String)] = []
    private var warned: Set<String> = []
    /// The Terraform address of each AWS id (and of each address standing for an id unknown until apply).
    var addresses: [String: String] = [:]
    /// Security groups with inline rules (separate rule resources on them get a warning).
    var inlineRuleGroups: Set<String> = []
    /// Addresses unknown until apply, by placeholder, until representatives are chosen.
    var unknown: [UnknownAddress] = []
    var publicStandIns = 0
    /// Representatives chosen by the caller (by label), to ask again with another assignment.
    var assignments: [String: IPAddress] = [:]
    /// The private addresses unknown until apply, with their representatives.
    var unknownPrivateAddresses: [UnknownPrivateAddress] = []
    /// VPN connections whose tunnel status is unknown until apply, and those (by address) read as down.
    var unknownTunnels: [UnknownTunnels] = []
    var tunnelsDown: Set<String> = []

    /// The resources being laid over the outputs (after apply, or before it for the plan's prior state).
    let resources: [TerraformResource]

    init(document: TerraformDocument, resources: [TerraformResource], base: [DescribeOutput], terraformPath: String) {
        self.document = document
        self.resources = resources
        set = DescribeSet(base: base, terraformPath: terraformPath)
        var byAddress: [String: TerraformResource] = [:]
        var instances: [String: [TerraformResource]] = [:]
        for resource in resources {
            byAddress[resource.address] = resource
            instances[TerraformDocument.configurationKey(resource), default: []].append(resource)
        }
        self.byAddress = byAddress
        instancesByConfiguration = instances
    }

    mutating func warn(_ key: String, _ message: String) {
        guard warned.insert(key).inserted else { return }
        warnings.append((key, message))
    }

    // MARK: References

    /// The id an attribute names: its value when known; when unknown until apply, the resource its configuration
    /// expression refers to (of one of `types`), whose id is known or is its address. Nil when neither says.
    mutating func reference(_ attribute: String, of resource: TerraformResource, types: [String]) throws(SnapshotError) -> String? {
        if let value = try resource.string(attribute) { return value }
        return try referencedResources(attribute, of: resource, types: types).first?.id
    }

    /// The ids of a list attribute (`vpc_security_group_ids`, `subnet_ids`): the known values, or the resources the
    /// configuration refers to.
    mutating func references(_ attribute: String, of resource: TerraformResource, types: [String]) throws(SnapshotError) -> [String] {
        if !resource.isUnknown(attribute), try resource.values.member(attribute) != nil {
            var ids: [String] = []
            for node in try resource.list(attribute) { ids.append(try node.string()) }
            return ids
        }
        return try referencedResources(attribute, of: resource, types: types).map(\.id)
    }

    /// The resources of `types` a configuration expression refers to. A reference without an instance key
    /// (`aws_subnet.public` with `count.index`) means the instance with the referring resource's key, or the only
    /// instance.
    func referencedResources(_ attribute: String, of resource: TerraformResource, types: [String],
                             inBlock block: (name: String, index: Int)? = nil) throws(SnapshotError) -> [TerraformResource] {
        var found: [TerraformResource] = []
        for reference in try resource.references(attribute, inBlock: block) {
            let parts = reference.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count >= 2, types.contains(parts[0]) else { continue }
            var name = parts[1]
            var key = ""
            if let bracket = name.firstIndex(of: "[") {
                key = String(name[bracket...])
                name = String(name[..<bracket])
            }
            let configurationKey = "\(resource.moduleAddress)|\(parts[0]).\(name)"
            guard let instances = instancesByConfiguration[configurationKey], !instances.isEmpty else { continue }
            let match: TerraformResource?
            if !key.isEmpty {
                match = instances.first { $0.indexText == key }
            } else if instances.count == 1 {
                match = instances[0]
            } else {
                match = instances.first { $0.indexText == resource.indexText }
            }
            if let match, !found.contains(where: { $0.address == match.address }) { found.append(match) }
        }
        return found
    }

    /// An id attribute every resource of a type needs (`vpc_id` of a subnet): when neither the value nor the
    /// configuration says, the address of the attribute itself stands for it (a reference no output resolves, so
    /// answers depending on it are unknown) and a warning says so.
    mutating func requiredReference(_ attribute: String, of resource: TerraformResource, types: [String]) throws(SnapshotError) -> String {
        if let id = try reference(attribute, of: resource, types: types) { return id }
        let standIn = "\(resource.address).\(attribute)"
        warn("unresolved \(resource.address).\(attribute)",
             "\(resource.address): \(attribute) is unknown until apply and its configuration names no resource of \(types.joined(separator: "/")) in this file; it stands as \(standIn), which nothing describes")
        return standIn
    }

    /// Records the Terraform address of a resource's id.
    mutating func name(_ resource: TerraformResource) {
        addresses[resource.id] = resource.address
    }

    /// Tags as AWS prints them, from the resource's `tags` (or `tags_all`) map.
    func tags(_ resource: TerraformResource) throws(SnapshotError) -> JSONValue {
        var pairs: [(String, String)] = []
        var node = try resource.values.member("tags")
        if node == nil { node = try resource.values.member("tags_all") }
        if let node {
            let object = try node.object()
            for key in object.keys {
                if let value = try node.member(key) { pairs.append((key, try value.string())) }
            }
        }
        return .tags(pairs)
    }

    /// A CIDR attribute, checked here so that a bad value is reported at its place in the Terraform file.
    func cidr(_ attribute: String, of resource: TerraformResource, _ family: AddressFamily) throws(SnapshotError) -> String? {
        guard let node = try resource.values.member(attribute) else { return nil }
        let text = try node.string()
        if text.isEmpty { return nil }
        guard let prefix = IPPrefix(text), prefix.family == family else {
            throw node.error("\(JSONValue.quote(text)) is not an \(family == .ipv4 ? "IPv4" : "IPv6") CIDR block")
        }
        return text
    }
}

import Analysis
import NetworkModel

/// One end of an assertion, resolved against a snapshot: the interfaces, addresses and internet hosts it stands for.
public struct EndpointGroup: Hashable, Sendable {
    /// One thing traffic can start from or arrive at.
    public enum Member: Hashable, Sendable {
        /// A network interface at these private addresses (all of them unless a `cidr:` group selects some).
        case interface(String, addresses: [IPAddress])
        /// One address of an interface that the user named: a private address, or a public one mapped to it.
        case address(String, IPAddress, isPublic: Bool)
        /// Hosts on the internet, in a CIDR block or (nil) anywhere.
        case internet(IPPrefix?)
        /// An AWS service behind gateway endpoints (`Endpoint.service`) or hosts on premises (`Endpoint.onPremises`).
        case outside(Endpoint)

        /// The interface it belongs to; nil for internet hosts, services and on premises.
        public var interfaceID: String? {
            switch self {
            case .interface(let id, _), .address(let id, _, _): id
            case .internet, .outside: nil
            }
        }

        /// Whether it is hosts on the internet (who reach interfaces at their public addresses).
        public var isInternet: Bool { if case .internet = self { true } else { false } }
    }

    public let reference: EndpointReference
    public let members: [Member]
    /// `vpc:NextWork-1 (vpc-0abc…, 1 interface)`, `i-0abc (NextWork-1-instance)`, `the internet`, …
    public let label: String

    public var hasInternetMembers: Bool { members.contains { $0.interfaceID == nil } }
    public var hasInterfaceMembers: Bool { members.contains { $0.interfaceID != nil } }
}

/// Resolves what an assertion names (single endpoints as `pathproof query` does, and groups) against a network.
///
/// Group members are the interfaces that can send and receive: those of running instances, and attached interfaces
/// that belong to no instance (NAT gateways, endpoints, load balancers, …). A single instance or interface named by
/// id, Name tag or address is taken as it is, running or not, so that a stopped instance is reported as a blocker.
public struct EndpointGroupResolver: Sendable {
    public let network: Network
    let single: EndpointResolver

    public init(network: Network) {
        self.network = network
        self.single = EndpointResolver(network: network)
    }

    /// Throws `QueryError` for a name that matches nothing or more than one resource, and for an empty group.
    public func resolve(_ reference: EndpointReference) throws -> EndpointGroup {
        switch reference {
        case .internet:
            return EndpointGroup(reference: reference, members: [.internet(nil)], label: "the internet")
        case .named(let text):
            let resolved = try single.resolve(text)
            let members: [EndpointGroup.Member]
            switch resolved.kind {
            case .interfaces(let ids):
                members = ids.compactMap { network.networkInterface($0) }.map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
            case .privateAddress(let id, let address): members = [.address(id, address, isPublic: false)]
            case .publicAddress(let id, let address): members = [.address(id, address, isPublic: true)]
            case .internet(let prefix): members = [.internet(prefix)]
            case .service(let names): members = names.map { .outside(.service($0)) }
            case .onPremises(let prefix): members = [.outside(.onPremises(prefix))]
            }
            return EndpointGroup(reference: reference, members: members, label: resolved.label)
        case .service(let text):
            let resolved = try single.resolve("service:\(text)")
            guard case .service(let names) = resolved.kind else { throw QueryError("no service \"\(text)\" in the snapshot") }
            return EndpointGroup(reference: reference, members: names.map { .outside(.service($0)) }, label: resolved.label)
        case .onPremises(let prefix):
            return EndpointGroup(reference: reference, members: [.outside(.onPremises(prefix))], label: "on-premises hosts in \(prefix)")
        case .vpc(let text):
            let vpc = try unique(text, kind: "VPC", prefix: "vpc", network.vpcs, id: \.id, names: { [$0.tags.name] }, detail: { "\($0.id) \($0.cidrBlocks.map(\.description).joined(separator: ", "))" })
            return try group(reference, owner: vpc.id, live.filter { $0.vpcID == vpc.id }.map(whole))
        case .subnet(let text):
            let subnet = try unique(text, kind: "subnet", prefix: "subnet", network.subnets, id: \.id, names: { [$0.tags.name] }, detail: { "\($0.id) \($0.cidrBlocks.map(\.description).joined(separator: ", ")) in \($0.vpcID)" })
            return try group(reference, owner: subnet.id, live.filter { $0.subnetID == subnet.id }.map(whole))
        case .securityGroup(let text):
            let group = try unique(text, kind: "security group", prefix: "sg", network.securityGroups, id: \.id,
                                   names: { [$0.name, $0.tags.name] }, detail: { "\($0.id) \($0.name) in \($0.vpcID ?? "no VPC")" })
            return try self.group(reference, owner: group.id, live.filter { $0.securityGroupIDs.contains(group.id) }.map(whole))
        case .tag(let key, let value):
            var ids: [String] = []
            for instance in network.instances where instance.isRunning && instance.tags[key] == value {
                ids += network.networkInterfaces(ofInstance: instance.id).map(\.id)
            }
            ids += live.filter { $0.tags[key] == value }.map(\.id)
            var seen: Set<String> = []
            let interfaces = ids.filter { seen.insert($0).inserted }.compactMap { network.networkInterface($0) }
            return try group(reference, owner: nil, interfaces.map(whole))
        case .cidr(let prefix):
            var members: [EndpointGroup.Member] = live.compactMap { interface in
                let inside = interface.addresses.map(\.address).filter { prefix.contains($0) }
                return inside.isEmpty ? nil : .interface(interface.id, addresses: inside)
            }
            if Self.holdsInternetAddresses(prefix) { members.append(.internet(prefix)) }
            return try group(reference, owner: nil, members)
        }
    }

    /// Whether a CIDR block holds addresses the internet carries (it is not wholly private, loopback, …).
    static func holdsInternetAddresses(_ prefix: IPPrefix) -> Bool {
        !InternetAddressSpace.nonRoutable.contains { $0.contains(prefix) }
    }

    private var live: [NetworkInterface] { network.networkInterfaces.filter { network.isLive($0) } }

    private func whole(_ interface: NetworkInterface) -> EndpointGroup.Member {
        .interface(interface.id, addresses: interface.addresses.map(\.address))
    }

    private func group(_ reference: EndpointReference, owner: String?, _ members: [EndpointGroup.Member]) throws -> EndpointGroup {
        guard !members.isEmpty else {
            let what = owner.map { " (\($0))" } ?? ""
            throw QueryError("\(reference)\(what) is an empty group: no running instance or attached network interface belongs to it")
        }
        let interfaces = members.filter { $0.interfaceID != nil }.count
        var parts: [String] = []
        if let owner { parts.append(owner) }
        if interfaces > 0 { parts.append(interfaces == 1 ? "1 interface" : "\(interfaces) interfaces") }
        if members.contains(where: { $0.interfaceID == nil }) { parts.append("internet hosts") }
        return EndpointGroup(reference: reference, members: members, label: "\(reference) (\(parts.joined(separator: ", ")))")
    }

    /// The one resource with this id, else with this name; an error when none or several match.
    private func unique<T>(_ text: String, kind: String, prefix: String, _ items: [T], id: (T) -> String, names: (T) -> [String?],
                           detail: (T) -> String) throws -> T {
        if let item = items.first(where: { id($0) == text }) { return item }
        let matches = items.filter { names($0).contains(text) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw QueryError("no \(kind) \"\(text)\" in the snapshot (give its id or name after \(prefix):)") }
        throw QueryError("\"\(text)\" names \(matches.count) \(kind)s (\(matches.map(detail).joined(separator: "; "))): use an id after \(prefix):")
    }

    // MARK: Analysis endpoints

    /// The endpoints traffic starts from.
    func sources(_ member: EndpointGroup.Member) -> [Endpoint] {
        switch member {
        case .interface(let id, let addresses): return [.interface(id, addresses: addresses)]
        case .address(let id, let address, false): return [.interface(id, addresses: [address])]
        case .address(let id, let address, true):
            // Sending "from" a public address means sending from the private address it maps to.
            let mapped = network.networkInterface(id)?.addresses.first { $0.publicAddress == address }?.address
            return [.interface(id, addresses: mapped.map { [$0] } ?? [])]
        case .internet(let prefix): return [.internet(prefix)]
        case .outside(.service): return [] // a service starts no connections
        case .outside(let endpoint): return [endpoint]
        }
    }

    /// The endpoints traffic arrives at: from inside AWS an interface is reached at its private addresses, from the
    /// internet at its public ones (both when the senders include both). An address the user named is that address.
    func destinations(_ member: EndpointGroup.Member, fromInside: Bool, fromInternet: Bool) -> [Endpoint] {
        switch member {
        case .interface(let id, let addresses):
            var result: [Endpoint] = []
            if fromInside { result.append(.interface(id, addresses: addresses)) }
            if fromInternet {
                let interface = network.networkInterface(id)
                let all = interface?.addresses.map(\.address) ?? []
                let mapped = addresses.compactMap { interface?.publicAddress(for: $0) }
                // A cidr: group may select some of an interface's addresses: then only their public addresses.
                result.append(Set(addresses) == Set(all) || mapped.isEmpty ? .publicAddressOf(id) : .interface(id, addresses: mapped))
            }
            return result
        case .address(let id, let address, _): return [.interface(id, addresses: [address])]
        case .internet(let prefix): return [.internet(prefix)]
        case .outside(.service(let name)): return single.serviceDestinations([name])
        case .outside(let endpoint): return [endpoint]
        }
    }

    /// A member's name in explanations: `eni-… of i-… NextWork-1-instance`, `internet host 203.0.113.7`.
    func label(_ endpoint: Endpoint, address: IPAddress?) -> String {
        switch endpoint {
        case .interface(let id, _), .publicAddressOf(let id):
            guard let interface = network.networkInterface(id) else { return id }
            let at = address.map { " at \($0)" } ?? ""
            if let instanceID = interface.instanceID {
                let name = network.instance(instanceID)?.tags.name.map { " \($0)" } ?? ""
                return "\(interface.id) of \(instanceID)\(name)\(at)"
            }
            return (interface.tags.name.map { "\(interface.id) (\($0))" } ?? interface.id) + at
        case .internet:
            return address.map { "internet host \($0)" } ?? "the internet"
        case .service(let name):
            return address.map { "\(name) at \($0)" } ?? name
        case .onPremises:
            return address.map { "on-premises host \($0)" } ?? "on premises"
        }
    }
}

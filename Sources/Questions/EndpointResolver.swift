import Analysis
import NetworkModel

/// What a user named as a query endpoint, resolved against the snapshot.
public struct ResolvedEndpoint: Sendable {
    public enum Kind: Sendable, Equatable {
        /// An instance, network interface or address inside the snapshot.
        case interfaces([String])
        /// A private address of an interface.
        case privateAddress(String, IPAddress)
        /// A public address that an internet gateway maps to an interface.
        case publicAddress(String, IPAddress)
        /// Hosts on the internet: a CIDR block (/32 for one address) or (nil) any.
        case internet(IPPrefix?)
        /// AWS services behind gateway VPC endpoints (`service:s3`): their full names.
        case service([String])
        /// Hosts on premises in a CIDR block (`onprem:192.168.0.0/16`), reached through virtual private gateways.
        case onPremises(IPPrefix)
    }

    public let text: String
    public let kind: Kind
    /// "i-0abc (NextWork-1-instance)", "the internet", …
    public let label: String
    /// For a DNS name resolved as a destination: what it resolved to and why (`EndpointResolver+DNS.swift`).
    public var dns: DNSResolution? = nil

    public var isInternet: Bool { if case .internet = kind { true } else { false } }

    /// The family of an address or CIDR block the user gave as this end; nil for names.
    public var literalFamily: AddressFamily? {
        switch kind {
        case .privateAddress(_, let address), .publicAddress(_, let address): address.family
        case .internet(let prefix?), .onPremises(let prefix): prefix.family
        default: nil
        }
    }

    /// Whether it is outside the snapshot: the internet, an AWS service, on premises.
    public var isOutside: Bool {
        switch kind {
        case .internet, .service, .onPremises: true
        case .interfaces, .privateAddress, .publicAddress: false
        }
    }
}

/// Resolves endpoint names (instance id, ENI id, Name tag, IPv4 address, `internet`) to analysis endpoints.
public struct EndpointResolver: Sendable {
    public let network: Network

    public init(network: Network) { self.network = network }

    public func resolve(_ text: String) throws -> ResolvedEndpoint {
        if text.lowercased() == "internet" { return ResolvedEndpoint(text: text, kind: .internet(nil), label: "the internet") }
        if let outside = try resolveOutside(text) { return outside }
        if let address = IPAddress(text) {
            if let interface = network.networkInterface(privateAddress: address) {
                return ResolvedEndpoint(text: text, kind: .privateAddress(interface.id, address), label: "\(address) (\(label(interface)))")
            }
            if let interface = network.networkInterface(publicAddress: address) {
                return ResolvedEndpoint(text: text, kind: .publicAddress(interface.id, address), label: "\(address) (public address of \(label(interface)))")
            }
            try refuseUnheldVPCAddress(address, text: text)
            return ResolvedEndpoint(text: text, kind: .internet(IPPrefix.host(address)), label: "internet host \(address)")
        }
        if let instance = network.instance(text) { return try instanceEndpoint(instance, text: text) }
        if let interface = network.networkInterface(text) {
            return ResolvedEndpoint(text: text, kind: .interfaces([interface.id]), label: label(interface))
        }
        if let loadBalancer = network.loadBalancer(text) { return try loadBalancerEndpoint(loadBalancer, text: text) }
        let instances = network.instances(named: text)
        let interfaces = network.networkInterfaces(named: text)
        if instances.count + interfaces.count > 1 {
            let ids = (instances.map(\.id) + interfaces.map(\.id)).joined(separator: ", ")
            throw QueryError("\"\(text)\" names more than one instance or interface (\(ids)); use an id")
        }
        if let instance = instances.first { return try instanceEndpoint(instance, text: text) }
        if let interface = interfaces.first {
            return ResolvedEndpoint(text: text, kind: .interfaces([interface.id]), label: label(interface))
        }
        if let hostname = network.dnsHostname(text) { return try hostnameEndpoint(hostname, text: text) }
        if let gap = network.unresolvedEndpointGap(text) { throw UnknownEndpoint(reason: gap) }
        if Self.looksLikeAWSHostname(text) {
            throw QueryError("no instance, network interface or load balancer has the DNS name \"\(text)\" in the snapshot (describe-instances and describe-network-interfaces list none)")
        }
        throw QueryError("no instance, network interface or address \"\(text)\" in the snapshot (give an instance id, ENI id, Name tag, DNS name, load balancer name, IPv4 or IPv6 address, internet, onprem:CIDR for hosts on premises, or service:NAME for an AWS service such as service:s3; end the query with `over ipv6` to ask about IPv6)")
    }

    private func instanceEndpoint(_ instance: Instance, text: String) throws -> ResolvedEndpoint {
        let interfaces = network.networkInterfaces(ofInstance: instance.id)
        if interfaces.isEmpty, let gap = network.unresolvedEndpointGap(instance.id) { throw UnknownEndpoint(reason: gap) }
        guard !interfaces.isEmpty else { throw QueryError("instance \(instance.id) has no network interface in the snapshot") }
        let name = instance.tags.name.map { " (\($0))" } ?? ""
        return ResolvedEndpoint(text: text, kind: .interfaces(interfaces.map(\.id)), label: "\(instance.id)\(name)")
    }

    /// A load balancer (by name, ARN or DNS name) is reached at its nodes: a packet to one of them is forwarded to a
    /// target (`Simulation/Components/LoadBalancer.swift`).
    private func loadBalancerEndpoint(_ loadBalancer: LoadBalancer, text: String) throws -> ResolvedEndpoint {
        if loadBalancer.type == .gateway { throw UnknownEndpoint(reason: gatewayLoadBalancerReason(loadBalancer)) }
        let nodes = network.nodes(of: loadBalancer)
        guard !nodes.isEmpty else {
            throw QueryError("load balancer \(loadBalancer.name) has no node in the snapshot (describe-network-interfaces lists none with the description \"ELB \(loadBalancer.resourcePath)\")")
        }
        return ResolvedEndpoint(text: text, kind: .interfaces(nodes.map(\.id)),
                                label: "load balancer \(loadBalancer.name) (\(loadBalancer.type), \(loadBalancer.scheme))")
    }

    func label(_ interface: NetworkInterface) -> String {
        if let instanceID = interface.instanceID {
            let name = network.instance(instanceID)?.tags.name.map { " \($0)" } ?? ""
            return "\(interface.id) of \(instanceID)\(name)"
        }
        return interface.tags.name.map { "\(interface.id) (\($0))" } ?? interface.id
    }

    /// The address family of a query: the one it names (`over ipv6`), else that of an address or CIDR block given
    /// as an end, else IPv4. Ends of different families, or of another family than the one named, are an error.
    public static func family(of query: QueryText, _ ends: ResolvedEndpoint...) throws -> AddressFamily {
        let given = Set(ends.compactMap(\.literalFamily))
        if given.count > 1 { throw QueryError("\"\(query.text)\" mixes an IPv4 and an IPv6 end; a packet has one family") }
        if let named = query.family, let literal = given.first, literal != named {
            throw QueryError("\"\(query.text)\" asks over \(named) about a \(literal) address")
        }
        return query.family ?? given.first ?? .ipv4
    }

    /// The analysis endpoints for a query's source.
    public func sources(_ endpoint: ResolvedEndpoint) -> [Endpoint] {
        switch endpoint.kind {
        case .interfaces(let ids):
            return ids.compactMap { network.networkInterface($0) }.map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
        case .privateAddress(let id, let address):
            return [.interface(id, addresses: [address])]
        case .publicAddress(let id, let address):
            // Sending "from" a public address means sending from the private address it maps to.
            let privateAddress = network.networkInterface(id)?.addresses.first { $0.publicAddress == address }?.address
            return [.interface(id, addresses: privateAddress.map { [$0] } ?? [])]
        case .internet(let address):
            return [.internet(address)]
        case .service:
            return [] // a service starts no connections (`ReachabilityQuestions.ask` refuses it as a source)
        case .onPremises(let prefix):
            return [.onPremises(prefix)]
        }
    }

    /// The analysis endpoints for a query's destination. From inside AWS an instance is reached at its private
    /// addresses; from the internet at its public addresses.
    public func destinations(_ endpoint: ResolvedEndpoint, fromInternet: Bool) -> [Endpoint] {
        switch endpoint.kind {
        case .interfaces(let ids):
            let interfaces = ids.compactMap { network.networkInterface($0) }
            if fromInternet { return interfaces.map { .publicAddressOf($0.id) } }
            return interfaces.map { .interface($0.id, addresses: $0.addresses.map(\.address)) }
        case .privateAddress(let id, let address), .publicAddress(let id, let address):
            return [.interface(id, addresses: [address])]
        case .internet(let address):
            return serviceAddressDestinations(address) ?? [.internet(address)]
        case .service(let names):
            return serviceDestinations(names)
        case .onPremises(let prefix):
            return [.onPremises(prefix)]
        }
    }
}

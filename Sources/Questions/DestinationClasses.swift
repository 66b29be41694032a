import Analysis
import NetworkModel

/// The destinations of a group question that the configuration cannot tell apart, so that a proof over one of each
/// class is a proof over all of them: instances' interfaces in the same subnet, with the same security groups, the
/// same liveness and source/destination check, reached at the same kind of address (private, or public), whose
/// addresses no rule, route or prefix list narrower than the subnet separates (`EndpointClasses`' test, per
/// interface). That a packet gets to one member exactly when it gets to another is the same argument the matrix
/// rests on.
///
/// Used only to prove that nothing gets through (`cannot`, `isolated`): when the representatives' query is
/// unreachable, so is the whole group's; any other answer is asked again over every destination, so a witness, a
/// timeout or an unmodelled component is found and reported as it always was. Not used where load balancers are
/// (a load balancer's targets are not told apart by the test above) nor on an incomplete snapshot.
struct DestinationClasses {
    /// Below this many destinations the group is asked as it is.
    static let defaultThreshold = 128

    private let network: Network
    private let threshold: Int
    private let prefixes: [IPPrefix]
    private var cutsBySubnet: [String: [IPPrefix]] = [:]

    init(network: Network, threshold: Int = DestinationClasses.defaultThreshold) {
        self.network = network
        self.threshold = threshold
        prefixes = EndpointClasses.rulePrefixes(network)
    }

    /// Whether the shortcut applies to this network at all.
    var applies: Bool { network.loadBalancers.isEmpty && network.completeness.isComplete }

    /// One destination of each class, in the order of first appearance, or nil when that saves nothing (too few
    /// destinations, no two alike, or a network where the test does not apply).
    /// Public addresses are told apart only by senders inside the network (a rule or route may name one), so they
    /// are grouped only when every source is on the internet.
    mutating func representatives(_ destinations: [Endpoint], sources: [Endpoint]) -> [Endpoint]? {
        guard destinations.count >= threshold, applies else { return nil }
        let fromInternetOnly = sources.allSatisfy { if case .internet = $0 { true } else { false } }
        var seen: Set<String> = []
        var kept: [Endpoint] = []
        for destination in destinations {
            var key = self.key(destination)
            if case .publicAddressOf = destination, !fromInternetOnly { key = nil }
            let unique = key ?? "endpoint|\(destination)"
            if seen.insert(unique).inserted { kept.append(destination) }
        }
        return kept.count < destinations.count ? kept : nil
    }

    /// The prefixes narrower than `block` inside it (`prefixes` is sorted by network address: those are one run).
    private func cuts(_ block: IPPrefix) -> [IPPrefix] {
        var low = 0, high = prefixes.count
        while low < high {
            let middle = (low + high) / 2
            if prefixes[middle].network < block.network { low = middle + 1 } else { high = middle }
        }
        var found: [IPPrefix] = []
        while low < prefixes.count, block.contains(prefixes[low].network) {
            if prefixes[low].length > block.length { found.append(prefixes[low]) }
            low += 1
        }
        return found
    }

    /// The class of an instance's interface reached at its private addresses (`addresses`) or its public ones; nil
    /// for anything else (it stays a class of its own).
    private mutating func key(_ destination: Endpoint) -> String? {
        let id: String, addresses: [IPAddress]?, kind: String
        switch destination {
        case .interface(let interfaceID, let given): (id, addresses, kind) = (interfaceID, given, "private")
        case .publicAddressOf(let interfaceID): (id, addresses, kind) = (interfaceID, nil, "public")
        default: return nil
        }
        guard let interface = network.networkInterface(id), interface.instanceID != nil else { return nil }
        if cutsBySubnet[interface.subnetID] == nil {
            let blocks = network.subnet(interface.subnetID)?.cidrBlocks ?? []
            cutsBySubnet[interface.subnetID] = blocks.flatMap(cuts)
        }
        let cuts = cutsBySubnet[interface.subnetID] ?? []
        let chosen = addresses.map { Set($0) }
        let signature = interface.addresses.filter { chosen?.contains($0.address) ?? true }.map { address in
            cuts.indices.filter { cuts[$0].contains(address.address) }.map(String.init).joined(separator: ".")
                + (address.publicAddress == nil ? "" : "+public") + (address.address.family == .ipv6 ? "+v6" : "")
        }.joined(separator: "/")
        return [kind, interface.subnetID, interface.securityGroupIDs.sorted().joined(separator: ","),
                network.isLive(interface) ? "live" : "down", interface.sourceDestinationCheck ? "check" : "nocheck",
                signature].joined(separator: "|")
    }
}

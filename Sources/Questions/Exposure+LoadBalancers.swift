import Analysis
import NetworkModel

/// What the internet reaches through load balancers: every internet-facing load balancer whose nodes have public
/// addresses, the ports the internet reaches it on (the engine's answer from the internet to its nodes' public
/// addresses: through its security groups and network ACLs to a listener that ends the connection, or, a network
/// load balancer's TCP and UDP listeners, on to its targets and back), and the targets its listeners may send to. A
/// target reached so need not have a public address of its own.
public struct LoadBalancerExposure: Sendable {
    public struct Entry: Sendable {
        public let name: String
        public let arn: String
        public let dnsName: String?
        public let type: LoadBalancerType
        /// The public addresses of its nodes.
        public let publicAddresses: [IPAddress]
        public let ports: PortSurvey
        /// The instances (or IP targets' interfaces) its listeners may send to.
        public let targets: [String]
    }

    public private(set) var exposed: [Entry] = []
    public private(set) var unknown: [Entry] = []

    public init(network: Network, oneWay: Bool, engine: ReachabilityEngine) throws {
        for loadBalancer in network.loadBalancers.sorted(by: { $0.name < $1.name }) where loadBalancer.scheme == .internetFacing && loadBalancer.isModelled {
            let nodes = network.nodes(of: loadBalancer).filter { $0.addresses.contains { $0.publicAddress != nil } }
            guard !nodes.isEmpty else { continue }
            let query = TrafficQuery(sources: [.internet(nil)], destinations: nodes.map { .publicAddressOf($0.id) },
                                     traffic: .anyProtocol, oneWay: oneWay, family: .ipv4)
            let survey = try PortSurvey.survey(engine.session(query), network: network)
            var targets: [String] = []
            for listener in loadBalancer.listeners {
                for arn in listener.forwardedTargetGroups ?? [] {
                    guard let group = network.loadBalancing.targetGroup(arn) else { continue }
                    for target in group.targets where !targets.contains(target.id) { targets.append(target.id) }
                }
            }
            let entry = Entry(name: loadBalancer.name, arn: loadBalancer.arn, dnsName: loadBalancer.dnsName, type: loadBalancer.type,
                              publicAddresses: nodes.flatMap { $0.addresses.compactMap(\.publicAddress) }.sorted { $0.description < $1.description }, ports: survey, targets: targets)
            if !survey.isEmpty { exposed.append(entry) } else if !survey.unknown.isEmpty { unknown.append(entry) }
        }
    }

    /// The text lines `exposure` prints for them.
    public var lines: [String] {
        exposed.map { entry in
            let dns = entry.dnsName.map { " (\($0))" } ?? ""
            let targets = entry.targets.isEmpty ? "" : " → targets \(entry.targets.joined(separator: ", "))"
            return "load balancer \(entry.name)\(dns) at \(entry.publicAddresses.map(\.description).joined(separator: ", ")): \(entry.ports)\(targets)"
        } + unknown.map { "load balancer \($0.name): unknown: \($0.ports.unknown.joined(separator: "; "))" }
    }
}

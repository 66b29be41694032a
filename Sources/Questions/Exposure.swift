import Analysis
import Foundation
import NetworkModel

/// Every instance the internet reaches, with the protocols and ports it reaches it on: over IPv4 at its public
/// addresses, and over IPv6 (global addresses, no translation) at its IPv6 addresses. One entry per instance and
/// family.
public struct Exposure: Sendable {
    public struct Entry: Sendable {
        public let instanceID: String
        public let name: String?
        public let family: AddressFamily
        /// The addresses the internet reaches it at: public IPv4 addresses, or IPv6 addresses.
        public let publicAddresses: [IPAddress]
        public let ports: PortSurvey
    }

    public private(set) var exposed: [Entry] = []
    public private(set) var unknown: [Entry] = []
    public private(set) var instancesChecked = 0
    public private(set) var classCount = 0
    public private(set) var milliseconds = 0.0
    /// What the internet reaches through internet-facing load balancers (`Exposure+LoadBalancers.swift`).
    public private(set) var loadBalancers: LoadBalancerExposure?

    /// `progress` is called after each endpoint class and address family is surveyed, with the number done and the
    /// number to do.
    public init(network: Network, oneWay: Bool = false, engine: ReachabilityEngine? = nil,
                progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        let started = Date()
        let engine = engine ?? ReachabilityEngine(network: network)
        let instances = network.instances.sorted { ($0.tags.name ?? $0.id, $0.id) < ($1.tags.name ?? $1.id, $1.id) }
        instancesChecked = instances.count
        let classes = EndpointClasses(network: network, instances: instances)
        classCount = classes.classes.count
        /// The addresses the internet reaches an interface at, in one family.
        func reachableAddresses(_ interface: NetworkInterface, _ family: AddressFamily) -> [IPAddress] {
            family == .ipv4 ? interface.addresses.compactMap(\.publicAddress) : interface.addresses(.ipv6)
        }
        var surveys: [AddressFamily: [Int: PortSurvey]] = [:]
        let steps = AddressFamily.allCases.count * classes.classes.count
        var done = 0
        for family in AddressFamily.allCases {
            for (index, group) in classes.classes.enumerated() {
                defer { done += 1; progress?(done, steps) }
                let interfaces = network.networkInterfaces(ofInstance: group.representative)
                // Without any public address (IPv6: any address) nothing on the internet can address the instance.
                guard interfaces.contains(where: { !reachableAddresses($0, family).isEmpty }) else { continue }
                let query = TrafficQuery(sources: [.internet(nil)], destinations: interfaces.map { .publicAddressOf($0.id) },
                                         traffic: .anyProtocol, oneWay: oneWay, family: family)
                surveys[family, default: [:]][index] = try PortSurvey.survey(engine.session(query), network: network)
            }
        }
        for instance in instances {
            for family in AddressFamily.allCases {
                guard let index = classes.classIndex(of: instance.id), let survey = surveys[family]?[index] else { continue }
                let addresses = network.networkInterfaces(ofInstance: instance.id).flatMap { reachableAddresses($0, family) }
                let entry = Entry(instanceID: instance.id, name: instance.tags.name, family: family, publicAddresses: addresses, ports: survey)
                if !survey.isEmpty { exposed.append(entry) } else if !survey.unknown.isEmpty { unknown.append(entry) }
            }
        }
        if network.loadBalancers.contains(where: { $0.scheme == .internetFacing }) {
            loadBalancers = try LoadBalancerExposure(network: network, oneWay: oneWay, engine: engine)
        }
        milliseconds = Date().timeIntervalSince(started) * 1000
    }
}

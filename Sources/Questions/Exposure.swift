import Analysis
import Foundation
import NetworkModel

/// Every instance the internet reaches, with the protocols and ports it reaches it on.
public struct Exposure: Sendable {
    public struct Entry: Sendable {
        public let instanceID: String
        public let name: String?
        public let publicAddresses: [IPAddress]
        public let ports: PortSurvey
    }

    public private(set) var exposed: [Entry] = []
    public private(set) var unknown: [Entry] = []
    public private(set) var instancesChecked = 0
    public private(set) var classCount = 0
    public private(set) var milliseconds = 0.0

    public init(network: Network, oneWay: Bool = false, engine: ReachabilityEngine? = nil) throws {
        let started = Date()
        let engine = engine ?? ReachabilityEngine(network: network)
        let instances = network.instances.sorted { ($0.tags.name ?? $0.id, $0.id) < ($1.tags.name ?? $1.id, $1.id) }
        instancesChecked = instances.count
        let classes = EndpointClasses(network: network, instances: instances)
        classCount = classes.classes.count
        var surveys: [Int: PortSurvey] = [:]
        for (index, group) in classes.classes.enumerated() {
            let interfaces = network.networkInterfaces(ofInstance: group.representative)
            // Without any public address nothing on the internet can address the instance.
            guard interfaces.contains(where: { $0.addresses.contains { $0.publicAddress != nil } }) else { continue }
            let query = TrafficQuery(sources: [.internet(nil)], destinations: interfaces.map { .publicAddressOf($0.id) },
                                     traffic: .anyProtocol, oneWay: oneWay)
            surveys[index] = try PortSurvey.survey(engine.session(query), network: network)
        }
        for instance in instances {
            guard let index = classes.classIndex(of: instance.id), let survey = surveys[index] else { continue }
            let addresses = network.networkInterfaces(ofInstance: instance.id).flatMap { $0.addresses.compactMap(\.publicAddress) }
            let entry = Entry(instanceID: instance.id, name: instance.tags.name, publicAddresses: addresses, ports: survey)
            if !survey.isEmpty { exposed.append(entry) } else if !survey.unknown.isEmpty { unknown.append(entry) }
        }
        milliseconds = Date().timeIntervalSince(started) * 1000
    }
}

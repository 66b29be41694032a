import Analysis
import NetworkModel

extension SnapshotDiff {
    /// An instance whose exposure to the internet changed in one address family: the protocols and ports the
    /// internet reaches it on before and after (nil: not reached at all, or not in that snapshot).
    public struct ExposureChange: Sendable {
        public let instanceID: String
        public let name: String?
        public let family: AddressFamily
        public let before: PortSurvey?
        public let after: PortSurvey?

        /// "nothing" for an instance the internet does not reach.
        public var beforeText: String { before?.description ?? "nothing" }
        public var afterText: String { after?.description ?? "nothing" }
    }

    /// Compares `Exposure` of the two networks, instance by instance and family by family; also the instances whose
    /// exposure in the new network is unknown (changed or not).
    static func exposureChanges(old: Network, new: Network, oneWay: Bool) throws -> (changes: [ExposureChange], unknownAfter: [String]) {
        struct Key: Hashable { let instance: String; let family: AddressFamily }
        func entries(_ exposure: Exposure) -> [Key: Exposure.Entry] {
            var result: [Key: Exposure.Entry] = [:]
            for entry in exposure.exposed + exposure.unknown { result[Key(instance: entry.instanceID, family: entry.family)] = entry }
            return result
        }
        let newExposure = try Exposure(network: new, oneWay: oneWay)
        let before = entries(try Exposure(network: old, oneWay: oneWay)), after = entries(newExposure)
        var changes: [ExposureChange] = []
        let keys = Set(before.keys).union(after.keys).sorted { ($0.instance, $0.family.rawValue) < ($1.instance, $1.family.rawValue) }
        for key in keys {
            let was = before[key], now = after[key]
            guard was?.ports.description != now?.ports.description else { continue }
            let name = now?.name ?? was?.name
            changes.append(ExposureChange(instanceID: key.instance, name: name, family: key.family, before: was?.ports, after: now?.ports))
        }
        return (changes, newExposure.unknown.map(\.instanceID))
    }
}

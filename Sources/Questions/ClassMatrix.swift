import Analysis
import Foundation
import NetworkModel

/// Which endpoint class reaches which, for one kind of traffic: `ReachabilityMatrix` without the instance pairs, so
/// that a network of 20,000 instances in a few hundred classes stays a few hundred rows. Each cell counts the instance
/// pairs it stands for.
public struct ClassMatrix: Sendable {
    public let traffic: TrafficSpec
    public let classes: [EndpointClasses.Class]
    /// `verdicts[a][b]`: from class a to class b; nil when b has no member other than a's representative.
    public private(set) var verdicts: [[Verdict?]]
    public private(set) var solvedPairs = 0
    public private(set) var milliseconds = 0.0

    public init(network: Network, traffic: TrafficSpec, oneWay: Bool = false, engine: ReachabilityEngine? = nil) throws {
        let started = Date()
        let engine = engine ?? ReachabilityEngine(network: network)
        self.traffic = traffic
        let instances = network.instances.sorted { ($0.tags.name ?? $0.id, $0.id) < ($1.tags.name ?? $1.id, $1.id) }
        let found = EndpointClasses(network: network, instances: instances).classes
        classes = found
        let connector = VPCConnectivity(network: network)
        verdicts = Array(repeating: Array(repeating: nil, count: found.count), count: found.count)
        for (a, source) in found.enumerated() {
            let from = source.representative
            var destinations: [Endpoint] = []
            var targets: [(b: Int, indices: [Int])] = []
            for (b, destination) in found.enumerated() {
                guard let to = Self.member(of: destination, other: from) else { continue }
                guard connector.mayConnect(from, to) else {
                    verdicts[a][b] = .unreachable
                    continue
                }
                let endpoints = ReachabilityMatrix.endpoints(of: to, network, destination: true)
                targets.append((b, Array(destinations.count..<(destinations.count + endpoints.count))))
                destinations += endpoints
            }
            guard !targets.isEmpty else { continue }
            let session = engine.session(TrafficQuery(sources: ReachabilityMatrix.endpoints(of: from, network, destination: false),
                                                      destinations: destinations, traffic: traffic, oneWay: oneWay))
            for (b, indices) in targets {
                solvedPairs += 1
                switch try session.check(destinations: indices) {
                case .reachable: verdicts[a][b] = .reachable
                case .unreachable: verdicts[a][b] = .unreachable
                case .unknown(let reason): verdicts[a][b] = .unknown(reason: reason)
                }
            }
        }
        milliseconds = Date().timeIntervalSince(started) * 1000
    }

    /// The member of a class that stands for it as a destination of `source` (not `source` itself).
    public static func member(of destination: EndpointClasses.Class, other source: String) -> String? {
        destination.members.first { $0 != source }
    }

    /// How many instance pairs the cell stands for.
    public func pairCount(_ a: Int, _ b: Int) -> Int {
        let count = classes[a].members.count * classes[b].members.count
        return a == b ? count - classes[a].members.count : count
    }
}

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

    /// With `engine`, its solver timeout applies; the class pairs are decided as `MatrixCells` decides them.
    public init(network: Network, traffic: TrafficSpec, oneWay: Bool = false, engine: ReachabilityEngine? = nil) throws {
        let started = Date()
        self.traffic = traffic
        let cells = MatrixCells(network: network, traffic: traffic, oneWay: oneWay,
                                timeoutMilliseconds: engine.map(\.timeoutMilliseconds) ?? 30_000)
        try cells.decideAll()
        classes = cells.classes.classes
        verdicts = try cells.classes.classes.indices.map { try cells.row($0).verdicts }
        solvedPairs = cells.solvedPairs + cells.walkedPairs
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

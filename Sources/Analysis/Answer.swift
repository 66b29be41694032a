import NetworkModel
import Simulation

/// The analysis' verdict.
public enum Verdict: Hashable, Sendable {
    case reachable
    case unreachable
    /// The solver could not decide (timeout), or the traffic reaches something PathProof does not model.
    case unknown(reason: String)

    public var name: String {
        switch self {
        case .reachable: "reachable"
        case .unreachable: "unreachable"
        case .unknown: "unknown"
        }
    }
}

/// A configuration element that blocks the query, with what to change, in one plain sentence.
public struct Blocker: Hashable, Sendable, CustomStringConvertible {
    public let checkpoint: Checkpoint
    /// The AWS id: sg-…, acl-…, rtb-…, pcx-…, igw-…, eni-…, i-…, vpc-….
    public let component: String
    /// An AWS Reachability Analyzer explanation code where one fits.
    public let code: BlockerCode
    public let direction: Direction?
    public let leg: Leg
    public let message: String

    public var description: String { "[\(code)] \(component): \(message)" }
}

/// The answer to a `TrafficQuery`.
public struct Answer: Sendable {
    public var verdict: Verdict
    /// Reachable: the witness packet as sent. Unreachable: a packet that would pass if the blockers were changed.
    public var packet: Packet?
    /// Reachable: the replayed forward and return walks (return is nil for one-way queries or ICMP messages
    /// that get no reply).
    public var forward: Walk?
    public var returnWalk: Walk?
    /// The source and destination endpoints of the witness (reachable) or of the example packet (unreachable):
    /// for group queries, the concrete pair.
    public var source: Endpoint?
    public var destination: Endpoint?
    /// Unreachable: the smallest set of configuration elements to change.
    public var blockers: [Blocker]
    /// Unreachable, and no change of the modelled elements would make it reachable.
    public var note: String?
    /// How many candidate paths were encoded (forward, return), and solver time in milliseconds.
    public var candidatePaths: (forward: Int, return: Int)
    public var solverMilliseconds: Double
}

import NetworkModel

/// A packet's concrete journey: the hops it crossed and how it ended.
public struct Walk: Sendable, CustomStringConvertible {
    public enum Outcome: Sendable {
        /// Delivered at a location, with the packet as it arrived there (after address translation).
        case delivered(Location, Packet)
        case dropped(Drop)
        /// The packet reached a component this model does not analyse; no answer can be given.
        case unsupported(String)
    }

    public var hops: [Hop]
    public var outcome: Outcome
    /// What the (forward) packet met that its response depends on: give it to the walk of the response.
    public var state = ConnectionState()

    public var deliveredPacket: Packet? {
        if case .delivered(_, let packet) = outcome { return packet }
        return nil
    }

    public var deliveredAt: Location? {
        if case .delivered(let location, _) = outcome { return location }
        return nil
    }

    public var drop: Drop? {
        if case .dropped(let drop) = outcome { return drop }
        return nil
    }

    public var description: String {
        var lines = hops.map { "  \($0)" }
        switch outcome {
        case .delivered(let location, let packet): lines.append("  delivered at \(location) as \(packet)")
        case .dropped(let drop): lines.append("  dropped: \(drop)")
        case .unsupported(let reason): lines.append("  unsupported: \(reason)")
        }
        return lines.joined(separator: "\n")
    }
}

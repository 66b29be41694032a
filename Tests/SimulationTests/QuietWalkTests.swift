import Foundation
import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// A walker that records no hops (`PacketWalker(network:recordingHops: false)`, what the matrix uses) gives every
/// walk the outcome, drop and connection state of the walker that records them, on every stage of every lab: every
/// pair of network interfaces, five kinds of packet, and the response of each one delivered.
@Suite struct QuietWalkTests {
    static let stages: [String] = StageLab.all.flatMap { lab in lab.stages.map { "\(lab.name)/\($0)" } }

    static func outcome(_ walk: Walk) -> String {
        switch walk.outcome {
        case .delivered(let location, let packet): "delivered at \(location) as \(packet)"
        case .dropped(let drop): "dropped: \(drop.checkpoint.map(\.description) ?? "-") \(drop.component) \(drop.code) \(drop.message)"
        case .unsupported(let reason): "unsupported: \(reason)"
        }
    }

    @Test(arguments: stages)
    func quietWalksEndAsRecordedWalks(stage: String) throws {
        let network = try Fixtures.load(Fixtures.path("Queries/\(stage)"))
        let recording = PacketWalker(network: network)
        let quiet = PacketWalker(network: network, recordingHops: false)
        var compared = 0, delivered = 0
        func compare(_ packet: Packet, from origin: Location, leg: Leg, state: ConnectionState = ConnectionState()) -> Walk {
            let full = recording.walk(packet, from: origin, leg: leg, state: state)
            let bare = quiet.walk(packet, from: origin, leg: leg, state: state)
            #expect(Self.outcome(bare) == Self.outcome(full), "\(stage): \(packet) from \(origin) (\(leg))")
            #expect(bare.state == full.state, "\(stage): \(packet) from \(origin) (\(leg))")
            #expect(bare.hops.isEmpty)
            compared += 1
            return full
        }
        let interfaces = network.networkInterfaces
        for from in interfaces {
            for to in interfaces where to.id != from.id {
                for source in from.addresses.map(\.address) {
                    for destination in to.addresses.map(\.address) where destination.family == source.family {
                        let icmp = source.family == .ipv4 ? IPProtocolNumber.icmp : IPProtocolNumber.icmpv6
                        let packets = [
                            Packet(source: source, destination: destination, ipProtocol: icmp, icmpType: source.family == .ipv4 ? 8 : 128, icmpCode: 0),
                            Packet(source: source, destination: destination, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 22),
                            Packet(source: source, destination: destination, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 443),
                            Packet(source: source, destination: destination, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 80),
                            Packet(source: source, destination: destination, ipProtocol: IPProtocolNumber.udp, sourcePort: 40000, destinationPort: 53),
                        ]
                        for packet in packets {
                            let forward = compare(packet, from: .networkInterface(from.id), leg: .forward)
                            guard let arrived = forward.deliveredPacket, let response = arrived.response, case .networkInterface(let at)? = forward.deliveredAt else { continue }
                            delivered += 1
                            #expect(!forward.hops.isEmpty)
                            _ = compare(response, from: .networkInterface(at), leg: .return, state: forward.state)
                        }
                    }
                }
            }
            // From the internet to its public addresses.
            for address in from.addresses {
                guard let publicAddress = address.publicAddress else { continue }
                let packet = Packet(source: IPAddress("198.51.100.7")!, destination: publicAddress, ipProtocol: IPProtocolNumber.tcp,
                                    sourcePort: 40000, destinationPort: 443)
                let forward = compare(packet, from: .internet, leg: .forward)
                if let arrived = forward.deliveredPacket, let response = arrived.response, case .networkInterface(let at)? = forward.deliveredAt {
                    _ = compare(response, from: .networkInterface(at), leg: .return, state: forward.state)
                }
            }
        }
        #expect(compared > 0)
        // The working stages of the labs between instances (the load balancer lab's clients talk to its listeners).
        if (stage.hasSuffix("working") || stage.hasSuffix("works")) && !stage.hasPrefix("loadbalancer") { #expect(delivered > 0, "\(stage)") }
    }
}

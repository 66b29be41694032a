import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// The packet walker on the seed lab's concrete packets: where an ICMP echo request between the two instances is
/// dropped at each stage (and with which code), and, where it is delivered, that the echo reply comes back. The
/// outcome agrees with the lab's table of answers (`StageLab.seed.reachable`).
@Suite struct SeedWalkTests {
    /// The walks of one packet and, if it is delivered, of its response.
    struct RoundTrip {
        let network: Network
        let forward: Walk
        let back: Walk?
    }

    static func interface(_ instance: String, in network: Network) throws -> NetworkInterface {
        let id = try #require(Fixtures.id(named: instance, in: network), "\(instance)")
        return try #require(network.networkInterfaces(ofInstance: id).first, "\(instance) has no interface")
    }

    /// Walks an ICMP echo request from `from` to `to` (by Name tag) and its reply.
    static func ping(_ stage: String, from: String, to: String) throws -> RoundTrip {
        let network = try Fixtures.load(Fixtures.seed(stage))
        let source = try interface(from, in: network), destination = try interface(to, in: network)
        let packet = Packet(source: try #require(source.primaryAddress), destination: try #require(destination.primaryAddress),
                            ipProtocol: IPProtocolNumber.icmp, icmpType: ICMPMessage.echoRequest)
        let walker = PacketWalker(network: network)
        let forward = walker.walk(packet, from: .networkInterface(source.id), leg: .forward)
        guard let arrived = forward.deliveredPacket, let at = forward.deliveredAt, let reply = arrived.response else {
            return RoundTrip(network: network, forward: forward, back: nil)
        }
        return RoundTrip(network: network, forward: forward, back: walker.walk(reply, from: at, leg: .return, state: forward.state))
    }

    @Test func noPeeringDropsTheEchoRequestAtTheRouteTable() throws {
        let trip = try Self.ping("01-no-peering", from: SeedLab.a, to: SeedLab.b)
        let drop = try #require(trip.forward.drop, "\(trip.forward)")
        let table = try #require(Fixtures.id(named: "NextWork-1-rtb-public", in: trip.network))
        #expect(drop.code == .noRouteToDestination && drop.checkpoint == .routeTable(table, .forward), "\(trip.forward)")
        #expect(drop.component == table)
        // It left the instance: its interface sent it and NextWork-1-sg let it out.
        #expect(trip.forward.hops.map(\.kind).prefix(2) == [.networkInterface, .securityGroup], "\(trip.forward)")
    }

    @Test func withPingAllowedTheRequestAndTheReplyAreDelivered() throws {
        let trip = try Self.ping("06-ping-works", from: SeedLab.a, to: SeedLab.b)
        let two = try Self.interface(SeedLab.b, in: trip.network), one = try Self.interface(SeedLab.a, in: trip.network)
        #expect(trip.forward.deliveredAt == .networkInterface(two.id), "\(trip.forward)")
        #expect(trip.forward.deliveredPacket?.destination == address("10.2.0.10"))
        #expect(trip.forward.hops.contains { $0.kind == .peeringConnection }, "\(trip.forward)")
        let back = try #require(trip.back)
        #expect(back.deliveredAt == .networkInterface(one.id), "\(back)")
        let reply = try #require(back.deliveredPacket)
        #expect(reply.source == address("10.2.0.10") && reply.destination == address("10.1.0.10") && reply.icmpType == ICMPMessage.echoReply)
        // NextWork-1-sg has no inbound rule: the reply gets in because security groups are stateful.
        #expect(back.hops.contains { $0.kind == .securityGroup && $0.detail.contains("stateful") }, "\(back)")
    }

    /// Where ping 1→2 and ping 2→1 end at every stage: "delivered" (the reply too), or the drop's code and the Name
    /// tag of the component it names.
    static let outcomes: [String: (ping: String, pingBack: String)] = [
        "01-no-peering": ("NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public", "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public"),
        "02-peering-pending": ("NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public", "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public"),
        "03-peering-active-no-routes": ("NO_ROUTE_TO_DESTINATION NextWork-1-rtb-public", "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public"),
        "04-route-one-way": ("ENI_SG_RULES_MISMATCH NextWork-2-sg", "NO_ROUTE_TO_DESTINATION NextWork-2-rtb-public"),
        "05-routes-sg-blocks-icmp": ("ENI_SG_RULES_MISMATCH NextWork-2-sg", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
        "06-ping-works": ("delivered", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
        "07-eic-no-public-ip": ("delivered", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
        "08-eic-elastic-ip-no-ssh-rule": ("delivered", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
        "09-eic-works": ("delivered", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
        "10-inter-region-sg-reference": ("ENI_SG_RULES_MISMATCH NextWork-2-sg", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
        "11-inter-region-works": ("delivered", "ENI_SG_RULES_MISMATCH NextWork-1-sg"),
    ]

    static func outcome(_ trip: RoundTrip) -> String {
        if let drop = trip.forward.drop ?? trip.back?.drop {
            let name = trip.network.securityGroups.first { $0.id == drop.component }?.tags.name
                ?? trip.network.routeTables.first { $0.id == drop.component }?.tags.name ?? drop.component
            return "\(drop.code) \(name)"
        }
        return trip.back?.deliveredAt != nil ? "delivered" : "\(trip.forward)\n\(trip.back.map(\.description) ?? "no reply")"
    }

    @Test(arguments: StageLab.seed.stages)
    func pingBothWays(stage: String) throws {
        let expected = try #require(Self.outcomes[stage])
        let there = try Self.ping(stage, from: SeedLab.a, to: SeedLab.b)
        let back = try Self.ping(stage, from: SeedLab.b, to: SeedLab.a)
        #expect(Self.outcome(there) == expected.ping, "\(stage): ping 1→2\n\(there.forward)")
        #expect(Self.outcome(back) == expected.pingBack, "\(stage): ping 2→1\n\(back.forward)")
        // The walker and the lab's answer table agree.
        let reachable = try #require(StageLab.seed.reachable)
        #expect((Self.outcome(there) == "delivered") == reachable.contains(StageLab.Case(stage: stage, query: SeedLab.ping)), "\(stage)")
        #expect((Self.outcome(back) == "delivered") == reachable.contains(StageLab.Case(stage: stage, query: SeedLab.pingBack)), "\(stage)")
    }

    /// SSH from EC2 Instance Connect's range to NextWork-1-instance's Elastic IP: dropped by NextWork-1-sg at stage
    /// 08, delivered (translated to the private address by the internet gateway) and answered at stage 09.
    @Test func instanceConnectToTheElasticIP() throws {
        for (stage, delivered) in [("08-eic-elastic-ip-no-ssh-rule", false), ("09-eic-works", true)] {
            let network = try Fixtures.load(Fixtures.seed(stage))
            let one = try Self.interface(SeedLab.a, in: network)
            let publicAddress = try #require(one.addresses.first?.publicAddress, "\(stage)")
            let packet = Packet(source: address("18.206.107.27"), destination: publicAddress, ipProtocol: IPProtocolNumber.tcp,
                                sourcePort: 40_000, destinationPort: 22)
            let walker = PacketWalker(network: network)
            let forward = walker.walk(packet, from: .internet, leg: .forward)
            guard delivered else {
                #expect(forward.drop?.code == .networkInterfaceSecurityGroupRulesMismatch && forward.drop?.checkpoint == .securityGroups(interface: one.id, .inbound),
                        "\(stage)\n\(forward)")
                continue
            }
            #expect(forward.deliveredAt == .networkInterface(one.id) && forward.deliveredPacket?.destination == address("10.1.0.10"), "\(forward)")
            let reply = try #require(forward.deliveredPacket?.response)
            let back = walker.walk(reply, from: .networkInterface(one.id), leg: .return, state: forward.state)
            #expect(back.deliveredAt == .internet && back.deliveredPacket?.source == publicAddress, "\(back)")
            #expect(back.deliveredPacket?.destination == address("18.206.107.27") && back.deliveredPacket?.destinationPort == 40_000)
            // Another internet host gets nothing through NextWork-1-sg.
            var other = packet
            other.source = address("203.0.113.10")
            #expect(walker.walk(other, from: .internet, leg: .forward).drop?.code == .networkInterfaceSecurityGroupRulesMismatch)
        }
    }
}

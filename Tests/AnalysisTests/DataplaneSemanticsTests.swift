import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// NAT gateway, appliance, gateway endpoint and VPN rules, each shown on the data-plane lab's real JSON with one
/// thing changed (and checked on the walker where the smallest set of blockers is not unique).
@Suite struct DataplaneSemanticsTests {
    typealias Object = EditedSnapshot.Object
    static let app = DataplaneStageTests.app
    static let server = DataplaneStageTests.server

    static func lab(_ stage: String = "01-working") throws -> EditedSnapshot { try EditedSnapshot(copying: DataplaneStageTests.directory(stage)) }

    static func network(_ snapshot: EditedSnapshot) throws -> Network { try snapshot.load() }

    static func ask(_ network: Network, _ query: String) throws -> Answer { try ReachabilityQuestions(network: network).ask(query).answer }

    static func blockers(_ answer: Answer, _ network: Network) -> [String] {
        answer.blockers.map { "\($0.code) \($0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted()
    }

    static func id(_ name: String, _ network: Network) -> String { StageLab.resolve(name, in: network) }

    static func address(_ text: String) -> IPAddress { IPAddress(text)! }

    /// Edits the route of `table` (by Name) for `destination`.
    static func editRoute(_ snapshot: inout EditedSnapshot, table: String, destination: String, _ body: @escaping (inout Object) -> Void) {
        snapshot.editEach("RouteTables") { rtb in
            guard EditedSnapshot.name(rtb) == table, var routes = rtb["Routes"] as? [Object] else { return }
            for index in routes.indices where routes[index]["DestinationCidrBlock"] as? String == destination { body(&routes[index]) }
            rtb["Routes"] = routes
        }
    }

    static func addRoute(_ snapshot: inout EditedSnapshot, table: String, _ route: Object) {
        snapshot.editEach("RouteTables") { rtb in
            guard EditedSnapshot.name(rtb) == table else { return }
            rtb["Routes"] = (rtb["Routes"] as? [Object] ?? []) + [route.merging(["Origin": "CreateRoute", "State": "active"]) { a, _ in a }]
        }
    }

    static func interfaceID(_ snapshot: EditedSnapshot, named name: String) -> String {
        snapshot.resources("NetworkInterfaces").first { EditedSnapshot.name($0) == name }?["NetworkInterfaceId"] as? String ?? ""
    }

    @Test func aPendingNATGatewayForwardsNothing() throws {
        var snapshot = try Self.lab()
        snapshot.editEach("NatGateways") { $0["State"] = "pending" }
        let network = try Self.network(snapshot)
        let answer = try Self.ask(network, "can \(Self.app) reach internet on tcp/443")
        #expect(Self.blockers(answer, network) == ["BAD_STATE \(Self.id("Lab-nat", network)) - forward"])
        #expect(answer.blockers.first?.message.contains("pending") == true)
    }

    @Test func aNATGatewayTranslatesTCPUDPAndICMPOnly() throws {
        let network = try Fixtures.load(DataplaneStageTests.directory("01-working"))
        let interface = Self.id("eni-of:\(Self.app)", network)
        let gre = Packet(source: Self.address("10.20.1.10"), destination: Self.address("8.8.8.8"), ipProtocol: 47)
        let walk = PacketWalker(network: network).walk(gre, from: .networkInterface(interface), leg: .forward)
        #expect(walk.drop?.code == .protocolRestriction && walk.drop?.checkpoint == nil, "\(walk)")
        #expect(try Self.ask(network, "can \(Self.app) reach internet on proto/47").verdict == .unreachable)
        // Its source port for a client port below 1024 is 1024, and the answer comes back to the client's port.
        let low = Packet(source: Self.address("10.20.1.10"), destination: Self.address("8.8.8.8"), ipProtocol: IPProtocolNumber.udp,
                         sourcePort: 53, destinationPort: 53)
        let out = PacketWalker(network: network).walk(low, from: .networkInterface(interface), leg: .forward)
        #expect(out.deliveredPacket?.sourcePort == 1024)
        let back = PacketWalker(network: network).walk(try #require(out.deliveredPacket?.response), from: .internet, leg: .return, state: out.state)
        #expect(back.deliveredPacket?.destinationPort == 53 && back.deliveredAt == .networkInterface(interface), "\(back)")
        // Without the request's state, the NAT gateway takes nothing in.
        let stranger = PacketWalker(network: network).walk(try #require(out.deliveredPacket?.response), from: .internet, leg: .return)
        #expect(stranger.drop?.message.contains("does not accept connections") == true, "\(stranger)")
    }

    @Test func aNATGatewayCarriesOnlyItsVPCsTraffic() throws {
        // The firewall's table sends the server's subnet to the NAT gateway: what it forwards from the internet
        // does not come from an address of the VPC.
        var snapshot = try Self.lab()
        let nat = snapshot.resources("NatGateways").first?["NatGatewayId"] as? String ?? ""
        Self.addRoute(&snapshot, table: "Lab-rtb-firewall", ["DestinationCidrBlock": "10.20.3.0/24", "NatGatewayId": nat])
        let network = try Self.network(snapshot)
        let server = try #require(network.networkInterface(Self.id("eni-of:\(Self.server)", network)))
        let publicAddress = try #require(server.addresses.first?.publicAddress)
        let walk = PacketWalker(network: network).walk(Packet(source: Self.address("8.8.8.8"), destination: publicAddress,
                                                              ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 443),
                                                       from: .internet, leg: .forward)
        #expect(walk.drop?.code == .natGatewayRequiresSourceInVPC, "\(walk)")
        #expect(try Self.ask(network, "can internet reach \(Self.server) on tcp/443").verdict == .unreachable)
    }

    @Test func aDirectConnectGatewayAdvertisesOnlyItsAllowedPrefixes() throws {
        var snapshot = try Self.lab("15-dx-gateway")
        snapshot.editEach("directConnectGatewayAssociations") { $0["allowedPrefixesToDirectConnectGateway"] = [["cidr": "10.20.3.0/24"]] }
        let network = try Self.network(snapshot)
        let answer = try Self.ask(network, "can \(Self.app) reach onprem:192.168.10.0/24 on tcp/443")
        #expect(Self.blockers(answer, network) == ["NO_ROUTE_TO_DESTINATION \(Self.id("Lab-vgw", network)) - forward"])
        #expect(answer.blockers.first?.message.contains("advertises only 10.20.3.0/24") == true, "\(answer.blockers)")
    }

    @Test func aVPNWithBGPCarriesWhatItsRoutesSendIt() throws {
        var snapshot = try Self.lab("10-vpn-no-static-route")
        snapshot.editEach("VpnConnections") { connection in
            var options = connection["Options"] as? Object ?? [:]
            options["StaticRoutesOnly"] = false
            connection["Options"] = options
        }
        let network = try Self.network(snapshot)
        #expect(try Self.ask(network, "can \(Self.app) reach onprem:192.168.10.0/24 on tcp/443").verdict == .reachable)
    }

    @Test func aRouteToAnInstanceGoesToItsInterface() throws {
        var snapshot = try Self.lab()
        let firewall = snapshot.resources("Reservations").flatMap { $0["Instances"] as? [Object] ?? [] }
            .first { EditedSnapshot.name($0) == "Lab-firewall-instance" }?["InstanceId"] as? String ?? ""
        Self.editRoute(&snapshot, table: "Lab-rtb-app", destination: "0.0.0.0/0") { route in
            route["NetworkInterfaceId"] = nil
            route["InstanceId"] = firewall
        }
        let network = try Self.network(snapshot)
        let answer = try Self.ask(network, "can \(Self.server) reach internet on tcp/443")
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.hops.contains { $0.component == Self.id("eni-of:Lab-firewall-instance", network) } == true)
    }

    @Test func anApplianceMetTwiceIsARoutingLoop() throws {
        var snapshot = try Self.lab()
        Self.addRoute(&snapshot, table: "Lab-rtb-firewall",
                      ["DestinationCidrBlock": "10.20.3.0/24", "NetworkInterfaceId": Self.interfaceID(snapshot, named: "Lab-firewall-instance-eni")])
        let network = try Self.network(snapshot)
        let server = try #require(network.networkInterface(Self.id("eni-of:\(Self.server)", network)))
        let walk = PacketWalker(network: network).walk(Packet(source: Self.address("8.8.8.8"), destination: try #require(server.addresses.first?.publicAddress),
                                                              ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 443),
                                                       from: .internet, leg: .forward)
        #expect(walk.drop?.checkpoint == .routeTable(Self.id("Lab-rtb-firewall", network), .forward) && walk.drop?.message.contains("loop") == true, "\(walk)")
        #expect(try Self.ask(network, "can internet reach \(Self.server) on tcp/443").verdict == .unreachable)
    }

    @Test func anApplianceMayTranslateWhatItForwards() throws {
        // The private subnet's default route points at the firewall instead of the NAT gateway: whether the
        // firewall translates the app's address (as a NAT instance does) the snapshot does not say.
        var snapshot = try Self.lab()
        let firewall = Self.interfaceID(snapshot, named: "Lab-firewall-instance-eni")
        Self.editRoute(&snapshot, table: "Lab-rtb-private", destination: "0.0.0.0/0") { route in
            route["NatGatewayId"] = nil
            route["NetworkInterfaceId"] = firewall
        }
        let network = try Self.network(snapshot)
        guard case .unknown(let reason) = try Self.ask(network, "can \(Self.app) reach internet on tcp/443").verdict else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason.contains("translates"), "\(reason)")
        // The server has an Elastic IP: through the same appliance it gets a verdict.
        #expect(try Self.ask(network, "can \(Self.server) reach internet on tcp/443").verdict == .reachable)
    }

    @Test func aVPNGatewayRouteTableRoutesWhatComesInFromOnPremises() throws {
        var snapshot = try Self.lab()
        let vgw = snapshot.resources("VpnGateways").first?["VpnGatewayId"] as? String ?? ""
        snapshot.editEach("RouteTables") { rtb in
            guard EditedSnapshot.name(rtb) == "Lab-rtb-edge" else { return }
            rtb["Associations"] = (rtb["Associations"] as? [Object] ?? []) + [["Main": false, "RouteTableAssociationId": "rtbassoc-0vgwedge",
                                                                                  "RouteTableId": rtb["RouteTableId"] ?? "", "GatewayId": vgw,
                                                                                  "AssociationState": ["State": "associated"]]]
        }
        Self.addRoute(&snapshot, table: "Lab-rtb-edge",
                      ["DestinationCidrBlock": "10.20.1.0/24", "NetworkInterfaceId": Self.interfaceID(snapshot, named: "Lab-firewall-instance-eni")])
        // The firewall's group admits Lab and HTTPS: on premises gets nothing through it yet. One change does:
        // a rule in that group, or the edge route table sending the packet straight to the local route.
        var network = try Self.network(snapshot)
        let blocked = try Self.ask(network, "can onprem:192.168.0.0/16 reach \(Self.app) on tcp/22")
        let smallest = [["ENI_SG_RULES_MISMATCH \(Self.id("Lab-firewall-sg", network)) inbound forward"],
                        ["NO_ROUTE_TO_DESTINATION \(Self.id("Lab-rtb-edge", network)) - forward"]]
        #expect(smallest.contains(Self.blockers(blocked, network)), "\(blocked.blockers)")
        snapshot.editEach("SecurityGroups") { group in
            guard EditedSnapshot.name(group) == "Lab-firewall-sg" else { return }
            group["IpPermissions"] = (group["IpPermissions"] as? [Object] ?? []) + [["IpProtocol": "-1", "IpRanges": [["CidrIp": "192.168.0.0/16"]]]]
        }
        network = try Self.network(snapshot)
        let answer = try Self.ask(network, "can onprem:192.168.0.0/16 reach \(Self.app) on tcp/22")
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.hops.contains { $0.component == Self.id("eni-of:Lab-firewall-instance", network) } == true)
    }

    @Test func aResponseThroughAnApplianceTheRequestMissedIsANewFlowThere() throws {
        // The server reaches the app directly; the app's answer goes through the firewall, whose group (stage 06)
        // admits only HTTPS: the answer to Postgres is dropped there.
        var snapshot = try Self.lab("06-fw-sg-blocks-lab-traffic")
        snapshot.editEach("RouteTables") { rtb in
            guard EditedSnapshot.name(rtb) == "Lab-rtb-app" else { return }
            rtb["Routes"] = (rtb["Routes"] as? [Object] ?? []).filter { $0["DestinationCidrBlock"] as? String != "10.20.1.0/24" }
        }
        let network = try Self.network(snapshot)
        let walker = PacketWalker(network: network)
        let server = Self.id("eni-of:\(Self.server)", network)
        let out = walker.walk(Packet(source: Self.address("10.20.3.10"), destination: Self.address("10.20.1.10"), ipProtocol: IPProtocolNumber.tcp,
                                     sourcePort: 40000, destinationPort: 5432), from: .networkInterface(server), leg: .forward)
        #expect(out.deliveredAt == .networkInterface(Self.id("eni-of:\(Self.app)", network)) && out.state.appliances.isEmpty, "\(out)")
        let back = walker.walk(try #require(out.deliveredPacket?.response), from: try #require(out.deliveredAt), leg: .return, state: out.state)
        #expect(back.drop?.checkpoint == .securityGroups(interface: Self.id("eni-of:Lab-firewall-instance", network), .inbound), "\(back)")
        #expect(try Self.ask(network, "can \(Self.server) reach \(Self.app) on tcp/5432").verdict == .unreachable)
        // HTTPS the other way round is fine: the firewall saw the request and lets its answer through.
        #expect(try Self.ask(network, "can \(Self.app) reach \(Self.server) on tcp/443").verdict == .reachable)
    }
}

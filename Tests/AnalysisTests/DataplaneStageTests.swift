import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The data-plane lab (Queries/dataplane): NAT gateway, inspection appliance, S3 gateway endpoint, VPN and Direct
/// Connect, each stage with the verdict and the exact blockers, in both directions where both mean something.
@Suite struct DataplaneStageTests {
    static let app = "Lab-app-instance"
    static let server = "Lab-server-instance"
    static let partner = "Partner-instance"
    static let onPremises = "onprem:192.168.10.0/24"

    static let lab = StageLab.dataplane

    static func directory(_ stage: String) -> String { lab.directory(stage) }

    static func ask(_ stage: String, _ query: String, oneWay: Bool = false) throws -> (QuestionResult, Network) {
        try lab.ask(stage, query, oneWay: oneWay)
    }

    static func expectBlockers(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lab.expectBlockers(stage, query, expected, sourceLocation: sourceLocation)
    }

    @discardableResult
    static func expectReachable(_ stage: String, _ query: String, through components: [String] = [], back: [String] = [],
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionResult {
        try lab.expectReachable(stage, query, through: components, back: back, sourceLocation: sourceLocation)
    }

    // MARK: The working lab

    @Test func workingNATGateway() throws {
        let out = try Self.expectReachable("01-working", "can \(Self.app) reach internet on tcp/443",
                                           through: ["Lab-rtb-private", "Lab-nat", "Lab-rtb-public", "Lab-igw"], back: ["Lab-nat"])
        // The internet sees the NAT gateway's Elastic IP; the response is translated back to the instance.
        let (_, network) = try Self.ask("01-working", "can \(Self.app) reach internet on tcp/443")
        let natAddress = try #require(network.natGateways.first?.addresses.first?.publicAddress)
        #expect(out.answer.forward?.deliveredPacket?.source == natAddress)
        #expect(out.answer.returnWalk?.deliveredPacket?.destination == IPAddress("10.20.1.10"))
        try Self.expectReachable("01-working", "can \(Self.app) ping 8.8.8.8", through: ["Lab-nat"])
        // Nothing starts a connection inbound through the NAT gateway: the instance has no public address, and its
        // answers would leave by the NAT gateway (asymmetric), whose address is not the one the request went to.
        try Self.expectBlockers("01-working", "can internet reach \(Self.app) on tcp/22", [
            "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS eni-of:\(Self.app) - forward",
            "ENI_SG_RULES_MISMATCH Lab-app-sg inbound forward",
            "NO_ROUTE_TO_DESTINATION Lab-rtb-private - return",
        ])
        let (result, _) = try Self.ask("01-working", "can internet reach \(Self.app) on tcp/22")
        let back = try #require(result.answer.blockers.first { $0.leg == .return })
        #expect(back.message.contains("NAT gateway nat-"), "\(back.message)")
    }

    @Test func theNATGatewayAcceptsNoConnection() throws {
        let network = try Fixtures.load(Self.directory("01-working"))
        let elasticIP = try #require(network.natGateways.first?.addresses.first?.publicAddress)
        let result = try ReachabilityQuestions(network: network).ask("can internet reach \(elasticIP) on tcp/22")
        #expect(result.answer.verdict == .unreachable && result.answer.blockers.isEmpty)
        #expect(result.answer.note?.contains("does not accept connections") == true, "\(result.answer.note ?? "")")
        // Nor does it start any.
        let interface = try #require(network.natGateways.first?.networkInterfaceID)
        let out = try ReachabilityQuestions(network: network).ask("can \(interface) reach internet on tcp/443")
        #expect(out.answer.verdict == .unreachable && out.answer.blockers.isEmpty)
        #expect(out.answer.note?.contains("starts no connections: a NAT gateway only forwards") == true, "\(out.answer.note ?? "")")
        let walk = PacketWalker(network: network).walk(Packet(source: IPAddress("10.20.0.100")!, destination: IPAddress("8.8.8.8")!,
                                                              ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 443),
                                                       from: .networkInterface(interface), leg: .forward)
        #expect(walk.drop?.checkpoint == nil && walk.drop?.message.contains("starts no connections") == true, "\(walk)")
    }

    @Test func workingGatewayEndpoint() throws {
        try Self.expectReachable("01-working", "can \(Self.app) reach service:s3 on tcp/443", through: ["Lab-s3-endpoint"], back: ["Lab-s3-endpoint"])
        try Self.expectReachable("01-working", "can \(Self.app) ping service:s3", through: ["Lab-s3-endpoint"])
        // A gateway endpoint carries TCP and ICMP echo only; the S3 route sends UDP there all the same.
        try Self.expectBlockers("01-working", "can \(Self.app) reach service:s3 on udp/53", ["NO_ROUTE_TO_DESTINATION Lab-rtb-private - forward"])
        let (result, _) = try Self.ask("01-working", "can \(Self.app) reach service:s3 on udp/53")
        #expect(result.answer.blockers.first?.message.contains("carries only TCP and ICMP echo requests") == true)
        // The service starts nothing.
        #expect(throws: QueryError.self) { try Self.ask("01-working", "can service:s3 reach \(Self.app) on tcp/443") }
    }

    @Test func workingVPN() throws {
        try Self.expectReachable("01-working", "can \(Self.app) reach \(Self.onPremises) on tcp/443", through: ["Lab-vgw"], back: ["Lab-vgw"])
        try Self.expectReachable("01-working", "can onprem:192.168.0.0/16 reach \(Self.app) on tcp/22", through: ["Lab-vgw"], back: ["Lab-vgw"])
        try Self.expectBlockers("01-working", "can onprem:192.168.0.0/16 reach \(Self.app) on tcp/80", ["ENI_SG_RULES_MISMATCH Lab-app-sg inbound forward"])
        // On premises is not the internet: the VPN carries only what the route tables send it.
        #expect(throws: QueryError.self) { try Self.ask("01-working", "can onprem:10.0.0.0/8 reach internet") }
    }

    @Test func workingAppliance() throws {
        // In by the internet gateway's edge route table to the firewall, which forwards to the server; back the same way.
        try Self.expectReachable("01-working", "can internet reach \(Self.server) on tcp/443",
                                 through: ["Lab-rtb-edge", "eni-of:Lab-firewall-instance", "Lab-rtb-firewall"],
                                 back: ["Lab-rtb-app", "eni-of:Lab-firewall-instance", "Lab-igw"])
        try Self.expectReachable("01-working", "can \(Self.server) reach internet on tcp/443", through: ["eni-of:Lab-firewall-instance", "Lab-igw"])
        // Between subnets of one VPC, by routes more specific than the local route.
        try Self.expectReachable("01-working", "can \(Self.server) reach \(Self.app) on tcp/5432",
                                 through: ["Lab-rtb-app", "eni-of:Lab-firewall-instance"], back: ["Lab-rtb-private", "eni-of:Lab-firewall-instance"])
    }

    @Test func noEdgeToEdgeRouting() throws {
        try Self.expectReachable("01-working", "can \(Self.partner) ping \(Self.app)", through: ["Lab-Partner-peering"])
        // The partner's default route points at the peering: it reaches none of Lab's gateways.
        try Self.expectBlockers("01-working", "can \(Self.partner) reach internet on tcp/443", [
            "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR Partner-rtb-main - forward", "NO_INTERNET_GATEWAY Partner - forward",
            "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS eni-of:\(Self.partner) - forward",
        ])
        try Self.expectBlockers("01-working", "can \(Self.partner) reach onprem:192.168.0.0/16 on tcp/22", [
            "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR Partner-rtb-main - forward", "NO_VPN_GATEWAY Partner - forward",
        ])
        try Self.expectBlockers("01-working", "can \(Self.partner) reach service:s3 on tcp/443", [
            "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR Partner-rtb-main - forward", "NO_VPC_ENDPOINT Partner - forward",
        ])
    }

    // MARK: NAT gateway stages

    @Test func natGatewayStages() throws {
        try Self.expectBlockers("02-nat-no-route", "can \(Self.app) reach internet on tcp/443", ["NO_ROUTE_TO_DESTINATION Lab-rtb-private - forward"])
        try Self.expectBlockers("03-nat-subnet-no-igw-route", "can \(Self.app) reach internet on tcp/443", ["NO_ROUTE_TO_DESTINATION Lab-rtb-public - forward"])
        // The internet's answers to the NAT gateway are new packets for Lab-public's network ACL.
        try Self.expectBlockers("04-nat-acl-blocks-responses", "can \(Self.app) reach internet on tcp/443", ["SUBNET_ACL_RESTRICTION Lab-public-acl inbound return"])
        let (oneWay, _) = try Self.ask("04-nat-acl-blocks-responses", "can \(Self.app) reach internet on tcp/443", oneWay: true)
        #expect(oneWay.answer.verdict == .reachable)
        // A deleted NAT gateway's route is a blackhole; no other NAT gateway is left, so the instance needs the internet gateway.
        try Self.expectBlockers("16-nat-deleted", "can \(Self.app) reach internet on tcp/443", [
            "BAD_STATE_ROUTE Lab-rtb-private - forward", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS eni-of:\(Self.app) - forward",
        ])
    }

    // MARK: Appliance stages

    @Test func applianceStages() throws {
        // With its source/destination check on, the firewall drops what is not its own: both ways, one element.
        try Self.expectBlockers("05-fw-source-dest-check-on", "can internet reach \(Self.server) on tcp/443",
                                ["ENI_SOURCE_DEST_CHECK_RESTRICTION eni-of:Lab-firewall-instance - forward"])
        try Self.expectBlockers("05-fw-source-dest-check-on", "can \(Self.server) reach \(Self.app) on tcp/5432",
                                ["ENI_SOURCE_DEST_CHECK_RESTRICTION eni-of:Lab-firewall-instance - forward"])
        try Self.expectBlockers("05-fw-source-dest-check-on", "can \(Self.app) reach \(Self.server) on tcp/443",
                                ["ENI_SOURCE_DEST_CHECK_RESTRICTION eni-of:Lab-firewall-instance - forward"])
        // The firewall's group now admits only HTTPS from anywhere: the server's Postgres traffic is dropped there,
        // while HTTPS from the app subnet passes, and its answer too (the firewall saw the request).
        try Self.expectBlockers("06-fw-sg-blocks-lab-traffic", "can \(Self.server) reach \(Self.app) on tcp/5432",
                                ["ENI_SG_RULES_MISMATCH Lab-firewall-sg inbound forward"])
        try Self.expectReachable("06-fw-sg-blocks-lab-traffic", "can \(Self.app) reach \(Self.server) on tcp/443", through: ["eni-of:Lab-firewall-instance"],
                                 back: ["eni-of:Lab-firewall-instance"])
        try Self.expectReachable("06-fw-sg-blocks-lab-traffic", "can internet reach \(Self.server) on tcp/443")
    }

    // MARK: Gateway endpoint stages

    @Test func gatewayEndpointStages() throws {
        // Not associated with the private route table: S3 is reached through the NAT gateway and the internet.
        try Self.expectReachable("07-vpce-not-associated", "can \(Self.app) reach service:s3 on tcp/443", through: ["Lab-nat", "Lab-igw"])
        try Self.expectBlockers("08-vpce-not-associated-no-nat", "can \(Self.app) reach service:s3 on tcp/443",
                                ["NO_ROUTE_TO_DESTINATION Lab-rtb-private - forward"])
        let (result, _) = try Self.ask("08-vpce-not-associated-no-nat", "can \(Self.app) reach service:s3 on tcp/443")
        #expect(result.answer.blockers.first?.message.contains("no route to com.amazonaws.us-east-1.s3 (pl-") == true)
    }

    // MARK: VPN and Direct Connect stages

    @Test func vpnStages() throws {
        let out = "can \(Self.app) reach \(Self.onPremises) on tcp/443"
        let `in` = "can onprem:192.168.0.0/16 reach \(Self.app) on tcp/22"
        try Self.expectReachable("09-vpn-propagated-route", out, through: ["Lab-vgw"])
        try Self.expectReachable("09-vpn-propagated-route", `in`, through: ["Lab-vgw"])
        try Self.expectBlockers("10-vpn-no-static-route", out, ["NO_ROUTE_TO_DESTINATION Lab-vgw - forward"])
        try Self.expectBlockers("10-vpn-no-static-route", `in`, ["NO_ROUTE_TO_DESTINATION Lab-vgw - forward"])
        let (noRoute, _) = try Self.ask("10-vpn-no-static-route", out)
        #expect(noRoute.answer.blockers.first?.message.contains("static routes only to 172.16.0.0/12") == true)
        try Self.expectBlockers("11-vpn-tunnels-down", out, ["BAD_STATE_VPN Lab-vgw - forward"])
        try Self.expectBlockers("11-vpn-tunnels-down", `in`, ["BAD_STATE_VPN Lab-vgw - forward"])
        let (down, _) = try Self.ask("11-vpn-tunnels-down", out)
        #expect(down.answer.blockers.first?.message.contains("DOWN") == true)
        // The route to the detached gateway is a blackhole only because of it: attaching it is the one change.
        try Self.expectBlockers("12-vgw-detached", out, ["BAD_STATE_ATTACHMENT Lab-vgw - forward"])
        try Self.expectBlockers("12-vgw-detached", `in`, ["BAD_STATE_ATTACHMENT Lab-vgw - forward"])
    }

    @Test func directConnectStages() throws {
        let out = "can \(Self.app) reach \(Self.onPremises) on tcp/443"
        let `in` = "can onprem:192.168.0.0/16 reach \(Self.app) on tcp/22"
        let vif = try Self.expectReachable("13-dx-private-vif", out, through: ["Lab-vgw"])
        #expect(vif.answer.forward?.hops.contains { $0.detail.contains("Direct Connect virtual interface dxvif-") } == true)
        try Self.expectReachable("13-dx-private-vif", `in`)
        try Self.expectBlockers("14-dx-vif-down", out, ["BAD_STATE Lab-vgw - forward"])
        try Self.expectBlockers("14-dx-vif-down", `in`, ["BAD_STATE Lab-vgw - forward"])
        try Self.expectReachable("15-dx-gateway", out, through: ["Lab-vgw"])
        try Self.expectReachable("15-dx-gateway", `in`)
    }
}

import AWSSnapshot
import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// NAT gateways, gateway and interface endpoints, VPN and Direct Connect in real AWS captures: which instances
/// reach which, the internet and on premises, worked out by hand from AWS's rules.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct DataplaneCorpusTests {
    static func network(_ scenario: String) throws -> Network { try Fixtures.load(Fixtures.scenario(scenario)) }

    static func ask(_ scenario: String, _ query: String) throws -> Answer {
        try ReachabilityQuestions(network: try network(scenario)).ask(query).answer
    }

    static func blockers(_ answer: Answer) -> [String] {
        answer.blockers.map { "\($0.code) \($0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted()
    }

    @Test(arguments: ["test-nat-gateway", "test-public-private-subnet", "test-public-subnet", "test-vpc-endpoint-gateway",
                      "test-vpc-endpoint-interface", "test-vpn-gateway", "test-direct-connect-private-vif", "test-direct-connect-gateway"])
    func loadsWithoutWarningsAboutTheDataPlane(scenario: String) throws {
        let snapshot = try AWSSnapshotLoading.load(scenario)
        let keys: Set<String> = ["NatGateways", "VpcEndpoints", "VpnGateways", "VpnConnections", "CustomerGateways", "VirtualInterfaces",
                                 "DirectConnectGateways", "DirectConnectGatewayAssociations"]
        #expect(snapshot.warnings.filter { keys.contains($0.key) }.isEmpty, "\(snapshot.warnings)")
    }

    @Test func natGateway() throws {
        // test1 (10.1.1.98, Subnet 1) leaves by nat-07ab4846da51f4612 in the public subnet, whose route table reaches
        // the internet gateway; the NAT gateway's subnet ACL lets everything in (rule 200), so the answers come back.
        let out = try Self.ask("test-nat-gateway", "can i-0a128d26e59be60f3 reach internet on tcp/443")
        #expect(out.verdict == .reachable)
        #expect(out.forward?.hops.contains { $0.component == "nat-07ab4846da51f4612" } == true)
        #expect(out.forward?.deliveredPacket?.source == IPAddress("3.135.127.225"))
        #expect(out.returnWalk?.hops.contains { $0.component == "nat-07ab4846da51f4612" } == true)
        // test20 (Subnet 20) uses the main route table: the local route only.
        let stuck = try Self.ask("test-nat-gateway", "can i-0a73a1a6021c03ddb reach internet on tcp/443")
        #expect(Self.blockers(stuck) == ["NO_ROUTE_TO_DESTINATION rtb-0e169c4a1e0b27b55 - forward"])
        // The jump host has a public address: SSH from the internet works; test1 has none, and answers by the NAT gateway.
        #expect(try Self.ask("test-nat-gateway", "can internet reach i-0b31b509174d7f5de on tcp/22").verdict == .reachable)
        let inbound = try Self.ask("test-nat-gateway", "can internet reach i-0a128d26e59be60f3 on tcp/22")
        #expect(Self.blockers(inbound) == ["IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS eni-0e4ce6a7777b9bff8 - forward",
                                           "NO_ROUTE_TO_DESTINATION rtb-02fe228b42de92a7c - return"])
        // Inside the VPC: the jump host pings test1 (its group allows echo requests from anywhere).
        #expect(try Self.ask("test-nat-gateway", "can i-0b31b509174d7f5de ping i-0a128d26e59be60f3").verdict == .reachable)
        // Nothing starts a connection at the NAT gateway's Elastic IP.
        let atNAT = try Self.ask("test-nat-gateway", "can internet reach 3.135.127.225 on tcp/22")
        #expect(atNAT.verdict == .unreachable && atNAT.blockers.isEmpty)
    }

    @Test func publicAndPrivateSubnets() throws {
        // The public instance (13.58.55.60) takes SSH from the internet and reaches it; the private one routes
        // 0.0.0.0/0 to the virtual private gateway: on premises, not the internet.
        #expect(try Self.ask("test-public-private-subnet", "can internet reach i-094a9e5b545a4fde4 on tcp/22").verdict == .reachable)
        #expect(try Self.ask("test-public-private-subnet", "can i-094a9e5b545a4fde4 reach internet on tcp/443").verdict == .reachable)
        let privateOut = try Self.ask("test-public-private-subnet", "can i-099cf38911942421c reach internet on tcp/443")
        #expect(Self.blockers(privateOut) == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS eni-07c1506e49d784fe0 - forward",
                                              "NO_ROUTE_TO_DESTINATION rtb-002f0eabf583bf991 - forward"])
        #expect(privateOut.blockers.contains { $0.message.contains("vgw-070087240d6fa2989") })
        // The VPN's static route covers 19.168.0.0/16, but both tunnels are DOWN in the capture.
        let onPremises = try Self.ask("test-public-private-subnet", "can i-099cf38911942421c reach onprem:19.168.0.0/16 on tcp/22")
        #expect(Self.blockers(onPremises) == ["BAD_STATE_VPN vgw-070087240d6fa2989 - forward"])
        #expect(onPremises.blockers.first?.message.contains("DOWN") == true)
        // Inside the VPC, SSH from the public to the private instance.
        #expect(try Self.ask("test-public-private-subnet", "can i-094a9e5b545a4fde4 reach i-099cf38911942421c on tcp/22").verdict == .reachable)
    }

    @Test func publicSubnet() throws {
        #expect(try Self.ask("test-public-subnet", "can internet reach i-06669a407b2ef3ae5 on tcp/22").verdict == .reachable)
        #expect(try Self.ask("test-public-subnet", "can i-06669a407b2ef3ae5 reach internet on tcp/443").verdict == .reachable)
        let http = try Self.ask("test-public-subnet", "can internet reach i-06669a407b2ef3ae5 on tcp/80")
        #expect(Self.blockers(http) == ["ENI_SG_RULES_MISMATCH sg-09ccba6656672061b inbound forward"])
    }

    @Test func gatewayEndpoint() throws {
        // Both route tables send pl-63a5400a (S3) to the endpoint, more specific than the public table's default route.
        for instance in ["i-01c6c0647fdccc89e", "i-0464d440ca0ee9e34"] {
            let s3 = try Self.ask("test-vpc-endpoint-gateway", "can \(instance) reach service:s3 on tcp/443")
            #expect(s3.verdict == .reachable)
            #expect(s3.forward?.hops.contains { $0.component == "vpce-0b7357542bb7b83ec" } == true)
        }
        // The private table has no route to the internet.
        let out = try Self.ask("test-vpc-endpoint-gateway", "can i-01c6c0647fdccc89e reach internet on tcp/443")
        #expect(Self.blockers(out) == ["IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS eni-07c757c9635932972 - forward",
                                       "NO_ROUTE_TO_DESTINATION rtb-04f71fc2caa8d94cf - forward"])
        #expect(try Self.ask("test-vpc-endpoint-gateway", "can i-0464d440ca0ee9e34 reach internet on tcp/443").verdict == .reachable)
        // No DynamoDB endpoint: the private instance does not reach it; the public one does, over the internet.
        #expect(try Self.ask("test-vpc-endpoint-gateway", "can i-01c6c0647fdccc89e reach service:dynamodb on tcp/443").verdict == .unreachable)
        let dynamo = try Self.ask("test-vpc-endpoint-gateway", "can i-0464d440ca0ee9e34 reach service:dynamodb on tcp/443")
        #expect(dynamo.verdict == .reachable && dynamo.forward?.hops.contains { $0.component == "igw-0c8afe4471084ccba" } == true)
    }

    @Test func interfaceEndpointIsAnInterface() throws {
        // vpce-083c683a6be29b889's interface (10.1.101.97) carries testing_sg: HTTPS in, not HTTP.
        for instance in ["i-0eb6eb395a0d09117", "i-0a0fbd0cfa774970f"] {
            #expect(try Self.ask("test-vpc-endpoint-interface", "can \(instance) reach eni-0084b734451ba23ca on tcp/443").verdict == .reachable)
            let http = try Self.ask("test-vpc-endpoint-interface", "can \(instance) reach eni-0084b734451ba23ca on tcp/80")
            #expect(Self.blockers(http) == ["ENI_SG_RULES_MISMATCH sg-0973207c61f3466e1 inbound forward"])
        }
    }

    @Test func vpnGateway() throws {
        // The VPN connection is available but both tunnels are DOWN ("IPSEC IS DOWN"): nothing reaches on premises.
        let out = try Self.ask("test-vpn-gateway", "can i-099cf38911942421c reach onprem:192.168.0.0/16 on tcp/22")
        #expect(Self.blockers(out) == ["BAD_STATE_VPN vgw-0c09bd7fadac961bf - forward"])
        let back = try Self.ask("test-vpn-gateway", "can onprem:192.168.0.0/16 reach i-099cf38911942421c on tcp/22")
        #expect(Self.blockers(back) == ["BAD_STATE_VPN vgw-0c09bd7fadac961bf - forward"])
        #expect(try Self.ask("test-vpn-gateway", "can i-099cf38911942421c reach internet on tcp/443").verdict == .unreachable)
    }

    @Test func directConnectPrivateVirtualInterface() throws {
        // Two available private virtual interfaces on vgw-priv01, BGP up; the instance's group allows everything.
        let out = try Self.ask("test-direct-connect-private-vif", "can i-priv01 reach onprem:172.16.0.0/12 on tcp/22")
        #expect(out.verdict == .reachable)
        #expect(out.forward?.hops.contains { $0.detail.contains("Direct Connect virtual interface dxvif-priv0") } == true)
        #expect(try Self.ask("test-direct-connect-private-vif", "can onprem:172.16.0.0/12 reach i-priv01 on tcp/22").verdict == .reachable)
        // Its default route sends internet traffic to vgw-priv01, which carries it on premises: whether on premises
        // sends it on to the internet is not in the snapshot (UNKNOWN, never a proof).
        let internet = try Self.ask("test-direct-connect-private-vif", "can i-priv01 reach internet on tcp/443")
        guard case .unknown(let reason) = internet.verdict else { Issue.record("\(internet.verdict)"); return }
        #expect(reason.contains("virtual private gateway vgw-priv01") && reason.contains("not in the snapshot"), "\(reason)")
    }

    @Test func directConnectGatewayBehindATransitGateway() throws {
        // On premises is behind a transit gateway's Direct Connect gateway attachment: not modelled, so no verdict.
        let out = try Self.ask("test-direct-connect-gateway", "can i-dx01 reach onprem:10.0.0.0/8 on tcp/22")
        guard case .unknown = out.verdict else { Issue.record("expected unknown, got \(out.verdict)"); return }
    }
}

/// Loads a corpus scenario with its warnings.
enum AWSSnapshotLoading {
    static func load(_ scenario: String) throws -> AWSSnapshot.Snapshot {
        try AWSSnapshot.SnapshotReader.load(directory: Fixtures.scenario(scenario))
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The flows Batfish's own end-to-end tests assert on the corpus scenarios (../shared/corpus/batfish-aws), each
/// as a PathProof question with the answer Batfish's disposition means: ACCEPTED, EXITS_NETWORK → reachable (one
/// way, as Batfish traces the forward flow; both ways where the Batfish test traces the reverse flow too);
/// DENIED_IN, DENIED_OUT, NO_ROUTE, NULL_ROUTED → unreachable; a flow to an address that no interface holds
/// (NULL_ROUTED, NO_ROUTE, DELIVERED_TO_SUBNET in Batfish) is no endpoint for PathProof (bad input, no path to
/// prove). Only flows that start at an instance or at the internet are listed; a flow without a protocol in
/// Batfish (`Flow.builder()` leaves it IP, number 0) is `proto/0` here. Flows Batfish starts at a subnet, a VPC or
/// a virtual private gateway, and flows between two internet addresses, are not questions PathProof asks.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct BatfishFlowAgreementTests {
    /// `unknown`: Batfish decides the flow with routes it computes from an on-premises router's configuration
    /// file, which no AWS output holds; PathProof answers UNKNOWN naming the routes the snapshot does not list.
    enum Expected: String, Sendable { case reachable, unreachable, noEndpoint, unknown }

    struct Flow: CustomTestStringConvertible, Sendable {
        let scenario: String
        let query: String
        let expected: Expected
        /// Whether the response is asked too (Batfish's bidirectional traces).
        let bothWays: Bool
        /// The Batfish test that asserts it.
        let batfish: String
        /// Whether the path crosses a load balancer.
        let loadBalancer: Bool
        /// The scenario holds no describe-network-acls output: asked as if it held one listing none (Batfish's reading).
        let assumingNoACLs: Bool

        init(_ scenario: String, _ query: String, _ expected: Expected, bothWays: Bool = false, batfish: String, loadBalancer: Bool = false,
             assumingNoACLs: Bool = false) {
            self.assumingNoACLs = assumingNoACLs
            self.scenario = scenario
            self.query = query
            self.expected = expected
            self.bothWays = bothWays
            self.batfish = batfish
            self.loadBalancer = loadBalancer
        }

        var testDescription: String { "\(scenario): \(query) → \(expected) (\(batfish))" }
    }

    static let flows: [Flow] = [
        // AwsConfigurationPublicSubnetTest
        Flow("test-public-subnet", "can internet reach 18.216.80.133 on tcp/80", .unreachable, batfish: "PublicSubnet.testFromInternetToValidPublicIp"),
        // An address no resource of the snapshot holds, and an address outside AWS: both ends on the internet, no
        // question about this network (Batfish: NULL_ROUTED at AWS's backbone, EXITS_NETWORK)
        Flow("test-public-subnet", "can internet reach 54.191.107.23 on proto/0", .noEndpoint, batfish: "PublicSubnet.testFromInternetToInvalidPublicIp"),
        Flow("test-public-subnet", "can internet reach 10.0.0.91 on proto/0", .unreachable, batfish: "PublicSubnet.testFromInternetToPrivateIp"),
        Flow("test-public-subnet", "can internet reach 192.18.0.8 on proto/0", .noEndpoint, batfish: "PublicSubnet.testFromInternetToPrivateIp"),
        Flow("test-public-subnet", "can i-06669a407b2ef3ae5 reach 8.8.8.8 on proto/0", .reachable, batfish: "PublicSubnet.testToInternet"),
        // AwsConfigurationSubnetTest
        Flow("test-subnet", "can i-08ef86e76fceabd8d reach 10.10.1.44 on proto/0", .unreachable, batfish: "Subnet.testInstanceToInstance"),
        Flow("test-subnet", "can i-08ef86e76fceabd8d reach 10.10.0.1 on proto/0", .noEndpoint, batfish: "Subnet.testInstanceToOutsideSubnet"),
        // AwsConfigurationPublicPrivateSubnetTest
        Flow("test-public-private-subnet", "can i-099cf38911942421c reach 13.58.55.60 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testFromPrivateToPublicSubnet"),
        Flow("test-public-private-subnet", "can i-099cf38911942421c reach 10.0.0.47 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testFromPrivateToPublicSubnet"),
        Flow("test-public-private-subnet", "can i-094a9e5b545a4fde4 reach 10.0.1.204 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testFromPublicToPrivateSubnet"),
        Flow("test-public-private-subnet", "can internet reach 13.58.55.60 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testFromInternet"),
        Flow("test-public-private-subnet", "can internet reach 10.0.0.47 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testFromInternet"),
        Flow("test-public-private-subnet", "can i-094a9e5b545a4fde4 reach 8.8.8.8 on proto/0", .reachable, batfish: "PublicPrivateSubnet.testToInternet"),
        Flow("test-public-private-subnet", "can i-099cf38911942421c reach 8.8.8.8 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testToInternet"),
        Flow("test-public-private-subnet", "can i-094a9e5b545a4fde4 reach 19.168.0.0 on proto/0", .reachable, batfish: "PublicPrivateSubnet.testToSite"),
        // Batfish expects EXITS_NETWORK here: it does not read the tunnels' telemetry. The capture's VgwTelemetry
        // has both tunnels of the VPN connection DOWN, and AWS then carries nothing (BAD_STATE_VPN): PathProof
        // answers as AWS does.
        Flow("test-public-private-subnet", "can i-099cf38911942421c reach onprem:19.168.0.0/16 on proto/0", .unreachable, batfish: "PublicPrivateSubnet.testToSite (tunnels DOWN)"),
        // AwsConfigurationNatGatewayTest
        Flow("test-nat-gateway", "can i-0a128d26e59be60f3 reach 8.8.8.8 on tcp/80", .reachable, bothWays: true, batfish: "NatGateway.testInstanceToInternet_bidirectional"),
        Flow("test-nat-gateway", "can i-0a128d26e59be60f3 reach 8.8.8.8 on proto/107", .unreachable, batfish: "NatGateway.testUnsupportedIpProtocol"),
        Flow("test-nat-gateway", "can internet reach 3.135.127.225 on tcp/80", .unreachable, batfish: "NatGateway.testNonSessionPacket"),
        Flow("test-nat-gateway", "can i-0b31b509174d7f5de reach 10.1.250.210 on tcp/80", .unreachable, batfish: "NatGateway.testIntraSubnetPacket"),
        // AwsConfigurationTransitGatewayTest
        Flow("test-transit-gateway", "can i-06ba034d88c84ef07 reach 192.168.1.106 on proto/0", .unreachable, batfish: "TransitGateway.testFromAtoB"),
        Flow("test-transit-gateway", "can i-0b14080af811fda3d reach 10.10.10.157 on proto/0", .unreachable, batfish: "TransitGateway.testFromBtoA"),
        Flow("test-transit-gateway", "can i-075e846ed41670385 reach 192.168.1.106 on proto/0", .unreachable, batfish: "TransitGateway.testFromA2toB"),
        Flow("test-transit-gateway", "can i-0b14080af811fda3d reach 10.10.20.154 on proto/0", .unreachable, batfish: "TransitGateway.testFromBtoA2"),
        // AwsConfigurationTransitGatewayMultiTableTest
        Flow("test-transit-gateway-multi-table", "can i-06ba034d88c84ef07 reach 192.168.1.106 on proto/0", .unreachable, batfish: "TransitGatewayMultiTable.testFromAtoB"),
        Flow("test-transit-gateway-multi-table", "can i-0b14080af811fda3d reach 10.10.10.157 on proto/0", .unreachable, batfish: "TransitGatewayMultiTable.testFromBtoA"),
        // AwsConfigurationTransitGatewayPeeringTest
        Flow("test-transit-gateway-peering", "can i-08f3abb6471637c66 reach 192.168.1.100 on proto/0", .unreachable, batfish: "TransitGatewayPeering.testBatToFish"),
        Flow("test-transit-gateway-peering", "can i-05e25e43074216229 reach 192.168.1.100 on proto/0", .unreachable, batfish: "TransitGatewayPeering.testBat2ToFish"),
        Flow("test-transit-gateway-peering", "can i-0afb0a59f6bf36397 reach 10.10.1.100 on proto/0", .unreachable, batfish: "TransitGatewayPeering.testFishToBat"),
        Flow("test-transit-gateway-peering", "can i-0afb0a59f6bf36397 reach 10.20.1.100 on proto/0", .unreachable, batfish: "TransitGatewayPeering.testFishToBat2"),
        // AwsConfigurationTransitGatewayMultiAccountTest (no NetworkAcls.json: Batfish takes the subnets as having
        // no network ACL; PathProof answers UNKNOWN without one, `noACLOutputFlows`, and agrees when its absence
        // is taken as "no ACL")
        Flow("test-transit-gateway-multi-account", "can i-0bdf35d561be3d962 reach 10.2.1.183 on tcp/22", .reachable, batfish: "TransitGatewayMultiAccount.testFromAtoB", assumingNoACLs: true),
        Flow("test-transit-gateway-multi-account", "can i-03df168b3f73cc262 reach 10.1.1.100 on tcp/22", .reachable, batfish: "TransitGatewayMultiAccount.testFromBtoA", assumingNoACLs: true),
        // AwsConfigurationVpcPeeringTest
        Flow("test-vpc-peering", "can i-06ba034d88c84ef07 reach 192.168.1.106 on proto/0", .unreachable, batfish: "VpcPeering.testFromAtoB"),
        Flow("test-vpc-peering", "can i-0b14080af811fda3d reach 10.10.10.157 on proto/0", .unreachable, batfish: "VpcPeering.testFromBtoA"),
        Flow("test-vpc-peering", "can i-06ba034d88c84ef07 reach 192.168.100.1 on proto/0", .noEndpoint, batfish: "VpcPeering.testFromAtoUnusedSubnet"),
        Flow("test-vpc-peering", "can i-0b14080af811fda3d reach 10.10.100.1 on proto/0", .noEndpoint, batfish: "VpcPeering.testFromBtoUnusedSubnet"),
        Flow("test-vpc-peering", "can i-0b14080af811fda3d reach 10.10.10.11 on proto/0", .noEndpoint, batfish: "VpcPeering.testFromBtoUnusedIp"),
        // AwsConfigurationVpcEndpointGatewayTest
        Flow("test-vpc-endpoint-gateway", "can i-01c6c0647fdccc89e reach 52.216.237.77 on tcp/443", .reachable, bothWays: true, batfish: "VpcEndpointGateway.testFromSubnetPrivate_configuredAwsService"),
        Flow("test-vpc-endpoint-gateway", "can i-0464d440ca0ee9e34 reach 52.216.237.77 on tcp/443", .reachable, bothWays: true, batfish: "VpcEndpointGateway.testFromSubnetPublic_configuredAwsService"),
        Flow("test-vpc-endpoint-gateway", "can i-01c6c0647fdccc89e reach 54.222.57.1 on tcp/443", .unreachable, batfish: "VpcEndpointGateway.testFromSubnetPrivate_otherAwsServices"),
        Flow("test-vpc-endpoint-gateway", "can i-0464d440ca0ee9e34 reach 54.222.57.1 on tcp/443", .reachable, bothWays: true, batfish: "VpcEndpointGateway.testFromSubnetPublic_otherAwsServices"),
        // AwsConfigurationVpnGatewayTest: the default route sends the packet to the virtual private gateway; Batfish
        // ends it at the on-premises router (NO_ROUTE, from a router configuration no AWS output holds). Both tunnels
        // are DOWN in the capture, so AWS carries nothing; with a tunnel up PathProof answers UNKNOWN
        // (`VPNGatewayInternetTests`).
        Flow("test-vpn-gateway", "can i-099cf38911942421c reach 8.8.8.8 on proto/0", .unreachable, batfish: "VpnGateway.testToOnPrem"),
        Flow("test-vpn-gateway", "can i-099cf38911942421c reach 18.217.248.9 on proto/0", .unreachable, batfish: "VpnGateway.testInstanceToUnderlayInterfaceIp"),
        // Batfish accepts tcp/80 at the virtual private gateway's tunnel outside address (its model of the gateway
        // as a router). That address is AWS's VPN endpoint, outside every VPC, which terminates IPsec only: for
        // PathProof both ends are on the internet, no question about this network.
        Flow("test-vpn-gateway", "can internet reach 18.217.248.9 on tcp/80", .noEndpoint, batfish: "VpnGateway.testInternetToUnderlayInterfaceIp (tunnel outside address)"),
        // AwsConfigurationTransitGatewayAsymmetricPathsTest
        Flow("test-transit-gateway-asymmetric-paths", "can i-04bbbcaefdd1937f9 reach 10.2.1.100 on proto/0", .unreachable, batfish: "TransitGatewayAsymmetricPaths.testBatToFish"),
        Flow("test-transit-gateway-asymmetric-paths", "can i-0973ce90749865a7f reach 10.1.1.100 on proto/0", .unreachable, batfish: "TransitGatewayAsymmetricPaths.testFishToBat"),
        // AwsConfigurationVpcEndpointInterfaceTest (10.1.101.97: the interface endpoint's network interface)
        Flow("test-vpc-endpoint-interface", "can i-0a0fbd0cfa774970f reach 10.1.101.97 on tcp/443", .reachable, bothWays: true, batfish: "VpcEndpointInterface.testFromSubnetEndpoint"),
        Flow("test-vpc-endpoint-interface", "can i-0eb6eb395a0d09117 reach 10.1.101.97 on tcp/443", .reachable, bothWays: true, batfish: "VpcEndpointInterface.testFromSubnetNonEndpoint"),
        // AwsConfigurationVpcPeeringCrossAccountTest (no NetworkAcls.json either)
        Flow("test-vpc-peering-multi-account", "can i-07ae69cc808e8804e reach 10.2.1.252 on tcp/22", .reachable, batfish: "VpcPeeringCrossAccount.testFromAtoB", assumingNoACLs: true),
        Flow("test-vpc-peering-multi-account", "can i-066ce0b1efbb5602c reach 10.1.1.100 on tcp/22", .reachable, batfish: "VpcPeeringCrossAccount.testFromBtoA", assumingNoACLs: true),
        // AwsConfigurationDirectConnectTest: the transit gateway's routes to and from the Direct Connect gateway are
        // learned over BGP from the on-premises router's configuration (onprem-router.txt), not an AWS output
        Flow("test-direct-connect-gateway", "can i-dx01 reach onprem:10.10.0.0/16 on proto/0", .unknown, batfish: "DirectConnect.testFromInstanceToOnPrem"),
        // AwsConfigurationDirectConnectPrivateVifTest
        Flow("test-direct-connect-private-vif", "can i-priv01 reach onprem:10.20.0.0/16 on proto/0", .reachable, batfish: "DirectConnectPrivateVif.testInstanceToOnPremPrefersHighDxCommunity"),
        // AwsConfigurationLoadBalancerTest
        Flow("test-load-balancer", "can i-0c8ce8bbdd98cc4e8 reach 10.1.1.237 on tcp/80", .reachable, bothWays: true, batfish: "LoadBalancer.testClientToLbTrace", loadBalancer: true),
        Flow("test-load-balancer", "can i-0c8ce8bbdd98cc4e8 reach 10.1.20.123 on tcp/80", .reachable, bothWays: true, batfish: "LoadBalancer.testClientToLbTrace", loadBalancer: true),
        Flow("test-load-balancer", "can i-0c8ce8bbdd98cc4e8 reach 10.1.1.237 on tcp/81", .unreachable, batfish: "LoadBalancer.testClientToLb_nonListenedPort", loadBalancer: true),
        Flow("test-load-balancer", "can i-0c8ce8bbdd98cc4e8 reach 10.1.20.123 on tcp/81", .unreachable, batfish: "LoadBalancer.testClientToLb_nonListenedPort", loadBalancer: true),
        // Batfish's reachability question from the client to each server (any packet accepted there): through the
        // load balancer's listener port
        Flow("test-load-balancer", "can i-0c8ce8bbdd98cc4e8 reach i-055b0db7be365202c on tcp/80", .reachable, batfish: "LoadBalancer.testClientToServerReachability", loadBalancer: true),
        Flow("test-load-balancer", "can i-0c8ce8bbdd98cc4e8 reach i-0f4af951d61a19245 on tcp/80", .reachable, batfish: "LoadBalancer.testClientToServerReachability", loadBalancer: true),
    ]

    /// The flows of Batfish's AwsConfiguration*Test classes (batfish/batfish, `projects/batfish/src/test/java/org/
    /// batfish/representation/aws`) on the corpus scenarios, by how many each scenario's tests trace (a
    /// `testReachability` question counts as one flow), and those left out because they start elsewhere than at an
    /// instance or the internet: a subnet (PublicSubnet.testToInternetInvalidPrivateIp), a VPC
    /// (Subnet.testOutsideSubnetToInstance), a virtual private gateway (PublicPrivateSubnet.testFromVgw, 3 flows), on
    /// premises (VpnGateway.testFromOnPrem, 3; DirectConnect.testFromOnPremToInstance; DirectConnectPrivateVif.
    /// testFromOnPremHighToInstance). The scenarios test-multi-account and test-direct-connect-gateway-multi-region
    /// have tests but no flows (AwcConfigurationMultiAccountTest, AwsConfigurationDirectConnectMultiRegionTest).
    static let batfishFlows: [String: (traced: Int, notFromInstanceOrInternet: Int)] = [
        "test-public-subnet": (6, 1), "test-subnet": (3, 1), "test-public-private-subnet": (12, 3), "test-nat-gateway": (4, 0),
        "test-transit-gateway": (4, 0), "test-transit-gateway-multi-table": (2, 0), "test-transit-gateway-peering": (4, 0),
        "test-transit-gateway-multi-account": (2, 0), "test-transit-gateway-asymmetric-paths": (2, 0), "test-vpc-peering": (5, 0),
        "test-vpc-peering-multi-account": (2, 0), "test-vpc-endpoint-gateway": (4, 0), "test-vpc-endpoint-interface": (2, 0),
        "test-vpn-gateway": (6, 3), "test-direct-connect-gateway": (2, 1), "test-direct-connect-private-vif": (2, 1),
        "test-load-balancer": (6, 0), "test-multi-account": (0, 0), "test-direct-connect-gateway-multi-region": (0, 0),
    ]

    /// Every corpus scenario is accounted for, and every flow Batfish traces from an instance or the internet is in
    /// the table (68 traced, 10 from elsewhere, 58 asked): none is skipped.
    @Test func everyBatfishFlowFromAnInstanceOrTheInternetIsInTheTable() throws {
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus).filter { $0.hasPrefix("test-") }
        #expect(Set(scenarios) == Set(Self.batfishFlows.keys), "corpus scenarios without a count: \(Set(scenarios).subtracting(Self.batfishFlows.keys))")
        for (scenario, count) in Self.batfishFlows {
            #expect(Self.flows.filter { $0.scenario == scenario }.count == count.traced - count.notFromInstanceOrInternet, "\(scenario)")
        }
        #expect(Self.batfishFlows.values.map(\.traced).reduce(0, +) == 68)
        #expect(Self.flows.count == 58)
        #expect(Self.flows.allSatisfy { $0.query.hasPrefix("can internet ") || $0.query.hasPrefix("can i-") })
    }

    /// PathProof's answer to a flow, as one of the three.
    static func answer(_ flow: Flow) throws -> (Expected, String) {
        var network = try Fixtures.load(Fixtures.scenario(flow.scenario))
        if flow.assumingNoACLs { network.completeness.presentKinds.insert(.networkACLs) }
        do {
            let result = try ReachabilityQuestions(network: network).ask(flow.query, oneWay: !flow.bothWays)
            switch result.answer.verdict {
            case .reachable: return (.reachable, AnswerRendering.text(result))
            case .unreachable: return (.unreachable, AnswerRendering.text(result))
            case .unknown(let reason): return (.unknown, "UNKNOWN: \(reason)")
            }
        } catch let error as QueryError {
            return (.noEndpoint, "\(error)")
        }
    }

    @Test(arguments: flows)
    func pathProofAgreesWithBatfish(flow: Flow) throws {
        let (got, text) = try Self.answer(flow)
        #expect(got == flow.expected, "\(flow.testDescription): PathProof says \(got)\n\(text)")
    }

    /// Without the assumption, the flows of a scenario without describe-network-acls output are UNKNOWN naming it:
    /// no proof rests on ACLs the snapshot does not hold.
    @Test(arguments: flows.filter(\.assumingNoACLs))
    func noACLOutputFlows(flow: Flow) throws {
        let network = try Fixtures.load(Fixtures.scenario(flow.scenario))
        let answer = try ReachabilityQuestions(network: network).ask(flow.query, oneWay: !flow.bothWays).answer
        guard case .unknown(let reason) = answer.verdict else { Issue.record("\(flow.testDescription): \(answer.verdict)"); return }
        #expect(reason.contains("describe-network-acls"), "\(reason)")
    }
}

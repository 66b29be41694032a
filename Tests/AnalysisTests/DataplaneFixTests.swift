import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Fixes on the data-plane lab: the commands AWS has for NAT gateway routes, appliances, gateway endpoints and VPN
/// connections, written to a copy of the stage's JSON the way `pathproof fix --write-snapshot` does, make the query
/// reachable there; what no command mends is left out with the reason.
@Suite struct DataplaneFixTests {
    static let app = DataplaneStageTests.app
    static let server = DataplaneStageTests.server

    /// The first fix of an unreachable query: its commands contain `expected`; written, the query is reachable.
    static func expectFix(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try FixSupport.expectFirstFix(DataplaneStageTests.directory(stage), query, expected, sourceLocation: sourceLocation)
    }

    @Test func natGatewayRoutes() throws {
        try Self.expectFix("02-nat-no-route", "can \(Self.app) reach internet on tcp/443",
                           ["aws ec2 create-route --route-table-id", "--destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-"])
        try Self.expectFix("03-nat-subnet-no-igw-route", "can \(Self.app) reach internet on tcp/443",
                           ["--destination-cidr-block 0.0.0.0/0 --gateway-id igw-"])
        try Self.expectFix("04-nat-acl-blocks-responses", "can \(Self.app) reach internet on tcp/443",
                           ["aws ec2 create-network-acl-entry", "--ingress", "From=1024,To=65535"])
    }

    @Test func appliance() throws {
        try Self.expectFix("05-fw-source-dest-check-on", "can internet reach \(Self.server) on tcp/443",
                           ["aws ec2 modify-network-interface-attribute --network-interface-id eni-", "--no-source-dest-check"])
        try Self.expectFix("06-fw-sg-blocks-lab-traffic", "can \(Self.server) reach \(Self.app) on tcp/5432",
                           ["aws ec2 authorize-security-group-ingress"])
    }

    @Test func gatewayEndpoints() throws {
        // One change at the private route table: its endpoint association, or a route to the NAT gateway.
        // Which of the two ranks first depends on the ids' text (ties are broken by the changes' text), so accept both:
        // `create-route --route-table-id …` and `modify-vpc-endpoint … --add-route-table-ids …`.
        try Self.expectFix("08-vpce-not-associated-no-nat", "can \(Self.app) reach service:s3 on tcp/443", ["route-table-id"])
        // The partner VPC needs its own endpoint, with its route table associated.
        try Self.expectFix("01-working", "can Partner-instance reach service:s3 on tcp/443",
                           ["aws ec2 create-vpc-endpoint --vpc-id vpc-", "--vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3",
                            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-pathproof0001 --add-route-table-ids rtb-"])
    }

    @Test func vpnAndDirectConnect() throws {
        try Self.expectFix("10-vpn-no-static-route", "can \(Self.app) reach onprem:192.168.10.0/24 on tcp/443",
                           ["aws ec2 create-vpn-connection-route --vpn-connection-id vpn-", "--destination-cidr-block 192.168.10.0/24"])
        try Self.expectFix("12-vgw-detached", "can \(Self.app) reach onprem:192.168.10.0/24 on tcp/443",
                           ["aws ec2 attach-vpn-gateway --vpn-gateway-id vgw-", "--vpc-id vpc-"])  // the route revives on its own
        // Tunnels that are down and a virtual interface that is down are mended on premises, not by a call.
        for (stage, reason) in [("11-vpn-tunnels-down", "DOWN"), ("14-dx-vif-down", "is down")] {
            let questions = ReachabilityQuestions(network: try Fixtures.load(DataplaneStageTests.directory(stage)))
            let report = try questions.fixes("can \(Self.app) reach onprem:192.168.10.0/24 on tcp/443").report
            #expect(report.fixes.isEmpty, "\(stage)")
            #expect(report.note?.contains(reason) == true, "\(stage): \(report.note ?? "")")
        }
    }
}

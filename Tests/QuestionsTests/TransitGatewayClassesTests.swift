import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
@testable import Questions
import Testing

/// Endpoint classes tell apart the addresses of a subnet that a transit gateway route separates (a route narrower
/// than the subnet, such as a blackhole for one address), as they do for a VPC route or a rule: the matrix's
/// answer for a class stands for each of its members.
@Suite struct TransitGatewayClassesTests {
    static func prefix(_ text: String) -> IPPrefix { IPPrefix(text)! }

    /// Two VPCs joined by a transit gateway whose one route table has a /32 blackhole route for `10.1.1.11`, one of
    /// two otherwise interchangeable instances of VPC A (`blackhole` false: no such route).
    static func network(blackhole: Bool) -> Network {
        let vpcs = [VPC(id: "vpc-a", cidrBlocks: [prefix("10.1.0.0/16")]), VPC(id: "vpc-b", cidrBlocks: [prefix("10.2.0.0/16")])]
        let subnets = [Subnet(id: "subnet-a", vpcID: "vpc-a", cidrBlocks: [prefix("10.1.1.0/24")], availabilityZone: "us-east-1a"),
                       Subnet(id: "subnet-b", vpcID: "vpc-b", cidrBlocks: [prefix("10.2.1.0/24")], availabilityZone: "us-east-1a")]
        let tables = [("a", "10.1.0.0/16"), ("b", "10.2.0.0/16")].map { name, block in
            RouteTable(id: "rtb-\(name)", vpcID: "vpc-\(name)", routes: [Route(destination: .cidr(prefix(block)), target: .local),
                                                                        Route(destination: .cidr(prefix("10.0.0.0/8")), target: .transitGateway("tgw-1"))],
                       subnetIDs: ["subnet-\(name)"], isMain: true)
        }
        let groups = ["a", "b"].map { name in
            SecurityGroup(id: "sg-\(name)", name: "ping-\(name)", vpcID: "vpc-\(name)",
                          inbound: [SecurityGroupRule(ipProtocol: .number(IPProtocolNumber.icmp), peer: .cidr(prefix("10.0.0.0/8")))],
                          outbound: [SecurityGroupRule(ipProtocol: .all, peer: .cidr(.anyIPv4))])
        }
        let hosts = [("i-a1", "subnet-a", "vpc-a", "10.1.1.10"), ("i-a2", "subnet-a", "vpc-a", "10.1.1.11"), ("i-b1", "subnet-b", "vpc-b", "10.2.1.10")]
        let interfaces = hosts.map { id, subnet, vpc, address in
            NetworkInterface(id: "eni-\(id)", subnetID: subnet, vpcID: vpc, instanceID: id, securityGroupIDs: ["sg-\(vpc.suffix(1))"],
                             addresses: [.init(address: IPAddress(address)!, isPrimary: true)])
        }
        let instances = hosts.map { Instance(id: $0.0, state: .running, networkInterfaceIDs: ["eni-\($0.0)"], tags: Tags([("Name", $0.0)])) }
        let attachments = ["a", "b"].map { name in
            TransitGatewayAttachment(id: "tgw-attach-\(name)", transitGatewayID: "tgw-1", resourceType: .vpc, resourceID: "vpc-\(name)",
                                     subnetIDs: ["subnet-\(name)"], associatedRouteTableID: "tgw-rtb-1")
        }
        var routes = [TransitGatewayRoute(destination: prefix("10.1.0.0/16"), attachmentIDs: ["tgw-attach-a"]),
                      TransitGatewayRoute(destination: prefix("10.2.0.0/16"), attachmentIDs: ["tgw-attach-b"])]
        if blackhole { routes.append(TransitGatewayRoute(destination: prefix("10.1.1.11/32"), attachmentIDs: [], state: .blackhole)) }
        let transit = TransitGatewayConfiguration(gateways: [TransitGateway(id: "tgw-1")], attachments: attachments,
                                                  routeTables: [TransitGatewayRouteTable(id: "tgw-rtb-1", transitGatewayID: "tgw-1", routes: routes)])
        return Network(vpcs: vpcs, subnets: subnets, routeTables: tables, securityGroups: groups, instances: instances,
                       networkInterfaces: interfaces, transit: transit)
    }

    @Test func aTransitGatewayRouteNarrowerThanASubnetSplitsItsClass() throws {
        let open = Self.network(blackhole: false)
        let closed = Self.network(blackhole: true)
        let instances = open.instances
        let together = EndpointClasses(network: open, instances: instances)
        #expect(together.classIndex(of: "i-a1") == together.classIndex(of: "i-a2"))
        let apart = EndpointClasses(network: closed, instances: closed.instances)
        #expect(apart.classIndex(of: "i-a1") != apart.classIndex(of: "i-a2"))

        // The matrix: i-b1 reaches i-a1 but not i-a2 (the blackhole), as each pair asked alone says.
        let matrix = try ReachabilityMatrix(network: closed, traffic: .ping)
        let verdicts = Dictionary(uniqueKeysWithValues: matrix.rows.map { ("\($0.from)>\($0.to)", $0.verdict) })
        #expect(verdicts["i-b1>i-a1"] == .reachable && verdicts["i-b1>i-a2"] == .unreachable, "\(verdicts)")
        #expect(verdicts["i-a1>i-b1"] == .reachable && verdicts["i-a2>i-b1"] == .unreachable, "\(verdicts)")
        #expect(matrix.walkedPairs > 0)
        _ = try MatrixEngineTests.expectEnginesAgree(closed, "transit /32 blackhole")
        _ = try MatrixEngineTests.expectEnginesAgree(open, "transit without the blackhole")
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// A Gateway Load Balancer endpoint as a route target, in AWS's inspection pattern, on the corpus scenario
/// `test-load-balancer` edited in the shapes `describe-vpc-endpoints`, `describe-network-interfaces`,
/// `describe-subnets` and `describe-route-tables` print (a route to the endpoint names it as its `GatewayId`): an endpoint `vpce-0a1b2c3d4e5f60001` (its interface in a
/// new subnet 10.1.30.0/24 whose route table sends 0.0.0.0/0 to the internet gateway); the Jump Host's subnet
/// sends 0.0.0.0/0 to the endpoint, and the internet gateway's own route table (edge association) sends the Jump
/// Host's subnet to it. Both directions cross the endpoint; the walk says the assumption.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct GatewayLoadBalancerEndpointTests {
    static let endpoint = "vpce-0a1b2c3d4e5f60001"
    static let gateway = "igw-009e7cccf82ddbc66"
    static let vpc = "vpc-015b20578b48c1349"

    static func snapshot(state: String = "available", edgeRoute: Bool = true) throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: LoadBalancerTests.directory)
        snapshot.append("Subnets", ["SubnetId": "subnet-0a1b2c3d4e5f60030", "VpcId": vpc, "CidrBlock": "10.1.30.0/24",
                                    "AvailabilityZone": "us-east-2a", "State": "available", "MapPublicIpOnLaunch": false,
                                    "AvailableIpAddressCount": 250, "DefaultForAz": false])
        snapshot.append("NetworkInterfaces", ["NetworkInterfaceId": "eni-0a1b2c3d4e5f60030", "SubnetId": "subnet-0a1b2c3d4e5f60030", "VpcId": vpc,
                                              "AvailabilityZone": "us-east-2a", "Description": "VPC Endpoint Interface \(endpoint)",
                                              "InterfaceType": "gateway_load_balancer_endpoint", "Status": "in-use", "SourceDestCheck": true,
                                              "PrivateIpAddress": "10.1.30.10", "Groups": [EditedSnapshot.Object](), "RequesterManaged": true,
                                              "PrivateIpAddresses": [["Primary": true, "PrivateIpAddress": "10.1.30.10"]]])
        snapshot.append("VpcEndpoints", ["VpcEndpointId": endpoint, "VpcEndpointType": "GatewayLoadBalancer", "VpcId": vpc,
                                         "ServiceName": "com.amazonaws.vpce.us-east-2.vpce-svc-0a1b2c3d4e5f60099", "State": state,
                                         "SubnetIds": ["subnet-0a1b2c3d4e5f60030"], "NetworkInterfaceIds": ["eni-0a1b2c3d4e5f60030"],
                                         "RouteTableIds": [String](), "Groups": [EditedSnapshot.Object](), "RequesterManaged": false, "OwnerId": "554773406868"])
        snapshot.editEach("NetworkAcls") { acl in
            guard acl["NetworkAclId"] as? String == "acl-03881316d16ba9771" else { return }
            var associations = acl["Associations"] as? [EditedSnapshot.Object] ?? []
            associations.append(["NetworkAclAssociationId": "aclassoc-0a1b2c3d4e5f60030", "NetworkAclId": "acl-03881316d16ba9771",
                                 "SubnetId": "subnet-0a1b2c3d4e5f60030"])
            acl["Associations"] = associations
        }
        snapshot.editEach("RouteTables") { table in
            guard table["RouteTableId"] as? String == "rtb-03e864dec998e5a93" else { return }
            table["Routes"] = [["DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"],
                               ["DestinationCidrBlock": "0.0.0.0/0", "GatewayId": endpoint, "Origin": "CreateRoute", "State": "active"]]
        }
        snapshot.append("RouteTables", ["RouteTableId": "rtb-0a1b2c3d4e5f60030", "VpcId": vpc, "OwnerId": "554773406868", "PropagatingVgws": [Any](),
                                        "Associations": [["Main": false, "RouteTableAssociationId": "rtbassoc-0a1b2c3d4e5f60030",
                                                          "RouteTableId": "rtb-0a1b2c3d4e5f60030", "SubnetId": "subnet-0a1b2c3d4e5f60030",
                                                          "AssociationState": ["State": "associated"]]],
                                        "Routes": [["DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"],
                                                   ["DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gateway, "Origin": "CreateRoute", "State": "active"]]])
        if edgeRoute {
            snapshot.append("RouteTables", ["RouteTableId": "rtb-0a1b2c3d4e5f60031", "VpcId": vpc, "OwnerId": "554773406868", "PropagatingVgws": [Any](),
                                            "Associations": [["Main": false, "RouteTableAssociationId": "rtbassoc-0a1b2c3d4e5f60031",
                                                              "RouteTableId": "rtb-0a1b2c3d4e5f60031", "GatewayId": gateway,
                                                              "AssociationState": ["State": "associated"]]],
                                            "Routes": [["DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"],
                                                       ["DestinationCidrBlock": "10.1.250.0/24", "GatewayId": endpoint, "Origin": "CreateRoute", "State": "active"]]])
        }
        return snapshot
    }

    @Test func bothDirectionsCrossTheEndpointAndSayTheAssumption() throws {
        let network = try Self.snapshot().load()
        let questions = ReachabilityQuestions(network: network)
        let inbound = try questions.ask("can internet reach i-0c8ce8bbdd98cc4e8 on tcp/22")
        #expect(inbound.answer.verdict == .reachable, "\(AnswerRendering.text(inbound))")
        let forward = try #require(inbound.answer.forward)
        let hop = try #require(forward.hops.first { $0.component == Self.endpoint }, "\(forward)")
        #expect(hop.detail.contains("its appliances return the packet unchanged (assumed"))
        #expect(forward.hops.map(\.component).contains("rtb-0a1b2c3d4e5f60031"), "the internet gateway's route table: \(forward)")
        let back = try #require(inbound.answer.returnWalk)
        #expect(back.hops.contains { $0.component == Self.endpoint }, "\(back)")
        #expect(back.hops.map(\.component).contains("rtb-0a1b2c3d4e5f60030"), "the endpoint's subnet's route table: \(back)")
        #expect(AnswerRendering.text(inbound).contains("assumed"))
        // Out to the internet: subnet → endpoint → the endpoint's subnet → internet gateway.
        let outbound = try questions.ask("can i-0c8ce8bbdd98cc4e8 reach 8.8.8.8 on tcp/443")
        #expect(outbound.answer.verdict == .reachable, "\(AnswerRendering.text(outbound))")
        #expect(outbound.answer.forward?.hops.contains { $0.component == Self.endpoint } == true)
    }

    /// Without the internet gateway's route table, the response goes out by the endpoint (asymmetric) and the
    /// request comes straight in: still reachable, the endpoint on the way out only.
    @Test func withoutTheEdgeRouteOnlyTheWayOutCrossesIt() throws {
        let network = try Self.snapshot(edgeRoute: false).load()
        let inbound = try ReachabilityQuestions(network: network).ask("can internet reach i-0c8ce8bbdd98cc4e8 on tcp/22")
        #expect(inbound.answer.verdict == .reachable)
        #expect(inbound.answer.forward?.hops.contains { $0.component == Self.endpoint } == false)
        #expect(inbound.answer.returnWalk?.hops.contains { $0.component == Self.endpoint } == true)
    }

    /// An endpoint that is not available carries nothing (BAD_STATE on the endpoint).
    @Test func anEndpointNotAvailableIsTheBlocker() throws {
        let network = try Self.snapshot(state: "pendingAcceptance").load()
        let answer = try ReachabilityQuestions(network: network).ask("can internet reach i-0c8ce8bbdd98cc4e8 on tcp/22").answer
        #expect(answer.verdict == .unreachable)
        #expect(answer.blockers.map(\.checkpoint) == [.endpointAvailable(Self.endpoint)], "\(answer.blockers)")
        #expect(answer.blockers.first?.code == .badState)
    }

    /// The engines agree on packets from an internet host to the Jump Host's public address, there and back.
    @Test(arguments: ["available", "pendingAcceptance"])
    func agreement(_ state: String) throws {
        let network = try Self.snapshot(state: state).load()
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        let jump = try #require(network.networkInterface(LoadBalancerTests.jumpHost))
        let publicAddress = try #require(jump.addresses.first?.publicAddress)
        let host = IPAddress("198.51.100.7")!
        var delivered = 0
        for port: UInt16 in [22, 80] {
            for oneWay in [false, true] {
                let packet = Packet(source: host, destination: publicAddress, ipProtocol: IPProtocolNumber.tcp, sourcePort: 50000, destinationPort: port)
                let query = TrafficQuery(sources: [.internetHost(host)], destinations: [.publicAddressOf(jump.id)],
                                         traffic: TrafficSpec(ipProtocol: nil, sourcePorts: .all), oneWay: oneWay)
                let smt = try engine.admits(query, packet: packet)
                let forward = walker.walk(packet, from: .internet, leg: .forward, state: ConnectionState())
                var concrete = forward.deliveredAt == .networkInterface(jump.id)
                if concrete, !oneWay, let response = forward.deliveredPacket?.response {
                    let back = walker.walk(response, from: .networkInterface(jump.id), leg: .return, state: forward.state)
                    concrete = back.deliveredAt == .internet && back.deliveredPacket?.destination == host
                }
                #expect(smt == concrete, "\(state): \(packet) oneWay=\(oneWay): SMT \(String(describing: smt)), walker \(concrete)")
                if concrete { delivered += 1 }
            }
        }
        #expect(state == "available" ? delivered == 2 : delivered == 0, "\(state): \(delivered)")
    }
}

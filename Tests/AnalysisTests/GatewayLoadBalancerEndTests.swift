import Analysis
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// A Gateway Load Balancer itself named as a query's end (by name, ARN or DNS name, as source or destination): no
/// answer (UNKNOWN, `UnknownEndpoint`), naming the load balancer and saying why. The snapshot is
/// `GatewayLoadBalancerEndpointTests`'s (the corpus `test-load-balancer` with a Gateway Load Balancer endpoint on
/// the path) with the Gateway Load Balancer `fw` and its node added as `describe-load-balancers` and
/// `describe-network-interfaces` print them.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct GatewayLoadBalancerEndTests {
    static let arn = "arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/gwy/fw/0a1b2c3d4e5f6001"
    static let dnsName = "fw-0a1b2c3d4e5f6001.elb.us-east-2.amazonaws.com"

    static func network() throws -> Network {
        var snapshot = try GatewayLoadBalancerEndpointTests.snapshot()
        snapshot.append("LoadBalancers", ["LoadBalancerArn": arn, "LoadBalancerName": "fw", "DNSName": dnsName, "Type": "gateway", "Scheme": "internal",
                                          "VpcId": GatewayLoadBalancerEndpointTests.vpc, "State": ["Code": "active"], "IpAddressType": "ipv4",
                                          "CreatedTime": "2026-01-10 10:00:00.000000+00:00",
                                          "AvailabilityZones": [["ZoneName": "us-east-2a", "SubnetId": "subnet-0a1b2c3d4e5f60030",
                                                                 "LoadBalancerAddresses": [EditedSnapshot.Object]()]]])
        snapshot.append("NetworkInterfaces", ["NetworkInterfaceId": "eni-0a1b2c3d4e5f60040", "SubnetId": "subnet-0a1b2c3d4e5f60030",
                                              "VpcId": GatewayLoadBalancerEndpointTests.vpc, "AvailabilityZone": "us-east-2a",
                                              "Description": "ELB gwy/fw/0a1b2c3d4e5f6001", "InterfaceType": "gateway_load_balancer",
                                              "Status": "in-use", "SourceDestCheck": false, "RequesterId": "amazon-elb", "RequesterManaged": true,
                                              "PrivateIpAddress": "10.1.30.20", "Groups": [EditedSnapshot.Object](),
                                              "PrivateIpAddresses": [["Primary": true, "PrivateIpAddress": "10.1.30.20"]]])
        return try snapshot.load()
    }

    @Test func aGatewayLoadBalancerAsAQueryEndIsUnknownSayingWhy() throws {
        let network = try Self.network()
        #expect(network.loadBalancer("fw")?.type == .gateway)
        let questions = ReachabilityQuestions(network: network)
        for query in ["can i-0c8ce8bbdd98cc4e8 reach fw on udp/6081", "can internet reach \(Self.arn) on tcp/80",
                      "can i-0c8ce8bbdd98cc4e8 reach \(Self.dnsName) on tcp/443", "can fw reach i-0c8ce8bbdd98cc4e8 on tcp/22"] {
            do {
                let result = try questions.ask(query)
                Issue.record("\(query): answered \(result.answer.verdict)")
            } catch let unknown as UnknownEndpoint {
                #expect(unknown.reason.contains("load balancer fw is a Gateway Load Balancer"), "\(unknown.reason)")
                #expect(unknown.reason.contains("no listener") && unknown.reason.contains("only through its Gateway Load Balancer endpoints"), "\(unknown.reason)")
                #expect(unknown.reason.contains(GatewayLoadBalancerEndpointTests.endpoint), "\(unknown.reason)")
            }
        }
        // The endpoint on the path is still followed: the host behind it is the question.
        #expect(try questions.ask("can internet reach i-0c8ce8bbdd98cc4e8 on tcp/22").answer.verdict == .reachable)
    }
}

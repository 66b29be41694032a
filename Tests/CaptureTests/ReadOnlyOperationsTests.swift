import AWSCapture
import Foundation
import PathProofTestSupport
import Testing

/// The allow-list: every planned call is on it, and the runner refuses anything else before a process starts.
@Suite struct ReadOnlyOperationsTests {
    @Test func everyPlannedCallIsOnTheAllowList() {
        let sample = #"{"Vpcs":[{"VpcId":"vpc-1"}],"PrefixLists":[{"PrefixListId":"pl-1"}],"TransitGatewayRouteTables":[{"TransitGatewayRouteTableId":"tgw-rtb-1"}],"LoadBalancers":[{"LoadBalancerArn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1"}],"TargetGroups":[{"TargetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/2"}],"LoadBalancerDescriptions":[{"LoadBalancerName":"classic-1"}]}"#
        let outputs = Dictionary(uniqueKeysWithValues: CapturePlan.independentCalls.compactMap(\.file).map { ($0, Data(sample.utf8)) })
        let dependent = CapturePlan.dependentCalls(outputs: outputs)
        #expect(Set(dependent.map(\.operation)) == ["describe-vpc-attribute", "get-managed-prefix-list-entries",
                                                    "search-transit-gateway-routes", "get-transit-gateway-route-table-associations",
                                                    "get-transit-gateway-route-table-propagations", "describe-listeners",
                                                    "describe-target-health", "describe-load-balancer-attributes", "describe-target-group-attributes",
                                                    "describe-instance-health"])
        #expect(dependent.filter { $0.service == "elb" }.map(\.command) == [
            "elb describe-load-balancer-attributes --load-balancer-name classic-1", "elb describe-instance-health --load-balancer-name classic-1",
        ])
        #expect(dependent.filter { $0.service == "elb" }.compactMap(\.file) == ["elb-attributes-classic-1.json", "elb-instance-health-classic-1.json"])
        for call in CapturePlan.independentCalls + dependent {
            #expect(ReadOnlyOperations.allows(service: call.service, operation: call.operation), "\(call.command)")
        }
    }

    @Test func everyAllowedOperationReadsOnly() {
        for (service, operations) in ReadOnlyOperations.allowed {
            for operation in operations {
                #expect(operation.hasPrefix("describe-") || operation.hasPrefix("get-") || operation.hasPrefix("search-"),
                        "\(service) \(operation)")
            }
        }
    }

    @Test func theRunnerRefusesAMutatingVerbWithoutStartingAProcess() async throws {
        // An executable that would leave a mark if it ran.
        let folder = try Temporary.folder("refuse")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let marker = "\(folder)/ran"
        let stub = "\(folder)/aws"
        try "#!/bin/sh\ntouch '\(marker)'\n".write(toFile: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub)
        let cli = AWSCLI(executable: stub)
        for (service, operation) in [("ec2", "delete-vpc"), ("ec2", "create-route"), ("ec2", "authorize-security-group-ingress"),
                                     ("elbv2", "delete-load-balancer"), ("sts", "assume-role"), ("iam", "get-user"),
                                     ("s3", "ls"), ("ec2", "modify-vpc-attribute")] {
            await #expect(throws: AWSCLI.Refusal.self) {
                _ = try await cli.run(AWSCall(service, operation, file: nil), profile: nil, region: "us-east-1")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
        // An allowed call does run it.
        _ = try await cli.run(AWSCall("ec2", "describe-vpcs", file: nil), profile: nil, region: "us-east-1")
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func theIAMActionsAreNamedAsIAMNamesThem() {
        let actions = ReadOnlyOperations.iamActions
        #expect(actions.contains("ec2:DescribeVpcs"))
        #expect(actions.contains("ec2:SearchTransitGatewayRoutes"))
        #expect(actions.contains("elasticloadbalancing:DescribeTargetHealth"))
        #expect(actions.contains("directconnect:DescribeDirectConnectGatewayAssociations"))
        #expect(actions.allSatisfy { !$0.contains("-") })
    }
}

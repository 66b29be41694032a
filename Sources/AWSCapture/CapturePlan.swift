import Foundation

/// One AWS CLI call of a capture: `aws SERVICE OPERATION ARGUMENTS --output json`, run for one account (profile) in
/// one region, whose standard output is saved as `file` in that account's and region's folder.
public struct AWSCall: Sendable, Hashable {
    public let service: String
    public let operation: String
    public let arguments: [String]
    /// The file name the output is saved under (`describe-vpcs.json`,
    /// `search-transit-gateway-routes-tgw-rtb-….json`); nil for calls whose output only steers the capture.
    public let file: String?

    public init(_ service: String, _ operation: String, _ arguments: [String] = [], file: String?) {
        self.service = service
        self.operation = operation
        self.arguments = arguments
        self.file = file
    }

    /// `ec2 describe-vpcs`, `ec2 search-transit-gateway-routes --transit-gateway-route-table-id tgw-rtb-1 …`.
    public var command: String { ([service, operation] + arguments).joined(separator: " ") }
}

/// What a capture calls, in three rounds: first the outputs that need no input, then, from what they list, the calls
/// that take an id (each VPC's DNS attributes, each managed prefix list's entries, each transit gateway route table's
/// routes, associations and propagations, each load balancer's listeners and attributes, each target group's target
/// health and attributes, each Classic Load Balancer's attributes and instance health), then from those the calls
/// that take an id the second round lists (each application load balancer listener's rules). File names
/// follow the README: an output that does not say which resource it describes carries its id in its name.
public enum CapturePlan {
    /// The calls that need no input, in one region.
    public static let independentCalls: [AWSCall] = {
        let ec2 = [
            "describe-vpcs", "describe-subnets", "describe-route-tables", "describe-vpc-peering-connections",
            "describe-security-groups", "describe-security-group-rules", "describe-network-acls", "describe-internet-gateways",
            "describe-egress-only-internet-gateways", "describe-nat-gateways", "describe-instances",
            "describe-network-interfaces", "describe-addresses", "describe-prefix-lists", "describe-managed-prefix-lists",
            "describe-vpc-endpoints", "describe-vpn-gateways", "describe-customer-gateways", "describe-vpn-connections",
            "describe-transit-gateways", "describe-transit-gateway-attachments", "describe-transit-gateway-vpc-attachments",
            "describe-transit-gateway-peering-attachments", "describe-transit-gateway-route-tables",
        ].map { AWSCall("ec2", $0, file: "\($0).json") }
        let directConnect = ["describe-virtual-interfaces", "describe-direct-connect-gateways",
                             "describe-direct-connect-gateway-associations"].map { AWSCall("directconnect", $0, file: "\($0).json") }
        let loadBalancing = [
            AWSCall("elbv2", "describe-load-balancers", file: "elbv2-load-balancers.json"),
            AWSCall("elbv2", "describe-target-groups", file: "elbv2-target-groups.json"),
            AWSCall("elb", "describe-load-balancers", file: "elb-load-balancers.json"),
        ]
        return ec2 + directConnect + loadBalancing
    }()

    /// The calls that take an id, from the independent calls' outputs (by file name; an output that is missing or
    /// not JSON gives none).
    public static func dependentCalls(outputs: [String: Data]) -> [AWSCall] {
        var calls: [AWSCall] = []
        for vpc in ids(in: outputs["describe-vpcs.json"], list: "Vpcs", field: "VpcId") {
            for attribute in ["enableDnsSupport", "enableDnsHostnames"] {
                calls.append(AWSCall("ec2", "describe-vpc-attribute", ["--vpc-id", vpc, "--attribute", attribute],
                                     file: "describe-vpc-attribute-\(vpc)-\(attribute).json"))
            }
        }
        for list in ids(in: outputs["describe-managed-prefix-lists.json"], list: "PrefixLists", field: "PrefixListId") {
            calls.append(AWSCall("ec2", "get-managed-prefix-list-entries", ["--prefix-list-id", list],
                                 file: "get-managed-prefix-list-entries-\(list).json"))
        }
        for table in ids(in: outputs["describe-transit-gateway-route-tables.json"], list: "TransitGatewayRouteTables",
                         field: "TransitGatewayRouteTableId") {
            calls.append(AWSCall("ec2", "search-transit-gateway-routes",
                                 ["--transit-gateway-route-table-id", table, "--filters", "Name=state,Values=active,blackhole"],
                                 file: "search-transit-gateway-routes-\(table).json"))
            for operation in ["get-transit-gateway-route-table-associations", "get-transit-gateway-route-table-propagations"] {
                calls.append(AWSCall("ec2", operation, ["--transit-gateway-route-table-id", table], file: "\(operation)-\(table).json"))
            }
        }
        // Elastic Load Balancing v2: the attributes and target health outputs do not name their load balancer or
        // target group: the file name does (the last part of the ARN).
        for arn in ids(in: outputs["elbv2-load-balancers.json"], list: "LoadBalancers", field: "LoadBalancerArn") {
            calls.append(AWSCall("elbv2", "describe-listeners", ["--load-balancer-arn", arn],
                                 file: "elbv2-listeners-\(lastPart(arn)).json"))
            calls.append(AWSCall("elbv2", "describe-load-balancer-attributes", ["--load-balancer-arn", arn],
                                 file: "elbv2-load-balancer-attributes-\(lastPart(arn)).json"))
        }
        for arn in ids(in: outputs["elbv2-target-groups.json"], list: "TargetGroups", field: "TargetGroupArn") {
            calls.append(AWSCall("elbv2", "describe-target-health", ["--target-group-arn", arn],
                                 file: "elbv2-target-health-\(lastPart(arn)).json"))
            calls.append(AWSCall("elbv2", "describe-target-group-attributes", ["--target-group-arn", arn],
                                 file: "elbv2-target-group-attributes-\(lastPart(arn)).json"))
        }
        // Classic Load Balancers: attributes and instance health do not name their load balancer: the file name does.
        for name in ids(in: outputs["elb-load-balancers.json"], list: "LoadBalancerDescriptions", field: "LoadBalancerName") {
            calls.append(AWSCall("elb", "describe-load-balancer-attributes", ["--load-balancer-name", name], file: "elb-attributes-\(name).json"))
            calls.append(AWSCall("elb", "describe-instance-health", ["--load-balancer-name", name], file: "elb-instance-health-\(name).json"))
        }
        return calls
    }

    /// The calls that take an id from the dependent calls' outputs (with the independent ones', by file name): the
    /// rules of each listener of an application load balancer (`describe-rules`; its rules name their listener in
    /// their ARNs). Network and Gateway Load Balancers' listeners have no rules besides the default action.
    public static func thirdRoundCalls(outputs: [String: Data]) -> [AWSCall] {
        var calls: [AWSCall] = []
        for balancer in objects(in: outputs["elbv2-load-balancers.json"], list: "LoadBalancers")
        where balancer["Type"] as? String == "application" {
            guard let arn = balancer["LoadBalancerArn"] as? String else { continue }
            for listener in ids(in: outputs["elbv2-listeners-\(lastPart(arn)).json"], list: "Listeners", field: "ListenerArn") {
                calls.append(AWSCall("elbv2", "describe-rules", ["--listener-arn", listener], file: "elbv2-rules-\(lastPart(listener)).json"))
            }
        }
        return calls
    }

    /// The rounds of a capture, in order: each takes the outputs of the rounds before it (by file name).
    public static let rounds: [@Sendable ([String: Data]) -> [AWSCall]] = [
        { _ in independentCalls }, dependentCalls(outputs:), thirdRoundCalls(outputs:),
    ]

    /// The elements of the top-level array `list`.
    static func objects(in data: Data?, list: String) -> [[String: Any]] {
        guard let data, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object[list] as? [[String: Any]] ?? []
    }

    /// The string `field` of each element of the top-level array `list`.
    static func ids(in data: Data?, list: String, field: String) -> [String] {
        objects(in: data, list: list).compactMap { $0[field] as? String }
    }

    /// The last part of an ARN (`${arn##*/}`): a load balancer's or target group's id.
    static func lastPart(_ arn: String) -> String { arn.split(separator: "/").last.map(String.init) ?? arn }
}

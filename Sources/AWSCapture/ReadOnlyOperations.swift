/// The AWS CLI operations `pathproof capture` may issue: read-only `describe-*`, `get-*` and `search-*` calls, and
/// nothing else. The runner refuses any call whose service and operation are not listed here, so no other verb is
/// reachable, whatever the plan says.
public enum ReadOnlyOperations {
    /// Operations by CLI service name (`ec2`, `elbv2`, …), in the order the plan issues them.
    public static let allowed: [(service: String, operations: [String])] = [
        ("sts", ["get-caller-identity"]),
        ("ec2", [
            "describe-regions",
            "describe-vpcs", "describe-vpc-attribute", "describe-subnets", "describe-route-tables",
            "describe-vpc-peering-connections", "describe-security-groups", "describe-security-group-rules", "describe-network-acls",
            "describe-internet-gateways", "describe-egress-only-internet-gateways", "describe-nat-gateways",
            "describe-instances", "describe-network-interfaces", "describe-addresses",
            "describe-prefix-lists", "describe-managed-prefix-lists", "get-managed-prefix-list-entries",
            "describe-vpc-endpoints", "describe-vpn-gateways", "describe-customer-gateways", "describe-vpn-connections",
            "describe-transit-gateways", "describe-transit-gateway-attachments",
            "describe-transit-gateway-vpc-attachments", "describe-transit-gateway-peering-attachments",
            "describe-transit-gateway-route-tables", "search-transit-gateway-routes",
            "get-transit-gateway-route-table-associations", "get-transit-gateway-route-table-propagations",
        ]),
        ("directconnect", ["describe-virtual-interfaces", "describe-direct-connect-gateways",
                           "describe-direct-connect-gateway-associations"]),
        ("elbv2", ["describe-load-balancers", "describe-listeners", "describe-target-groups", "describe-target-health",
                   "describe-load-balancer-attributes", "describe-target-group-attributes", "describe-rules"]),
        ("elb", ["describe-load-balancers", "describe-load-balancer-attributes", "describe-instance-health"]),
    ]

    /// Whether `service operation` is on the list.
    public static func allows(service: String, operation: String) -> Bool {
        allowed.contains { $0.service == service && $0.operations.contains(operation) }
    }

    /// The IAM actions a user needs for the whole list (`ec2:DescribeVpcs`, `elasticloadbalancing:DescribeListeners`,
    /// …), one per allowed operation, in the list's order (the classic and v2 load balancers' `describe-load-balancers`
    /// are one action).
    public static var iamActions: [String] {
        var actions: [String] = []
        for (service, operations) in allowed {
            for operation in operations {
                let action = iamAction(service: service, operation: operation)
                if !actions.contains(action) { actions.append(action) }
            }
        }
        return actions
    }

    /// `ec2 describe-vpcs` → `ec2:DescribeVpcs`.
    public static func iamAction(service: String, operation: String) -> String {
        let prefix = switch service {
        case "elbv2", "elb": "elasticloadbalancing"
        default: service
        }
        let name = operation.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return "\(prefix):\(name)"
    }
}

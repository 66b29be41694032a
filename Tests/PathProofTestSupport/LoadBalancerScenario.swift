/// Edits of the corpus scenario `test-load-balancer` (an internal Network Load Balancer `test-lb` with nodes in
/// us-east-2a and us-east-2b) that tests of more than one target make.
public enum LoadBalancerScenario {
    public static var directory: String { Fixtures.scenario("test-load-balancer") }
    /// The node in us-east-2a (10.1.20.123) and in us-east-2b (10.1.1.237).
    public static let nodeA = "eni-0c82d6f7254ae6695"
    public static let nodeB = "eni-01f261dccaba46564"

    /// The load balancer made internet-facing, as `describe-load-balancers` and `describe-network-interfaces` print
    /// one: its nodes get public addresses (3.3.3.1, 3.3.3.2, on the interface and its primary private address), and
    /// the main route table (the nodes' and the targets' subnets) a default route to the internet gateway.
    public static func makeInternetFacing(_ snapshot: inout EditedSnapshot) {
        snapshot.editEach("LoadBalancers") { $0["Scheme"] = "internet-facing" }
        snapshot.editEach("NetworkInterfaces") { interface in
            let publicAddress: String
            switch interface["NetworkInterfaceId"] as? String {
            case nodeA: publicAddress = "3.3.3.1"
            case nodeB: publicAddress = "3.3.3.2"
            default: return
            }
            interface["Association"] = ["PublicIp": publicAddress]
            var addresses = interface["PrivateIpAddresses"] as? [EditedSnapshot.Object] ?? []
            addresses[0]["Association"] = ["PublicIp": publicAddress]
            interface["PrivateIpAddresses"] = addresses
        }
        snapshot.editEach("RouteTables") { table in
            guard table["RouteTableId"] as? String == "rtb-08a3882c161001ceb" else { return }
            var routes = table["Routes"] as? [EditedSnapshot.Object] ?? []
            routes.append(["DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-009e7cccf82ddbc66", "State": "active", "Origin": "CreateRoute"])
            table["Routes"] = routes
        }
    }
}

import NetworkModel

extension SnapshotBuilder {
    /// `describe-route-tables`: `{"RouteTables": [{"RouteTableId", "VpcId", "Routes", "Associations", "Tags"}]}`.
    ///
    /// Routes: the destination is `DestinationCidrBlock` (IPv4), `DestinationIpv6CidrBlock` (IPv6) or
    /// `DestinationPrefixListId`; the target is read by `routeTarget(_:)` (`GatewayId: local` is the local route of
    /// either family); `State: blackhole` makes a route inactive.
    /// Associations count when their `AssociationState.State` is `associated` or absent: `Main: true` marks the
    /// VPC's main table, `SubnetId` an explicit subnet association, `GatewayId` an edge association.
    mutating func readRouteTables(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("RouteTableId")
            let vpcID = try item.string("VpcId")
            var routes: [Route] = []
            for routeNode in try item.array("Routes") { routes.append(try readRoute(routeNode)) }
            var subnetIDs: [String] = []
            var gatewayIDs: [String] = []
            var isMain = false
            for association in try item.array("Associations") {
                guard try isAssociated(association, stateKey: "AssociationState") else { continue }
                if try association.bool("Main", default: false) { isMain = true }
                if let subnet = try association.optionalString("SubnetId") { subnetIDs.appendMissing([subnet]) }
                if let gateway = try association.optionalString("GatewayId") { gatewayIDs.appendMissing([gateway]) }
            }
            let table = RouteTable(id: id, vpcID: vpcID, routes: routes, subnetIDs: subnetIDs, isMain: isMain,
                                   gatewayIDs: gatewayIDs, tags: try item.tags())
            try checkSameDescription(table, id: id, in: routeTables, at: item, what: "routes") { $0.sameRoutes(as: $1) }
            routeTables.add(table, id: id) { first, other in
                first.subnetIDs.appendMissing(other.subnetIDs)
                first.gatewayIDs.appendMissing(other.gatewayIDs)
                first.isMain = first.isMain || other.isMain
            }
        }
    }

    /// One route.
    private func readRoute(_ node: JSONNode) throws(SnapshotError) -> Route {
        let destination: RouteDestination
        if let block = try node.optionalPrefix("DestinationCidrBlock", .ipv4) {
            destination = .cidr(block)
        } else if let block = try node.optionalPrefix("DestinationIpv6CidrBlock", .ipv6) {
            destination = .cidr(block)
        } else if let list = try node.optionalString("DestinationPrefixListId") {
            destination = .prefixList(list)
        } else {
            throw node.error("a route needs a DestinationCidrBlock, DestinationPrefixListId or DestinationIpv6CidrBlock")
        }
        let state = try node.optionalString("State")
        return Route(destination: destination, target: try Self.routeTarget(node), isActive: state != "blackhole",
                     origin: try node.optionalString("Origin").map(RouteOrigin.init))
    }

    /// The target of a route: `GatewayId` (`local`, `igw-…`, `vgw-…`, `vpce-…`, …), `NatGatewayId`,
    /// `VpcPeeringConnectionId`, `TransitGatewayId`, `NetworkInterfaceId` (before `InstanceId`: an instance
    /// target lists both), `InstanceId`, `EgressOnlyInternetGatewayId`, `CarrierGatewayId`, `LocalGatewayId`,
    /// `CoreNetworkArn`; anything else is `.other` with the first other string member, so nothing is lost.
    static func routeTarget(_ node: JSONNode) throws(SnapshotError) -> RouteTarget {
        if let gateway = try node.optionalString("GatewayId") { return gatewayTarget(gateway) }
        let kinds: [(key: String, target: (String) -> RouteTarget)] = [
            ("NatGatewayId", RouteTarget.natGateway),
            ("VpcPeeringConnectionId", RouteTarget.peeringConnection),
            ("TransitGatewayId", RouteTarget.transitGateway),
            ("NetworkInterfaceId", RouteTarget.networkInterface),
            ("InstanceId", RouteTarget.instance),
            ("EgressOnlyInternetGatewayId", RouteTarget.egressOnlyInternetGateway),
            ("CarrierGatewayId", RouteTarget.carrierGateway),
            ("LocalGatewayId", RouteTarget.localGateway),
            ("CoreNetworkArn", RouteTarget.coreNetwork),
        ]
        for kind in kinds {
            if let id = try node.optionalString(kind.key) { return kind.target(id) }
        }
        let ignored: Set<String> = ["Origin", "State", "InstanceOwnerId"]
        for key in try node.object().keys where !key.hasPrefix("Destination") && !ignored.contains(key) {
            if case .string(let value)? = try node.member(key)?.value { return .other(value) }
        }
        return .other("unknown")
    }

    /// A `GatewayId` value by its prefix.
    static func gatewayTarget(_ id: String) -> RouteTarget {
        if id == "local" { return .local }
        let prefixes: [(prefix: String, target: (String) -> RouteTarget)] = [
            ("igw-", RouteTarget.internetGateway), ("vgw-", RouteTarget.virtualPrivateGateway),
            ("vpce-", RouteTarget.vpcEndpoint), ("eigw-", RouteTarget.egressOnlyInternetGateway),
            ("nat-", RouteTarget.natGateway), ("tgw-", RouteTarget.transitGateway),
            ("pcx-", RouteTarget.peeringConnection), ("cagw-", RouteTarget.carrierGateway),
            ("lgw-", RouteTarget.localGateway),
        ]
        for kind in prefixes where id.hasPrefix(kind.prefix) { return kind.target(id) }
        return .other(id)
    }
}

import NetworkModel

/// Route calls on a snapshot: create-route, replace-route, delete-route (`DestinationCidrBlock` for IPv4,
/// `DestinationIpv6CidrBlock` for IPv6, or `DestinationPrefixListId`).
extension SnapshotEditor {
    /// The member a route's target is written under in describe-route-tables, and its value.
    static func targetMember(_ target: RouteTarget) -> (key: String, value: String) {
        switch target {
        case .local: ("GatewayId", "local")
        case .peeringConnection(let id): ("VpcPeeringConnectionId", id)
        case .natGateway(let id): ("NatGatewayId", id)
        case .transitGateway(let id): ("TransitGatewayId", id)
        case .networkInterface(let id): ("NetworkInterfaceId", id)
        case .instance(let id): ("InstanceId", id)
        case .egressOnlyInternetGateway(let id): ("EgressOnlyInternetGatewayId", id)
        case .carrierGateway(let id): ("CarrierGatewayId", id)
        case .localGateway(let id): ("LocalGatewayId", id)
        case .coreNetwork(let arn): ("CoreNetworkArn", arn)
        case .internetGateway(let id), .virtualPrivateGateway(let id), .vpcEndpoint(let id), .other(let id): ("GatewayId", id)
        }
    }

    /// The member a route's destination is written under, and its value: an IPv4 block is a
    /// `DestinationCidrBlock`, an IPv6 one a `DestinationIpv6CidrBlock`, as AWS prints them.
    static func destinationMember(_ destination: RouteDestination) -> (key: String, value: String) {
        switch destination {
        case .cidr(let prefix): (prefix.family == .ipv6 ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock", prefix.description)
        case .prefixList(let id): ("DestinationPrefixListId", id)
        }
    }

    static func matches(_ route: JSONDocument.Node, _ destination: (key: String, value: String)) -> Bool {
        guard let value = route.member(destination.key)?.string else { return false }
        if destination.key != "DestinationPrefixListId" { return IPPrefix(value)?.description == destination.value }
        return value == destination.value
    }

    /// A route as describe-route-tables prints it.
    static func route(_ destination: (key: String, value: String), _ target: (key: String, value: String), origin: String) -> JSONValue {
        .object([destination.key: .string(destination.value), target.key: .string(target.value),
                 "Origin": .string(origin), "State": .string("active")])
    }

    /// AWS takes an egress-only internet gateway as the target of IPv6 routes only.
    static func checkTarget(_ target: (key: String, value: String), for destination: (key: String, value: String),
                                    call: String) throws(SnapshotEditError) {
        if target.key == "EgressOnlyInternetGatewayId" || target.value.hasPrefix("eigw-"), destination.key != "DestinationIpv6CidrBlock" {
            throw SnapshotEditError("\(call): an egress-only internet gateway (\(target.value)) routes IPv6 destinations only (--destination-ipv6-cidr-block)")
        }
    }

    func tables(_ id: String, call: String) throws(SnapshotEditError) -> [Place] {
        let places = find("RouteTables", "RouteTableId", id)
        guard !places.isEmpty else { throw SnapshotEditError("\(call): no route table \(id) in the snapshot") }
        return places
    }

    mutating func createRoute(_ table: String, _ destination: RouteDestination, _ target: RouteTarget) throws(SnapshotEditError) {
        let destination = Self.destinationMember(destination)
        let target = Self.targetMember(target)
        try Self.checkTarget(target, for: destination, call: "create-route")
        let route = Self.route(destination, target, origin: "CreateRoute")
        for place in try tables(table, call: "create-route") {
            try edit(place, "RouteTables") { (document, table) throws(SnapshotEditError) in
                if table.member("Routes")?.elements.contains(where: { Self.matches($0, destination) }) == true {
                    throw SnapshotEditError("create-route: \(place.path) already has a route to \(destination.value) (RouteAlreadyExists); use replace-route")
                }
                if let routes = table.member("Routes") {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(route, to: routes) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Routes", .array([route]), in: table) }
                }
            }
        }
    }

    mutating func replaceRoute(_ table: String, _ destination: RouteDestination, _ target: RouteTarget) throws(SnapshotEditError) {
        let destination = Self.destinationMember(destination)
        let target = Self.targetMember(target)
        try Self.checkTarget(target, for: destination, call: "replace-route")
        for place in try tables(table, call: "replace-route") {
            try edit(place, "RouteTables") { (document, table) throws(SnapshotEditError) in
                guard let old = table.member("Routes")?.elements.first(where: { Self.matches($0, destination) }) else {
                    throw SnapshotEditError("replace-route: \(place.path) has no route to \(destination.value)")
                }
                let route = Self.route(destination, target, origin: old.member("Origin")?.string ?? "CreateRoute")
                try Self.splice { () throws(JSONSyntaxError) in try document.replace(old, with: route) }
            }
        }
    }

    mutating func deleteRoute(_ table: String, _ destination: RouteDestination) throws(SnapshotEditError) {
        let destination = Self.destinationMember(destination)
        for place in try tables(table, call: "delete-route") {
            try edit(place, "RouteTables") { (document, table) throws(SnapshotEditError) in
                guard let routes = table.member("Routes"), let index = routes.elements.firstIndex(where: { Self.matches($0, destination) }) else {
                    throw SnapshotEditError("delete-route: \(place.path) has no route to \(destination.value)")
                }
                try Self.splice { () throws(JSONSyntaxError) in try document.remove(index, from: routes) }
            }
        }
    }
}

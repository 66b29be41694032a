import NetworkModel

/// Route, security group, network ACL, peering, internet gateway, Elastic IP and instance calls on a snapshot:
/// create-route, replace-route, delete-route (`DestinationCidrBlock` for IPv4, `DestinationIpv6CidrBlock` for
/// IPv6, or `DestinationPrefixListId`), authorize-security-group-ingress / -egress (`IpRanges` of `CidrIp`,
/// `Ipv6Ranges` of `CidrIpv6`), create-network-acl-entry, replace-network-acl-entry (`CidrBlock` or
/// `Ipv6CidrBlock`), create-vpc-peering-connection, accept-vpc-peering-connection, create-internet-gateway,
/// attach-internet-gateway, allocate-address, associate-address and start-instances.
extension SnapshotEditor {
    // MARK: Routes

    /// The member a route's target is written under in describe-route-tables, and its value.
    private static func targetMember(_ target: RouteTarget) -> (key: String, value: String) {
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
    private static func destinationMember(_ destination: RouteDestination) -> (key: String, value: String) {
        switch destination {
        case .cidr(let prefix): (prefix.family == .ipv6 ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock", prefix.description)
        case .prefixList(let id): ("DestinationPrefixListId", id)
        }
    }

    private static func matches(_ route: JSONDocument.Node, _ destination: (key: String, value: String)) -> Bool {
        guard let value = route.member(destination.key)?.string else { return false }
        if destination.key != "DestinationPrefixListId" { return IPPrefix(value)?.description == destination.value }
        return value == destination.value
    }

    /// A route as describe-route-tables prints it.
    private static func route(_ destination: (key: String, value: String), _ target: (key: String, value: String), origin: String) -> JSONValue {
        .object([destination.key: .string(destination.value), target.key: .string(target.value),
                 "Origin": .string(origin), "State": .string("active")])
    }

    /// AWS takes an egress-only internet gateway as the target of IPv6 routes only.
    private static func checkTarget(_ target: (key: String, value: String), for destination: (key: String, value: String),
                                    call: String) throws(SnapshotEditError) {
        if target.key == "EgressOnlyInternetGatewayId" || target.value.hasPrefix("eigw-"), destination.key != "DestinationIpv6CidrBlock" {
            throw SnapshotEditError("\(call): an egress-only internet gateway (\(target.value)) routes IPv6 destinations only (--destination-ipv6-cidr-block)")
        }
    }

    private func tables(_ id: String, call: String) throws(SnapshotEditError) -> [Place] {
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

    // MARK: Security groups

    mutating func authorize(_ group: String, _ direction: Direction, _ rule: SecurityGroupRule) throws(SnapshotEditError) {
        let call = direction == .inbound ? "authorize-security-group-ingress" : "authorize-security-group-egress"
        let key = direction == .inbound ? "IpPermissions" : "IpPermissionsEgress"
        let places = find("SecurityGroups", "GroupId", group)
        guard !places.isEmpty else { throw SnapshotEditError("\(call): no security group \(group) in the snapshot") }
        let permission = Self.describedPermission(rule)
        for place in places {
            try edit(place, "SecurityGroups") { (document, item) throws(SnapshotEditError) in
                if let list = item.member(key) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(permission, to: list) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set(key, .array([permission]), in: item) }
                }
            }
        }
    }

    /// A rule as describe-security-groups prints it: protocol and ports first (`FromPort`/`ToPort` are the ICMP
    /// type and code, -1 for any), then all four peer lists (`IpRanges` with `CidrIp`, `Ipv6Ranges` with
    /// `CidrIpv6`). The protocols AWS names are written by name (`tcp`, `udp`, `icmp`, `icmpv6`), others by number.
    private static func describedPermission(_ rule: SecurityGroupRule) -> JSONValue {
        var members: [(String, JSONValue)] = []
        switch rule.ipProtocol {
        case .all:
            members.append(("IpProtocol", .string("-1")))
        case .number(let number):
            let named = [IPProtocolNumber.tcp, IPProtocolNumber.udp, IPProtocolNumber.icmp, IPProtocolNumber.icmpv6].contains(number)
            members.append(("IpProtocol", .string(named ? IPProtocolNumber.name(number) : String(number))))
            if IPProtocolNumber.hasPorts(number) {
                let ports = rule.ports ?? .all
                members += [("FromPort", .integer(Int(ports.lower))), ("ToPort", .integer(Int(ports.upper)))]
            } else if IPProtocolNumber.isICMP(number) {
                members += [("FromPort", .integer(rule.icmp.type.map { Int($0) } ?? -1)), ("ToPort", .integer(rule.icmp.code.map { Int($0) } ?? -1))]
            }
        }
        var peers: [String: JSONValue] = [:]
        switch rule.peer {
        case .cidr(let prefix) where prefix.family == .ipv6: peers["Ipv6Ranges"] = .object(["CidrIpv6": .string(prefix.description)])
        case .cidr(let prefix): peers["IpRanges"] = .object(["CidrIp": .string(prefix.description)])
        case .prefixList(let id): peers["PrefixListIds"] = .object(["PrefixListId": .string(id)])
        case .securityGroup(let id, _): peers["UserIdGroupPairs"] = .object(["GroupId": .string(id)])
        }
        for key in ["UserIdGroupPairs", "IpRanges", "Ipv6Ranges", "PrefixListIds"] {
            members.append((key, .array(peers[key].map { [$0] } ?? [])))
        }
        return .object(JSONObject(members))
    }

    // MARK: Network ACLs

    mutating func networkACLEntry(_ acl: String, _ rule: NetworkACLEntry, replace: Bool) throws(SnapshotEditError) {
        let call = replace ? "replace-network-acl-entry" : "create-network-acl-entry"
        let egress = rule.direction == .outbound
        let number = rule.ruleNumber
        guard (1...32766).contains(number) else { throw SnapshotEditError("\(call): --rule-number must be 1-32766") }
        // `CidrBlock` (IPv4) or `Ipv6CidrBlock`; the protocol by number (-1 for all).
        var members: [(String, JSONValue)] = [(rule.cidrBlock.family == .ipv6 ? "Ipv6CidrBlock" : "CidrBlock", .string(rule.cidrBlock.description)),
                                              ("Egress", .bool(egress))]
        let protocolNumber: String
        switch rule.ipProtocol {
        case .all:
            protocolNumber = "-1"
        case .number(let n):
            protocolNumber = String(n)
            if IPProtocolNumber.hasPorts(n) {
                let ports = rule.ports ?? .all
                members.append(("PortRange", .object(["From": .integer(Int(ports.lower)), "To": .integer(Int(ports.upper))])))
            } else if IPProtocolNumber.isICMP(n) {
                members.append(("IcmpTypeCode", .object(["Code": .integer(rule.icmp.code.map { Int($0) } ?? -1),
                                                         "Type": .integer(rule.icmp.type.map { Int($0) } ?? -1)])))
            }
        }
        members += [("Protocol", .string(protocolNumber)), ("RuleAction", .string(rule.allows ? "allow" : "deny")), ("RuleNumber", .integer(number))]
        let entry = JSONValue.object(JSONObject(members))

        let places = find("NetworkAcls", "NetworkAclId", acl)
        guard !places.isEmpty else { throw SnapshotEditError("\(call): no network ACL \(acl) in the snapshot") }
        for place in places {
            try edit(place, "NetworkAcls") { (document, item) throws(SnapshotEditError) in
                let entries = item.member("Entries")
                let existing = entries?.elements.firstIndex { element in
                    element.member("Egress")?.bool == egress && element.member("RuleNumber")?.integer == number
                }
                if replace {
                    guard let entries, let existing else {
                        throw SnapshotEditError("replace-network-acl-entry: \(acl) has no \(egress ? "egress" : "ingress") rule \(number)")
                    }
                    try Self.splice { () throws(JSONSyntaxError) in try document.replace(entries.elements[existing], with: entry) }
                    return
                }
                guard existing == nil else {
                    throw SnapshotEditError("create-network-acl-entry: \(acl) already has \(egress ? "egress" : "ingress") rule \(number) (NetworkAclEntryAlreadyExists)")
                }
                guard let entries else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Entries", .array([entry]), in: item) }
                    return
                }
                // In rule order, as AWS lists them: before the first rule of the same direction with a larger number.
                let elements = entries.elements
                let sameDirection = elements.indices.filter { elements[$0].member("Egress")?.bool == egress }
                let position = sameDirection.first { (elements[$0].member("RuleNumber")?.integer ?? 0) > number }
                    ?? sameDirection.last.map { $0 + 1 } ?? elements.count
                try Self.splice { () throws(JSONSyntaxError) in try document.insert(entry, at: position, in: entries) }
            }
        }
    }

    // MARK: Peering

    /// A VPC as a peering connection's side records it.
    private func peeringSide(_ vpcID: String, owner: String?, region: String?) throws(SnapshotEditError) -> JSONValue {
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("no VPC \(vpcID) in the snapshot") }
        var members: [(String, JSONValue)] = []
        let ipv4 = vpc.cidrBlocks.filter { $0.family == .ipv4 }
        let ipv6 = vpc.cidrBlocks.filter { $0.family == .ipv6 }
        if let primary = ipv4.first { members.append(("CidrBlock", .string(primary.description))) }
        if !ipv6.isEmpty { members.append(("Ipv6CidrBlockSet", .array(ipv6.map { .object(["Ipv6CidrBlock": .string($0.description)]) }))) }
        members.append(("CidrBlockSet", .array(ipv4.map { .object(["CidrBlock": .string($0.description)]) })))
        if let owner = owner ?? vpc.ownerID { members.append(("OwnerId", .string(owner))) }
        members.append(("VpcId", .string(vpcID)))
        if let region = region ?? vpc.region { members.append(("Region", .string(region))) }
        return .object(JSONObject(members))
    }

    mutating func createPeering(_ id: String, requester: String, accepter: String, accepterRegion: String?,
                                accepterOwner: String?) throws(SnapshotEditError) {
        let accepterOwner = accepterOwner ?? network.vpc(accepter)?.ownerID
        let connection = JSONValue.object([
            "AccepterVpcInfo": try peeringSide(accepter, owner: accepterOwner, region: accepterRegion),
            "RequesterVpcInfo": try peeringSide(requester, owner: nil, region: nil),
            "Status": .object(["Code": .string("pending-acceptance"), "Message": .string("Pending Acceptance by \(accepterOwner ?? accepter)")]),
            "Tags": .array([]),
            "VpcPeeringConnectionId": .string(id),
        ])
        var folders: [String] = []
        for vpc in [requester, accepter] where !folders.contains(folder(ofVPC: vpc)) { folders.append(folder(ofVPC: vpc)) }
        for folder in folders {
            try add(connection, key: "VpcPeeringConnections", folder: folder, fileName: "describe-vpc-peering-connections.json")
        }
    }

    mutating func acceptPeering(_ id: String) throws(SnapshotEditError) {
        let places = find("VpcPeeringConnections", "VpcPeeringConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("accept-vpc-peering-connection: no peering connection \(id) in the snapshot") }
        for place in places {
            try edit(place, "VpcPeeringConnections") { (document, item) throws(SnapshotEditError) in
                let status = item.member("Status")?.member("Code")?.string ?? "unknown"
                guard status == "pending-acceptance" else {
                    throw SnapshotEditError("accept-vpc-peering-connection: \(id) is \(status), not pending-acceptance")
                }
                let active = JSONValue.object(["Code": .string("active"), "Message": .string("Active")])
                try Self.splice { () throws(JSONSyntaxError) in try document.set("Status", active, in: item) }
            }
        }
    }

    // MARK: Internet gateways

    /// A gateway created and not attached yet is written when it is attached (or, never attached, when the
    /// snapshot is written).
    mutating func createGateway(_ id: String) {
        pendingGateways[id] = [("Attachments", .array([])), ("InternetGatewayId", .string(id)), ("Tags", .array([]))]
        pendingGatewayOrder.append(id)
    }

    mutating func attachGateway(_ id: String, to vpcID: String) throws(SnapshotEditError) {
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("attach-internet-gateway: no VPC \(vpcID) in the snapshot") }
        let attachment = JSONValue.object(["State": .string("available"), "VpcId": .string(vpcID)])
        if var gateway = pendingGateways.removeValue(forKey: id) {
            gateway = gateway.map { $0.0 == "Attachments" ? ($0.0, .array([attachment])) : $0 }
            if let owner = vpc.ownerID { gateway.insert(("OwnerId", .string(owner)), at: gateway.count - 1) }
            try add(.object(JSONObject(gateway)), key: "InternetGateways", folder: folder(ofVPC: vpcID), fileName: "describe-internet-gateways.json")
            return
        }
        let places = find("InternetGateways", "InternetGatewayId", id)
        guard !places.isEmpty else { throw SnapshotEditError("attach-internet-gateway: no internet gateway \(id) in the snapshot") }
        try attach(id, to: vpcID, at: places, call: "attach-internet-gateway", resources: "InternetGateways", list: "Attachments",
                   attachment: attachment, state: "available",
                   attachedStates: ["available", "attached"])
    }

    /// Records a gateway's attachment to a VPC in each of its descriptions: the VPC's attachment in `list` gets
    /// `state`, or `attachment` is added. A gateway attached to another VPC (an attachment in one of
    /// `attachedStates`) is refused, as AWS refuses it.
    mutating func attach(_ id: String, to vpcID: String, at places: [Place], call: String, resources: String, list: String,
                         attachment: JSONValue, state: String, attachedStates: Set<String>) throws(SnapshotEditError) {
        for place in places {
            try edit(place, resources) { (document, item) throws(SnapshotEditError) in
                let attachments = item.member(list)
                if let elsewhere = attachments?.elements.first(where: { $0.member("VpcId")?.string != vpcID
                                                                         && attachedStates.contains($0.member("State")?.string ?? "") }) {
                    throw SnapshotEditError("\(call): \(id) is attached to \(elsewhere.member("VpcId")?.string ?? "another VPC") already")
                }
                if let current = attachments?.elements.first(where: { $0.member("VpcId")?.string == vpcID }) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("State", .string(state), in: current) }
                } else if let attachments {
                    try Self.splice { () throws(JSONSyntaxError) in try document.append(attachment, to: attachments) }
                } else {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set(list, .array([attachment]), in: item) }
                }
            }
        }
    }

    // MARK: Elastic IPs

    /// An address allocated and not associated yet is written when it is associated (or, never associated, when
    /// the snapshot is written).
    mutating func allocateAddress(_ allocationID: String, _ publicAddress: IPAddress) {
        pendingAddresses[allocationID] = publicAddress.description
        pendingAddressOrder.append(allocationID)
    }

    /// `interface` is a network interface id, or `i-…:primary` for the interface of an instance that the snapshot
    /// knows only from the instance's own fields.
    mutating func associateAddress(_ allocation: String, interface interfaceID: String, privateAddress: IPAddress) throws(SnapshotEditError) {
        let interface: NetworkInterface
        if interfaceID.hasSuffix(":primary") {
            let instance = String(interfaceID.dropLast(":primary".count))
            guard let found = network.networkInterfaces(ofInstance: instance).first else {
                throw SnapshotEditError("associate-address: no instance \(instance) with a network interface in the snapshot")
            }
            interface = found
        } else {
            guard let found = network.networkInterface(interfaceID) else {
                throw SnapshotEditError("associate-address: no network interface \(interfaceID) in the snapshot")
            }
            interface = found
        }
        guard privateAddress.family == .ipv4, interface.owns(privateAddress) else {
            throw SnapshotEditError("associate-address: \(interface.id) has no private address \(privateAddress)")
        }
        let existing = find("Addresses", "AllocationId", allocation)
        let allocated = existing.compactMap { resource($0, "Addresses")?.member("PublicIp")?.string }.first
        guard let publicIP = pendingAddresses[allocation] ?? allocated else {
            throw SnapshotEditError("associate-address: no Elastic IP allocation \(allocation) (allocate-address first)")
        }
        let association = allocation.hasPrefix("eipalloc-") ? "eipassoc-" + allocation.dropFirst("eipalloc-".count) : syntheticID("eipassoc")
        let owner = network.vpc(interface.vpcID)?.ownerID
        let describedID = interface.id.hasSuffix(":primary") ? nil : interface.id

        // describe-addresses
        var fields: [(String, JSONValue)] = [("AllocationId", .string(allocation)), ("AssociationId", .string(association)),
                                             ("Domain", .string("vpc"))]
        if let describedID { fields.append(("NetworkInterfaceId", .string(describedID))) }
        if let owner, describedID != nil { fields.append(("NetworkInterfaceOwnerId", .string(owner))) }
        fields.append(("PrivateIpAddress", .string(privateAddress.description)))
        if let instance = interface.instanceID { fields.append(("InstanceId", .string(instance))) }
        fields.append(("PublicIp", .string(publicIP)))
        if pendingAddresses.removeValue(forKey: allocation) != nil {
            try add(.object(JSONObject(fields)), key: "Addresses", folder: folder(ofVPC: interface.vpcID), fileName: "describe-addresses.json")
        } else {
            for place in existing {
                for (key, value) in fields where key != "AllocationId" {
                    try edit(place, "Addresses") { (document, item) throws(SnapshotEditError) in
                        try Self.splice { () throws(JSONSyntaxError) in try document.set(key, value, in: item) }
                    }
                }
            }
        }

        // describe-network-interfaces: the address's association, and the interface's own for its primary address.
        let full = JSONValue.object(["AllocationId": .string(allocation), "AssociationId": .string(association),
                                     "IpOwnerId": .string(owner ?? ""), "PublicIp": .string(publicIP)])
        if let describedID {
            for place in find("NetworkInterfaces", "NetworkInterfaceId", describedID) {
                try associate(place, "NetworkInterfaces", privateAddress: privateAddress, full)
            }
        }
        // describe-instances: the instance's copy of the interface, and its PublicIpAddress for its primary address.
        guard let instanceID = interface.instanceID else { return }
        let short = JSONValue.object(["IpOwnerId": .string(owner ?? ""), "PublicIp": .string(publicIP)])
        for place in reservationPlaces(instanceID) {
            guard var document = documents[place.path] else { continue }
            func instance() -> JSONDocument.Node? {
                document.root.member("Reservations")?.element(place.index)?.member("Instances")?.elements
                    .first { $0.member("InstanceId")?.string == instanceID }
            }
            if let copies = instance()?.member("NetworkInterfaces")?.elements,
               let position = copies.firstIndex(where: { $0.member("NetworkInterfaceId")?.string == describedID }) {
                func copy() -> JSONDocument.Node? { instance()?.member("NetworkInterfaces")?.element(position) }
                if let entry = copy()?.member("PrivateIpAddresses")?.elements.firstIndex(where: { $0.member("PrivateIpAddress")?.string == privateAddress.description }),
                   let target = copy()?.member("PrivateIpAddresses")?.element(entry) {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", short, in: target) }
                }
                if let target = copy(), target.member("PrivateIpAddress")?.string == privateAddress.description {
                    try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", short, in: target) }
                }
            }
            let primary = network.networkInterfaces(ofInstance: instanceID).first?.id == interface.id
            if primary, let target = instance(), target.member("PrivateIpAddress")?.string == privateAddress.description {
                try Self.splice { () throws(JSONSyntaxError) in try document.set("PublicIpAddress", .string(publicIP), in: target) }
            }
            documents[place.path] = document
            edited.insert(place.path)
        }
    }

    /// Sets the `Association` of a private address in an interface description (and the interface's own when it
    /// is the primary address).
    private mutating func associate(_ place: Place, _ key: String, privateAddress: IPAddress, _ association: JSONValue) throws(SnapshotEditError) {
        try edit(place, key) { (document, item) throws(SnapshotEditError) in
            if let entry = item.member("PrivateIpAddresses")?.elements.first(where: { $0.member("PrivateIpAddress")?.string == privateAddress.description }) {
                try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", association, in: entry) }
            }
        }
        try edit(place, key) { (document, item) throws(SnapshotEditError) in
            if item.member("PrivateIpAddress")?.string == privateAddress.description {
                try Self.splice { () throws(JSONSyntaxError) in try document.set("Association", association, in: item) }
            }
        }
    }

    /// The reservations (file and index) that hold an instance.
    func reservationPlaces(_ instanceID: String) -> [Place] {
        var places: [Place] = []
        for file in files {
            guard let reservations = documents[file.path]?.root.member("Reservations") else { continue }
            for (index, reservation) in reservations.elements.enumerated()
            where reservation.member("Instances")?.elements.contains(where: { $0.member("InstanceId")?.string == instanceID }) == true {
                places.append(Place(path: file.path, index: index))
            }
        }
        return places
    }

    // MARK: Instances

    mutating func startInstance(_ id: String) throws(SnapshotEditError) {
        let places = reservationPlaces(id)
        guard !places.isEmpty else { throw SnapshotEditError("start-instances: no instance \(id) in the snapshot") }
        for place in places {
            try edit(place, "Reservations") { (document, reservation) throws(SnapshotEditError) in
                guard let instance = reservation.member("Instances")?.elements.first(where: { $0.member("InstanceId")?.string == id }) else { return }
                let running = JSONValue.object(["Code": .integer(16), "Name": .string("running")])
                try Self.splice { () throws(JSONSyntaxError) in try document.set("State", running, in: instance) }
            }
        }
    }
}

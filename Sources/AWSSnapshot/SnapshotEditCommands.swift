import Foundation
import NetworkModel

/// An `aws ec2 <command> --option value … --flag` line, split into its parts.
struct EditCommandLine {
    static let flags: Set<String> = ["--ingress", "--egress", "--local-target", "--no-dry-run", "--no-source-dest-check"]

    let name: String
    private(set) var options: [String: String] = [:]
    private(set) var present: Set<String> = []

    init(_ arguments: [String]) throws(SnapshotEditError) {
        var words = arguments[...]
        if words.first == "aws" { words = words.dropFirst() }
        guard words.first == "ec2", words.count >= 2 else {
            throw SnapshotEditError("only `aws ec2 …` commands can be applied to a snapshot (got \(arguments.joined(separator: " ")))")
        }
        name = words[words.startIndex + 1]
        words = words.dropFirst(2)
        while let word = words.first {
            words = words.dropFirst()
            guard word.hasPrefix("--") else { throw SnapshotEditError("\(name): unexpected argument \(word)") }
            if let equals = word.firstIndex(of: "=") {
                let option = String(word[..<equals])
                options[option] = String(word[word.index(after: equals)...])
                present.insert(option)
            } else if Self.flags.contains(word) {
                present.insert(word)
            } else {
                guard let value = words.first else { throw SnapshotEditError("\(name): \(word) needs a value") }
                words = words.dropFirst()
                options[word] = value
                present.insert(word)
            }
        }
    }

    func required(_ option: String) throws(SnapshotEditError) -> String {
        guard let value = options[option] else { throw SnapshotEditError("\(name): \(option) is required") }
        return value
    }

    func has(_ option: String) -> Bool { present.contains(option) }
}

extension SnapshotEditor {
    /// Makes one command on the snapshot. `arguments` are the words after `aws` (`["ec2", "create-route", …]`;
    /// a leading "aws" is skipped); `response` holds the ids AWS would return for what the command creates.
    public mutating func apply(_ arguments: [String], response: [String: String] = [:]) throws(SnapshotEditError) {
        let command = try EditCommandLine(arguments)
        switch command.name {
        case "create-route": try createRoute(command)
        case "replace-route": try replaceRoute(command)
        case "delete-route": try deleteRoute(command)
        case "authorize-security-group-ingress": try authorize(command, key: "IpPermissions")
        case "authorize-security-group-egress": try authorize(command, key: "IpPermissionsEgress")
        case "create-network-acl-entry": try networkACLEntry(command, replace: false)
        case "replace-network-acl-entry": try networkACLEntry(command, replace: true)
        case "create-vpc-peering-connection": try createPeering(command, response: response)
        case "accept-vpc-peering-connection": try acceptPeering(command)
        case "create-internet-gateway": createGateway(response: response)
        case "attach-internet-gateway": try attachGateway(command)
        case "allocate-address": allocateAddress(response: response)
        case "associate-address": try associateAddress(command, response: response)
        case "start-instances": try startInstances(command)
        case _ where Self.transitGatewayCommands.contains(command.name): try transitGatewayCommand(command)
        case _ where Self.edgeCommands.contains(command.name): try edgeCommand(command, response: response)
        default: throw SnapshotEditError("\(command.name) is not a command PathProof can apply to a snapshot")
        }
    }

    // MARK: Routes

    private static let targetOptions: [(option: String, key: String)] = [
        ("--gateway-id", "GatewayId"), ("--vpc-peering-connection-id", "VpcPeeringConnectionId"),
        ("--nat-gateway-id", "NatGatewayId"), ("--transit-gateway-id", "TransitGatewayId"),
        ("--network-interface-id", "NetworkInterfaceId"), ("--instance-id", "InstanceId"),
        ("--egress-only-internet-gateway-id", "EgressOnlyInternetGatewayId"), ("--carrier-gateway-id", "CarrierGatewayId"),
        ("--local-gateway-id", "LocalGatewayId"), ("--core-network-arn", "CoreNetworkArn"),
    ]

    /// The route's destination: (JSON key, value). `--destination-cidr-block` takes an IPv4 block,
    /// `--destination-ipv6-cidr-block` an IPv6 one (written `DestinationIpv6CidrBlock`), as AWS requires.
    private func routeDestination(_ command: EditCommandLine) throws(SnapshotEditError) -> (String, String) {
        let options = ["--destination-cidr-block", "--destination-ipv6-cidr-block", "--destination-prefix-list-id"]
            .filter { command.options[$0] != nil }
        guard options.count == 1, let option = options.first, let value = command.options[option] else {
            throw SnapshotEditError("\(command.name): give one of --destination-cidr-block, --destination-ipv6-cidr-block or --destination-prefix-list-id")
        }
        switch option {
        case "--destination-cidr-block": return ("DestinationCidrBlock", try Self.cidr(value, .ipv4, option: option, in: command).description)
        case "--destination-ipv6-cidr-block": return ("DestinationIpv6CidrBlock", try Self.cidr(value, .ipv6, option: option, in: command).description)
        default: return ("DestinationPrefixListId", value)
        }
    }

    /// A CIDR option's value, which must be a block of `family`.
    static func cidr(_ text: String, _ family: AddressFamily, option: String, in command: EditCommandLine) throws(SnapshotEditError) -> IPPrefix {
        guard let prefix = IPPrefix(text) else { throw SnapshotEditError("\(command.name): \(text) is not a CIDR block") }
        guard prefix.family == family else {
            throw SnapshotEditError("\(command.name): \(option) takes an \(family) block, not \(text)")
        }
        return prefix
    }

    private func routeTarget(_ command: EditCommandLine) throws(SnapshotEditError) -> (String, String) {
        var targets = Self.targetOptions.compactMap { option in command.options[option.option].map { (option.key, $0) } }
        if command.has("--local-target") { targets.append(("GatewayId", "local")) }
        guard targets.count == 1 else { throw SnapshotEditError("\(command.name): give exactly one route target") }
        return targets[0]
    }

    private static func matches(_ route: LocatedValue, _ destination: (String, String)) -> Bool {
        guard let value = route.member(destination.0)?.string else { return false }
        if destination.0 != "DestinationPrefixListId" { return IPPrefix(value)?.description == destination.1 }
        return value == destination.1
    }

    /// AWS takes an egress-only internet gateway as the target of IPv6 routes only.
    private static func checkTarget(_ target: (String, String), for destination: (String, String), in command: EditCommandLine) throws(SnapshotEditError) {
        if target.0 == "EgressOnlyInternetGatewayId" || target.1.hasPrefix("eigw-"), destination.0 != "DestinationIpv6CidrBlock" {
            throw SnapshotEditError("\(command.name): an egress-only internet gateway (\(target.1)) routes IPv6 destinations only (--destination-ipv6-cidr-block)")
        }
    }

    private func tables(_ command: EditCommandLine) throws(SnapshotEditError) -> [Place] {
        let id = try command.required("--route-table-id")
        let places = find("RouteTables", "RouteTableId", id)
        guard !places.isEmpty else { throw SnapshotEditError("\(command.name): no route table \(id) in the snapshot") }
        return places
    }

    private mutating func createRoute(_ command: EditCommandLine) throws(SnapshotEditError) {
        let destination = try routeDestination(command)
        let target = try routeTarget(command)
        try Self.checkTarget(target, for: destination, in: command)
        let route = EditValue.object([(destination.0, .string(destination.1)), (target.0, .string(target.1)),
                                      ("Origin", .string("CreateRoute")), ("State", .string("active"))])
        for place in try tables(command) {
            try edit(place, "RouteTables") { (document, table) throws(SnapshotEditError) in
                if table.member("Routes")?.elements.contains(where: { Self.matches($0, destination) }) == true {
                    throw SnapshotEditError("create-route: \(place.path) already has a route to \(destination.1) (RouteAlreadyExists); use replace-route")
                }
                if let routes = table.member("Routes") {
                    try Self.splice { () throws(LocatedJSONError) in try document.append(route, to: routes) }
                } else {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("Routes", .array([route]), in: table) }
                }
            }
        }
    }

    private mutating func replaceRoute(_ command: EditCommandLine) throws(SnapshotEditError) {
        let destination = try routeDestination(command)
        let target = try routeTarget(command)
        try Self.checkTarget(target, for: destination, in: command)
        for place in try tables(command) {
            try edit(place, "RouteTables") { (document, table) throws(SnapshotEditError) in
                guard let old = table.member("Routes")?.elements.first(where: { Self.matches($0, destination) }) else {
                    throw SnapshotEditError("replace-route: \(place.path) has no route to \(destination.1)")
                }
                let origin = old.member("Origin")?.string ?? "CreateRoute"
                let route = EditValue.object([(destination.0, .string(destination.1)), (target.0, .string(target.1)),
                                              ("Origin", .string(origin)), ("State", .string("active"))])
                try Self.splice { () throws(LocatedJSONError) in try document.replace(old, with: route) }
            }
        }
    }

    private mutating func deleteRoute(_ command: EditCommandLine) throws(SnapshotEditError) {
        let destination = try routeDestination(command)
        for place in try tables(command) {
            try edit(place, "RouteTables") { (document, table) throws(SnapshotEditError) in
                guard let routes = table.member("Routes"), let index = routes.elements.firstIndex(where: { Self.matches($0, destination) }) else {
                    throw SnapshotEditError("delete-route: \(place.path) has no route to \(destination.1)")
                }
                try Self.splice { () throws(LocatedJSONError) in try document.remove(index, from: routes) }
            }
        }
    }

    // MARK: Security groups

    private mutating func authorize(_ command: EditCommandLine, key: String) throws(SnapshotEditError) {
        let group = try command.required("--group-id")
        guard let text = command.options["--ip-permissions"] else {
            throw SnapshotEditError("\(command.name): give the rule as --ip-permissions JSON")
        }
        let parsed: LocatedValue
        do {
            parsed = try LocatedJSONParser.parse(Array(text.utf8))
        } catch {
            throw SnapshotEditError("\(command.name): --ip-permissions is not JSON (\(error.message))")
        }
        let permissions = parsed.isArray ? parsed.elements : [parsed]
        guard !permissions.isEmpty, permissions.allSatisfy({ $0.isObject && $0.member("IpProtocol")?.string != nil }) else {
            throw SnapshotEditError("\(command.name): --ip-permissions must be a list of objects with an IpProtocol")
        }
        for permission in permissions {
            for (list, key, family) in [("IpRanges", "CidrIp", AddressFamily.ipv4), ("Ipv6Ranges", "CidrIpv6", .ipv6)] {
                for range in permission.member(list)?.elements ?? [] {
                    guard let text = range.member(key)?.string else { throw SnapshotEditError("\(command.name): each of \(list) needs a \(key)") }
                    _ = try Self.cidr(text, family, option: "\(list)[].\(key)", in: command)
                }
            }
        }
        let places = find("SecurityGroups", "GroupId", group)
        guard !places.isEmpty else { throw SnapshotEditError("\(command.name): no security group \(group) in the snapshot") }
        let rules = permissions.map(Self.describedPermission)
        for place in places {
            for rule in rules {
                try edit(place, "SecurityGroups") { (document, item) throws(SnapshotEditError) in
                    if let list = item.member(key) {
                        try Self.splice { () throws(LocatedJSONError) in try document.append(rule, to: list) }
                    } else {
                        try Self.splice { () throws(LocatedJSONError) in try document.set(key, .array([rule]), in: item) }
                    }
                }
            }
        }
    }

    /// A permission as describe-security-groups prints it: protocol and ports first, then all four peer lists
    /// (`IpRanges` with `CidrIp`, `Ipv6Ranges` with `CidrIpv6`). The protocol numbers AWS names are printed by name
    /// (`6` as `tcp`, `58` as `icmpv6`).
    private static func describedPermission(_ permission: LocatedValue) -> EditValue {
        var members: [(String, EditValue)] = []
        let names = ["6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"]
        for key in ["IpProtocol", "FromPort", "ToPort"] {
            guard let value = permission.member(key) else { continue }
            if key == "IpProtocol", let text = value.string, let name = names[text] {
                members.append((key, .string(name)))
            } else {
                members.append((key, value.plain))
            }
        }
        for key in ["UserIdGroupPairs", "IpRanges", "Ipv6Ranges", "PrefixListIds"] {
            members.append((key, permission.member(key)?.plain ?? .array([])))
        }
        return .object(members)
    }

    // MARK: Network ACLs

    private mutating func networkACLEntry(_ command: EditCommandLine, replace: Bool) throws(SnapshotEditError) {
        let acl = try command.required("--network-acl-id")
        guard command.has("--ingress") != command.has("--egress") else {
            throw SnapshotEditError("\(command.name): give either --ingress or --egress")
        }
        let egress = command.has("--egress")
        let numberText = try command.required("--rule-number")
        guard let number = Int(numberText), (1...32766).contains(number) else {
            throw SnapshotEditError("\(command.name): --rule-number must be 1-32766")
        }
        let protocolText = try command.required("--protocol").lowercased()
        let protocolNumber: String
        switch protocolText {
        case "tcp": protocolNumber = "6"
        case "udp": protocolNumber = "17"
        case "icmp": protocolNumber = "1"
        case "icmpv6": protocolNumber = "58"
        case "all", "-1": protocolNumber = "-1"
        default:
            guard let n = UInt8(protocolText) else { throw SnapshotEditError("\(command.name): \(protocolText) is not a protocol") }
            protocolNumber = String(n)
        }
        let action = try command.required("--rule-action")
        guard action == "allow" || action == "deny" else { throw SnapshotEditError("\(command.name): --rule-action must be allow or deny") }
        // `--cidr-block` (IPv4) or `--ipv6-cidr-block`, written `CidrBlock` or `Ipv6CidrBlock`.
        let blockKey: String
        let block: IPPrefix
        switch (command.options["--cidr-block"], command.options["--ipv6-cidr-block"]) {
        case (let cidr?, nil):
            blockKey = "CidrBlock"
            block = try Self.cidr(cidr, .ipv4, option: "--cidr-block", in: command)
        case (nil, let cidr?):
            blockKey = "Ipv6CidrBlock"
            block = try Self.cidr(cidr, .ipv6, option: "--ipv6-cidr-block", in: command)
        default:
            throw SnapshotEditError("\(command.name): give either --cidr-block or --ipv6-cidr-block")
        }
        var members: [(String, EditValue)] = [(blockKey, .string(block.description)), ("Egress", .bool(egress))]
        if let text = command.options["--icmp-type-code"] {
            let fields = try Self.shorthand(text, keys: ["Type", "Code"], in: command)
            members.append(("IcmpTypeCode", .object([("Code", .int(fields["Code"] ?? -1)), ("Type", .int(fields["Type"] ?? -1))])))
        }
        if let text = command.options["--port-range"] {
            let fields = try Self.shorthand(text, keys: ["From", "To"], in: command)
            guard let from = fields["From"], let to = fields["To"] else { throw SnapshotEditError("\(command.name): --port-range needs From and To") }
            members.append(("PortRange", .object([("From", .int(from)), ("To", .int(to))])))
        }
        members += [("Protocol", .string(protocolNumber)), ("RuleAction", .string(action)), ("RuleNumber", .int(number))]
        let entry = EditValue.object(members)

        let places = find("NetworkAcls", "NetworkAclId", acl)
        guard !places.isEmpty else { throw SnapshotEditError("\(command.name): no network ACL \(acl) in the snapshot") }
        for place in places {
            try edit(place, "NetworkAcls") { (document, item) throws(SnapshotEditError) in
                let entries = item.member("Entries")
                let existing = entries?.elements.firstIndex { element in
                    element.member("Egress").map { if case .bool(let flag) = $0.kind { flag == egress } else { false } } == true
                        && Self.integer(element.member("RuleNumber")) == number
                }
                if replace {
                    guard let entries, let existing else {
                        throw SnapshotEditError("replace-network-acl-entry: \(acl) has no \(egress ? "egress" : "ingress") rule \(number)")
                    }
                    try Self.splice { () throws(LocatedJSONError) in try document.replace(entries.elements[existing], with: entry) }
                    return
                }
                guard existing == nil else {
                    throw SnapshotEditError("create-network-acl-entry: \(acl) already has \(egress ? "egress" : "ingress") rule \(number) (NetworkAclEntryAlreadyExists)")
                }
                guard let entries else {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("Entries", .array([entry]), in: item) }
                    return
                }
                // In rule order, as AWS lists them: before the first rule of the same direction with a larger number.
                let elements = entries.elements
                let sameDirection = elements.indices.filter { i in
                    if case .bool(let flag)? = elements[i].member("Egress")?.kind { return flag == egress }
                    return false
                }
                let position = sameDirection.first { (Self.integer(elements[$0].member("RuleNumber")) ?? 0) > number }
                    ?? sameDirection.last.map { $0 + 1 } ?? elements.count
                try Self.splice { () throws(LocatedJSONError) in try document.insert(entry, at: position, in: entries) }
            }
        }
    }

    private static func integer(_ value: LocatedValue?) -> Int? {
        guard case .number(let literal)? = value?.kind else { return nil }
        return Int(literal)
    }

    /// `Type=8,Code=-1` (or the same as a JSON object) as integers by key.
    private static func shorthand(_ text: String, keys: [String], in command: EditCommandLine) throws(SnapshotEditError) -> [String: Int] {
        var result: [String: Int] = [:]
        if text.hasPrefix("{"), let object = try? LocatedJSONParser.parse(Array(text.utf8)) {
            for member in object.members { if let value = integer(member.value) { result[member.key] = value } }
        } else {
            for part in text.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, keys.contains(pair[0]), let value = Int(pair[1]) else {
                    throw SnapshotEditError("\(command.name): cannot read \(text) (expected \(keys.map { "\($0)=N" }.joined(separator: ",")))")
                }
                result[pair[0]] = value
            }
        }
        return result
    }

    // MARK: Peering

    /// A VPC as a peering connection's side records it.
    private func peeringSide(_ vpcID: String, owner: String?, region: String?) throws(SnapshotEditError) -> EditValue {
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("no VPC \(vpcID) in the snapshot") }
        var members: [(String, EditValue)] = []
        let ipv4 = vpc.cidrBlocks.filter { $0.family == .ipv4 }
        let ipv6 = vpc.cidrBlocks.filter { $0.family == .ipv6 }
        if let primary = ipv4.first { members.append(("CidrBlock", .string(primary.description))) }
        if !ipv6.isEmpty { members.append(("Ipv6CidrBlockSet", .array(ipv6.map { .object([("Ipv6CidrBlock", .string($0.description))]) }))) }
        members.append(("CidrBlockSet", .array(ipv4.map { .object([("CidrBlock", .string($0.description))]) })))
        if let owner = owner ?? vpc.ownerID { members.append(("OwnerId", .string(owner))) }
        members.append(("VpcId", .string(vpcID)))
        if let region = region ?? vpc.region { members.append(("Region", .string(region))) }
        return .object(members)
    }

    private mutating func createPeering(_ command: EditCommandLine, response: [String: String]) throws(SnapshotEditError) {
        let requester = try command.required("--vpc-id")
        let accepter = try command.required("--peer-vpc-id")
        let id = response["VpcPeeringConnectionId"] ?? syntheticID("pcx")
        let accepterOwner = command.options["--peer-owner-id"] ?? network.vpc(accepter)?.ownerID
        let connection = EditValue.object([
            ("AccepterVpcInfo", try peeringSide(accepter, owner: accepterOwner, region: command.options["--peer-region"])),
            ("RequesterVpcInfo", try peeringSide(requester, owner: nil, region: nil)),
            ("Status", .object([("Code", .string("pending-acceptance")),
                                ("Message", .string("Pending Acceptance by \(accepterOwner ?? accepter)"))])),
            ("Tags", .array([])),
            ("VpcPeeringConnectionId", .string(id)),
        ])
        var folders: [String] = []
        for vpc in [requester, accepter] where !folders.contains(folder(ofVPC: vpc)) { folders.append(folder(ofVPC: vpc)) }
        for folder in folders {
            try add(connection, key: "VpcPeeringConnections", folder: folder, fileName: "describe-vpc-peering-connections.json")
        }
    }

    private mutating func acceptPeering(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--vpc-peering-connection-id")
        let places = find("VpcPeeringConnections", "VpcPeeringConnectionId", id)
        guard !places.isEmpty else { throw SnapshotEditError("accept-vpc-peering-connection: no peering connection \(id) in the snapshot") }
        for place in places {
            try edit(place, "VpcPeeringConnections") { (document, item) throws(SnapshotEditError) in
                let status = item.member("Status")?.member("Code")?.string ?? "unknown"
                guard status == "pending-acceptance" else {
                    throw SnapshotEditError("accept-vpc-peering-connection: \(id) is \(status), not pending-acceptance")
                }
                let active = EditValue.object([("Code", .string("active")), ("Message", .string("Active"))])
                try Self.splice { () throws(LocatedJSONError) in try document.set("Status", active, in: item) }
            }
        }
    }

    // MARK: Internet gateways

    private mutating func createGateway(response: [String: String]) {
        let id = response["InternetGatewayId"] ?? syntheticID("igw")
        pendingGateways[id] = [("Attachments", .array([])), ("InternetGatewayId", .string(id)), ("Tags", .array([]))]
        pendingGatewayOrder.append(id)
    }

    private mutating func attachGateway(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--internet-gateway-id")
        let vpcID = try command.required("--vpc-id")
        guard let vpc = network.vpc(vpcID) else { throw SnapshotEditError("attach-internet-gateway: no VPC \(vpcID) in the snapshot") }
        let attachment = EditValue.object([("State", .string("available")), ("VpcId", .string(vpcID))])
        if var gateway = pendingGateways.removeValue(forKey: id) {
            gateway = gateway.map { $0.0 == "Attachments" ? ($0.0, .array([attachment])) : $0 }
            if let owner = vpc.ownerID { gateway.insert(("OwnerId", .string(owner)), at: gateway.count - 1) }
            try add(.object(gateway), key: "InternetGateways", folder: folder(ofVPC: vpcID), fileName: "describe-internet-gateways.json")
            return
        }
        let places = find("InternetGateways", "InternetGatewayId", id)
        guard !places.isEmpty else { throw SnapshotEditError("attach-internet-gateway: no internet gateway \(id) in the snapshot") }
        for place in places {
            try edit(place, "InternetGateways") { (document, item) throws(SnapshotEditError) in
                let attachments = item.member("Attachments")
                if let elsewhere = attachments?.elements.first(where: { $0.member("VpcId")?.string != vpcID
                                                                         && ["available", "attached"].contains($0.member("State")?.string ?? "") }) {
                    throw SnapshotEditError("attach-internet-gateway: \(id) is attached to \(elsewhere.member("VpcId")?.string ?? "another VPC") already")
                }
                if let current = attachments?.elements.first(where: { $0.member("VpcId")?.string == vpcID }) {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("State", .string("available"), in: current) }
                } else if let attachments {
                    try Self.splice { () throws(LocatedJSONError) in try document.append(attachment, to: attachments) }
                } else {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("Attachments", .array([attachment]), in: item) }
                }
            }
        }
    }

    // MARK: Elastic IPs

    private mutating func allocateAddress(response: [String: String]) {
        let id = response["AllocationId"] ?? syntheticID("eipalloc")
        var publicIP = response["PublicIp"]
        if publicIP == nil {
            let base = IPAddress("198.51.100.0")!.ipv4Value!
            publicIP = (UInt32(1)...254).lazy.map { IPAddress(base + $0).description }.first { candidate in
                let needle = Array("\"\(candidate)\"".utf8)
                return !pendingAddresses.values.contains(candidate) && !documents.values.contains { $0.bytes.firstRange(of: needle) != nil }
            } ?? "198.51.100.255"
        }
        pendingAddresses[id] = publicIP
        pendingAddressOrder.append(id)
    }

    private mutating func associateAddress(_ command: EditCommandLine, response: [String: String]) throws(SnapshotEditError) {
        let allocation = try command.required("--allocation-id")
        let interface: NetworkInterface
        if let id = command.options["--network-interface-id"] {
            guard let found = network.networkInterface(id) else { throw SnapshotEditError("associate-address: no network interface \(id) in the snapshot") }
            interface = found
        } else if let instance = command.options["--instance-id"] {
            guard let found = network.networkInterfaces(ofInstance: instance).first else {
                throw SnapshotEditError("associate-address: no instance \(instance) with a network interface in the snapshot")
            }
            interface = found
        } else {
            throw SnapshotEditError("associate-address: --network-interface-id or --instance-id is required")
        }
        guard let privateAddress = command.options["--private-ip-address"].flatMap(IPAddress.init) ?? interface.primaryAddress,
              privateAddress.family == .ipv4, interface.owns(privateAddress) else {
            throw SnapshotEditError("associate-address: \(interface.id) has no private address \(command.options["--private-ip-address"] ?? "")")
        }
        let existing = find("Addresses", "AllocationId", allocation)
        let allocated = existing.compactMap { resource($0, "Addresses")?.member("PublicIp")?.string }.first
        guard let publicIP = pendingAddresses[allocation] ?? allocated else {
            throw SnapshotEditError("associate-address: no Elastic IP allocation \(allocation) (allocate-address first)")
        }
        let association = response["AssociationId"]
            ?? (allocation.hasPrefix("eipalloc-") ? "eipassoc-" + allocation.dropFirst("eipalloc-".count) : syntheticID("eipassoc"))
        let owner = network.vpc(interface.vpcID)?.ownerID
        let describedID = interface.id.hasSuffix(":primary") ? nil : interface.id

        // describe-addresses
        var fields: [(String, EditValue)] = [("AllocationId", .string(allocation)), ("AssociationId", .string(association)),
                                             ("Domain", .string("vpc"))]
        if let describedID { fields.append(("NetworkInterfaceId", .string(describedID))) }
        if let owner, describedID != nil { fields.append(("NetworkInterfaceOwnerId", .string(owner))) }
        fields.append(("PrivateIpAddress", .string(privateAddress.description)))
        if let instance = interface.instanceID { fields.append(("InstanceId", .string(instance))) }
        fields.append(("PublicIp", .string(publicIP)))
        if pendingAddresses.removeValue(forKey: allocation) != nil {
            try add(.object(fields), key: "Addresses", folder: folder(ofVPC: interface.vpcID), fileName: "describe-addresses.json")
        } else {
            for place in existing {
                for (key, value) in fields where key != "AllocationId" {
                    try edit(place, "Addresses") { (document, item) throws(SnapshotEditError) in
                        try Self.splice { () throws(LocatedJSONError) in try document.set(key, value, in: item) }
                    }
                }
            }
        }

        // describe-network-interfaces: the address's association, and the interface's own for its primary address.
        let full = EditValue.object([("AllocationId", .string(allocation)), ("AssociationId", .string(association)),
                                     ("IpOwnerId", .string(owner ?? "")), ("PublicIp", .string(publicIP))])
        if let describedID {
            for place in find("NetworkInterfaces", "NetworkInterfaceId", describedID) {
                try associate(place, "NetworkInterfaces", privateAddress: privateAddress, full)
            }
        }
        // describe-instances: the instance's copy of the interface, and its PublicIpAddress for its primary address.
        guard let instanceID = interface.instanceID else { return }
        let short = EditValue.object([("IpOwnerId", .string(owner ?? "")), ("PublicIp", .string(publicIP))])
        for place in reservationPlaces(instanceID) {
            guard var document = documents[place.path] else { continue }
            func instance() -> LocatedValue? {
                document.root.member("Reservations")?.element(place.index)?.member("Instances")?.elements
                    .first { $0.member("InstanceId")?.string == instanceID }
            }
            if let copies = instance()?.member("NetworkInterfaces")?.elements,
               let position = copies.firstIndex(where: { $0.member("NetworkInterfaceId")?.string == describedID }) {
                func copy() -> LocatedValue? { instance()?.member("NetworkInterfaces")?.element(position) }
                if let entry = copy()?.member("PrivateIpAddresses")?.elements.firstIndex(where: { $0.member("PrivateIpAddress")?.string == privateAddress.description }),
                   let target = copy()?.member("PrivateIpAddresses")?.element(entry) {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("Association", short, in: target) }
                }
                if let target = copy(), target.member("PrivateIpAddress")?.string == privateAddress.description {
                    try Self.splice { () throws(LocatedJSONError) in try document.set("Association", short, in: target) }
                }
            }
            let primary = network.networkInterfaces(ofInstance: instanceID).first?.id == interface.id
            if primary, let target = instance(), target.member("PrivateIpAddress")?.string == privateAddress.description {
                try Self.splice { () throws(LocatedJSONError) in try document.set("PublicIpAddress", .string(publicIP), in: target) }
            }
            documents[place.path] = document
            edited.insert(place.path)
        }
    }

    /// Sets the `Association` of a private address in an interface description (and the interface's own when it
    /// is the primary address).
    private mutating func associate(_ place: Place, _ key: String, privateAddress: IPAddress, _ association: EditValue) throws(SnapshotEditError) {
        try edit(place, key) { (document, item) throws(SnapshotEditError) in
            if let entry = item.member("PrivateIpAddresses")?.elements.first(where: { $0.member("PrivateIpAddress")?.string == privateAddress.description }) {
                try Self.splice { () throws(LocatedJSONError) in try document.set("Association", association, in: entry) }
            }
        }
        try edit(place, key) { (document, item) throws(SnapshotEditError) in
            if item.member("PrivateIpAddress")?.string == privateAddress.description {
                try Self.splice { () throws(LocatedJSONError) in try document.set("Association", association, in: item) }
            }
        }
    }

    /// The reservations (file and index) that hold an instance.
    private func reservationPlaces(_ instanceID: String) -> [Place] {
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

    private mutating func startInstances(_ command: EditCommandLine) throws(SnapshotEditError) {
        let ids = try command.required("--instance-ids").split(separator: " ").map(String.init)
        for id in ids {
            let places = reservationPlaces(id)
            guard !places.isEmpty else { throw SnapshotEditError("start-instances: no instance \(id) in the snapshot") }
            for place in places {
                try edit(place, "Reservations") { (document, reservation) throws(SnapshotEditError) in
                    guard let instance = reservation.member("Instances")?.elements.first(where: { $0.member("InstanceId")?.string == id }) else { return }
                    let running = EditValue.object([("Code", .int(16)), ("Name", .string("running"))])
                    try Self.splice { () throws(LocatedJSONError) in try document.set("State", running, in: instance) }
                }
            }
        }
    }
}

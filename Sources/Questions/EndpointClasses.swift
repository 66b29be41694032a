import NetworkModel

/// Instances grouped into classes that the configuration cannot tell apart: every interface in the same subnet,
/// with the same security groups, the same liveness and source/destination check, the same kind of addressing
/// (public address or not), and addresses that no rule narrower than the subnet separates. Answering for one
/// member of a class answers for all of them.
public struct EndpointClasses: Sendable {
    public struct Class: Sendable {
        public let key: String
        public var members: [String]
        public var representative: String { members[0] }
    }

    public private(set) var classes: [Class] = []
    private var classOfInstance: [String: Int] = [:]

    public init(network: Network, instances: [Instance]) {
        // Prefixes narrower than a subnet that cut into it: they may tell its addresses apart.
        var cutsBySubnet: [String: [IPPrefix]] = [:]
        let prefixes = Self.rulePrefixes(network)
        for subnet in network.subnets {
            cutsBySubnet[subnet.id] = prefixes.filter { cut in subnet.cidrBlocks.contains { cut.length > $0.length && $0.contains(cut.network) } }
        }
        var index: [String: Int] = [:]
        for instance in instances {
            let interfaces = network.networkInterfaces(ofInstance: instance.id)
            let key = interfaces.map { interface -> String in
                let cuts = cutsBySubnet[interface.subnetID] ?? []
                let signature = interface.addresses.map { address in
                    cuts.indices.filter { cuts[$0].contains(address.address) }.map(String.init).joined(separator: ".")
                        + (address.publicAddress == nil ? "" : "+public") + (address.address.family == .ipv6 ? "+v6" : "")
                }.joined(separator: "/")
                return [interface.subnetID, interface.securityGroupIDs.sorted().joined(separator: ","),
                        network.isLive(interface) ? "live" : "down", interface.sourceDestinationCheck ? "check" : "nocheck",
                        signature].joined(separator: "|")
            }.joined(separator: "#") + (interfaces.isEmpty ? "none:\(instance.id)" : "")
            if let existing = index[key] {
                classes[existing].members.append(instance.id)
                classOfInstance[instance.id] = existing
            } else {
                index[key] = classes.count
                classOfInstance[instance.id] = classes.count
                classes.append(Class(key: key, members: [instance.id]))
            }
        }
    }

    public func classIndex(of instanceID: String) -> Int? { classOfInstance[instanceID] }

    /// Every CIDR block any rule, route (of a VPC or a transit gateway) or prefix list names.
    static func rulePrefixes(_ network: Network) -> [IPPrefix] {
        var set: Set<IPPrefix> = []
        for group in network.securityGroups {
            for rule in group.inbound + group.outbound {
                switch rule.peer {
                case .cidr(let prefix): set.insert(prefix)
                case .prefixList(let id): set.formUnion(network.cidrBlocks(ofPrefixList: id))
                case .securityGroup: break
                }
            }
        }
        for acl in network.networkACLs { for entry in acl.entries { set.insert(entry.cidrBlock) } }
        for table in network.routeTables { for entry in network.routingEntries(of: table) { set.insert(entry.prefix) } }
        for table in network.transit.routeTables { for entry in network.transitGatewayRoutingEntries(of: table) { set.insert(entry.prefix) } }
        for list in network.prefixLists { set.formUnion(list.cidrBlocks) }
        return set.sorted { ($0.network, $0.length) < ($1.network, $1.length) }
    }
}

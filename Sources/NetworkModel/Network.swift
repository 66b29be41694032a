/// A whole network as a snapshot describes it: every VPC resource PathProof models, with lookups by id.
///
/// The lookups here are facts of the configuration (which table a subnet uses, which addresses a security
/// group stands for), shared by the concrete walker and the SMT encoding; the forwarding and filtering rules
/// themselves are implemented by each of them separately.
public struct Network: Sendable {
    public private(set) var vpcs: [VPC]
    public private(set) var subnets: [Subnet]
    public private(set) var routeTables: [RouteTable]
    public private(set) var peeringConnections: [VPCPeeringConnection]
    public private(set) var securityGroups: [SecurityGroup]
    public private(set) var networkACLs: [NetworkACL]
    public private(set) var internetGateways: [InternetGateway]
    public private(set) var instances: [Instance]
    public private(set) var networkInterfaces: [NetworkInterface]
    public private(set) var prefixLists: [PrefixList]
    /// Transit gateways, their attachments and route tables (see `Network+TransitGateway.swift` for lookups).
    public private(set) var transit: TransitGatewayConfiguration
    /// NAT gateways, VPC endpoints, virtual private gateways, VPN and Direct Connect (see `Network+Edge.swift`).
    public private(set) var edge: EdgeResources
    /// Elastic Load Balancing v2 load balancers and target groups (see `LoadBalancer.swift`).
    public private(set) var loadBalancing: LoadBalancing
    /// What the snapshot holds and which references it leaves unresolved (`SnapshotCompleteness`); everything
    /// present for a network built in code.
    public var completeness = SnapshotCompleteness.assumedComplete
    /// The instances' and interfaces' DNS hostnames, by name in lower case (`DNS.swift`).
    public var dnsHostnames: [String: DNSHostname] = [:]

    private var vpcIndex: [String: Int] = [:]
    private var subnetIndex: [String: Int] = [:]
    private var routeTableIndex: [String: Int] = [:]
    private var peeringIndex: [String: Int] = [:]
    private var securityGroupIndex: [String: Int] = [:]
    private var networkACLIndex: [String: Int] = [:]
    private var internetGatewayIndex: [String: Int] = [:]
    private var instanceIndex: [String: Int] = [:]
    private var networkInterfaceIndex: [String: Int] = [:]
    private var prefixListIndex: [String: Int] = [:]
    private var routeTableOfSubnet: [String: String] = [:]
    private var mainRouteTableOfVPC: [String: String] = [:]
    private var networkACLOfSubnet: [String: String] = [:]
    private var interfaceOfPrivateAddress: [IPAddress: String] = [:]
    private var interfaceOfPublicAddress: [IPAddress: String] = [:]
    /// Positions (in order) of the interfaces of each VPC, of the instances and interfaces with each Name tag, of
    /// the peering connections with each VPC on a side and of the internet gateways with an attachment to each VPC:
    /// what a query looks up for its own ends and path, so that it does not scan the whole network.
    private var interfacesOfVPC: [String: [Int]] = [:]
    /// Positions (in order, each interface once) of the interfaces that have each security group.
    private var interfacesOfSecurityGroup: [String: [Int]] = [:]
    private var instancesOfName: [String: [Int]] = [:]
    private var interfacesOfName: [String: [Int]] = [:]
    private var peeringsOfVPC: [String: [Int]] = [:]
    private var internetGatewaysOfVPC: [String: [Int]] = [:]
    private var routeTablesOfVPC: [String: [Int]] = [:]
    private var transitGatewayAttachmentsOfVPC: [String: [Int]] = [:]
    /// Each route table's forwarding order (and index, when long), by id (`LongestPrefixIndex.swift`).
    private var forwardingTables: [String: ForwardingTable] = [:]
    /// The interface with each private address, per VPC (VPCs may overlap).
    private var interfaceOfPrivateAddressInVPC: [String: [IPAddress: Int]] = [:]

    public init(vpcs: [VPC] = [], subnets: [Subnet] = [], routeTables: [RouteTable] = [],
                peeringConnections: [VPCPeeringConnection] = [], securityGroups: [SecurityGroup] = [],
                networkACLs: [NetworkACL] = [], internetGateways: [InternetGateway] = [], instances: [Instance] = [],
                networkInterfaces: [NetworkInterface] = [], prefixLists: [PrefixList] = [],
                transit: TransitGatewayConfiguration = TransitGatewayConfiguration(), edge: EdgeResources = EdgeResources(),
                loadBalancing: LoadBalancing = LoadBalancing()) {
        self.vpcs = vpcs
        self.subnets = subnets
        self.routeTables = routeTables
        self.peeringConnections = peeringConnections
        self.securityGroups = securityGroups
        self.networkACLs = networkACLs
        self.internetGateways = internetGateways
        self.instances = instances
        self.networkInterfaces = networkInterfaces
        self.prefixLists = prefixLists
        self.transit = transit.resolved(vpcs: vpcs)
        self.edge = edge
        self.loadBalancing = loadBalancing
        buildIndices()
    }

    private static func index<T>(_ items: [T], _ id: (T) -> String) -> [String: Int] {
        var result: [String: Int] = [:]
        for (i, item) in items.enumerated() where result[id(item)] == nil { result[id(item)] = i }
        return result
    }

    private mutating func buildIndices() {
        vpcIndex = Self.index(vpcs, \.id)
        subnetIndex = Self.index(subnets, \.id)
        routeTableIndex = Self.index(routeTables, \.id)
        peeringIndex = Self.index(peeringConnections, \.id)
        securityGroupIndex = Self.index(securityGroups, \.id)
        networkACLIndex = Self.index(networkACLs, \.id)
        internetGatewayIndex = Self.index(internetGateways, \.id)
        instanceIndex = Self.index(instances, \.id)
        networkInterfaceIndex = Self.index(networkInterfaces, \.id)
        prefixListIndex = Self.index(prefixLists, \.id)
        routeTableOfSubnet = [:]
        mainRouteTableOfVPC = [:]
        for table in routeTables {
            for subnet in table.subnetIDs { routeTableOfSubnet[subnet] = table.id }
            if table.isMain { mainRouteTableOfVPC[table.vpcID] = table.id }
        }
        networkACLOfSubnet = [:]
        for acl in networkACLs { for subnet in acl.subnetIDs { networkACLOfSubnet[subnet] = acl.id } }
        interfaceOfPrivateAddress = [:]
        interfaceOfPublicAddress = [:]
        for interface in networkInterfaces {
            for address in interface.addresses {
                interfaceOfPrivateAddress[address.address] = interfaceOfPrivateAddress[address.address] ?? interface.id
                if let publicAddress = address.publicAddress {
                    interfaceOfPublicAddress[publicAddress] = interfaceOfPublicAddress[publicAddress] ?? interface.id
                }
            }
        }
        interfacesOfVPC = [:]
        interfacesOfName = [:]
        interfacesOfSecurityGroup = [:]
        for (i, interface) in networkInterfaces.enumerated() {
            interfacesOfVPC[interface.vpcID, default: []].append(i)
            for group in interface.securityGroupIDs where interfacesOfSecurityGroup[group]?.last != i {
                interfacesOfSecurityGroup[group, default: []].append(i)
            }
            if let name = interface.tags.name { interfacesOfName[name, default: []].append(i) }
        }
        instancesOfName = [:]
        for (i, instance) in instances.enumerated() {
            if let name = instance.tags.name { instancesOfName[name, default: []].append(i) }
        }
        peeringsOfVPC = [:]
        for (i, connection) in peeringConnections.enumerated() {
            peeringsOfVPC[connection.requester.vpcID, default: []].append(i)
            if connection.accepter.vpcID != connection.requester.vpcID { peeringsOfVPC[connection.accepter.vpcID, default: []].append(i) }
        }
        routeTablesOfVPC = [:]
        for (i, table) in routeTables.enumerated() { routeTablesOfVPC[table.vpcID, default: []].append(i) }
        forwardingTables = [:]
        for table in routeTables where forwardingTables[table.id] == nil {
            forwardingTables[table.id] = ForwardingTable(entries: forwardingOrder(of: table), routes: table.routes)
        }
        interfaceOfPrivateAddressInVPC = [:]
        for (i, interface) in networkInterfaces.enumerated() {
            for address in interface.addresses where interfaceOfPrivateAddressInVPC[interface.vpcID]?[address.address] == nil {
                interfaceOfPrivateAddressInVPC[interface.vpcID, default: [:]][address.address] = i
            }
        }
        transitGatewayAttachmentsOfVPC = [:]
        for (i, attachment) in transit.attachments.enumerated() {
            if let vpcID = attachment.vpcID { transitGatewayAttachmentsOfVPC[vpcID, default: []].append(i) }
        }
        internetGatewaysOfVPC = [:]
        for (i, gateway) in internetGateways.enumerated() {
            var seen: Set<String> = []
            for attachment in gateway.attachments where seen.insert(attachment.vpcID).inserted {
                internetGatewaysOfVPC[attachment.vpcID, default: []].append(i)
            }
        }
    }

    // MARK: Lookups by id

    public func vpc(_ id: String) -> VPC? { vpcIndex[id].map { vpcs[$0] } }
    public func subnet(_ id: String) -> Subnet? { subnetIndex[id].map { subnets[$0] } }
    public func routeTable(_ id: String) -> RouteTable? { routeTableIndex[id].map { routeTables[$0] } }
    public func peeringConnection(_ id: String) -> VPCPeeringConnection? { peeringIndex[id].map { peeringConnections[$0] } }
    public func securityGroup(_ id: String) -> SecurityGroup? { securityGroupIndex[id].map { securityGroups[$0] } }
    public func networkACL(_ id: String) -> NetworkACL? { networkACLIndex[id].map { networkACLs[$0] } }
    public func internetGateway(_ id: String) -> InternetGateway? { internetGatewayIndex[id].map { internetGateways[$0] } }
    public func instance(_ id: String) -> Instance? { instanceIndex[id].map { instances[$0] } }
    public func networkInterface(_ id: String) -> NetworkInterface? { networkInterfaceIndex[id].map { networkInterfaces[$0] } }
    public func prefixList(_ id: String) -> PrefixList? { prefixListIndex[id].map { prefixLists[$0] } }

    // MARK: Configuration facts

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    public func routeTable(forSubnet subnetID: String) -> RouteTable? {
        if let id = routeTableOfSubnet[subnetID] { return routeTable(id) }
        guard let vpcID = subnet(subnetID)?.vpcID, let id = mainRouteTableOfVPC[vpcID] else { return nil }
        return routeTable(id)
    }

    /// Whether the subnet's route table is its VPC's main table by default (no explicit association).
    public func usesMainRouteTable(_ subnetID: String) -> Bool { routeTableOfSubnet[subnetID] == nil }

    /// The network ACL associated with a subnet.
    public func networkACL(forSubnet subnetID: String) -> NetworkACL? { networkACLOfSubnet[subnetID].flatMap { networkACL($0) } }

    /// The network interface that has `address` as one of its private addresses.
    public func networkInterface(privateAddress address: IPAddress) -> NetworkInterface? {
        interfaceOfPrivateAddress[address].flatMap { networkInterface($0) }
    }

    /// The network interface whose private address an internet gateway maps `address` to.
    public func networkInterface(publicAddress address: IPAddress) -> NetworkInterface? {
        interfaceOfPublicAddress[address].flatMap { networkInterface($0) }
    }

    public func networkInterfaces(ofInstance instanceID: String) -> [NetworkInterface] {
        guard let instance = instance(instanceID) else { return [] }
        let attached = instance.networkInterfaceIDs.compactMap { networkInterface($0) }
        if !attached.isEmpty { return attached }
        return networkInterfaces.filter { $0.instanceID == instanceID }
    }

    public func networkInterfaces(inVPC vpcID: String) -> [NetworkInterface] { (interfacesOfVPC[vpcID] ?? []).map { networkInterfaces[$0] } }

    /// The interfaces that have the security group `groupID`, in the snapshot's order, each once.
    public func networkInterfaces(ofSecurityGroup groupID: String) -> [NetworkInterface] {
        (interfacesOfSecurityGroup[groupID] ?? []).map { networkInterfaces[$0] }
    }

    /// The route tables of a VPC, in the snapshot's order.
    public func routeTables(inVPC vpcID: String) -> [RouteTable] { (routeTablesOfVPC[vpcID] ?? []).map { routeTables[$0] } }

    /// The transit gateway attachment ends with `vpcID` as their VPC, in the snapshot's order.
    public func transitGatewayAttachments(ofVPC vpcID: String) -> [TransitGatewayAttachment] {
        (transitGatewayAttachmentsOfVPC[vpcID] ?? []).map { transit.attachments[$0] }
    }

    /// The instances whose Name tag is `name`, in the snapshot's order.
    public func instances(named name: String) -> [Instance] { (instancesOfName[name] ?? []).map { instances[$0] } }

    /// The network interfaces whose own Name tag is `name`, in the snapshot's order.
    public func networkInterfaces(named name: String) -> [NetworkInterface] { (interfacesOfName[name] ?? []).map { networkInterfaces[$0] } }

    /// The CIDR blocks of a prefix list (empty when the snapshot does not describe it).
    public func cidrBlocks(ofPrefixList id: String) -> [IPPrefix] { prefixList(id)?.cidrBlocks ?? [] }

    /// A route table's entries in forwarding order: longest prefix first; for equal prefixes a CIDR route before
    /// a prefix-list route, a static route before a propagated one, then the table's order.
    public func routingEntries(of table: RouteTable) -> [RoutingEntry] {
        if let known = forwardingTables[table.id], known.routes == table.routes { return known.entries }
        return forwardingOrder(of: table)
    }

    /// The entry a route table uses for `destination`: the first in forwarding order that contains it (found by the
    /// table's index when it is long), or nil when no route matches.
    public func routingEntry(in table: RouteTable, for destination: IPAddress) -> RoutingEntry? {
        if let known = forwardingTables[table.id], known.routes == table.routes { return known.match(destination) }
        return forwardingOrder(of: table).first { $0.prefix.contains(destination) }
    }

    /// The first network interface of a VPC (in the snapshot's order) with `address` among its private addresses.
    public func networkInterface(owning address: IPAddress, inVPC vpcID: String) -> NetworkInterface? {
        interfaceOfPrivateAddressInVPC[vpcID]?[address].map { networkInterfaces[$0] }
    }

    private func forwardingOrder(of table: RouteTable) -> [RoutingEntry] {
        var entries: [(entry: RoutingEntry, rank: Int, position: Int)] = []
        for (position, route) in table.routes.enumerated() {
            let propagated = route.origin == .enableVgwRoutePropagation ? 2 : 0
            switch route.destination {
            case .cidr(let prefix):
                entries.append((RoutingEntry(prefix: prefix, route: route), propagated, position))
            case .prefixList(let id):
                for prefix in cidrBlocks(ofPrefixList: id) {
                    entries.append((RoutingEntry(prefix: prefix, route: route), 1 + propagated, position))
                }
            }
        }
        entries.sort {
            if $0.entry.prefix.length != $1.entry.prefix.length { return $0.entry.prefix.length > $1.entry.prefix.length }
            if $0.rank != $1.rank { return $0.rank < $1.rank }
            return $0.position < $1.position
        }
        return entries.map(\.entry)
    }

    /// The peering connections that join two VPCs, in any state.
    public func peeringConnections(between a: String, and b: String) -> [VPCPeeringConnection] {
        (peeringsOfVPC[a] ?? []).map { peeringConnections[$0] }.filter { $0.connects(a, b) }
    }

    /// The peering connections with `vpcID` on one side, in any state.
    public func peeringConnections(of vpcID: String) -> [VPCPeeringConnection] {
        (peeringsOfVPC[vpcID] ?? []).map { peeringConnections[$0] }
    }

    /// The CIDR blocks of the peer side of a peering connection, seen from `vpcID`: the blocks the connection
    /// records, else the peer VPC's own.
    public func peerCIDRBlocks(of connection: VPCPeeringConnection, from vpcID: String) -> [IPPrefix] {
        guard let peer = connection.peer(of: vpcID) else { return [] }
        if !peer.cidrBlocks.isEmpty { return peer.cidrBlocks }
        return vpc(peer.vpcID)?.cidrBlocks ?? []
    }

    /// The internet gateways attached (in any attachment state) to a VPC.
    public func internetGateways(of vpcID: String) -> [InternetGateway] {
        (internetGatewaysOfVPC[vpcID] ?? []).map { internetGateways[$0] }
    }

    /// The private addresses a security-group reference stands for, in a rule of a group used in `ruleVPCID`:
    /// the addresses of the interfaces carrying the referenced group that are in the same VPC, or in a VPC joined
    /// to it by an active peering connection in the same region (AWS honours references across a peering only
    /// within one region).
    /// `assumingActive`: a peering connection counted as active (what its acceptance would make of the reference).
    public func addresses(ofSecurityGroupReference groupID: String, fromVPC ruleVPCID: String, assumingActive: String? = nil) -> [IPAddress] {
        var result: [IPAddress] = []
        for interface in networkInterfaces(ofSecurityGroup: groupID) {
            if interface.vpcID == ruleVPCID || referenceCrossesPeering(from: ruleVPCID, to: interface.vpcID, assumingActive: assumingActive) {
                result.append(contentsOf: interface.addresses.map(\.address))
            }
        }
        return result
    }

    /// Whether a security group in `vpcID` may reference groups of `peerVPCID`: an active peering joins them and
    /// both are in the same region.
    public func referenceCrossesPeering(from vpcID: String, to peerVPCID: String, assumingActive: String? = nil) -> Bool {
        peeringConnections(between: vpcID, and: peerVPCID).contains { connection in
            guard connection.isActive || connection.id == assumingActive else { return false }
            let regions = [connection.requester.region ?? vpc(connection.requester.vpcID)?.region,
                           connection.accepter.region ?? vpc(connection.accepter.vpcID)?.region]
            if let a = regions[0], let b = regions[1] { return a == b }
            return true
        }
    }

    /// Whether a network interface sends and receives: attached and, if attached to an instance, the instance runs.
    public func isLive(_ interface: NetworkInterface) -> Bool {
        if let instanceID = interface.instanceID, let instance = instance(instanceID) { return instance.isRunning }
        return interface.status == .inUse
    }

    /// A resource's display name: its Name tag, else nil.
    public func name(of id: String) -> String? {
        if let vpc = vpc(id) { return vpc.tags.name }
        if let subnet = subnet(id) { return subnet.tags.name }
        if let table = routeTable(id) { return table.tags.name }
        if let group = securityGroup(id) { return group.tags.name ?? group.name }
        if let acl = networkACL(id) { return acl.tags.name }
        if let igw = internetGateway(id) { return igw.tags.name }
        if let instance = instance(id) { return instance.tags.name }
        if let interface = networkInterface(id) { return interface.tags.name }
        if let pcx = peeringConnection(id) { return pcx.tags.name }
        if let name = transitGatewayName(of: id) { return name }
        if let name = edgeName(of: id) { return name }
        return nil
    }

    /// The name of a NAT gateway, endpoint, VPN or Direct Connect resource.
    public func edgeName(of id: String) -> String? { edge.name(of: id) }
}

extension Array where Element: Equatable {
    mutating func appendIfMissing(_ element: Element) { if !contains(element) { append(element) } }
}

import NetworkModel

/// Accumulates resources file by file, then resolves what needs the whole snapshot (regions, instance
/// interfaces, Elastic IPs, managed prefix-list entries) and builds the `Network`.
///
/// Each resource kind is read in its own file, as an extension with one `read…` method per top-level key.
struct SnapshotBuilder {
    var vpcs = ResourceList<VPC>()
    var subnets = ResourceList<Subnet>()
    var routeTables = ResourceList<RouteTable>()
    var peeringConnections = ResourceList<VPCPeeringConnection>()
    var securityGroups = ResourceList<SecurityGroup>()
    var securityGroupRuleParts = SecurityGroupRuleParts()
    var networkACLs = ResourceList<NetworkACL>()
    var internetGateways = ResourceList<InternetGateway>()
    var instances = ResourceList<Instance>()
    var networkInterfaces = ResourceList<NetworkInterface>()
    var prefixLists = ResourceList<PrefixList>()
    var transitGatewayParts = TransitGatewayParts()
    var edgeParts = EdgeParts()
    var loadBalancingParts = LoadBalancingParts()
    var classicParts = ClassicLoadBalancingParts()
    var dnsParts = DNSParts()
    var warnings = WarningCollector()
    /// Where each VPC, subnet, security group, network ACL, route table, interface and peering connection was first
    /// described (`Consistency.swift`).
    var descriptionPlaces: [String: DescriptionPlace] = [:]
    var interfacePlaces: [String: DescriptionPlace] = [:]
    /// The kinds whose top-level key some file holds (`SnapshotCompleteness`).
    var presentKinds: Set<SnapshotCompleteness.Kind> = []
    /// The calls of a capture (`capture.json`) that failed.
    var failedCalls: [SnapshotCompleteness.FailedCall] = []

    /// The file each VPC and subnet was first read from, for region inference.
    var vpcSources: [String: SourceFile] = [:]
    var subnetSources: [String: SourceFile] = [:]
    /// The interfaces an instance's own description lists, and the primary interface its top-level fields
    /// describe; used for interfaces that no `NetworkInterfaces` file describes.
    var embeddedInterfaces: [String: [EmbeddedInterface]] = [:]
    var instancePrimaryFallbacks: [String: NetworkInterface] = [:]
    /// Each instance's top-level `PrivateIpAddress` and `PublicIpAddress`, given to the interface that has the first.
    var instancePublicAddresses: [String: (privateAddress: IPAddress, publicAddress: IPAddress)] = [:]
    /// Each instance's `Ipv6Address`, checked against its interfaces once all files are read.
    var instanceIPv6Addresses: [(instanceID: String, address: IPAddress, file: String)] = []
    var elasticIPs: [ElasticIP] = []
    var managedPrefixLists: [(id: String, family: AddressFamily?, file: String)] = []
    var prefixListEntries: [(id: String, cidrBlocks: [(prefix: IPPrefix, jsonPath: String)], file: String)] = []

    /// Reads one file's top-level object, key by key.
    mutating func read(_ root: JSONNode, from file: SourceFile) throws(SnapshotError) {
        guard case .object(let object) = root.value else {
            throw SnapshotError(file: file.path, jsonPath: "",
                                message: "expected an object at the top level (as `aws ec2 describe-…` prints), found \(root.value.kindDescription)")
        }
        if object["VpcId"] != nil, object["EnableNetworkAddressUsageMetrics"] != nil {
            // `describe-vpc-attribute --attribute enableNetworkAddressUsageMetrics`: nothing a packet depends on
            warnings.add("describe-vpc-attribute", file: file.path) { _ in "network address usage metrics do not change reachability; ignored" }
            return
        }
        for key in object.keys {
            guard let node = try root.member(key) else { continue }  // a null member says nothing
            if let kind = SnapshotCompleteness.Kind(rawValue: key) { presentKinds.insert(kind) }
            switch key {
            case "Vpcs": try readVPCs(node, from: file)
            case "Subnets": try readSubnets(node, from: file)
            case "RouteTables": try readRouteTables(node, from: file)
            case "VpcPeeringConnections": try readPeeringConnections(node, from: file)
            case "SecurityGroups": try readSecurityGroups(node, from: file)
            case "SecurityGroupRules": try readSecurityGroupRules(node, from: file)
            case "NetworkAcls": try readNetworkACLs(node, from: file)
            case "InternetGateways": try readInternetGateways(node, from: file)
            case "Reservations": try readReservations(node, from: file); try collectDNSHostnames(key, node)
            case "NetworkInterfaces": try readNetworkInterfaces(node, from: file); try collectDNSHostnames(key, node)
            case "Addresses": try readAddresses(node, from: file)
            case "PrefixLists": try readPrefixLists(node, from: file)
            case "ManagedPrefixLists": try readManagedPrefixLists(node, from: file)
            case "Entries": try readManagedPrefixListEntries(node, from: file)
            case _ where TransitGatewayParts.keys.contains(key): try readTransitGatewayKey(key, node, from: file)
            case _ where EdgeParts.keys.contains(key): try readEdgeKey(key, node, from: file)
            case _ where LoadBalancingParts.keys.contains(key): try readLoadBalancingKey(key, node, from: file)
            case _ where DNSParts.attributeKeys.contains(key): try readVPCAttribute(key, node, root: root, from: file)
            case "VpcId" where object.keys.contains(where: DNSParts.attributeKeys.contains): continue
            case "NextToken":
                warnings.add("NextToken", file: file.path) { _ in
                    "the output stops at a page boundary; resources on later pages are missing (rerun without --max-items)"
                }
            default:
                warnings.add(key, file: file.path) { _ in "not modelled yet; ignored" }
            }
        }
    }

    /// The finished snapshot.
    mutating func finish(files: [String]) throws(SnapshotError) -> Snapshot {
        var profile = LoadProfile(), clock = LoadProfile.Clock()
        return try finish(files: files, profile: &profile, clock: &clock)
    }

    /// `finish(files:)`, noting its phases in `profile`.
    mutating func finish(files: [String], profile: inout LoadProfile, clock: inout LoadProfile.Clock) throws(SnapshotError) -> Snapshot {
        try mergeSecurityGroupRules()
        try applyPrefixListEntries()
        addInstanceInterfaces()
        checkInstanceIPv6Addresses()
        applyElasticIPs()
        addNATGatewayInterfaces()
        try checkUniqueInterfaceAddresses()
        inferRegions()
        completePeeringSides()
        addUndescribedInternetGateways()
        addUndescribedEgressOnlyInternetGateways()
        profile.note("resolve and check across files", &clock)
        var network = Network(vpcs: vpcsWithDNSAttributes(), subnets: subnets.items, routeTables: routeTables.items,
                              peeringConnections: peeringConnections.items, securityGroups: securityGroups.items,
                              networkACLs: networkACLs.items, internetGateways: internetGateways.items,
                              instances: instances.items, networkInterfaces: networkInterfaces.items,
                              prefixLists: prefixLists.items, transit: finishTransitGateways(),
                              edge: edgeParts.resources, loadBalancing: finishLoadBalancing())
        profile.note("make the network (its indices)", &clock)
        network.completeness = completeness(of: network)
        network.dnsHostnames = dnsParts.names
        profile.note("completeness of the snapshot", &clock)
        return Snapshot(network: network, warnings: warnings.warnings, files: files)
    }
}

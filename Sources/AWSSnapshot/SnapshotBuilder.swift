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
    var networkACLs = ResourceList<NetworkACL>()
    var internetGateways = ResourceList<InternetGateway>()
    var instances = ResourceList<Instance>()
    var networkInterfaces = ResourceList<NetworkInterface>()
    var prefixLists = ResourceList<PrefixList>()
    var transitGatewayParts = TransitGatewayParts()
    var edgeParts = EdgeParts()
    var warnings = WarningCollector()

    /// The file each VPC and subnet was first read from, for region inference.
    var vpcSources: [String: SourceFile] = [:]
    var subnetSources: [String: SourceFile] = [:]
    /// The interfaces an instance's own description lists, and the primary interface its top-level fields
    /// describe; used for interfaces that no `NetworkInterfaces` file describes.
    var embeddedInterfaces: [String: [EmbeddedInterface]] = [:]
    var instancePrimaryFallbacks: [String: NetworkInterface] = [:]
    var elasticIPs: [ElasticIP] = []
    var managedPrefixLists: [(id: String, file: String)] = []
    var prefixListEntries: [(id: String, cidrBlocks: [IPPrefix], file: String)] = []

    /// Reads one file's top-level object, key by key.
    mutating func read(_ root: JSONNode, from file: SourceFile) throws(SnapshotError) {
        guard case .object(let object) = root.value else {
            throw SnapshotError(file: file.path, jsonPath: "",
                                message: "expected an object at the top level (as `aws ec2 describe-…` prints), found \(root.value.kindDescription)")
        }
        for key in object.keys {
            guard let node = try root.member(key) else { continue }  // a null member says nothing
            switch key {
            case "Vpcs": try readVPCs(node, from: file)
            case "Subnets": try readSubnets(node, from: file)
            case "RouteTables": try readRouteTables(node, from: file)
            case "VpcPeeringConnections": try readPeeringConnections(node, from: file)
            case "SecurityGroups": try readSecurityGroups(node, from: file)
            case "NetworkAcls": try readNetworkACLs(node, from: file)
            case "InternetGateways": try readInternetGateways(node, from: file)
            case "Reservations": try readReservations(node, from: file)
            case "NetworkInterfaces": try readNetworkInterfaces(node, from: file)
            case "Addresses": try readAddresses(node, from: file)
            case "PrefixLists": try readPrefixLists(node, from: file)
            case "ManagedPrefixLists": try readManagedPrefixLists(node, from: file)
            case "Entries": try readManagedPrefixListEntries(node, from: file)
            case _ where TransitGatewayParts.keys.contains(key): try readTransitGatewayKey(key, node, from: file)
            case _ where EdgeParts.keys.contains(key): try readEdgeKey(key, node, from: file)
            case "NextToken":
                warnings.add("NextToken", file: file.path) { _ in
                    "the output stops at a page boundary; resources on later pages are missing (rerun without --max-items)"
                }
            default:
                warnings.add(key, file: file.path) { _ in "not modelled yet; ignored" }
            }
        }
    }

    /// Notes IPv6 data that was skipped: one warning per kind (`IPv6 routes`), counting every occurrence.
    mutating func skippedIPv6(_ what: String, count: Int = 1, in file: SourceFile) {
        guard count > 0 else { return }
        warnings.add("IPv6 \(what)", file: file.path, count: count) { "\($0) skipped; IPv4 only for now" }
    }

    /// The finished snapshot.
    mutating func finish(files: [String]) -> Snapshot {
        applyPrefixListEntries()
        addInstanceInterfaces()
        applyElasticIPs()
        addNATGatewayInterfaces()
        inferRegions()
        completePeeringSides()
        addUndescribedInternetGateways()
        let network = Network(vpcs: vpcs.items, subnets: subnets.items, routeTables: routeTables.items,
                              peeringConnections: peeringConnections.items, securityGroups: securityGroups.items,
                              networkACLs: networkACLs.items, internetGateways: internetGateways.items,
                              instances: instances.items, networkInterfaces: networkInterfaces.items,
                              prefixLists: prefixLists.items, transit: finishTransitGateways(),
                              edge: edgeParts.resources)
        return Snapshot(network: network, warnings: warnings.warnings, files: files)
    }
}

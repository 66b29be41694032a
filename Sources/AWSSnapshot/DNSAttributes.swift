import NetworkModel

/// What decides how a DNS name resolves: the VPCs' DNS attributes and the instances' and interfaces' hostnames.
struct DNSParts {
    /// Each VPC's attributes, as `describe-vpc-attribute` prints them (one file per VPC and attribute).
    var support: [String: Bool] = [:]
    var hostnames: [String: Bool] = [:]
    /// Where each VPC's attribute was read, for a warning about a VPC no output describes.
    var attributeFiles: [String: String] = [:]
    /// The hostnames of `PublicDnsName` and `PrivateDnsName` fields, by normalized name.
    var names: [String: DNSHostname] = [:]

    /// The top-level keys of `describe-vpc-attribute` output.
    static let attributeKeys: Set<String> = ["EnableDnsSupport", "EnableDnsHostnames"]
}

extension SnapshotBuilder {
    /// `describe-vpc-attribute --attribute enableDnsSupport` (or `enableDnsHostnames`):
    /// `{"VpcId": "vpc-…", "EnableDnsSupport": {"Value": true}}`. The `VpcId` key of such a file belongs to it.
    mutating func readVPCAttribute(_ key: String, _ node: JSONNode, root: JSONNode, from file: SourceFile) throws(SnapshotError) {
        let vpcID = try root.string("VpcId")
        guard let valueNode = try node.member("Value") else { throw node.error("missing Value (expected a boolean)") }
        let value = try valueNode.bool()
        if key == "EnableDnsSupport" { dnsParts.support[vpcID] = value } else { dnsParts.hostnames[vpcID] = value }
        dnsParts.attributeFiles[vpcID] = dnsParts.attributeFiles[vpcID] ?? file.path
    }

    /// The DNS hostnames in `describe-instances` (`PrivateDnsName`/`PrivateIpAddress`, `PublicDnsName`/
    /// `PublicIpAddress` of each instance, and its `NetworkInterfaces`) and `describe-network-interfaces`
    /// (`PrivateDnsName`, `PrivateIpAddresses[].PrivateDnsName`, `Association.PublicDnsName`/`PublicIp`). An empty
    /// name (AWS prints `""` where there is none) is none.
    mutating func collectDNSHostnames(_ key: String, _ list: JSONNode) throws(SnapshotError) {
        if key == "Reservations" {
            for reservation in try list.elements() {
                for instance in try reservation.array("Instances") {
                    if let address = try instance.optionalAddress("PrivateIpAddress", .ipv4) {
                        try noteHostname(instance.optionalString("PrivateDnsName"), .privateHostname, address, nil)
                        try noteHostname(instance.optionalString("PublicDnsName"), .publicHostname, address,
                                         instance.optionalAddress("PublicIpAddress", .ipv4))
                    }
                    for interface in try instance.array("NetworkInterfaces") { try collectInterfaceHostnames(interface) }
                }
            }
        } else {
            for interface in try list.elements() { try collectInterfaceHostnames(interface) }
        }
    }

    private mutating func collectInterfaceHostnames(_ interface: JSONNode) throws(SnapshotError) {
        if let address = try interface.optionalAddress("PrivateIpAddress", .ipv4) {
            try noteHostname(interface.optionalString("PrivateDnsName"), .privateHostname, address, nil)
            if let association = try interface.optionalObject("Association") {
                try noteHostname(association.optionalString("PublicDnsName"), .publicHostname, address,
                                 association.optionalAddress("PublicIp", .ipv4))
            }
        }
        for entry in try interface.array("PrivateIpAddresses") {
            guard let address = try entry.optionalAddress("PrivateIpAddress", .ipv4) else { continue }
            try noteHostname(entry.optionalString("PrivateDnsName"), .privateHostname, address, nil)
            if let association = try entry.optionalObject("Association") {
                try noteHostname(association.optionalString("PublicDnsName"), .publicHostname, address,
                                 association.optionalAddress("PublicIp", .ipv4))
            }
        }
    }

    private mutating func noteHostname(_ name: String?, _ kind: DNSHostname.Kind, _ privateAddress: IPAddress,
                                       _ publicAddress: IPAddress?) {
        guard let name, !name.isEmpty else { return }
        if kind == .publicHostname && publicAddress == nil { return }  // a public name without its address names nothing
        let hostname = DNSHostname(name: name, kind: kind, privateAddress: privateAddress, publicAddress: publicAddress)
        if dnsParts.names[hostname.name] == nil { dnsParts.names[hostname.name] = hostname }
    }

    /// The VPCs with their DNS attributes set from the snapshot's `describe-vpc-attribute` output; a warning for
    /// output about a VPC that no `describe-vpcs` output describes.
    mutating func vpcsWithDNSAttributes() -> [VPC] {
        var known = Set<String>()
        let result = vpcs.items.map { vpc -> VPC in
            known.insert(vpc.id)
            var vpc = vpc
            vpc.enableDnsSupport = dnsParts.support[vpc.id]
            vpc.enableDnsHostnames = dnsParts.hostnames[vpc.id]
            return vpc
        }
        for (vpcID, file) in dnsParts.attributeFiles.sorted(by: { $0.key < $1.key }) where !known.contains(vpcID) {
            warnings.add("describe-vpc-attribute", file: file, detail: vpcID) { _ in
                "attributes of a VPC that no describe-vpcs output describes; ignored"
            }
        }
        return result
    }
}

/// A DNS hostname AWS gives an instance or network interface, as `describe-instances` and
/// `describe-network-interfaces` print it: the public one (`ec2-54-214-190-204.compute-1.amazonaws.com`, with the
/// public address it names) or the private one (`ip-10-2-0-10.ec2.internal`, `ip-10-2-0-10.us-west-2.compute.internal`).
public struct DNSHostname: Hashable, Codable, Sendable {
    public enum Kind: String, Hashable, Codable, Sendable {
        /// `PublicDnsName`: resolves to the public address, or to the private address from inside (see
        /// `Network.dnsSupport(of:)` and `VPCPeeringConnection.Side.allowDnsResolutionFromRemoteVpc`).
        case publicHostname = "public"
        /// `PrivateDnsName`: resolves to the private address, by the Amazon DNS server only.
        case privateHostname = "private"
    }

    /// The name in lower case, without a final dot.
    public let name: String
    public let kind: Kind
    /// The private address the name belongs to (for a public name: the one its public address maps to).
    public let privateAddress: IPAddress
    /// The public address a public name names.
    public let publicAddress: IPAddress?

    public init(name: String, kind: Kind, privateAddress: IPAddress, publicAddress: IPAddress? = nil) {
        self.name = Self.normalized(name)
        self.kind = kind
        self.privateAddress = privateAddress
        self.publicAddress = publicAddress
    }

    /// A name as DNS compares it: lower case, without the final dot of a fully qualified name.
    public static func normalized(_ name: String) -> String {
        var name = name.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }
}

/// A VPC's DNS attribute as a query uses it: its value and where the value comes from.
public struct DNSAttributeValue: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable {
        /// `describe-vpc-attribute` output in the snapshot.
        case snapshot
        /// Not in the snapshot, but certain: an instance of the VPC has a public DNS hostname, which AWS gives only
        /// with `enableDnsHostnames` on.
        case inferred
        /// Not in the snapshot: AWS's default for the VPC (both on in a default VPC; in another, DNS support on and
        /// hostnames off).
        case awsDefault
    }

    public let value: Bool
    public let source: Source

    public init(value: Bool, source: Source) {
        self.value = value
        self.source = source
    }
}

extension Network {
    /// The hostname `name` (any case, with or without a final dot), if an instance or interface has it.
    public func dnsHostname(_ name: String) -> DNSHostname? { dnsHostnames[DNSHostname.normalized(name)] }

    /// The VPC's `enableDnsSupport`: the snapshot's, else AWS's default (on, for every VPC).
    public func dnsSupport(of vpcID: String) -> DNSAttributeValue {
        if let value = vpc(vpcID)?.enableDnsSupport { return DNSAttributeValue(value: value, source: .snapshot) }
        return DNSAttributeValue(value: true, source: .awsDefault)
    }

    /// The VPC's `enableDnsHostnames`: the snapshot's; else on when one of its interfaces has a public DNS hostname;
    /// else AWS's default (on in a default VPC, off in another).
    public func dnsHostnamesEnabled(of vpcID: String) -> DNSAttributeValue {
        if let value = vpc(vpcID)?.enableDnsHostnames { return DNSAttributeValue(value: value, source: .snapshot) }
        let named = dnsHostnames.values.contains { hostname in
            hostname.kind == .publicHostname && networkInterface(privateAddress: hostname.privateAddress)?.vpcID == vpcID
        }
        if named { return DNSAttributeValue(value: true, source: .inferred) }
        return DNSAttributeValue(value: vpc(vpcID)?.isDefault ?? false, source: .awsDefault)
    }

    /// The active peering connection between two VPCs, if any.
    public func activePeering(between a: String, and b: String) -> VPCPeeringConnection? {
        peeringConnections.first { $0.isActive && $0.connects(a, b) }
    }
}

extension VPCPeeringConnection {
    /// Which side of a peering connection: the words of `modify-vpc-peering-connection-options`
    /// (`--requester-peering-connection-options`, `--accepter-peering-connection-options`).
    public enum SideName: String, Hashable, Sendable {
        case requester
        case accepter
    }

    /// The side whose VPC is `vpcID`, if any.
    public func sideName(of vpcID: String) -> SideName? {
        if requester.vpcID == vpcID { return .requester }
        if accepter.vpcID == vpcID { return .accepter }
        return nil
    }

    public func side(_ name: SideName) -> Side { name == .requester ? requester : accepter }
}

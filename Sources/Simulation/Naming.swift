import NetworkModel

/// How answers name resources: the id followed by its Name tag, as every blocker, hop and fix sentence writes it.
extension Network {
    /// " NextWork-1-rtb-public" for a resource with that Name tag, "" for one without.
    public func nameSuffix(_ id: String) -> String { name(of: id).map { " \($0)" } ?? "" }

    /// "vpc-… NextWork-1 (10.1.0.0/16)": a VPC with its Name tag and CIDR blocks (the id alone when the snapshot
    /// does not describe it).
    public func describeVPC(_ id: String) -> String {
        guard let vpc = vpc(id) else { return id }
        return "\(id)\(nameSuffix(id)) (\(vpc.cidrBlocks.map(\.description).joined(separator: ", ")))"
    }
}

import NetworkModel

extension EndpointResolver {
    /// An address no interface holds but that lies inside a VPC's CIDR blocks is no host on the internet (packets to
    /// it never leave the VPC): the question cannot be answered, and the error says which subnet holds the address
    /// (or that none of the VPC's subnets does) and which addresses that subnet's interfaces have.
    func refuseUnheldVPCAddress(_ address: IPAddress, text: String) throws {
        guard let vpc = network.vpcs.first(where: { $0.cidrBlocks.contains { $0.contains(address) } }) else { return }
        let vpcName = vpc.tags.name.map { " (\(Self.printable($0)))" } ?? ""
        guard let subnet = network.subnets.first(where: { $0.vpcID == vpc.id && $0.cidrBlocks.contains { $0.contains(address) } }) else {
            throw QueryError("\(address) is inside \(vpc.id)\(vpcName) (\(vpc.cidrBlocks.map(\.description).joined(separator: ", "))) but in none of its subnets the snapshot describes, and no network interface has it: it is not a host on the internet; give an address an interface holds")
        }
        let subnetName = subnet.tags.name.map { " (\(Self.printable($0)))" } ?? ""
        let held = network.networkInterfaces.filter { $0.subnetID == subnet.id }
            .flatMap { $0.addresses.map(\.address) }.filter { $0.family == address.family }
        let hint = held.isEmpty ? "no interface in it has an address"
            : "its interfaces have " + held.prefix(5).map(\.description).joined(separator: ", ") + (held.count > 5 ? ", …" : "")
        throw QueryError("\(address) is inside subnet \(subnet.id)\(subnetName) (\(subnet.cidrDescription)) of \(vpc.id)\(vpcName), but no network interface in the snapshot has this address (\(hint)): it is not a host on the internet")
    }

    /// A Name tag for a message, with control characters (a terminal's escape sequences) written as `\u{1B}`.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Which IPv4 addresses the public internet carries.
public enum InternetAddressSpace {
    /// Ranges an internet gateway does not carry to or from the internet: "this network", private (RFC 1918),
    /// shared address space, loopback, link-local, multicast and reserved.
    public static let nonRoutable: [IPv4Prefix] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "224.0.0.0/3",
    ].map { IPv4Prefix($0)! }

    public static func isRoutable(_ address: IPv4Address) -> Bool { !nonRoutable.contains { $0.contains(address) } }

    /// Why an address is not carried on the internet ("a private address", …); nil when it is.
    public static func reasonNotRoutable(_ address: IPv4Address) -> String? {
        guard let prefix = nonRoutable.first(where: { $0.contains(address) }) else { return nil }
        switch prefix.description {
        case "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16": return "a private address (\(prefix))"
        case "100.64.0.0/10": return "a shared address (\(prefix))"
        case "127.0.0.0/8": return "a loopback address"
        case "169.254.0.0/16": return "a link-local address"
        case "224.0.0.0/3": return "a multicast or reserved address"
        default: return "not an internet address (\(prefix))"
        }
    }
}

extension InternetAddressSpace {
    /// How a sentence says that an internet gateway does not carry `address`: "does not carry private addresses",
    /// "does not carry 127.0.0.1 (a loopback address)".
    public static func refusal(_ address: IPv4Address) -> String {
        guard let reason = reasonNotRoutable(address) else { return "carries \(address)" }
        if reason.hasPrefix("a private address") { return "does not carry private addresses" }
        return "does not carry \(address) (\(reason))"
    }
}

extension Network {
    /// Whether `address` is a host on the internet: routable, outside every VPC of the snapshot, and not a public
    /// address of one of its interfaces.
    public func isInternetHost(_ address: IPv4Address) -> Bool {
        InternetAddressSpace.isRoutable(address) && !vpcs.contains { $0.contains(address) }
            && networkInterface(publicAddress: address) == nil
    }
}

/// Which addresses the public internet carries.
public enum InternetAddressSpace {
    /// Ranges an internet gateway does not carry to or from the internet. IPv4: "this network", private
    /// (RFC 1918), shared address space, loopback, link-local, multicast and reserved. IPv6: everything outside
    /// global unicast 2000::/3 (loopback, unique local, link-local, multicast, …), and the documentation range.
    public static let nonRoutable: [IPPrefix] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "224.0.0.0/3",
        "::/3", "4000::/2", "8000::/1", "2001:db8::/32",
    ].map { IPPrefix($0)! }

    /// IPv6 ranges inside `nonRoutable` that have a name of their own.
    private static let namedIPv6: [(IPPrefix, String)] = [
        ("::1/128", "a loopback address"), ("fc00::/7", "a unique local address"), ("fe80::/10", "a link-local address"),
        ("ff00::/8", "a multicast address"), ("2001:db8::/32", "a documentation address"),
    ].map { (IPPrefix($0.0)!, $0.1) }

    public static func isRoutable(_ address: IPAddress) -> Bool { !nonRoutable.contains { $0.contains(address) } }

    /// Why an address is not carried on the internet ("a private address", …); nil when it is.
    public static func reasonNotRoutable(_ address: IPAddress) -> String? {
        guard let prefix = nonRoutable.first(where: { $0.contains(address) }) else { return nil }
        if address.family == .ipv6 {
            return namedIPv6.first { $0.0.contains(address) }?.1 ?? "not a global unicast address (outside 2000::/3)"
        }
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
    public static func refusal(_ address: IPAddress) -> String {
        guard let reason = reasonNotRoutable(address) else { return "carries \(address)" }
        if reason.hasPrefix("a private address") || reason == "a unique local address" {
            return "does not carry \(address.family == .ipv4 ? "private" : "unique local") addresses"
        }
        return "does not carry \(address) (\(reason))"
    }
}

extension Network {
    /// Whether `address` is a host on the internet: routable, outside every VPC of the snapshot, and not a public
    /// address of one of its interfaces.
    public func isInternetHost(_ address: IPAddress) -> Bool {
        InternetAddressSpace.isRoutable(address) && !vpcs.contains { $0.contains(address) }
            && networkInterface(publicAddress: address) == nil
    }
}

/// IPv4 or IPv6. A packet keeps its family end to end: AWS's VPC data plane never translates between them
/// (NAT64 through a NAT gateway aside, which is not modelled).
public enum AddressFamily: String, Hashable, Codable, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case ipv4
    case ipv6

    /// The width of an address in bits: 32 or 128.
    public var bitWidth: Int { self == .ipv4 ? 32 : 128 }

    /// The largest address value of the family.
    public var maximum: UInt128 { self == .ipv4 ? UInt128(UInt32.max) : UInt128.max }

    /// "IPv4" or "IPv6".
    public var description: String { self == .ipv4 ? "IPv4" : "IPv6" }

    public static func < (lhs: AddressFamily, rhs: AddressFamily) -> Bool { lhs == .ipv4 && rhs == .ipv6 }
}

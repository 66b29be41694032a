/// A CIDR block of either family: 10.1.0.0/16, 2600:1f18:1234:5600::/56.
public struct IPPrefix: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPAddress
    public let length: Int

    public init(_ address: IPAddress, length: Int) {
        precondition((0...address.family.bitWidth).contains(length), "prefix length out of range")
        self.length = length
        self.network = IPAddress(family: address.family, value: address.value & IPPrefix.mask(length, address.family))
    }

    /// Parses "a.b.c.d/n" or "x:y::/n". Host bits may be set (AWS accepts and normalises them in some places);
    /// they are cleared.
    public init?(_ text: some StringProtocol) {
        let utf8 = text.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        var length = 0, digits = 0
        for byte in utf8[utf8.index(after: slash)...] {
            guard byte &- UInt8(ascii: "0") < 10, digits < 3 else { return nil }  // a second "/" too
            length = length * 10 + Int(byte &- UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0, let address = IPAddress(text[..<slash]), (0...address.family.bitWidth).contains(length) else { return nil }
        self.init(address, length: length)
    }

    /// 0.0.0.0/0.
    public static let anyIPv4 = IPPrefix(IPAddress(0), length: 0)
    /// ::/0.
    public static let anyIPv6 = IPPrefix(IPAddress(ipv6: 0), length: 0)

    /// Every address of `family`: 0.0.0.0/0 or ::/0.
    public static func any(_ family: AddressFamily) -> IPPrefix { family == .ipv4 ? anyIPv4 : anyIPv6 }

    /// The one-address block of `address`: a /32 or a /128.
    public static func host(_ address: IPAddress) -> IPPrefix { IPPrefix(address, length: address.family.bitWidth) }

    /// The network mask of a prefix length, as a value of the family's width.
    public static func mask(_ length: Int, _ family: AddressFamily) -> UInt128 {
        length == 0 ? 0 : family.maximum & ~(family.maximum >> UInt128(length))
    }

    public var family: AddressFamily { network.family }

    /// Whether the block is a single address (/32 or /128).
    public var isHost: Bool { length == family.bitWidth }

    public var first: IPAddress { network }
    public var last: IPAddress { IPAddress(family: family, value: network.value | (family.maximum & ~IPPrefix.mask(length, family))) }

    /// Whether `address` is in the block; never for an address of the other family.
    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && address.value & IPPrefix.mask(length, family) == network.value
    }

    public func contains(_ other: IPPrefix) -> Bool { other.length >= length && contains(other.network) }

    public func overlaps(_ other: IPPrefix) -> Bool { contains(other.network) || other.contains(network) }

    public var description: String { "\(network)/\(length)" }
}

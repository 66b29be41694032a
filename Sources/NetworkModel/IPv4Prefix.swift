/// An IPv4 CIDR block such as 10.1.0.0/16.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPv4Address
    public let length: Int

    public init(_ address: IPv4Address, length: Int) {
        precondition((0...32).contains(length), "prefix length out of range")
        self.length = length
        self.network = IPv4Address(address.value & IPv4Prefix.mask(length))
    }

    /// Parses "a.b.c.d/n". Host bits may be set (AWS accepts and normalises them in some places); they are cleared.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]),
              !parts[1].isEmpty, parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let length = Int(parts[1]), (0...32).contains(length) else { return nil }
        self.init(address, length: length)
    }

    public static let any = IPv4Prefix(IPv4Address(0), length: 0)

    public static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - UInt32(length)) }

    public var first: IPv4Address { network }
    public var last: IPv4Address { IPv4Address(network.value | ~IPv4Prefix.mask(length)) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & IPv4Prefix.mask(length) == network.value
    }

    public func contains(_ other: IPv4Prefix) -> Bool { other.length >= length && contains(other.network) }

    public func overlaps(_ other: IPv4Prefix) -> Bool { contains(other.network) || other.contains(network) }

    public var description: String { "\(network)/\(length)" }
}

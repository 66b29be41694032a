/// An IPv4 or IPv6 address: its family and its value as an unsigned number (32 or 128 bits significant).
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let family: AddressFamily
    public let value: UInt128

    /// An IPv4 address from its 32-bit value.
    public init(_ value: UInt32) {
        self.family = .ipv4
        self.value = UInt128(value)
    }

    /// An IPv6 address from its 128-bit value.
    public init(ipv6 value: UInt128) {
        self.family = .ipv6
        self.value = value
    }

    /// An address of `family` from its value, which must fit the family's width.
    public init(family: AddressFamily, value: UInt128) {
        precondition(value <= family.maximum, "address value out of range")
        self.family = family
        self.value = value
    }

    /// Parses IPv4 dotted-quad notation ("10.1.0.10") or IPv6 text ("2600:1f18::1", "::ffff:10.0.0.1");
    /// nil for anything else (zone indexes included).
    /// `init?(_:)` for a `String`, with dotted-quad IPv4 (what nearly every address in a snapshot is) read straight
    /// from the string's bytes.
    public init?(_ text: String) {
        var text = text
        if let value = text.withUTF8({ IPAddress.parseIPv4($0) }) {
            self.init(value)
        } else {
            self.init(Substring(text))
        }
    }

    public init?(_ text: some StringProtocol) {
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let value = IPAddress.parseIPv6(Substring(text)) else { return nil }
            self.init(ipv6: value)
        } else {
            guard let value = IPAddress.parseIPv4(text.utf8) else { return nil }
            self.init(value)
        }
    }

    /// The address `n` further on in the same family (wrapping around past the last address).
    public func advanced(by n: UInt128) -> IPAddress {
        IPAddress(family: family, value: (value &+ n) & family.maximum)
    }

    /// The 32-bit value of an IPv4 address; nil for IPv6.
    public var ipv4Value: UInt32? { family == .ipv4 ? UInt32(value) : nil }

    public var description: String {
        family == .ipv4 ? IPAddress.formatIPv4(UInt32(value)) : IPAddress.formatIPv6(value)
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.family != rhs.family ? lhs.family < rhs.family : lhs.value < rhs.value
    }

    // MARK: Text

    /// Four dot-separated decimal octets, each of one to three ASCII digits and at most 255.
    private static func parseIPv4(_ text: some Sequence<UInt8>) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if byte &- UInt8(ascii: "0") < 10 {
                digits += 1
                octet = octet * 10 + UInt32(byte &- UInt8(ascii: "0"))
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// RFC 4291 text: eight groups of up to four hex digits, one `::` for a run of zero groups, and an optional
    /// dotted-quad in place of the last two groups.
    private static func parseIPv6(_ text: Substring) -> UInt128? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }) else { return nil }
        var halves: [String] = []
        if let range = text.firstRange(of: "::") {
            halves = [String(text[..<range.lowerBound]), String(text[range.upperBound...])]
            guard !halves[1].contains("::") else { return nil }
        } else {
            halves = [String(text)]
        }
        func groups(_ part: String, last: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if last, index == fields.count - 1, field.contains(".") {
                    guard let v4 = parseIPv4(field.utf8) else { return nil }
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
                } else {
                    guard !field.isEmpty, field.count <= 4, let group = UInt16(field, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], last: false), let tail = groups(halves[1], last: true),
                  head.count + tail.count <= 7 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let groups = groups(halves[0], last: true), groups.count == 8 else { return nil }
            all = groups
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private static func formatIPv4(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    /// RFC 5952 canonical text: lowercase, no leading zeros, the longest run of two or more zero groups (the
    /// first of equal runs) written `::`.
    private static func formatIPv6(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * $0)) }
        var bestStart = -1, bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > bestLength { bestStart = index; bestLength = end - index }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return "\(head)::\(tail)"
    }
}

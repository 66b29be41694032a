/// A compact binary form of `Codable` values, for the cache of loaded snapshots: faster to write and read than JSON or
/// a property list, and exact (every value the compiler's conformances encode comes back equal).
///
/// The form: the values in the order their `encode(to:)` writes them, no member names. Integers are LEB128 varints
/// (signed ones zigzag-coded), a `Bool` one byte, a floating-point number its bit pattern; a string is the index of
/// its text in a table written once before the values (ids repeat thousands of times in a snapshot). A list (an
/// unkeyed container) starts with its count; an optional member (`encodeIfPresent`) with a byte, 0 for nil; a single
/// value with a byte, 0 for nil, 1 before the value. Only where an enum's case is written (a nested container for a
/// key) is the key itself stored, as a string, since a decoder asks which case it holds (`allKeys`).
///
/// It knows the order of the values, not their types: the reader of a cache checks its format version and a
/// SHA-256 of the bytes before decoding (`SnapshotCache`).
struct CompactEncoder {
    /// The bytes for `value`: the string table, then the values.
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let writer = CompactWriter()
        try value.encode(to: CompactEncoding(writer: writer))
        return writer.finish()
    }
}

/// The bytes written so far and the strings met.
final class CompactWriter {
    var body: [UInt8] = []
    private var stringIndex: [String: Int] = [:]
    private var strings: [String] = []

    init() { body.reserveCapacity(1 << 20) }

    @inline(__always) func byte(_ value: UInt8) { body.append(value) }

    @inline(__always) func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            body.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        body.append(UInt8(value))
    }

    @inline(__always) func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    func fixed64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { body.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) } }

    func string(_ text: String) {
        if let index = stringIndex[text] {
            varint(UInt64(index))
            return
        }
        stringIndex[text] = strings.count
        varint(UInt64(strings.count))
        strings.append(text)
    }

    /// A place for a count of 4 bytes, filled in as items are added (`countUp`).
    func countPlaceholder() -> Int {
        let position = body.count
        body.append(contentsOf: [0, 0, 0, 0])
        return position
    }

    func countUp(at position: Int) {
        var count = UInt32(body[position]) | UInt32(body[position + 1]) << 8 | UInt32(body[position + 2]) << 16 | UInt32(body[position + 3]) << 24
        count += 1
        for offset in 0..<4 { body[position + offset] = UInt8(truncatingIfNeeded: count >> UInt32(8 * offset)) }
    }

    /// The string table (count, then each string's UTF-8 length and bytes) followed by the values.
    func finish() -> [UInt8] {
        let values = body
        body = []
        varint(UInt64(strings.count))
        for text in strings {
            varint(UInt64(text.utf8.count))
            body.append(contentsOf: text.utf8)
        }
        body.append(contentsOf: values)
        return body
    }
}

private struct CompactEncoding: Encoder {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(CompactKeyedEncoding<Key>(writer: writer))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { CompactUnkeyedEncoding(writer: writer) }

    func singleValueContainer() -> any SingleValueEncodingContainer { CompactSingleValueEncoding(writer: writer) }
}

/// The writes every container shares: a value of each primitive type, or any other through its own `encode(to:)`.
private protocol CompactValueWriting {
    var writer: CompactWriter { get }
}

extension CompactValueWriting {
    func write(_ value: Bool) { writer.byte(value ? 1 : 0) }
    func write(_ value: String) { writer.string(value) }
    func write(_ value: Double) { writer.fixed64(value.bitPattern) }
    func write(_ value: Float) { writer.fixed64(UInt64(value.bitPattern)) }
    func write(_ value: some FixedWidthInteger & SignedInteger) { writer.signed(Int64(value)) }
    func write(_ value: some FixedWidthInteger & UnsignedInteger) { writer.varint(UInt64(value)) }
    func write(_ value: some Encodable) throws { try value.encode(to: CompactEncoding(writer: writer)) }
}

private struct CompactKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol, CompactValueWriting {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { writer.byte(0) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { write(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { write(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try write(value) }

    // An optional member: a byte saying whether it is there (never left out, so that the values stay in order).
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { present(value) { write($0) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { writer.byte(0); return }
        writer.byte(1)
        try write(value)
    }

    private func present<T>(_ value: T?, _ body: (T) -> Void) {
        guard let value else { writer.byte(0); return }
        writer.byte(1)
        body(value)
    }

    /// An enum's case: its key is stored, for the decoder's `allKeys`.
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.string(key.stringValue)
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(writer: writer))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { CompactUnkeyedEncoding(writer: writer) }
    mutating func superEncoder() -> any Encoder { CompactEncoding(writer: writer) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { CompactEncoding(writer: writer) }
}

private struct CompactUnkeyedEncoding: UnkeyedEncodingContainer, CompactValueWriting {
    let writer: CompactWriter
    private let countPosition: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(writer: CompactWriter) {
        self.writer = writer
        countPosition = writer.countPlaceholder()
    }

    private mutating func item() {
        count += 1
        writer.countUp(at: countPosition)
    }

    mutating func encodeNil() throws { item(); writer.byte(0) }
    mutating func encode(_ value: Bool) throws { item(); write(value) }
    mutating func encode(_ value: String) throws { item(); write(value) }
    mutating func encode(_ value: Double) throws { item(); write(value) }
    mutating func encode(_ value: Float) throws { item(); write(value) }
    mutating func encode(_ value: Int) throws { item(); write(value) }
    mutating func encode(_ value: Int8) throws { item(); write(value) }
    mutating func encode(_ value: Int16) throws { item(); write(value) }
    mutating func encode(_ value: Int32) throws { item(); write(value) }
    mutating func encode(_ value: Int64) throws { item(); write(value) }
    mutating func encode(_ value: UInt) throws { item(); write(value) }
    mutating func encode(_ value: UInt8) throws { item(); write(value) }
    mutating func encode(_ value: UInt16) throws { item(); write(value) }
    mutating func encode(_ value: UInt32) throws { item(); write(value) }
    mutating func encode(_ value: UInt64) throws { item(); write(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { item(); try write(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        item()
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(writer: writer))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        item()
        return CompactUnkeyedEncoding(writer: writer)
    }

    mutating func superEncoder() -> any Encoder {
        item()
        return CompactEncoding(writer: writer)
    }
}

/// A single value: a byte, 0 for nil or 1 before the value, so that `Optional` (which asks `decodeNil` first) and
/// a plain value (a raw value) read the same form.
private struct CompactSingleValueEncoding: SingleValueEncodingContainer, CompactValueWriting {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.byte(0) }
    mutating func encode(_ value: Bool) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: String) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Double) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Float) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Int) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Int8) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Int16) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Int32) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: Int64) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: UInt) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: UInt8) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: UInt16) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: UInt32) throws { writer.byte(1); write(value) }
    mutating func encode(_ value: UInt64) throws { writer.byte(1); write(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { writer.byte(1); try write(value) }
}

/// Reads what `CompactEncoder` wrote. Every read checks the bounds: bytes that end early or hold a count, an index
/// or a marker out of range throw a `DecodingError`, never crash.
struct CompactDecoder {
    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let reader = try CompactReader(bytes)
        let value = try Value(from: CompactDecoding(reader: reader))
        guard reader.position == reader.bytes.count else { throw reader.corrupt("bytes left after the last value") }
        return value
    }
}

final class CompactReader {
    let bytes: [UInt8]
    var position = 0
    private(set) var strings: [String] = []

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let count = try length()
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let size = try length()
            guard size <= bytes.count - position else { throw corrupt("a string past the end") }
            strings.append(String(decoding: bytes[position..<position + size], as: UTF8.self))
            position += size
        }
    }

    func corrupt(_ what: String) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "cache at byte \(position): \(what)"))
    }

    @inline(__always) func byte() throws -> UInt8 {
        guard position < bytes.count else { throw corrupt("ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    @inline(__always) func peek() throws -> UInt8 {
        guard position < bytes.count else { throw corrupt("ends early") }
        return bytes[position]
    }

    @inline(__always) func varint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw corrupt("a number too long") }
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    /// A count or a size: at most the number of bytes (each item takes one at least).
    func length() throws -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count) else { throw corrupt("a count of \(value)") }
        return Int(value)
    }

    @inline(__always) func signed() throws -> Int64 {
        let value = try varint()
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    func fixed64() throws -> UInt64 {
        guard bytes.count - position >= 8 else { throw corrupt("ends early") }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[position + offset]) << UInt64(8 * offset) }
        position += 8
        return value
    }

    func fixed32() throws -> Int {
        guard bytes.count - position >= 4 else { throw corrupt("ends early") }
        var value = 0
        for offset in 0..<4 { value |= Int(bytes[position + offset]) << (8 * offset) }
        position += 4
        return value
    }

    @inline(__always) func string() throws -> String {
        let index = try varint()
        guard index < UInt64(strings.count) else { throw corrupt("a string index out of range") }
        return strings[Int(index)]
    }

    func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw corrupt("not a Bool")
        }
    }

    /// The byte before an optional member: whether it is there.
    func present() throws -> Bool { try bool() }

    func integer<T: FixedWidthInteger & SignedInteger>(_ type: T.Type) throws -> T {
        guard let value = T(exactly: try signed()) else { throw corrupt("a number out of range for \(T.self)") }
        return value
    }

    func integer<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type) throws -> T {
        guard let value = T(exactly: try varint()) else { throw corrupt("a number out of range for \(T.self)") }
        return value
    }
}

private struct CompactDecoding: Decoder {
    let reader: CompactReader
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(CompactKeyedDecoding<Key>(reader: reader))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try CompactUnkeyedDecoding(reader: reader) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { CompactSingleValueDecoding(reader: reader) }
}

private protocol CompactValueReading {
    var reader: CompactReader { get }
}

extension CompactValueReading {
    func read(_ type: Bool.Type) throws -> Bool { try reader.bool() }
    func read(_ type: String.Type) throws -> String { try reader.string() }
    func read(_ type: Double.Type) throws -> Double { Double(bitPattern: try reader.fixed64()) }
    func read(_ type: Float.Type) throws -> Float {
        guard let bits = UInt32(exactly: try reader.fixed64()) else { throw reader.corrupt("not a Float") }
        return Float(bitPattern: bits)
    }
    func read<T: FixedWidthInteger & SignedInteger>(_ type: T.Type) throws -> T { try reader.integer(type) }
    func read<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type) throws -> T { try reader.integer(type) }
    func read<T: Decodable>(_ type: T.Type) throws -> T { try T(from: CompactDecoding(reader: reader)) }

    func readIfPresent<T>(_ body: () throws -> T) throws -> T? { try reader.present() ? try body() : nil }
}

private struct CompactKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol, CompactValueReading {
    let reader: CompactReader
    var codingPath: [any CodingKey] { [] }

    /// The key of the case stored next (an enum asks which case it holds); empty when it is not a key of `Key`.
    var allKeys: [Key] {
        let start = reader.position
        defer { reader.position = start }
        guard let text = try? reader.string(), let key = Key(stringValue: text) else { return [] }
        return [key]
    }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard try reader.peek() == 0 else { return false }
        reader.position += 1
        return true
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try read(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try read(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try read(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try read(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try read(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try read(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try read(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try read(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try read(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try read(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try read(type) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try readIfPresent { try read(type) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try readIfPresent { try read(type) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try readIfPresent { try read(type) } }

    /// An enum's case: its stored key, then its values.
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard try reader.string() == key.stringValue else { throw reader.corrupt("not the case \(key.stringValue)") }
        return KeyedDecodingContainer(CompactKeyedDecoding<NestedKey>(reader: reader))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try CompactUnkeyedDecoding(reader: reader) }
    func superDecoder() throws -> any Decoder { CompactDecoding(reader: reader) }
    func superDecoder(forKey key: Key) throws -> any Decoder { CompactDecoding(reader: reader) }
}

private struct CompactUnkeyedDecoding: UnkeyedDecodingContainer, CompactValueReading {
    let reader: CompactReader
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count! }

    init(reader: CompactReader) throws {
        self.reader = reader
        let count = try reader.fixed32()
        guard count <= reader.bytes.count - reader.position else { throw reader.corrupt("a list of \(count) items") }
        self.count = count
    }

    private mutating func item() throws {
        guard !isAtEnd else { throw reader.corrupt("past the end of a list") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, try reader.peek() == 0 else { return false }
        reader.position += 1
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try item(); return try read(type) }
    mutating func decode(_ type: String.Type) throws -> String { try item(); return try read(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try item(); return try read(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try item(); return try read(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try item(); return try read(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try item(); return try read(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try item(); return try read(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try item(); return try read(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try item(); return try read(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try item(); return try read(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try item(); return try read(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try item(); return try read(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try item(); return try read(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try item(); return try read(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try item(); return try read(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try item()
        return KeyedDecodingContainer(CompactKeyedDecoding<NestedKey>(reader: reader))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try item()
        return try CompactUnkeyedDecoding(reader: reader)
    }

    mutating func superDecoder() throws -> any Decoder {
        try item()
        return CompactDecoding(reader: reader)
    }
}

private struct CompactSingleValueDecoding: SingleValueDecodingContainer, CompactValueReading {
    let reader: CompactReader
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool {
        guard reader.position < reader.bytes.count, reader.bytes[reader.position] == 0 else { return false }
        reader.position += 1
        return true
    }

    private func value<T>(_ body: () throws -> T) throws -> T {
        guard try reader.byte() == 1 else { throw reader.corrupt("not a value") }
        return try body()
    }

    func decode(_ type: Bool.Type) throws -> Bool { try value { try read(type) } }
    func decode(_ type: String.Type) throws -> String { try value { try read(type) } }
    func decode(_ type: Double.Type) throws -> Double { try value { try read(type) } }
    func decode(_ type: Float.Type) throws -> Float { try value { try read(type) } }
    func decode(_ type: Int.Type) throws -> Int { try value { try read(type) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try value { try read(type) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try value { try read(type) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try value { try read(type) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try value { try read(type) } }
    func decode(_ type: UInt.Type) throws -> UInt { try value { try read(type) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value { try read(type) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value { try read(type) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value { try read(type) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value { try read(type) } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value { try read(type) } }
}

import Analysis
import NetworkModel

/// A query as the user writes it: `can A ping B`, `can A reach B on tcp/22`, either followed by `over ipv6` (or
/// `over ipv4`) to choose the address family.
public struct QueryText: Sendable, CustomStringConvertible {
    public let source: String
    public let destination: String
    public let traffic: TrafficSpec
    public let text: String
    /// The family the query names (`over ipv6`); nil when it names none.
    public var family: AddressFamily?

    /// Parses a query. Endpoint names with spaces are written in quotes: `can "web 1" ping db`.
    public static func parse(_ text: String) throws -> QueryText {
        var words = try tokens(text)
        var family: AddressFamily?
        if words.count >= 2, words[words.count - 2].lowercased() == "over" {
            guard let named = AddressFamily(rawValue: words[words.count - 1].lowercased()) else {
                throw QueryError("cannot read query \"\(text)\": \"over\" takes ipv4 or ipv6, not \"\(words[words.count - 1])\"")
            }
            family = named
            words.removeLast(2)
        }
        var query = try parse(words, text: text)
        query.family = family
        return query
    }

    private static func parse(_ words: [String], text: String) throws -> QueryText {
        let usage = "expected \"can A ping B\" or \"can A reach B on tcp/22\" (also udp/N, icmp, proto/N, any), optionally followed by \"over ipv6\""
        guard words.count >= 4, words[0].lowercased() == "can" else { throw QueryError("cannot read query \"\(text)\": \(usage)") }
        for end in [words[1], words[3]] where end.allSatisfy(\.isWhitespace) {
            throw QueryError("cannot read query \"\(text)\": an endpoint is empty (\"\(end)\"); name an instance, interface, address, internet, onprem:CIDR or service:NAME")
        }
        switch words[2].lowercased() {
        case "ping":
            guard words.count == 4 else { throw QueryError("cannot read query \"\(text)\": \(usage)") }
            return QueryText(source: words[1], destination: words[3], traffic: .ping, text: text)
        case "reach":
            if words.count == 4 { return QueryText(source: words[1], destination: words[3], traffic: .anyProtocol, text: text) }
            guard words.count == 6, words[4].lowercased() == "on" else { throw QueryError("cannot read query \"\(text)\": \(usage)") }
            return QueryText(source: words[1], destination: words[3], traffic: try TrafficSpecText.parse(words[5]), text: text)
        default:
            throw QueryError("cannot read query \"\(text)\": \(usage)")
        }
    }

    static func tokens(_ text: String) throws -> [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        var inToken = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inToken = true
            } else if character.isWhitespace {
                if inToken { result.append(current); current = ""; inToken = false }
            } else {
                current.append(character)
                inToken = true
            }
        }
        if quote != nil { throw QueryError("unbalanced quote in \"\(text)\"") }
        if inToken { result.append(current) }
        return result
    }

    public var description: String { text }
}

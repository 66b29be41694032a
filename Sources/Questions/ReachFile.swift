import Analysis
import Foundation
import NetworkModel

/// One end of an assertion as written: a single endpoint, the internet, or a group of interfaces.
public enum EndpointReference: Hashable, Sendable, CustomStringConvertible {
    /// An instance id, ENI id, Name tag or IPv4 address, resolved as `pathproof query` resolves it.
    case named(String)
    /// Any host on the internet.
    case internet
    /// The interfaces of a VPC, subnet or security group, given by id or name.
    case vpc(String)
    case subnet(String)
    case securityGroup(String)
    /// Instances and network interfaces that carry the tag.
    case tag(key: String, value: String)
    /// Interfaces with a private address in the block, and internet hosts in it.
    case cidr(IPPrefix)
    /// An AWS service behind gateway endpoints (`service:s3`), as `pathproof query` resolves it.
    case service(String)
    /// Hosts on premises in a block (`onprem:192.168.0.0/16`).
    case onPremises(IPPrefix)

    /// Whether it stands for a group (even one that turns out to have one member).
    public var isGroup: Bool {
        switch self {
        case .named, .internet, .service, .onPremises: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .named(let text): Self.quoted(text)
        case .internet: "internet"
        case .vpc(let text): "vpc:\(Self.quoted(text))"
        case .subnet(let text): "subnet:\(Self.quoted(text))"
        case .securityGroup(let text): "sg:\(Self.quoted(text))"
        case .tag(let key, let value): "tag:\(Self.quoted(key))=\(Self.quoted(value))"
        case .cidr(let prefix): "cidr:\(prefix)"
        case .service(let name): "service:\(Self.quoted(name))"
        case .onPremises(let prefix): "onprem:\(prefix)"
        }
    }

    private static func quoted(_ text: String) -> String {
        text.isEmpty || text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "#" || $0 == "=" }) ? "\"\(text)\"" : text
    }
}

/// A named property: the assertions that follow its `property` line, up to the next one.
public struct QueryProperty: Hashable, Sendable {
    public let name: String
    /// The text of its `description` lines, joined by spaces; nil when it has none.
    public let description: String?
    public let location: QueryFileLocation
}

/// One `assert` line.
public struct QueryAssertion: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// Some source member reaches some destination member.
        case can
        /// No source member reaches any destination member.
        case cannot
        /// No traffic of any protocol, one way, from either side to the other.
        case isolated
    }

    public let kind: Kind
    public let source: EndpointReference
    public let destination: EndpointReference
    /// `ping`, `tcp/443`, … (`isolated` asks about any protocol).
    public let traffic: TrafficSpec
    /// The forward path only (`one-way`; always so for `isolated`, which checks each direction).
    public let oneWay: Bool
    /// The family named (`over ipv6`). Without one, `can` asks about IPv4, and `cannot` and `isolated` hold only
    /// if they hold over both families (when the snapshot has any IPv6 address).
    public var family: AddressFamily? = nil
    /// The assertion as written, without `assert` and without a trailing comment.
    public let text: String
    /// Where the `assert` keyword is, and where each endpoint is (for resolution errors).
    public let location: QueryFileLocation
    public let sourceLocation: QueryFileLocation
    public let destinationLocation: QueryFileLocation
    /// The column just past the assertion's last character.
    public let endColumn: Int
    /// The property it belongs to, if a `property` line comes before it.
    public let property: QueryProperty?

    public var description: String { text }
}

/// The `snapshot` line of a file.
public struct QuerySnapshotLine: Hashable, Sendable {
    /// As written.
    public let path: String
    /// Relative to the `.reach` file's folder (or absolute as written).
    public let resolvedPath: String
    public let location: QueryFileLocation
}

/// A `.reach` file: a snapshot and assertions about it.
///
/// ```
/// snapshot seed/06-ping-works
/// property ping-across-the-peering
/// description "NextWork-1 pings NextWork-2 over the active peering connection"
/// assert NextWork-1-instance can ping NextWork-2-instance
/// assert isolated vpc:NextWork-1 vpc:"default VPC"
/// ```
public struct QueryFile: Hashable, Sendable {
    public let path: String
    public let snapshot: QuerySnapshotLine?
    public let properties: [QueryProperty]
    public let assertions: [QueryAssertion]

    /// Reads and parses a file. Throws `QueryFileError` for a file that cannot be read or has mistakes (every
    /// mistake of the file, each with its line and column).
    public static func parse(path: String) throws(QueryFileError) -> QueryFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw QueryFileError([QueryFileDiagnostic(QueryFileLocation(path: path, line: 1, column: 1), "cannot read the file (\(error.localizedDescription))")])
        }
        return try parse(text: text, path: path)
    }

    /// Parses the text of a file; `path` names it in diagnostics and anchors a relative `snapshot` line.
    public static func parse(text: String, path: String) throws(QueryFileError) -> QueryFile {
        var parser = QueryFileParser(path: path)
        var number = 0
        // "\r\n" is one Character in Swift, and a line break like "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            parser.read(String(line), line: number)
        }
        parser.finish()
        if !parser.diagnostics.isEmpty { throw QueryFileError(parser.diagnostics) }
        return QueryFile(path: path, snapshot: parser.snapshot, properties: parser.properties, assertions: parser.assertions)
    }
}

/// The grammar, one line at a time.
///
/// ```
/// line       = [ statement ] [ "#" comment ]
/// statement  = "snapshot" PATH
///            | "property" NAME
///            | "description" TEXT
///            | "assert" assertion
/// assertion  = ENDPOINT ("can" | "cannot") "ping" ENDPOINT [ "one-way" ] [ family ]
///            | ENDPOINT ("can" | "cannot") "reach" ENDPOINT [ "on" PROTOCOL ] [ "one-way" ] [ family ]
///            | "isolated" ENDPOINT ENDPOINT [ family ]
/// family     = "over" ("ipv4" | "ipv6")
/// ```
struct QueryFileParser {
    let path: String
    var snapshot: QuerySnapshotLine?
    var properties: [QueryProperty] = []
    var assertions: [QueryAssertion] = []
    var diagnostics: [QueryFileDiagnostic] = []

    /// The open property: its name, location, description lines, and whether an assertion already follows it.
    private var open: (name: String, location: QueryFileLocation, description: [String], hasAssertions: Bool)?
    private var propertyLines: [String: Int] = [:]

    static let statementKeywords = "assert, property, description, snapshot or a # comment"
    static let reservedPrefix = "pathproof/"

    init(path: String) { self.path = path }

    mutating func read(_ line: String, line number: Int) {
        do throws(ColumnError) {
            let tokens = try ReachLexer.tokens(line)
            guard let first = tokens.first else { return }
            try statement(tokens, line: line, number: number, first: first)
        } catch {
            diagnostics.append(QueryFileDiagnostic(QueryFileLocation(path: path, line: number, column: error.column), error.message))
        }
    }

    mutating func finish() {
        closeProperty()
        if let open = open, !open.hasAssertions {
            diagnostics.append(QueryFileDiagnostic(open.location, "property \(open.name) has no assertion: an assert line must follow it"))
        }
    }

    private mutating func statement(_ tokens: [ReachToken], line: String, number: Int, first: ReachToken) throws(ColumnError) {
        let path = self.path
        let here = { (column: Int) in QueryFileLocation(path: path, line: number, column: column) }
        let end = endColumn(line)
        guard !first.quoted else {
            throw ColumnError(column: first.column, message: "unknown statement \(first.shown): expected \(Self.statementKeywords)")
        }
        switch first.text.lowercased() {
        case "snapshot":
            guard tokens.count >= 2 else { throw ColumnError(column: end, message: "expected the snapshot folder after snapshot") }
            guard tokens.count == 2 else { throw unexpected(tokens[2], expected: "the end of the line (quote a folder name with spaces)") }
            if let earlier = snapshot {
                throw ColumnError(column: first.column, message: "a second snapshot line: the file's snapshot is already given on line \(earlier.location.line)")
            }
            if !assertions.isEmpty {
                throw ColumnError(column: first.column, message: "the snapshot line must come before the first assert line")
            }
            snapshot = QuerySnapshotLine(path: tokens[1].text, resolvedPath: Self.resolve(tokens[1].text, relativeTo: path), location: here(first.column))

        case "property":
            guard tokens.count >= 2 else { throw ColumnError(column: end, message: "expected a property name after property") }
            guard tokens.count == 2 else { throw unexpected(tokens[2], expected: "the end of the line (a property name has no spaces; put prose in a description line)") }
            let name = tokens[1].text
            if let problem = Self.nameProblem(name) { throw ColumnError(column: tokens[1].column, message: problem) }
            if let earlier = propertyLines[name] {
                throw ColumnError(column: tokens[1].column, message: "property \(name) is already defined on line \(earlier)")
            }
            if let open = open, !open.hasAssertions {
                diagnostics.append(QueryFileDiagnostic(open.location, "property \(open.name) has no assertion: an assert line must follow it"))
            }
            closeProperty()
            propertyLines[name] = number
            open = (name, here(first.column), [], false)

        case "description":
            guard tokens.count >= 2 else { throw ColumnError(column: end, message: "expected the description text in quotes after description") }
            guard tokens.count == 2 else { throw unexpected(tokens[2], expected: "the end of the line: put the description in quotes") }
            guard let current = open, !current.hasAssertions else {
                throw ColumnError(column: first.column, message: "a description belongs right after its property line (and before the property's first assert line)")
            }
            open?.description.append(tokens[1].text)

        case "assert":
            let assertion = try parseAssertion(tokens, line: line, number: number)
            assertions.append(assertion)
            open?.hasAssertions = true

        default:
            throw ColumnError(column: first.column, message: "unknown statement \(first.shown): expected \(Self.statementKeywords)")
        }
    }

    /// The open property as the assertions see it (its description complete once its first assertion is read).
    private var currentProperty: QueryProperty? {
        guard let open else { return nil }
        return QueryProperty(name: open.name, description: open.description.isEmpty ? nil : open.description.joined(separator: " "), location: open.location)
    }

    private mutating func closeProperty() {
        if let property = currentProperty, open?.hasAssertions == true { properties.append(property) }
    }

    private mutating func parseAssertion(_ written: [ReachToken], line: String, number: Int) throws(ColumnError) -> QueryAssertion {
        let path = self.path
        // A trailing `over ipv4|ipv6` names the family.
        var family: AddressFamily?
        var tokens = written
        if tokens.count >= 3, tokens[tokens.count - 2].isKeyword("over") {
            let word = tokens[tokens.count - 1]
            guard let named = AddressFamily(rawValue: word.text.lowercased()) else {
                throw ColumnError(column: word.column, message: "over takes ipv4 or ipv6, not \(word.shown)")
            }
            family = named
            tokens.removeLast(2)
        }
        let here = { (column: Int) in QueryFileLocation(path: path, line: number, column: column) }
        let end = endColumn(line)
        var i = 1
        func next(_ what: String) throws(ColumnError) -> ReachToken {
            guard i < tokens.count else { throw ColumnError(column: end, message: "expected \(what)") }
            defer { i += 1 }
            return tokens[i]
        }
        let kind: QueryAssertion.Kind
        let source: ReachToken, destination: ReachToken
        var traffic = TrafficSpec.anyProtocol
        var oneWay = false
        let first = try next("an endpoint (or isolated) after assert")
        if first.isKeyword("isolated") {
            kind = .isolated
            source = try next("two endpoints after isolated")
            destination = try next("a second endpoint after \(source.shown)")
            if i < tokens.count {
                let extra = tokens[i]
                if extra.isKeyword("one-way") || extra.isKeyword("on") {
                    throw ColumnError(column: extra.column, message: "isolated checks every protocol, one way, in both directions: it takes no \(extra.text)")
                }
                throw unexpected(extra, expected: "the end of the line")
            }
            oneWay = true
        } else {
            source = first
            let verb = try next("can or cannot after \(source.shown)")
            if verb.isKeyword("can") { kind = .can } else if verb.isKeyword("cannot") { kind = .cannot } else {
                if i == 2 && Self.statementLike(first) {
                    throw unexpected(first, expected: "an endpoint or isolated after assert")
                }
                throw unexpected(verb, expected: "can or cannot after the source endpoint")
            }
            let action = try next("ping or reach after \(verb.text)")
            guard action.isKeyword("ping") || action.isKeyword("reach") else { throw unexpected(action, expected: "ping or reach after \(verb.text)") }
            destination = try next("the destination endpoint after \(action.text)")
            var hasProtocol = false
            if action.isKeyword("ping") {
                traffic = .ping
                if i < tokens.count, tokens[i].isKeyword("on") {
                    throw ColumnError(column: tokens[i].column, message: "ping takes no protocol: write \"reach B on icmp\" for other ICMP traffic")
                }
            } else if i < tokens.count, tokens[i].isKeyword("on") {
                hasProtocol = true
                i += 1
                let spec = try next("a protocol after on: tcp/PORT, tcp/FROM-TO, udp/PORT, icmp, proto/NUMBER or any")
                do {
                    traffic = try TrafficSpecText.parse(spec.text)
                } catch let error as QueryError {
                    throw ColumnError(column: spec.column, message: error.message)
                } catch {
                    throw ColumnError(column: spec.column, message: "\(error)")
                }
            }
            if i < tokens.count, tokens[i].isKeyword("one-way") {
                oneWay = true
                i += 1
            }
            if i < tokens.count {
                let expected = oneWay ? "the end of the line"
                    : action.isKeyword("ping") || hasProtocol ? "one-way or the end of the line" : "on PROTOCOL, one-way or the end of the line"
                throw unexpected(tokens[i], expected: expected)
            }
        }
        let sourceReference = try Self.endpoint(source)
        let destinationReference = try Self.endpoint(destination)
        let text = Self.slice(line, from: written[1].column, to: written[written.count - 1].endColumn)
        return QueryAssertion(kind: kind, source: sourceReference, destination: destinationReference, traffic: traffic, oneWay: oneWay,
                              family: family, text: text,
                              location: here(tokens[0].column), sourceLocation: here(source.column), destinationLocation: here(destination.column),
                              endColumn: written[written.count - 1].endColumn,
                              property: currentProperty)
    }

    /// Reads an endpoint word: `vpc:…`, `subnet:…`, `sg:…`, `tag:K=V`, `cidr:…`, `internet`, or a single endpoint.
    static func endpoint(_ token: ReachToken) throws(ColumnError) -> EndpointReference {
        if token.isKeyword("internet") { return .internet }
        guard let prefix = token.groupPrefix else {
            guard !token.text.allSatisfy(\.isWhitespace) else { throw ColumnError(column: token.column, message: "an empty endpoint name") }
            if token.isKeyword("can") || token.isKeyword("cannot") || token.isKeyword("isolated") || token.isKeyword("one-way") {
                throw ColumnError(column: token.column, message: "expected an endpoint, found the keyword \(token.shown) (quote a Name tag that is a keyword)")
            }
            return .named(token.text)
        }
        let kind = prefix.kind, rest = prefix.rest
        let what: String
        switch kind {
        case "vpc": what = "a VPC id or Name tag"
        case "subnet": what = "a subnet id or Name tag"
        case "sg": what = "a security group id, group name or Name tag"
        case "tag": what = "Key=Value"
        case "cidr": what = "a CIDR block such as 10.1.0.0/16"
        case "service": what = "s3, dynamodb, a service name or its prefix list id"
        case "onprem": what = "a CIDR block of on-premises addresses such as 192.168.0.0/16"
        default:
            throw ColumnError(column: token.column, message: "unknown group \"\(kind):\": expected vpc:, subnet:, sg:, tag:, cidr:, service: or onprem: (quote a Name tag that contains a colon)")
        }
        guard !rest.isEmpty else { throw ColumnError(column: token.column, message: "expected \(what) after \(kind):") }
        switch kind {
        case "vpc": return .vpc(rest)
        case "subnet": return .subnet(rest)
        case "sg": return .securityGroup(rest)
        case "service": return .service(rest)
        case "tag":
            guard let equals = rest.firstIndex(of: "="), equals != rest.startIndex else {
                throw ColumnError(column: token.column, message: "expected tag:Key=Value, found \(token.shown)")
            }
            return .tag(key: String(rest[..<equals]), value: String(rest[rest.index(after: equals)...]))
        default:
            guard let prefix = IPPrefix(rest) else {
                throw ColumnError(column: token.column, message: "\"\(rest)\" is not a CIDR block: expected a.b.c.d/n, such as 10.1.0.0/16")
            }
            guard "\(prefix)" == rest else {
                throw ColumnError(column: token.column, message: "\(rest) has host bits set: did you mean \(kind):\(prefix)?")
            }
            return kind == "onprem" ? .onPremises(prefix) : .cidr(prefix)
        }
    }

    /// Why a property name is not acceptable, or nil.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "a property name cannot be empty" }
        let allowed = name.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) || "-_./".unicodeScalars.contains($0) }
        if !allowed {
            return "property name \"\(name)\" may only hold letters, digits, '-', '_', '.' and '/' (put prose in a description line)"
        }
        if name.lowercased().hasPrefix(reservedPrefix) { return "property names starting with \(reservedPrefix) are reserved for PathProof's own rule ids" }
        return nil
    }

    /// A word that looks like a statement keyword misplaced after assert (`assert assert …`).
    private static func statementLike(_ token: ReachToken) -> Bool {
        ["assert", "property", "description", "snapshot"].contains { token.isKeyword($0) }
    }

    private func unexpected(_ token: ReachToken, expected: String) -> ColumnError {
        ColumnError(column: token.column, message: "expected \(expected), found \(token.shown)")
    }

    private func endColumn(_ line: String) -> Int {
        // Just past the last non-blank character before a comment.
        let tokens = (try? ReachLexer.tokens(line)) ?? []
        return (tokens.last?.endColumn ?? line.count + 1)
    }

    static func slice(_ line: String, from: Int, to: Int) -> String {
        let characters = Array(line)
        let lower = max(0, from - 1), upper = min(characters.count, max(lower, to - 1))
        return String(characters[lower..<upper])
    }

    /// A snapshot path relative to the file's folder.
    static func resolve(_ snapshot: String, relativeTo file: String) -> String {
        if snapshot.hasPrefix("/") { return snapshot }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return folder.appendingPathComponent(snapshot).standardizedFileURL.path
    }
}

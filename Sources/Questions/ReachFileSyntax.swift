/// Where something is in a `.reach` file: 1-based line and column (columns count characters).
public struct QueryFileLocation: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `Queries/lab.reach:3:8`
    public var description: String { "\(path):\(line):\(column)" }
}

/// A mistake in a `.reach` file, or an assertion that cannot be resolved against its snapshot (exit status 2).
public struct QueryFileDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public let location: QueryFileLocation
    public let message: String

    public init(_ location: QueryFileLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `Queries/lab.reach:3:8: error: expected can or cannot after the source endpoint, found "kan"`
    public var description: String { "\(location): error: \(message)" }
}

/// One or more diagnostics: the files cannot be checked as written.
public struct QueryFileError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [QueryFileDiagnostic]

    public init(_ diagnostics: [QueryFileDiagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A word of a `.reach` line: a run of characters up to white space, in which quoted parts ("…" or '…') may hold
/// spaces. Keywords and group prefixes count only when written without quotes.
struct ReachToken: Sendable {
    /// The word with its quotes removed.
    var text: String
    /// 1-based column of its first character, and the column just past its last.
    var column: Int
    var endColumn: Int
    /// How many leading characters of `text` were written outside quotes (all of them when nothing was quoted).
    var unquotedPrefix: Int

    var quoted: Bool { unquotedPrefix < text.count || text.isEmpty }

    /// Whether the token is the keyword `word` (lower case), written in any case as queries accept it (`Assert`,
    /// `CAN`, `Ping`), and not in quotes.
    func isKeyword(_ word: String) -> Bool { !quoted && text.lowercased() == word }

    /// The group kind, when the word starts with `kind:` written without quotes, and what follows the colon.
    var groupPrefix: (kind: String, rest: String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let offset = text.distance(from: text.startIndex, to: colon)
        guard offset < unquotedPrefix, offset > 0 else { return nil }
        return (String(text[..<colon]).lowercased(), String(text[text.index(after: colon)...]))
    }

    /// The token as it reads in messages.
    var shown: String { "\"\(text)\"" }
}

enum ReachLexer {
    /// The words of one line, up to a `#` that starts a word (a comment). Throws the column of an unbalanced quote.
    static func tokens(_ line: String) throws(ColumnError) -> [ReachToken] {
        var result: [ReachToken] = []
        var current: ReachToken?
        var quote: (character: Character, column: Int)?
        var column = 0
        for character in line {
            column += 1
            if let open = quote {
                if character == open.character { quote = nil } else { current!.text.append(character) }
                continue
            }
            if character.isWhitespace {
                if var token = current { token.endColumn = column; result.append(token); current = nil }
                continue
            }
            if current == nil {
                if character == "#" { return result }
                current = ReachToken(text: "", column: column, endColumn: column, unquotedPrefix: Int.max)
            }
            if character == "\"" || character == "'" {
                quote = (character, column)
                current!.unquotedPrefix = min(current!.unquotedPrefix, current!.text.count)
            } else {
                current!.text.append(character)
            }
        }
        if let open = quote { throw ColumnError(column: open.column, message: "unbalanced quote: no closing \(open.character) on this line") }
        if var token = current { token.endColumn = column + 1; result.append(token) }
        return result.map { token in
            var token = token
            token.unquotedPrefix = min(token.unquotedPrefix, token.text.count)
            return token
        }
    }
}

/// A parse error at a column of the current line.
struct ColumnError: Error {
    let column: Int
    let message: String
}

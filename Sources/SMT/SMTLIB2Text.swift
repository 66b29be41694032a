/// An SMT-LIB2 s-expression as read from text: an atom (symbol, numeral, keyword, string literal; a quoted symbol
/// keeps its bars) or a list.
public indirect enum SExpression: Hashable, Sendable, CustomStringConvertible {
    case atom(String)
    case list([SExpression])

    /// The symbol this atom denotes, without the bars of a quoted symbol (`|a b|` → `a b`); nil for a list or a
    /// string literal.
    public var symbol: String? {
        guard case .atom(let text) = self, !text.hasPrefix("\"") else { return nil }
        if text.count >= 2, text.hasPrefix("|"), text.hasSuffix("|") { return String(text.dropFirst().dropLast()) }
        return text
    }

    /// The elements of a list; nil for an atom.
    public var elements: [SExpression]? {
        if case .list(let elements) = self { return elements }
        return nil
    }

    /// The command or operator name: the symbol at the head of a list.
    public var head: String? { elements?.first?.symbol }

    /// Every atom in the expression, depth first.
    public var atoms: [String] {
        switch self {
        case .atom(let text): [text]
        case .list(let elements): elements.flatMap(\.atoms)
        }
    }

    public var description: String {
        switch self {
        case .atom(let text): text
        case .list(let elements): "(" + elements.map(\.description).joined(separator: " ") + ")"
        }
    }
}

/// Text that is not well-formed SMT-LIB2 (unbalanced parentheses, an unterminated quoted symbol or string).
public struct SMTLIB2SyntaxError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads SMT-LIB2 text: the top-level forms of a script, with their exact text, and their s-expressions.
/// Comments (`;` to the end of the line) and whitespace between forms are dropped.
public enum SMTLIB2Text {
    /// One top-level form: its exact text and its s-expression.
    public struct Form: Sendable {
        public let text: String
        public let expression: SExpression
    }

    public static func forms(_ text: String) throws(SMTLIB2SyntaxError) -> [Form] {
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        var forms: [Form] = []
        // The lists being read, innermost last, and where the outermost began.
        var stack: [[SExpression]] = []
        var formStart = 0

        func finish(_ expression: SExpression, from start: Int, to end: Int) {
            if stack.isEmpty {
                forms.append(Form(text: String(decoding: bytes[start..<end], as: UTF8.self), expression: expression))
            } else {
                stack[stack.count - 1].append(expression)
            }
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: ";"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "("):
                if stack.isEmpty { formStart = index }
                stack.append([])
                index += 1
            case UInt8(ascii: ")"):
                guard let elements = stack.popLast() else {
                    throw SMTLIB2SyntaxError(line: line, message: "unexpected \")\"")
                }
                index += 1
                finish(.list(elements), from: formStart, to: index)
            case UInt8(ascii: "|"), UInt8(ascii: "\""):
                let start = index
                let startLine = line
                index += 1
                var closed = false
                while index < bytes.count {
                    let current = bytes[index]
                    if current == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                    if current == byte {
                        // In a string literal, "" stands for one quote character.
                        if byte == UInt8(ascii: "\""), index < bytes.count, bytes[index] == byte { index += 1; continue }
                        closed = true
                        break
                    }
                }
                guard closed else {
                    let what = byte == UInt8(ascii: "|") ? "quoted symbol" : "string literal"
                    throw SMTLIB2SyntaxError(line: startLine, message: "unterminated \(what)")
                }
                finish(.atom(String(decoding: bytes[start..<index], as: UTF8.self)), from: start, to: index)
            default:
                let start = index
                while index < bytes.count {
                    let current = bytes[index]
                    if current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") || current == UInt8(ascii: "\r")
                        || current == UInt8(ascii: "\n") || current == UInt8(ascii: "(") || current == UInt8(ascii: ")")
                        || current == UInt8(ascii: ";") || current == UInt8(ascii: "|") || current == UInt8(ascii: "\"") {
                        break
                    }
                    index += 1
                }
                finish(.atom(String(decoding: bytes[start..<index], as: UTF8.self)), from: start, to: index)
            }
        }
        guard stack.isEmpty else {
            throw SMTLIB2SyntaxError(line: line, message: "\(stack.count) unclosed \"(\" at the end of the text")
        }
        return forms
    }
}

/// Shared by `pathproof` and `pathproof-mcp`, which print Name tags (anyone's text) in their messages.

/// Text with the characters a terminal would act on written out instead: control characters other than newline
/// and tab (ESC starts the escape sequences that recolour, move the cursor or retitle the window) become `\u{1B}`.
/// A Name tag is anyone's text; printing it must not drive the reader's terminal.
public func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isTerminalControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
        if isTerminalControl(scalar) {
            result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}

private func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar != "\n" && scalar != "\t" && scalar.properties.generalCategory == .control
}

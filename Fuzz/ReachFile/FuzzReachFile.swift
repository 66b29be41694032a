import Questions

/// libFuzzer target (scripts/fuzz): the text of a `.reach` file, parsed. Bad input must end in a `QueryFileError`
/// whose every diagnostic names a line of the text and a column on it; a crash or trap is a defect.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReachFile(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
    do {
        let file = try QueryFile.parse(text: text, path: "fuzz.reach")
        precondition(file.path == "fuzz.reach")
    } catch {
        precondition(!error.diagnostics.isEmpty, "a QueryFileError with no diagnostic")
        for diagnostic in error.diagnostics {
            let location = diagnostic.location
            precondition(location.path == "fuzz.reach" && (1...max(lines, 1)).contains(location.line) && location.column >= 1,
                         "a diagnostic outside the text (\(lines) lines): \(diagnostic)")
            precondition(!diagnostic.message.isEmpty, "a diagnostic with no message at \(location)")
        }
    }
    return 0
}

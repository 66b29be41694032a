import CZ3

/// An error reported by Z3 (or by this wrapper, for misuse it detects before calling Z3).
///
/// `code` is the numeric value of Z3's `Z3_error_code` (e.g. 12 = `Z3_EXCEPTION`, which is what Z3 4.8.12 reports
/// for a sort mismatch); `message` is Z3's text, copied.
public struct SMTError: Error, CustomStringConvertible, Equatable {
    public let code: Int
    public let message: String

    init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    init(_ code: Z3_error_code, _ message: String) {
        self.init(code: Int(code.rawValue), message: message)
    }

    /// A bit-vector term given where a Bool is needed (an assertion).
    static func notBoolean(_ term: Term) -> SMTError {
        SMTError(Z3_SORT_ERROR, "Bool expected, got a bit-vector: \(term)")
    }

    public var description: String { "Z3 error \(code): \(message)" }
}

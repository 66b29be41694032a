import Foundation
import Questions

/// Everything the commands print goes through `printable`: this shadows the standard library's `print` in the
/// `pathproof` module. JSON output is unchanged by it (JSON escapes control characters itself).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(printable(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}

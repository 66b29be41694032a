import Testing
@testable import AWSSnapshot
import PathProofTestSupport

@Suite struct ParsingTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    private func syntaxError(_ text: String) -> String? {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            return nil
        } catch {
            let (line, column) = JSONParser.lineAndColumn(of: error.offset, in: Array(text.utf8))
            return "\(line):\(column) \(error.message)"
        }
    }

    @Test func stringsAndEscapes() throws {
        guard case .string(let text) = try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 é""#) else { Issue.record("not a string"); return }
        #expect(text == "a\"b\\c/d\n\té😀 é")
        guard case .string(let lone) = try parse(#""\ud800x""#) else { Issue.record("not a string"); return }
        #expect(lone == "\u{FFFD}x")
    }

    @Test func objectsKeepKeyOrderAndTheLastDuplicate() throws {
        guard case .object(let object) = try parse(#" {"b": 1, "a": [true, false, null], "b": "two"} "#) else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["b", "a"])
        guard case .string("two")? = object["b"] else { Issue.record("the last duplicate wins"); return }
    }

    @Test func numbersKeepTheirText() throws {
        guard case .array(let values) = try parse("[0, -1, 3.25, 1e3, 123456789012345678901234567890]") else { return }
        let literals = values.compactMap { value -> String? in if case .number(let text) = value { text } else { nil } }
        #expect(literals == ["0", "-1", "3.25", "1e3", "123456789012345678901234567890"])
        let node = JSONNode(value: .number("1e3"), file: "f")
        #expect(try node.integer(in: 0...2000, what: "x") == 1000)
    }

    @Test func syntaxErrors() {
        #expect(syntaxError("{\"a\": 1,}") == "1:9 expected a member name in double quotes, found '}'")
        #expect(syntaxError("[1 2]") == "1:4 expected ',' or ']' in an array, found '2'")
        #expect(syntaxError("{\"a\" 1}") == "1:6 expected ':' after a member name, found '1'")
        #expect(syntaxError("[01]") == "1:3 expected ',' or ']' in an array, found '1'")
        #expect(syntaxError("[-]") == "1:3 invalid number")
        #expect(syntaxError("[1.]") == "1:4 invalid number: expected digits after '.'")
        #expect(syntaxError("\"abc") == "1:1 unterminated string")
        #expect(syntaxError("\"a\tb\"") == "1:3 unescaped control character in a string")
        #expect(syntaxError("\"\\x\"") == "1:2 invalid escape sequence in a string")
        #expect(syntaxError("tru") == "1:1 unexpected 't'; expected a value")
        #expect(syntaxError("{} {}") == "1:4 unexpected '{' after the end of the JSON value")
        #expect(syntaxError("{\n  \"é\": x}") == "2:8 unexpected 'x'; expected a value")
        #expect(syntaxError("\u{FEFF}{}") == nil)
    }

    @Test func regionNames() {
        for name in ["us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "il-central-1",
                     "us-isob-east-1", "ca-west-1", "ap-northeast-3"] {
            #expect(AWSRegion.isRegionName(name), "\(name)")
        }
        for name in ["us-east", "accounts", "123456789012", "aws_configs", "us-east-1a", "my-test-1", "US-EAST-1",
                     "us-foo-east-1", "use1-az1", ""] {
            #expect(!AWSRegion.isRegionName(name), "\(name)")
        }
        #expect(AWSRegion.region(ofAvailabilityZone: "us-east-1a") == "us-east-1")
        #expect(AWSRegion.region(ofAvailabilityZone: "us-gov-west-1b") == "us-gov-west-1")
        #expect(AWSRegion.region(ofAvailabilityZone: "us-west-2-lax-1a") == "us-west-2")
        #expect(AWSRegion.region(ofAvailabilityZone: "use1-az1") == nil)
    }
}

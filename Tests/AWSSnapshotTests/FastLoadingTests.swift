import Testing
@testable import AWSSnapshot
import NetworkModel
import PathProofTestSupport

/// The fast paths of loading: strings made from the bytes in place and reused, objects as ordered member lists,
/// paths spelled out only for messages, files parsed on every core but reported in file order.
@Suite struct FastLoadingTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func longStringsAreReusedAndStillEqualTheirText() throws {
        let id = "subnet-0123456789abcdef0"
        let text = "[" + (0..<3000).map { i in #"{"SubnetId": "\#(id)", "Name": "name-\#(String(repeating: "x", count: 12))-\#(i)"}"# }
            .joined(separator: ", ") + "]"
        guard case .array(let items) = try parse(text) else { Issue.record("not an array"); return }
        #expect(items.count == 3000)
        for (i, item) in items.enumerated() {
            guard case .object(let object) = item, case .string(let subnet)? = object["SubnetId"], case .string(let name)? = object["Name"] else {
                Issue.record("item \(i) is not as written")
                return
            }
            #expect(subnet == id)
            #expect(name == "name-\(String(repeating: "x", count: 12))-\(i)")
        }
    }

    @Test func stringsWithEscapesOrNonASCIIAfterAPlainStart() throws {
        guard case .array(let values) = try parse(#"["0123456789abcdefghij\nend", "0123456789abcdefghij é", "0123456789abcdefghij\u00e9"]"#) else {
            Issue.record("not an array")
            return
        }
        let texts = values.compactMap { value -> String? in if case .string(let text) = value { text } else { nil } }
        #expect(texts == ["0123456789abcdefghij\nend", "0123456789abcdefghij é", "0123456789abcdefghijé"])
    }

    @Test func invalidUTF8InALongStringIsAnErrorAtItsQuote() {
        var bytes = Array(#"{"a": "0123456789abcdefghij"#.utf8)
        bytes += [0xFF, UInt8(ascii: "\""), UInt8(ascii: "}")]
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("invalid UTF-8 parsed")
        } catch {
            #expect(error.offset == 6)
            #expect(error.message == "invalid UTF-8 in a string (the file must be UTF-8, as the AWS CLI writes it)")
        }
    }

    @Test func largeObjectsKeepOrderAndTheLastDuplicate() throws {
        let members = (0..<40).map { #""key-\#($0)": \#($0)"# } + [#""key-3": "again""#, #""key-39": "last""#]
        guard case .object(let object) = try parse("{" + members.joined(separator: ", ") + "}") else { Issue.record("not an object"); return }
        #expect(object.keys == (0..<40).map { "key-\($0)" })
        guard case .string("again")? = object["key-3"], case .string("last")? = object["key-39"], case .number("7")? = object["key-7"] else {
            Issue.record("members not as written")
            return
        }
        #expect(object["key-40"] == nil)
    }

    @Test func aMessageNamesTheFullPathOfAScalarDeepInside() throws {
        let snapshot = try TemporarySnapshot().write("subnets.json", #"""
        {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"},
                     {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/33"}]}
        """#)
        #expect(snapshot.loadError() == #"subnets.json: Subnets[1].CidrBlock: "10.0.2.0/33" is not a CIDR"#)
    }

    /// Files are parsed at the same time, but the error reported is the first in file order, whichever kind it is.
    @Test func theFirstErrorInFileOrderIsReported() throws {
        let badModel = #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/99"}]}"#
        let badSyntax = #"{"Subnets": [}"#
        let first = try TemporarySnapshot().write("a-vpcs.json", badModel).write("b-subnets.json", badSyntax)
        #expect(first.loadError() == #"a-vpcs.json: Vpcs[0].CidrBlock: "10.0.0.0/99" is not a CIDR"#)
        let second = try TemporarySnapshot().write("a-subnets.json", badSyntax).write("b-vpcs.json", badModel)
        #expect(second.loadError() == "a-subnets.json: invalid JSON at line 1, column 14: unexpected '}'; expected a value")
    }

    @Test func theLoadIsTimedPhaseByPhase() throws {
        let snapshot = try TemporarySnapshot(files: SampleSnapshots.undescribedNATGateway)
        var profile = LoadProfile()
        let loaded = try SnapshotReader.load(directory: snapshot.path, profile: &profile)
        #expect(loaded.network.subnets.count == 1)
        #expect(profile.phases.map(\.name).first == "list the files")
        #expect(profile.phases.contains { $0.name.hasPrefix("parse the JSON") })
        #expect(profile.phases.allSatisfy { $0.wallSeconds >= 0 && $0.processorSeconds >= 0 })
    }

    @Test func addressTextReadFromItsBytes() {
        for good in ["0.0.0.0", "10.0.0.1", "255.255.255.255", "001.02.3.4"] { #expect(IPAddress(good) != nil, "\(good)") }
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", "1.2.3.0004", "+1.2.3.4", "1.2.3.a", "１.2.3.4"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
            #expect(IPAddress(Substring(bad)) == nil, "\(bad)")
        }
        #expect(IPAddress("10.1.2.3")?.ipv4Value == 0x0A01_0203)
        #expect(IPAddress("::ffff:10.1.2.3") == IPAddress(ipv6: 0xFFFF_0A01_0203))
        for good in ["10.0.0.0/8", "0.0.0.0/0", "10.0.0.1/32", "2001:db8::/32", "10.0.0.0/08"] { #expect(IPPrefix(good) != nil, "\(good)") }
        for bad in ["10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0//8", "/8", "10.0.0.0/8/", "10.0.0.0/0008", "10.0.0.0/-1", "2001:db8::/129"] {
            #expect(IPPrefix(bad) == nil, "\(bad)")
        }
    }
}

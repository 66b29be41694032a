import Analysis
import Foundation
import NetworkModel
@testable import Questions
import Testing

/// The `.reach` language: what parses into what, and every mistake with its line, column and what was expected.
@Suite struct CheckFileTests {
    static func parse(_ text: String, path: String = "/work/q/lab.reach") throws -> QueryFile {
        try QueryFile.parse(text: text, path: path)
    }

    /// The diagnostics of a text that must not parse.
    static func diagnostics(_ text: String) -> [QueryFileDiagnostic] {
        do {
            _ = try QueryFile.parse(text: text, path: "lab.reach")
            Issue.record("expected a parse error for:\n\(text)")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func everyAssertionForm() throws {
        let file = try Self.parse("""
            # the lab
            snapshot ../seed/06-ping-works   # relative to the file
            assert NextWork-1-instance can ping NextWork-2-instance
            assert NextWork-2-instance cannot ping NextWork-1-instance one-way
            assert internet cannot reach i-0abc on tcp/22
            assert 10.1.0.10 can reach 10.2.0.10 on udp/53
            assert web cannot reach db on tcp/1024-65535
            assert web can reach db on any
            assert web can reach db
            assert web cannot reach db on proto/47 one-way
              assert   isolated   vpc:NextWork-1 vpc:"default VPC"
            """)
        #expect(file.snapshot?.path == "../seed/06-ping-works")
        #expect(file.snapshot?.resolvedPath == "/work/seed/06-ping-works")
        #expect(file.snapshot?.location.line == 2)
        let a = file.assertions
        #expect(a.count == 9)
        #expect(a[0].kind == .can && a[0].source == .named("NextWork-1-instance") && a[0].destination == .named("NextWork-2-instance"))
        #expect(a[0].traffic == .ping && !a[0].oneWay)
        #expect(a[1].kind == .cannot && a[1].oneWay && a[1].traffic == .ping)
        #expect(a[2].source == .internet && a[2].traffic == .tcp(PortRange(22, 22)))
        #expect(a[3].source == .named("10.1.0.10") && a[3].traffic == .udp(PortRange(53, 53)))
        #expect(a[4].traffic == .tcp(PortRange(1024, 65535)))
        #expect(a[5].traffic == .anyProtocol && a[6].traffic == .anyProtocol)
        #expect(a[7].traffic == .ipProtocol(47) && a[7].oneWay)
        #expect(a[8].kind == .isolated && a[8].oneWay && a[8].traffic == .anyProtocol)
        #expect(a[8].source == .vpc("NextWork-1") && a[8].destination == .vpc("default VPC"))
        // Locations: the assert keyword, each endpoint, and the text as written without the comment.
        #expect(a[0].location == QueryFileLocation(path: "/work/q/lab.reach", line: 3, column: 1))
        #expect(a[8].location.line == 11 && a[8].location.column == 3)
        #expect(a[8].sourceLocation.column == 23 && a[8].destinationLocation.column == 38)
        #expect(a[8].text == #"isolated   vpc:NextWork-1 vpc:"default VPC""#)
        #expect(a[1].text == "NextWork-2-instance cannot ping NextWork-1-instance one-way")
    }

    @Test func groupsAndQuoting() throws {
        let file = try Self.parse("""
            assert vpc:vpc-0abc can reach subnet:"Public subnet" on tcp/443
            assert sg:launch-wizard-1 cannot reach tag:Environment=prod on tcp/22
            assert tag:team="data eng" cannot reach cidr:0.0.0.0/0 on udp/53
            assert "web server 1" can ping 'db 1'
            assert "isolated" can ping "vpc:legacy"
            assert cidr:18.206.107.24/29 can reach internet on tcp/443
            assert tag:empty= cannot ping internet
            """)
        let a = file.assertions
        #expect(a[0].source == .vpc("vpc-0abc") && a[0].destination == .subnet("Public subnet"))
        #expect(a[1].source == .securityGroup("launch-wizard-1") && a[1].destination == .tag(key: "Environment", value: "prod"))
        #expect(a[2].source == .tag(key: "team", value: "data eng") && a[2].destination == .cidr(IPPrefix("0.0.0.0/0")!))
        #expect(a[3].source == .named("web server 1") && a[3].destination == .named("db 1"))
        // Quoted, keywords and group prefixes are plain names.
        #expect(a[4].kind == .can && a[4].source == .named("isolated") && a[4].destination == .named("vpc:legacy"))
        #expect(a[5].source == .cidr(IPPrefix("18.206.107.24/29")!) && a[5].destination == .internet)
        #expect(a[6].source == .tag(key: "empty", value: ""))
        #expect(file.snapshot == nil)
        #expect(a[0].source.isGroup && !a[3].source.isGroup && !a[5].destination.isGroup)
    }

    @Test func propertiesAndDescriptionsApplyToTheFollowingAssertions() throws {
        let file = try Self.parse("""
            assert a can ping b
            property ping-works
            description "First line of the description,"
            description 'and the second.'
            assert a can ping c
            assert c cannot ping a

            property "segmentation/vpcs"
            assert isolated vpc:x vpc:y
            """)
        let a = file.assertions
        #expect(a[0].property == nil)
        #expect(a[1].property?.name == "ping-works" && a[2].property?.name == "ping-works")
        #expect(a[1].property?.description == "First line of the description, and the second.")
        #expect(a[1].property?.location.line == 2)
        #expect(a[3].property?.name == "segmentation/vpcs" && a[3].property?.description == nil)
        #expect(file.properties.map(\.name) == ["ping-works", "segmentation/vpcs"])
        #expect(CheckReport.ruleID(a[0]) == "pathproof/can" && CheckReport.ruleID(a[1]) == "ping-works")
    }

    @Test func windowsLineEndingsAndBlankFiles() throws {
        let file = try Self.parse("snapshot s\r\n\r\nassert a can ping b\r\n")
        #expect(file.snapshot?.path == "s" && file.assertions.first?.destination == .named("b"))
        #expect(try Self.parse("# nothing but a comment\n\n").assertions.isEmpty)
    }

    /// Each bad line: its column, and the words the message must hold.
    static let badLines: [(line: String, column: Int, message: String)] = [
        ("asert a can ping b", 1, #"unknown statement "asert": expected assert, property, description, snapshot or a # comment"#),
        ("\"assert\" a can ping b", 1, "unknown statement"),
        ("assert", 7, "expected an endpoint (or isolated) after assert"),
        ("assert a kan ping b", 10, #"expected can or cannot after the source endpoint, found "kan""#),
        ("assert a can pong b", 14, #"expected ping or reach after can, found "pong""#),
        ("assert a can ping", 18, "expected the destination endpoint after ping"),
        ("assert a cannot reach b on", 27, "expected a protocol after on"),
        ("assert a can reach b on tcp/70000", 25, "ports must be a number 0-65535"),
        ("assert a can reach b on smtp", 25, #""smtp" is not a protocol"#),
        ("assert a can ping b on icmp", 21, "ping takes no protocol"),
        ("assert a can reach b on tcp/22 twice", 32, #"expected one-way or the end of the line, found "twice""#),
        ("assert a can reach b tcp/22", 22, #"expected on PROTOCOL, one-way or the end of the line, found "tcp/22""#),
        ("assert a can reach b one-way on tcp/22", 30, #"expected the end of the line, found "on""#),
        ("assert isolated a", 18, "expected a second endpoint after \"a\""),
        ("assert isolated a b one-way", 21, "isolated checks every protocol, one way, in both directions: it takes no one-way"),
        ("assert isolated a b on tcp/22", 21, "it takes no on"),
        ("assert a can ping vpc:", 19, "expected a VPC id or Name tag after vpc:"),
        ("assert sg: can ping b", 8, "expected a security group id, group name or Name tag after sg:"),
        ("assert a can ping host:web", 19, #"unknown group "host:": expected vpc:, subnet:, sg:, tag:, cidr:, service: or onprem:"#),
        ("assert a can ping tag:Name", 19, "expected tag:Key=Value"),
        ("assert tag:=x can ping b", 8, "expected tag:Key=Value"),
        ("assert a can ping cidr:10.1.0.10/16", 19, "10.1.0.10/16 has host bits set: did you mean cidr:10.1.0.0/16?"),
        ("assert a can ping cidr:10.1.0.0/33", 19, #""10.1.0.0/33" is not a CIDR block"#),
        ("assert a can ping cidr:10.1.0.0", 19, "is not a CIDR block"),
        ("assert \"a can ping b", 8, "unbalanced quote"),
        ("assert a can ping can", 19, "expected an endpoint, found the keyword \"can\""),
        ("assert a can ping \"\"", 19, "an empty endpoint name"),
        ("description \"no property\"", 1, "a description belongs right after its property line"),
        ("property", 9, "expected a property name after property"),
        ("property two words", 14, #"expected the end of the line (a property name has no spaces"#),
        ("property \"two words\"", 10, "may only hold letters, digits"),
        ("property pathproof/can", 10, "reserved"),
        ("snapshot", 9, "expected the snapshot folder after snapshot"),
        ("snapshot a b", 12, "expected the end of the line (quote a folder name with spaces)"),
    ]

    @Test(arguments: badLines.indices)
    func badLineNamesItsColumn(_ index: Int) {
        let bad = Self.badLines[index]
        // The bad line is line 2, after a good one; a property line comes first where the line needs one to be an error by itself.
        let diagnostics = Self.diagnostics("assert a can ping b\n\(bad.line)\n")
        #expect(diagnostics.count == 1, "\(bad.line): \(diagnostics)")
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.location == QueryFileLocation(path: "lab.reach", line: 2, column: bad.column), "\(bad.line): \(diagnostic)")
        #expect(diagnostic.message.contains(bad.message), "\(bad.line): \(diagnostic.message)")
        #expect(diagnostic.description.hasPrefix("lab.reach:2:\(bad.column): error: "))
    }

    @Test func mistakesThatNeedContext() {
        // A description after the property's first assertion.
        var d = Self.diagnostics("property p\nassert a can ping b\ndescription \"late\"\n")
        #expect(d.map(\.location.line) == [3] && d[0].message.contains("before the property's first assert line"))
        // The same property twice.
        d = Self.diagnostics("property p\nassert a can ping b\nproperty p\nassert a can ping c\n")
        #expect(d.map(\.location.line) == [3] && d[0].message == "property p is already defined on line 1")
        // A property with no assertion, in the middle and at the end.
        d = Self.diagnostics("property empty\nproperty full\nassert a can ping b\nproperty last\n")
        #expect(d.map(\.location.line) == [1, 4] && d.allSatisfy { $0.message.contains("has no assertion") })
        // Two snapshot lines; a snapshot line after an assertion.
        d = Self.diagnostics("snapshot a\nsnapshot b\nassert a can ping b\n")
        #expect(d.map(\.location.line) == [2] && d[0].message.contains("already given on line 1"))
        d = Self.diagnostics("assert a can ping b\nsnapshot a\n")
        #expect(d.map(\.location.line) == [2] && d[0].message.contains("before the first assert line"))
    }

    @Test func everyMistakeOfAFileIsReportedAtOnce() {
        let d = Self.diagnostics("""
            snapshot s
            assert a can ping b
            assert a kan ping b
            # fine
            asert x
            assert a can reach b on tcp/99999
            """)
        #expect(d.map(\.location.line) == [3, 5, 6])
    }

    @Test func unreadableFileIsAnError() {
        do {
            _ = try QueryFile.parse(path: "/nonexistent/lab.reach")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.location.path == "/nonexistent/lab.reach")
            #expect(error.description.contains("cannot read the file"))
        }
    }
}

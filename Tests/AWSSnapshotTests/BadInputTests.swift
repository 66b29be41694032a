import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// Bad snapshots fail with the file, the JSON path and what is wrong, never with a crash.
@Suite struct BadInputTests {
    private static let routeTables = """
        {"RouteTables": [
          {"RouteTableId": "rtb-0", "VpcId": "vpc-1", "Routes": []},
          {"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": []},
          {"RouteTableId": "rtb-2", "VpcId": "vpc-1", "Routes": []},
          {"RouteTableId": "rtb-3", "VpcId": "vpc-1", "Routes": [
            {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"},
            {"DestinationCidrBlock": "10.2.0.0/33", "VpcPeeringConnectionId": "pcx-1", "State": "active"}]}
        ]}
        """

    @Test func badCIDRInARoute() throws {
        let snapshot = try TemporarySnapshot().write("describe-route-tables.json", Self.routeTables)
        #expect(snapshot.loadError()
            == #"describe-route-tables.json: RouteTables[3].Routes[1].DestinationCidrBlock: "10.2.0.0/33" is not a CIDR"#)
    }

    @Test func errorsNameTheFileRelativeToTheSnapshot() throws {
        let snapshot = try TemporarySnapshot().write("us-east-1/tables.json", Self.routeTables)
        #expect(snapshot.loadError()?.hasPrefix("us-east-1/tables.json: RouteTables[3].Routes[1]") == true)
    }

    @Test func wrongTypes() throws {
        let number = try TemporarySnapshot().write("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": 10}]}"#)
        #expect(number.loadError() == "vpcs.json: Vpcs[0].CidrBlock: expected a string, found a number")
        let string = try TemporarySnapshot().write("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": "100", "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}]}
            """)
        #expect(string.loadError() == "acl.json: NetworkAcls[0].Entries[0].RuleNumber: expected a number, found a string")
        let list = try TemporarySnapshot().write("vpcs.json", #"{"Vpcs": {"VpcId": "vpc-1"}}"#)
        #expect(list.loadError() == "vpcs.json: Vpcs: expected an array, found an object")
        let flag = try TemporarySnapshot().write("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "IsDefault": "no"}]}"#)
        #expect(flag.loadError() == "vpcs.json: Vpcs[0].IsDefault: expected true or false, found a string")
        let fraction = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22.5, "ToPort": 22}]}]}
            """)
        #expect(fraction.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].FromPort: expected an integer, found 22.5")
    }

    @Test func invalidJSONSaysWhere() throws {
        let snapshot = try TemporarySnapshot().write("bad.json", "{\"Vpcs\": [\n  {\"VpcId\": \"vpc-1\",}\n]}")
        #expect(snapshot.loadError() == "bad.json: invalid JSON at line 2, column 21: expected a member name in double quotes, found '}'")
        let truncated = try TemporarySnapshot().write("cut.json", "{\"Vpcs\": [")
        #expect(truncated.loadError() == "cut.json: invalid JSON at line 1, column 11: unexpected end of input; expected a value")
        let empty = try TemporarySnapshot().write("empty.json", "")
        #expect(empty.loadError() == "empty.json: invalid JSON at line 1, column 1: unexpected end of input; expected a value")
        let deep = try TemporarySnapshot().write("deep.json", String(repeating: "[", count: 100_000))
        #expect(deep.loadError() == "deep.json: invalid JSON at line 1, column 513: nested more than 512 levels deep")
    }

    @Test func topLevelMustBeAnObject() throws {
        let snapshot = try TemporarySnapshot().write("list.json", #"[{"VpcId": "vpc-1"}]"#)
        #expect(snapshot.loadError()
            == "list.json: expected an object at the top level (as `aws ec2 describe-…` prints), found an array")
    }

    @Test func missingIDs() throws {
        let group = try TemporarySnapshot().write("sg.json", #"{"SecurityGroups": [{"GroupName": "web", "VpcId": "vpc-1"}]}"#)
        #expect(group.loadError() == "sg.json: SecurityGroups[0].GroupId: missing (expected a string)")
        let pair = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"UserId": "1"}]}]}]}
            """)
        #expect(pair.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].UserIdGroupPairs[0].GroupId: missing (expected a string)")
        let nullID = try TemporarySnapshot().write("vpcs.json", #"{"Vpcs": [{"VpcId": null}]}"#)
        #expect(nullID.loadError() == "vpcs.json: Vpcs[0].VpcId: missing (expected a string)")
    }

    @Test func portsOutOfRange() throws {
        func group(from: String, to: String) -> String {
            """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
              {"IpProtocol": "tcp", "FromPort": \(from), "ToPort": \(to), "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
            """
        }
        let high = try TemporarySnapshot().write("sg.json", group(from: "99999", to: "99999"))
        #expect(high.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].FromPort: 99999 is not a port (0-65535, or -1 for all)")
        let negative = try TemporarySnapshot().write("sg.json", group(from: "22", to: "-5"))
        #expect(negative.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].ToPort: -5 is not a port (0-65535, or -1 for all)")
        let huge = try TemporarySnapshot().write("sg.json", group(from: "123456789012345678901234567890", to: "1"))
        #expect(huge.loadError()
            == "sg.json: SecurityGroups[0].IpPermissions[0].FromPort: 123456789012345678901234567890 is not a port (0-65535, or -1 for all)")
        let icmp = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "icmp", "FromPort": 300, "ToPort": -1}]}]}
            """)
        #expect(icmp.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].FromPort: 300 is not an ICMP type (0-255, or -1 for any)")
        let acl = try TemporarySnapshot().write("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [{"RuleNumber": 100, "Egress": false,
              "RuleAction": "allow", "Protocol": "6", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 0, "To": 70000}}]}]}
            """)
        #expect(acl.loadError() == "acl.json: NetworkAcls[0].Entries[0].PortRange.To: 70000 is not a port (0-65535)")
        let rule = try TemporarySnapshot().write("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [{"RuleNumber": 40000, "Egress": false,
              "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}]}
            """)
        #expect(rule.loadError() == "acl.json: NetworkAcls[0].Entries[0].RuleNumber: 40000 is not a rule number (1-32766, or 32767 and 32768 for the final denies)")
    }

    @Test func badValues() throws {
        let proto = try TemporarySnapshot().write("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "gre"}]}]}"#)
        #expect(proto.loadError()
            == #"sg.json: SecurityGroups[0].IpPermissions[0].IpProtocol: "gre" is not an IP protocol (a name, a number 0-255, or -1 for all)"#)
        let action = try TemporarySnapshot().write("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [{"RuleNumber": 1, "Egress": true,
              "RuleAction": "permit", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}]}
            """)
        #expect(action.loadError() == #"acl.json: NetworkAcls[0].Entries[0].RuleAction: "permit" is neither allow nor deny"#)
        let ip = try TemporarySnapshot().write("eni.json", """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
              "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.300", "Primary": true}]}]}
            """)
        #expect(ip.loadError() == #"eni.json: NetworkInterfaces[0].PrivateIpAddresses[0].PrivateIpAddress: "10.0.0.300" is not an IPv4 address"#)
        let route = try TemporarySnapshot().write("rt.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"GatewayId": "local"}]}]}"#)
        #expect(route.loadError()
            == "rt.json: RouteTables[0].Routes[0]: a route needs a DestinationCidrBlock, DestinationPrefixListId or DestinationIpv6CidrBlock")
    }

    @Test func missingOrEmptyDirectory() throws {
        #expect(throws: SnapshotError.self) { try SnapshotReader.load(directory: "/nonexistent/pathproof-snapshot") }
        do {
            _ = try SnapshotReader.load(directory: "/nonexistent/pathproof-snapshot")
        } catch {
            #expect(error.description == "/nonexistent/pathproof-snapshot: no such directory")
            #expect(error.file == "/nonexistent/pathproof-snapshot" && error.jsonPath.isEmpty)
        }
        let empty = try TemporarySnapshot().write("notes.txt", "not json")
        #expect(empty.loadError() == "\(empty.path): no .json files (aws ec2 describe-… --output json) in this directory")
        let file = try TemporarySnapshot().write("vpcs.json", #"{"Vpcs": []}"#)
        #expect(throws: (any Error).self) { try SnapshotReader.load(directory: "\(file.path)/vpcs.json") }
    }

    @Test func errorDescriptions() {
        let error = SnapshotError(file: "a.json", jsonPath: "Vpcs[0]", message: "bad")
        #expect(error.description == "a.json: Vpcs[0]: bad")
        #expect(SnapshotError(file: "a.json", jsonPath: "", message: "bad").description == "a.json: bad")
    }
}

import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// Where AWS is strict, so is the reader: input AWS would never print (two entries with one rule number, an inverted
/// port range, a missing `ToPort`, one resource described two ways, one address on two interfaces, bytes that are not
/// UTF-8) is an error naming the file and the JSON path, never a guess.
@Suite struct StrictReadingTests {
    private static func acl(_ entries: String) -> String {
        #"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [\#(entries)]}]}"#
    }

    @Test func duplicateRuleNumbersInOneDirection() throws {
        let snapshot = try TemporarySnapshot().write("acl.json", Self.acl("""
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "10.0.0.0/8"}
            """))
        #expect(snapshot.loadError() == "acl.json: NetworkAcls[0].Entries[2].RuleNumber: rule number 100 is used twice among the inbound entries (also at NetworkAcls[0].Entries[0]); AWS allows one entry per number and direction")
        let bothDirections = try TemporarySnapshot().write("acl.json", Self.acl("""
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}
            """))
        #expect(bothDirections.loadError() == nil, "one number in each direction is what AWS prints")
    }

    @Test func invertedPortRanges() throws {
        let group = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
              {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
            """)
        #expect(group.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].ToPort: ToPort 80 is below FromPort 443: an inverted range, which AWS refuses")
        let entry = try TemporarySnapshot().write("acl.json", Self.acl("""
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "6", "CidrBlock": "0.0.0.0/0",
             "PortRange": {"From": 443, "To": 80}}
            """))
        #expect(entry.loadError() == "acl.json: NetworkAcls[0].Entries[0].PortRange.To: To 80 is below From 443: an inverted range, which AWS refuses")
    }

    @Test func missingToPortIsNotAllPorts() throws {
        let group = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
              {"IpProtocol": "tcp", "FromPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
            """)
        #expect(group.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].ToPort: missing (AWS prints both FromPort and ToPort for every TCP and UDP rule)")
        let icmp = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
              {"IpProtocol": "icmp", "FromPort": 8, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
            """)
        #expect(icmp.loadError() == "sg.json: SecurityGroups[0].IpPermissions[0].ToPort: missing (AWS prints both FromPort and ToPort (the ICMP type and code, -1 for any) for an ICMP rule)")
        let entry = try TemporarySnapshot().write("acl.json", Self.acl("""
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "17", "CidrBlock": "0.0.0.0/0"}
            """))
        #expect(entry.loadError() == "acl.json: NetworkAcls[0].Entries[0].PortRange: missing (AWS prints a PortRange for every TCP (6) and UDP (17) entry)")
    }

    /// What AWS prints for all-protocol and ICMP rules (no ports, or -1) still reads.
    @Test func whatAWSPrintsForICMPAndAllProtocolsStillReads() throws {
        let snapshot = try TemporarySnapshot().write("sg.json", """
            {"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
              {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
              {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
              {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
              {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
              {"IpProtocol": "50", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}]}
            """).write("acl.json", Self.acl("""
            {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "1", "CidrBlock": "0.0.0.0/0",
             "IcmpTypeCode": {"Code": -1, "Type": -1}},
            {"RuleNumber": 32767, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 32768, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "Ipv6CidrBlock": "::/0"}
            """))
        let network = try snapshot.load().network
        #expect(network.securityGroup("sg-1")?.inbound.count == 5)
    }

    @Test func oneResourceDescribedTwoWays() throws {
        func group(_ port: Int) -> String {
            """
            {"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [
              {"IpProtocol": "tcp", "FromPort": \(port), "ToPort": \(port), "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
            """
        }
        let conflicting = try TemporarySnapshot().write("a/sg.json", group(22)).write("b/sg.json", group(443))
        #expect(conflicting.loadError() == "b/sg.json: SecurityGroups[0]: sg-1 is described here and at a/sg.json at SecurityGroups[0] with different rules; a snapshot must hold one state of each resource (capture it again)")
        let identical = try TemporarySnapshot().write("a/sg.json", group(22)).write("b/sg.json", group(22))
        #expect(identical.loadError() == nil, "an identical copy (the same group dumped twice) is fine")

        let tables = try TemporarySnapshot()
            .write("1.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}]}]}"#)
            .write("2.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-2"}]}]}"#)
        #expect(tables.loadError()?.hasPrefix("2.json: RouteTables[0]: rtb-1 is described here and at 1.json at RouteTables[0] with different routes") == true)
        let acls = try TemporarySnapshot()
            .write("1.json", Self.acl(#"{"RuleNumber": 1, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}"#))
            .write("2.json", Self.acl(#"{"RuleNumber": 1, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}"#))
        #expect(acls.loadError()?.hasPrefix("2.json: NetworkAcls[0]: acl-1 is described here and at 1.json at NetworkAcls[0] with different entries") == true)
    }

    @Test func oneInstanceInTwoStates() throws {
        func instance(_ state: String) -> String {
            #"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "\#(state)"}}]}]}"#
        }
        let conflicting = try TemporarySnapshot().write("a.json", instance("running")).write("b.json", instance("stopped"))
        #expect(conflicting.loadError() == "b.json: Reservations[0].Instances[0]: i-1 is described here and at a.json at Reservations[0].Instances[0] with a different state or interfaces; a snapshot must hold one state of each resource (capture it again)")
        let identical = try TemporarySnapshot().write("a.json", instance("running")).write("b.json", instance("running"))
        #expect(identical.loadError() == nil)
    }

    @Test func oneAddressOnTwoInterfacesOfAVPC() throws {
        func interface(_ id: String, _ vpc: String, _ address: String) -> String {
            """
            {"NetworkInterfaceId": "\(id)", "SubnetId": "subnet-\(vpc)", "VpcId": "\(vpc)",
             "PrivateIpAddresses": [{"PrivateIpAddress": "\(address)", "Primary": true}]}
            """
        }
        let clash = try TemporarySnapshot().write("eni.json", """
            {"NetworkInterfaces": [\(interface("eni-1", "vpc-1", "10.0.0.5")), \(interface("eni-2", "vpc-1", "10.0.0.5"))]}
            """)
        #expect(clash.loadError() == "eni.json: NetworkInterfaces[1]: 10.0.0.5 is the private address of both eni-2 and eni-1 (eni.json at NetworkInterfaces[0]) in vpc-1; AWS gives an address in a VPC to one interface only")
        let twoVPCs = try TemporarySnapshot().write("eni.json", """
            {"NetworkInterfaces": [\(interface("eni-1", "vpc-1", "10.0.0.5")), \(interface("eni-2", "vpc-2", "10.0.0.5"))]}
            """)
        #expect(twoVPCs.loadError() == nil, "one address in two VPCs is allowed")
    }

    @Test func invalidUTF8IsAnError() throws {
        let snapshot = try TemporarySnapshot()
        var bytes = Array(#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "web"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#""}]}]}"#.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot.path).appendingPathComponent("vpcs.json"))
        #expect(snapshot.loadError() == "vpcs.json: invalid JSON at line 1, column 92: invalid UTF-8 in a string (the file must be UTF-8, as the AWS CLI writes it)")
    }

    @Test func longValuesAreCutInMessages() throws {
        let long = String(repeating: "x", count: 5000)
        let snapshot = try TemporarySnapshot().write("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "\#(long)"}]}]}"#)
        let message = try #require(snapshot.loadError())
        #expect(message.count < 250)
        #expect(message.hasSuffix(#"…" (5000 characters) is not an IP protocol (a name, a number 0-255, or -1 for all)"#))
        let escape = try TemporarySnapshot().write("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "\u001b[31m"}]}]}"#)
        #expect(escape.loadError()?.contains(#""\u{1B}[31m""#) == true, "a terminal escape sequence is shown, not sent")
    }
}

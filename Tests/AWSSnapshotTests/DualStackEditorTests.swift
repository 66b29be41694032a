import Foundation
import Testing
@testable import AWSSnapshot
import NetworkModel
import PathProofTestSupport

/// The snapshot editor on IPv6: each call writes AWS's IPv6 shape (`DestinationIpv6CidrBlock` routes,
/// `Ipv6Ranges` of `CidrIpv6`, `Ipv6CidrBlock` network ACL entries, `EgressOnlyInternetGatewayId` targets), in the
/// file's own layout, leaving every other byte as it was; what it writes reads back as the change intended.
@Suite struct DualStackEditorTests {
    /// A folder for an edited snapshot that does not exist yet, removed when the test ends.
    final class Output {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-edit-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func text(_ editor: SnapshotEditor, _ path: String) -> String {
        String(decoding: editor.contents(of: path) ?? [], as: UTF8.self)
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static let vpcs = """
        {"Vpcs": [
          {"VpcId": "vpc-1", "CidrBlock": "10.40.0.0/16", "OwnerId": "111122223333",
           "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:5a27:bb00::/56", "Ipv6CidrBlockState": {"State": "associated"}}]},
          {"VpcId": "vpc-2", "CidrBlock": "10.41.0.0/16", "OwnerId": "111122223333",
           "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:3b47:2a00::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}]}
        """

    /// A route table as `aws ec2 describe-route-tables --output json` prints it.
    static let routeTables = """
        {
            "RouteTables": [
                {
                    "Associations": [],
                    "RouteTableId": "rtb-1",
                    "Routes": [
                        {
                            "DestinationCidrBlock": "10.40.0.0/16",
                            "GatewayId": "local",
                            "Origin": "CreateRouteTable",
                            "State": "active"
                        },
                        {
                            "DestinationIpv6CidrBlock": "2600:1f18:5a27:bb00::/56",
                            "GatewayId": "local",
                            "Origin": "CreateRouteTable",
                            "State": "active"
                        },
                        {
                            "DestinationCidrBlock": "0.0.0.0/0",
                            "GatewayId": "igw-1",
                            "Origin": "CreateRoute",
                            "State": "active"
                        },
                        {
                            "DestinationIpv6CidrBlock": "::/0",
                            "GatewayId": "igw-1",
                            "Origin": "CreateRoute",
                            "State": "active"
                        }
                    ],
                    "VpcId": "vpc-1"
                }
            ]
        }

        """

    @Test func ipv6RoutesAreWrittenFoundAndDeletedByTheirOwnKey() throws {
        let snapshot = try TemporarySnapshot().write("describe-vpcs.json", Self.vpcs).write("describe-route-tables.json", Self.routeTables)
        var editor = try SnapshotEditor(directory: snapshot.path)
        try editor.apply(.createRoute(table: "rtb-1", destination: prefix("2001:0DB8::/32"), target: .peeringConnection("pcx-1")))
        // ::/0 is replaced; 0.0.0.0/0, under the other key, stays.
        try editor.apply(.replaceRoute(table: "rtb-1", destination: .cidr(.anyIPv6), target: .egressOnlyInternetGateway("eigw-1")))
        try editor.apply(.createRoute(table: "rtb-1", destination: prefix("2600:1f18:ffff::/48"), target: .egressOnlyInternetGateway("eigw-1")))
        try editor.apply(.deleteRoute(table: "rtb-1", destination: .cidr(prefix("2001:db8::/32"))))
        #expect(editor.changedFiles == ["describe-route-tables.json"])
        #expect(Self.text(editor, "describe-route-tables.json") == """
            {
                "RouteTables": [
                    {
                        "Associations": [],
                        "RouteTableId": "rtb-1",
                        "Routes": [
                            {
                                "DestinationCidrBlock": "10.40.0.0/16",
                                "GatewayId": "local",
                                "Origin": "CreateRouteTable",
                                "State": "active"
                            },
                            {
                                "DestinationIpv6CidrBlock": "2600:1f18:5a27:bb00::/56",
                                "GatewayId": "local",
                                "Origin": "CreateRouteTable",
                                "State": "active"
                            },
                            {
                                "DestinationCidrBlock": "0.0.0.0/0",
                                "GatewayId": "igw-1",
                                "Origin": "CreateRoute",
                                "State": "active"
                            },
                            {
                                "DestinationIpv6CidrBlock": "::/0",
                                "EgressOnlyInternetGatewayId": "eigw-1",
                                "Origin": "CreateRoute",
                                "State": "active"
                            },
                            {
                                "DestinationIpv6CidrBlock": "2600:1f18:ffff::/48",
                                "EgressOnlyInternetGatewayId": "eigw-1",
                                "Origin": "CreateRoute",
                                "State": "active"
                            }
                        ],
                        "VpcId": "vpc-1"
                    }
                ]
            }

            """)
        let output = Output()
        try editor.write(to: output.path)
        #expect(try Self.bytes("\(output.path)/describe-vpcs.json") == Self.bytes("\(snapshot.path)/describe-vpcs.json"))
        let table = try #require(try SnapshotReader.load(directory: output.path).network.routeTable("rtb-1"))
        #expect(table.routes == [
            Route(destination: .cidr(prefix("10.40.0.0/16")), target: .local, origin: .createRouteTable),
            Route(destination: .cidr(prefix("2600:1f18:5a27:bb00::/56")), target: .local, origin: .createRouteTable),
            Route(destination: .cidr(.anyIPv4), target: .internetGateway("igw-1"), origin: .createRoute),
            Route(destination: .cidr(.anyIPv6), target: .egressOnlyInternetGateway("eigw-1"), origin: .createRoute),
            Route(destination: .cidr(prefix("2600:1f18:ffff::/48")), target: .egressOnlyInternetGateway("eigw-1"), origin: .createRoute),
        ])
    }

    @Test func routeCommandsAWSWouldRefuse() throws {
        let snapshot = try TemporarySnapshot().write("describe-vpcs.json", Self.vpcs).write("describe-route-tables.json", Self.routeTables)
        var editor = try SnapshotEditor(directory: snapshot.path)
        // A block is looked for under the key of its own family only: 2001:db8::/32 is no IPv4 route, 0.0.0.0/0 no IPv6 one.
        let refused: [(FixAction, String)] = [
            (.replaceRoute(table: "rtb-1", destination: .cidr(prefix("2001:db8::/32")), target: .internetGateway("igw-1")),
             "replace-route: describe-route-tables.json has no route to 2001:db8::/32"),
            (.replaceRoute(table: "rtb-1", destination: .cidr(.anyIPv4), target: .egressOnlyInternetGateway("eigw-1")),
             "replace-route: an egress-only internet gateway (eigw-1) routes IPv6 destinations only (--destination-ipv6-cidr-block)"),
            (.createRoute(table: "rtb-1", destination: prefix("10.9.0.0/16"), target: .egressOnlyInternetGateway("eigw-1")),
             "create-route: an egress-only internet gateway (eigw-1) routes IPv6 destinations only (--destination-ipv6-cidr-block)"),
            (.createRoute(table: "rtb-1", destination: .anyIPv6, target: .internetGateway("igw-2")),
             "create-route: describe-route-tables.json already has a route to ::/0 (RouteAlreadyExists); use replace-route"),
            (.createRoute(table: "rtb-9", destination: prefix("2001:db8::/32"), target: .internetGateway("igw-1")),
             "create-route: no route table rtb-9 in the snapshot"),
        ]
        for (action, message) in refused {
            #expect {
                try editor.apply(action)
            } throws: { error in
                (error as? SnapshotEditError)?.message == message
            }
        }
        #expect(throws: SnapshotEditError.self) {
            try editor.apply(.deleteRoute(table: "rtb-1", destination: .cidr(prefix("2001:db8::/32"))))
        }
        #expect(editor.changedFiles.isEmpty)
    }

    @Test func ipv6SecurityGroupRulesAreWrittenInIpv6Ranges() throws {
        let snapshot = try TemporarySnapshot()
            .write("describe-vpcs.json", Self.vpcs)
            .write("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]}"#)
        var editor = try SnapshotEditor(directory: snapshot.path)
        let icmpv6 = ProtocolSelector.number(IPProtocolNumber.icmpv6)
        let https = { (block: IPPrefix) in SecurityGroupRule(ipProtocol: .number(IPProtocolNumber.tcp), ports: PortRange(443, 443), peer: .cidr(block)) }
        try editor.apply(.authorizeSecurityGroupRule(group: "sg-1", direction: .inbound, rule: SecurityGroupRule(
            ipProtocol: icmpv6, icmp: ICMPSelector(type: 128, code: nil), peer: .cidr(prefix("2600:1f18:3b47:2a00::/56")))))
        try editor.apply(.authorizeSecurityGroupRule(group: "sg-1", direction: .inbound, rule: SecurityGroupRule(ipProtocol: icmpv6, peer: .cidr(.anyIPv6))))
        try editor.apply(.authorizeSecurityGroupRule(group: "sg-1", direction: .outbound, rule: https(.anyIPv4)))
        try editor.apply(.authorizeSecurityGroupRule(group: "sg-1", direction: .outbound, rule: https(.anyIPv6)))
        // Each rule is one permission, its block in the list of its family.
        #expect(Self.text(editor, "sg.json") == #"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "icmpv6", "FromPort": 128, "ToPort": -1, "UserIdGroupPairs": [], "IpRanges": [], "Ipv6Ranges": [{"CidrIpv6": "2600:1f18:3b47:2a00::/56"}], "PrefixListIds": []}, {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [], "IpRanges": [], "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": []}], "IpPermissionsEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": []}, {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [], "IpRanges": [], "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": []}]}]}"#)
        // A group the snapshot does not describe is refused, whichever family the rule's block is of.
        for block in [IPPrefix.anyIPv6, prefix("10.0.0.0/8")] {
            #expect(throws: SnapshotEditError.self) {
                try editor.apply(.authorizeSecurityGroupRule(group: "sg-9", direction: .inbound, rule: SecurityGroupRule(ipProtocol: .all, peer: .cidr(block))))
            }
        }
        let output = Output()
        try editor.write(to: output.path)
        #expect(try Self.bytes("\(output.path)/describe-vpcs.json") == Self.bytes("\(snapshot.path)/describe-vpcs.json"))
        let group = try #require(try SnapshotReader.load(directory: output.path).network.securityGroup("sg-1"))
        #expect(group.inbound == [
            SecurityGroupRule(ipProtocol: .number(58), icmp: ICMPSelector(type: 128, code: nil), peer: .cidr(prefix("2600:1f18:3b47:2a00::/56"))),
            SecurityGroupRule(ipProtocol: .number(58), icmp: .any, peer: .cidr(.anyIPv6)),
        ])
        #expect(group.outbound == [
            SecurityGroupRule(ipProtocol: .number(6), ports: PortRange(443, 443), peer: .cidr(.anyIPv4)),
            SecurityGroupRule(ipProtocol: .number(6), ports: PortRange(443, 443), peer: .cidr(.anyIPv6)),
        ])
    }

    static let networkACLs = """
        {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false, "Entries": [
          {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
          {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
          {"Egress": true, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768},
          {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
          {"Egress": false, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 101},
          {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
          {"Egress": false, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}]}]}
        """

    @Test func ipv6NetworkACLEntriesAreWrittenWithIpv6CidrBlock() throws {
        let snapshot = try TemporarySnapshot().write("describe-vpcs.json", Self.vpcs).write("acl.json", Self.networkACLs)
        var editor = try SnapshotEditor(directory: snapshot.path)
        try editor.apply(.createNetworkACLEntry(acl: "acl-1", entry: NetworkACLEntry(
            ruleNumber: 90, direction: .inbound, allows: true, ipProtocol: .number(IPProtocolNumber.icmpv6),
            cidrBlock: prefix("2600:1f18:3b47:2a00::/56"), icmp: ICMPSelector(type: 128, code: nil))))
        try editor.apply(.createNetworkACLEntry(acl: "acl-1", entry: NetworkACLEntry(
            ruleNumber: 110, direction: .outbound, allows: true, ipProtocol: .number(IPProtocolNumber.tcp), cidrBlock: .anyIPv6, ports: .ephemeral)))
        try editor.apply(.replaceNetworkACLEntry(acl: "acl-1", entry: NetworkACLEntry(
            ruleNumber: 101, direction: .inbound, allows: false, ipProtocol: .number(IPProtocolNumber.icmpv6), cidrBlock: .anyIPv6)))
        let text = Self.text(editor, "acl.json")
        #expect(text.contains(#"{"Ipv6CidrBlock": "2600:1f18:3b47:2a00::/56", "Egress": false, "IcmpTypeCode": {"Code": -1, "Type": 128}, "Protocol": "58", "RuleAction": "allow", "RuleNumber": 90}"#))
        #expect(text.contains(#"{"Ipv6CidrBlock": "::/0", "Egress": true, "PortRange": {"From": 1024, "To": 65535}, "Protocol": "6", "RuleAction": "allow", "RuleNumber": 110}"#))
        // AWS refuses a number outside 1-32766 (the default rules' 32768 included) and a number the direction has
        // already, whatever the family of the blocks (inbound 101 is an IPv6 rule); the snapshot has no acl-9.
        let entry = { (number: Int, block: IPPrefix) in
            NetworkACLEntry(ruleNumber: number, direction: .inbound, allows: true, ipProtocol: .all, cidrBlock: block)
        }
        let refused: [(String, NetworkACLEntry)] = [("acl-1", entry(32768, .anyIPv6)), ("acl-1", entry(0, .anyIPv4)),
                                                    ("acl-1", entry(101, .anyIPv4)), ("acl-9", entry(120, .anyIPv6))]
        for (acl, rule) in refused {
            #expect(throws: SnapshotEditError.self, "\(acl) \(rule)") {
                try editor.apply(.createNetworkACLEntry(acl: acl, entry: rule))
            }
        }
        let output = Output()
        try editor.write(to: output.path)
        #expect(try Self.bytes("\(output.path)/describe-vpcs.json") == Self.bytes("\(snapshot.path)/describe-vpcs.json"))
        let acl = try #require(try SnapshotReader.load(directory: output.path).network.networkACL("acl-1"))
        #expect(acl.rules(.inbound) == [
            NetworkACLEntry(ruleNumber: 90, direction: .inbound, allows: true, ipProtocol: .number(58),
                            cidrBlock: prefix("2600:1f18:3b47:2a00::/56"), icmp: ICMPSelector(type: 128, code: nil)),
            NetworkACLEntry(ruleNumber: 100, direction: .inbound, allows: true, ipProtocol: .all, cidrBlock: .anyIPv4),
            NetworkACLEntry(ruleNumber: 101, direction: .inbound, allows: false, ipProtocol: .number(58), cidrBlock: .anyIPv6),
            NetworkACLEntry(ruleNumber: 32767, direction: .inbound, allows: false, ipProtocol: .all, cidrBlock: .anyIPv4),
            NetworkACLEntry(ruleNumber: 32768, direction: .inbound, allows: false, ipProtocol: .all, cidrBlock: .anyIPv6),
        ])
        #expect(acl.rules(.outbound).map(\.description) == [
            "rule 100 (allow all traffic to 0.0.0.0/0)", "rule 110 (allow tcp/1024-65535 to ::/0)",
            "rule * (deny all traffic to 0.0.0.0/0)", "rule * (deny all traffic to ::/0)",
        ])
        #expect(acl.entries.map(\.ruleNumber) == [100, 110, 32767, 32768, 90, 100, 101, 32767, 32768], "in rule order, as AWS lists them")
    }

    /// A peering connection the editor makes records each VPC's IPv6 blocks in `Ipv6CidrBlockSet`.
    @Test func newPeeringConnectionsRecordIPv6Blocks() throws {
        let snapshot = try TemporarySnapshot().write("describe-vpcs.json", Self.vpcs)
        var editor = try SnapshotEditor(directory: snapshot.path)
        try editor.apply(.createPeeringConnection(id: "pcx-pathproof0001", requesterVPC: "vpc-1", accepterVPC: "vpc-2",
                                                  accepterRegion: nil, accepterOwner: nil))
        let text = Self.text(editor, "describe-vpc-peering-connections.json")
        #expect(text == """
            {
                "VpcPeeringConnections": [
                    {
                        "AccepterVpcInfo": {
                            "CidrBlock": "10.41.0.0/16",
                            "Ipv6CidrBlockSet": [
                                {
                                    "Ipv6CidrBlock": "2600:1f18:3b47:2a00::/56"
                                }
                            ],
                            "CidrBlockSet": [
                                {
                                    "CidrBlock": "10.41.0.0/16"
                                }
                            ],
                            "OwnerId": "111122223333",
                            "VpcId": "vpc-2"
                        },
                        "RequesterVpcInfo": {
                            "CidrBlock": "10.40.0.0/16",
                            "Ipv6CidrBlockSet": [
                                {
                                    "Ipv6CidrBlock": "2600:1f18:5a27:bb00::/56"
                                }
                            ],
                            "CidrBlockSet": [
                                {
                                    "CidrBlock": "10.40.0.0/16"
                                }
                            ],
                            "OwnerId": "111122223333",
                            "VpcId": "vpc-1"
                        },
                        "Status": {
                            "Code": "pending-acceptance",
                            "Message": "Pending Acceptance by 111122223333"
                        },
                        "Tags": [],
                        "VpcPeeringConnectionId": "pcx-pathproof0001"
                    }
                ]
            }

            """)
        let output = Output()
        try editor.write(to: output.path)
        let connection = try #require(try SnapshotReader.load(directory: output.path).network.peeringConnection("pcx-pathproof0001"))
        #expect(connection.requester.cidrBlocks == [prefix("10.40.0.0/16"), prefix("2600:1f18:5a27:bb00::/56")])
        #expect(connection.accepter.cidrBlocks == [prefix("10.41.0.0/16"), prefix("2600:1f18:3b47:2a00::/56")])
    }

    /// Enabling a propagation adds the VPC's IPv6 blocks to a listing of the table's propagated routes only when the
    /// attachment has IPv6 support; an IPv6 static route goes under `DestinationCidrBlock`, as AWS prints it.
    @Test func transitGatewayPropagationsAddIPv6RoutesOnlyWithIPv6Support() throws {
        let snapshot = try TemporarySnapshot()
            .write("describe-vpcs.json", Self.vpcs)
            .write("tgw/tables.json", #"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}]}"#)
            .write("tgw/vpc-attachments.json", """
                {"TransitGatewayVpcAttachments": [
                  {"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": "vpc-1", "State": "available", "Options": {"Ipv6Support": "enable"}},
                  {"TransitGatewayAttachmentId": "tgw-attach-2", "TransitGatewayId": "tgw-1", "VpcId": "vpc-2", "State": "available", "Options": {"Ipv6Support": "disable"}}]}
                """)
            .write("tgw/propagations-tgw-rtb-1.json", #"{"TransitGatewayRouteTablePropagations": []}"#)
            .write("tgw/routes-tgw-rtb-1.json", """
                {"Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "TransitGatewayAttachments": [{"ResourceId": "vpn-1", "TransitGatewayAttachmentId": "tgw-attach-vpn", "ResourceType": "vpn"}], "Type": "propagated", "State": "active"}]}
                """)
        var editor = try SnapshotEditor(directory: snapshot.path)
        for attachment in ["tgw-attach-1", "tgw-attach-2"] {
            try editor.apply(.enableTransitGatewayPropagation(table: "tgw-rtb-1", attachment: attachment))
        }
        try editor.apply(.createTransitGatewayRoute(table: "tgw-rtb-1", destination: prefix("2001:db8::/32"), attachment: "tgw-attach-1"))
        #expect(Self.text(editor, "tgw/routes-tgw-rtb-1.json").contains(#""DestinationCidrBlock": "2001:db8::/32""#))
        let output = Output()
        try editor.write(to: output.path)
        let network = try SnapshotReader.load(directory: output.path).network
        let table = try #require(network.transitGatewayRouteTable("tgw-rtb-1"))
        #expect(network.transitGatewayRoutingEntries(of: table).map(\.route.description) == [
            "10.40.0.0/16 → tgw-attach-1", "10.41.0.0/16 → tgw-attach-2", "192.168.0.0/16 → tgw-attach-vpn",
            "2600:1f18:5a27:bb00::/56 → tgw-attach-1", "2001:db8::/32 → tgw-attach-1",
        ])
    }
}

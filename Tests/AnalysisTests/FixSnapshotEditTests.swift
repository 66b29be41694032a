import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Testing

/// The snapshot editor: the AWS calls of fixes (`FixAction`s) made on describe-* JSON, in place, in each file's
/// own layout.
@Suite struct FixSnapshotEditTests {
    static func folder(_ files: [String: String]) throws -> String {
        let directory = FixSupport.temporaryFolder()
        for (name, text) in files {
            let url = URL(fileURLWithPath: "\(directory)/\(name)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func text(_ editor: SnapshotEditor, _ path: String) -> String {
        String(decoding: editor.contents(of: path) ?? [], as: UTF8.self)
    }

    static func block(_ text: String) -> IPPrefix { IPPrefix(text)! }

    static let vpcs = #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"}]}"#

    /// A route table file written two spaces deep with " : " between keys and values, as Foundation writes JSON.
    static let routeTables = """
        {
          "RouteTables" : [
            {
              "RouteTableId" : "rtb-1",
              "Routes" : [
                {
                  "DestinationCidrBlock" : "10.1.0.0/16",
                  "GatewayId" : "local"
                },
                {
                  "DestinationCidrBlock" : "10.2.0.0/16",
                  "State" : "blackhole",
                  "VpcPeeringConnectionId" : "pcx-gone"
                }
              ],
              "VpcId" : "vpc-1"
            },
            {
              "RouteTableId" : "rtb-2",
              "Routes" : [],
              "VpcId" : "vpc-1"
            }
          ]
        }

        """

    @Test func newRoutesFollowTheFilesLayoutAndNothingElseMoves() throws {
        let directory = try Self.folder(["vpcs.json": Self.vpcs, "tables/rtb.json": Self.routeTables])
        var editor = try SnapshotEditor(directory: directory)
        try editor.apply(.createRoute(table: "rtb-1", destination: .anyIPv4, target: .internetGateway("igw-1")))
        try editor.apply(.createRoute(table: "rtb-2", destination: Self.block("10.3.0.0/16"), target: .peeringConnection("pcx-3")))
        try editor.apply(.replaceRoute(table: "rtb-1", destination: .cidr(Self.block("10.2.0.0/16")), target: .peeringConnection("pcx-new")))
        #expect(editor.changedFiles == ["tables/rtb.json"])
        #expect(Self.text(editor, "tables/rtb.json") == """
            {
              "RouteTables" : [
                {
                  "RouteTableId" : "rtb-1",
                  "Routes" : [
                    {
                      "DestinationCidrBlock" : "10.1.0.0/16",
                      "GatewayId" : "local"
                    },
                    {
                      "DestinationCidrBlock" : "10.2.0.0/16",
                      "VpcPeeringConnectionId" : "pcx-new",
                      "Origin" : "CreateRoute",
                      "State" : "active"
                    },
                    {
                      "DestinationCidrBlock" : "0.0.0.0/0",
                      "GatewayId" : "igw-1",
                      "Origin" : "CreateRoute",
                      "State" : "active"
                    }
                  ],
                  "VpcId" : "vpc-1"
                },
                {
                  "RouteTableId" : "rtb-2",
                  "Routes" : [
                    {
                      "DestinationCidrBlock" : "10.3.0.0/16",
                      "VpcPeeringConnectionId" : "pcx-3",
                      "Origin" : "CreateRoute",
                      "State" : "active"
                    }
                  ],
                  "VpcId" : "vpc-1"
                }
              ]
            }

            """)
        // Written: same files, the untouched one byte for byte.
        let output = FixSupport.temporaryFolder()
        try editor.write(to: output)
        #expect(FixSupport.files(output) == ["tables/rtb.json", "vpcs.json"])
        #expect(FixSupport.bytes("\(output)/vpcs.json") == FixSupport.bytes("\(directory)/vpcs.json"))
        let table = try #require(try SnapshotReader.load(directory: output).network.routeTable("rtb-1"))
        #expect(table.routes.map(\.target) == [.local, .peeringConnection("pcx-new"), .internetGateway("igw-1")])
        #expect(table.routes.allSatisfy { $0.isActive })
    }

    @Test func deletingARouteTakesItsSeparator() throws {
        let directory = try Self.folder(["rtb.json": Self.routeTables])
        var editor = try SnapshotEditor(directory: directory)
        try editor.apply(.deleteRoute(table: "rtb-1", destination: .cidr(Self.block("10.2.0.0/16"))))
        try editor.apply(.deleteRoute(table: "rtb-1", destination: .cidr(Self.block("10.1.0.0/16"))))
        #expect(Self.text(editor, "rtb.json").contains(#""Routes" : [],"#))
        #expect(try SnapshotReader.load(directory: directory).network.routeTable("rtb-1")?.routes.count == 2) // the source is untouched
    }

    @Test func oneLineFilesStayOnOneLine() throws {
        let directory = try Self.folder(["vpcs.json": Self.vpcs, "sg.json": #"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": []}]}"#])
        var editor = try SnapshotEditor(directory: directory)
        try editor.apply(.authorizeSecurityGroupRule(group: "sg-1", direction: .inbound, rule: SecurityGroupRule(
            ipProtocol: .number(IPProtocolNumber.icmp), icmp: ICMPSelector(type: 8, code: nil), peer: .cidr(Self.block("10.2.0.0/16")))))
        try editor.apply(.authorizeSecurityGroupRule(group: "sg-1", direction: .outbound, rule: SecurityGroupRule(
            ipProtocol: .number(IPProtocolNumber.tcp), ports: PortRange(443, 443), peer: .cidr(.anyIPv4))))
        let text = Self.text(editor, "sg.json")
        #expect(!text.contains("\n"))
        #expect(text == #"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "10.2.0.0/16"}], "Ipv6Ranges": [], "PrefixListIds": []}], "IpPermissionsEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": []}]}]}"#)
        let output = FixSupport.temporaryFolder()
        try editor.write(to: output)
        let group = try #require(try SnapshotReader.load(directory: output).network.securityGroup("sg-1"))
        #expect(group.inbound.map(\.description) == ["icmp type 8 10.2.0.0/16"])
        #expect(group.outbound.map(\.description) == ["tcp/443 0.0.0.0/0"])
    }

    @Test func networkACLEntriesAreCreatedInRuleOrderAndReplaced() throws {
        let directory = try Self.folder(["acl.json": """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": 100, "Egress": false, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
              {"RuleNumber": 32767, "Egress": false, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
              {"RuleNumber": 32767, "Egress": true, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}]}]}
            """, "vpcs.json": Self.vpcs])
        var editor = try SnapshotEditor(directory: directory)
        let ping = { (allows: Bool) in
            NetworkACLEntry(ruleNumber: 90, direction: .inbound, allows: allows, ipProtocol: .number(IPProtocolNumber.icmp),
                            cidrBlock: Self.block("10.2.0.0/16"), icmp: ICMPSelector(type: 8, code: nil))
        }
        try editor.apply(.createNetworkACLEntry(acl: "acl-1", entry: ping(false)))
        try editor.apply(.createNetworkACLEntry(acl: "acl-1", entry: NetworkACLEntry(
            ruleNumber: 110, direction: .outbound, allows: true, ipProtocol: .number(IPProtocolNumber.tcp), cidrBlock: Self.block("10.2.0.0/16"),
            ports: .ephemeral)))
        try editor.apply(.replaceNetworkACLEntry(acl: "acl-1", entry: ping(true)))
        // The same number twice in one direction is what AWS refuses.
        #expect(throws: SnapshotEditError.self) {
            try editor.apply(.createNetworkACLEntry(acl: "acl-1", entry: NetworkACLEntry(
                ruleNumber: 100, direction: .inbound, allows: true, ipProtocol: .all, cidrBlock: .anyIPv4)))
        }
        let output = FixSupport.temporaryFolder()
        try editor.write(to: output)
        let acl = try #require(try SnapshotReader.load(directory: output).network.networkACL("acl-1"))
        #expect(acl.entries.map(\.description) == [
            "rule 90 (allow icmp type 8 from 10.2.0.0/16)", "rule 100 (allow all traffic from 0.0.0.0/0)", "rule * (deny all traffic from 0.0.0.0/0)",
            "rule 110 (allow tcp/1024-65535 to 10.2.0.0/16)", "rule * (deny all traffic to 0.0.0.0/0)",
        ])
    }

    @Test func peeringConnectionsAreCreatedAcceptedAndRefusedWhenNotPending() throws {
        let directory = try Self.folder(["vpcs.json": """
            {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111122223333"},
                      {"VpcId": "vpc-2", "CidrBlock": "10.2.0.0/16", "OwnerId": "111122223333"}]}
            """])
        var editor = try SnapshotEditor(directory: directory)
        try editor.apply(.createPeeringConnection(id: "pcx-pathproof0001", requesterVPC: "vpc-1", accepterVPC: "vpc-2",
                                                  accepterRegion: nil, accepterOwner: nil))
        try editor.apply(.acceptPeeringConnection(id: "pcx-pathproof0001", region: nil))
        #expect(throws: SnapshotEditError.self) {
            try editor.apply(.acceptPeeringConnection(id: "pcx-pathproof0001", region: nil))
        }
        #expect(editor.changedFiles == ["describe-vpc-peering-connections.json"])
        let output = FixSupport.temporaryFolder()
        try editor.write(to: output)
        let connection = try #require(try SnapshotReader.load(directory: output).network.peeringConnection("pcx-pathproof0001"))
        #expect(connection.status == .active && connection.requester.vpcID == "vpc-1" && connection.accepter.vpcID == "vpc-2")
        #expect(connection.accepter.cidrBlocks.map(\.description) == ["10.2.0.0/16"])
    }

    /// Each refusal names the call and what is wrong: a route that exists already or not at all, a target AWS
    /// refuses for the destination, or a resource the snapshot does not describe.
    @Test func refusesWhatAWSWouldRefuseAndWhatItDoesNotKnow() throws {
        let directory = try Self.folder(["vpcs.json": Self.vpcs, "rtb.json": Self.routeTables])
        var editor = try SnapshotEditor(directory: directory)
        let route = Self.block("10.9.0.0/16")
        let rule = SecurityGroupRule(ipProtocol: .all, peer: .cidr(.anyIPv4))
        let refused: [(FixAction, String)] = [
            (.createRoute(table: "rtb-1", destination: Self.block("10.1.0.0/16"), target: .internetGateway("igw-1")),
             "create-route: rtb.json already has a route to 10.1.0.0/16 (RouteAlreadyExists); use replace-route"),
            (.createRoute(table: "rtb-9", destination: route, target: .internetGateway("igw-1")),
             "create-route: no route table rtb-9 in the snapshot"),
            (.replaceRoute(table: "rtb-1", destination: .cidr(route), target: .internetGateway("igw-1")),
             "replace-route: rtb.json has no route to 10.9.0.0/16"),
            (.deleteRoute(table: "rtb-1", destination: .cidr(route)),
             "delete-route: rtb.json has no route to 10.9.0.0/16"),
            (.createRoute(table: "rtb-1", destination: route, target: .egressOnlyInternetGateway("eigw-1")),
             "create-route: an egress-only internet gateway (eigw-1) routes IPv6 destinations only (--destination-ipv6-cidr-block)"),
            (.authorizeSecurityGroupRule(group: "sg-9", direction: .inbound, rule: rule),
             "authorize-security-group-ingress: no security group sg-9 in the snapshot"),
            (.attachInternetGateway(id: "igw-9", vpc: "vpc-1"),
             "attach-internet-gateway: no internet gateway igw-9 in the snapshot"),
            (.startInstance("i-missing"), "start-instances: no instance i-missing in the snapshot"),
        ]
        for (action, message) in refused {
            #expect("\(action)") { try editor.apply(action) } throws: { ($0 as? SnapshotEditError)?.message == message }
        }
        #expect(editor.changedFiles.isEmpty)
        // The output folder must be new or empty.
        let occupied = try Self.folder(["keep.txt": "mine"])
        #expect(throws: SnapshotEditError.self) { try editor.write(to: occupied) }
        #expect(FileManager.default.contents(atPath: "\(occupied)/keep.txt") == Data("mine".utf8))
        let empty = FixSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try editor.write(to: empty)
        #expect(FixSupport.files(empty) == ["rtb.json", "vpcs.json"])
    }

    @Test func editsOfTheSeedOnlyInsertText() throws {
        // describe-route-tables.json of stage 05 with one route more: the old bytes are all still there, in order,
        // around one inserted run.
        let directory = Fixtures.seed("05-routes-sg-blocks-icmp")
        let network = try Fixtures.load(directory)
        let table = try #require(Fixtures.id(named: "NextWork-1-rtb-public", in: network))
        var editor = try SnapshotEditor(directory: directory)
        try editor.apply(.createRoute(table: table, destination: Self.block("192.0.2.0/24"),
                                      target: .internetGateway(try #require(Fixtures.id(named: "NextWork-1-igw", in: network)))))
        let before = Array(try #require(FixSupport.bytes("\(directory)/describe-route-tables.json")))
        let after = try #require(editor.contents(of: "describe-route-tables.json"))
        let prefix = zip(before, after).prefix { $0 == $1 }.count
        let suffix = zip(before.reversed(), after.reversed()).prefix { $0 == $1 }.count
        #expect(prefix + suffix >= before.count && after.count > before.count)
        let inserted = String(decoding: after[prefix..<(after.count - (before.count - prefix))], as: UTF8.self)
        #expect(inserted.contains("\"DestinationCidrBlock\": \"192.0.2.0/24\""))
        #expect(inserted.contains("\n                {\n                    \"DestinationCidrBlock\"")) // the seed's four-space layout
    }
}

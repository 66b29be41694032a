import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// Reading IPv6: a dual-stack snapshot in AWS's shapes, read into the model with no warning; the IPv6 data the
/// model cannot hold or the snapshot leaves out, with one warning each; IPv4 fields holding IPv6 text (and the
/// reverse), as errors naming the file and the JSON path.
@Suite struct DualStackReaderTests {
    static let web6 = "2600:1f18:5a27:bb00::/56"
    static let data6 = "2600:1f18:3b47:2a00::/56"

    /// Two dual-stack VPCs (Web, Data) peered, an IPv6-only subnet, an internet gateway, an egress-only internet
    /// gateway, a transit gateway with an IPv6-enabled and an IPv6-disabled VPC attachment, a Direct Connect
    /// gateway association and a VPN connection, as `aws ec2 describe-… --output json` prints them.
    static let files: [(String, String)] = [
        ("us-east-1/describe-vpcs.json", """
            {"Vpcs": [
              {"VpcId": "vpc-web", "CidrBlock": "10.40.0.0/16", "OwnerId": "123456789012", "IsDefault": false,
               "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-1", "CidrBlock": "10.40.0.0/16", "CidrBlockState": {"State": "associated"}}],
               "Ipv6CidrBlockAssociationSet": [
                 {"AssociationId": "vpc-cidr-assoc-2", "Ipv6CidrBlock": "\(web6)", "Ipv6CidrBlockState": {"State": "associated"},
                  "NetworkBorderGroup": "us-east-1", "Ipv6Pool": "Amazon"},
                 {"AssociationId": "vpc-cidr-assoc-3", "Ipv6CidrBlock": "2600:1f18:dead:be00::/56", "Ipv6CidrBlockState": {"State": "disassociated"},
                  "NetworkBorderGroup": "us-east-1", "Ipv6Pool": "Amazon"},
                 {"AssociationId": "vpc-cidr-assoc-4", "Ipv6CidrBlockState": {"State": "associating"}}],
               "Tags": [{"Key": "Name", "Value": "Web"}]},
              {"VpcId": "vpc-data", "CidrBlock": "10.41.0.0/16", "OwnerId": "123456789012",
               "CidrBlockAssociationSet": [{"CidrBlock": "10.41.0.0/16", "CidrBlockState": {"State": "associated"}}],
               "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "\(data6)", "Ipv6CidrBlockState": {"State": "associated"}}]}]}
            """),
        ("us-east-1/describe-subnets.json", """
            {"Subnets": [
              {"SubnetId": "subnet-pub", "VpcId": "vpc-web", "CidrBlock": "10.40.1.0/24", "AvailabilityZone": "us-east-1a",
               "Ipv6Native": false, "AssignIpv6AddressOnCreation": true,
               "Ipv6CidrBlockAssociationSet": [{"AssociationId": "subnet-cidr-assoc-1", "Ipv6CidrBlock": "2600:1f18:5a27:bb01::/64",
                                                "Ipv6CidrBlockState": {"State": "associated"}}]},
              {"SubnetId": "subnet-v6", "VpcId": "vpc-web", "AvailabilityZone": "us-east-1b", "Ipv6Native": true,
               "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:5a27:bb03::/64", "Ipv6CidrBlockState": {"State": "associated"}}]},
              {"SubnetId": "subnet-db", "VpcId": "vpc-data", "CidrBlock": "10.41.1.0/24", "AvailabilityZone": "us-east-1a",
               "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:3b47:2a01::/64", "Ipv6CidrBlockState": {"State": "associated"}},
                                               {"Ipv6CidrBlock": "2600:1f18:3b47:2aff::/64", "Ipv6CidrBlockState": {"State": "disassociated"}}]}]}
            """),
        ("us-east-1/describe-route-tables.json", """
            {"RouteTables": [
              {"RouteTableId": "rtb-pub", "VpcId": "vpc-web", "Associations": [{"Main": false, "SubnetId": "subnet-pub"}],
               "Routes": [
                 {"DestinationCidrBlock": "10.40.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                 {"DestinationIpv6CidrBlock": "\(web6)", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                 {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-web", "Origin": "CreateRoute", "State": "active"},
                 {"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-web", "Origin": "CreateRoute", "State": "active"}]},
              {"RouteTableId": "rtb-v6", "VpcId": "vpc-web", "Associations": [{"Main": false, "SubnetId": "subnet-v6"}],
               "Routes": [
                 {"DestinationCidrBlock": "10.40.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                 {"DestinationIpv6CidrBlock": "\(web6)", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                 {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-web", "Origin": "CreateRoute", "State": "active"},
                 {"DestinationIpv6CidrBlock": "64:ff9b::/96", "NatGatewayId": "nat-web", "Origin": "CreateRoute", "State": "active"},
                 {"DestinationIpv6CidrBlock": "\(data6)", "Origin": "CreateRoute", "State": "active", "VpcPeeringConnectionId": "pcx-wd"},
                 {"DestinationIpv6CidrBlock": "2001:db8:1::/48", "TransitGatewayId": "tgw-1", "Origin": "CreateRoute", "State": "active"},
                 {"DestinationIpv6CidrBlock": "2001:db8:2::/48", "NetworkInterfaceId": "eni-web", "Origin": "CreateRoute", "State": "active"},
                 {"DestinationIpv6CidrBlock": "2001:db8:3::/48", "InstanceId": "i-web", "InstanceOwnerId": "123456789012",
                  "NetworkInterfaceId": "eni-web", "Origin": "CreateRoute", "State": "active"},
                 {"DestinationIpv6CidrBlock": "2001:db8:4::/48", "GatewayId": "eigw-web", "Origin": "CreateRoute", "State": "blackhole"}]}]}
            """),
        ("us-east-1/describe-internet-gateways.json", """
            {"InternetGateways": [{"InternetGatewayId": "igw-web", "OwnerId": "123456789012", "Attachments": [{"State": "available", "VpcId": "vpc-web"}]}]}
            """),
        ("us-east-1/describe-egress-only-internet-gateways.json", """
            {"EgressOnlyInternetGateways": [{"Attachments": [{"State": "attached", "VpcId": "vpc-web"}],
              "EgressOnlyInternetGatewayId": "eigw-web", "Tags": [{"Key": "Name", "Value": "Web-eigw"}]}]}
            """),
        ("us-east-1/describe-vpc-peering-connections.json", """
            {"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-wd", "Status": {"Code": "active", "Message": "Active"},
              "RequesterVpcInfo": {"CidrBlock": "10.40.0.0/16", "Ipv6CidrBlockSet": [{"Ipv6CidrBlock": "\(web6)"}],
                                   "CidrBlockSet": [{"CidrBlock": "10.40.0.0/16"}], "OwnerId": "123456789012", "VpcId": "vpc-web", "Region": "us-east-1"},
              "AccepterVpcInfo": {"CidrBlock": "10.41.0.0/16", "Ipv6CidrBlockSet": [{"Ipv6CidrBlock": "\(data6)"}],
                                  "CidrBlockSet": [{"CidrBlock": "10.41.0.0/16"}], "OwnerId": "123456789012", "VpcId": "vpc-data", "Region": "us-east-1"}}]}
            """),
        ("us-east-1/describe-security-groups.json", """
            {"SecurityGroups": [{"GroupId": "sg-web", "GroupName": "web-sg", "VpcId": "vpc-web", "OwnerId": "123456789012",
              "IpPermissions": [
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                 "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "v6 clients"}], "PrefixListIds": []},
                {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [], "IpRanges": [],
                 "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": []},
                {"IpProtocol": "58", "FromPort": 128, "ToPort": 0, "Ipv6Ranges": [{"CidrIpv6": "\(data6)"}]}],
              "IpPermissionsEgress": [
                {"IpProtocol": "-1", "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
                 "PrefixListIds": []}]}]}
            """),
        ("us-east-1/describe-network-acls.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-web", "VpcId": "vpc-web", "IsDefault": true,
              "Associations": [{"NetworkAclAssociationId": "aclassoc-1", "NetworkAclId": "acl-web", "SubnetId": "subnet-pub"},
                               {"NetworkAclAssociationId": "aclassoc-2", "NetworkAclId": "acl-web", "SubnetId": "subnet-v6"}],
              "Entries": [
                {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
                {"Egress": true, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 101},
                {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
                {"Egress": true, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768},
                {"Egress": false, "Ipv6CidrBlock": "::/0", "PortRange": {"From": 443, "To": 443}, "Protocol": "6", "RuleAction": "allow", "RuleNumber": 100},
                {"Egress": false, "IcmpTypeCode": {"Code": 0, "Type": 128}, "Ipv6CidrBlock": "\(web6)", "Protocol": "58", "RuleAction": "allow",
                 "RuleNumber": 110},
                {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
                {"Egress": false, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}]}]}
            """),
        ("us-east-1/describe-network-interfaces.json", """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-web", "SubnetId": "subnet-pub", "VpcId": "vpc-web", "InterfaceType": "interface",
              "Attachment": {"DeviceIndex": 0, "InstanceId": "i-web", "Status": "attached"}, "Status": "in-use", "SourceDestCheck": true,
              "Groups": [{"GroupId": "sg-web", "GroupName": "web-sg"}],
              "PrivateIpAddress": "10.40.1.10",
              "PrivateIpAddresses": [{"Association": {"AllocationId": "eipalloc-web", "PublicIp": "44.210.166.225"}, "Primary": true,
                                      "PrivateIpAddress": "10.40.1.10"}],
              "Ipv6Address": "2600:1f18:5a27:bb01::10",
              "Ipv6Addresses": [{"Ipv6Address": "2600:1f18:5a27:bb01::10", "IsPrimaryIpv6": true},
                                {"Ipv6Address": "2600:1f18:5a27:bb01::11", "IsPrimaryIpv6": false}],
              "TagSet": [{"Key": "Name", "Value": "web-eni"}]}]}
            """),
        ("us-east-1/describe-instances.json", """
            {"Reservations": [{"Instances": [
              {"InstanceId": "i-web", "State": {"Code": 16, "Name": "running"}, "SubnetId": "subnet-pub", "VpcId": "vpc-web",
               "PrivateIpAddress": "10.40.1.10", "PublicIpAddress": "44.210.166.225", "Ipv6Address": "2600:1f18:5a27:bb01::10",
               "NetworkInterfaces": [{"NetworkInterfaceId": "eni-web", "SubnetId": "subnet-pub", "VpcId": "vpc-web",
                 "Attachment": {"DeviceIndex": 0}, "PrivateIpAddresses": [{"PrivateIpAddress": "10.40.1.10", "Primary": true}],
                 "Ipv6Addresses": [{"Ipv6Address": "2600:1f18:5a27:bb01::10", "IsPrimaryIpv6": true}]}]},
              {"InstanceId": "i-v6", "State": {"Code": 16, "Name": "running"}, "SubnetId": "subnet-v6", "VpcId": "vpc-web",
               "Ipv6Address": "2600:1f18:5a27:bb03::20", "SecurityGroups": [{"GroupId": "sg-web", "GroupName": "web-sg"}]}]}]}
            """),
        ("us-east-1/describe-managed-prefix-lists.json", """
            {"ManagedPrefixLists": [{"PrefixListId": "pl-0a6", "PrefixListName": "partners-v6", "AddressFamily": "IPv6", "MaxEntries": 5}]}
            """),
        ("us-east-1/entries/pl-0a6.json", #"{"Entries": [{"Cidr": "2001:db8:aaaa::/48", "Description": "HQ"}, {"Cidr": "2001:db8:bbbb::/48"}]}"#),
        ("us-east-1/describe-prefix-lists.json", """
            {"PrefixLists": [{"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3",
              "Cidrs": ["54.231.0.0/17", "2600:1fa0:80::/41"]}]}
            """),
        ("us-east-1/tgw/describe-transit-gateways.json", """
            {"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available", "OwnerId": "123456789012"}]}
            """),
        ("us-east-1/tgw/describe-transit-gateway-route-tables.json", """
            {"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}]}
            """),
        ("us-east-1/tgw/describe-transit-gateway-vpc-attachments.json", """
            {"TransitGatewayVpcAttachments": [
              {"TransitGatewayAttachmentId": "tgw-attach-web", "TransitGatewayId": "tgw-1", "VpcId": "vpc-web", "State": "available",
               "SubnetIds": ["subnet-pub"], "Options": {"DnsSupport": "enable", "Ipv6Support": "enable", "ApplianceModeSupport": "disable"}},
              {"TransitGatewayAttachmentId": "tgw-attach-data", "TransitGatewayId": "tgw-1", "VpcId": "vpc-data", "State": "available",
               "SubnetIds": ["subnet-db"], "Options": {"DnsSupport": "enable", "Ipv6Support": "disable"}}]}
            """),
        ("us-east-1/tgw/get-transit-gateway-route-table-propagations-tgw-rtb-1.json", """
            {"TransitGatewayRouteTablePropagations": [
              {"TransitGatewayAttachmentId": "tgw-attach-web", "ResourceId": "vpc-web", "ResourceType": "vpc", "State": "enabled"},
              {"TransitGatewayAttachmentId": "tgw-attach-data", "ResourceId": "vpc-data", "ResourceType": "vpc", "State": "enabled"}]}
            """),
        ("us-east-1/tgw/search-transit-gateway-routes-tgw-rtb-1.json", """
            {"Routes": [{"DestinationCidrBlock": "2001:db8:1::/48", "TransitGatewayAttachments": [{"ResourceId": "vpc-web",
              "TransitGatewayAttachmentId": "tgw-attach-web", "ResourceType": "vpc"}], "Type": "static", "State": "active"}],
             "AdditionalRoutesAvailable": false}
            """),
        ("us-east-1/describe-vpn-connections.json", """
            {"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available", "TransitGatewayId": "tgw-1", "CustomerGatewayId": "cgw-1",
              "Options": {"StaticRoutesOnly": true, "TunnelInsideIpVersion": "ipv6"},
              "Routes": [{"DestinationCidrBlock": "2001:db8:99::/48", "Source": "Static", "State": "available"},
                         {"DestinationCidrBlock": "192.168.0.0/16", "Source": "Static", "State": "available"}]}]}
            """),
        ("us-east-1/directconnect/describe-direct-connect-gateway-associations.json", """
            {"directConnectGatewayAssociations": [{"directConnectGatewayId": "dxgw-1", "associationId": "dxgwassoc-1",
              "associationState": "associated", "associatedGateway": {"id": "tgw-1", "type": "transitGateway"},
              "allowedPrefixesToDirectConnectGateway": [{"cidr": "10.40.0.0/16"}, {"cidr": "\(web6)"}]}]}
            """),
    ]

    static func snapshot() throws -> TemporarySnapshot {
        let snapshot = try TemporarySnapshot()
        for (name, text) in files { try snapshot.write(name, text) }
        return snapshot
    }

    @Test func everyIPv6DatumIsReadWithoutWarnings() throws {
        let snapshot = try Self.snapshot().load()
        #expect(snapshot.warnings.filter { !$0.concernsCompleteness }.isEmpty, "\(snapshot.warnings)")
        let network = snapshot.network

        // VPCs and subnets: IPv4 blocks, then the associated IPv6 blocks.
        #expect(network.vpc("vpc-web")?.cidrBlocks == [prefix("10.40.0.0/16"), prefix(Self.web6)])
        #expect(network.vpc("vpc-data")?.cidrBlocks == [prefix("10.41.0.0/16"), prefix(Self.data6)])
        #expect(network.subnet("subnet-pub")?.cidrBlocks == [prefix("10.40.1.0/24"), prefix("2600:1f18:5a27:bb01::/64")])
        #expect(network.subnet("subnet-db")?.cidrBlocks == [prefix("10.41.1.0/24"), prefix("2600:1f18:3b47:2a01::/64")])
        let v6only = try #require(network.subnet("subnet-v6"), "an IPv6-only subnet is read")
        #expect(v6only.cidrBlocks == [prefix("2600:1f18:5a27:bb03::/64")] && v6only.cidrBlock(.ipv4) == nil)
        #expect(v6only.availabilityZone == "us-east-1b" && v6only.vpcID == "vpc-web")

        // Routes of both families, every target kind.
        #expect(network.routeTable("rtb-pub")?.routes == [
            Route(destination: .cidr(prefix("10.40.0.0/16")), target: .local, origin: .createRouteTable),
            Route(destination: .cidr(prefix(Self.web6)), target: .local, origin: .createRouteTable),
            Route(destination: .cidr(.anyIPv4), target: .internetGateway("igw-web"), origin: .createRoute),
            Route(destination: .cidr(.anyIPv6), target: .internetGateway("igw-web"), origin: .createRoute),
        ])
        #expect(network.routeTable("rtb-v6")?.routes == [
            Route(destination: .cidr(prefix("10.40.0.0/16")), target: .local, origin: .createRouteTable),
            Route(destination: .cidr(prefix(Self.web6)), target: .local, origin: .createRouteTable),
            Route(destination: .cidr(.anyIPv6), target: .egressOnlyInternetGateway("eigw-web"), origin: .createRoute),
            Route(destination: .cidr(prefix("64:ff9b::/96")), target: .natGateway("nat-web"), origin: .createRoute),
            Route(destination: .cidr(prefix(Self.data6)), target: .peeringConnection("pcx-wd"), origin: .createRoute),
            Route(destination: .cidr(prefix("2001:db8:1::/48")), target: .transitGateway("tgw-1"), origin: .createRoute),
            Route(destination: .cidr(prefix("2001:db8:2::/48")), target: .networkInterface("eni-web"), origin: .createRoute),
            Route(destination: .cidr(prefix("2001:db8:3::/48")), target: .networkInterface("eni-web"), origin: .createRoute),
            Route(destination: .cidr(prefix("2001:db8:4::/48")), target: .egressOnlyInternetGateway("eigw-web"), isActive: false,
                  origin: .createRoute),
        ])

        // The egress-only internet gateway, as described (not inferred).
        #expect(network.egressOnlyInternetGateways == [
            EgressOnlyInternetGateway(id: "eigw-web", attachments: [.init(vpcID: "vpc-web", state: .attached)], tags: Tags([("Name", "Web-eigw")])),
        ])
        #expect(network.egressOnlyInternetGateway("eigw-web")?.attachment(to: "vpc-web")?.isAttached == true)

        // Peering: each side's IPv4 blocks, then its IPv6 blocks.
        let peering = try #require(network.peeringConnection("pcx-wd"))
        #expect(peering.requester.cidrBlocks == [prefix("10.40.0.0/16"), prefix(Self.web6)])
        #expect(peering.accepter.cidrBlocks == [prefix("10.41.0.0/16"), prefix(Self.data6)])

        // Security group rules: Ipv6Ranges after IpRanges; icmpv6 and 58 carry the ICMPv6 type and code.
        let group = try #require(network.securityGroup("sg-web"))
        #expect(group.inbound == [
            SecurityGroupRule(ipProtocol: .number(6), ports: PortRange(443, 443), peer: .cidr(.anyIPv4)),
            SecurityGroupRule(ipProtocol: .number(6), ports: PortRange(443, 443), peer: .cidr(.anyIPv6), ruleDescription: "v6 clients"),
            SecurityGroupRule(ipProtocol: .number(58), icmp: .any, peer: .cidr(.anyIPv6)),
            SecurityGroupRule(ipProtocol: .number(58), icmp: ICMPSelector(type: 128, code: 0), peer: .cidr(prefix(Self.data6))),
        ])
        #expect(group.outbound == [SecurityGroupRule(ipProtocol: .all, peer: .cidr(.anyIPv4)), SecurityGroupRule(ipProtocol: .all, peer: .cidr(.anyIPv6))])

        // Network ACL entries of both families, the final denies 32767 (IPv4) and 32768 (IPv6) both shown as `*`.
        let acl = try #require(network.networkACL(forSubnet: "subnet-v6"))
        #expect(acl.rules(.inbound) == [
            NetworkACLEntry(ruleNumber: 100, direction: .inbound, allows: true, ipProtocol: .number(6), cidrBlock: .anyIPv6, ports: PortRange(443, 443)),
            NetworkACLEntry(ruleNumber: 110, direction: .inbound, allows: true, ipProtocol: .number(58), cidrBlock: prefix(Self.web6),
                            icmp: ICMPSelector(type: 128, code: 0)),
            NetworkACLEntry(ruleNumber: 32767, direction: .inbound, allows: false, ipProtocol: .all, cidrBlock: .anyIPv4),
            NetworkACLEntry(ruleNumber: 32768, direction: .inbound, allows: false, ipProtocol: .all, cidrBlock: .anyIPv6),
        ])
        #expect(acl.rules(.outbound).map(\.cidrBlock) == [.anyIPv4, .anyIPv6, .anyIPv4, .anyIPv6])
        #expect(acl.rules(.outbound).map(\.ruleName) == ["100", "101", "*", "*"])

        // Interfaces: the private IPv4 addresses, then the IPv6 ones (never primary, never mapped to a public address).
        let web = try #require(network.networkInterface("eni-web"))
        #expect(web.addresses == [
            .init(address: address("10.40.1.10"), isPrimary: true, publicAddress: address("44.210.166.225"), elasticIPAllocationID: "eipalloc-web"),
            .init(address: address("2600:1f18:5a27:bb01::10"), isPrimary: false),
            .init(address: address("2600:1f18:5a27:bb01::11"), isPrimary: false),
        ])
        #expect(web.primaryAddress == address("10.40.1.10") && web.addresses(.ipv6).count == 2)
        #expect(network.instance("i-web")?.networkInterfaceIDs == ["eni-web"])
        // An instance known only by its own fields, in the IPv6-only subnet: its one address is its Ipv6Address.
        let v6 = try #require(network.networkInterface("i-v6:primary"))
        #expect(v6.addresses == [.init(address: address("2600:1f18:5a27:bb03::20"), isPrimary: false)])
        #expect(v6.subnetID == "subnet-v6" && v6.securityGroupIDs == ["sg-web"] && v6.primaryAddress == nil)

        // Prefix lists of either family.
        #expect(network.prefixList("pl-0a6") == PrefixList(id: "pl-0a6", name: "partners-v6",
                                                           cidrBlocks: [prefix("2001:db8:aaaa::/48"), prefix("2001:db8:bbbb::/48")]))
        #expect(network.prefixList("pl-63a5400a")?.cidrBlocks == [prefix("54.231.0.0/17"), prefix("2600:1fa0:80::/41")])

        // Transit gateway: the IPv6 static route; the VPCs' IPv6 blocks propagate only through the attachment with
        // IPv6 support.
        #expect(network.transitGatewayAttachment("tgw-attach-web", on: "tgw-1")?.ipv6Support == true)
        #expect(network.transitGatewayAttachment("tgw-attach-data", on: "tgw-1")?.ipv6Support == false)
        let table = try #require(network.transitGatewayRouteTable("tgw-rtb-1"))
        #expect(network.transitGatewayRoutingEntries(of: table).map(\.route.description) == [
            "10.40.0.0/16 → tgw-attach-web", "10.41.0.0/16 → tgw-attach-data",
            "\(Self.web6) → tgw-attach-web", "2001:db8:1::/48 → tgw-attach-web",
        ])
        #expect(network.transitGatewayRoute(in: table, for: address("2600:1f18:3b47:2a01::5")) == nil, "vpc-data's IPv6 block is not propagated")
        #expect(network.transitGatewayRoute(in: table, for: address("2600:1f18:5a27:bb01::10"))?.route.attachmentIDs == ["tgw-attach-web"])

        // VPN static routes and Direct Connect allowed prefixes of either family.
        #expect(network.edge.vpnConnection("vpn-1")?.routes.map(\.prefix) == [prefix("2001:db8:99::/48"), prefix("192.168.0.0/16")])
        #expect(network.edge.directConnectGatewayAssociations.first?.allowedPrefixes == [prefix("10.40.0.0/16"), prefix(Self.web6)])
    }

    /// Propagation from a VPC attachment: its IPv4 blocks always, its IPv6 blocks only with `Ipv6Support: enable`.
    @Test func transitGatewayPropagatesIPv6BlocksOnlyWithIPv6Support() {
        let vpcs = [VPC(id: "vpc-1", cidrBlocks: [prefix("10.1.0.0/16"), prefix("2600:1::/56")])]
        func entries(ipv6Support: Bool) -> [String] {
            let configuration = TransitGatewayConfiguration(
                gateways: [TransitGateway(id: "tgw-1")],
                attachments: [TransitGatewayAttachment(id: "tgw-attach-1", transitGatewayID: "tgw-1", resourceType: .vpc, resourceID: "vpc-1",
                                                       ipv6Support: ipv6Support)],
                routeTables: [TransitGatewayRouteTable(id: "tgw-rtb-1", transitGatewayID: "tgw-1",
                                                       propagations: [TransitGatewayPropagation(attachmentID: "tgw-attach-1", resourceType: .vpc,
                                                                                                resourceID: "vpc-1")])])
            return configuration.resolved(vpcs: vpcs).routingEntries(of: "tgw-rtb-1").map(\.route.description)
        }
        #expect(entries(ipv6Support: true) == ["10.1.0.0/16 → tgw-attach-1", "2600:1::/56 → tgw-attach-1"])
        #expect(entries(ipv6Support: false) == ["10.1.0.0/16 → tgw-attach-1"])
    }

    // MARK: What still warns

    /// An egress-only internet gateway that active routes use but no output describes is inferred attached to the
    /// routes' VPC, with one warning; a blackhole route (the gateway deleted) infers nothing.
    @Test func undescribedEgressOnlyGatewaysAreInferredWithAWarning() throws {
        let snapshot = try TemporarySnapshot().write("rt.json", """
            {"RouteTables": [
              {"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
                {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"}]},
              {"RouteTableId": "rtb-2", "VpcId": "vpc-1", "Routes": [
                {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"},
                {"DestinationIpv6CidrBlock": "2001:db8::/32", "EgressOnlyInternetGatewayId": "eigw-gone", "State": "blackhole"}]}]}
            """).load()
        #expect(snapshot.warnings.map(\.description) == [
            "undescribed egress-only internet gateways: 1 egress-only internet gateway is used by active routes but not described; assumed attached (AWS marks routes to deleted gateways blackhole): eigw-1 in vpc-1",
        ])
        #expect(snapshot.network.egressOnlyInternetGateways == [
            EgressOnlyInternetGateway(id: "eigw-1", attachments: [.init(vpcID: "vpc-1", state: .attached)]),
        ])
    }

    @Test func delegatedIPv6PrefixesAreIgnoredWithAWarning() throws {
        let snapshot = try TemporarySnapshot().write("eni.json", """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
              "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}],
              "Ipv6Addresses": [{"Ipv6Address": "2600::5", "IsPrimaryIpv6": false}],
              "Ipv6Prefixes": [{"Ipv6Prefix": "2600:0:0:1::/80"}, {"Ipv6Prefix": "2600:0:0:2::/80"}]}]}
            """).load()
        #expect(snapshot.network.networkInterface("eni-1")?.addresses.map(\.address) == [address("10.0.0.5"), address("2600::5")])
        #expect(snapshot.warnings.filter { !$0.concernsCompleteness }.map(\.description) == [
            "IPv6 prefixes delegated to network interfaces: 2 ignored (Ipv6Prefixes); the model holds an interface's single addresses, so traffic to or from addresses in these prefixes is not the interface's: eni-1 (in eni.json)",
        ])
    }

    /// An instance's `Ipv6Address` is one of its interfaces' addresses; when none lists it, the interfaces win.
    @Test func anInstanceIPv6AddressNoInterfaceListsIsNotAdded() throws {
        let snapshot = try TemporarySnapshot().write("instances.json", """
            {"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}, "Ipv6Address": "2600::99",
              "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Attachment": {"DeviceIndex": 0},
                "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}], "Ipv6Addresses": [{"Ipv6Address": "2600::5"}]}]}]}]}
            """).load()
        #expect(snapshot.network.networkInterface("eni-1")?.addresses.map(\.address) == [address("10.0.0.5"), address("2600::5")])
        #expect(snapshot.warnings.filter { !$0.concernsCompleteness }.map(\.description) == [
            "instance IPv6 addresses: 1 instance records an Ipv6Address that none of its network interfaces lists; the interfaces' own Ipv6Addresses are used: 2600::99 (i-1) (in instances.json)",
        ])
    }

    /// Copies of one interface that disagree on its addresses contradict each other (an error: a snapshot holds one
    /// state of each resource); copies that agree are one, IPv4 addresses first, with the public address either records.
    @Test func interfaceCopiesMustAgreeOnAddresses() throws {
        let first = #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.5", "Ipv6Addresses": [{"Ipv6Address": "2600::5"}]}]}"#
        let conflicting = try TemporarySnapshot().write("a.json", first)
            .write("b.json", #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}, {"PrivateIpAddress": "10.0.0.6"}]}]}"#)
        #expect(conflicting.loadError()?.hasPrefix("b.json: NetworkInterfaces[0]: eni-1 is described here and at a.json at NetworkInterfaces[0] with different subnet, addresses") == true,
                "\(conflicting.loadError() ?? "no error")")
        let network = try TemporarySnapshot().write("a.json", first)
            .write("b.json", #"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "Ipv6Addresses": [{"Ipv6Address": "2600::5"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true, "Association": {"PublicIp": "198.51.100.5"}}]}]}"#)
            .load().network
        #expect(network.networkInterface("eni-1")?.addresses.map(\.address) == [address("10.0.0.5"), address("2600::5")])
        #expect(network.networkInterface("eni-1")?.addresses.first?.publicAddress == address("198.51.100.5"))
    }

    // MARK: Fields of the wrong family

    /// Each case: a file, and the error loading it must give. An IPv4 field holding IPv6 text (or the reverse) is an
    /// error naming the file and the JSON path, never a silently misread datum.
    static let wrongFamilies: [(file: String, text: String, error: String)] = [
        ("describe-route-tables.json", """
            {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
              {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}, {"DestinationIpv6CidrBlock": "2600::/56", "GatewayId": "local"},
              {"DestinationIpv6CidrBlock": "10.0.0.0/8", "GatewayId": "igw-1"}]}]}
            """, #"describe-route-tables.json: RouteTables[0].Routes[2].DestinationIpv6CidrBlock: "10.0.0.0/8" is not an IPv6 CIDR"#),
        ("rt.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "::/0", "GatewayId": "igw-1"}]}]}"#,
         #"rt.json: RouteTables[0].Routes[0].DestinationCidrBlock: "::/0" is not an IPv4 CIDR"#),
        ("rt.json", #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationIpv6CidrBlock": "2600::/129", "GatewayId": "igw-1"}]}]}"#,
         #"rt.json: RouteTables[0].Routes[0].DestinationIpv6CidrBlock: "2600::/129" is not a CIDR"#),
        ("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "2600::/56"}]}"#, #"vpcs.json: Vpcs[0].CidrBlock: "2600::/56" is not an IPv4 CIDR"#),
        ("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "10.1.0.0/16"}]}]}"#,
         #"vpcs.json: Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: "10.1.0.0/16" is not an IPv6 CIDR"#),
        ("vpcs.json", #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlockState": {"State": "associated"}}]}]}"#,
         "vpcs.json: Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: missing (expected an IPv6 CIDR block)"),
        ("subnets.json", #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "10.0.1.0/24"}]}]}"#,
         #"subnets.json: Subnets[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: "10.0.1.0/24" is not an IPv6 CIDR"#),
        ("subnets.json", #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600::/64", "Ipv6CidrBlockState": {"State": "disassociated"}}]}]}"#,
         "subnets.json: Subnets[0].CidrBlock: missing (expected a CIDR block)"),
        ("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "::/0"}]}]}]}"#,
         #"sg.json: SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: "::/0" is not an IPv4 CIDR"#),
        ("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissionsEgress": [{"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "0.0.0.0/0"}]}]}]}"#,
         #"sg.json: SecurityGroups[0].IpPermissionsEgress[0].Ipv6Ranges[0].CidrIpv6: "0.0.0.0/0" is not an IPv6 CIDR"#),
        ("sg.json", #"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "icmpv6", "FromPort": 256, "ToPort": -1}]}]}"#,
         "sg.json: SecurityGroups[0].IpPermissions[0].FromPort: 256 is not an ICMP type (0-255, or -1 for any)"),
        ("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": 101, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "Ipv6CidrBlock": "0.0.0.0/0"}]}]}
            """, #"acl.json: NetworkAcls[0].Entries[0].Ipv6CidrBlock: "0.0.0.0/0" is not an IPv6 CIDR"#),
        ("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "::/0"}]}]}
            """, #"acl.json: NetworkAcls[0].Entries[0].CidrBlock: "::/0" is not an IPv4 CIDR"#),
        ("acl.json", """
            {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [
              {"RuleNumber": 100, "Egress": true, "RuleAction": "allow", "Protocol": "-1"}]}]}
            """, "acl.json: NetworkAcls[0].Entries[0].CidrBlock: missing (expected a CIDR block, or an Ipv6CidrBlock)"),
        ("eni.json", """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
              "Ipv6Addresses": [{"Ipv6Address": "10.0.0.5"}]}]}
            """, #"eni.json: NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: "10.0.0.5" is not an IPv6 address"#),
        ("eni.json", """
            {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
              "PrivateIpAddresses": [{"PrivateIpAddress": "2600::5", "Primary": true}]}]}
            """, #"eni.json: NetworkInterfaces[0].PrivateIpAddresses[0].PrivateIpAddress: "2600::5" is not an IPv4 address"#),
        ("i.json", #"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}, "Ipv6Address": "10.0.0.5"}]}]}"#,
         #"i.json: Reservations[0].Instances[0].Ipv6Address: "10.0.0.5" is not an IPv6 address"#),
        ("pcx.json", """
            {"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"}, "RequesterVpcInfo": {"VpcId": "vpc-1"},
              "AccepterVpcInfo": {"VpcId": "vpc-2", "Ipv6CidrBlockSet": [{"Ipv6CidrBlock": "10.2.0.0/16"}]}}]}
            """, #"pcx.json: VpcPeeringConnections[0].AccepterVpcInfo.Ipv6CidrBlockSet[0].Ipv6CidrBlock: "10.2.0.0/16" is not an IPv6 CIDR"#),
        ("eip.json", #"{"Addresses": [{"PublicIp": "2600::1"}]}"#, #"eip.json: Addresses[0].PublicIp: "2600::1" is not an IPv4 address"#),
        ("tgw.json", #"{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": "vpc-1", "State": "available", "Options": {"Ipv6Support": "yes"}}]}"#,
         #"tgw.json: TransitGatewayVpcAttachments[0].Options.Ipv6Support: "yes" is neither enable nor disable"#),
        ("pl.json", #"{"ManagedPrefixLists": [{"PrefixListId": "pl-0abc", "AddressFamily": "IPv5"}]}"#,
         #"pl.json: ManagedPrefixLists[0].AddressFamily: "IPv5" is neither IPv4 nor IPv6"#),
    ]

    @Test func fieldsOfTheWrongFamilyAreErrors() throws {
        for (file, text, message) in Self.wrongFamilies {
            let snapshot = try TemporarySnapshot().write(file, text)
            #expect(snapshot.loadError() == message)
        }
        // The error is a SnapshotError (the CLI exits on it) that names the file and the JSON path apart.
        let snapshot = try TemporarySnapshot().write(Self.wrongFamilies[0].file, Self.wrongFamilies[0].text)
        #expect {
            try SnapshotReader.load(directory: snapshot.path)
        } throws: { error in
            guard let error = error as? SnapshotError else { return false }
            return error.file == "describe-route-tables.json" && error.jsonPath == "RouteTables[0].Routes[2].DestinationIpv6CidrBlock"
                && error.message == #""10.0.0.0/8" is not an IPv6 CIDR"#
        }
    }

    /// A managed prefix list's entries are in another file: one of the other family than the list's
    /// `AddressFamily` is an error naming that file.
    @Test func prefixListEntriesOfTheWrongFamilyAreErrors() throws {
        let snapshot = try TemporarySnapshot()
            .write("managed.json", #"{"ManagedPrefixLists": [{"PrefixListId": "pl-0abc", "PrefixListName": "offices", "AddressFamily": "IPv4"}]}"#)
            .write("pl-0abc-entries.json", #"{"Entries": [{"Cidr": "203.0.113.0/24"}, {"Cidr": "2001:db8::/32"}]}"#)
        #expect(snapshot.loadError() == #"pl-0abc-entries.json: Entries[1].Cidr: "2001:db8::/32" is not an IPv4 CIDR (pl-0abc is an IPv4 list)"#)
    }
}

import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// Reading transit gateways: the CLI's outputs (and the corpus's wrappers), merged across accounts, with errors
/// that name the file and the JSON path.
@Suite struct TransitGatewayReaderTests {
    static let vpc = #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16"}, {"VpcId": "vpc-2", "CidrBlock": "10.2.0.0/16", "CidrBlockAssociationSet": [{"CidrBlock": "10.2.0.0/16", "CidrBlockState": {"State": "associated"}}, {"CidrBlock": "10.3.0.0/16", "CidrBlockState": {"State": "associated"}}]}]}"#
    static let gateway = #"{"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available", "OwnerId": "111", "TransitGatewayArn": "arn:aws:ec2:eu-west-1:111:transit-gateway/tgw-1", "Options": {"AssociationDefaultRouteTableId": "tgw-rtb-1"}, "Tags": [{"Key": "Name", "Value": "hub"}]}]}"#
    static let tables = #"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available", "DefaultAssociationRouteTable": true}]}"#
    static let attachments = #"{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": "vpc-1", "State": "available", "SubnetIds": ["subnet-1"]}, {"TransitGatewayAttachmentId": "tgw-attach-2", "TransitGatewayId": "tgw-1", "VpcId": "vpc-2", "State": "available", "SubnetIds": ["subnet-2", "subnet-3"]}]}"#

    /// The outputs of `search-transit-gateway-routes`, `get-transit-gateway-route-table-associations` and
    /// `-propagations` do not name their table: the file name does.
    @Test func perTableOutputsAreNamedByTheirFile() throws {
        let snapshot = try TemporarySnapshot()
            .write("vpcs.json", Self.vpc).write("tgw/gateways.json", Self.gateway).write("tgw/tables.json", Self.tables)
            .write("tgw/vpc-attachments.json", Self.attachments)
            .write("tgw/search-transit-gateway-routes-tgw-rtb-1.json", #"""
                {"Routes": [{"DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayAttachments": [{"ResourceId": "vpc-1", "TransitGatewayAttachmentId": "tgw-attach-1", "ResourceType": "vpc"}], "Type": "static", "State": "active"},
                            {"DestinationCidrBlock": "10.2.9.0/24", "Type": "static", "State": "blackhole"},
                            {"DestinationCidrBlock": "10.7.0.0/16", "Type": "static", "State": "deleted"},
                            {"DestinationCidrBlock": "2001:db8::/32", "TransitGatewayAttachments": [{"ResourceId": "vpc-1", "TransitGatewayAttachmentId": "tgw-attach-1", "ResourceType": "vpc"}], "Type": "static", "State": "active"}],
                 "AdditionalRoutesAvailable": false}
                """#)
            .write("tgw/tgw-rtb-1/associations.json", #"{"Associations": [{"TransitGatewayAttachmentId": "tgw-attach-1", "ResourceId": "vpc-1", "ResourceType": "vpc", "State": "associated"}, {"TransitGatewayAttachmentId": "tgw-attach-2", "ResourceId": "vpc-2", "ResourceType": "vpc", "State": "disassociated"}]}"#)
            .write("tgw/propagations-tgw-rtb-1.json", #"{"TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId": "tgw-attach-2", "ResourceId": "vpc-2", "ResourceType": "vpc", "State": "enabled"}]}"#)
            .load()
        let network = snapshot.network
        #expect(snapshot.warnings.isEmpty)
        let gateway = try #require(network.transitGateway("tgw-1"))
        #expect(gateway.region == "eu-west-1" && gateway.ownerID == "111" && gateway.isAvailable && network.name(of: "tgw-1") == "hub")
        #expect(gateway.defaultAssociationRouteTableID == "tgw-rtb-1")
        let one = try #require(network.transitGatewayAttachment("tgw-attach-1", on: "tgw-1"))
        #expect(one.isVPC && one.vpcID == "vpc-1" && one.subnetIDs == ["subnet-1"] && one.associatedRouteTableID == "tgw-rtb-1")
        #expect(network.transitGatewayAttachment(ofVPC: "vpc-2", on: "tgw-1")?.associatedRouteTableID == nil)
        let table = try #require(network.transitGatewayRouteTable("tgw-rtb-1"))
        // The static /16 wins over the propagated /16 to vpc-2; vpc-2's second block is propagated; the /24 blackhole
        // comes first; the deleted route takes no part.
        #expect(network.transitGatewayRoutingEntries(of: table).map(\.route.description)
            == ["10.2.9.0/24 blackhole", "10.2.0.0/16 → tgw-attach-1", "10.2.0.0/16 → tgw-attach-2", "10.3.0.0/16 → tgw-attach-2",
                "2001:db8::/32 → tgw-attach-1"])
        #expect(network.transitGatewayRoute(in: table, for: address("10.2.1.1"))?.route.attachmentIDs == ["tgw-attach-1"])
        #expect(network.transitGatewayRoute(in: table, for: address("10.3.0.1"))?.route.isStatic == false)
        #expect(network.transitGatewayRoute(in: table, for: address("10.9.0.1")) == nil)
        #expect(network.transitGatewayUnknownRoutes(of: table).isEmpty)
    }

    @Test func outputsWithoutTheirTableAreIgnoredWithAWarning() throws {
        let snapshot = try TemporarySnapshot()
            .write("routes.json", #"{"Routes": [{"DestinationCidrBlock": "10.2.0.0/16", "Type": "static", "State": "blackhole"}], "AdditionalRoutesAvailable": true}"#)
            .load()
        #expect(snapshot.warnings.map(\.description) == [
            "Routes: search-transit-gateway-routes output, but its file name (or folder) contains no tgw-rtb-… id to say which transit gateway route table it describes; ignored (in routes.json)",
            "AdditionalRoutesAvailable: search-transit-gateway-routes stopped at its limit; the routes it did not list are missing (in routes.json)",
        ])
    }

    /// A route table that takes routes from something the snapshot cannot tell knows it.
    @Test func propagationsFromAVPNMakeRoutesUnknown() throws {
        let snapshot = try TemporarySnapshot()
            .write("vpcs.json", Self.vpc).write("gateways.json", Self.gateway).write("tables.json", Self.tables)
            .write("attachments.json", #"{"TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-9", "TransitGatewayId": "tgw-1", "ResourceType": "vpn", "ResourceId": "vpn-1", "State": "available", "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}}]}"#)
            .write("wrapper.json", #"{"TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId": "tgw-attach-9", "ResourceId": "vpn-1", "ResourceType": "vpn", "State": "enabled"}, {"TransitGatewayAttachmentId": "tgw-attach-8", "ResourceId": "vpc-404", "ResourceType": "vpc", "State": "enabled"}]}]}"#)
            .load()
        let table = try #require(snapshot.network.transitGatewayRouteTable("tgw-rtb-1"))
        #expect(snapshot.network.transitGatewayUnknownRoutes(of: table)
            == ["tgw-attach-9 (vpn vpn-1)", "tgw-attach-8 (VPC vpc-404 that the snapshot does not describe)"])
    }

    /// `describe-transit-gateway-peering-attachments` gives one end on each transit gateway.
    @Test func peeringAttachmentsHaveTwoEnds() throws {
        let network = try TemporarySnapshot()
            .write("peering.json", #"{"TransitGatewayPeeringAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-p", "RequesterTgwInfo": {"TransitGatewayId": "tgw-1", "OwnerId": "111", "Region": "us-east-1"}, "AccepterTgwInfo": {"TransitGatewayId": "tgw-2", "OwnerId": "222", "Region": "us-west-2"}, "State": "pendingAcceptance"}]}"#)
            .load().network
        let requester = try #require(network.transitGatewayAttachment("tgw-attach-p", on: "tgw-1"))
        #expect(requester.isPeering && requester.resourceID == "tgw-2" && requester.state == .pendingAcceptance && !requester.carriesTraffic)
        #expect(network.transitGatewayPeerEnd(of: requester)?.transitGatewayID == "tgw-2")
    }

    @Test func badInputNamesFileAndPath() throws {
        let missing = try TemporarySnapshot().write("t.json", #"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "available"}]}"#)
        #expect(missing.loadError() == "t.json: TransitGatewayRouteTables[0].TransitGatewayId: missing (expected a string)")
        let cidr = try TemporarySnapshot().write("x/search-tgw-rtb-1.json", #"{"Routes": [{"DestinationCidrBlock": "10.0.0.0/8", "Type": "static", "State": "blackhole"}, {"DestinationCidrBlock": "10.0.0.0/33", "Type": "static", "State": "active"}]}"#)
        #expect(cidr.loadError() == #"x/search-tgw-rtb-1.json: Routes[1].DestinationCidrBlock: "10.0.0.0/33" is not a CIDR"#)
        let subnets = try TemporarySnapshot().write("a.json", #"{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1", "VpcId": "vpc-1", "State": "available", "SubnetIds": [7]}]}"#)
        #expect(subnets.loadError() == "a.json: TransitGatewayVpcAttachments[0].SubnetIds[0]: expected a string, found a number")
        let wrapper = try TemporarySnapshot().write("w.json", #"{"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1"}]}"#)
        #expect(wrapper.loadError() == "w.json: TransitGatewayStaticRoutes[0].Routes: missing (expected an array of routes)")
    }
}

/// The corpus's transit gateway captures, read by hand.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct TransitGatewayCorpusReaderTests {
    /// Every transit gateway output of the corpus is read: no warning about it.
    @Test func noTransitGatewayOutputIsLeftUnread() throws {
        let scenarios = try Fixtures.corpusScenarios().filter { $0.hasPrefix("test-transit-gateway") || $0.hasPrefix("test-direct-connect-gateway") }
        #expect(scenarios.count == 7)
        for name in scenarios {
            let snapshot = try SnapshotReader.load(directory: Fixtures.scenario(name))
            let unread = snapshot.warnings.filter { $0.key.hasPrefix("TransitGateway") || TransitGatewayParts.keys.contains($0.key) }
            #expect(unread.isEmpty, "\(name): \(unread)")
            #expect(!snapshot.network.transit.gateways.isEmpty, "\(name)")
        }
    }

    @Test func transitGateway() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-transit-gateway")).network
        let gateway = try #require(network.transitGateway("tgw-044be4464fcc69aff"))
        #expect(gateway.region == "us-east-2" && gateway.tags.name == "transit-test")
        let a = try #require(network.transitGatewayAttachment(ofVPC: "vpc-0404e08ceddf7f650", on: gateway.id))
        #expect(a.id == "tgw-attach-07f5ec59e9f540021" && a.subnetIDs == ["subnet-006a19c846f047bd7"])
        #expect(a.associatedRouteTableID == "tgw-rtb-0fa40c8df355dce6e" && a.tags.name == "tgw-vpcA")
        #expect(network.transitGatewayAttachment("tgw-attach-0d724909ecd7a5961", on: gateway.id)?.state == .deleted)
        let table = try #require(network.transitGatewayRouteTable("tgw-rtb-0fa40c8df355dce6e"))
        #expect(network.transitGatewayRoutingEntries(of: table).map(\.route.description)
            == ["10.10.0.0/16 → tgw-attach-07f5ec59e9f540021", "192.168.0.0/16 → tgw-attach-0ae2696617bb06fb4"])
        #expect(network.transitGatewayEntrySubnet(a, zone: "us-east-2a") == nil)
        #expect(network.transitGatewayEntrySubnet(a, zone: "us-east-2c") == "subnet-006a19c846f047bd7")
        #expect(network.transitGatewayExitSubnet(a, entryZone: "us-east-2b") == "subnet-006a19c846f047bd7")
    }

    /// The shared transit gateway as each account sees it: merged, the fish account's tags on its attachment.
    @Test func multiAccount() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-transit-gateway-multi-account")).network
        #expect(network.transit.gateways.map(\.id) == ["tgw-0efdeab79e9a8e490"])
        #expect(network.transit.attachments.count == 2)
        let fish = try #require(network.transitGatewayAttachment("tgw-attach-0f8397dbb9b9bce0d", on: "tgw-0efdeab79e9a8e490"))
        #expect(fish.vpcID == "vpc-08287a9084472b276" && fish.resourceOwnerID == "951601349076" && fish.tags.name == "tgw-att-fish")
        #expect(fish.associatedRouteTableID == "tgw-rtb-0b2c8eeefcf19371b" && fish.subnetIDs == ["subnet-0ffa87ae0b553703e"])
    }

    /// The peering attachment is one id with an end, and an association, on each transit gateway.
    @Test func peering() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-transit-gateway-peering")).network
        let east = try #require(network.transitGatewayAttachment("tgw-attach-012e5d602f859dd80", on: "tgw-0e20010ebf43d07a2"))
        let west = try #require(network.transitGatewayAttachment("tgw-attach-012e5d602f859dd80", on: "tgw-03201f1960ddb0c25"))
        #expect(east.isPeering && east.associatedRouteTableID == "tgw-rtb-05d2952671d1f460a")
        #expect(west.isPeering && west.associatedRouteTableID == "tgw-rtb-00be87593fb2cd0ae")
        #expect(network.transitGatewayPeerEnd(of: east) == west)
        #expect(network.transitGateway("tgw-03201f1960ddb0c25")?.region == "us-west-1")
        let bat2 = try #require(network.transitGatewayRouteTable("tgw-rtb-018a5e572ec3088d1"))
        #expect(network.transitGatewayRoutingEntries(of: bat2).map(\.route.description)
            == ["192.168.0.0/16 → tgw-attach-012e5d602f859dd80", "10.20.0.0/16 → tgw-attach-02ff0f113900dd06d"]) // static first, then propagated
    }

    @Test func directConnectRoutesAreUnknown() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-direct-connect-gateway")).network
        let dx = try #require(network.transitGatewayRouteTable("tgw-rtb-dx01"))
        #expect(network.transitGatewayUnknownRoutes(of: dx)
            == ["tgw-attach-dx01 (direct-connect-gateway 7b2c4f8a-1234-4abc-9def-fedcba987654)", "tgw-attach-vpn-dx-test (vpn vpn-dx-test)"])
        let isolated = try #require(network.transitGatewayRouteTable("tgw-rtb-iso01"))
        #expect(network.transitGatewayUnknownRoutes(of: isolated).isEmpty)
    }
}

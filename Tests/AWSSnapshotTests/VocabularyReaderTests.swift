import Testing
@testable import AWSSnapshot
import NetworkModel
import PathProofTestSupport

/// The reader keeps AWS's words as it finds them: known ones match the model's constants, unknown ones are kept
/// verbatim, and the words AWS spells in either case match regardless of it.
@Suite struct VocabularyReaderTests {
    @Test func wordsAreReadVerbatim() throws {
        let snapshot = try TemporarySnapshot()
            .write("pcx.json", """
                {"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "provisioning"},
                  "RequesterVpcInfo": {"VpcId": "vpc-a"}, "AccepterVpcInfo": {"VpcId": "vpc-b"}},
                  {"VpcPeeringConnectionId": "pcx-2", "Status": {"Code": "some-new-status"},
                  "RequesterVpcInfo": {"VpcId": "vpc-a"}, "AccepterVpcInfo": {"VpcId": "vpc-c"}}]}
                """)
            .write("attachments.json", """
                {"TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "TransitGatewayId": "tgw-1",
                  "ResourceType": "vpn-concentrator", "ResourceId": "vpn-1", "State": "initiatingRequest"}]}
                """)
            .load()
        let network = snapshot.network
        let provisioning = try #require(network.peeringConnection("pcx-1"))
        #expect(provisioning.status == .provisioning && !provisioning.isActive)
        let unknown = try #require(network.peeringConnection("pcx-2"))
        #expect(unknown.status.rawValue == "some-new-status" && "\(unknown.status)" == "some-new-status" && !unknown.isActive)
        let attachment = try #require(network.transitGatewayAttachment("tgw-attach-1", on: "tgw-1"))
        #expect(attachment.resourceType.rawValue == "vpn-concentrator" && !attachment.isVPC && !attachment.isPeering)
        #expect(attachment.state == .initiatingRequest && !attachment.carriesTraffic)
    }

    @Test func endpointTunnelAndBGPWordsMatchInEitherCase() throws {
        let network = try TemporarySnapshot()
            .write("describe-vpc-endpoints.json", """
                {"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "gateway", "VpcId": "vpc-1",
                  "ServiceName": "com.amazonaws.us-east-1.s3", "State": "Available", "RouteTableIds": ["rtb-1"]}]}
                """)
            .write("describe-vpn-connections.json", """
                {"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available", "VpnGatewayId": "vgw-1",
                  "VgwTelemetry": [{"Status": "down"}, {"Status": "up"}]}]}
                """)
            .write("dx/describe-virtual-interfaces.json", """
                {"virtualInterfaces": [{"virtualInterfaceId": "dxvif-1", "virtualInterfaceType": "private", "virtualInterfaceState": "available",
                  "virtualGatewayId": "vgw-1", "bgpPeers": [{"bgpStatus": "DOWN"}, {"bgpStatus": "UP"}]}]}
                """)
            .load().network
        let endpoint = try #require(network.vpcEndpoint("vpce-1"))
        #expect(endpoint.isGateway && endpoint.isAvailable && endpoint.endpointType == .gateway)
        #expect(endpoint.endpointType.rawValue == "gateway" && endpoint.state.rawValue == "Available")
        let connection = try #require(network.edge.vpnConnection("vpn-1"))
        #expect(connection.tunnels.map(\.isUp) == [false, true] && connection.tunnels.map(\.status.rawValue) == ["down", "up"])
        let interface = try #require(network.edge.virtualInterface("dxvif-1"))
        #expect(interface.hasBGPUp && interface.bgpStatuses.map(\.rawValue) == ["DOWN", "UP"])
    }
}

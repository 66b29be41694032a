import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// Reading NAT gateways, VPC endpoints, virtual private gateways, VPN connections, customer gateways and Direct
/// Connect outputs.
@Suite struct EdgeReaderTests {
    static let natGateways = """
        {"NatGateways": [{"NatGatewayId": "nat-1", "VpcId": "vpc-1", "SubnetId": "subnet-1", "State": "available",
          "NatGatewayAddresses": [{"AllocationId": "eipalloc-1", "NetworkInterfaceId": "eni-nat", "PrivateIp": "10.0.0.100",
                                   "PublicIp": "44.200.0.1"}], "Tags": [{"Key": "Name", "Value": "the-nat"}]},
                         {"NatGatewayId": "nat-2", "VpcId": "vpc-1", "SubnetId": "subnet-2", "State": "failed", "ConnectivityType": "private",
          "FailureMessage": "Subnet has insufficient free addresses", "NatGatewayAddresses": []}]}
        """

    @Test func natGatewaysAndTheirInterfaces() throws {
        let snapshot = try TemporarySnapshot().write("describe-nat-gateways.json", Self.natGateways).load()
        #expect(snapshot.warnings.filter { !$0.concernsCompleteness }.isEmpty, "\(snapshot.warnings)")
        let network = snapshot.network
        let nat = try #require(network.natGateway("nat-1"))
        #expect(nat.isAvailable && nat.isPublic && nat.tags.name == "the-nat")
        #expect(network.translationAddress(of: nat) == address("10.0.0.100"))
        // No describe-network-interfaces output: the interface is made from NatGatewayAddresses, as AWS describes it.
        let interface = try #require(network.networkInterface(ofNATGateway: nat))
        #expect(interface.id == "eni-nat" && interface.interfaceType == .natGateway && !interface.sourceDestinationCheck)
        #expect(interface.securityGroupIDs.isEmpty && interface.publicAddress(for: address("10.0.0.100")) == address("44.200.0.1"))
        #expect(!network.isTrafficEndpoint(interface))
        let failed = try #require(network.natGateway("nat-2"))
        #expect(!failed.isAvailable && !failed.isPublic && failed.failureMessage?.contains("insufficient") == true)
        #expect(network.name(of: "nat-1") == "the-nat")
    }

    @Test func aNATGatewaysDescribedInterfaceGetsItsElasticIP() throws {
        let snapshot = try TemporarySnapshot()
            .write("describe-nat-gateways.json", Self.natGateways)
            .write("describe-network-interfaces.json", """
                {"NetworkInterfaces": [{"NetworkInterfaceId": "eni-nat", "SubnetId": "subnet-1", "VpcId": "vpc-1", "InterfaceType": "nat_gateway",
                  "Status": "in-use", "SourceDestCheck": false, "Groups": [], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.100", "Primary": true}]}]}
                """)
            .load()
        let interface = try #require(snapshot.network.networkInterface("eni-nat"))
        #expect(interface.addresses.count == 1 && interface.publicAddress(for: address("10.0.0.100")) == address("44.200.0.1"))
    }

    @Test func endpointsVPNAndDirectConnect() throws {
        let snapshot = try TemporarySnapshot()
            .write("describe-vpc-endpoints.json", """
                {"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.us-east-1.s3", "State": "available",
                  "RouteTableIds": ["rtb-1"]},
                  {"VpcEndpointId": "vpce-2", "VpcEndpointType": "Interface", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.us-east-1.sqs",
                  "State": "available", "NetworkInterfaceIds": ["eni-2"], "SubnetIds": ["subnet-1"]}]}
                """)
            .write("describe-prefix-lists.json", #"{"PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["52.216.0.0/15"]}]}"#)
            .write("describe-vpn-gateways.json", """
                {"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "Type": "ipsec.1", "AmazonSideAsn": 64512,
                  "VpcAttachments": [{"VpcId": "vpc-1", "State": "attached"}]}]}
                """)
            .write("describe-vpn-connections.json", """
                {"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1",
                  "Options": {"StaticRoutesOnly": true}, "Routes": [{"DestinationCidrBlock": "192.168.0.0/16", "State": "available"}],
                  "VgwTelemetry": [{"Status": "DOWN", "StatusMessage": "IPSEC IS DOWN"}, {"Status": "UP"}],
                  "CustomerGatewayConfiguration": "<vpn_connection/>"}]}
                """)
            .write("describe-customer-gateways.json", #"{"CustomerGateways": [{"CustomerGatewayId": "cgw-1", "State": "available", "IpAddress": "198.51.100.7", "BgpAsn": "65000"}]}"#)
            .write("dx/describe-virtual-interfaces.json", """
                {"virtualInterfaces": [{"virtualInterfaceId": "dxvif-1", "virtualInterfaceType": "private", "virtualInterfaceState": "available",
                  "virtualGatewayId": "vgw-1", "directConnectGatewayId": "", "bgpPeers": [{"bgpStatus": "up"}], "tags": [{"key": "Name", "value": "vif"}]}]}
                """)
            .write("dx/describe-direct-connect-gateways.json", #"{"directConnectGateways": [{"directConnectGatewayId": "dxgw-1", "directConnectGatewayState": "available"}]}"#)
            .write("dx/describe-direct-connect-gateway-associations.json", """
                {"directConnectGatewayAssociations": [{"directConnectGatewayId": "dxgw-1", "associationState": "associated",
                  "associatedGateway": {"id": "vgw-1", "type": "virtualPrivateGateway"}, "allowedPrefixesToDirectConnectGateway": [{"cidr": "10.0.0.0/16"}]}]}
                """)
            .load()
        #expect(snapshot.warnings.isEmpty, "\(snapshot.warnings)")
        let network = snapshot.network
        #expect(network.vpcEndpoint("vpce-1")?.isGateway == true && network.vpcEndpoint("vpce-2")?.isGateway == false)
        #expect(network.gatewayServices(named: "s3") == ["com.amazonaws.us-east-1.s3"] && network.gatewayServices(named: "pl-1") == ["com.amazonaws.us-east-1.s3"])
        #expect(network.serviceBlocks("com.amazonaws.us-east-1.s3") == [prefix("52.216.0.0/15")])
        #expect(network.ingressVPNGateway(ofVPC: "vpc-1")?.id == "vgw-1")
        let links = network.onPremisesLinks(of: "vgw-1")
        #expect(links.map(\.id) == ["vpn-1", "dxvif-1"], "\(links)")
        #expect(links[0].isUp && links[0].remotePrefixes == [prefix("192.168.0.0/16")]) // one tunnel of two is up
        #expect(network.onPremisesLink(of: "vgw-1", vpcAddress: address("10.0.0.5"), remote: address("172.16.0.1"))?.id == "dxvif-1")
        #expect(network.name(of: "dxvif-1") == "vif")
        #expect(network.edge.directConnectGatewayAssociations.first?.allowedPrefixes == [prefix("10.0.0.0/16")])
    }

    @Test func badInputNamesTheFileAndPath() throws {
        let nat = try TemporarySnapshot().write("nat.json", #"{"NatGateways": [{"NatGatewayId": "nat-1", "VpcId": "vpc-1", "SubnetId": "subnet-1", "State": "available", "NatGatewayAddresses": [{"PrivateIp": "10.0.0.300"}]}]}"#)
        #expect(nat.loadError() == #"nat.json: NatGateways[0].NatGatewayAddresses[0].PrivateIp: "10.0.0.300" is not an IPv4 address"#)
        let vpn = try TemporarySnapshot().write("vpn.json", #"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available", "Routes": [{"DestinationCidrBlock": "192.168.0.0/33"}]}]}"#)
        #expect(vpn.loadError() == #"vpn.json: VpnConnections[0].Routes[0].DestinationCidrBlock: "192.168.0.0/33" is not a CIDR"#)
        let endpoint = try TemporarySnapshot().write("vpce.json", #"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "State": "available"}]}"#)
        #expect(endpoint.loadError() == "vpce.json: VpcEndpoints[0].ServiceName: missing (expected a string)")
        let vif = try TemporarySnapshot().write("vif.json", #"{"virtualInterfaces": [{"virtualInterfaceId": "dxvif-1", "virtualInterfaceState": "available"}]}"#)
        #expect(vif.loadError() == "vif.json: virtualInterfaces[0].virtualInterfaceType: missing (expected a string)")
        let gateway = try TemporarySnapshot().write("vgw.json", #"{"VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available", "VpcAttachments": [{"State": "attached"}]}]}"#)
        #expect(gateway.loadError() == "vgw.json: VpnGateways[0].VpcAttachments[0].VpcId: missing (expected a string)")
    }
}

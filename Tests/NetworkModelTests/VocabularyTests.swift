import Testing
import NetworkModel

/// The AWS vocabularies of the model: states, statuses and types keep AWS's spelling, unknown words and all, and
/// match as the model always has (exactly, or regardless of case where AWS spells a word both ways).
@Suite struct VocabularyTests {
    @Test func wordsPrintAsAWSSpellsThem() {
        #expect(PeeringConnectionStatus.pendingAcceptance.description == "pending-acceptance")
        #expect(NetworkInterfaceStatus.inUse.description == "in-use")
        #expect(NetworkInterfaceType.natGateway.description == "nat_gateway")
        #expect(InstanceState.shuttingDown.description == "shutting-down")
        #expect(TransitGatewayAttachmentState.pendingAcceptance.description == "pendingAcceptance")
        #expect(TransitGatewayAttachmentResourceType.directConnectGateway.description == "direct-connect-gateway")
        #expect(TransitGatewayAttachmentResourceType.tgwPeering.description == "tgw-peering")
        #expect(RouteOrigin.enableVgwRoutePropagation.description == "EnableVgwRoutePropagation")
        #expect(VPCEndpointType.gatewayLoadBalancer.description == "GatewayLoadBalancer")
        #expect(TelemetryStatus.up.description == "UP")
        #expect("\(PeeringConnectionStatus.deleted) and \(AttachmentState.detached)" == "deleted and detached")
    }

    @Test func unknownWordsAreKept() {
        let hibernating = InstanceState(rawValue: "hibernating")
        #expect(hibernating.description == "hibernating" && hibernating.rawValue == "hibernating")
        #expect(hibernating != .running && hibernating != .stopped && hibernating == InstanceState(rawValue: "hibernating"))
        #expect(!Instance(id: "i-1", state: hibernating).isRunning)
        let concentrator = TransitGatewayAttachmentResourceType(rawValue: "vpn-concentrator")
        let attachment = TransitGatewayAttachment(id: "tgw-attach-1", transitGatewayID: "tgw-1", resourceType: concentrator)
        #expect(!attachment.isVPC && !attachment.isPeering && "\(attachment.resourceType)" == "vpn-concentrator")
    }

    /// Most vocabularies match exactly, as the model's string comparisons did.
    @Test func exactWordsMatchExactly() {
        #expect(PeeringConnectionStatus(rawValue: "Active") != .active)
        #expect(!VPCPeeringConnection(id: "pcx-1", requester: .init(vpcID: "vpc-1"), accepter: .init(vpcID: "vpc-2"),
                                      status: PeeringConnectionStatus(rawValue: "Active")).isActive)
        #expect(VPCPeeringConnection(id: "pcx-1", requester: .init(vpcID: "vpc-1"), accepter: .init(vpcID: "vpc-2"), status: .active).isActive)
        #expect(InternetGateway.Attachment(vpcID: "vpc-1", state: .available).isAttached)
        #expect(InternetGateway.Attachment(vpcID: "vpc-1", state: .attached).isAttached)
        #expect(!InternetGateway.Attachment(vpcID: "vpc-1", state: AttachmentState(rawValue: "Attached")).isAttached)
        // Gateways share one attachment rule (`GatewayAttachment`): attached, or available as internet gateways print it.
        #expect(!VirtualPrivateGateway.Attachment(vpcID: "vpc-1", state: .detached).isAttached)
        #expect(VirtualPrivateGateway.Attachment(vpcID: "vpc-1", state: .attached).isAttached)
        let route = TransitGatewayRoute(destination: IPPrefix("10.0.0.0/16")!, attachmentIDs: ["tgw-attach-1"], type: .propagated)
        #expect(!route.isStatic && route.isInstalled && !route.isBlackhole)
        #expect(TransitGatewayRoute(destination: IPPrefix("10.0.0.0/16")!, attachmentIDs: [], state: .blackhole).isBlackhole)
        #expect(!TransitGatewayRoute(destination: IPPrefix("10.0.0.0/16")!, attachmentIDs: ["tgw-attach-1"], state: .pending).isInstalled)
        #expect(NATGateway(id: "nat-1", vpcID: "vpc-1", subnetID: "subnet-1", state: .available, connectivityType: .private).isAvailable)
        #expect(!NATGateway(id: "nat-1", vpcID: "vpc-1", subnetID: "subnet-1", state: .available, connectivityType: .private).isPublic)
        #expect(NATGateway(id: "nat-1", vpcID: "vpc-1", subnetID: "subnet-1", state: NATGatewayState(rawValue: "Available")).isAvailable == false)
    }

    /// VPC endpoint types and states, tunnel statuses and BGP statuses match regardless of case: AWS prints
    /// `Gateway` and `available`, `UP` and `up`. The spelling read is the spelling printed.
    @Test func caseTolerantWordsMatchRegardlessOfCase() {
        let endpoint = VPCEndpoint(id: "vpce-1", vpcID: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3",
                                   endpointType: VPCEndpointType(rawValue: "gateway"), state: VPCEndpointState(rawValue: "Available"))
        #expect(endpoint.isGateway && endpoint.isAvailable)
        #expect("\(endpoint.endpointType) \(endpoint.state)" == "gateway Available")
        #expect(VPCEndpointState(rawValue: "Deleted") == .deleted && VPCEndpointType(rawValue: "interface") != .gateway)
        #expect(Set([VPCEndpointState(rawValue: "Available"), .available]).count == 1)
        #expect(VPNConnection.Tunnel(outsideAddress: nil, status: TelemetryStatus(rawValue: "up")).isUp)
        #expect(!VPNConnection.Tunnel(outsideAddress: nil, status: TelemetryStatus(rawValue: "Down")).isUp)
        #expect(Set([TelemetryStatus(rawValue: "up"), .up]).count == 1)
        func interface(_ statuses: [String]) -> VirtualInterface {
            VirtualInterface(id: "dxvif-1", type: .private, state: .available, bgpStatuses: statuses.map(BGPStatus.init))
        }
        #expect(interface(["down", "UP"]).hasBGPUp && interface([]).hasBGPUp && !interface(["down", "unknown"]).hasBGPUp)
        #expect(Set([BGPStatus(rawValue: "UP"), .up]).count == 1)
    }
}

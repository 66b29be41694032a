import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// No proof over a gap in the model: where a packet may take a way PathProof does not follow, the answer is
/// UNKNOWN naming it, never "proved unreachable" because of what the model leaves out.
@Suite struct ModelGapTests {
    typealias Object = EditedSnapshot.Object
    static let vpnAttachment = "tgw-attach-0e2b6f1c7d9a4b301"
    static let vpnConnection = "vpn-0f3a9c2d4e5b6a701"

    /// The transit lab's working stage with a VPN that terminates on the transit gateway: a VPN attachment
    /// associated with the hub route table, the on-premises block propagated into it (as
    /// `search-transit-gateway-routes` prints it), the VPN connection with a tunnel up, and the VPCs' route tables
    /// sending 192.168.0.0/16 to the transit gateway.
    static func transitVPN(attachmentState: String = "available") throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: StageLab.transit.directory("01-working"))
        let first = try #require(snapshot.resources("TransitGatewayAttachments").first)
        let gateway = try #require(first["TransitGatewayId"] as? String)
        let table = try #require((first["Association"] as? Object)?["TransitGatewayRouteTableId"] as? String)
        snapshot.append("TransitGatewayAttachments", [
            "TransitGatewayAttachmentId": Self.vpnAttachment, "TransitGatewayId": gateway, "TransitGatewayOwnerId": "123456789012",
            "ResourceOwnerId": "123456789012", "ResourceType": "vpn", "ResourceId": Self.vpnConnection, "State": attachmentState,
            "Association": ["TransitGatewayRouteTableId": table, "State": "associated"] as Object,
            "CreationTime": "2026-11-21T09:42:28.000Z", "Tags": [Object]()])
        snapshot.append("Routes", [
            "DestinationCidrBlock": "192.168.0.0/16", "Type": "propagated", "State": "active",
            "TransitGatewayAttachments": [["ResourceId": Self.vpnConnection, "TransitGatewayAttachmentId": Self.vpnAttachment, "ResourceType": "vpn"] as Object]])
        snapshot.append("TransitGatewayRouteTablePropagations", [
            "TransitGatewayAttachmentId": Self.vpnAttachment, "ResourceId": Self.vpnConnection, "ResourceType": "vpn", "State": "enabled"])
        snapshot.append("VpnConnections", [
            "VpnConnectionId": Self.vpnConnection, "CustomerGatewayId": "cgw-0a1b2c3d4e5f60718", "TransitGatewayId": gateway,
            "State": "available", "Type": "ipsec.1", "Category": "VPN", "Options": ["StaticRoutesOnly": false] as Object, "Routes": [Object](),
            "VgwTelemetry": [["OutsideIpAddress": "3.3.3.3", "Status": "UP", "StatusMessage": "1 BGP ROUTES", "AcceptedRouteCount": 1] as Object],
            "Tags": [Object]()])
        snapshot.editEach("RouteTables") { table in
            var routes = table["Routes"] as? [Object] ?? []
            guard routes.contains(where: { $0["TransitGatewayId"] as? String == gateway }) else { return }
            routes.append(["DestinationCidrBlock": "192.168.0.0/16", "TransitGatewayId": gateway, "Origin": "CreateRoute", "State": "active"])
            table["Routes"] = routes
        }
        return snapshot
    }

    /// The walker on a packet from on premises to the instance stops unsupported, naming the attachment.
    static func walkFromOnPremises(_ network: Network, to instance: String) throws -> Walk {
        let id = try #require(Fixtures.id(named: instance, in: network))
        let interface = try #require(network.networkInterfaces(ofInstance: id).first)
        let address = try #require(interface.addresses.first?.address)
        let packet = Packet(source: IPAddress("192.168.10.7")!, destination: address, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 22)
        return PacketWalker(network: network).walk(packet, from: .onPremises, leg: .forward)
    }

    /// A VPN on the transit gateway is a way to and from on premises: the answer is a verdict on what the model
    /// follows (here Hub-A-sg admits tcp/22 only from 10.0.0.0/8: the proof names it, not a missing virtual private
    /// gateway), and the walker agrees.
    @Test func onPremisesThroughATransitGatewayVPNIsModelled() throws {
        let network = try Self.transitVPN().load()
        #expect(network.transit.attachments.contains { $0.id == Self.vpnAttachment && $0.resourceType == .vpn })
        let result = try ReachabilityQuestions(network: network).ask("can onprem:192.168.10.0/24 reach Hub-A-instance on tcp/22")
        #expect(result.answer.verdict == .unreachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch], "\(AnswerRendering.text(result))")
        let walk = try Self.walkFromOnPremises(network, to: "Hub-A-instance")
        #expect(walk.drop?.code == .networkInterfaceSecurityGroupRulesMismatch, "\(walk)")
        #expect(walk.hops.contains { $0.component == Self.vpnAttachment }, "\(walk)")
        let out = try ReachabilityQuestions(network: network).ask("can Hub-A-instance reach onprem:192.168.10.0/24 on tcp/443")
        #expect(out.answer.verdict == .reachable, "\(AnswerRendering.text(out))")
        #expect(out.answer.forward?.hops.contains { $0.component == Self.vpnAttachment } == true, "\(AnswerRendering.text(out))")
    }

    /// The VPN connection behind the attachment is not described (no describe-vpn-connections output): no proof,
    /// UNKNOWN naming the connection and the output, both ways; the walker stops unsupported with the same reason.
    @Test func anUndescribedVPNConnectionIsUnknown() throws {
        var snapshot = try Self.transitVPN()
        snapshot.editEach("SecurityGroups") { group in
            guard EditedSnapshot.name(group) == "Hub-A-sg" else { return }
            var permissions = group["IpPermissions"] as? [Object] ?? []
            permissions.append(["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [["CidrIp": "192.168.0.0/16"] as Object],
                                "Ipv6Ranges": [Object](), "PrefixListIds": [Object](), "UserIdGroupPairs": [Object]()])
            group["IpPermissions"] = permissions
        }
        #expect(try ReachabilityQuestions(network: snapshot.load()).ask("can onprem:192.168.10.0/24 reach Hub-A-instance on tcp/22").answer.verdict == .reachable)
        let files = snapshot.files.keys.filter { snapshot.files[$0]?["VpnConnections"] != nil }
        for file in files { try snapshot.remove(file) }
        let network = try snapshot.load()
        for query in ["can onprem:192.168.10.0/24 reach Hub-A-instance on tcp/22", "can Hub-A-instance reach onprem:192.168.10.0/24 on tcp/443"] {
            let result = try ReachabilityQuestions(network: network).ask(query)
            guard case .unknown(let reason) = result.answer.verdict else { Issue.record("\(query): expected unknown, got \(AnswerRendering.text(result))"); continue }
            #expect(reason.contains(Self.vpnConnection) && reason.contains("describe-vpn-connections"), "\(reason)")
        }
        let walk = try Self.walkFromOnPremises(network, to: "Hub-A-instance")
        guard case .unsupported(let why) = walk.outcome else { Issue.record("walker: \(walk)"); return }
        #expect(why.contains("describe-vpn-connections"), "\(why)")
    }

    /// A default route on the transit gateway to its VPN attachment (and the VPCs' default routes to the transit
    /// gateway) sends packets for the internet on premises; what on premises does with them is in no AWS output, so
    /// the answer is UNKNOWN naming the attachment and the table, never a proof either way; the walker delivers the
    /// packet on premises, not on the internet. Without the transit gateway's default route, the proof stands (no
    /// route in its table).
    @Test func internetTrafficSentOnPremisesByATransitGatewayIsUnknown() throws {
        var snapshot = try Self.transitVPN()
        let gateway = try #require(snapshot.resources("TransitGatewayAttachments").first?["TransitGatewayId"] as? String)
        snapshot.editEach("RouteTables") { table in
            var routes = table["Routes"] as? [Object] ?? []
            guard routes.contains(where: { $0["TransitGatewayId"] as? String == gateway }) else { return }
            routes.removeAll { $0["DestinationCidrBlock"] as? String == "0.0.0.0/0" }
            routes.append(["DestinationCidrBlock": "0.0.0.0/0", "TransitGatewayId": gateway, "Origin": "CreateRoute", "State": "active"])
            table["Routes"] = routes
        }
        let query = "can Hub-A-instance reach 8.8.8.8 on tcp/443"
        let withoutDefault = try ReachabilityQuestions(network: snapshot.load()).ask(query)
        #expect(withoutDefault.answer.verdict == .unreachable, "\(AnswerRendering.text(withoutDefault))")
        snapshot.append("Routes", [
            "DestinationCidrBlock": "0.0.0.0/0", "Type": "static", "State": "active",
            "TransitGatewayAttachments": [["ResourceId": Self.vpnConnection, "TransitGatewayAttachmentId": Self.vpnAttachment, "ResourceType": "vpn"] as Object]])
        let network = try snapshot.load()
        let result = try ReachabilityQuestions(network: network).ask(query)
        guard case .unknown(let reason) = result.answer.verdict else { Issue.record("expected unknown, got \(AnswerRendering.text(result))"); return }
        #expect(reason.contains(Self.vpnAttachment) && reason.contains("whether on premises sends it on to the internet is not in the snapshot"), "\(reason)")
        let id = try #require(Fixtures.id(named: "Hub-A-instance", in: network))
        let interface = try #require(network.networkInterfaces(ofInstance: id).first)
        let address = try #require(interface.addresses.first?.address)
        let packet = Packet(source: address, destination: IPAddress("8.8.8.8")!, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000, destinationPort: 443)
        let walk = PacketWalker(network: network).walk(packet, from: .networkInterface(interface.id), leg: .forward)
        #expect(walk.deliveredAt == .onPremises, "\(walk)")
        #expect(walk.hops.contains { $0.component == Self.vpnAttachment }, "\(walk)")
    }

    /// The routes the VPN propagates are known only from search-transit-gateway-routes: without that output the
    /// hub table's routes from on premises are unknown, and so is the answer (never a proof).
    @Test func propagatedVPNRoutesNotListedAreUnknown() throws {
        var snapshot = try Self.transitVPN()
        let files = snapshot.files.keys.filter { snapshot.files[$0]?["Routes"] != nil }
        #expect(!files.isEmpty)
        for file in files { try snapshot.remove(file) }
        let network = try snapshot.load()
        let result = try ReachabilityQuestions(network: network).ask("can Hub-A-instance reach onprem:192.168.10.0/24 on tcp/443")
        guard case .unknown(let reason) = result.answer.verdict else { Issue.record("expected unknown, got \(AnswerRendering.text(result))"); return }
        #expect(reason.contains(Self.vpnAttachment), "\(reason)")
    }

    /// The control: an attachment that carries nothing (deleted) is no way in; the answer is the proof it was.
    @Test func aDeletedVPNAttachmentIsNoWayIn() throws {
        let network = try Self.transitVPN(attachmentState: "deleted").load()
        let result = try ReachabilityQuestions(network: network).ask("can onprem:192.168.10.0/24 reach Hub-A-instance on tcp/22")
        #expect(result.answer.verdict == .unreachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.contains { $0.code == .noVPNGateway }, "\(AnswerRendering.text(result))")
        let walk = try Self.walkFromOnPremises(network, to: "Hub-A-instance")
        #expect(walk.drop?.code == .noVPNGateway, "\(walk)")
    }
}

/// On premises by a VPN attached to a transit gateway peered with the VPC's: the way in is found over the peering
/// (not "no virtual private gateway"), in both engines.
@Suite struct PeeredTransitGatewayOnPremisesTests {
    typealias Object = EditedSnapshot.Object
    static let peer = "tgw-0a1b2c3d4e5f6a7b8", peerTable = "tgw-rtb-0a1b2c3d4e5f6a7b8", peering = "tgw-attach-0f1e2d3c4b5a69788"

    /// transit-onprem/01 with the VPN attachment moved to a second transit gateway peered with Hub-tgw: Hub-tgw-rtb
    /// sends 192.168.0.0/16 over the peering, the peer's table sends it to the VPN and 10.11.0.0/16 back.
    static func network(peerRoutes: Bool = true) throws -> Network {
        var snapshot = try EditedSnapshot(copying: Fixtures.path("Queries/transit-onprem/01-vpn-working"))
        let hub = try #require(snapshot.resources("TransitGateways").first)
        let hubID = try #require(hub["TransitGatewayId"] as? String)
        let vpn = try #require(snapshot.resources("TransitGatewayAttachments").first { $0["ResourceType"] as? String == "vpn" })
        let vpnID = try #require(vpn["TransitGatewayAttachmentId"] as? String)
        var peerGateway = hub
        peerGateway["TransitGatewayId"] = Self.peer
        peerGateway["TransitGatewayArn"] = "arn:aws:ec2:us-east-1:123456789012:transit-gateway/\(Self.peer)"
        peerGateway["Tags"] = [["Key": "Name", "Value": "Peer-tgw"] as Object]
        snapshot.append("TransitGateways", peerGateway)
        snapshot.append("TransitGatewayRouteTables", ["TransitGatewayRouteTableId": Self.peerTable, "TransitGatewayId": Self.peer, "State": "available",
                                                      "DefaultAssociationRouteTable": false, "DefaultPropagationRouteTable": false, "Tags": [Object]()])
        snapshot.editEach("TransitGatewayAttachments") { attachment in
            guard attachment["TransitGatewayAttachmentId"] as? String == vpnID else { return }
            attachment["TransitGatewayId"] = Self.peer
            attachment["Association"] = ["TransitGatewayRouteTableId": Self.peerTable, "State": "associated"] as Object
        }
        snapshot.editEach("Associations") { association in
            if association["TransitGatewayAttachmentId"] as? String == vpnID {
                association["TransitGatewayAttachmentId"] = Self.peering
                association["ResourceType"] = "peering"
                association["ResourceId"] = Self.peer
            }
        }
        snapshot.append("TransitGatewayPeeringAttachments", [
            "TransitGatewayAttachmentId": Self.peering, "State": "available", "Tags": [Object](),
            "RequesterTgwInfo": ["TransitGatewayId": hubID, "OwnerId": "123456789012", "Region": "us-east-1"] as Object,
            "AccepterTgwInfo": ["TransitGatewayId": Self.peer, "OwnerId": "123456789012", "Region": "us-east-1"] as Object])
        snapshot.append("TransitGatewayAttachments", [
            "TransitGatewayAttachmentId": Self.peering, "TransitGatewayId": Self.peer, "ResourceType": "peering", "ResourceId": hubID,
            "State": "available", "Association": ["TransitGatewayRouteTableId": Self.peerTable, "State": "associated"] as Object])
        snapshot.editEach("Routes") { route in
            guard route["DestinationCidrBlock"] as? String == "192.168.0.0/16" else { return }
            route["TransitGatewayAttachments"] = [["TransitGatewayAttachmentId": Self.peering, "ResourceId": Self.peer, "ResourceType": "peering"] as Object]
        }
        let directory = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let routes: [Object] = peerRoutes ? [
            ["DestinationCidrBlock": "192.168.0.0/16", "Type": "static", "State": "active",
             "TransitGatewayAttachments": [["TransitGatewayAttachmentId": vpnID, "ResourceId": vpn["ResourceId"]!, "ResourceType": "vpn"] as Object]],
            ["DestinationCidrBlock": "10.11.0.0/16", "Type": "static", "State": "active",
             "TransitGatewayAttachments": [["TransitGatewayAttachmentId": Self.peering, "ResourceId": hubID, "ResourceType": "peering"] as Object]],
        ] : []
        try JSONSerialization.data(withJSONObject: ["Routes": routes, "AdditionalRoutesAvailable": false] as Object)
            .write(to: URL(fileURLWithPath: directory).appendingPathComponent("search-transit-gateway-routes-\(Self.peerTable).json"))
        return try Fixtures.load(directory)
    }

    @Test func onPremisesOverAPeeredTransitGateway() throws {
        let network = try Self.network()
        #expect(network.onPremisesTransitGatewayAttachments(reaching: try #require(network.vpcs.first { $0.tags.name == "Hub-A" }).id).count == 1)
        for query in ["can onprem:192.168.0.0/16 reach Hub-A-instance on tcp/22", "can Hub-A-instance reach onprem:192.168.10.0/24 on tcp/443"] {
            let result = try ReachabilityQuestions(network: network).ask(query)
            #expect(result.answer.verdict == .reachable, "\(query)\n\(AnswerRendering.text(result))")
            #expect(result.answer.forward?.hops.contains { $0.component == Self.peering } == true, "\(AnswerRendering.text(result))")
        }
        let walk = try ModelGapTests.walkFromOnPremises(network, to: "Hub-A-instance")
        #expect(walk.deliveredAt != nil && walk.hops.contains { $0.component == Self.peering }, "\(walk)")
    }

    /// The peer's table without routes: blocked there both ways, in both engines.
    @Test func noRouteInThePeersTable() throws {
        let network = try Self.network(peerRoutes: false)
        let result = try ReachabilityQuestions(network: network).ask("can Hub-A-instance reach onprem:192.168.10.0/24 on tcp/443")
        #expect(result.answer.verdict == .unreachable, "\(AnswerRendering.text(result))")
        // Two routes are missing there: 192.168.0.0/16 to the VPN (forward) and 10.11.0.0/16 back over the peering.
        #expect(result.answer.blockers.map { "\($0.code) \($0.component) \($0.leg)" }.sorted()
                    == ["TGW_RTB_CANNOT_ROUTE \(Self.peerTable) forward", "TGW_RTB_CANNOT_ROUTE \(Self.peerTable) return"], "\(AnswerRendering.text(result))")
        #expect(try ModelGapTests.walkFromOnPremises(network, to: "Hub-A-instance").drop?.code == .transitGatewayRouteTableCannotRoute)
    }
}

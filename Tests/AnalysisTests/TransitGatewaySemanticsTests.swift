import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Transit gateway rules on edited copies of the hub fixtures (Queries/transit): network ACLs where AWS documents
/// them for attachment subnets, attachment and gateway states, route priority, routes the snapshot cannot know.
@Suite struct TransitGatewaySemanticsTests {
    typealias Object = EditedSnapshot.Object
    static let a = "Hub-A-instance", b = "Hub-B-instance", c = "Hub-C-instance", c2 = "Hub-C-instance-2"

    static func edited(_ stage: String, _ body: (inout EditedSnapshot) -> Void) throws -> Network {
        var snapshot = try EditedSnapshot(copying: Fixtures.transit(stage))
        body(&snapshot)
        let directory = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try Fixtures.load(directory)
    }

    static func ask(_ network: Network, _ query: String, oneWay: Bool = false) throws -> Answer {
        try ReachabilityQuestions(network: network).ask(query, oneWay: oneWay).answer
    }

    static func blockers(_ answer: Answer, _ network: Network) -> [String] {
        var names: [String: String] = [:]
        for acl in network.networkACLs { names[acl.id] = acl.tags.name }
        for gateway in network.transit.gateways { names[gateway.id] = gateway.tags.name }
        for table in network.transit.routeTables { names[table.id] = table.tags.name }
        for attachment in network.transit.attachments { names[attachment.id] = attachment.tags.name }
        return answer.blockers.map { "\($0.code) \(names[$0.component] ?? $0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted()
    }

    static func addACLEntry(_ snapshot: inout EditedSnapshot, acl name: String, _ entry: Object) {
        snapshot.editEach("NetworkAcls") { acl in
            guard EditedSnapshot.name(acl) == name else { return }
            acl["Entries"] = (acl["Entries"] as? [Object] ?? []) + [entry]
        }
    }

    static func id(_ name: String, _ snapshot: EditedSnapshot, key: String, idKey: String) -> String {
        snapshot.resources(key).first { EditedSnapshot.name($0) == name }?[idKey] as? String ?? name
    }

    /// Traffic from an instance to the transit gateway crosses the inbound rules of the attachment subnet's network
    /// ACL, by its source address, also when the instance is in that subnet (AWS's NACL guide for transit gateways).
    @Test func attachmentSubnetInboundRulesApplyOnTheWayIn() throws {
        let network = try Self.edited("01-working") { snapshot in
            Self.addACLEntry(&snapshot, acl: "Hub-A-acl-default", ["CidrBlock": "10.11.1.10/32", "Egress": false, "Protocol": "-1",
                                                                  "RuleAction": "deny", "RuleNumber": 50])
        }
        let answer = try Self.ask(network, "can \(Self.a) ping \(Self.c)")
        #expect(Self.blockers(answer, network) == ["SUBNET_ACL_RESTRICTION Hub-A-acl-default inbound forward"])
        #expect(answer.blockers.first?.message.contains("rule 50") == true)
        // Hub-A's other traffic inside its subnet crosses no network ACL, and C still reaches A (its answers come
        // from A's address into the transit gateway, though: denied the same way).
        #expect(try Self.ask(network, "can \(Self.c) ping \(Self.a)", oneWay: true).verdict == .reachable)
        #expect(Self.blockers(try Self.ask(network, "can \(Self.c) ping \(Self.a)"), network) == ["SUBNET_ACL_RESTRICTION Hub-A-acl-default inbound return"])
    }

    /// Traffic from the transit gateway to an instance in the attachment's own subnet crosses no network ACL.
    @Test func deliveryInTheAttachmentSubnetCrossesNoNetworkACL() throws {
        let network = try Self.edited("01-working") { snapshot in
            Self.addACLEntry(&snapshot, acl: "Hub-C-acl-default", ["CidrBlock": "10.11.0.0/16", "Egress": false, "Protocol": "-1",
                                                                  "RuleAction": "deny", "RuleNumber": 50])
        }
        let answer = try Self.ask(network, "can \(Self.a) ping \(Self.c)")
        #expect(answer.verdict == .reachable)
        #expect(answer.forward?.hops.contains { $0.kind == .networkACL && network.networkACL($0.component)?.tags.name == "Hub-C-acl-default" } == false)
    }

    /// Delivered into another subnet, the packet crosses the attachment subnet's outbound rules and the receiving
    /// subnet's inbound rules.
    @Test func deliveryIntoAnotherSubnetCrossesBothNetworkACLs() throws {
        let outbound = try Self.edited("06-zone-without-subnet") { snapshot in
            Self.addACLEntry(&snapshot, acl: "Hub-C-acl-default", ["CidrBlock": "10.13.2.0/24", "Egress": true, "Protocol": "-1",
                                                                  "RuleAction": "deny", "RuleNumber": 50])
        }
        #expect(Self.blockers(try Self.ask(outbound, "can \(Self.a) ping \(Self.c2)", oneWay: true), outbound)
            == ["SUBNET_ACL_RESTRICTION Hub-C-acl-default outbound forward"])
        let reachable = try Self.ask(try Self.edited("06-zone-without-subnet") { _ in }, "can \(Self.a) ping \(Self.c2)", oneWay: true)
        let acls = reachable.forward?.hops.filter { $0.kind == .networkACL }.map(\.detail) ?? []
        #expect(acls.count == 4, "\(acls)") // A out, A in (entry), C-subnet out (exit), C-subnet-2 in
    }

    /// An attachment pending acceptance carries nothing; accepting it is the fix.
    @Test func pendingAttachment() throws {
        let network = try Self.edited("01-working") { snapshot in
            for key in ["TransitGatewayAttachments", "TransitGatewayVpcAttachments"] {
                snapshot.editEach(key) { attachment in
                    if EditedSnapshot.name(attachment) == "Hub-C-attachment" { attachment["State"] = "pendingAcceptance" }
                }
            }
        }
        let answer = try Self.ask(network, "can \(Self.a) ping \(Self.c)")
        #expect(Self.blockers(answer, network) == ["BAD_STATE Hub-C-attachment - forward"])
        #expect(answer.blockers.first?.message.contains("pendingAcceptance") == true)
        #expect(try Self.ask(network, "can \(Self.a) ping \(Self.b)").verdict == .reachable)
        let report = try ReachabilityQuestions(network: network).fixes("can \(Self.a) ping \(Self.c)").report
        let attachment = try #require(network.transit.attachments.first { $0.tags.name == "Hub-C-attachment" })
        #expect(report.fixes.first?.awsCommands.map(\.description)
            == ["aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment.id)"])
    }

    /// A transit gateway that is not available forwards nothing, and no call makes it available.
    @Test func unavailableTransitGateway() throws {
        let network = try Self.edited("01-working") { snapshot in
            snapshot.editEach("TransitGateways") { $0["State"] = "pending" }
        }
        let answer = try Self.ask(network, "can \(Self.a) ping \(Self.b)")
        #expect(Self.blockers(answer, network) == ["BAD_STATE Hub-tgw - forward"])
        let report = try ReachabilityQuestions(network: network).fixes("can \(Self.a) ping \(Self.b)").report
        #expect(report.fixes.allSatisfy { fix in !fix.changes.contains { $0.component == answer.blockers.first?.component } })
        #expect(report.note?.contains("no call makes it available") == true)
    }

    /// For the same prefix a static route wins over a propagated one (AWS's route priority).
    @Test func staticRouteWinsOverPropagated() throws {
        var attachmentB = "", attachmentC = ""
        let network = try Self.edited("01-working") { snapshot in
            attachmentB = Self.id("Hub-B-attachment", snapshot, key: "TransitGatewayAttachments", idKey: "TransitGatewayAttachmentId")
            attachmentC = Self.id("Hub-C-attachment", snapshot, key: "TransitGatewayAttachments", idKey: "TransitGatewayAttachmentId")
            let vpcB = Self.id("Hub-B", snapshot, key: "Vpcs", idKey: "VpcId")
            snapshot.append("Routes", ["DestinationCidrBlock": "10.13.0.0/16", "Type": "static", "State": "active",
                                       "TransitGatewayAttachments": [["ResourceId": vpcB, "TransitGatewayAttachmentId": attachmentB, "ResourceType": "vpc"]]])
            // Hub-B routes nothing to Hub-C itself (else it would send the packet back to the hub: a loop, which
            // PathProof leaves unknown as traffic through a VPC).
            snapshot.editEach("RouteTables") { table in
                guard EditedSnapshot.name(table) == "Hub-B-rtb" else { return }
                table["Routes"] = (table["Routes"] as? [Object] ?? []).filter { $0["DestinationCidrBlock"] as? String != "10.13.0.0/16" }
            }
        }
        let answer = try Self.ask(network, "can \(Self.a) ping \(Self.c)")
        #expect(Self.blockers(answer, network) == ["TGW_RTB_CANNOT_ROUTE Hub-tgw-rtb - forward"])
        #expect(answer.blockers.first?.message.contains("its route 10.13.0.0/16 sends the packet to \(attachmentB)") == true)
        // The walker drops the example packet there too: the route leads into Hub-B, which does not hold it.
        let instance = try #require(Fixtures.id(named: Self.a, in: network))
        let interface = try #require(network.networkInterfaces(ofInstance: instance).first)
        let walk = PacketWalker(network: network).walk(try #require(answer.packet), from: .networkInterface(interface.id), leg: .forward)
        #expect(walk.drop?.code == .transitGatewayRouteTableCannotRoute && walk.drop?.message.contains("does not hold 10.13.1.10") == true)
        let report = try ReachabilityQuestions(network: network).fixes("can \(Self.a) ping \(Self.c)").report
        let table = try #require(network.transit.routeTables.first?.id)
        #expect(report.fixes.first?.awsCommands.map(\.description)
            == ["aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id \(table) --destination-cidr-block 10.13.0.0/16 --transit-gateway-attachment-id \(attachmentC)"])
    }

    /// A propagation from a VPN attachment: its routes are unknown unless the route listing includes propagated
    /// routes (then it lists them all, here none). Unknown routes give no verdict, never a guess.
    @Test func routesPropagatedFromAVPNAreUnknownUntilListed() throws {
        func withVPN(listing: Bool) throws -> Network {
            try Self.edited("01-working") { snapshot in
                snapshot.append("TransitGatewayRouteTablePropagations", ["TransitGatewayAttachmentId": "tgw-attach-0vpn", "ResourceId": "vpn-0onprem",
                                                                         "ResourceType": "vpn", "State": "enabled"])
                if !listing {
                    // As a `--filters Name=type,Values=static` dump: no propagated route listed (a deleted route is not one).
                    snapshot.editEach("Routes") { route in
                        if route["Type"] as? String == "propagated" { route["State"] = "deleted" }
                    }
                }
            }
        }
        let unlisted = try withVPN(listing: false)
        guard case .unknown(let reason) = try Self.ask(unlisted, "can \(Self.a) ping \(Self.b)").verdict else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason.contains("tgw-attach-0vpn (vpn vpn-0onprem)"))
        #expect(try Self.ask(try withVPN(listing: true), "can \(Self.a) ping \(Self.b)").verdict == .reachable)
    }
}

import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// AWS data-plane rules, each shown on the seed lab's real JSON with one thing changed.
@Suite struct SemanticsTests {
    typealias Object = EditedSnapshot.Object
    static let ping = SeedLab.ping

    static func working() throws -> EditedSnapshot { try EditedSnapshot(copying: Fixtures.seed("06-ping-works")) }

    static func ask(_ snapshot: EditedSnapshot, _ query: String = ping, oneWay: Bool = false) throws -> (QuestionResult, Network) {
        let network = try snapshot.load()
        return (try ReachabilityQuestions(network: network).ask(query, oneWay: oneWay), network)
    }

    static func subnetID(_ snapshot: EditedSnapshot, named name: String) -> String {
        snapshot.resources("Subnets").first { EditedSnapshot.name($0) == name }?["SubnetId"] as? String ?? ""
    }

    static func vpcID(_ snapshot: EditedSnapshot, named name: String) -> String {
        snapshot.resources("Vpcs").first { EditedSnapshot.name($0) == name }?["VpcId"] as? String ?? ""
    }

    /// Gives subnet `subnetName` its own network ACL with these entries (and AWS's final * rules).
    static func customACL(_ snapshot: inout EditedSnapshot, subnet subnetName: String, entries: [Object]) {
        let subnet = subnetID(snapshot, named: subnetName)
        let vpc = snapshot.resources("Subnets").first { $0["SubnetId"] as? String == subnet }?["VpcId"] as? String ?? ""
        snapshot.editEach("NetworkAcls") { acl in
            let associations = (acl["Associations"] as? [Object] ?? []).filter { $0["SubnetId"] as? String != subnet }
            acl["Associations"] = associations
        }
        let finalRules: [Object] = [true, false].map { ["RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": $0, "CidrBlock": "0.0.0.0/0"] }
        snapshot.append("NetworkAcls", ["NetworkAclId": "acl-0custom", "VpcId": vpc, "IsDefault": false,
                                        "Associations": [["NetworkAclAssociationId": "aclassoc-0custom", "NetworkAclId": "acl-0custom", "SubnetId": subnet]],
                                        "Entries": entries + finalRules, "Tags": [["Key": "Name", "Value": "custom-acl"]]])
    }

    static func rule(_ number: Int, egress: Bool, _ action: String, _ protocolNumber: String, _ cidr: String,
                     ports: (Int, Int)? = nil, icmp: (Int, Int)? = nil) -> Object {
        var entry: Object = ["RuleNumber": number, "Egress": egress, "RuleAction": action, "Protocol": protocolNumber, "CidrBlock": cidr]
        if let ports { entry["PortRange"] = ["From": ports.0, "To": ports.1] }
        if let icmp { entry["IcmpTypeCode"] = ["Type": icmp.0, "Code": icmp.1] }
        return entry
    }

    @Test func onlyRunningInstancesAnswer() throws {
        var snapshot = try Self.working()
        snapshot.editInstances { instance in
            if EditedSnapshot.name(instance) == "NextWork-2-instance" { instance["State"] = ["Code": 80, "Name": "stopped"] }
        }
        let (result, network) = try Self.ask(snapshot)
        #expect(result.answer.verdict == .unreachable)
        #expect(result.answer.blockers.map(\.code) == [.badState])
        #expect(result.answer.blockers.first?.component == Fixtures.id(named: "NextWork-2-instance", in: network))
        #expect(result.answer.blockers.first?.message.contains("stopped") == true)
    }

    @Test func networkACLsAreStatelessAndFirstMatchWins() throws {
        // Subnet 2 lets the echo request in but only TCP out: the echo reply is dropped on the return path.
        var snapshot = try Self.working()
        Self.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            Self.rule(100, egress: false, "allow", "1", "10.1.0.0/16", icmp: (8, -1)),
            Self.rule(100, egress: true, "allow", "6", "0.0.0.0/0", ports: (1024, 65535)),
        ])
        var (result, _) = try Self.ask(snapshot)
        #expect(result.answer.blockers.map { "\($0.code) \($0.component) \($0.direction!) \($0.leg)" }
                == ["SUBNET_ACL_RESTRICTION acl-0custom outbound return"], "\(AnswerRendering.text(result))")
        #expect(result.answer.blockers.first?.message.contains("echo-reply") == true)
        // One way, the request itself gets through.
        (result, _) = try Self.ask(snapshot, oneWay: true)
        #expect(result.answer.verdict == .reachable)

        // A lower-numbered deny wins over a later allow.
        snapshot = try Self.working()
        Self.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            Self.rule(90, egress: false, "deny", "1", "10.1.0.10/32"),
            Self.rule(100, egress: false, "allow", "-1", "0.0.0.0/0"),
            Self.rule(100, egress: true, "allow", "-1", "0.0.0.0/0"),
        ])
        (result, _) = try Self.ask(snapshot)
        #expect(result.answer.blockers.map { "\($0.component) \($0.direction!) \($0.leg)" } == ["acl-0custom inbound forward"])
        #expect(result.answer.blockers.first?.message.contains("rule 90 (deny icmp") == true, "\(result.answer.blockers)")
    }

    @Test func ephemeralPortsOnTheReturnPath() throws {
        // tcp/22 from instance 1; subnet 2 answers only on ports 1024-2000: the witness picks such a source port.
        var snapshot = try Self.working()
        snapshot.editEach("SecurityGroups") { group in
            guard group["GroupName"] as? String == "NextWork-2-sg" else { return }
            group["IpPermissions"] = [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [["CidrIp": "10.1.0.0/16"]]]]
        }
        Self.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            Self.rule(100, egress: false, "allow", "6", "10.1.0.0/16", ports: (22, 22)),
            Self.rule(100, egress: true, "allow", "6", "10.1.0.0/16", ports: (1024, 2000)),
        ])
        var (result, _) = try Self.ask(snapshot, "can NextWork-1-instance reach NextWork-2-instance on tcp/22")
        #expect(result.answer.verdict == .reachable)
        #expect((1024...2000).contains(Int(result.answer.packet?.sourcePort ?? 0)))
        // With no ephemeral range open at all, the response is blocked on its way out of subnet 2.
        snapshot.editEach("NetworkAcls") { acl in
            guard acl["NetworkAclId"] as? String == "acl-0custom" else { return }
            acl["Entries"] = (acl["Entries"] as? [Object] ?? []).map { entry in
                var entry = entry
                if entry["Egress"] as? Bool == true, entry["RuleNumber"] as? Int == 100 { entry["PortRange"] = ["From": 80, "To": 443] }
                return entry
            }
        }
        (result, _) = try Self.ask(snapshot, "can NextWork-1-instance reach NextWork-2-instance on tcp/22")
        #expect(result.answer.blockers.map { "\($0.code) \($0.direction!) \($0.leg)" } == ["SUBNET_ACL_RESTRICTION outbound return"])
    }

    @Test func blackholeRoutesDrop() throws {
        var snapshot = try Self.working()
        snapshot.editEach("RouteTables") { table in
            guard EditedSnapshot.name(table) == "NextWork-1-rtb-public" else { return }
            table["Routes"] = (table["Routes"] as? [Object] ?? []).map { route in
                var route = route
                if route["DestinationCidrBlock"] as? String == "10.2.0.0/16" { route["State"] = "blackhole" }
                return route
            }
        }
        let (result, network) = try Self.ask(snapshot)
        #expect(result.answer.blockers.map(\.code) == [.badStateRoute])
        #expect(result.answer.blockers.first?.component == Fixtures.id(named: "NextWork-1-rtb-public", in: network))
        #expect(result.answer.blockers.first?.message.contains("blackhole") == true)
    }

    @Test func networkACLsDoNotApplyInsideOneSubnet() throws {
        // A second instance in subnet 1, and a deny-everything ACL on subnet 1: the two still talk.
        var snapshot = try Self.working()
        let subnet = Self.subnetID(snapshot, named: "NextWork-1-subnet-public1")
        let vpc = Self.vpcID(snapshot, named: "NextWork-1")
        let group = snapshot.resources("SecurityGroups").first { $0["GroupName"] as? String == "NextWork-1-sg" }?["GroupId"] as? String ?? ""
        snapshot.editEach("SecurityGroups") { sg in
            guard sg["GroupName"] as? String == "NextWork-1-sg" else { return }
            sg["IpPermissions"] = [["IpProtocol": "-1", "UserIdGroupPairs": [["GroupId": group]]]]
        }
        snapshot.append("NetworkInterfaces", ["NetworkInterfaceId": "eni-0sibling", "SubnetId": subnet, "VpcId": vpc, "Status": "in-use",
                                              "Groups": [["GroupId": group]], "PrivateIpAddress": "10.1.0.11",
                                              "PrivateIpAddresses": [["PrivateIpAddress": "10.1.0.11", "Primary": true]],
                                              "TagSet": [["Key": "Name", "Value": "sibling"]]])
        Self.customACL(&snapshot, subnet: "NextWork-1-subnet-public1", entries: [])
        var (result, _) = try Self.ask(snapshot, "can NextWork-1-instance ping sibling")
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        #expect(result.answer.forward?.hops.contains { $0.kind == .networkACL } == false)
        // …and the security-group reference to its own group is what admits it.
        #expect(result.answer.forward?.hops.contains { $0.kind == .securityGroup && $0.detail.contains(group) } == true)
        // Leaving the subnet, the same ACL blocks both ways.
        (result, _) = try Self.ask(snapshot, "can sibling reach NextWork-2-instance on icmp")
        #expect(Set(result.answer.blockers.map { "\($0.component) \($0.direction!)" }).isSuperset(of: ["acl-0custom outbound"]))
    }

    @Test func prefixListsInSecurityGroupRules() throws {
        var snapshot = try Self.working()
        snapshot.append("PrefixLists", ["PrefixListId": "pl-0peers", "PrefixListName": "peer-vpcs", "Cidrs": ["10.1.0.0/24"]])
        snapshot.editEach("SecurityGroups") { group in
            guard group["GroupName"] as? String == "NextWork-2-sg" else { return }
            group["IpPermissions"] = [["IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "PrefixListIds": [["PrefixListId": "pl-0peers"]]]]
        }
        var (result, _) = try Self.ask(snapshot)
        #expect(result.answer.verdict == .reachable)
        #expect(result.answer.forward?.hops.contains { $0.detail.contains("pl-0peers") } == true)
        snapshot.editEach("PrefixLists") { $0["Cidrs"] = ["10.1.1.0/24"] }
        (result, _) = try Self.ask(snapshot)
        #expect(result.answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch])
    }

    @Test func securityGroupReferencesWorkAcrossAPeeringInOneRegion() throws {
        var snapshot = try Self.working()
        let group = snapshot.resources("SecurityGroups").first { $0["GroupName"] as? String == "NextWork-1-sg" }?["GroupId"] as? String ?? ""
        snapshot.editEach("SecurityGroups") { sg in
            guard sg["GroupName"] as? String == "NextWork-2-sg" else { return }
            sg["IpPermissions"] = [["IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "UserIdGroupPairs": [["GroupId": group]]]]
        }
        let (result, _) = try Self.ask(snapshot)
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
    }

    @Test func peeringIsNotTransitive() throws {
        // A third VPC peered only with NextWork-2; NextWork-1 routes its CIDR to the 1–2 peering.
        var snapshot = try Self.working()
        let vpc2 = Self.vpcID(snapshot, named: "NextWork-2")
        let pcx = snapshot.resources("VpcPeeringConnections").first?["VpcPeeringConnectionId"] as? String ?? ""
        snapshot.append("Vpcs", ["VpcId": "vpc-0third", "CidrBlock": "10.3.0.0/16", "Tags": [["Key": "Name", "Value": "third"]]])
        snapshot.append("Subnets", ["SubnetId": "subnet-0third", "VpcId": "vpc-0third", "CidrBlock": "10.3.0.0/24"])
        snapshot.append("SecurityGroups", ["GroupId": "sg-0third", "GroupName": "third", "VpcId": "vpc-0third",
                                           "IpPermissions": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]]],
                                           "IpPermissionsEgress": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]]]])
        snapshot.append("RouteTables", ["RouteTableId": "rtb-0third", "VpcId": "vpc-0third",
                                        "Associations": [["Main": true, "RouteTableId": "rtb-0third"]],
                                        "Routes": [["DestinationCidrBlock": "10.3.0.0/16", "GatewayId": "local", "State": "active"],
                                                   ["DestinationCidrBlock": "10.0.0.0/8", "VpcPeeringConnectionId": "pcx-0twothree", "State": "active"]]])
        snapshot.append("NetworkInterfaces", ["NetworkInterfaceId": "eni-0third", "SubnetId": "subnet-0third", "VpcId": "vpc-0third",
                                              "Status": "in-use", "Groups": [["GroupId": "sg-0third"]],
                                              "PrivateIpAddresses": [["PrivateIpAddress": "10.3.0.10", "Primary": true]],
                                              "TagSet": [["Key": "Name", "Value": "third-host"]]])
        snapshot.append("VpcPeeringConnections", ["VpcPeeringConnectionId": "pcx-0twothree", "Status": ["Code": "active"],
                                                  "RequesterVpcInfo": ["VpcId": vpc2, "CidrBlock": "10.2.0.0/16"],
                                                  "AccepterVpcInfo": ["VpcId": "vpc-0third", "CidrBlock": "10.3.0.0/16"]])
        snapshot.editEach("RouteTables") { table in
            guard EditedSnapshot.name(table) == "NextWork-1-rtb-public" else { return }
            var routes = table["Routes"] as? [Object] ?? []
            routes.append(["DestinationCidrBlock": "10.3.0.0/16", "VpcPeeringConnectionId": pcx, "State": "active"])
            table["Routes"] = routes
        }
        let (result, network) = try Self.ask(snapshot, "can NextWork-1-instance reach third-host on icmp", oneWay: true)
        #expect(result.answer.verdict == .unreachable)
        let route = try #require(result.answer.blockers.first { $0.component == Fixtures.id(named: "NextWork-1-rtb-public", in: network) })
        #expect(route.code == .peeringRequiresAddressInVPCCIDR && route.message.contains("not transitive"), "\(route)")
        #expect(result.answer.blockers.contains { $0.code == .noPeeringConnection })
        // The walker agrees: the packet dies at NextWork-1's route table.
        let walk = PacketWalker(network: network).walk(try #require(result.answer.packet),
                                                        from: .networkInterface(network.networkInterfaces(ofInstance: Fixtures.id(named: "NextWork-1-instance", in: network)!)[0].id), leg: .forward)
        #expect(walk.drop?.code == .peeringRequiresAddressInVPCCIDR)
    }
}

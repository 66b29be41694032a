import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Security-group references through a transit gateway (`SecurityGroupReferencingSupport` on the gateway and the
/// VPC attachments) and across accounts, on the transit hub's JSON (Queries/transit/01-working): Hub-C-sg admits
/// tcp/22 only from a referenced group. Both engines: the answer, and one packet walked.
@Suite struct SecurityGroupReferenceTests {
    typealias Object = EditedSnapshot.Object
    static let query = "can Hub-A-instance reach Hub-C-instance on tcp/22"

    /// Hub-C-sg's tcp/22 rule names `reference` (a `UserIdGroupPairs` entry) instead of 10.0.0.0/8; the transit
    /// gateway's option and Hub-A's attachment's option as given (nil: as AWS prints them in the fixture).
    static func snapshot(reference: (Object) -> Object, gateway: String?, attachmentA: String? = nil) throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: StageLab.transit.directory("01-working"))
        let groups = snapshot.resources("SecurityGroups")
        let groupA = try #require(groups.first { EditedSnapshot.name($0) == "Hub-A-sg" })
        let pair = reference(groupA)
        snapshot.editEach("SecurityGroups") { group in
            guard EditedSnapshot.name(group) == "Hub-C-sg" else { return }
            var permissions = group["IpPermissions"] as? [Object] ?? []
            permissions.removeAll { $0["FromPort"] as? Int == 22 }
            permissions.append(["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [Object](), "Ipv6Ranges": [Object](),
                                "PrefixListIds": [Object](), "UserIdGroupPairs": [pair]])
            group["IpPermissions"] = permissions
        }
        snapshot.editEach("TransitGateways") { tgw in
            var options = tgw["Options"] as? Object ?? [:]
            options["SecurityGroupReferencingSupport"] = gateway
            tgw["Options"] = options
        }
        if let attachmentA {
            let id = try #require(snapshot.resources("TransitGatewayAttachments").first { EditedSnapshot.name($0) == "Hub-A-attachment" }?["TransitGatewayAttachmentId"] as? String)
            snapshot.editEach("TransitGatewayVpcAttachments") { attachment in
                guard attachment["TransitGatewayAttachmentId"] as? String == id else { return }
                var options = attachment["Options"] as? Object ?? [:]
                options["SecurityGroupReferencingSupport"] = attachmentA
                attachment["Options"] = options
            }
        }
        return snapshot
    }

    static func sameAccount(_ groupA: Object) -> Object { ["GroupId": groupA["GroupId"]!, "UserId": groupA["OwnerId"]!] }

    /// One tcp/22 packet from Hub-A-instance to Hub-C-instance, walked.
    static func walk(_ network: Network) throws -> Walk {
        let a = try #require(Fixtures.id(named: "Hub-A-instance", in: network).flatMap { network.networkInterfaces(ofInstance: $0).first })
        let c = try #require(Fixtures.id(named: "Hub-C-instance", in: network).flatMap { network.networkInterfaces(ofInstance: $0).first })
        let packet = Packet(source: try #require(a.primaryAddress), destination: try #require(c.primaryAddress), ipProtocol: IPProtocolNumber.tcp,
                            sourcePort: 40000, destinationPort: 22)
        return PacketWalker(network: network).walk(packet, from: .networkInterface(a.id), leg: .forward)
    }

    @Test func aReferenceThroughATransitGatewayWithSupportMatches() throws {
        let network = try Self.snapshot(reference: Self.sameAccount, gateway: "enable").load()
        #expect(network.transit.gateways.first?.securityGroupReferencingSupport == true)
        let answer = try ReachabilityQuestions(network: network).ask(Self.query).answer
        #expect(answer.verdict == .reachable, "\(answer.verdict) \(answer.blockers.map(\.message))")
        #expect(try Self.walk(network).deliveredAt != nil)
    }

    /// AWS's default for a transit gateway is `disable`: the rule matches nothing across it.
    @Test(arguments: ["disable", nil] as [String?])
    func withoutSupportOnTheGatewayTheReferenceMatchesNothing(option: String?) throws {
        let network = try Self.snapshot(reference: Self.sameAccount, gateway: option).load()
        let answer = try ReachabilityQuestions(network: network).ask(Self.query).answer
        #expect(answer.verdict == .unreachable, "\(answer.verdict)")
        #expect(answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch], "\(answer.blockers.map(\.message))")
        #expect(try Self.walk(network).drop?.code == .networkInterfaceSecurityGroupRulesMismatch)
    }

    /// Both attachments must have it: Hub-A's attachment with `disable` turns it off.
    @Test func withoutSupportOnOneAttachmentTheReferenceMatchesNothing() throws {
        let network = try Self.snapshot(reference: Self.sameAccount, gateway: "enable", attachmentA: "disable").load()
        #expect(try ReachabilityQuestions(network: network).ask(Self.query).answer.verdict == .unreachable)
        #expect(try Self.walk(network).drop?.code == .networkInterfaceSecurityGroupRulesMismatch)
    }

    /// A bad option value is bad input naming the file and path.
    @Test func aBadOptionIsAnError() throws {
        let snapshot = try Self.snapshot(reference: Self.sameAccount, gateway: "on")
        #expect(throws: (any Error).self) { try snapshot.load() }
    }

    /// Outbound rules cannot reference across a transit gateway (AWS supports inbound rules only).
    @Test func anOutboundReferenceDoesNotCross() throws {
        let network = try Self.snapshot(reference: Self.sameAccount, gateway: "enable").load()
        let groupC = try #require(network.securityGroups.first { $0.tags.name == "Hub-C-sg" })
        let groupA = try #require(network.securityGroups.first { $0.tags.name == "Hub-A-sg" })
        let vpcC = try #require(network.vpcs.first { $0.tags.name == "Hub-C" })
        #expect(!network.addresses(ofSecurityGroupReference: groupA.id, fromVPC: vpcC.id, direction: .inbound).isEmpty)
        #expect(network.addresses(ofSecurityGroupReference: groupA.id, fromVPC: vpcC.id, direction: .outbound).isEmpty)
        #expect(groupC.inbound.contains { if case .securityGroup(groupA.id, _) = $0.peer { true } else { false } })
    }

    /// `123456789012/sg-…` names the account and the group: resolved by the group's id.
    @Test func theAccountSlashGroupFormResolves() throws {
        let network = try Self.snapshot(reference: { ["GroupId": "\($0["OwnerId"]!)/\($0["GroupId"]!)"] }, gateway: "enable").load()
        #expect(try ReachabilityQuestions(network: network).ask(Self.query).answer.verdict == .reachable)
        #expect(try Self.walk(network).deliveredAt != nil)
    }

    /// A group of an account the snapshot does not hold: which addresses the rule matches is unknown, so the
    /// answer is UNKNOWN naming the reference, not a proof.
    @Test(arguments: [["sg-0a1b2c3d4e5f60718", "210987654321"], ["210987654321/sg-0a1b2c3d4e5f60718"]])
    func aGroupOfAnAccountNotInTheSnapshotIsUnknown(fields: [String]) throws {
        var pair: Object = ["GroupId": fields[0]]
        if fields.count > 1 { pair["UserId"] = fields[1] }
        let snapshot = try Self.snapshot(reference: { _ in pair }, gateway: "enable")
        let network = try snapshot.load()
        let result = try ReachabilityQuestions(network: network).ask(Self.query)
        guard case .unknown(let reason) = result.answer.verdict else { Issue.record("expected unknown, got \(AnswerRendering.text(result))"); return }
        #expect(reason.contains("210987654321/sg-0a1b2c3d4e5f60718"), "\(reason)")
    }

    /// The `describe-security-group-rules` entries (its `SecurityGroupRules` shape) of a group's permissions.
    static func rules(of groups: [Object]) -> [Object] {
        groups.flatMap(rules(of:)).enumerated().map { index, rule in
            var rule = rule
            rule["SecurityGroupRuleId"] = "sgr-\(String(format: "%017x", index + 1))"
            return rule
        }
    }

    static func rules(of group: Object) -> [Object] {
        var result: [Object] = []
        for (key, egress) in [("IpPermissions", false), ("IpPermissionsEgress", true)] {
            for permission in group[key] as? [Object] ?? [] {
                var base: Object = ["GroupId": group["GroupId"]!, "GroupOwnerId": group["OwnerId"]!, "IsEgress": egress,
                                    "IpProtocol": permission["IpProtocol"]!, "FromPort": permission["FromPort"] ?? -1, "ToPort": permission["ToPort"] ?? -1,
                                    "Tags": [Object]()]
                if permission["IpProtocol"] as? String == "-1" { base["FromPort"] = -1; base["ToPort"] = -1 }
                for range in permission["IpRanges"] as? [Object] ?? [] {
                    var rule = base
                    rule["CidrIpv4"] = range["CidrIp"]
                    if let description = range["Description"] { rule["Description"] = description }
                    rule["SecurityGroupRuleId"] = "sgr-\(String(format: "%017x", result.count + 1))"
                    result.append(rule)
                }
                for pair in permission["UserIdGroupPairs"] as? [Object] ?? [] {
                    var rule = base
                    rule["ReferencedGroupInfo"] = ["GroupId": pair["GroupId"]!, "UserId": pair["UserId"] ?? group["OwnerId"]!] as Object
                    rule["SecurityGroupRuleId"] = "sgr-\(String(format: "%017x", result.count + 1))"
                    result.append(rule)
                }
            }
        }
        return result
    }

    /// describe-security-group-rules beside describe-security-groups: identical content reads as before (no
    /// warning that it is not modelled), with the reference through the transit gateway in both engines.
    @Test func securityGroupRulesMatchingTheGroupsAreRead() throws {
        var snapshot = try Self.snapshot(reference: Self.sameAccount, gateway: "enable")
        let rules = Self.rules(of: snapshot.resources("SecurityGroups"))
        #expect(rules.count > 6)
        for rule in rules { snapshot.append("SecurityGroupRules", rule) }
        let path = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try SnapshotReader.load(directory: path)
        #expect(!loaded.warnings.contains { $0.key == "SecurityGroupRules" }, "\(loaded.warnings)")
        #expect(try ReachabilityQuestions(network: loaded.network).ask(Self.query).answer.verdict == .reachable)
        #expect(try Self.walk(loaded.network).deliveredAt != nil)
    }

    /// A rule the groups' output does not give the group: two states of one group, bad input.
    @Test func aConflictingSecurityGroupRuleIsAnError() throws {
        var snapshot = try Self.snapshot(reference: Self.sameAccount, gateway: "enable")
        var rules = Self.rules(of: snapshot.resources("SecurityGroups"))
        var extra = try #require(rules.first { $0["IsEgress"] as? Bool == false && $0["CidrIpv4"] != nil })
        extra["CidrIpv4"] = "0.0.0.0/0"
        extra["SecurityGroupRuleId"] = "sgr-0ffffffffffffffff"
        rules.append(extra)
        for rule in rules { snapshot.append("SecurityGroupRules", rule) }
        let path = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SnapshotReader.load(directory: path)
            Issue.record("a conflicting rule was read")
        } catch {
            #expect("\(error)".contains("SecurityGroupRules") && "\(error)".contains("is not among the rules"), "\(error)")
        }
    }

    /// Only describe-security-group-rules (no describe-security-groups): the groups are made from the rules.
    @Test func securityGroupRulesAloneDescribeTheGroups() throws {
        var snapshot = try Self.snapshot(reference: Self.sameAccount, gateway: "enable")
        let rules = Self.rules(of: snapshot.resources("SecurityGroups"))
        for name in snapshot.files.keys where snapshot.files[name]?["SecurityGroups"] != nil { try snapshot.remove(name) }
        for rule in rules { snapshot.append("SecurityGroupRules", rule) }
        let network = try snapshot.load()
        #expect(try ReachabilityQuestions(network: network).ask(Self.query).answer.verdict == .reachable)
        #expect(try ReachabilityQuestions(network: network).ask("can Hub-A-instance reach Hub-C-instance on tcp/80").answer.verdict == .unreachable)
    }
}

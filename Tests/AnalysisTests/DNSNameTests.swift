import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// DNS names as query ends, resolved as AWS resolves them for the asker, on the seed lab's stage 09 (NextWork-1-instance
/// has an Elastic IP and a public DNS name; the peering is active with `AllowDnsResolutionFromRemoteVpc` off on both
/// sides; NextWork-1 pings NextWork-2 at its private address). Stage 09 holds no `describe-vpc-attribute` output; where
/// a test needs NextWork-2's `enableDnsHostnames` on, it adds that output as AWS prints it. The peering tests also let
/// NextWork-1-sg admit ICMP from 10.2.0.0/16 (as NextWork-2-sg admits it from 10.1.0.0/16), so that NextWork-2's
/// ping to NextWork-1 works at the private address.
@Suite struct DNSNameTests {
    static let stage = Fixtures.seed("09-eic-works")

    /// The stage with `describe-vpc-attribute` output added (VPC name, attribute, value) and the peering's options
    /// edited (side key → AllowDnsResolutionFromRemoteVpc).
    static func folder(attributes: [(String, String, Bool)] = [("NextWork-2", "EnableDnsHostnames", true)],
                       peeringOptions: [String: Bool] = [:]) throws -> String {
        let network = try Fixtures.load(stage)
        var edited = try EditedSnapshot(copying: stage)
        edited.editEach("SecurityGroups") { group in
            guard EditedSnapshot.name(group) == "NextWork-1-sg" else { return }
            group["IpPermissions"] = (group["IpPermissions"] as? [EditedSnapshot.Object] ?? []) + [[
                "IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [], "IpRanges": [["CidrIp": "10.2.0.0/16"]],
                "Ipv6Ranges": [], "PrefixListIds": [],
            ]]
        }
        edited.editEach("VpcPeeringConnections") { connection in
            for (side, allow) in peeringOptions {
                var info = connection[side] as? EditedSnapshot.Object ?? [:]
                var options = info["PeeringOptions"] as? EditedSnapshot.Object ?? [:]
                options["AllowDnsResolutionFromRemoteVpc"] = allow
                info["PeeringOptions"] = options
                connection[side] = info
            }
        }
        let directory = try edited.write()
        for (index, (vpc, attribute, value)) in attributes.enumerated() {
            let vpcID = try #require(Fixtures.id(named: vpc, in: network))
            try JSONSerialization.data(withJSONObject: ["VpcId": vpcID, attribute: ["Value": value]], options: [.sortedKeys])
                .write(to: URL(fileURLWithPath: "\(directory)/describe-vpc-attribute-\(index).json"))
        }
        return directory
    }

    /// NextWork-1-instance's public DNS name, as describe-instances prints it.
    static func publicName(_ network: Network) throws -> String {
        let hostname = try #require(network.dnsHostnames.values.first { $0.kind == .publicHostname && $0.privateAddress == address("10.1.0.10") })
        return hostname.name
    }

    static func pingQuery(_ name: String) -> String { "can NextWork-2-instance ping \(name)" }

    @Test func inTheSameVPCAPublicNameResolvesToThePrivateAddress() throws {
        let network = try Fixtures.load(Self.stage)
        let resolver = EndpointResolver(network: network)
        // NextWork-1-instance's own interface asks: its VPC is the named instance's.
        let instance = try #require(Fixtures.id(named: "NextWork-1-instance", in: network))
        let eni = try #require(network.networkInterfaces(ofInstance: instance).first)
        let asker = try resolver.resolve(eni.id)
        let resolved = try resolver.resolveDestination(try Self.publicName(network), from: asker)
        let dns = try #require(resolved.dns)
        #expect(dns.isPrivate && dns.address == address("10.1.0.10") && dns.reason.contains("its own VPC"), "\(dns)")
        #expect(dns.assumptions.contains { $0.contains("enableDnsSupport") && $0.contains("AWS's default") }, "\(dns.assumptions)")
        #expect(resolved.kind == ResolvedEndpoint.Kind.privateAddress(eni.id, address("10.1.0.10")))
    }

    @Test func fromTheInternetAPublicNameIsThePublicAddress() throws {
        let network = try Fixtures.load(Self.stage)
        let name = try Self.publicName(network)
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask("can 18.206.107.24 reach \(name) on tcp/22")
        let dns = try #require(result.destination.dns)
        #expect(!dns.isPrivate && dns.address == network.dnsHostname(name)?.publicAddress && dns.reason.contains("outside AWS"))
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        #expect(AnswerRendering.text(result).contains("DNS: \(name) resolved to \(dns.address) (public address)"))

        // A private name resolves nowhere outside AWS; a name no instance has is not in the snapshot: bad input.
        #expect(throws: QueryError.self) { try questions.ask("can internet reach ip-10-1-0-10.ec2.internal on tcp/22") }
        let unknown = #expect(throws: QueryError.self) { try questions.ask("can internet reach ec2-1-2-3-4.compute-1.amazonaws.com on tcp/22") }
        #expect(unknown?.description.contains("ec2-1-2-3-4.compute-1.amazonaws.com") == true)
    }

    @Test func aPrivateNameResolvesToThePrivateAddressAcrossThePeering() throws {
        let questions = ReachabilityQuestions(network: try Fixtures.load(Self.stage))
        let result = try questions.ask("can NextWork-1-instance ping ip-10-2-0-10.ec2.internal")
        #expect(result.destination.dns?.isPrivate == true && result.destination.dns?.address == address("10.2.0.10"))
        #expect(result.answer.verdict == .reachable)
        // As a source, a DNS name is the host that has it.
        let back = try questions.ask("can ip-10-2-0-10.ec2.internal reach 18.206.107.24 on tcp/443", oneWay: true)
        guard case .privateAddress(_, let from) = back.source.kind else { Issue.record("\(back.source.kind)"); return }
        #expect(from == address("10.2.0.10"))
        #expect(back.source.label.hasPrefix("ip-10-2-0-10.ec2.internal (10.2.0.10"), "\(back.source.label)")
    }

    /// With the option off on NextWork-1's side (the requester), the name resolves to the Elastic IP: NextWork-2's
    /// ping then needs a public address of its own and a rule for it, while at the private address it works. The
    /// option is the blocker, its fix the CLI command; made on the model and on the snapshot, the query is reachable.
    @Test func thePeeringDNSOptionIsABlockerWithItsFix() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let network = try Fixtures.load(directory)
        let name = try Self.publicName(network)
        let peering = try #require(network.peeringConnections.first)
        let questions = ReachabilityQuestions(network: network)
        let result = try questions.ask(Self.pingQuery(name))
        let dns = try #require(result.destination.dns)
        #expect(!dns.isPrivate && dns.address == network.dnsHostname(name)?.publicAddress)
        #expect(dns.reason.contains("\(peering.id) does not allow DNS resolution from the remote VPC on its requester side"), "\(dns.reason)")
        #expect(result.answer.verdict == .unreachable)
        let alternative = try #require(result.peeringDNSAlternative, "\(AnswerRendering.text(result))")
        let command = "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id \(peering.id) --requester-peering-connection-options AllowDnsResolutionFromRemoteVpc=true"
        #expect(alternative.command.description == command)
        #expect(alternative.answer.verdict == .reachable)
        let text = AnswerRendering.text(result)
        #expect(text.contains("[PCX_DNS_RESOLUTION_DISABLED]") && text.contains("fix: \(command)"), "\(text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(AnswerRendering.json(result).utf8)) as? [String: Any])
        let record = try #require(json["dns"] as? [String: Any])
        #expect(record["resolvedTo"] as? String == "public" && record["name"] as? String == name)
        #expect((record["blocker"] as? [String: Any])?["fix"] as? String == command)

        // The fixes: the option first, checked by asking again.
        let report = try questions.fixes(Self.pingQuery(name)).report
        let first = try #require(report.fixes.first)
        #expect(first.actions == [.modifyPeeringDNSResolution(id: peering.id, side: .requester, allow: true)])
        #expect(first.packet?.destination == address("10.1.0.10"))

        // Made on the model, and on the snapshot by the editor: the name resolves to the private address, reachable.
        let onModel = try ReachabilityQuestions(network: network.applying(first.actions)).ask(Self.pingQuery(name))
        #expect(onModel.destination.dns?.isPrivate == true && onModel.answer.verdict == .reachable)
        var editor = try SnapshotEditor(directory: directory)
        for action in first.actions { try editor.apply(action) }
        let output = Temporary.path("dns-fix")
        try editor.write(to: output)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let again = try ReachabilityQuestions(network: try Fixtures.load(output)).ask(Self.pingQuery(name))
        #expect(again.destination.dns?.isPrivate == true && again.destination.dns?.reason.contains("allows DNS resolution") == true)
        #expect(again.answer.verdict == .reachable, "\(AnswerRendering.text(again))")
        #expect(again.peeringDNSAlternative == nil)
    }

    /// The option on the wrong side (the accepter's, NextWork-2's) changes nothing for names of NextWork-1; without
    /// NextWork-2's hostnames on (AWS's default for a VPC that is not a default VPC), the option alone does not help,
    /// and no blocker is offered; the answer says the assumption.
    @Test func theOptionCountsPerSideAndNeedsBothVPCsAttributes() throws {
        let wrongSide = try Self.folder(peeringOptions: ["AccepterVpcInfo": true])
        defer { try? FileManager.default.removeItem(atPath: wrongSide) }
        let network = try Fixtures.load(wrongSide)
        let name = try Self.publicName(network)
        #expect(try ReachabilityQuestions(network: network).ask(Self.pingQuery(name)).destination.dns?.isPrivate == false)

        let rightSide = try Self.folder(peeringOptions: ["RequesterVpcInfo": true])
        defer { try? FileManager.default.removeItem(atPath: rightSide) }
        let on = try ReachabilityQuestions(network: try Fixtures.load(rightSide)).ask(Self.pingQuery(name))
        #expect(on.destination.dns?.isPrivate == true && on.answer.verdict == .reachable)

        let noHostnames = try Self.folder(attributes: [], peeringOptions: ["RequesterVpcInfo": true])
        defer { try? FileManager.default.removeItem(atPath: noHostnames) }
        let off = try ReachabilityQuestions(network: try Fixtures.load(noHostnames)).ask(Self.pingQuery(name))
        let dns = try #require(off.destination.dns)
        #expect(!dns.isPrivate && dns.reason.contains("DNS hostnames off") && dns.peeringOption == nil)
        #expect(dns.assumptions.contains { $0.contains("enableDnsHostnames") && $0.contains("assumed off") }, "\(dns.assumptions)")
        #expect(off.answer.verdict == .unreachable && off.peeringDNSAlternative == nil)
        #expect(AnswerRendering.text(off).contains("Assumed: enableDnsHostnames of"))
    }
}

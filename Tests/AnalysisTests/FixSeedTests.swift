import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// Applying fixes the way `pathproof fix --write-snapshot` does: the fix's AWS calls made on a copy of the
/// snapshot's JSON, written to a new folder.
enum FixSupport {
    static let a = "NextWork-1-instance"
    static let b = "NextWork-2-instance"
    static let ping = "can \(a) ping \(b)"
    static let pingBack = "can \(b) ping \(a)"
    static let instanceConnect = "can internet reach \(a) on tcp/22"
    static let queries = [ping, pingBack, instanceConnect]

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-fix-\(UUID().uuidString)").path
    }

    /// Writes `directory` with `fix` applied; returns the new folder and the editor (for its changed files).
    static func write(_ fix: Fix, from directory: String) throws -> (path: String, editor: SnapshotEditor) {
        var editor = try SnapshotEditor(directory: directory)
        for action in fix.actions { try editor.apply(action) }
        let output = temporaryFolder()
        try editor.write(to: output)
        return (output, editor)
    }

    /// The fix of `query` on the snapshot in `folder` whose AWS CLI commands are `commands`: applied to the model and
    /// written by the snapshot editor, the query asked again on both answers reachable. Returns the files the
    /// editor changed.
    @discardableResult
    static func checkRoundTrip(_ folder: String, _ network: Network, _ query: String, commands: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let result = try ReachabilityQuestions(network: network).fixes(query)
        #expect(result.report.answer.verdict == .unreachable, "\(result.report.answer.verdict)", sourceLocation: sourceLocation)
        let fix = try #require(result.report.fixes.first { $0.awsCommands.map(\.description) == commands },
                               "fixes: \(result.report.fixes.map { $0.awsCommands.map(\.description) }) note: \(result.report.note ?? "")",
                               sourceLocation: sourceLocation)
        let fixed = try ReachabilityQuestions(network: network.applying(fix.actions)).ask(query)
        #expect(fixed.answer.verdict == .reachable, "\(AnswerRendering.text(fixed))", sourceLocation: sourceLocation)
        let (output, editor) = try write(fix, from: folder)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let edited = try ReachabilityQuestions(network: try SnapshotReader.load(directory: output).network).ask(query)
        #expect(edited.answer.verdict == .reachable, "\(AnswerRendering.text(edited))", sourceLocation: sourceLocation)
        return editor.changedFiles
    }

    /// Every regular file under `directory`, relative to it.
    static func files(_ directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var result: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(path)
            }
        }
        return result.sorted()
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The AWS ids a fix touches: what it changes, what it creates, and the interfaces behind a changed group or a
    /// started instance (a walk names them at those hops).
    static func touched(_ fix: Fix, in network: Network) -> Set<String> {
        var ids: Set<String> = []
        for change in fix.changes {
            ids.insert(change.component)
            if case .securityGroups(let interface, _) = change.checkpoint { ids.insert(interface) }
            for action in change.actions {
                switch action {
                case .createRoute(let table, _, let target), .replaceRoute(let table, _, let target): ids.formUnion([table, target.id])
                case .deleteRoute(let table, _): ids.insert(table)
                case .authorizeSecurityGroupRule(let group, _, _): ids.insert(group)
                case .createNetworkACLEntry(let acl, _), .replaceNetworkACLEntry(let acl, _): ids.insert(acl)
                case .createPeeringConnection(let id, _, _, _, _), .acceptPeeringConnection(let id, _), .modifyPeeringDNSResolution(let id, _, _): ids.insert(id)
                case .createInternetGateway(let id), .attachInternetGateway(let id, _): ids.insert(id)
                case .allocateAddress: break
                case .associateAddress(_, let interface, _): ids.insert(interface)
                case .startInstance(let id):
                    ids.insert(id)
                    ids.formUnion(network.networkInterfaces(ofInstance: id).map(\.id))
                case .createTransitGatewayRoute(let table, _, let attachment), .replaceTransitGatewayRoute(let table, _, let attachment),
                     .enableTransitGatewayPropagation(let table, let attachment), .associateTransitGatewayRouteTable(let table, let attachment):
                    ids.formUnion([table, attachment])
                case .addTransitGatewayAttachmentSubnets(let attachment, _), .acceptTransitGatewayAttachment(let attachment, _):
                    ids.insert(attachment)
                case .disableSourceDestinationCheck(let interface): ids.insert(interface)
                case .createGatewayEndpoint(let id, _, _), .attachVPNGateway(let id, _): ids.insert(id)
                case .addGatewayEndpointRouteTable(let endpoint, let table): ids.formUnion([endpoint, table])
                case .createVPNConnectionRoute(let connection, _): ids.insert(connection)
                case .createListener(let listener, let loadBalancer, _, _, let group):
                    // A walk names a load balancer by its name.
                    ids.formUnion([listener, loadBalancer, group] + (network.loadBalancer(loadBalancer).map { [$0.name] } ?? []))
                case .enableCrossZone(let arn, _), .setLoadBalancerSubnets(let arn, _):
                    ids.formUnion([arn] + (network.loadBalancer(arn).map { [$0.name] } ?? []))
                case .registerTarget(let group, let target): ids.formUnion([group, target])
                case .createClassicListener(let arn, let name, _, _, _, _), .attachClassicSubnets(let arn, let name, _), .enableClassicCrossZone(let arn, let name):
                    ids.formUnion([arn, name])
                case .registerClassicInstance(let arn, let name, let instance): ids.formUnion([arn, name, instance])
                }
            }
        }
        return ids
    }

    /// The `aws …` lines of a fix.
    static func commands(_ fix: Fix) -> [String] { fix.awsCommands.map(\.description) }

    /// The first fix of a query that is unreachable on the snapshot in `directory`: its commands contain every
    /// text of `expected`, and written to a copy of the snapshot it makes the query reachable.
    static func expectFirstFix(_ directory: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stage = URL(fileURLWithPath: directory).lastPathComponent
        let questions = ReachabilityQuestions(network: try Fixtures.load(directory))
        #expect(try questions.ask(query).answer.verdict == .unreachable, "\(stage): \(query)", sourceLocation: sourceLocation)
        let report = try questions.fixes(query).report
        let fix = try #require(report.fixes.first, "\(stage): \(query): no fix (\(report.note ?? ""))", sourceLocation: sourceLocation)
        let commands = Self.commands(fix).joined(separator: "\n")
        for text in expected {
            #expect(commands.contains(text), "\(stage): \(query): no \(text) in\n\(commands)", sourceLocation: sourceLocation)
        }
        let (output, _) = try write(fix, from: directory)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let after = try ReachabilityQuestions(network: try Fixtures.load(output)).ask(query)
        #expect(after.answer.verdict == .reachable, "\(stage): \(query): written fix\n\(commands)\n\(AnswerRendering.text(after))",
                sourceLocation: sourceLocation)
    }
}

/// Every unreachable query of the seed lab gets a fix; written to a snapshot, it makes the query reachable and
/// changes nothing else.
@Suite struct FixSeedTests {
    static let stages = ["01-no-peering", "02-peering-pending", "03-peering-active-no-routes", "04-route-one-way",
                         "05-routes-sg-blocks-icmp", "06-ping-works", "07-eic-no-public-ip", "08-eic-elastic-ip-no-ssh-rule",
                         "09-eic-works", "10-inter-region-sg-reference", "11-inter-region-works"]

    @Test(arguments: stages) func everyUnreachableQueryGetsAFixThatWorksWhenWritten(stage: String) throws {
        let directory = Fixtures.seed(stage)
        let network = try Fixtures.load(directory)
        let questions = ReachabilityQuestions(network: network)
        var before: [String: QuestionResult] = [:]
        for query in FixSupport.queries { before[query] = try questions.ask(query) }
        var fixed = 0
        for query in FixSupport.queries where before[query]?.answer.verdict == .unreachable {
            let report = try questions.fixes(query).report
            let fix = try #require(report.fixes.first, "\(stage): \(query): no fix (\(report.note ?? ""))")
            // The first fix is a smallest set: as many changes as the answer names blockers.
            #expect(fix.changes.count == before[query]?.answer.blockers.count, "\(stage): \(query)\n\(FixSupport.commands(fix))")
            #expect(report.fixes.map(\.changes.count) == report.fixes.map(\.changes.count).sorted())

            let (output, editor) = try FixSupport.write(fix, from: directory)
            // Same files and folders; only the changed ones differ.
            #expect(FixSupport.files(output) == Set(FixSupport.files(directory)).union(editor.changedFiles).sorted())
            for file in FixSupport.files(directory) where !editor.changedFiles.contains(file) {
                #expect(FixSupport.bytes("\(output)/\(file)") == FixSupport.bytes("\(directory)/\(file)"), "\(stage): \(file) changed")
            }
            #expect(!editor.changedFiles.isEmpty)

            let after = ReachabilityQuestions(network: try Fixtures.load(output))
            let answer = try after.ask(query)
            #expect(answer.answer.verdict == .reachable, "\(stage): \(query) after\n\(FixSupport.commands(fix))\n\(AnswerRendering.text(answer))")
            // The written snapshot and the model with the fix applied agree.
            let modelled = try ReachabilityQuestions(network: network.applying(fix.actions)).ask(query)
            #expect(modelled.answer.verdict == .reachable)

            // Nothing else changes, unless it involves what the fix touched; a fix only opens.
            let touched = FixSupport.touched(fix, in: network)
            let onlyInboundRules = fix.changes.allSatisfy { change in
                change.actions.allSatisfy { if case .authorizeSecurityGroupRule(_, .inbound, _) = $0 { true } else { false } }
            }
            for other in FixSupport.queries where other != query {
                let was = try #require(before[other]).answer.verdict
                let now = try after.ask(other).answer
                if onlyInboundRules { #expect(now.verdict == was, "\(stage): fixing \(query) changed \(other)") }
                if was == .reachable { #expect(now.verdict == .reachable, "\(stage): fixing \(query) broke \(other)") }
                if now.verdict != was {
                    let hops = (now.forward?.hops ?? []) + (now.returnWalk?.hops ?? [])
                    #expect(hops.contains { touched.contains($0.component) }, "\(stage): \(other) changed without using \(touched)")
                }
            }
            fixed += 1
        }
        // Every stage has at least one unreachable query among the three (ping 2→1 stays blocked throughout).
        #expect(fixed >= 1)
    }

    @Test func stage01PingNeedsAPeeringBothRoutesAndARule() throws {
        let network = try Fixtures.load(Fixtures.seed("01-no-peering"))
        let report = try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report
        #expect(report.fixes.count == 1)
        let fix = try #require(report.fixes.first)
        let id = { (name: String) in Fixtures.id(named: name, in: network) ?? name }
        #expect(FixSupport.commands(fix) == [
            "aws ec2 create-vpc-peering-connection --vpc-id \(id("NextWork-1")) --peer-vpc-id \(id("NextWork-2"))",
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 create-route --route-table-id \(id("NextWork-1-rtb-public")) --destination-cidr-block 10.2.0.0/16 --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 create-route --route-table-id \(id("NextWork-2-rtb-public")) --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 authorize-security-group-ingress --group-id \(id("NextWork-2-sg")) --ip-permissions '[{\"IpProtocol\":\"icmp\",\"FromPort\":8,\"ToPort\":-1,\"IpRanges\":[{\"CidrIp\":\"10.1.0.0/16\"}]}]'",
        ])
        #expect(fix.changes.map(\.kind) == [.newPeering, .route, .route, .securityGroupRule])
        #expect(fix.packet?.description == "icmp echo-request 10.1.0.10 → 10.2.0.10")
    }

    @Test func stage02AcceptsThePendingPeering() throws {
        let network = try Fixtures.load(Fixtures.seed("02-peering-pending"))
        let fix = try #require(try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report.fixes.first)
        let pcx = try #require(Fixtures.id(named: "NextWork-peering", in: network))
        #expect(FixSupport.commands(fix).first == "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \(pcx)")
        #expect(FixSupport.commands(fix).filter { $0.contains("create-route") && $0.hasSuffix("--vpc-peering-connection-id \(pcx)") }.count == 2)
        #expect(!FixSupport.commands(fix).contains { $0.contains("create-vpc-peering-connection") })
    }

    @Test func stage04AddsOnlyTheRouteBackAndTheRule() throws {
        let network = try Fixtures.load(Fixtures.seed("04-route-one-way"))
        let fix = try #require(try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report.fixes.first)
        let pcx = try #require(Fixtures.id(named: "NextWork-peering", in: network))
        let table = try #require(Fixtures.id(named: "NextWork-2-rtb-public", in: network))
        #expect(fix.changes.map(\.kind) == [.route, .securityGroupRule])
        #expect(FixSupport.commands(fix)[0] == "aws ec2 create-route --route-table-id \(table) --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id \(pcx)")
        #expect(fix.changes[0].leg == .return)
    }

    @Test func internetAccessGetsAnElasticIPAndAnSSHRuleFromAnywhere() throws {
        let network = try Fixtures.load(Fixtures.seed("01-no-peering"))
        let fix = try #require(try ReachabilityQuestions(network: network).fixes(FixSupport.instanceConnect).report.fixes.first)
        let instance = try #require(Fixtures.id(named: FixSupport.a, in: network))
        let eni = try #require(network.networkInterfaces(ofInstance: instance).first?.id)
        let group = try #require(Fixtures.id(named: "NextWork-1-sg", in: network))
        #expect(FixSupport.commands(fix) == [
            "aws ec2 allocate-address --domain vpc",
            "aws ec2 associate-address --allocation-id eipalloc-pathproof0001 --network-interface-id \(eni) --private-ip-address 10.1.0.10",
            "aws ec2 authorize-security-group-ingress --group-id \(group) --ip-permissions '[{\"IpProtocol\":\"tcp\",\"FromPort\":22,\"ToPort\":22,\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]'",
        ])
        #expect(fix.awsCommands[0].response == ["AllocationId": "eipalloc-pathproof0001", "PublicIp": "198.51.100.1"])
        // Written, the Elastic IP is where describe-* would show it: the address list, the interface, the instance.
        let (output, editor) = try FixSupport.write(fix, from: Fixtures.seed("01-no-peering"))
        #expect(editor.changedFiles == ["describe-addresses.json", "describe-instances.json", "describe-network-interfaces.json",
                                        "describe-security-groups.json"])
        let written = try Fixtures.load(output)
        #expect(written.networkInterface(eni)?.addresses.first?.publicAddress?.description == "198.51.100.1")
        let addresses = try String(contentsOfFile: "\(output)/describe-addresses.json", encoding: .utf8)
        #expect(addresses.contains("\"AllocationId\": \"eipalloc-pathproof0001\"") && addresses.contains("\"PublicIp\": \"198.51.100.1\""))
        let instances = try String(contentsOfFile: "\(output)/describe-instances.json", encoding: .utf8)
        #expect(instances.contains("\"PublicIpAddress\": \"198.51.100.1\""))
    }

    @Test func stage08OpensOnlySSH() throws {
        let network = try Fixtures.load(Fixtures.seed("08-eic-elastic-ip-no-ssh-rule"))
        let fix = try #require(try ReachabilityQuestions(network: network).fixes(FixSupport.instanceConnect).report.fixes.first)
        #expect(fix.changes.map(\.summary) == ["allow tcp/22 from 0.0.0.0/0 inbound in \(Fixtures.id(named: "NextWork-1-sg", in: network)!) NextWork-1-sg (of \(network.networkInterfaces(ofInstance: Fixtures.id(named: FixSupport.a, in: network)!)[0].id))"])
        // An internet host given by address gets a /32, not the whole internet.
        let narrow = try #require(try ReachabilityQuestions(network: network).fixes("can 203.0.113.10 reach \(FixSupport.a) on tcp/22").report.fixes.first)
        #expect(FixSupport.commands(narrow).first?.contains(#""CidrIp":"203.0.113.10/32""#) == true, "\(FixSupport.commands(narrow))")
    }

    @Test func interRegionRuleGoesIntoTheAccepterRegionsFile() throws {
        let directory = Fixtures.seed("10-inter-region-sg-reference")
        let network = try Fixtures.load(directory)
        let fix = try #require(try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report.fixes.first)
        #expect(fix.changes.count == 1)
        #expect(FixSupport.commands(fix).first?.contains(#""CidrIp":"10.1.0.0/16""#) == true)
        let (_, editor) = try FixSupport.write(fix, from: directory)
        #expect(editor.changedFiles == ["us-west-2/describe-security-groups.json"])
    }

    @Test func reachableQueriesNeedNoFix() throws {
        let network = try Fixtures.load(Fixtures.seed("06-ping-works"))
        let report = try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report
        #expect(report.answer.verdict == .reachable)
        #expect(report.fixes.isEmpty)
    }
}

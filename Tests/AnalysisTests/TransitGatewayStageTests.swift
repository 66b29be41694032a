import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The hub fixtures (Queries/transit), every stage in both directions: the verdict, the exact blockers, and the
/// fix PathProof derives for each defect.
@Suite struct TransitGatewayStageTests {
    static let lab = StageLab.transit
    static let a = "Hub-A-instance", b = "Hub-B-instance", c = "Hub-C-instance", c2 = "Hub-C-instance-2"

    static func ask(_ stage: String, _ query: String, oneWay: Bool = false) throws -> (QuestionResult, Network) {
        try lab.ask(stage, query, oneWay: oneWay)
    }

    static func expectReachable(_ stage: String, _ query: String, oneWay: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lab.expectReachable(stage, query, oneWay: oneWay, sourceLocation: sourceLocation)
    }

    /// Asserts the verdict is unreachable with exactly these blockers ("CODE Name direction leg", order-insensitive).
    static func expectBlockers(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lab.expectBlockers(stage, query, expected, sourceLocation: sourceLocation)
    }

    /// Every pair of the three hub instances pings, both ways, except the pairs listed.
    static func othersPing(_ stage: String, except broken: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for from in [a, b, c] {
            for to in [a, b, c] where from != to && !broken.contains("\(from) \(to)") {
                try expectReachable(stage, "can \(from) ping \(to)", sourceLocation: sourceLocation)
            }
        }
    }

    /// A transit gateway attachment's network interface (`InterfaceType` `transit_gateway`) is no end of traffic,
    /// as a NAT gateway's is not: a query to it is unreachable with no blocker (no security group to open) and a
    /// note that says why, and it starts nothing; both engines agree.
    @Test func anAttachmentInterfaceIsNoEndOfTraffic() throws {
        let network = try Fixtures.load(Fixtures.transit("01-working"))
        let questions = ReachabilityQuestions(network: network)
        let sender = try #require(Fixtures.id(named: Self.a, in: network).flatMap { network.networkInterfaces(ofInstance: $0).first })
        let attachments = network.networkInterfaces.filter { $0.interfaceType == .transitGateway }
        #expect(attachments.count == 3)
        for interface in attachments {
            let address = try #require(interface.primaryAddress)
            for name in [interface.id, address.description] {
                let answer = try questions.ask("can \(Self.a) reach \(name) on tcp/22").answer
                #expect(answer.verdict == .unreachable && answer.blockers.isEmpty, "\(name): \(answer.verdict) \(answer.blockers.map(\.message))")
                #expect(answer.note?.contains("\(interface.id) is a transit gateway attachment's network interface") == true, "\(answer.note ?? "")")
                #expect(answer.note?.contains("accepts no connections") == true, "\(answer.note ?? "")")
            }
            let out = try questions.ask("can \(interface.id) reach \(Self.b) on tcp/22").answer
            #expect(out.verdict == .unreachable && out.blockers.isEmpty, "\(out.verdict) \(out.blockers.map(\.message))")
            #expect(out.note?.contains("\(interface.id) is a transit gateway attachment's network interface") == true, "\(out.note ?? "")")
            #expect(out.note?.contains("starts no connections") == true, "\(out.note ?? "")")
            let walker = PacketWalker(network: network)
            let toIt = walker.walk(Packet(source: try #require(sender.primaryAddress), destination: address, ipProtocol: IPProtocolNumber.tcp,
                                          sourcePort: 40000, destinationPort: 22),
                                   from: .networkInterface(sender.id), leg: .forward)
            #expect(toIt.drop?.checkpoint == nil && toIt.drop?.message.contains("accepts no connections") == true, "\(toIt)")
            let fromIt = walker.walk(Packet(source: address, destination: try #require(sender.primaryAddress), ipProtocol: IPProtocolNumber.tcp,
                                            sourcePort: 40000, destinationPort: 22),
                                     from: .networkInterface(interface.id), leg: .forward)
            #expect(fromIt.drop?.checkpoint == nil && fromIt.drop?.message.contains("starts no connections") == true, "\(fromIt)")
        }
    }

    /// The first fix's AWS commands, with ids written as Name tags.
    static func firstFix(_ stage: String, _ query: String) throws -> [String] {
        let network = try Fixtures.load(Fixtures.transit(stage))
        let questions = ReachabilityQuestions(network: network)
        let report = try questions.fixes(query).report
        let fix = try #require(report.fixes.first, "\(stage): no fix for \(query): \(report.note ?? "")")
        var names: [String: String] = [:]
        for gateway in network.transit.gateways { names[gateway.id] = gateway.tags.name }
        for table in network.transit.routeTables { names[table.id] = table.tags.name }
        for attachment in network.transit.attachments { names[attachment.id] = attachment.tags.name }
        for table in network.routeTables { names[table.id] = table.tags.name }
        for subnet in network.subnets { names[subnet.id] = subnet.tags.name }
        return fix.awsCommands.map { command in
            command.arguments.map { names[$0] ?? $0 }.joined(separator: " ")
        }
    }

    @Test func stage01Working() throws {
        try Self.othersPing("01-working", except: [])
        try Self.expectReachable("01-working", "can \(Self.a) reach \(Self.c) on tcp/22")
        // The path names the transit gateway hops.
        let (result, network) = try Self.ask("01-working", "can \(Self.a) ping \(Self.c)")
        let hops = result.answer.forward?.hops.map(\.component) ?? []
        #expect(hops.contains(try #require(Fixtures.anyID(named: "Hub-A-attachment", in: network))))
        #expect(hops.contains(try #require(Fixtures.anyID(named: "Hub-tgw-rtb", in: network))))
        #expect(hops.contains(try #require(Fixtures.anyID(named: "Hub-C-attachment", in: network))))
        // Nothing on the internet: the VPCs have no internet gateway.
        let (outside, _) = try Self.ask("01-working", "can \(Self.a) reach internet on tcp/443")
        #expect(outside.answer.verdict == .unreachable)
    }

    @Test func stage02MissingAssociation() throws {
        let stage = "02-missing-association"
        try Self.expectBlockers(stage, "can \(Self.a) ping \(Self.c)", ["TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION Hub-C-attachment - return"])
        try Self.expectBlockers(stage, "can \(Self.c) ping \(Self.a)", ["TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION Hub-C-attachment - forward"])
        try Self.expectBlockers(stage, "can \(Self.c) ping \(Self.b)", ["TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION Hub-C-attachment - forward"])
        try Self.othersPing(stage, except: ["\(Self.a) \(Self.c)", "\(Self.c) \(Self.a)", "\(Self.b) \(Self.c)", "\(Self.c) \(Self.b)"])
        // One way A reaches C (A's attachment is associated); C's answer has no route table.
        try Self.expectReachable(stage, "can \(Self.a) ping \(Self.c)", oneWay: true)
        #expect(try Self.firstFix(stage, "can \(Self.a) ping \(Self.c)")
            == ["ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id Hub-tgw-rtb --transit-gateway-attachment-id Hub-C-attachment"])
    }

    @Test func stage03MissingRoute() throws {
        let stage = "03-missing-route"
        try Self.expectBlockers(stage, "can \(Self.a) ping \(Self.c)", ["TGW_RTB_CANNOT_ROUTE Hub-tgw-rtb - forward"])
        try Self.expectBlockers(stage, "can \(Self.c) ping \(Self.a)", ["TGW_RTB_CANNOT_ROUTE Hub-tgw-rtb - return"])
        try Self.othersPing(stage, except: ["\(Self.a) \(Self.c)", "\(Self.c) \(Self.a)", "\(Self.b) \(Self.c)", "\(Self.c) \(Self.b)"])
        let (result, _) = try Self.ask(stage, "can \(Self.a) ping \(Self.c)")
        #expect(result.answer.blockers.first?.message.contains("no route to 10.13.0.0/16 in tgw-rtb-") == true)
        #expect(result.answer.blockers.first?.message.contains("none of its routes matches 10.13.1.10") == true)
        #expect(try Self.firstFix(stage, "can \(Self.a) ping \(Self.c)")
            == ["ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id Hub-tgw-rtb --transit-gateway-attachment-id Hub-C-attachment"])
    }

    @Test func stage04BlackholeRoute() throws {
        let stage = "04-blackhole-route"
        try Self.expectBlockers(stage, "can \(Self.a) ping \(Self.c)", ["TGW_RTB_BAD_STATE_ROUTE Hub-tgw-rtb - forward"])
        try Self.expectBlockers(stage, "can \(Self.c) ping \(Self.a)", ["TGW_RTB_BAD_STATE_ROUTE Hub-tgw-rtb - return"])
        try Self.othersPing(stage, except: ["\(Self.a) \(Self.c)", "\(Self.c) \(Self.a)", "\(Self.b) \(Self.c)", "\(Self.c) \(Self.b)"])
        let (result, _) = try Self.ask(stage, "can \(Self.b) ping \(Self.c)")
        #expect(result.answer.blockers.first?.message.contains("its route 10.13.1.0/24 is a blackhole") == true)
        #expect(try Self.firstFix(stage, "can \(Self.a) ping \(Self.c)")
            == ["ec2 replace-transit-gateway-route --transit-gateway-route-table-id Hub-tgw-rtb --destination-cidr-block 10.13.1.0/24 --transit-gateway-attachment-id Hub-C-attachment"])
    }

    @Test func stage05RouteOneWay() throws {
        let stage = "05-route-one-way"
        try Self.expectBlockers(stage, "can \(Self.a) ping \(Self.b)", ["NO_ROUTE_TO_DESTINATION Hub-B-rtb - return"])
        try Self.expectBlockers(stage, "can \(Self.b) ping \(Self.a)", ["NO_ROUTE_TO_DESTINATION Hub-B-rtb - forward"])
        try Self.expectReachable(stage, "can \(Self.a) ping \(Self.b)", oneWay: true)
        try Self.othersPing(stage, except: ["\(Self.a) \(Self.b)", "\(Self.b) \(Self.a)"])
        #expect(try Self.firstFix(stage, "can \(Self.b) ping \(Self.a)")
            == ["ec2 create-route --route-table-id Hub-B-rtb --destination-cidr-block 10.11.0.0/16 --transit-gateway-id Hub-tgw"])
    }

    @Test func stage06ZoneWithoutSubnet() throws {
        let stage = "06-zone-without-subnet"
        try Self.othersPing(stage, except: [])
        try Self.expectBlockers(stage, "can \(Self.a) ping \(Self.c2)", ["TGW_ROUTE_AZ_RESTRICTION Hub-C-attachment - return"])
        try Self.expectBlockers(stage, "can \(Self.c2) ping \(Self.a)", ["TGW_ROUTE_AZ_RESTRICTION Hub-C-attachment - forward"])
        // Into us-east-1c the hub delivers (by Hub-C-subnet, then the local route); out of it nothing reaches the hub.
        try Self.expectReachable(stage, "can \(Self.a) ping \(Self.c2)", oneWay: true)
        // Inside Hub-C the zone does not matter.
        try Self.expectReachable(stage, "can \(Self.c) ping \(Self.c2)")
        #expect(try Self.firstFix(stage, "can \(Self.c2) ping \(Self.a)")
            == ["ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id Hub-C-attachment --add-subnet-ids Hub-C-subnet-2"])
    }

    /// Each defect's first fix, made on the stage's JSON by the snapshot editor, makes the query reachable there,
    /// and changes only the transit gateway or route table files it names.
    @Test(arguments: [("02-missing-association", "can Hub-A-instance ping Hub-C-instance", ["describe-transit-gateway-attachments.json", "get-transit-gateway-route-table-associations-"]),
                      ("03-missing-route", "can Hub-A-instance ping Hub-C-instance", ["get-transit-gateway-route-table-propagations-", "search-transit-gateway-routes-"]),
                      ("04-blackhole-route", "can Hub-C-instance ping Hub-A-instance", ["search-transit-gateway-routes-"]),
                      ("05-route-one-way", "can Hub-B-instance ping Hub-A-instance", ["describe-route-tables.json"]),
                      ("06-zone-without-subnet", "can Hub-C-instance-2 ping Hub-A-instance", ["describe-transit-gateway-vpc-attachments.json"])])
    func fixWrittenToTheSnapshot(stage: String, query: String, files: [String]) throws {
        let network = try Fixtures.load(Fixtures.transit(stage))
        let report = try ReachabilityQuestions(network: network).fixes(query).report
        let fix = try #require(report.fixes.first)
        let (path, editor) = try FixSupport.write(fix, from: Fixtures.transit(stage))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(editor.changedFiles.count == files.count && zip(editor.changedFiles, files).allSatisfy { $0.hasPrefix($1) }, "\(editor.changedFiles)")
        let after = try ReachabilityQuestions(network: try Fixtures.load(path)).ask(query)
        #expect(after.answer.verdict == .reachable, "\(stage): \(query) after \(fix.awsCommands)")
    }

    /// The walker and the SMT encoding agree on random packets at every stage.
    @Test(arguments: StageLab.transit.stages)
    func stagesAgree(stage: String) throws {
        let network = try Fixtures.load(Fixtures.transit(stage))
        let (agreed, delivered, _) = try AgreementTests.compare(network, count: 500, seed: stage.utf8.reduce(11) { $0 &* 31 &+ UInt64($1) })
        print("\(stage): \(agreed) packets agreed, \(delivered) delivered")
        #expect(agreed > 0 && delivered > 0)
    }

    /// Every unreachable answer between the hub instances is confirmed by the walker at one of its blockers.
    @Test(arguments: StageLab.transit.stages)
    func everyPairAnswers(stage: String) throws {
        let counts = try CorpusQueryTests.check(try Fixtures.load(Fixtures.transit(stage)), stage)
        #expect(counts.unknown == 0 && counts.reachable > 0)
    }
}

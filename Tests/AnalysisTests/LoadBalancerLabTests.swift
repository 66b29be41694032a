import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The load balancer lab (Queries/loadbalancer, made with moto's elbv2 and the AWS CLI): the internet-facing
/// Application Load Balancer web-alb (HTTP:80 → web-tg: web-a, web-b on port 80) and Network Load Balancer api-nlb
/// (TCP:8080 → api-tg: web-a, web-b on port 8080, cross-zone off, client-IP preservation on), one defect per stage.
/// Per stage: the verdict and the exact blockers of the questions to the load balancer by name and to a target through
/// it, the fix re-checked where one is derived (applied to the model and written by the snapshot editor), and the
/// walker and the SMT encoding compared packet by packet at the nodes.
@Suite struct LoadBalancerLabTests {
    static let lab = StageLab.loadbalancer
    static let alb = lab.questions[0], albToWebA = lab.questions[1], albToWebB = lab.questions[2]
    static let nlb = lab.questions[3], nlbToWebA = lab.questions[4], nlbToWebB = lab.questions[5]

    static func expectBlockers(_ stage: String, _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lab.expectBlockers(stage, query, expected, sourceLocation: sourceLocation)
    }

    @discardableResult
    static func expectReachable(_ stage: String, _ query: String, through components: [String] = [], back: [String] = [],
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionResult {
        try lab.expectReachable(stage, query, through: components, back: back, sourceLocation: sourceLocation)
    }

    static func arn(_ name: String, in network: Network) throws -> String {
        if let balancer = network.loadBalancer(name) { return balancer.arn }
        return try #require(network.targetGroups.first { $0.name == name }?.arn, "no load balancer or target group \(name)")
    }

    /// The fix of `query` at `stage` whose AWS CLI commands are `commands` (built from the stage's ids): applied to the
    /// model and written by the snapshot editor, the query asked again on both answers reachable.
    static func checkFix(_ stage: String, _ query: String, commands: (Network) throws -> [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = lab.directory(stage)
        let network = try Fixtures.load(folder)
        let changed = try FixSupport.checkRoundTrip(folder, network, query, commands: try commands(network), sourceLocation: sourceLocation)
        #expect(!changed.isEmpty, sourceLocation: sourceLocation)
    }

    static func id(_ name: String, _ network: Network) -> String { StageLab.resolve(name, in: network) }

    // MARK: Stages

    @Test func working() throws {
        // web-alb by name: its listener, a proxy, ends the client's connection (the targets are another connection).
        let alb = try Self.expectReachable("01-working", Self.alb, through: ["Shop-igw", "lb-sg", "web-alb"], back: ["Shop-igw"])
        #expect(alb.answer.packet?.destinationPort == 80)
        #expect(alb.answer.forward?.hops.contains { $0.component == "web-sg" } == false, "\(AnswerRendering.text(alb))")
        #expect(alb.answer.forward?.hops.contains { $0.component == "web-alb" && $0.detail.contains("accepts the connection") } == true)
        for query in [Self.albToWebA, Self.albToWebB] { try Self.expectReachable("01-working", query, through: ["web-alb", "web-sg"], back: ["web-alb"]) }
        let nlb = try Self.expectReachable("01-working", Self.nlb, through: ["Shop-igw", "api-nlb", "web-sg"], back: ["api-nlb"])
        #expect(nlb.answer.packet?.destinationPort == 8080)
        for query in [Self.nlbToWebA, Self.nlbToWebB] { try Self.expectReachable("01-working", query, through: ["api-nlb", "web-sg"]) }
        // The target gets the connection from the ALB node's private address, and from the client's through the NLB.
        let (viaALB, _) = try Self.lab.ask("01-working", Self.albToWebA)
        let albHop = try #require(viaALB.answer.forward?.hops.first { $0.component == "web-alb" })
        #expect(albHop.detail.contains("port 80 of target group web-tg") && albHop.detail.contains("sends from 10.60."), "\(albHop.detail)")
        let (viaNLB, _) = try Self.lab.ask("01-working", Self.nlbToWebB)
        #expect(viaNLB.answer.forward?.hops.contains { $0.component == "api-nlb" && $0.detail.contains("keeps the client's address") } == true)
        #expect(viaNLB.answer.forward?.hops.last?.detail.contains("→ 10.60.12.10:8080") == true
                && viaNLB.answer.forward?.hops.last?.detail.contains("receives tcp 10.60.") == false, "\(AnswerRendering.text(viaNLB))")
    }

    @Test func noListenerOnThePort() throws {
        try Self.expectBlockers("02-no-listener", Self.alb, ["ELB_LISTENERS_MISMATCH web-alb - forward"])
        try Self.expectBlockers("02-no-listener", Self.albToWebA, ["ELB_LISTENERS_MISMATCH web-alb - forward"])
        // web-b is api-nlb's target too: a TCP:80 listener there, forwarding to its 8080 target group, is one change as well.
        try Self.expectBlockers("02-no-listener", Self.albToWebB, ["ELB_LISTENERS_MISMATCH api-nlb - forward"])
        try Self.expectReachable("02-no-listener", Self.nlb)
        try Self.checkFix("02-no-listener", Self.albToWebA) { network in
            let lb = try Self.arn("web-alb", in: network), group = try Self.arn("web-tg", in: network)
            return ["aws elbv2 create-listener --load-balancer-arn \(lb) --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=\(group)"]
        }
    }

    @Test func loadBalancerSecurityGroupBlocks() throws {
        try Self.expectBlockers("03-lb-sg-blocks", Self.alb, ["ENI_SG_RULES_MISMATCH lb-sg inbound forward"])
        try Self.expectBlockers("03-lb-sg-blocks", Self.albToWebA, ["ELB_LISTENERS_MISMATCH api-nlb - forward"])
        try Self.expectReachable("03-lb-sg-blocks", Self.nlbToWebA)
        try Self.checkFix("03-lb-sg-blocks", Self.alb) { network in
            [#"aws ec2 authorize-security-group-ingress --group-id \#(Self.id("lb-sg", network)) --ip-permissions '[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]'"#]
        }
    }

    @Test func targetSecurityGroupDoesNotAdmitTheLoadBalancer() throws {
        // web-alb itself still takes the connection at its listener (the client gets the load balancer's answer).
        try Self.expectReachable("04-target-sg-blocks-lb", Self.alb, through: ["web-alb"])
        try Self.expectBlockers("04-target-sg-blocks-lb", Self.albToWebA, ["ENI_SG_RULES_MISMATCH web-sg inbound forward"])
        try Self.expectReachable("04-target-sg-blocks-lb", Self.nlbToWebA)
        try Self.checkFix("04-target-sg-blocks-lb", Self.albToWebA) { network in
            [#"aws ec2 authorize-security-group-ingress --group-id \#(Self.id("web-sg", network)) --ip-permissions '[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"10.60.1.100/32"}]}]'"#]
        }
    }

    @Test func targetNotRegistered() throws {
        // By name: web-alb's listener still ends the client's connection (an Application Load Balancer answers 503
        // with no target); the targets are asked about by their own names.
        try Self.expectReachable("05-target-not-registered", Self.alb, through: ["web-alb"])
        try Self.expectBlockers("05-target-not-registered", Self.albToWebA, ["TARGET_NOT_REGISTERED web-tg - forward"])
        try Self.expectBlockers("05-target-not-registered", Self.albToWebB, ["TARGET_NOT_REGISTERED web-tg - forward"])
        try Self.expectReachable("05-target-not-registered", Self.nlb)
        try Self.checkFix("05-target-not-registered", Self.albToWebA) { network in
            ["aws elbv2 register-targets --target-group-arn \(try Self.arn("web-tg", in: network)) --targets Id=\(Self.id("web-a", network))"]
        }
    }

    /// api-nlb's node in us-east-1a (10.60.1.200, public 3.220.1.200) has no target in its zone.
    static let nodeA = "can internet reach 3.220.1.200 on tcp/8080"

    @Test func networkLoadBalancerNotCrossZone() throws {
        try Self.expectBlockers("06-nlb-not-cross-zone", Self.nodeA, ["ELB_NOT_CROSSZONE api-nlb - forward"])
        // The node in us-east-1b still reaches web-b, so the load balancer by name (either node) is reachable.
        try Self.expectReachable("06-nlb-not-cross-zone", Self.nlb, through: ["api-nlb"])
        try Self.expectReachable("06-nlb-not-cross-zone", Self.nlbToWebB, through: ["api-nlb"])
        try Self.checkFix("06-nlb-not-cross-zone", Self.nodeA) { network in
            ["aws elbv2 modify-load-balancer-attributes --load-balancer-arn \(try Self.arn("api-nlb", in: network)) --attributes Key=load_balancing.cross_zone.enabled,Value=true"]
        }
    }

    @Test func clientIPPreservationNeedsTheTargetToAdmitTheClient() throws {
        for query in [Self.nlb, Self.nlbToWebA, Self.nlbToWebB] {
            try Self.expectBlockers("07-nlb-client-ip", query, ["ENI_SG_RULES_MISMATCH web-sg inbound forward"])
        }
        let (result, _) = try Self.lab.ask("07-nlb-client-ip", Self.nlb)
        // The group blocks the client's address (preserved), not the node's.
        let message = try #require(result.answer.blockers.first?.message)
        #expect(message.contains("no rule allows TCP port 8080 from ") && !message.contains("from 10.60."), "\(message)")
        try Self.expectReachable("07-nlb-client-ip", Self.alb)
        try Self.checkFix("07-nlb-client-ip", Self.nlb) { network in
            [#"aws ec2 authorize-security-group-ingress --group-id \#(Self.id("web-sg", network)) --ip-permissions '[{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]'"#]
        }
    }

    @Test func internalLoadBalancerFromTheInternet() throws {
        let (byName, network) = try Self.lab.ask("08-internal-lb", Self.alb)
        #expect(network.loadBalancer("web-alb")?.dnsName?.hasPrefix("internal-web-alb-") == true)
        #expect(byName.answer.verdict == .unreachable && byName.answer.blockers.isEmpty)
        #expect(AnswerRendering.text(byName).contains("web-alb is internal"), "\(AnswerRendering.text(byName))")
        try Self.expectBlockers("08-internal-lb", Self.albToWebA, ["ELB_LISTENERS_MISMATCH api-nlb - forward"])
        try Self.expectReachable("08-internal-lb", Self.nlb)
    }

    // MARK: The README's table

    /// Every stage and question of the README's table: "R" (reachable), "note: TEXT" (unreachable, no blocker, the
    /// answer saying TEXT), or the exact blockers.
    static let table: [String: [[String]]] = {
        let r = ["R"], albListener = ["ELB_LISTENERS_MISMATCH web-alb - forward"], nlbListener = ["ELB_LISTENERS_MISMATCH api-nlb - forward"]
        let webSG = ["ENI_SG_RULES_MISMATCH web-sg inbound forward"], notRegistered = ["TARGET_NOT_REGISTERED web-tg - forward"]
        return [
            "01-working": [r, r, r, r, r, r],
            "02-no-listener": [albListener, albListener, nlbListener, r, r, r],
            "03-lb-sg-blocks": [["ENI_SG_RULES_MISMATCH lb-sg inbound forward"], nlbListener, nlbListener, r, r, r],
            "04-target-sg-blocks-lb": [r, webSG, nlbListener, r, r, r],
            "05-target-not-registered": [r, notRegistered, notRegistered, r, r, r],
            "06-nlb-not-cross-zone": [r, r, r, r, ["IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS eni-of:web-a - forward",
                                                   "NO_ROUTE_TO_DESTINATION Shop-rtb-app - return"], r],
            "07-nlb-client-ip": [r, r, r, webSG, webSG, webSG],
            "08-internal-lb": [["note: web-alb is internal"], nlbListener, nlbListener, r, r, r],
        ]
    }()

    @Test(arguments: StageLab.loadbalancer.cases)
    func readmeTable(_ item: StageLab.Case) throws {
        let expected = try #require(Self.table[item.stage]?[Self.lab.questions.firstIndex(of: item.query)!])
        if expected == ["R"] {
            try Self.expectReachable(item.stage, item.query)
        } else if let note = expected.first, note.hasPrefix("note: ") {
            let (result, _) = try Self.lab.ask(item.stage, item.query)
            #expect(result.answer.verdict == .unreachable && result.answer.blockers.isEmpty)
            #expect(AnswerRendering.text(result).contains(note.dropFirst(6)), "\(AnswerRendering.text(result))")
        } else {
            try Self.expectBlockers(item.stage, item.query, expected)
        }
    }

    // MARK: Agreement

    /// At every stage, a host on the internet to each internet-facing node's public address: the SMT encoding admits a
    /// packet exactly when the walker delivers it at the node's listener (a proxy's, which ends the connection) or to
    /// a target (a pass-through listener's), and, both ways, the response back to the client from the node's
    /// address, for some target the node may pick.
    @Test(arguments: StageLab.loadbalancer.stages)
    func nodesAgree(stage: String) throws {
        let network = try Fixtures.load(Self.lab.directory(stage))
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        let client = IPAddress("198.51.100.7")!
        let targets = ["web-a", "web-b"].compactMap { Fixtures.id(named: $0, in: network) }.compactMap { network.networkInterfaces(ofInstance: $0).first?.id }
        #expect(targets.count == 2)
        var compared = 0, delivered = 0
        for balancer in network.loadBalancers {
            for node in network.nodes(of: balancer) {
                guard let nodeAddress = node.addresses.first?.publicAddress else { continue }
                for ipProtocol in [IPProtocolNumber.tcp, IPProtocolNumber.udp] {
                    for port: UInt16 in [79, 80, 8000, 8080] {
                        for oneWay in [false, true] {
                            let packet = Packet(source: client, destination: nodeAddress, ipProtocol: ipProtocol, sourcePort: 50000, destinationPort: port)
                            let query = TrafficQuery(sources: [.internetHost(client)], destinations: [.publicAddressOf(node.id)],
                                                     traffic: TrafficSpec(ipProtocol: nil, sourcePorts: .all), oneWay: oneWay)
                            let smt = try engine.admits(query, packet: packet)
                            // The flow ends at the node's listener (a proxy, asked about as the destination), or reaches a target.
                            let concrete = ([node.id] + targets).contains { target in
                                let forward = walker.walk(packet, from: .internet, leg: .forward, state: ConnectionState(loadBalancerTarget: target))
                                guard forward.deliveredAt == .networkInterface(target), let arrived = forward.deliveredPacket else { return false }
                                guard !oneWay, let response = arrived.response else { return true }
                                let back = walker.walk(response, from: .networkInterface(target), leg: .return, state: forward.state)
                                return back.deliveredAt == .internet && back.deliveredPacket?.destination == client
                                    && back.deliveredPacket?.source == nodeAddress && back.deliveredPacket?.sourcePort == port
                            }
                            #expect(smt == concrete, "\(stage): \(packet) to \(balancer.name) node \(node.id) oneWay=\(oneWay): SMT \(String(describing: smt)), walker \(concrete)")
                            compared += 1
                            if concrete { delivered += 1 }
                        }
                    }
                }
            }
        }
        print("\(stage): \(compared) packets compared at the nodes, \(delivered) delivered")
        #expect(compared > 0)
    }
}

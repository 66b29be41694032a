import Foundation
import NetworkModel
import Questions
import Testing

/// A fixture lab under Queries/ (one folder per stage): its stages, the questions its README asks of every stage,
/// and the checks its stage tests make: the verdict, the exact blockers ("CODE Name direction leg", names resolved
/// by `StageLab.resolve`), the components a reachable path crosses.
public struct StageLab: Sendable {
    /// A question asked of one stage.
    public struct Case: CustomTestStringConvertible, Hashable, Sendable {
        public let stage: String
        public let query: String
        public init(stage: String, query: String) {
            self.stage = stage
            self.query = query
        }
        public var testDescription: String { "\(stage): \(query)" }
    }

    /// The lab's name, its folder's under Queries/ (`seed`).
    public let name: String
    /// The stage folders, in order.
    public let stages: [String]
    /// The questions of every stage.
    public let questions: [String]
    /// Questions of one stage only (about what only that stage has).
    public let stageQuestions: [String: [String]]
    /// The cases whose answer is reachable, for a lab whose README works out every answer (every other case is
    /// unreachable); nil for a lab without such a table.
    public let reachable: Set<Case>?

    public init(name: String, stages: [String], questions: [String], stageQuestions: [String: [String]] = [:], reachable: Set<Case>? = nil) {
        self.name = name
        self.stages = stages
        self.questions = questions
        self.stageQuestions = stageQuestions
        self.reachable = reachable
    }

    /// The lab's folder, relative to the package root (`Queries/seed`).
    public var folder: String { "Queries/\(name)" }

    public func directory(_ stage: String) -> String { Fixtures.path("\(folder)/\(stage)") }

    /// The questions of one stage: the lab's, then the stage's own.
    public func questions(for stage: String) -> [String] { questions + (stageQuestions[stage] ?? []) }

    /// Every stage with every one of its questions.
    public var cases: [Case] { stages.flatMap { stage in questions(for: stage).map { Case(stage: stage, query: $0) } } }

    public func ask(_ stage: String, _ query: String, oneWay: Bool = false) throws -> (QuestionResult, Network) {
        let network = try Fixtures.load(directory(stage))
        return (try ReachabilityQuestions(network: network).ask(query, oneWay: oneWay), network)
    }

    /// The id a name in an expectation stands for: a Name tag (transit gateway resources, NAT gateways, endpoints,
    /// virtual private gateways and egress-only internet gateways too), the interface of an instance
    /// (`eni-of:Name`), or an instance's VPC (`vpc-of:Name`); the name itself when nothing has it.
    public static func resolve(_ name: String, in network: Network) -> String {
        if name.hasPrefix("eni-of:") {
            let instance = Fixtures.id(named: String(name.dropFirst(7)), in: network) ?? name
            return network.networkInterfaces(ofInstance: instance).first?.id ?? name
        }
        if name.hasPrefix("vpc-of:") {
            let instance = Fixtures.id(named: String(name.dropFirst(7)), in: network) ?? name
            return network.networkInterfaces(ofInstance: instance).first?.vpcID ?? name
        }
        if let id = Fixtures.anyID(named: name, in: network) { return id }
        if let nat = network.natGateways.first(where: { $0.tags.name == name }) { return nat.id }
        if let endpoint = network.vpcEndpoints.first(where: { $0.tags.name == name }) { return endpoint.id }
        if let gateway = network.vpnGateways.first(where: { $0.tags.name == name }) { return gateway.id }
        if let gateway = network.egressOnlyInternetGateways.first(where: { $0.tags.name == name }) { return gateway.id }
        return name
    }

    /// Asserts the verdict is unreachable with exactly these blockers (order-insensitive), each naming its component.
    public func expectBlockers(_ stage: String, _ query: String, _ expected: [String], oneWay: Bool = false,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (result, network) = try ask(stage, query, oneWay: oneWay)
        #expect(result.answer.verdict == .unreachable, "\(stage): \(query)\n\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        let actual = result.answer.blockers.map { "\($0.code) \($0.component) \($0.direction?.rawValue ?? "-") \($0.leg)" }.sorted()
        let wanted = expected.map { line -> String in
            let words = line.split(separator: " ").map(String.init)
            return "\(words[0]) \(Self.resolve(words[1], in: network)) \(words[2]) \(words[3])"
        }.sorted()
        #expect(actual == wanted, "\(stage): \(query)\n\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        for blocker in result.answer.blockers {
            #expect(blocker.message.contains(blocker.component), "\(blocker)", sourceLocation: sourceLocation)
        }
    }

    /// Asserts the verdict is reachable, the forward path crossing `components` and the way back `back`.
    @discardableResult
    public func expectReachable(_ stage: String, _ query: String, oneWay: Bool = false, through components: [String] = [], back: [String] = [],
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> QuestionResult {
        let (result, network) = try ask(stage, query, oneWay: oneWay)
        #expect(result.answer.verdict == .reachable, "\(stage): \(query)\n\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        let forward = Set(result.answer.forward?.hops.map(\.component) ?? [])
        let returning = Set(result.answer.returnWalk?.hops.map(\.component) ?? [])
        for name in components {
            #expect(forward.contains(Self.resolve(name, in: network)), "\(stage): \(query): the path does not cross \(name)\n\(AnswerRendering.text(result))",
                    sourceLocation: sourceLocation)
        }
        for name in back {
            #expect(returning.contains(Self.resolve(name, in: network)), "\(stage): \(query): the way back does not cross \(name)\n\(AnswerRendering.text(result))",
                    sourceLocation: sourceLocation)
        }
        return result
    }
}

/// The seed lab's instances and the three questions its README answers for every stage.
public enum SeedLab {
    public static let a = "NextWork-1-instance"
    public static let b = "NextWork-2-instance"
    /// "ping 1→2".
    public static let ping = "can \(a) ping \(b)"
    /// "ping 2→1".
    public static let pingBack = "can \(b) ping \(a)"
    /// "SSH from EC2 Instance Connect" (from anywhere on the internet; the stage tests narrow it to the service's range).
    public static let instanceConnect = "can internet reach \(a) on tcp/22"
}

extension StageLab {
    /// The NextWork VPC peering tutorial (Queries/seed), with the answer its README works out for every stage and
    /// question (SeedStageTests checks the blockers of each).
    public static let seed = StageLab(
        name: "seed",
        stages: ["01-no-peering", "02-peering-pending", "03-peering-active-no-routes", "04-route-one-way", "05-routes-sg-blocks-icmp",
                 "06-ping-works", "07-eic-no-public-ip", "08-eic-elastic-ip-no-ssh-rule", "09-eic-works", "10-inter-region-sg-reference",
                 "11-inter-region-works"],
        questions: [SeedLab.ping, SeedLab.pingBack, SeedLab.instanceConnect],
        reachable: [
            Case(stage: "06-ping-works", query: SeedLab.ping), Case(stage: "07-eic-no-public-ip", query: SeedLab.ping),
            Case(stage: "08-eic-elastic-ip-no-ssh-rule", query: SeedLab.ping), Case(stage: "09-eic-works", query: SeedLab.ping),
            Case(stage: "09-eic-works", query: SeedLab.instanceConnect), Case(stage: "11-inter-region-works", query: SeedLab.ping),
        ])

    /// The transit gateway hub (Queries/transit): ping between Hub-A and Hub-C, and Hub-A and Hub-B, both ways (the
    /// README's table), and with Hub-C-instance-2 where it exists.
    public static let transit = StageLab(
        name: "transit",
        stages: ["01-working", "02-missing-association", "03-missing-route", "04-blackhole-route", "05-route-one-way", "06-zone-without-subnet"],
        questions: ["can Hub-A-instance ping Hub-C-instance", "can Hub-C-instance ping Hub-A-instance",
                    "can Hub-A-instance ping Hub-B-instance", "can Hub-B-instance ping Hub-A-instance"],
        stageQuestions: ["06-zone-without-subnet": ["can Hub-A-instance ping Hub-C-instance-2", "can Hub-C-instance-2 ping Hub-A-instance"]])

    /// NAT gateway, appliance, gateway endpoint, VPN and Direct Connect (Queries/dataplane): the paths the README's
    /// table speaks of.
    public static let dataplane = StageLab(
        name: "dataplane",
        stages: ["01-working", "02-nat-no-route", "03-nat-subnet-no-igw-route", "04-nat-acl-blocks-responses", "05-fw-source-dest-check-on",
                 "06-fw-sg-blocks-lab-traffic", "07-vpce-not-associated", "08-vpce-not-associated-no-nat", "09-vpn-propagated-route",
                 "10-vpn-no-static-route", "11-vpn-tunnels-down", "12-vgw-detached", "13-dx-private-vif", "14-dx-vif-down", "15-dx-gateway",
                 "16-nat-deleted"],
        questions: ["can Lab-app-instance reach internet on tcp/443", "can Lab-app-instance reach service:s3 on tcp/443",
                    "can Lab-app-instance reach onprem:192.168.10.0/24 on tcp/443", "can onprem:192.168.0.0/16 reach Lab-app-instance on tcp/22",
                    "can internet reach Lab-server-instance on tcp/443", "can Lab-server-instance reach Lab-app-instance on tcp/5432",
                    "can Lab-app-instance reach Lab-server-instance on tcp/443", "can Partner-instance ping Lab-app-instance"])

    /// The dual-stack lab (Queries/ipv6): Q1-Q8 of the README's table of expected reachability.
    public static let ipv6 = StageLab(
        name: "ipv6",
        stages: ["01-working", "02-no-ipv6-default-route", "03-sg-ipv4-only", "04-eigw-route-missing", "05-nacl-ipv4-only",
                 "06-peering-no-ipv6-route", "07-sg-icmp-not-icmpv6", "08-eigw-deleted", "09-app-no-ipv6-address"],
        questions: ["can internet reach web on tcp/443 over ipv6", "can internet reach web on tcp/443", "can web ping internet over ipv6",
                    "can app ping internet over ipv6", "can internet ping app over ipv6", "can app ping db over ipv6",
                    "can db ping app over ipv6", "can app ping db"])

    /// Load balancers (Queries/loadbalancer): the internet to the Application Load Balancer web-alb and to the Network
    /// Load Balancer api-nlb by name, and to their targets web-a and web-b through them (the README's table).
    public static let loadbalancer = StageLab(
        name: "loadbalancer",
        stages: ["01-working", "02-no-listener", "03-lb-sg-blocks", "04-target-sg-blocks-lb", "05-target-not-registered",
                 "06-nlb-not-cross-zone", "07-nlb-client-ip", "08-internal-lb"],
        questions: ["can internet reach web-alb on tcp/80", "can internet reach web-a on tcp/80", "can internet reach web-b on tcp/80",
                    "can internet reach api-nlb on tcp/8080", "can internet reach web-a on tcp/8080", "can internet reach web-b on tcp/8080"])

    /// The five labs.
    public static let all = [seed, transit, dataplane, ipv6, loadbalancer]

    /// The cases of a lab with an answer table whose answer is reachable, and those whose answer is unreachable.
    public var reachableCases: [Case] { cases.filter { reachable?.contains($0) == true } }
    public var unreachableCases: [Case] { cases.filter { reachable?.contains($0) == false } }
}

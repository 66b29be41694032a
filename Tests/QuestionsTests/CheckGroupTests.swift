import Analysis
import Foundation
import NetworkModel
@testable import Questions
import PathProofTestSupport
import Simulation
import Testing

/// Groups as endpoints, and assertions checked on the seed lab: what holds, what fails, and the evidence.
@Suite struct CheckGroupTests {
    static func network(_ stage: String) throws -> Network { try Fixtures.load(Fixtures.seed(stage)) }

    static func check(_ text: String, on network: Network) throws -> [AssertionResult] {
        try QueryFileChecker.check(try QueryFile.parse(text: text, path: "test.reach"), network)
    }

    static func one(_ assertion: String, on network: Network) throws -> AssertionResult {
        try #require(try check("assert \(assertion)\n", on: network).first)
    }

    static func resolutionErrors(_ text: String, on network: Network) throws -> [QueryFileDiagnostic] {
        let file = try QueryFile.parse(text: text, path: "test.reach")
        do {
            _ = try QueryFileChecker(network: network).resolve(file)
            Issue.record("expected a resolution error for \(text)")
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func interfaceIDs(_ group: EndpointGroup) -> [String] { group.members.compactMap(\.interfaceID) }

    // MARK: Resolution

    @Test func groupsResolveByIdAndName() throws {
        let network = try Self.network("09-eic-works")
        let resolver = EndpointGroupResolver(network: network)
        let one = try #require(Fixtures.id(named: "NextWork-1-instance", in: network))
        let eni1 = network.networkInterfaces(ofInstance: one).map(\.id)
        let vpc1 = try #require(Fixtures.id(named: "NextWork-1", in: network))
        let subnet1 = try #require(Fixtures.id(named: "NextWork-1-subnet-public1", in: network))
        let sg1 = try #require(Fixtures.id(named: "NextWork-1-sg", in: network))
        for reference: EndpointReference in [.vpc("NextWork-1"), .vpc(vpc1), .subnet("NextWork-1-subnet-public1"), .subnet(subnet1),
                                             .securityGroup(sg1), .securityGroup("NextWork-1-sg"), .tag(key: "Name", value: "NextWork-1-instance"),
                                             .tag(key: "Name", value: "NextWork-1-instance-eni")] {
            let group = try resolver.resolve(reference)
            #expect(Self.interfaceIDs(group) == eni1, "\(reference)")
            #expect(!group.hasInternetMembers, "\(reference)")
        }
        // A security group by its group name (the seed's groups are named like their Name tags, so use the id's group).
        let groupName = try #require(network.securityGroup(sg1)?.name)
        #expect(Self.interfaceIDs(try resolver.resolve(.securityGroup(groupName))) == eni1)

        // cidr: private addresses in the block, and internet hosts when the block holds internet addresses.
        let privateOnly = try resolver.resolve(.cidr(IPPrefix("10.0.0.0/8")!))
        #expect(privateOnly.members.count == 2 && !privateOnly.hasInternetMembers)
        let everything = try resolver.resolve(.cidr(IPPrefix("0.0.0.0/0")!))
        #expect(Self.interfaceIDs(everything).count == 2 && everything.members.contains(.internet(IPPrefix("0.0.0.0/0")!)))
        let instanceConnect = try resolver.resolve(.cidr(IPPrefix("18.206.107.24/29")!))
        #expect(instanceConnect.members == [.internet(IPPrefix("18.206.107.24/29")!)])
        let host = try resolver.resolve(.cidr(IPPrefix("10.1.0.10/32")!))
        #expect(host.members == [.interface(eni1[0], addresses: [IPAddress("10.1.0.10")!])])

        // Single endpoints stay as `pathproof query` resolves them.
        #expect(try resolver.resolve(.named("NextWork-1-instance")).members == [.interface(eni1[0], addresses: [IPAddress("10.1.0.10")!])])
        #expect(try resolver.resolve(.named("203.0.113.10")).members == [.internet(IPPrefix("203.0.113.10/32")!)])
        #expect(try resolver.resolve(.internet).members == [.internet(nil)])
    }

    @Test func badEndpointsNameTheirLineAndColumn() throws {
        let network = try Self.network("09-eic-works")
        let defaultVPC = try #require(network.vpcs.first { $0.isDefault }?.id)
        let cases: [(String, Int, String)] = [
            ("assert nobody can ping NextWork-1-instance", 8, #"no instance, network interface or address "nobody""#),
            ("assert NextWork-1-instance can ping vpc:NextWork-3", 37, #"no VPC "NextWork-3" in the snapshot (give its id or name after vpc:)"#),
            ("assert vpc:\(defaultVPC) cannot ping internet", 8, "is an empty group: no running instance or attached network interface belongs to it"),
            ("assert tag:team=web cannot ping internet", 8, "tag:team=web is an empty group"),
            ("assert cidr:192.168.0.0/16 cannot ping internet", 8, "cidr:192.168.0.0/16 is an empty group"),
            ("assert subnet:nope cannot ping internet", 8, #"no subnet "nope""#),
            ("assert sg:nope cannot ping internet", 8, #"no security group "nope""#),
        ]
        for (line, column, message) in cases {
            let diagnostics = try Self.resolutionErrors("# first line\n\(line)\n", on: network)
            #expect(diagnostics.count == 1, "\(line): \(diagnostics)")
            #expect(diagnostics.first?.location == QueryFileLocation(path: "test.reach", line: 2, column: column), "\(line): \(diagnostics)")
            #expect(diagnostics.first?.message.contains(message) == true, "\(line): \(diagnostics)")
        }
        // Both ends on the internet; the same single interface on both sides.
        var d = try Self.resolutionErrors("assert internet cannot reach cidr:203.0.113.0/24\n", on: network)
        #expect(d.first?.message.contains("both ends are outside the snapshot") == true)
        d = try Self.resolutionErrors("assert vpc:NextWork-1 cannot ping NextWork-1-instance\n", on: network)
        #expect(d.first?.message.contains("the same single interface") == true)
        // Several mistakes at once.
        d = try Self.resolutionErrors("assert a can ping b\nassert vpc:NextWork-1 can ping c\n", on: network)
        #expect(d.map { "\($0.location.line):\($0.location.column)" } == ["1:8", "1:19", "2:32"])
    }

    @Test func ambiguousNamesAskForAnId() throws {
        // Every VPC of the seed has a security group named "default".
        let network = try Self.network("09-eic-works")
        let d = try Self.resolutionErrors("assert sg:default cannot ping internet\n", on: network)
        #expect(d.first?.message.contains(#""default" names 3 security groups"#) == true, "\(d)")
        #expect(d.first?.message.contains("use an id after sg:") == true)
    }

    @Test func groupsLeaveOutStoppedInstancesButSingleEndpointsKeepThem() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("06-ping-works"))
        snapshot.editInstances { instance in
            if EditedSnapshot.name(instance) == "NextWork-2-instance" { instance["State"] = ["Code": 80, "Name": "stopped"] }
        }
        let network = try snapshot.load()
        let d = try Self.resolutionErrors("assert vpc:NextWork-1 can ping vpc:NextWork-2\n", on: network)
        #expect(d.first?.message.contains("vpc:NextWork-2") == true && d.first?.message.contains("empty group") == true, "\(d)")
        let result = try Self.one("NextWork-1-instance can ping NextWork-2-instance", on: network)
        #expect(result.status == .violated)
        #expect(result.directions.first?.answer?.blockers.map(\.code) == [.badState])
    }

    // MARK: Checking

    @Test func canHoldsWithItsWitnessAndFailsWithBlockers() throws {
        let network = try Self.network("06-ping-works")
        let holds = try Self.one("NextWork-1-instance can ping NextWork-2-instance", on: network)
        #expect(holds.status == .holds)
        #expect(holds.summary.hasPrefix("holds: eni-") && holds.summary.contains("icmp echo-request 10.1.0.10 → 10.2.0.10"))
        #expect(holds.details.contains("Forward path:") && holds.details.contains("Return path:"))

        let fails = try Self.one("NextWork-2-instance can ping NextWork-1-instance", on: network)
        #expect(fails.status == .violated)
        let sg1 = try #require(Fixtures.id(named: "NextWork-1-sg", in: network))
        #expect(fails.directions.first?.answer?.blockers.map(\.component) == [sg1])
        #expect(fails.summary.contains("does not reach") && fails.summary.contains("blocked by 1 configuration element"))
        #expect(fails.details.first?.hasPrefix("1. \(sg1) [ENI_SG_RULES_MISMATCH, forward inbound]: blocked by SG \(sg1) inbound") == true, "\(fails.details)")
        #expect(fails.details.last?.contains("a packet that would pass once they change: icmp echo-request 10.2.0.10 → 10.1.0.10") == true)
    }

    @Test func cannotFailsWithTheConcretePairPacketAndPath() throws {
        let network = try Self.network("06-ping-works")
        let result = try Self.one("vpc:NextWork-1 cannot ping vpc:NextWork-2", on: network)
        #expect(result.status == .violated)
        let direction = try #require(result.directions.first)
        #expect(direction.problems == 1, "one SMT problem for the whole group")
        let one = try #require(Fixtures.id(named: "NextWork-1-instance", in: network))
        let two = try #require(Fixtures.id(named: "NextWork-2-instance", in: network))
        #expect(direction.pairSource?.contains(one) == true && direction.pairDestination?.contains(two) == true)
        #expect(result.summary.contains("reaches") && result.summary.contains("icmp echo-request 10.1.0.10 → 10.2.0.10"))
        #expect(result.details.first == "Witness packet: icmp echo-request 10.1.0.10 → 10.2.0.10")
        #expect(result.details.contains { $0.contains("[peering-connection]") })
        #expect(result.details.contains("Return path:"))
        // The same on stage 05 holds: NextWork-2-sg admits nothing.
        let held = try Self.one("vpc:NextWork-1 cannot ping vpc:NextWork-2", on: try Self.network("05-routes-sg-blocks-icmp"))
        #expect(held.status == .holds && held.summary.hasPrefix("holds: proved"))
    }

    @Test func isolatedChecksBothDirectionsOneWay() throws {
        let isolated = try Self.one("isolated vpc:NextWork-1 vpc:NextWork-2", on: try Self.network("03-peering-active-no-routes"))
        #expect(isolated.status == .holds)
        #expect(isolated.directions.count == 2 && isolated.directions.allSatisfy { $0.oneWay && $0.traffic == .anyProtocol && $0.verdict == .unreachable })
        // Stage 06: NextWork-2-sg admits ICMP from 10.1.0.0/16, so 1 → 2 gets through; 2 → 1 does not.
        let open = try Self.one("isolated vpc:NextWork-2 vpc:NextWork-1", on: try Self.network("06-ping-works"))
        #expect(open.status == .violated)
        #expect(open.directions.map(\.verdict) == [.unreachable, .reachable])
        #expect(open.summary.contains("(vpc:NextWork-1 (") && open.summary.contains("→ vpc:NextWork-2 ("))
        #expect(open.details.contains("Forward path:") && !open.details.contains("Return path:"))
        // Isolation from the internet, with the internet on either side.
        #expect(try Self.one("isolated internet NextWork-2-instance", on: try Self.network("09-eic-works")).status == .holds)
        #expect(try Self.one("isolated NextWork-1-instance internet", on: try Self.network("09-eic-works")).status == .violated)
    }

    @Test func oneWayAsksAboutTheForwardPathOnly() throws {
        // Stage 04 has the route from NextWork-1 only; with ICMP allowed into NextWork-2 the echo request arrives
        // and the reply has no route back.
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("04-route-one-way"))
        snapshot.editEach("SecurityGroups") { group in
            guard EditedSnapshot.name(group) == "NextWork-2-sg" else { return }
            group["IpPermissions"] = [["IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [["CidrIp": "10.1.0.0/16"]],
                                       "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []]]
        }
        let network = try snapshot.load()
        let results = try Self.check("""
            assert NextWork-1-instance can ping NextWork-2-instance one-way
            assert NextWork-1-instance can ping NextWork-2-instance
            assert NextWork-1-instance cannot ping NextWork-2-instance
            assert NextWork-1-instance cannot ping NextWork-2-instance one-way
            """, on: network)
        #expect(results.map(\.status) == [.holds, .violated, .holds, .violated])
        let table = try #require(Fixtures.id(named: "NextWork-2-rtb-public", in: network))
        #expect(results[1].directions.first?.answer?.blockers.map(\.component) == [table])
        #expect(results[1].details.first?.contains("[NO_ROUTE_TO_DESTINATION, return]") == true, "\(results[1].details)")
        #expect(!results[3].details.contains("Return path:"))
    }

    @Test func internetSourcesReachPublicAddresses() throws {
        let network = try Self.network("09-eic-works")
        let result = try Self.one("cidr:0.0.0.0/0 cannot reach vpc:NextWork-1 on tcp/22", on: network)
        #expect(result.status == .violated)
        let direction = try #require(result.directions.first)
        #expect(direction.pairSource?.hasPrefix("internet host 18.206.107.") == true, "\(direction.pairSource ?? "")")
        #expect(direction.answer?.forward?.hops.contains { $0.kind == .internetGateway } == true)
        #expect(try Self.one("cidr:18.206.107.24/29 can reach NextWork-1-instance on tcp/22", on: network).status == .holds)
        let neighbours = try Self.one("cidr:18.206.107.32/27 can reach NextWork-1-instance on tcp/22", on: network)
        #expect(neighbours.status == .violated)
        let sg1 = try #require(Fixtures.id(named: "NextWork-1-sg", in: network))
        #expect(neighbours.directions.first?.answer?.blockers.map(\.component) == [sg1])
        // Without a public address: the blocker says so, as `pathproof query` does.
        let stage7 = try Self.one("internet can reach vpc:NextWork-1 on tcp/22", on: try Self.network("07-eic-no-public-ip"))
        #expect(stage7.details.contains { $0.contains("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS") }, "\(stage7.details)")
    }

    @Test func unmodelledComponentsGiveUnknown() throws {
        let directory = try Temporary.folder("check-nat", files: SampleSnapshots.undescribedNATGateway)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let network = try Fixtures.load(directory)
        let result = try Self.one("subnet:subnet-1 can reach internet on tcp/443", on: network)
        guard case .unknown(let reason) = result.status else { Issue.record("expected unknown, got \(result.status)"); return }
        #expect(reason.contains("nat-1") && result.summary.hasPrefix("unknown: "))
    }

    // MARK: Groups are one disjunction over their pairs

    @Test func pairBlocksCoverEveryDistinctPairOnce() {
        typealias Member = EndpointGroup.Member
        func interface(_ n: Int) -> Member { .interface("eni-\(n)", addresses: []) }
        let internet: Member = .internet(nil)
        let cases: [([Member], [Member])] = [
            ([interface(1), interface(2)], [interface(3)]),
            ([interface(1), internet], [interface(2), internet]),
            ((1...5).map(interface), (3...9).map(interface)),
            ((1...8).map(interface) + [internet], (1...8).map(interface) + [internet]),
            ([interface(1)], [interface(1), interface(2)]),
            ([interface(1), interface(2)], [interface(1), interface(2)]),
            ((1...3).map(interface), [internet]),
            ([internet], (1...3).map(interface)),
        ]
        for (sources, destinations) in cases {
            let blocks = CheckPairs.blocks(sources: sources, destinations: destinations)
            var covered: [String: Int] = [:]
            for block in blocks { for s in block.sources { for d in block.destinations { covered["\(s)→\(d)", default: 0] += 1 } } }
            var wanted: Set<String> = []
            for s in sources { for d in destinations where !(s.interfaceID == nil && d.interfaceID == nil) && (s.interfaceID == nil || s.interfaceID != d.interfaceID) {
                wanted.insert("\(s)→\(d)")
            } }
            #expect(Set(covered.keys) == wanted, "\(sources) → \(destinations)")
            let shared = Set(sources.compactMap(\.interfaceID)).intersection(destinations.compactMap(\.interfaceID)).count
            let bothInternet = sources.contains(internet) && destinations.contains(internet)
            if shared == 0 && !bothInternet { #expect(blocks.count == 1) }
            var bits = 0
            while (1 << bits) < shared { bits += 1 }
            #expect(blocks.count <= 2 + max(1, 2 * bits), "\(blocks.count) blocks for \(shared) shared")
        }
    }

    /// A group answer is the disjunction of the answers for its pairs: checked against one `pathproof query` per
    /// pair of running instances (and from the internet to each) on every seed stage and corpus snapshot.
    /// Returns how many group assertions were compared, and how many of them were violated.
    static func agreesWithPairwiseQueries(_ network: Network, _ label: String) throws -> (compared: Int, violated: Int) {
        var counts = (compared: 0, violated: 0)
        let questions = ReachabilityQuestions(network: network)
        func verdict(_ query: String) throws -> Bool? {
            switch try questions.ask(query).answer.verdict {
            case .reachable: true
            case .unreachable: false
            case .unknown: nil
            }
        }
        let running = network.instances.filter { $0.isRunning && !network.networkInterfaces(ofInstance: $0.id).isEmpty }
        for block in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map({ IPPrefix($0)! }) {
            let members = network.networkInterfaces.filter { network.isLive($0) && $0.addresses.contains { block.contains($0.address) } }
            let instances = running.filter { instance in network.networkInterfaces(ofInstance: instance.id).contains { members.contains($0) } }
            // Only where the group is exactly these instances' interfaces at all their addresses, so that the pairwise
            // queries ask about the same packets.
            guard !members.isEmpty,
                  members.allSatisfy({ interface in instances.contains { $0.id == interface.instanceID } }),
                  members.allSatisfy({ $0.addresses.allSatisfy { block.contains($0.address) } }) else { continue }
            for (traffic, assertion) in [("ping", "cannot ping"), ("reach", "cannot reach")] {
                let on = traffic == "reach" ? " on tcp/22" : ""
                var pairwise: [Bool?] = []
                for a in instances { for b in instances where a.id != b.id { pairwise.append(try verdict("can \(a.id) \(traffic) \(b.id)\(on)")) } }
                guard !pairwise.isEmpty else { continue }
                let text = "cidr:\(block) \(assertion) cidr:\(block)\(on)"
                let result = try one(text, on: network)
                counts.compared += 1
                if result.status == .violated { counts.violated += 1 }
                if pairwise.contains(true) {
                    #expect(result.status == .violated, "\(label): \(text)")
                } else if !pairwise.contains(nil) {
                    #expect(result.status == .holds, "\(label): \(text)")
                }
            }
            let fromInternet = try instances.map { try verdict("can internet reach \($0.id) on tcp/22") }
            let text = "internet cannot reach cidr:\(block) on tcp/22"
            let result = try one(text, on: network)
            counts.compared += 1
            if result.status == .violated { counts.violated += 1 }
            if fromInternet.contains(true) {
                #expect(result.status == .violated, "\(label): \(text)")
            } else if !fromInternet.contains(nil) {
                #expect(result.status == .holds, "\(label): \(text)")
            }
        }
        return counts
    }

    @Test func groupAnswersAgreeWithPairwiseQueriesOnTheSeed() throws {
        var total = (compared: 0, violated: 0)
        for stage in StageLab.seed.stages {
            let counts = try Self.agreesWithPairwiseQueries(try Fixtures.load(Fixtures.seed(stage)), stage)
            total = (total.compared + counts.compared, total.violated + counts.violated)
        }
        // Both outcomes occur: ping crosses the peering from stage 06 on, SSH from the internet at stage 09.
        #expect(total.violated > 0 && total.violated < total.compared, "\(total)")
    }

    @Test(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
    func groupAnswersAgreeWithPairwiseQueriesOnTheCorpus() throws {
        var total = (compared: 0, violated: 0)
        for scenario in try Fixtures.corpusScenarios() {
            let counts = try Self.agreesWithPairwiseQueries(try Fixtures.load(Fixtures.scenario(scenario)), scenario)
            total = (total.compared + counts.compared, total.violated + counts.violated)
        }
        #expect(total.violated > 0 && total.violated < total.compared, "\(total)")
        print("group assertions compared with pairwise queries on the corpus: \(total.compared), \(total.violated) violated")
    }
}

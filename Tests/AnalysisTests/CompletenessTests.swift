import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// A snapshot that lacks a describe-* output, or names resources no output describes, never gives a proof: the
/// answers that depend on what is missing are UNKNOWN, naming it. Each case is the seed lab's stage 06 (where the
/// ping works) with one file removed or one reference broken.
@Suite struct CompletenessTests {
    static let stage = "06-ping-works"

    /// The ping 1→2 answer on stage 06 edited by `edit`, with the snapshot's warnings.
    static func ping(_ edit: (inout EditedSnapshot) throws -> Void, query: String = SeedLab.ping) throws -> (QuestionResult, Snapshot) {
        var edited = try EditedSnapshot(copying: Fixtures.seed(stage))
        try edit(&edited)
        let directory = try edited.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        return (try ReachabilityQuestions(network: snapshot.network).ask(query), snapshot)
    }

    static func reason(_ result: QuestionResult) -> String? {
        if case .unknown(let reason) = result.answer.verdict { return reason }
        return nil
    }

    @Test func theCompleteStageIsReachableAndComplete() throws {
        let (result, snapshot) = try Self.ping { _ in }
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
        #expect(snapshot.network.completeness.danglingReferences.isEmpty, "\(snapshot.network.completeness.danglingReferences)")
        #expect(snapshot.network.completeness.holds(.securityGroups) && snapshot.network.completeness.holds(.networkACLs))
    }

    @Test func withoutSecurityGroupsThePingIsUnknownNotProvedUnreachable() throws {
        let (result, snapshot) = try Self.ping { try $0.remove("describe-security-groups.json") }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason.contains("describe-security-groups"), "\(reason)")
        #expect(reason.contains("sg-3446666096515e152") || reason.contains("sg-0b72e2e6c752cfa80"), "\(reason)")
        #expect(!snapshot.network.completeness.holds(.securityGroups))
        #expect(snapshot.warnings.contains { $0.message.contains("describe-security-groups") }, "\(snapshot.warnings)")
    }

    @Test func withoutSecurityGroupsACannotPolicyIsNotProved() throws {
        // `cannot` asks for the proof alone (no blockers): it must not hold either.
        var edited = try EditedSnapshot(copying: Fixtures.seed(Self.stage))
        try edited.remove("describe-security-groups.json")
        let directory = try edited.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let network = try Fixtures.load(directory)
        let engine = ReachabilityEngine(network: network)
        let text = try QueryText.parse(SeedLab.pingBack)
        let resolver = EndpointResolver(network: network)
        let query = TrafficQuery(sources: resolver.sources(try resolver.resolve(text.source)),
                                 destinations: resolver.destinations(try resolver.resolve(text.destination), fromInternet: false),
                                 traffic: text.traffic, oneWay: false, family: .ipv4)
        let answer = try engine.answer(query, explainingUnreachable: false)
        guard case .unknown(let reason) = answer.verdict else {
            Issue.record("expected unknown, got \(answer.verdict)")
            return
        }
        #expect(reason.contains("describe-security-groups"), "\(reason)")
        // The session (matrix, exposure, ports) says the same.
        guard case .unknown(let sessionReason) = try engine.session(query).check() else {
            Issue.record("the session does not answer unknown")
            return
        }
        #expect(sessionReason.contains("describe-security-groups"), "\(sessionReason)")
    }

    @Test func withoutNetworkACLsThePingIsUnknownNotReachable() throws {
        let (result, snapshot) = try Self.ping { try $0.remove("describe-network-acls.json") }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason.contains("describe-network-acls"), "\(reason)")
        #expect(reason.contains("subnet-"), "\(reason)")
        #expect(snapshot.warnings.contains { $0.message.contains("describe-network-acls") }, "\(snapshot.warnings)")
    }

    @Test func withoutPeeringConnectionsThePingIsUnknown() throws {
        let (result, snapshot) = try Self.ping { try $0.remove("describe-vpc-peering-connections.json") }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason.contains("pcx-ccb1554c288a6f748") && reason.contains("describe-vpc-peering-connections"), "\(reason)")
        #expect(reason.contains("rtb-e6a0ead9be2bee551"), "\(reason)")
        #expect(snapshot.network.completeness.danglingReferences.contains { $0.kind == .peeringConnections && $0.id == "pcx-ccb1554c288a6f748" })
    }

    @Test func withoutVPCsThePingIsUnknown() throws {
        let (result, snapshot) = try Self.ping { try $0.remove("describe-vpcs.json") }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason.contains("describe-vpcs") && reason.contains("vpc-"), "\(reason)")
        #expect(snapshot.warnings.contains { $0.message.contains("describe-vpcs") }, "\(snapshot.warnings)")
    }

    @Test func withoutSubnetsThePingIsUnknown() throws {
        let (result, snapshot) = try Self.ping { try $0.remove("describe-subnets.json") }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason.contains("describe-subnets") && reason.contains("subnet-"), "\(reason)")
        #expect(snapshot.network.completeness.danglingReferences.contains { $0.kind == .subnets })
    }

    @Test func aSecurityGroupNoOutputDescribesMakesThePingUnknown() throws {
        let (result, snapshot) = try Self.ping { edited in
            edited.editEach("NetworkInterfaces") { interface in
                guard interface["NetworkInterfaceId"] as? String == "eni-fb16e718163da0e25" else { return }
                interface["Groups"] = [["GroupId": "sg-0dangling0000000", "GroupName": "gone"]]
            }
        }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason.contains("sg-0dangling0000000") && reason.contains("eni-fb16e718163da0e25"), "\(reason)")
        #expect(snapshot.warnings.contains { $0.message.contains("sg-0dangling0000000") }, "\(snapshot.warnings)")
    }

    @Test func aRouteToAPeeringConnectionNoOutputDescribesMakesThePingUnknown() throws {
        let (result, snapshot) = try Self.ping { edited in
            edited.editEach("RouteTables") { table in
                guard table["RouteTableId"] as? String == "rtb-e6a0ead9be2bee551" else { return }
                var routes = table["Routes"] as? [EditedSnapshot.Object] ?? []
                for index in routes.indices where routes[index]["VpcPeeringConnectionId"] != nil {
                    routes[index]["VpcPeeringConnectionId"] = "pcx-0dangling0000000"
                }
                table["Routes"] = routes
            }
        }
        let reason = try #require(Self.reason(result), "\(AnswerRendering.text(result))")
        #expect(reason == "route table rtb-e6a0ead9be2bee551 routes to pcx-0dangling0000000, which no describe-vpc-peering-connections output describes",
                "\(reason)")
        #expect(snapshot.warnings.contains { $0.message.contains("pcx-0dangling0000000") }, "\(snapshot.warnings)")
    }

    @Test func aDanglingReferenceOffThePathChangesNothing() throws {
        // Stage 06's other route tables do not carry the ping: a dangling route in rtb-2705… (VPC 2's public table,
        // which routes the echo reply) does, but one to an unrelated prefix in VPC 1's main table does not.
        let (result, _) = try Self.ping { edited in
            edited.editEach("RouteTables") { table in
                guard table["RouteTableId"] as? String == "rtb-66a0a88d95989d416" else { return }
                var routes = table["Routes"] as? [EditedSnapshot.Object] ?? []
                routes.append(["DestinationCidrBlock": "10.9.0.0/16", "VpcPeeringConnectionId": "pcx-0elsewhere000000", "State": "active", "Origin": "CreateRoute"])
                table["Routes"] = routes
            }
        }
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))")
    }
}

/// A multi-region snapshot missing one region's outputs while the other region's are there.
@Suite struct RegionCompletenessTests {
    @Test func withoutOneRegionsSecurityGroupsTheInterRegionPingIsUnknown() throws {
        let copy = Temporary.path("completeness")
        try FileManager.default.copyItem(atPath: Fixtures.seed("11-inter-region-works"), toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.removeItem(atPath: "\(copy)/us-west-2/describe-security-groups.json")
        let network = try Fixtures.load(copy)
        let result = try ReachabilityQuestions(network: network).ask(SeedLab.ping)
        guard case .unknown(let reason) = result.answer.verdict else {
            Issue.record("expected unknown, got \(AnswerRendering.text(result))")
            return
        }
        #expect(reason.contains("no describe-security-groups output describes"), "\(reason)")
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// The load balancer blockers other than a missing listener, each on a copy of the corpus scenario
/// `test-load-balancer` (an internal Network Load Balancer, listener TCP:80 → test-lb-tg, instance targets on port 22
/// in us-east-2a and us-east-2b) edited to show it: the blocker's code and checkpoint in the SMT answer and in the
/// walker's drop, the AWS CLI fix, the fix applied to the model and written by the snapshot editor, and the query
/// asked again on both.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerBlockerTests {
    static let directory = Fixtures.scenario("test-load-balancer")
    static let lbARN = LoadBalancerTests.lbARN
    static let groupARN = LoadBalancerTests.groupARN
    static let nodeA = LoadBalancerTests.nodeA
    static let nodeB = LoadBalancerTests.nodeB
    static let targetA = "i-0f4af951d61a19245"   // test20, us-east-2a
    static let targetB = "i-055b0db7be365202c"   // test1, us-east-2b
    static let jumpHost = "i-0c8ce8bbdd98cc4e8"

    static func snapshot(_ body: (inout EditedSnapshot) -> Void) throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: directory)
        body(&snapshot)
        return snapshot
    }

    /// Keeps only these targets of test-lb-tg, with these health states (and reasons).
    static func targets(_ snapshot: inout EditedSnapshot, _ kept: [String: (String, String?)]) {
        snapshot.editEach("LoadBalancerTargetHealth") { entry in
            var descriptions = (entry["TargetHealthDescriptions"] as? [EditedSnapshot.Object] ?? []).filter {
                kept[($0["Target"] as? EditedSnapshot.Object)?["Id"] as? String ?? ""] != nil
            }
            for index in descriptions.indices {
                let id = (descriptions[index]["Target"] as? EditedSnapshot.Object)?["Id"] as? String ?? ""
                var health: EditedSnapshot.Object = ["State": kept[id]!.0]
                if let reason = kept[id]!.1 { health["Reason"] = reason }
                descriptions[index]["TargetHealth"] = health
            }
            entry["TargetHealthDescriptions"] = descriptions
        }
    }

    /// The one fix of `query` on `snapshot`, its blockers checked; then the fix applied to the model and written by
    /// the editor, and the query asked again on both (reachable).
    static func checkFix(_ snapshot: EditedSnapshot, _ query: String, code: BlockerCode, checkpoint: Checkpoint, actions: [FixAction],
                         commands: [String], changedFiles: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let network = try Fixtures.load(folder)
        let result = try ReachabilityQuestions(network: network).fixes(query)
        #expect(result.report.answer.verdict == .unreachable, sourceLocation: sourceLocation)
        #expect(result.report.answer.blockers.map(\.code) == [code], "\(result.report.answer.blockers)", sourceLocation: sourceLocation)
        #expect(result.report.answer.blockers.map(\.checkpoint) == [checkpoint], sourceLocation: sourceLocation)
        let fix = try #require(result.report.fixes.first { $0.actions == actions }, "fixes: \(result.report.fixes.map(\.actions)) note: \(result.report.note ?? "")",
                               sourceLocation: sourceLocation)
        #expect(fix.awsCommands.map(\.description) == commands, sourceLocation: sourceLocation)
        let fixed = try ReachabilityQuestions(network: network.applying(fix.actions)).ask(query)
        #expect(fixed.answer.verdict == .reachable, "\(AnswerRendering.text(fixed))", sourceLocation: sourceLocation)
        let (output, editor) = try FixSupport.write(fix, from: folder)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(editor.changedFiles == changedFiles, sourceLocation: sourceLocation)
        let edited = try ReachabilityQuestions(network: try SnapshotReader.load(directory: output).network).ask(query)
        #expect(edited.answer.verdict == .reachable, "\(AnswerRendering.text(edited))", sourceLocation: sourceLocation)
    }

    // MARK: Cross-zone load balancing

    /// Cross-zone off at the load balancer (the corpus's attribute set to false), and only test1 (us-east-2b)
    /// registered: node A (us-east-2a) has no target in its zone.
    static func crossZoneOff(_ snapshot: inout EditedSnapshot) {
        snapshot.editEach("LoadBalancerAttributes") { $0["Attributes"] = [["Key": "load_balancing.cross_zone.enabled", "Value": "false"]] }
        targets(&snapshot, [targetB: ("healthy", nil)])
    }

    @Test func crossZoneOffIsABlockerFixedByTheLoadBalancerAttribute() throws {
        let snapshot = try Self.snapshot(Self.crossZoneOff)
        try Self.checkFix(snapshot, "can \(Self.jumpHost) reach \(Self.nodeA) on tcp/80", code: .loadBalancerNotCrossZone,
                          checkpoint: .loadBalancerCrossZone(Self.lbARN),
                          actions: [.enableCrossZone(arn: Self.lbARN, targetGroup: false)],
                          commands: ["aws elbv2 modify-load-balancer-attributes --load-balancer-arn \(Self.lbARN) --attributes Key=load_balancing.cross_zone.enabled,Value=true"],
                          changedFiles: ["LoadBalancerAttributes.json"])
        // The walker names the same checkpoint.
        let network = try snapshot.load()
        let walk = LoadBalancerTests.walk(network, to: Self.nodeA, port: 80)
        #expect(walk.drop?.checkpoint == .loadBalancerCrossZone(Self.lbARN) && walk.drop?.code == .loadBalancerNotCrossZone, "\(walk)")
        #expect(walk.drop?.message == "load balancer test-lb has cross-zone load balancing off: node \(Self.nodeA) in us-east-2a does not route to target \(Self.targetB) (eni-0a4486d9ba39d5e3e) of test-lb-tg in us-east-2b"
                || walk.drop?.message.contains("cross-zone load balancing off") == true, "\(walk.drop?.message ?? "")")
        let answer = try ReachabilityQuestions(network: network).ask("can \(Self.jumpHost) reach \(Self.nodeA) on tcp/80").answer
        #expect(answer.blockers.first?.message == "load balancer test-lb has cross-zone load balancing off: node \(Self.nodeA) in us-east-2a does not route to target \(Self.targetB) (eni-0a4486d9ba39d5e3e) of test-lb-tg in us-east-2b")
    }

    /// The target group's own attribute off (the load balancer's on, as captured): the target group is changed.
    @Test func aTargetGroupsCrossZoneOffIsFixedOnTheTargetGroup() throws {
        let snapshot = try Self.snapshot { snapshot in
            Self.targets(&snapshot, [Self.targetB: ("healthy", nil)])
            snapshot.append("TargetGroupAttributes", ["TargetGroupArn": Self.groupARN,
                                                      "Attributes": [["Key": "load_balancing.cross_zone.enabled", "Value": "false"]]])
        }
        try Self.checkFix(snapshot, "can \(Self.jumpHost) reach \(Self.nodeA) on tcp/80", code: .loadBalancerNotCrossZone,
                          checkpoint: .loadBalancerCrossZone(Self.groupARN),
                          actions: [.enableCrossZone(arn: Self.groupARN, targetGroup: true)],
                          commands: ["aws elbv2 modify-target-group-attributes --target-group-arn \(Self.groupARN) --attributes Key=load_balancing.cross_zone.enabled,Value=true"],
                          changedFiles: ["extra-TargetGroupAttributes.json"])
        // `use_load_balancer_configuration` defers to the load balancer (on): reachable.
        let deferring = try Self.snapshot { snapshot in
            Self.targets(&snapshot, [Self.targetB: ("healthy", nil)])
            snapshot.append("TargetGroupAttributes", ["TargetGroupArn": Self.groupARN,
                                                      "Attributes": [["Key": "load_balancing.cross_zone.enabled", "Value": "use_load_balancer_configuration"]]])
        }.load()
        #expect(deferring.targetGroups.first { $0.arn == Self.groupARN }?.crossZoneAttribute == nil)
        #expect(try ReachabilityQuestions(network: deferring).ask("can \(Self.jumpHost) reach \(Self.nodeA) on tcp/80").answer.verdict == .reachable)
    }

    // MARK: Zones

    /// The load balancer enabled in us-east-2a only (node B's interface no longer the load balancer's), and its one
    /// target test1 in us-east-2b, `unused` (`Target.NotInUse`) as AWS prints such a target.
    static func zoneNotEnabled(_ snapshot: inout EditedSnapshot) {
        snapshot.editEach("LoadBalancers") { loadBalancer in
            loadBalancer["AvailabilityZones"] = [["LoadBalancerAddresses": [Any](), "SubnetId": "subnet-0873d71031a560a88", "ZoneName": "us-east-2a"]]
        }
        snapshot.editEach("NetworkInterfaces") { interface in
            if interface["NetworkInterfaceId"] as? String == nodeB { interface["Description"] = "former node" }
        }
        targets(&snapshot, [targetB: ("unused", "Target.NotInUse")])
    }

    @Test func aTargetInAZoneNotEnabledIsFixedBySetSubnets() throws {
        let snapshot = try Self.snapshot(Self.zoneNotEnabled)
        try Self.checkFix(snapshot, "can \(Self.jumpHost) reach test-lb on tcp/80", code: .loadBalancerInstalledZoneRestriction,
                          checkpoint: .loadBalancerZone(Self.lbARN, zone: "us-east-2b"),
                          actions: [.setLoadBalancerSubnets(loadBalancer: Self.lbARN, subnets: ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"])],
                          commands: ["aws elbv2 set-subnets --load-balancer-arn \(Self.lbARN) --subnets subnet-0873d71031a560a88 subnet-090fe152cd18ced20"],
                          changedFiles: ["LoadBalancerTargetHealth.json", "LoadBalancers.json"])
        let network = try snapshot.load()
        let walk = LoadBalancerTests.walk(network, to: Self.nodeA, port: 80)
        #expect(walk.drop?.code == .loadBalancerInstalledZoneRestriction && walk.drop?.checkpoint == .loadBalancerZone(Self.lbARN, zone: "us-east-2b"), "\(walk)")
        // After set-subnets the target starts its health checks (what describe-target-health prints then).
        let fixed = network.applying([.setLoadBalancerSubnets(loadBalancer: Self.lbARN, subnets: ["subnet-0873d71031a560a88", "subnet-090fe152cd18ced20"])])
        #expect(fixed.targetGroups.first { $0.arn == Self.groupARN }?.targets.map(\.health) == [.initial])
        // Two subnets in one zone: AWS refuses, so does the editor.
        var editor = try SnapshotEditor(directory: Self.directory)
        #expect(throws: SnapshotEditError.self) {
            try editor.apply(.setLoadBalancerSubnets(loadBalancer: Self.lbARN, subnets: ["subnet-0873d71031a560a88", "subnet-0873d71031a560a88"]))
        }
    }

    // MARK: Registration

    /// test-lb-tg with no target: the query to test20 through the load balancer needs it registered. The group's port
    /// is made 22 (what test20's group allows), so that registering is one change, as a rule for tcp/80 in test20's
    /// group is (directly).
    static func emptyGroup(_ snapshot: inout EditedSnapshot) {
        targets(&snapshot, [:])
        snapshot.editEach("TargetGroups") { group in
            if group["TargetGroupName"] as? String == "test-lb-tg" { group["Port"] = 22 }
        }
    }

    @Test func anUnregisteredTargetIsFixedByRegisterTargets() throws {
        let snapshot = try Self.snapshot(Self.emptyGroup)
        let folder = try snapshot.write()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let network = try Fixtures.load(folder)
        let query = "can \(Self.jumpHost) reach test20 on tcp/80"
        let result = try ReachabilityQuestions(network: network).fixes(query)
        #expect(result.report.answer.verdict == .unreachable)
        // Two smallest ways: a rule in test20's group (directly), or test20 registered (through the load balancer).
        #expect(result.report.answer.blockers.count == 1)
        #expect([BlockerCode.targetNotRegistered, .networkInterfaceSecurityGroupRulesMismatch].contains(result.report.answer.blockers.first?.code))
        let register = FixAction.registerTarget(targetGroup: Self.groupARN, target: Self.targetA)
        let fix = try #require(result.report.fixes.first { $0.actions == [register] }, "\(result.report.fixes.map(\.actions)) \(result.report.note ?? "")")
        #expect(fix.changes.map(\.summary) == ["register target \(Self.targetA) in target group test-lb-tg (port 22)"])
        #expect(fix.awsCommands.map(\.description) == ["aws elbv2 register-targets --target-group-arn \(Self.groupARN) --targets Id=\(Self.targetA)"])
        // Registered, test20 is the group's only target (initial): the load balancer fails open to it, on the group's port.
        for fixed in [network.applying(fix.actions), try { () throws -> Network in
            let (output, editor) = try FixSupport.write(fix, from: folder)
            defer { try? FileManager.default.removeItem(atPath: output) }
            #expect(editor.changedFiles == ["LoadBalancerTargetHealth.json"])
            return try SnapshotReader.load(directory: output).network
        }()] {
            let after = try ReachabilityQuestions(network: fixed).ask(query)
            #expect(after.answer.verdict == .reachable, "\(AnswerRendering.text(after))")
            #expect(after.answer.forward?.hops.contains { $0.kind == .loadBalancer && $0.detail.contains("port 22 of target group test-lb-tg (initial)") } == true,
                    "\(after.answer.forward.map(\.description) ?? "")")
        }
        // The walker, on the snapshot as it is: the node has no target to send to.
        let walk = LoadBalancerTests.walk(network, to: Self.nodeA, port: 80)
        #expect(walk.drop?.code == .noPossibleDestination, "\(walk)")
    }

    // MARK: Health

    /// test20 unhealthy while test1 is healthy: a query to test20 through the load balancer names the target, its
    /// reason and the group's health check; no fix changes it.
    @Test func anUnhealthyTargetIsNamedWithItsHealthCheck() throws {
        let network = try Self.snapshot { Self.targets(&$0, [Self.targetA: ("unhealthy", "Target.FailedHealthChecks"), Self.targetB: ("healthy", nil)]) }.load()
        let expected = "target \(Self.targetA) (eni-02e730a1b02dbc756) of test-lb-tg is unhealthy (Target.FailedHealthChecks; health check TCP:traffic-port): load balancer test-lb routes only to healthy targets while any is healthy"
        let walk = LoadBalancerTests.walk(network, to: Self.nodeA, port: 80, target: LoadBalancerTests.targetA)
        #expect(walk.drop?.code == .targetUnhealthy && walk.drop?.checkpoint == .loadBalancerTargetHealthy(Self.groupARN, target: Self.targetA))
        #expect(walk.drop?.message == expected)
        // test20's own group allows only tcp/22 from the jump host: so that the load balancer is the only way, udp is
        // not asked; tcp/80 to test20 is blocked by its group directly and by its health through the load balancer.
        let result = try ReachabilityQuestions(network: network).fixes("can \(Self.jumpHost) reach test20 on tcp/80")
        #expect(result.report.answer.verdict == .unreachable)
        let codes = result.report.answer.blockers.map(\.code)
        #expect(codes == [.targetUnhealthy] || codes == [.networkInterfaceSecurityGroupRulesMismatch], "\(result.report.answer.blockers)")
        if codes == [.targetUnhealthy] { #expect(result.report.answer.blockers.first?.message == expected) }
        #expect(result.report.note?.contains("no configuration change makes a target pass its health check") == true
                || result.report.fixes.allSatisfy { !$0.actions.isEmpty }, "\(result.report.note ?? "")")
        // All unhealthy: fail open, as AWS does.
        let allDown = try Self.snapshot { Self.targets(&$0, [Self.targetA: ("unhealthy", "Target.FailedHealthChecks"), Self.targetB: ("unhealthy", "Target.Timeout")]) }.load()
        #expect(try ReachabilityQuestions(network: allDown).ask("can \(Self.jumpHost) reach test20 on tcp/80").answer.verdict == .reachable)
    }

    // MARK: The load balancer's security group

    /// The load balancer's group not allowing the listener port: the generic security group fix
    /// (`authorize-security-group-ingress` on the load balancer's group) opens it.
    @Test func theLoadBalancersGroupIsFixedByTheSecurityGroupRule() throws {
        let network = try LoadBalancerTests.withGroup(inbound: [LoadBalancerTests.rule(443, "10.1.0.0/16")], outbound: [LoadBalancerTests.rule(22, "10.1.0.0/16")])
        let query = "can \(Self.jumpHost) reach test-lb on tcp/80"
        let result = try ReachabilityQuestions(network: network).fixes(query)
        #expect(result.report.answer.blockers.map(\.code) == [.networkInterfaceSecurityGroupRulesMismatch])
        #expect(result.report.answer.blockers.first?.component == "sg-0lb")
        let fix = try #require(result.report.fixes.first)
        #expect(fix.awsCommands.map(\.description) == [
            #"aws ec2 authorize-security-group-ingress --group-id sg-0lb --ip-permissions '[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"10.1.250.112/32"}]}]'"#,
        ], "\(fix.awsCommands.map(\.description))")
        #expect(try ReachabilityQuestions(network: network.applying(fix.actions)).ask(query).answer.verdict == .reachable)
    }

    // MARK: Agreement

    /// The SMT encoding and the walker agree on every packet of the grid of `LoadBalancerTests.agreement` for each
    /// defect of this suite.
    @Test(arguments: ["cross-zone", "target group cross-zone", "zone", "unregistered", "unhealthy"])
    func agreement(_ variant: String) throws {
        let network: Network
        switch variant {
        case "cross-zone": network = try Self.snapshot(Self.crossZoneOff).load()
        case "target group cross-zone":
            network = try Self.snapshot { snapshot in
                Self.targets(&snapshot, [Self.targetB: ("healthy", nil)])
                snapshot.append("TargetGroupAttributes", ["TargetGroupArn": Self.groupARN,
                                                          "Attributes": [["Key": "load_balancing.cross_zone.enabled", "Value": "false"]]])
            }.load()
        case "zone": network = try Self.snapshot(Self.zoneNotEnabled).load()
        case "unregistered": network = try Self.snapshot(Self.emptyGroup).load()
        default: network = try Self.snapshot { Self.targets(&$0, [Self.targetA: ("unhealthy", "Target.FailedHealthChecks"), Self.targetB: ("healthy", nil)]) }.load()
        }
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        let client = IPAddress("10.1.250.112")!
        var delivered = 0
        var compared = 0
        for node in [Self.nodeA, Self.nodeB] {
            guard let nodeInterface = network.networkInterface(node), network.loadBalancer(ofInterface: nodeInterface) != nil else { continue }
            for ipProtocol in [IPProtocolNumber.tcp, IPProtocolNumber.udp] {
                for port: UInt16 in [22, 80, 443] {
                    for oneWay in [false, true] {
                        let packet = Packet(source: client, destination: nodeInterface.primaryAddress!, ipProtocol: ipProtocol, sourcePort: 50000, destinationPort: port)
                        let query = TrafficQuery(sources: [.interface(LoadBalancerTests.jumpHost, addresses: [client])],
                                                 destinations: [.interface(node, addresses: nodeInterface.addresses.map(\.address))],
                                                 traffic: TrafficSpec(ipProtocol: nil, sourcePorts: .all), oneWay: oneWay)
                        let smt = try engine.admits(query, packet: packet)
                        let concrete = [LoadBalancerTests.targetA, LoadBalancerTests.targetB].contains { target in
                            let forward = walker.walk(packet, from: .networkInterface(LoadBalancerTests.jumpHost), leg: .forward,
                                                      state: ConnectionState(loadBalancerTarget: target))
                            guard forward.deliveredAt == .networkInterface(target), let arrived = forward.deliveredPacket else { return false }
                            guard !oneWay, let response = arrived.response else { return true }
                            let back = walker.walk(response, from: .networkInterface(target), leg: .return, state: forward.state)
                            return back.deliveredAt == .networkInterface(LoadBalancerTests.jumpHost) && back.deliveredPacket?.destination == client
                        }
                        #expect(smt == concrete, "\(variant): \(packet) to \(node) oneWay=\(oneWay): SMT \(String(describing: smt)), walker \(concrete)")
                        compared += 1
                        if concrete { delivered += 1 }
                    }
                }
            }
        }
        #expect(compared > 0)
        // Each defect leaves some way open except the unregistered group (no target at all) and the zone (the one
        // target's zone is not enabled).
        #expect(["unregistered", "zone"].contains(variant) ? delivered == 0 : delivered > 0, "\(variant): \(delivered) delivered")
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The fix for a load balancer that has no listener on the query's port (ELB_LISTENERS_MISMATCH): a new listener
/// (`elbv2 create-listener`) forwarding to the target group its other listener forwards to, on the corpus scenario
/// `test-load-balancer` (an internal Network Load Balancer, listener TCP:80 → test-lb-tg). The fix is asked again on
/// the model with it applied and on a snapshot the editor wrote, in the corpus's wrapped `LoadBalancerListeners`
/// shape and in the bare `Listeners` shape `aws elbv2 describe-listeners` prints.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct LoadBalancerFixTests {
    static let directory = Fixtures.scenario("test-load-balancer")
    static let query = "can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/443"
    static let lbARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:loadbalancer/net/test-lb/725b996cb6be8fba"
    static let groupARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/test-lb-tg/8e891d8fcdf8ece8"
    static let newListenerARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:listener/net/test-lb/725b996cb6be8fba/pathproof0001"
    static let expectedAction = FixAction.createListener(arn: newListenerARN, loadBalancer: lbARN, listenerProtocol: "TCP", port: 443,
                                                         targetGroup: groupARN)

    /// The one fix derived on `directory` for `query`.
    static func derivedFix(_ directory: String, _ query: String = query, sourceLocation: SourceLocation = #_sourceLocation) throws -> (Network, FixQuestionResult, Fix) {
        let network = try Fixtures.load(directory)
        let result = try ReachabilityQuestions(network: network).fixes(query)
        #expect(result.report.answer.verdict == .unreachable, sourceLocation: sourceLocation)
        #expect(result.report.answer.blockers.map(\.code) == [.loadBalancerListenersMismatch], sourceLocation: sourceLocation)
        let fix = try #require(result.report.fixes.first, "no fix: \(result.report.note ?? "")", sourceLocation: sourceLocation)
        return (network, result, fix)
    }

    /// The query is REACHABLE on `network`, through the new listener on TCP:443, to a target of test-lb-tg on port 22.
    static func expectReachableThroughNewListener(_ network: Network, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try ReachabilityQuestions(network: network).ask(query)
        #expect(after.answer.verdict == .reachable, "\(AnswerRendering.text(after))", sourceLocation: sourceLocation)
        let hop = try #require(after.answer.forward?.hops.first { $0.kind == .loadBalancer }, sourceLocation: sourceLocation)
        #expect(hop.detail.contains("listener TCP:443") && hop.detail.contains("port 22 of target group test-lb-tg"), "\(hop.detail)",
                sourceLocation: sourceLocation)
        #expect(after.answer.forward?.deliveredPacket?.destinationPort == 22, sourceLocation: sourceLocation)
    }

    @Test func theFixIsANewListenerForwardingToTheLoadBalancersTargetGroup() throws {
        let (network, result, fix) = try Self.derivedFix(Self.directory)
        #expect(result.report.fixes.count == 1)
        #expect(fix.changes.count == 1)
        let change = try #require(fix.changes.first)
        #expect(change.kind == .listener)
        #expect(change.checkpoint == .loadBalancerListener("test-lb"))
        #expect(change.summary == "add listener TCP:443 to load balancer test-lb, forwarding to target group test-lb-tg")
        #expect(change.actions == [Self.expectedAction])
        #expect(fix.awsCommands.map(\.description) == [
            "aws elbv2 create-listener --load-balancer-arn \(Self.lbARN) --protocol TCP --port 443 --default-actions Type=forward,TargetGroupArn=\(Self.groupARN)",
        ])
        #expect(fix.awsCommands.first?.response == ["ListenerArn": Self.newListenerARN])
        // On the model: the listener is added after the one the load balancer has, and the query gets through.
        let fixed = network.applying(fix.actions)
        #expect(fixed.loadBalancer("test-lb")?.listeners.map(\.port) == [80, 443])
        #expect(fixed.loadBalancer("test-lb")?.listeners.last?.forwardedTargetGroups == [Self.groupARN])
        #expect(network.loadBalancer("test-lb")?.listeners.map(\.port) == [80])
        try Self.expectReachableThroughNewListener(fixed)
    }

    /// A UDP query gets a UDP listener, which the TCP target group cannot serve: no fix, and the reason says why.
    @Test func aUDPListenerCannotForwardToATCPTargetGroup() throws {
        let network = try Fixtures.load(Self.directory)
        let result = try ReachabilityQuestions(network: network).fixes("can i-0c8ce8bbdd98cc4e8 reach test-lb on udp/443")
        #expect(result.report.answer.verdict == .unreachable)
        #expect(result.report.fixes.isEmpty)
        let note = try #require(result.report.note)
        #expect(note.contains("a UDP listener cannot forward to target group test-lb-tg (protocol TCP)"), "\(note)")
    }

    /// The corpus's wrapped shape: the listener goes into the `Listeners` of the load balancer's entry.
    @Test func theEditedCorpusSnapshotReachesThroughTheNewListener() throws {
        let (_, _, fix) = try Self.derivedFix(Self.directory)
        let (output, editor) = try FixSupport.write(fix, from: Self.directory)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(editor.changedFiles == ["LoadBalancerListeners.json"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(output)/LoadBalancerListeners.json"))) as? [String: Any]
        let entries = try #require(json?["LoadBalancerListeners"] as? [[String: Any]])
        #expect(entries.count == 1)
        let listeners = try #require(entries.first?["Listeners"] as? [[String: Any]])
        #expect(listeners.map { $0["Port"] as? Int } == [80, 443])
        #expect(listeners.last?["Protocol"] as? String == "TCP" && listeners.last?["ListenerArn"] as? String == Self.newListenerARN)
        let loaded = try SnapshotReader.load(directory: output)
        #expect(loaded.network.loadBalancer("test-lb")?.listeners.map(\.port) == [80, 443])
        try Self.expectReachableThroughNewListener(loaded.network)
    }

    /// The bare shape `aws elbv2 describe-listeners` prints: the listener is appended to the file's `Listeners`.
    @Test func theEditedBareShapeSnapshotReachesThroughTheNewListener() throws {
        let bare = FixSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: Self.directory, toPath: bare)
        defer { try? FileManager.default.removeItem(atPath: bare) }
        try FileManager.default.removeItem(atPath: "\(bare)/LoadBalancerListeners.json")
        try """
        {
            "Listeners": [
                {
                    "ListenerArn": "arn:aws:elasticloadbalancing:us-east-2:554773406868:listener/net/test-lb/725b996cb6be8fba/bad604160f6b5da7",
                    "LoadBalancerArn": "\(Self.lbARN)",
                    "Port": 80,
                    "Protocol": "TCP",
                    "DefaultActions": [
                        {
                            "Type": "forward",
                            "TargetGroupArn": "\(Self.groupARN)"
                        }
                    ]
                }
            ]
        }

        """.write(toFile: "\(bare)/describe-listeners.json", atomically: true, encoding: .utf8)
        let (_, _, fix) = try Self.derivedFix(bare)
        #expect(fix.actions == [Self.expectedAction])
        let (output, editor) = try FixSupport.write(fix, from: bare)
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(editor.changedFiles == ["describe-listeners.json"])
        #expect(!FileManager.default.fileExists(atPath: "\(output)/LoadBalancerListeners.json"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(output)/describe-listeners.json"))) as? [String: Any]
        #expect(json?.keys.sorted() == ["Listeners"])
        let listeners = try #require(json?["Listeners"] as? [[String: Any]])
        #expect(listeners.map { $0["Port"] as? Int } == [80, 443])
        #expect(listeners.last?["LoadBalancerArn"] as? String == Self.lbARN)
        let actions = try #require(listeners.last?["DefaultActions"] as? [[String: Any]])
        #expect(actions.first?["Type"] as? String == "forward" && actions.first?["TargetGroupArn"] as? String == Self.groupARN)
        let loaded = try SnapshotReader.load(directory: output)
        try Self.expectReachableThroughNewListener(loaded.network)
    }

    /// AWS refuses a second listener on a port; so does the editor.
    @Test func theEditorRefusesADuplicateListener() throws {
        var editor = try SnapshotEditor(directory: Self.directory)
        #expect(throws: SnapshotEditError.self) {
            try editor.apply(.createListener(arn: Self.newListenerARN, loadBalancer: Self.lbARN, listenerProtocol: "UDP", port: 80, targetGroup: Self.groupARN))
        }
        #expect(throws: SnapshotEditError.self) {
            try editor.apply(.createListener(arn: Self.newListenerARN, loadBalancer: Self.lbARN + "x", listenerProtocol: "TCP", port: 443, targetGroup: Self.groupARN))
        }
        #expect(editor.changedFiles.isEmpty)
    }

    // MARK: Edited copies

    static let target1ARN = "arn:aws:elasticloadbalancing:us-east-2:554773406868:targetgroup/target1/TARGET1"

    /// The fixes of `query` on a copy of the scenario edited by `body`.
    static func fixes(_ query: String, _ body: (inout EditedSnapshot) -> Void) throws -> FixQuestionResult {
        var snapshot = try EditedSnapshot(copying: directory)
        body(&snapshot)
        return try ReachabilityQuestions(network: try snapshot.load()).fixes(query)
    }

    /// test-lb as an Application Load Balancer whose target group speaks HTTP, with a security group at its nodes
    /// that lets in everything from the VPC and out everything (an Application Load Balancer's nodes always filter).
    static func asApplicationLoadBalancer(_ snapshot: inout EditedSnapshot) {
        snapshot.editEach("LoadBalancers") { $0["Type"] = "application"; $0["SecurityGroups"] = ["sg-0lb"] }
        snapshot.editEach("NetworkInterfaces") { interface in
            guard ["eni-0c82d6f7254ae6695", "eni-01f261dccaba46564"].contains(interface["NetworkInterfaceId"] as? String ?? "") else { return }
            interface["Groups"] = [["GroupId": "sg-0lb", "GroupName": "lb"]]
        }
        snapshot.append("SecurityGroups", ["GroupId": "sg-0lb", "GroupName": "lb", "Description": "load balancer", "VpcId": "vpc-015b20578b48c1349",
                                           "IpPermissions": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "10.1.0.0/16"]]]],
                                           "IpPermissionsEgress": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]]]])
        snapshot.editEach("TargetGroups") { group in
            if group["TargetGroupName"] as? String == "test-lb-tg" { group["Protocol"] = "HTTP" }
        }
    }

    /// An Application Load Balancer gets an HTTP listener on a port other than 443.
    @Test func anApplicationLoadBalancerGetsAnHTTPListener() throws {
        let result = try Self.fixes("can i-0c8ce8bbdd98cc4e8 reach test-lb on tcp/8080", Self.asApplicationLoadBalancer)
        #expect(result.report.answer.verdict == .unreachable)
        let fix = try #require(result.report.fixes.first, "no fix: \(result.report.note ?? "")")
        #expect(fix.changes.map(\.summary) == ["add listener HTTP:8080 to load balancer test-lb, forwarding to target group test-lb-tg"])
        #expect(fix.actions == [.createListener(arn: Self.newListenerARN, loadBalancer: Self.lbARN, listenerProtocol: "HTTP", port: 8080,
                                                targetGroup: Self.groupARN)])
    }

    /// On 443 an Application Load Balancer's listener would be HTTPS, which needs a certificate the snapshot does not
    /// describe: no fix, and the note says so.
    @Test func anHTTPSListenerNeedsACertificate() throws {
        let result = try Self.fixes(Self.query, Self.asApplicationLoadBalancer)
        #expect(result.report.answer.verdict == .unreachable)
        #expect(result.report.fixes.isEmpty)
        let note = try #require(result.report.note)
        #expect(note.contains("load balancer test-lb needs a listener on tcp port 443: an HTTPS listener, which needs a server certificate"), "\(note)")
    }

    /// When the load balancer's listeners forward to two target groups with targets, which one a new listener should
    /// forward to is not something the query says: no fix.
    @Test func twoTargetGroupsThatCouldServeGiveNoFix() throws {
        let result = try Self.fixes(Self.query) { snapshot in
            snapshot.editEach("LoadBalancerListeners") { entry in
                var listeners = entry["Listeners"] as? [EditedSnapshot.Object] ?? []
                listeners.append(["ListenerArn": "arn:aws:elasticloadbalancing:us-east-2:554773406868:listener/net/test-lb/725b996cb6be8fba/second",
                                  "Port": 8080, "Protocol": "TCP",
                                  "DefaultActions": [["Type": "forward", "TargetGroupArn": Self.target1ARN]]])
                entry["Listeners"] = listeners
            }
            snapshot.editEach("TargetGroups") { group in
                if group["TargetGroupName"] as? String == "target1" {
                    group["TargetGroupArn"] = Self.target1ARN
                    group["LoadBalancerArns"] = [Self.lbARN]
                    group["VpcId"] = "vpc-015b20578b48c1349"
                }
            }
            snapshot.append("LoadBalancerTargetHealth", ["TargetGroupArn": Self.target1ARN, "TargetHealthDescriptions": [
                ["Target": ["Id": "i-0f4af951d61a19245", "Port": 22], "TargetHealth": ["State": "healthy"]]]])
        }
        #expect(result.report.answer.verdict == .unreachable)
        #expect(result.report.fixes.isEmpty)
        let note = try #require(result.report.note)
        #expect(note.contains("its listeners forward to 2 target groups that could serve it (test-lb-tg, target1)"), "\(note)")
    }

    /// A load balancer with no listener at all has no listener to relax (its reason is among the impossibilities), and
    /// nothing would say which target group a new listener should forward to: no fix.
    @Test func aLoadBalancerWithoutListenersGetsNoFix() throws {
        let result = try Self.fixes(Self.query) { snapshot in
            snapshot.editEach("LoadBalancerListeners") { $0["Listeners"] = [EditedSnapshot.Object]() }
        }
        #expect(result.report.answer.verdict == .unreachable)
        #expect(result.report.fixes.isEmpty)
        #expect(result.report.note?.contains("load balancer test-lb has no listener") == true, "\(result.report.note ?? "")")
    }

    /// The editor on a load balancer with no listener yet: a new entry in the wrapped list of its folder, or, with no
    /// listener file at all, a new bare `describe-listeners.json`.
    @Test(arguments: [true, false])
    func theEditorAddsTheFirstListener(wrapped: Bool) throws {
        let directory = FixSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: Self.directory, toPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if wrapped {
            try #"{"LoadBalancerListeners": []}"#.write(toFile: "\(directory)/LoadBalancerListeners.json", atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(atPath: "\(directory)/LoadBalancerListeners.json")
        }
        var editor = try SnapshotEditor(directory: directory)
        try editor.apply(Self.expectedAction)
        #expect(editor.changedFiles == [wrapped ? "LoadBalancerListeners.json" : "describe-listeners.json"])
        let output = FixSupport.temporaryFolder()
        try editor.write(to: output)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let network = try SnapshotReader.load(directory: output).network
        let listeners = try #require(network.loadBalancer("test-lb")?.listeners)
        #expect(listeners.map(\.port) == [443] && listeners.first?.listenerProtocol == "TCP")
        #expect(listeners.first?.forwardedTargetGroups == [Self.groupARN])
        try Self.expectReachableThroughNewListener(network)
    }
}

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
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// The load balancer and target group attributes as `pathproof capture` saves them: the bare output of `aws elbv2
/// describe-load-balancer-attributes --load-balancer-arn …` and `describe-target-group-attributes --target-group-arn
/// …` (`{"Attributes": [{"Key", "Value"}]}`, which names no resource), one file per resource whose name carries the
/// last part of its ARN. The load balancer lab's stages are rewritten so (their wrapped `LoadBalancerAttributes.json`
/// and `TargetGroupAttributes.json` split into those files); what the attributes decide is then asked of both engines
/// (a reachable answer's witness is replayed by the walker), and the cross-zone fix is written into the bare file.
struct LoadBalancerAttributeFileTests {
    static let lab = StageLab.loadbalancer
    /// api-nlb's node in us-east-1a (public 3.220.1.200), which at stage 06 has no target in its zone.
    static let nodeA = "can internet reach 3.220.1.200 on tcp/8080"

    /// `stage` with the wrapped attribute files replaced by one bare file per resource, as the capture names them;
    /// `edit` changes an attribute's value (`name` of the load balancer or target group, key, value) first.
    static func bare(_ stage: String, _ edits: [(String, String, String)] = [], extra: [String: EditedSnapshot.Object] = [:]) throws -> String {
        var snapshot = try EditedSnapshot(copying: lab.directory(stage))
        let names = Dictionary(uniqueKeysWithValues:
            (snapshot.resources("LoadBalancers").map { ($0["LoadBalancerArn"] as! String, $0["LoadBalancerName"] as! String) })
            + snapshot.resources("TargetGroups").map { ($0["TargetGroupArn"] as! String, $0["TargetGroupName"] as! String) })
        var files: [String: EditedSnapshot.Object] = extra
        for (wrapper, idKey, prefix) in [("LoadBalancerAttributes", "LoadBalancerArn", "elbv2-load-balancer-attributes-"),
                                         ("TargetGroupAttributes", "TargetGroupArn", "elbv2-target-group-attributes-")] {
            for entry in snapshot.resources(wrapper) {
                let arn = try #require(entry[idKey] as? String)
                var attributes = try #require(entry["Attributes"] as? [EditedSnapshot.Object])
                for (name, key, value) in edits where names[arn] == name {
                    attributes.removeAll { $0["Key"] as? String == key }
                    attributes.append(["Key": key, "Value": value])
                }
                files["\(prefix)\(arn.split(separator: "/").last!).json"] = ["Attributes": attributes]
            }
            try snapshot.remove("\(wrapper).json")
        }
        let folder = try snapshot.write()
        for (name, object) in files {
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                .write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return folder
    }

    static func ask(_ folder: String, _ query: String) throws -> QuestionResult {
        try ReachabilityQuestions(network: try Fixtures.load(folder)).ask(query)
    }

    @Test func eachBareFileBelongsToTheResourceItsNameCarries() throws {
        let folder = try Self.bare("07-nlb-client-ip", [("api-nlb", "load_balancing.cross_zone.enabled", "true"),
                                                        ("web-tg", "load_balancing.cross_zone.enabled", "false")])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let snapshot = try SnapshotReader.load(directory: folder)
        let network = snapshot.network
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/LoadBalancerAttributes.json"))
        #expect(network.loadBalancer("api-nlb")?.crossZoneAttribute == true)  // an NLB's default is off: read from its file
        #expect(network.loadBalancer("web-alb")?.crossZoneAttribute == true)
        let groups = Dictionary(uniqueKeysWithValues: network.targetGroups.map { ($0.name, $0) })
        #expect(groups["api-tg"]?.preserveClientIPAttribute == true && groups["api-tg"]?.crossZoneAttribute == nil)  // use_load_balancer_configuration
        #expect(groups["web-tg"]?.crossZoneAttribute == false && groups["web-tg"]?.preserveClientIPAttribute == nil)
        #expect(!snapshot.warnings.contains { $0.key.hasPrefix("Attributes") }, "\(snapshot.warnings)")
    }

    @Test func aBareFileWhoseNameNamesNoResourceIsAWarningAndIgnored() throws {
        let folder = try Self.bare("06-nlb-not-cross-zone", extra: [
            "describe-load-balancer-attributes.json": ["Attributes": [["Key": "load_balancing.cross_zone.enabled", "Value": "true"]]],
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let snapshot = try SnapshotReader.load(directory: folder)
        let warning = try #require(snapshot.warnings.first { $0.key.hasPrefix("Attributes") })
        #expect(warning.message.contains("names no load balancer or target group"), "\(warning)")
        #expect(warning.files.contains { $0.hasSuffix("describe-load-balancer-attributes.json") }, "\(warning.files)")
        #expect(snapshot.network.loadBalancer("api-nlb")?.crossZoneAttribute == false)
    }

    /// Stage 06: api-nlb's node in us-east-1a has no target in its zone. Cross-zone off in its bare file: the blocker;
    /// on: reachable (the SMT witness replayed by the walker).
    @Test func crossZoneFromTheBareFileDecidesBothEngines() throws {
        let off = try Self.bare("06-nlb-not-cross-zone")
        defer { try? FileManager.default.removeItem(atPath: off) }
        let blocked = try Self.ask(off, Self.nodeA)
        #expect(blocked.answer.verdict == .unreachable)
        #expect(blocked.answer.blockers.map(\.code.rawValue) == ["ELB_NOT_CROSSZONE"], "\(AnswerRendering.text(blocked))")
        let on = try Self.bare("06-nlb-not-cross-zone", [("api-nlb", "load_balancing.cross_zone.enabled", "true")])
        defer { try? FileManager.default.removeItem(atPath: on) }
        let reached = try Self.ask(on, Self.nodeA)
        #expect(reached.answer.verdict == .reachable, "\(AnswerRendering.text(reached))")
        // The target group's own attribute overrides the load balancer's.
        let groupOff = try Self.bare("06-nlb-not-cross-zone", [("api-nlb", "load_balancing.cross_zone.enabled", "true"),
                                                                ("api-tg", "load_balancing.cross_zone.enabled", "false")])
        defer { try? FileManager.default.removeItem(atPath: groupOff) }
        #expect(try Self.ask(groupOff, Self.nodeA).answer.verdict == .unreachable)
    }

    /// Stage 07: web-sg admits tcp/8080 from the VPC only; with client-IP preservation on (api-tg's bare file) the
    /// target sees the client's address and refuses it; with it off, the node's address, which it admits.
    @Test func clientIPPreservationFromTheBareFileDecidesBothEngines() throws {
        let nlb = Self.lab.questions[3]
        let on = try Self.bare("07-nlb-client-ip")
        defer { try? FileManager.default.removeItem(atPath: on) }
        #expect(try Self.ask(on, nlb).answer.blockers.map(\.code.rawValue) == ["ENI_SG_RULES_MISMATCH"])
        let off = try Self.bare("07-nlb-client-ip", [("api-tg", "preserve_client_ip.enabled", "false")])
        defer { try? FileManager.default.removeItem(atPath: off) }
        let reached = try Self.ask(off, nlb)
        #expect(reached.answer.verdict == .reachable, "\(AnswerRendering.text(reached))")
    }

    /// The derived cross-zone fix, written by the snapshot editor, changes the value in api-nlb's bare file (no second
    /// file that would contradict it), and the query asked again on the written snapshot is reachable.
    @Test func theCrossZoneFixIsWrittenIntoTheBareFile() throws {
        let folder = try Self.bare("06-nlb-not-cross-zone")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let network = try Fixtures.load(folder)
        let arn = try #require(network.loadBalancer("api-nlb")?.arn)
        let result = try ReachabilityQuestions(network: network).fixes(Self.nodeA)
        let fix = try #require(result.report.fixes.first { $0.awsCommands.map(\.description) == [
            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn \(arn) --attributes Key=load_balancing.cross_zone.enabled,Value=true"] },
            "\(result.report.fixes.map { $0.awsCommands.map(\.description) })")
        let (output, editor) = try FixSupport.write(fix, from: folder)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let file = "elbv2-load-balancer-attributes-\(arn.split(separator: "/").last!).json"
        #expect(editor.changedFiles.map { ($0 as NSString).lastPathComponent } == [file], "\(editor.changedFiles)")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(output)/\(file)"))) as? EditedSnapshot.Object
        let crossZone = (written?["Attributes"] as? [EditedSnapshot.Object] ?? []).filter { $0["Key"] as? String == "load_balancing.cross_zone.enabled" }
        #expect(crossZone.map { $0["Value"] as? String } == ["true"], "\(String(describing: written))")
        #expect(try Self.ask(output, Self.nodeA).answer.verdict == .reachable)
    }
}

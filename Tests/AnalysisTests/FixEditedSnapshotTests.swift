import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Testing

/// Fixes for one misconfiguration at a time, made in the seed lab's real JSON: each fix is written to a snapshot
/// and the query asked again there.
@Suite struct FixEditedSnapshotTests {
    typealias Object = EditedSnapshot.Object

    struct Outcome {
        let report: FixReport
        let network: Network
        let directory: String
        var fix: Fix { report.fixes[0] }
        var commands: [String] { FixSupport.commands(report.fixes[0]) }
    }

    /// Finds the fixes for `query` on the edited snapshot, writes the first, and checks the query is reachable there.
    static func fix(_ snapshot: EditedSnapshot, _ query: String = FixSupport.ping, limit: Int = 5,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let directory = try snapshot.write()
        let network = try Fixtures.load(directory)
        let result = try ReachabilityQuestions(network: network).fixes(query, limit: limit)
        #expect(result.report.answer.verdict == .unreachable, sourceLocation: sourceLocation)
        let fix = try #require(result.report.fixes.first, "no fix: \(result.report.note ?? "")", sourceLocation: sourceLocation)
        let (output, _) = try FixSupport.write(fix, from: directory)
        let after = try ReachabilityQuestions(network: try Fixtures.load(output)).ask(query)
        #expect(after.answer.verdict == .reachable, "\(FixRendering.text(result))\n\(AnswerRendering.text(after))", sourceLocation: sourceLocation)
        return Outcome(report: result.report, network: network, directory: output)
    }

    static func id(_ name: String, _ network: Network) -> String { Fixtures.id(named: name, in: network) ?? name }

    // MARK: Network ACLs

    @Test func aDenyingRuleGetsAnAllowRuleJustBelowIt() throws {
        var snapshot = try SemanticsTests.working()
        SemanticsTests.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            SemanticsTests.rule(90, egress: false, "deny", "1", "10.1.0.10/32"),
            SemanticsTests.rule(100, egress: false, "allow", "-1", "0.0.0.0/0"),
            SemanticsTests.rule(100, egress: true, "allow", "-1", "0.0.0.0/0"),
        ])
        let outcome = try Self.fix(snapshot)
        #expect(outcome.commands == [
            "aws ec2 create-network-acl-entry --network-acl-id acl-0custom --ingress --rule-number 80 --protocol icmp --icmp-type-code Type=8,Code=-1 --cidr-block 10.1.0.0/16 --rule-action allow",
        ])
        #expect(outcome.fix.changes[0].summary.contains("before rule 90, which denies it"))
        let acl = try #require(try Fixtures.load(outcome.directory).networkACL("acl-0custom"))
        #expect(acl.rules(.inbound).map(\.ruleNumber) == [80, 90, 100, 32767])
    }

    @Test func aStatelessReturnGetsAnOutboundRuleForTheReply() throws {
        var snapshot = try SemanticsTests.working()
        SemanticsTests.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            SemanticsTests.rule(100, egress: false, "allow", "1", "10.1.0.0/16", icmp: (8, -1)),
            SemanticsTests.rule(100, egress: true, "allow", "6", "0.0.0.0/0", ports: (1024, 65535)),
        ])
        let outcome = try Self.fix(snapshot)
        #expect(outcome.commands == [
            "aws ec2 create-network-acl-entry --network-acl-id acl-0custom --egress --rule-number 110 --protocol icmp --icmp-type-code Type=0,Code=-1 --cidr-block 10.1.0.0/16 --rule-action allow",
        ])
        #expect(outcome.fix.changes[0].leg == .return)
    }

    @Test func aResponseToAnEphemeralPortGetsTheEphemeralRange() throws {
        var snapshot = try SemanticsTests.working()
        snapshot.editEach("SecurityGroups") { group in
            guard group["GroupName"] as? String == "NextWork-2-sg" else { return }
            group["IpPermissions"] = [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [["CidrIp": "10.1.0.0/16"]]]]
        }
        SemanticsTests.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            SemanticsTests.rule(100, egress: false, "allow", "6", "10.1.0.0/16", ports: (22, 22)),
            SemanticsTests.rule(100, egress: true, "allow", "6", "10.1.0.0/16", ports: (80, 443)),
        ])
        let outcome = try Self.fix(snapshot, "can \(FixSupport.a) reach \(FixSupport.b) on tcp/22")
        #expect(outcome.commands == [
            "aws ec2 create-network-acl-entry --network-acl-id acl-0custom --egress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.1.0.0/16 --rule-action allow",
        ])
    }

    @Test func theForwardNetworkACLRuleNamesTheQueryPort() throws {
        var snapshot = try SemanticsTests.working()
        snapshot.editEach("SecurityGroups") { group in
            guard group["GroupName"] as? String == "NextWork-2-sg" else { return }
            group["IpPermissions"] = [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [["CidrIp": "10.1.0.0/16"]]]]
        }
        SemanticsTests.customACL(&snapshot, subnet: "NextWork-2-subnet-public1", entries: [
            SemanticsTests.rule(100, egress: false, "deny", "6", "0.0.0.0/0", ports: (0, 1023)),
            SemanticsTests.rule(200, egress: false, "allow", "-1", "0.0.0.0/0"),
            SemanticsTests.rule(100, egress: true, "allow", "-1", "0.0.0.0/0"),
        ])
        let outcome = try Self.fix(snapshot, "can \(FixSupport.a) reach \(FixSupport.b) on tcp/22")
        #expect(outcome.commands == [
            "aws ec2 create-network-acl-entry --network-acl-id acl-0custom --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 10.1.0.0/16 --rule-action allow",
        ])
    }

    // MARK: Instances, routes, peering, gateways

    @Test func aStoppedInstanceIsStarted() throws {
        var snapshot = try SemanticsTests.working()
        snapshot.editInstances { instance in
            if EditedSnapshot.name(instance) == FixSupport.b { instance["State"] = ["Code": 80, "Name": "stopped"] }
        }
        let outcome = try Self.fix(snapshot)
        #expect(outcome.commands == ["aws ec2 start-instances --instance-ids \(Self.id(FixSupport.b, outcome.network))"])
        #expect(outcome.fix.changes[0].kind == .instanceStart)
    }

    @Test func aBlackholeRouteIsReplaced() throws {
        var snapshot = try SemanticsTests.working()
        snapshot.editEach("RouteTables") { table in
            guard EditedSnapshot.name(table) == "NextWork-1-rtb-public" else { return }
            table["Routes"] = (table["Routes"] as? [Object] ?? []).map { route in
                var route = route
                if route["DestinationCidrBlock"] as? String == "10.2.0.0/16" { route["State"] = "blackhole" }
                return route
            }
        }
        let outcome = try Self.fix(snapshot)
        let table = Self.id("NextWork-1-rtb-public", outcome.network)
        let pcx = Self.id("NextWork-peering", outcome.network)
        #expect(outcome.commands == [
            "aws ec2 replace-route --route-table-id \(table) --destination-cidr-block 10.2.0.0/16 --vpc-peering-connection-id \(pcx)",
        ])
        #expect(outcome.fix.changes[0].summary.contains("blackhole"))
    }

    @Test func aRouteToTheWrongTargetIsReplaced() throws {
        var snapshot = try SemanticsTests.working()
        let igw = snapshot.resources("InternetGateways").first { EditedSnapshot.name($0) == "NextWork-1-igw" }?["InternetGatewayId"] as? String ?? ""
        snapshot.editEach("RouteTables") { table in
            guard EditedSnapshot.name(table) == "NextWork-1-rtb-public" else { return }
            table["Routes"] = (table["Routes"] as? [Object] ?? []).map { route in
                guard route["DestinationCidrBlock"] as? String == "10.2.0.0/16" else { return route }
                return ["DestinationCidrBlock": "10.2.0.0/16", "GatewayId": igw, "State": "active", "Origin": "CreateRoute"]
            }
        }
        let outcome = try Self.fix(snapshot)
        #expect(outcome.commands == [
            "aws ec2 replace-route --route-table-id \(Self.id("NextWork-1-rtb-public", outcome.network)) --destination-cidr-block 10.2.0.0/16 --vpc-peering-connection-id \(Self.id("NextWork-peering", outcome.network))",
        ])
    }

    @Test func aRejectedPeeringIsReplacedWithItsRoutes() throws {
        var snapshot = try SemanticsTests.working()
        snapshot.editEach("VpcPeeringConnections") { $0["Status"] = ["Code": "rejected", "Message": "Rejected"] }
        let outcome = try Self.fix(snapshot)
        let network = outcome.network
        #expect(outcome.fix.changes.map(\.kind) == [.newPeering, .route, .route])
        #expect(outcome.commands.prefix(2) == [
            "aws ec2 create-vpc-peering-connection --vpc-id \(Self.id("NextWork-1", network)) --peer-vpc-id \(Self.id("NextWork-2", network))",
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-pathproof0001",
        ])
        #expect(Set(outcome.commands.dropFirst(2)) == [
            "aws ec2 replace-route --route-table-id \(Self.id("NextWork-1-rtb-public", network)) --destination-cidr-block 10.2.0.0/16 --vpc-peering-connection-id pcx-pathproof0001",
            "aws ec2 replace-route --route-table-id \(Self.id("NextWork-2-rtb-public", network)) --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-pathproof0001",
        ])
    }

    @Test func aDetachedInternetGatewayIsAttached() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        snapshot.editEach("InternetGateways") { gateway in
            guard EditedSnapshot.name(gateway) == "NextWork-1-igw" else { return }
            gateway["Attachments"] = (gateway["Attachments"] as? [Object] ?? []).map { attachment in
                var attachment = attachment
                attachment["State"] = "detached"
                return attachment
            }
        }
        let outcome = try Self.fix(snapshot, FixSupport.instanceConnect)
        #expect(outcome.commands == [
            "aws ec2 attach-internet-gateway --internet-gateway-id \(Self.id("NextWork-1-igw", outcome.network)) --vpc-id \(Self.id("NextWork-1", outcome.network))",
        ])
    }

    @Test func aMissingInternetGatewayIsCreatedAttachedAndRouted() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        let igw = snapshot.resources("InternetGateways").first { EditedSnapshot.name($0) == "NextWork-1-igw" }?["InternetGatewayId"] as? String ?? ""
        snapshot.editEach("InternetGateways") { $0["Attachments"] = ($0["InternetGatewayId"] as? String == igw) ? [] : $0["Attachments"] }
        snapshot.editEach("RouteTables") { table in
            table["Routes"] = (table["Routes"] as? [Object] ?? []).filter { $0["GatewayId"] as? String != igw }
        }
        let outcome = try Self.fix(snapshot, FixSupport.instanceConnect)
        let network = outcome.network
        #expect(outcome.commands == [
            "aws ec2 create-internet-gateway",
            "aws ec2 attach-internet-gateway --internet-gateway-id igw-pathproof0001 --vpc-id \(Self.id("NextWork-1", network))",
            "aws ec2 create-route --route-table-id \(Self.id("NextWork-1-rtb-public", network)) --destination-cidr-block 0.0.0.0/0 --gateway-id igw-pathproof0001",
        ])
        let written = try Fixtures.load(outcome.directory)
        #expect(written.internetGateway("igw-pathproof0001")?.attachment(to: Self.id("NextWork-1", network))?.isAttached == true)
    }

    @Test func aNewInterRegionPeeringIsRequestedWithThePeerRegionAndAcceptedThere() throws {
        // One folder per region, as the stage has them, without the peering connection and its routes.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-fix-regions-\(UUID().uuidString)").path
        for region in ["us-east-1", "us-west-2"] {
            var part = try EditedSnapshot(copying: Fixtures.seed("11-inter-region-works/\(region)"))
            part.editEach("RouteTables") { table in
                table["Routes"] = (table["Routes"] as? [Object] ?? []).filter { $0["VpcPeeringConnectionId"] == nil }
            }
            try FileManager.default.createDirectory(atPath: "\(directory)/\(region)", withIntermediateDirectories: true)
            for (name, object) in part.files {
                var object = object
                if object["VpcPeeringConnections"] != nil { object["VpcPeeringConnections"] = [Object]() }
                try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                    .write(to: URL(fileURLWithPath: "\(directory)/\(region)/\(name)"))
            }
        }
        let network = try Fixtures.load(directory)
        let report = try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report
        let fix = try #require(report.fixes.first, "\(report.note ?? "")")
        let commands = FixSupport.commands(fix)
        #expect(commands.prefix(2) == [
            "aws ec2 create-vpc-peering-connection --vpc-id \(Self.id("NextWork-1", network)) --peer-vpc-id \(Self.id("NextWork-2", network)) --peer-region us-west-2",
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-pathproof0001 --region us-west-2",
        ])
        let (output, editor) = try FixSupport.write(fix, from: directory)
        // Like AWS, both regions' dumps show the new connection.
        #expect(editor.changedFiles.contains("us-east-1/describe-vpc-peering-connections.json"))
        #expect(editor.changedFiles.contains("us-west-2/describe-vpc-peering-connections.json"))
        let written = try Fixtures.load(output)
        #expect(written.peeringConnection("pcx-pathproof0001")?.accepter.region == "us-west-2")
        #expect(try ReachabilityQuestions(network: written).ask(FixSupport.ping).answer.verdict == .reachable)
    }

    @Test func anInstanceWithoutInterfaceDescriptionsGetsItsElasticIPByInstanceID() throws {
        // Older describe-instances output: no NetworkInterfaces list, no describe-network-interfaces file.
        let directory = try FixSnapshotEditTests.folder([
            "vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
            "subnets.json": #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]}"#,
            "igw.json": #"{"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}]}"#,
            "rtb.json": #"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}, {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]}]}"#,
            "sg.json": #"{"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
            "instances.json": #"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}, "PrivateIpAddress": "10.0.1.5", "SubnetId": "subnet-1", "VpcId": "vpc-1", "SecurityGroups": [{"GroupId": "sg-1"}]}]}]}"#,
            "acl.json": #"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-1"}], "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}, {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}]}]}"#,
        ])
        let network = try Fixtures.load(directory)
        let fix = try #require(try ReachabilityQuestions(network: network).fixes("can internet reach i-1 on tcp/22").report.fixes.first)
        #expect(FixSupport.commands(fix) == [
            "aws ec2 allocate-address --domain vpc",
            "aws ec2 associate-address --allocation-id eipalloc-pathproof0001 --instance-id i-1 --private-ip-address 10.0.1.5",
        ])
        let (output, editor) = try FixSupport.write(fix, from: directory)
        #expect(editor.changedFiles == ["describe-addresses.json", "instances.json"])
        let written = try Fixtures.load(output)
        #expect(try ReachabilityQuestions(network: written).ask("can internet reach i-1 on tcp/22").answer.verdict == .reachable)
        #expect(try String(contentsOfFile: "\(output)/instances.json", encoding: .utf8).contains(#""PublicIpAddress": "198.51.100.1""#))
    }

    // MARK: Alternatives

    /// NextWork-2-instance with a second interface, in its own group, neither group allowing ICMP: two fixes of
    /// one change each.
    static func twoInterfaces() throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("05-routes-sg-blocks-icmp"))
        let subnet = SemanticsTests.subnetID(snapshot, named: "NextWork-2-subnet-public1")
        let vpc = SemanticsTests.vpcID(snapshot, named: "NextWork-2")
        snapshot.append("SecurityGroups", ["GroupId": "sg-0second", "GroupName": "second", "VpcId": vpc, "IpPermissions": [[String: Any]](),
                                           "IpPermissionsEgress": [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]]]])
        let second: Object = ["NetworkInterfaceId": "eni-0second", "SubnetId": subnet, "VpcId": vpc, "Status": "in-use",
                              "Groups": [["GroupId": "sg-0second"]], "PrivateIpAddress": "10.2.0.20",
                              "PrivateIpAddresses": [["PrivateIpAddress": "10.2.0.20", "Primary": true]],
                              "Attachment": ["DeviceIndex": 1]]
        var instanceID = ""
        snapshot.editInstances { instance in
            guard EditedSnapshot.name(instance) == FixSupport.b else { return }
            instanceID = instance["InstanceId"] as? String ?? ""
            instance["NetworkInterfaces"] = (instance["NetworkInterfaces"] as? [Object] ?? []) + [second]
        }
        var attached = second
        attached["Attachment"] = ["DeviceIndex": 1, "InstanceId": instanceID, "Status": "attached"]
        snapshot.append("NetworkInterfaces", attached)
        return snapshot
    }

    @Test func alternativesAreEnumeratedNeverSupersetsAndRanked() throws {
        let outcome = try Self.fix(try Self.twoInterfaces())
        let report = outcome.report
        #expect(report.fixes.count == 2, "\(report.fixes.map(FixSupport.commands))")
        #expect(report.fixes.allSatisfy { $0.changes.count == 1 })
        let groups = report.fixes.map { $0.changes[0].component }
        #expect(Set(groups) == [Self.id("NextWork-2-sg", outcome.network), "sg-0second"])
        // Each fix opens ICMP from NextWork-1's CIDR in the group of one interface; none contains another.
        for (i, fix) in report.fixes.enumerated() {
            for (j, other) in report.fixes.enumerated() where i != j {
                #expect(!Set(other.changes.map(\.checkpoint)).isSuperset(of: fix.changes.map(\.checkpoint)))
            }
        }
        // A stable order: by the changes' sentences for equal sizes and kinds.
        #expect(report.fixes.map { $0.changes[0].summary } == report.fixes.map { $0.changes[0].summary }.sorted())
        // The second fix works too.
        let directory = try Self.twoInterfaces().write()
        let (output, _) = try FixSupport.write(report.fixes[1], from: directory)
        #expect(try ReachabilityQuestions(network: try Fixtures.load(output)).ask(FixSupport.ping).answer.verdict == .reachable)
        // And the limit holds.
        let one = try ReachabilityQuestions(network: outcome.network).fixes(FixSupport.ping, limit: 1).report
        #expect(one.fixes.count == 1)
    }

    @Test func overlappingVPCsHaveNoFix() throws {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("01-no-peering"))
        snapshot.editEach("Vpcs") { vpc in
            guard EditedSnapshot.name(vpc) == "NextWork-2" else { return }
            vpc["CidrBlock"] = "10.0.0.0/8"
            vpc["CidrBlockAssociationSet"] = [["CidrBlock": "10.0.0.0/8", "CidrBlockState": ["State": "associated"]]]
        }
        let network = try snapshot.load()
        let report = try ReachabilityQuestions(network: network).fixes(FixSupport.ping).report
        #expect(report.answer.verdict == .unreachable)
        #expect(report.fixes.isEmpty)
        #expect(report.note?.contains("overlapping") == true, "\(report.note ?? "")")
    }
}

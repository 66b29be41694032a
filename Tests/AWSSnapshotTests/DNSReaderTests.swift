import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Testing

/// What decides how a DNS name resolves, read from the seed lab's describe-* JSON: the instances' and interfaces'
/// DNS hostnames, the peering connection's `PeeringOptions`, and `describe-vpc-attribute` output (one file per VPC
/// and attribute, `{"VpcId": …, "EnableDnsSupport": {"Value": …}}`); and the snapshot editor's
/// `modify-vpc-peering-connection-options`.
@Suite struct DNSReaderTests {
    static let stage = Fixtures.seed("09-eic-works")

    /// A folder with the stage's files and one `describe-vpc-attribute` output per (VPC name, attribute, value).
    static func withAttributes(_ attributes: [(vpc: String, attribute: String, value: Any)], stage: String = stage) throws -> String {
        let network = try Fixtures.load(stage)
        let directory = try EditedSnapshot(copying: stage).write()
        for (index, entry) in attributes.enumerated() {
            let vpcID = try #require(Fixtures.id(named: entry.vpc, in: network))
            let object: [String: Any] = ["VpcId": vpcID, entry.attribute: ["Value": entry.value]]
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                .write(to: URL(fileURLWithPath: "\(directory)/describe-vpc-attribute-\(index).json"))
        }
        return directory
    }

    @Test func hostnamesComeFromDescribeInstancesAndNetworkInterfaces() throws {
        let edited = try EditedSnapshot(copying: Self.stage)
        let network = try Fixtures.load(Self.stage)
        let one = try #require(edited.resources("Reservations").flatMap { $0["Instances"] as? [EditedSnapshot.Object] ?? [] }
            .first { EditedSnapshot.name($0) == "NextWork-1-instance" })
        let publicName = try #require(one["PublicDnsName"] as? String)
        let publicAddress = try #require(one["PublicIpAddress"] as? String)
        #expect(publicName.hasPrefix("ec2-") && publicName.hasSuffix(".compute-1.amazonaws.com"))

        let hostname = try #require(network.dnsHostname(publicName.uppercased() + "."))
        #expect(hostname.kind == .publicHostname)
        #expect(hostname.publicAddress == IPAddress(publicAddress) && hostname.privateAddress == address("10.1.0.10"))
        let privateName = try #require(network.dnsHostname("ip-10-2-0-10.ec2.internal"))
        #expect(privateName.kind == .privateHostname && privateName.privateAddress == address("10.2.0.10") && privateName.publicAddress == nil)
        // NextWork-2-instance has no public address: describe-instances prints "PublicDnsName": "", which names nothing.
        #expect(!network.dnsHostnames.values.contains { $0.kind == .publicHostname && $0.privateAddress == address("10.2.0.10") })

        // The inter-region stage's us-west-2 instance has a name of the region's form.
        let westNetwork = try Fixtures.load(Fixtures.seed("11-inter-region-works"))
        #expect(westNetwork.dnsHostname("ip-10-2-0-10.us-west-2.compute.internal")?.privateAddress == address("10.2.0.10"))
    }

    @Test func peeringOptionsAndDefaultsWhenNoAttributeIsInTheSnapshot() throws {
        let network = try Fixtures.load(Self.stage)
        let peering = try #require(network.peeringConnections.first)
        #expect(peering.requester.allowDnsResolutionFromRemoteVpc == false && peering.accepter.allowDnsResolutionFromRemoteVpc == false)
        let one = try #require(Fixtures.id(named: "NextWork-1", in: network))
        let two = try #require(Fixtures.id(named: "NextWork-2", in: network))
        let defaultVPC = try #require(network.vpcs.first { $0.isDefault }).id
        #expect(network.vpc(one)?.enableDnsSupport == nil && network.vpc(one)?.enableDnsHostnames == nil)
        #expect(network.dnsSupport(of: one) == DNSAttributeValue(value: true, source: .awsDefault))
        // NextWork-1-instance has a public DNS hostname: AWS gives one only with enableDnsHostnames on.
        #expect(network.dnsHostnamesEnabled(of: one) == DNSAttributeValue(value: true, source: .inferred))
        #expect(network.dnsHostnamesEnabled(of: two) == DNSAttributeValue(value: false, source: .awsDefault))
        #expect(network.dnsHostnamesEnabled(of: defaultVPC) == DNSAttributeValue(value: true, source: .awsDefault))

        // A connection output without PeeringOptions says nothing of the option.
        var edited = try EditedSnapshot(copying: Self.stage)
        edited.editEach("VpcPeeringConnections") { connection in
            for side in ["RequesterVpcInfo", "AccepterVpcInfo"] {
                var info = connection[side] as? EditedSnapshot.Object ?? [:]
                info["PeeringOptions"] = nil
                connection[side] = info
            }
        }
        let bare = try #require(try edited.load().peeringConnections.first)
        #expect(bare.requester.allowDnsResolutionFromRemoteVpc == nil && bare.accepter.allowDnsResolutionFromRemoteVpc == nil)
    }

    @Test func describeVPCAttributeOutputIsRead() throws {
        let directory = try Self.withAttributes([("NextWork-2", "EnableDnsHostnames", true), ("NextWork-2", "EnableDnsSupport", false),
                                                 ("NextWork-1", "EnableDnsHostnames", false)])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let snapshot = try SnapshotReader.load(directory: directory)
        let network = snapshot.network
        let one = try #require(Fixtures.id(named: "NextWork-1", in: network))
        let two = try #require(Fixtures.id(named: "NextWork-2", in: network))
        #expect(network.vpc(two)?.enableDnsHostnames == true && network.vpc(two)?.enableDnsSupport == false)
        #expect(network.dnsSupport(of: two) == DNSAttributeValue(value: false, source: .snapshot))
        // The snapshot's value stands over what the hostnames suggest.
        #expect(network.dnsHostnamesEnabled(of: one) == DNSAttributeValue(value: false, source: .snapshot))
        #expect(!snapshot.warnings.contains { $0.key == "VpcId" || $0.key.hasPrefix("EnableDns") }, "\(snapshot.warnings)")
    }

    @Test func badAttributeOutputNamesTheFileAndThePath() throws {
        let directory = try Self.withAttributes([("NextWork-2", "EnableDnsSupport", "yes")])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: SnapshotError.self) { try SnapshotReader.load(directory: directory) }
        #expect(error?.file.hasSuffix("describe-vpc-attribute-0.json") == true, "\(String(describing: error))")
        #expect(error?.jsonPath == "EnableDnsSupport.Value", "\(String(describing: error))")
    }

    @Test func attributesOfAnUndescribedVPCAreWarnedAbout() throws {
        let directory = try Self.withAttributes([])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"VpcId": "vpc-0123456789abcdef0", "EnableDnsHostnames": {"Value": true}}"#
            .write(toFile: "\(directory)/describe-vpc-attribute-x.json", atomically: true, encoding: .utf8)
        let snapshot = try SnapshotReader.load(directory: directory)
        #expect(snapshot.warnings.contains { $0.key == "describe-vpc-attribute" && $0.message.contains("vpc-0123456789abcdef0") })
    }

    @Test func editorSetsThePeeringDNSOptionOfOneSideAndRefusesAPendingConnection() throws {
        let network = try Fixtures.load(Self.stage)
        let peering = try #require(network.peeringConnections.first)
        var editor = try SnapshotEditor(directory: Self.stage)
        try editor.apply(.modifyPeeringDNSResolution(id: peering.id, side: .requester, allow: true))
        #expect(editor.changedFiles == ["describe-vpc-peering-connections.json"])
        let output = Temporary.path("dns-edit")
        try editor.write(to: output)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let edited = try #require(try SnapshotReader.load(directory: output).network.peeringConnection(peering.id))
        #expect(edited.requester.allowDnsResolutionFromRemoteVpc == true && edited.accepter.allowDnsResolutionFromRemoteVpc == false)
        // The model's application of the call agrees with the editor's.
        let applied = try #require(network.applying([.modifyPeeringDNSResolution(id: peering.id, side: .requester, allow: true)])
            .peeringConnection(peering.id))
        #expect(applied == edited)

        let pendingStage = Fixtures.seed("02-peering-pending")
        let pending = try #require(try Fixtures.load(pendingStage).peeringConnections.first)
        var refusing = try SnapshotEditor(directory: pendingStage)
        #expect(throws: SnapshotEditError.self) {
            try refusing.apply(.modifyPeeringDNSResolution(id: pending.id, side: .accepter, allow: true))
        }
    }
}

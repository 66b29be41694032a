import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// The Batfish AWS scenarios: real `describe-*` output. Facts checked here were read by hand from the JSON.
@Suite(.enabled(if: Fixtures.corpusPresent, Fixtures.corpusAbsent))
struct CorpusTests {
    @Test func everyScenarioLoads() throws {
        let scenarios = try Fixtures.corpusScenarios()
        #expect(scenarios.count >= 19)
        for name in scenarios {
            let snapshot = try SnapshotReader.load(directory: Fixtures.scenario(name))
            let n = snapshot.network
            print("[\(name)] \(snapshot.files.count) files; \(n.vpcs.count) VPCs, \(n.subnets.count) subnets, "
                + "\(n.routeTables.count) route tables, \(n.peeringConnections.count) peerings, \(n.securityGroups.count) SGs, "
                + "\(n.networkACLs.count) NACLs, \(n.internetGateways.count) IGWs, \(n.instances.count) instances, "
                + "\(n.networkInterfaces.count) ENIs, \(n.prefixLists.count) prefix lists")
            for warning in snapshot.warnings { print("  warning: \(warning)") }
            #expect(Set(snapshot.warnings.map(\.key)).count == snapshot.warnings.count, "one warning per key in \(name)")
            for vpc in n.vpcs { #expect(vpc.region != nil, "\(name): \(vpc.id) has no region") }
        }
    }

    @Test func vpcPeering() throws {
        let snapshot = try SnapshotReader.load(directory: Fixtures.scenario("test-vpc-peering"))
        let network = snapshot.network
        #expect(snapshot.warnings.map(\.description) == ["AvailabilityZones: not modelled yet; ignored (in AvailabilityZones.json)"])

        let ab = try #require(network.peeringConnection("pcx-0b89b559e3319d6cf"))
        #expect(ab.status == .active && ab.statusMessage == "Active" && ab.isActive)
        #expect(ab.requester.vpcID == "vpc-0404e08ceddf7f650" && ab.requester.cidrBlocks == [prefix("10.10.0.0/16")])
        #expect(ab.accepter.vpcID == "vpc-00a31ce9d0c06675c" && ab.accepter.cidrBlocks == [prefix("192.168.0.0/16")])
        #expect(ab.requester.region == "us-east-2" && ab.accepter.ownerID == "554773406868" && ab.tags.name == "A-B")
        #expect(network.peeringConnection("pcx-0d5b836985ac8ca8c")?.accepter.vpcID == "vpc-09095dbf2886404ee")

        // VPC B: the disassociated 192.169.0.0/16 block is not one of its CIDRs; the region comes from the AZs.
        let vpcB = try #require(network.vpc("vpc-00a31ce9d0c06675c"))
        #expect(vpcB.cidrBlocks == [prefix("192.168.0.0/16")] && vpcB.tags.name == "VPC B")
        #expect(vpcB.region == "us-east-2" && vpcB.ownerID == "554773406868" && !vpcB.isDefault)

        let instance = try #require(network.instance("i-0b14080af811fda3d"))
        #expect(instance.isRunning && instance.networkInterfaceIDs == ["eni-0024c0af5aa1387e5"])
        let eni = try #require(network.networkInterfaces(ofInstance: instance.id).first)
        #expect(eni.primaryAddress == address("192.168.1.106") && eni.securityGroupIDs == ["sg-065c26b39e45ae384"])
        #expect(eni.subnetID == "subnet-0ebf6378a79a3e534" && eni.vpcID == "vpc-00a31ce9d0c06675c")
        #expect(eni.addresses.first?.publicAddress == nil && eni.sourceDestinationCheck && eni.status == .inUse)

        let ssh = try #require(network.securityGroup("sg-065c26b39e45ae384"))
        #expect(ssh.name == "launch-wizard-1" && ssh.vpcID == "vpc-00a31ce9d0c06675c")
        #expect(ssh.inbound == [SecurityGroupRule(ipProtocol: .number(6), ports: PortRange(22, 22), peer: .cidr(prefix("0.0.0.0/0")))])
        #expect(ssh.outbound == [SecurityGroupRule(ipProtocol: .all, peer: .cidr(prefix("0.0.0.0/0")))])
        let defaultGroup = try #require(network.securityGroup("sg-0d657cf4bcdb03076"))
        #expect(defaultGroup.inbound.map(\.peer) == [.securityGroup("sg-0d657cf4bcdb03076", ownerID: "554773406868")])

        // VPC B's main table still routes 0.0.0.0/0 to a deleted internet gateway: a blackhole route.
        let table = try #require(network.routeTable(forSubnet: "subnet-0ebf6378a79a3e534"))
        #expect(table.id == "rtb-017c36290c9baf017" && table.isMain && table.subnetIDs.isEmpty)
        #expect(table.routes.count == 3)
        #expect(table.routes[0] == Route(destination: .cidr(prefix("192.168.0.0/16")), target: .local, origin: .createRouteTable))
        #expect(table.routes[1].target == .peeringConnection("pcx-0b89b559e3319d6cf") && table.routes[1].isActive)
        #expect(table.routes[2] == Route(destination: .cidr(prefix("0.0.0.0/0")), target: .internetGateway("igw-0a2c9ae201b441bff"),
                                         isActive: false, origin: .createRoute))

        let acl = try #require(network.networkACL(forSubnet: "subnet-0ebf6378a79a3e534"))
        #expect(acl.id == "acl-060c3d111b1e1692d" && acl.isDefault && acl.entries.count == 4)
        #expect(acl.rules(.inbound).map(\.ruleNumber) == [100, 32767])
        #expect(acl.rules(.inbound).map(\.allows) == [true, false] && acl.rules(.outbound).first?.ipProtocol == .all)
    }

    /// Two account folders, each with one region folder: both VPCs, each with its folder's region. The folder names
    /// (111, 222) are placeholders; the VPCs' own `OwnerId` is the same real account in both.
    @Test func multiAccount() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-multi-account")).network
        #expect(network.vpcs.map(\.id) == ["vpc-015b20578b48c1349", "vpc-0008a7b45e3ddf1dd"])
        #expect(network.vpc("vpc-015b20578b48c1349")?.region == "us-west-1")
        #expect(network.vpc("vpc-0008a7b45e3ddf1dd")?.region == "us-west-2")
        #expect(network.vpcs.allSatisfy { $0.ownerID == "554773406868" && $0.cidrBlocks == [prefix("10.1.0.0/16")] })
    }

    /// The same peering connections dumped from both accounts: merged, the CIDR blocks taken from whichever copy has them.
    @Test func vpcPeeringMultiAccount() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-vpc-peering-multi-account")).network
        #expect(network.peeringConnections.map(\.id).sorted() == ["pcx-0040f7640e10191f4", "pcx-00eeab4f3bd2a40da", "pcx-07d8d712b329b9337"])
        let active = try #require(network.peeringConnection("pcx-0040f7640e10191f4"))
        #expect(active.isActive)
        #expect(active.requester.vpcID == "vpc-0f44fae3468d2b998" && active.requester.ownerID == "028403472736")
        #expect(active.accepter.vpcID == "vpc-05951c91977125d2e" && active.accepter.ownerID == "951601349076")
        #expect(active.requester.cidrBlocks == [prefix("10.1.0.0/16")] && active.accepter.cidrBlocks == [prefix("10.2.0.0/16")])
        #expect(active.requester.region == "us-east-1" && active.accepter.region == "us-east-1")
        #expect(network.peeringConnection("pcx-00eeab4f3bd2a40da")?.status == .deleted)
        #expect(Set(network.vpcs.compactMap(\.ownerID)) == ["028403472736", "951601349076"])
        #expect(network.vpcs.allSatisfy { $0.region == "us-east-1" })
        // A terminated instance keeps no interface.
        let terminated = try #require(network.instance("i-022b9fb2c0a0c72c1"))
        #expect(!terminated.isRunning && network.networkInterfaces(ofInstance: terminated.id).isEmpty)
    }

    @Test func elasticIPAndInterfaceKinds() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-transit-gateway")).network
        let eni = try #require(network.networkInterface("eni-0024c0af5aa1387e5"))
        #expect(eni.addresses == [NetworkInterface.InterfaceAddress(address: address("192.168.1.106"), isPrimary: true,
                                                                          publicAddress: address("3.136.41.161"),
                                                                          elasticIPAllocationID: "eipalloc-0ac2b9a9f59d2cc2f")])
        #expect(network.networkInterface(publicAddress: address("3.136.41.161"))?.id == eni.id)
        let attachment = try #require(network.networkInterface("eni-00f08ecf4f651037c"))
        #expect(attachment.interfaceType == .transitGateway && !attachment.sourceDestinationCheck && attachment.instanceID == nil)
        #expect(network.routeTables.flatMap(\.routes).contains { if case .transitGateway = $0.target { true } else { false } })
    }

    @Test func prefixListRoutes() throws {
        let network = try SnapshotReader.load(directory: Fixtures.scenario("test-vpc-endpoint-gateway")).network
        #expect(network.vpcs.first?.region == "us-east-1")
        let s3 = try #require(network.prefixList("pl-63a5400a"))
        #expect(s3.name == "com.amazonaws.us-east-1.s3" && s3.cidrBlocks.count == 4 && s3.cidrBlocks.first == prefix("54.231.0.0/17"))
        let table = try #require(network.routeTable("rtb-04f71fc2caa8d94cf"))
        #expect(table.routes.contains(Route(destination: .prefixList("pl-63a5400a"), target: .vpcEndpoint("vpce-0b7357542bb7b83ec"),
                                            origin: .createRoute)))
        #expect(network.routingEntries(of: table).contains { $0.prefix == prefix("54.231.0.0/17") })
    }

    /// An `icmp` permission with both `IpRanges` 0.0.0.0/0 and `Ipv6Ranges` ::/0 (which used to be skipped with a
    /// warning) gives two rules. Its VPC attachments print `Ipv6Support: disable`.
    @Test func ipv6SecurityGroupRuleIsRead() throws {
        let snapshot = try SnapshotReader.load(directory: Fixtures.scenario("test-transit-gateway-multi-table"))
        #expect(snapshot.warnings.filter { $0.key.contains("IPv6") }.isEmpty, "\(snapshot.warnings)")
        let group = try #require(snapshot.network.securityGroup("sg-09606ce9642cac154"))
        let echo = ICMPSelector(type: 8, code: nil)
        #expect(group.inbound.filter { $0.ipProtocol == .number(1) }
            == [SecurityGroupRule(ipProtocol: .number(1), icmp: echo, peer: .cidr(.anyIPv4)),
                SecurityGroupRule(ipProtocol: .number(1), icmp: echo, peer: .cidr(.anyIPv6))])
        #expect(snapshot.network.transit.attachments.filter(\.isVPC).allSatisfy { !$0.ipv6Support })
    }

    /// No scenario of the corpus says anything IPv6 the reader cannot model.
    @Test func noScenarioWarnsAboutIPv6() throws {
        for name in try Fixtures.corpusScenarios() {
            let snapshot = try SnapshotReader.load(directory: Fixtures.scenario(name))
            #expect(snapshot.warnings.filter { $0.key.contains("IPv6") }.isEmpty, "\(name): \(snapshot.warnings)")
        }
    }

    /// Without describe-network-interfaces output, instances' own interface entries stand in, with the same facts.
    @Test func interfacesFromInstancesWhenNoInterfaceFile() throws {
        let source = Fixtures.scenario("test-vpc-peering")
        let copy = try TemporarySnapshot()
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name != "NetworkInterfaces.json" {
            try copy.write(name, String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(source)/\(name)")), as: UTF8.self))
        }
        let full = try SnapshotReader.load(directory: source).network
        let trimmed = try copy.load().network
        #expect(trimmed.networkInterfaces.count == full.networkInterfaces.count)
        for interface in full.networkInterfaces {
            let rebuilt = try #require(trimmed.networkInterface(interface.id))
            #expect(rebuilt.addresses == interface.addresses && rebuilt.securityGroupIDs == interface.securityGroupIDs)
            #expect(rebuilt.subnetID == interface.subnetID && rebuilt.instanceID == interface.instanceID)
        }
    }

    /// Every prefix of a real file is either valid or a clean error, never a crash.
    @Test func truncatedFilesFailCleanly() throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: Fixtures.scenario("test-vpc-peering") + "/SecurityGroups.json"))
        let snapshot = try TemporarySnapshot()
        for length in stride(from: 0, to: source.count, by: max(1, source.count / 150)) {
            try snapshot.write("SecurityGroups.json", String(decoding: source.prefix(length), as: UTF8.self))
            let message = try #require(snapshot.loadError(), "a truncated file cannot load")
            #expect(message.hasPrefix("SecurityGroups.json: invalid JSON at line "))
        }
    }
}

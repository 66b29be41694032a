import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
@testable import pathproof_benchmark
import PathProofTestSupport
import Simulation
import Testing

/// The benchmark's command line and its network generator.
@Suite struct BenchmarkTests {
    /// `pathproof-benchmark`, built beside `pathproof`.
    static var binary: String { PathProofCLI.binary.deletingLastPathComponent().appendingPathComponent("pathproof-benchmark").path }

    @Test func helpPrintsUsageWithoutRunning() throws {
        let run = try runProcess(Self.binary, ["--help"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("USAGE: pathproof-benchmark"))
        #expect(run.output.contains("--no-matrix"))
        #expect(!run.output.contains("generate describe-* JSON"), "the benchmark ran: \(run.output)")
    }

    @Test(arguments: [["0"], ["-3"], ["70000"], ["10", "0"], ["300", "200"], ["10", "10", "300"], ["1", "1", "1", "1"], ["many"]])
    func nonsenseSizesAreBadInput(_ arguments: [String]) throws {
        let run = try runProcess(Self.binary, arguments)
        #expect(run.status == 2, "\(arguments): \(run.output) \(run.error)")
        #expect(run.error.contains("Error:") || run.error.contains("error:"), "\(arguments): \(run.error)")
        #expect(!run.output.contains("generate describe-* JSON"), "the benchmark ran: \(run.output)")
    }

    @Test func aHundredVPCsKeepTheirSixteenBitBlocks() throws {
        let shape = try SyntheticNetwork(vpcs: 100, subnetsPerVPC: 10, instancesPerSubnet: 5)
        #expect(shape.vpcCIDR(0) == "10.0.0.0/16" && shape.vpcCIDR(99) == "10.99.0.0/16")
        #expect(shape.block(7, 3) == "10.7.3.0/24" && shape.block(7, 105) == "10.7.105.0/24")
        #expect(shape.address(42, block: 9, host: 14) == "10.42.9.14")
    }

    /// The single queries name the default shape's instances as before, and none that a smaller shape lacks.
    @Test func queriedInstancesExistInTheShape() throws {
        let shape = try SyntheticNetwork(vpcs: 100, subnetsPerVPC: 10, instancesPerSubnet: 5)
        #expect(shape.firstInstance(vpc: 1, tier: 0, preferring: 0) == "web-1-0-0" && shape.firstInstance(vpc: 0, tier: 0, preferring: 0) == "web-0-0-0")
        #expect(shape.firstInstance(vpc: 1, tier: 1, preferring: 4) == "app-1-4-0" && shape.firstInstance(vpc: 0, tier: 2, preferring: 8) == "db-0-8-0")
        let small = try SyntheticNetwork(vpcs: 300, subnetsPerVPC: 3, instancesPerSubnet: 1)
        #expect(small.firstInstance(vpc: 1, tier: 1, preferring: 4) == "app-1-1-0" && small.firstInstance(vpc: 0, tier: 2, preferring: 8) == "db-0-2-0")
        let single = try SyntheticNetwork(vpcs: 1, subnetsPerVPC: 1, instancesPerSubnet: 1)
        #expect(single.firstInstance(vpc: 0, tier: 2, preferring: 8) == "db-0-0-0")
        #expect(single.firstInstance(vpc: 0, tier: 0, preferring: 0) == nil && single.firstInstance(vpc: 1, tier: 2, preferring: 8) == nil)
    }

    /// Beyond 255 VPCs each VPC gets a smaller block of 10.0.0.0/8; every subnet, and every instance address, stays
    /// inside its VPC's and is the only one.
    @Test func threeHundredVPCsHaveValidDistinctAddresses() throws {
        let folder = Temporary.path("benchmark-300")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SyntheticNetwork(vpcs: 300, subnetsPerVPC: 1, instancesPerSubnet: 1).write(to: URL(fileURLWithPath: folder))
        let network = try SnapshotReader.load(directory: folder).network
        #expect(network.vpcs.count == 300 && network.subnets.count == 300 && network.instances.count == 300)
        #expect(network.networkInterfaces.count == 300)
        let blocks = network.vpcs.flatMap(\.cidrBlocks)
        #expect(Set(blocks.map(\.description)).count == 300)
        for (i, a) in blocks.enumerated() {
            for b in blocks[(i + 1)...] { #expect(!a.contains(b) && !b.contains(a), "\(a) and \(b) overlap") }
        }
        let vpcs = Dictionary(uniqueKeysWithValues: network.vpcs.map { ($0.id, $0) })
        for subnet in network.subnets {
            let vpc = try #require(vpcs[subnet.vpcID])
            #expect(subnet.cidrBlocks.allSatisfy { block in vpc.cidrBlocks.contains { $0.contains(block) } }, "\(subnet.id) outside \(vpc.id)")
        }
        let subnets = Dictionary(uniqueKeysWithValues: network.subnets.map { ($0.id, $0) })
        let addresses = network.networkInterfaces.flatMap { interface in interface.addresses.map { (interface, $0.address) } }
        #expect(Set(addresses.map { $0.1 }).count == 300)
        for (interface, address) in addresses {
            let subnet = try #require(subnets[interface.subnetID])
            #expect(subnet.contains(address), "\(address) of \(interface.id) outside \(subnet.id)")
        }
        #expect(try SyntheticNetwork(vpcs: 2_000, subnetsPerVPC: 10, instancesPerSubnet: 5).vpcCIDR(1_999) == "10.249.224.0/19")
    }

    /// The transit gateway organisation, kept with `--write`, is a snapshot `pathproof` loads: dev reaches the shared
    /// segment through the transit gateway, prod does not reach dev (segment route tables), a peered VPC's app tier
    /// reaches a data tier by group reference across the peering, and another prod VPC's app tier does not.
    @Test func transitShapeIsKeptAndAnsweredByTheCLI() throws {
        let folder = Temporary.path("benchmark-transit")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try runProcess(Self.binary, ["12", "3", "2", "--shape", "transit", "--write", folder, "--no-matrix"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        #expect(run.output.contains("shape: transit") && run.output.contains("snapshot kept in \(folder)"), "\(run.output)")
        #expect(run.output.contains("1 transit gateways, 12 NAT gateways"), "\(run.output)")
        #expect(run.output.contains("peak memory"), "\(run.output)")
        for file in ["describe-transit-gateways.json", "describe-transit-gateway-attachments.json", "describe-nat-gateways.json",
                     "describe-instances.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/\(file)"), "\(file) not kept")
        }
        let cases: [(String, String)] = [
            ("can web-1-0-0 ping web-0-0-0", "reachable"),        // dev → shared
            ("can web-2-0-0 ping web-1-0-0", "unreachable"),      // prod ↛ dev
            ("can app-2-1-0 reach db-4-2-0 on tcp/3306", "reachable"),    // across the peering, by group reference
            ("can app-6-1-0 reach db-4-2-0 on tcp/3306", "unreachable"),  // the same prod segment, no reference
        ]
        for (query, verdict) in cases {
            let answer = try PathProofCLI.run(["query", "--quiet", "--format", "json", "--snapshot", folder, query])
            #expect(answer.status == 0, "\(query): \(answer.error)")
            let object = try JSONSerialization.jsonObject(with: Data(answer.output.utf8)) as? [String: Any]
            #expect(object?["verdict"] as? String == verdict, "\(query): \(answer.output)")
        }
    }

    @Test func transitSegmentsAndAddressesAt2000VPCs() throws {
        #expect(SyntheticNetwork.segment(ofVPC: 0) == "shared" && SyntheticNetwork.segment(ofVPC: 30) == "shared")
        #expect(SyntheticNetwork.segment(ofVPC: 4) == "prod" && SyntheticNetwork.segment(ofVPC: 7) == "dev")
        let large = try SyntheticNetwork(vpcs: 2_000, subnetsPerVPC: 10, instancesPerSubnet: 5, layout: .transit)
        #expect(large.address(1_999, block: 0, host: 6) == "10.249.224.6")
    }

    @Test func unknownShapeIsBadInput() throws {
        let run = try runProcess(Self.binary, ["2", "--shape", "mesh"])
        #expect(run.status == 2, "\(run.output) \(run.error)")
        #expect(run.error.contains("peering or transit"), "\(run.error)")
    }

    /// On the transit organisation (shared, dev and prod segments, the 2–4 peering, NAT gateways), the engine's ping
    /// verdict for every pair of web and app instances of six VPCs is the packet walker's for an echo request and
    /// its reply (the reference semantics), with the encoding leaving out routes to VPCs a packet cannot be bound for.
    @Test func transitShapeAnswersAgreeWithTheWalker() throws {
        let folder = Temporary.path("benchmark-transit-agreement")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shape = try SyntheticNetwork(vpcs: 6, subnetsPerVPC: 3, instancesPerSubnet: 1, layout: .transit)
        try shape.write(to: URL(fileURLWithPath: folder))
        let network = try SnapshotReader.load(directory: folder).network
        let engine = ReachabilityEngine(network: network)
        let walker = PacketWalker(network: network)
        let interfaces = network.networkInterfaces.filter { $0.instanceID != nil && !$0.subnetID.isEmpty }
            .filter { interface in ["web", "app"].contains { network.name(of: interface.instanceID!)?.hasPrefix($0) == true } }
        #expect(interfaces.count == 12)
        var reachable = 0
        for from in interfaces {
            for to in interfaces where to.id != from.id {
                let (source, destination) = (try #require(from.primaryAddress), try #require(to.primaryAddress))
                let answer = try engine.answer(TrafficQuery(sources: [.interface(from.id, addresses: [source])],
                                                            destinations: [.interface(to.id, addresses: [destination])], traffic: .ping),
                                               explainingUnreachable: false)
                let echo = Packet(source: source, destination: destination, ipProtocol: IPProtocolNumber.icmp, icmpType: 8, icmpCode: 0)
                let forward = walker.walk(echo, from: .networkInterface(from.id), leg: .forward)
                var walked = false
                if forward.deliveredAt == .networkInterface(to.id), let delivered = forward.deliveredPacket, let reply = delivered.response {
                    let back = walker.walk(reply, from: .networkInterface(to.id), leg: .return, state: forward.state)
                    walked = back.deliveredAt == .networkInterface(from.id)
                }
                let names = "\(network.name(of: from.instanceID!) ?? from.id) → \(network.name(of: to.instanceID!) ?? to.id)"
                #expect((answer.verdict == .reachable) == walked, "\(names): engine \(answer.verdict), walker \(walked)")
                if walked { reachable += 1 }
            }
        }
        #expect(reachable > 0 && reachable < 132, "\(reachable) of 132 pairs reachable")
    }
}

import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// Differential testing of the two engines on random networks: a seeded generator writes small networks as
/// `aws ec2 describe-*` JSON (VPCs, subnets, internet gateways, a peering connection, route tables, security groups
/// and network ACLs with random rules, running and stopped instances with and without public addresses), the
/// reader loads them, and `AgreementTests.compare` asks the SMT encoding and the packet walker about random packets
/// between their interfaces and the internet. Every disagreement is a test failure naming the seed.
///
/// In CI: `RandomNetworks.ciNetworks` networks of `RandomNetworks.packetsPerNetwork` packets each. For a long run set
/// `PATHPROOF_DIFFERENTIAL_CASES` (e.g. 100000): as many packets over as many networks as that takes (from seed
/// `PATHPROOF_DIFFERENTIAL_FIRST_SEED`, 1,000,000 by default), with the running figures printed every 20 networks.
@Suite struct DifferentialTests {
    @Test func randomNetworksAgree() throws {
        let figures = try RandomNetworks.run(networks: RandomNetworks.ciNetworks, firstSeed: 1)
        #expect(figures.compared >= 2_000, "\(figures)")
        #expect(figures.delivered * 50 > figures.compared, "random networks must let a fair share through (over 2%): \(figures)")
        print("differential: \(figures)")
    }

    @Test(.enabled(if: RandomNetworks.longRunCases != nil, "set PATHPROOF_DIFFERENTIAL_CASES for the long differential run"))
    func longRandomRun() throws {
        let cases = RandomNetworks.longRunCases ?? 0
        let started = Date()
        var figures = RandomNetworks.Figures()
        var seed = RandomNetworks.longRunFirstSeed
        while figures.compared < cases {
            figures.add(try RandomNetworks.run(networks: 20, firstSeed: seed))
            seed += 20
            print("differential long run: \(figures), seeds up to \(seed - 1), \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
        }
        print("differential long run: \(figures), \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
    }
}

/// The generator of random small networks.
enum RandomNetworks {
    static let ciNetworks = 60
    static let packetsPerNetwork = 100
    /// The first seed of the long run (`PATHPROOF_DIFFERENTIAL_FIRST_SEED`, to continue an earlier run), 1,000,000 by default.
    static var longRunFirstSeed: UInt64 {
        ProcessInfo.processInfo.environment["PATHPROOF_DIFFERENTIAL_FIRST_SEED"].flatMap { UInt64($0) } ?? 1_000_000
    }
    static var longRunCases: Int? { ProcessInfo.processInfo.environment["PATHPROOF_DIFFERENTIAL_CASES"].flatMap { Int($0) } }

    struct Figures: CustomStringConvertible {
        var networks = 0, compared = 0, delivered = 0
        mutating func add(_ other: Figures) {
            networks += other.networks; compared += other.compared; delivered += other.delivered
        }
        var description: String { "\(networks) networks, \(compared) packets compared (walker = SMT), \(delivered) delivered" }
    }

    /// Generates, loads and compares `networks` networks from consecutive seeds.
    static func run(networks: Int, firstSeed: UInt64) throws -> Figures {
        var figures = Figures()
        for seed in firstSeed..<firstSeed + UInt64(networks) {
            let snapshot = try TemporarySnapshot(files: files(seed: seed))
            let network: Network
            do {
                network = try snapshot.load().network
            } catch {
                Issue.record("seed \(seed): the generated snapshot does not load: \(error)")
                continue
            }
            let (agreed, delivered, _) = try AgreementTests.compare(network, count: packetsPerNetwork, seed: seed &* 7919)
            figures.networks += 1
            figures.compared += agreed
            figures.delivered += delivered
        }
        return figures
    }

    /// One random network as describe-* outputs, by file name.
    static func files(seed: UInt64) -> [String: String] {
        var random = SplitMix(state: seed)
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
        func pick<T>(_ items: [T]) -> T { items.randomElement(using: &random)! }

        let vpcCount = Int.random(in: 1...3, using: &random)
        var vpcs: [String] = [], subnets: [String] = [], gateways: [String] = [], tables: [String] = []
        var groups: [String] = [], acls: [String] = [], instances: [String] = [], peerings: [String] = []
        var subnetIDs: [[String]] = []
        var hasGateway: [Bool] = []
        for v in 0..<vpcCount {
            vpcs.append(#"{"VpcId": "vpc-\#(v)", "CidrBlock": "10.\#(v).0.0/16", "State": "available"}"#)
            let count = Int.random(in: 1...2, using: &random)
            subnetIDs.append((0..<count).map { "subnet-\(v)\($0)" })
            for s in 0..<count {
                subnets.append(#"{"SubnetId": "subnet-\#(v)\#(s)", "VpcId": "vpc-\#(v)", "CidrBlock": "10.\#(v).\#(s).0/24", "AvailabilityZone": "us-east-1a"}"#)
            }
            hasGateway.append(chance(0.7))
            if hasGateway[v] {
                let state = chance(0.9) ? "available" : "detached"
                gateways.append(#"{"InternetGatewayId": "igw-\#(v)", "Attachments": [{"State": "\#(state)", "VpcId": "vpc-\#(v)"}]}"#)
            }
        }
        var peered: (Int, Int)?
        if vpcCount >= 2, chance(0.7) {
            peered = (0, 1)
            let status = chance(0.8) ? "active" : "pending-acceptance"
            peerings.append("""
                {"VpcPeeringConnectionId": "pcx-01", "Status": {"Code": "\(status)"},
                 "RequesterVpcInfo": {"VpcId": "vpc-0", "CidrBlock": "10.0.0.0/16", "OwnerId": "111111111111", "Region": "us-east-1"},
                 "AccepterVpcInfo": {"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16", "OwnerId": "111111111111", "Region": "us-east-1"}}
                """)
        }
        let sources = ["0.0.0.0/0", "0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "10.0.0.0/24", "10.1.1.0/24", "203.0.113.0/24", "8.8.8.0/24"]
        func routes(_ v: Int) -> String {
            var list = [#"{"DestinationCidrBlock": "10.\#(v).0.0/16", "GatewayId": "local", "State": "active"}"#]
            if hasGateway[v], chance(0.75) {
                list.append(#"{"DestinationCidrBlock": "\#(pick(["0.0.0.0/0", "0.0.0.0/0", "8.0.0.0/7", "203.0.113.0/24"]))", "GatewayId": "igw-\#(v)", "State": "active"}"#)
            }
            if let (a, b) = peered, v == a || v == b, chance(0.8) {
                let other = v == a ? b : a
                let block = pick(["10.\(other).0.0/16", "10.\(other).0.0/24", "10.\(other).1.0/24"])
                list.append(#"{"DestinationCidrBlock": "\#(block)", "VpcPeeringConnectionId": "pcx-01", "State": "active"}"#)
            }
            return list.joined(separator: ", ")
        }
        for v in 0..<vpcCount {
            tables.append(#"{"RouteTableId": "rtb-\#(v)m", "VpcId": "vpc-\#(v)", "Associations": [{"Main": true}], "Routes": [\#(routes(v))]}"#)
            for subnet in subnetIDs[v] where chance(0.3) {
                tables.append(#"{"RouteTableId": "rtb-\#(subnet)", "VpcId": "vpc-\#(v)", "Associations": [{"Main": false, "SubnetId": "\#(subnet)"}], "Routes": [\#(routes(v))]}"#)
            }
        }
        func permission(groupIDs: [String]) -> String {
            let peer: String
            if !groupIDs.isEmpty, chance(0.2) {
                peer = #""UserIdGroupPairs": [{"GroupId": "\#(pick(groupIDs))"}]"#
            } else {
                peer = #""IpRanges": [{"CidrIp": "\#(pick(sources))"}]"#
            }
            switch Int.random(in: 0..<8, using: &random) {
            case 0, 6, 7: return #"{"IpProtocol": "-1", \#(peer)}"#
            case 1: return #"{"IpProtocol": "icmp", "FromPort": \#(pick([-1, 8, 0])), "ToPort": -1, \#(peer)}"#
            case 2: return #"{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, \#(peer)}"#
            default:
                let (from, to) = pick([(22, 22), (80, 80), (443, 443), (0, 65535), (1024, 65535), (80, 443)])
                return #"{"IpProtocol": "tcp", "FromPort": \#(from), "ToPort": \#(to), \#(peer)}"#
            }
        }
        var groupsOfVPC: [[String]] = []
        for v in 0..<vpcCount {
            let ids = (0..<Int.random(in: 1...2, using: &random)).map { "sg-\(v)\($0)" }
            groupsOfVPC.append(ids)
            for id in ids {
                let inbound = (0..<Int.random(in: 1...4, using: &random)).map { _ in permission(groupIDs: ids) }
                let outbound = chance(0.8) ? [#"{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}"#]
                    : (0..<Int.random(in: 0...2, using: &random)).map { _ in permission(groupIDs: ids) }
                groups.append(#"{"GroupId": "\#(id)", "GroupName": "\#(id)", "VpcId": "vpc-\#(v)", "IpPermissions": [\#(inbound.joined(separator: ", "))], "IpPermissionsEgress": [\#(outbound.joined(separator: ", "))]}"#)
            }
        }
        func entries() -> String {
            var list: [String] = []
            for egress in [false, true] {
                var numbers = Set<Int>()
                for _ in 0..<Int.random(in: 0...4, using: &random) {
                    let number = pick([50, 90, 100, 110, 120, 200])
                    guard numbers.insert(number).inserted else { continue }
                    let action = chance(0.65) ? "allow" : "deny"
                    let block = pick(sources)
                    var entry = #"{"RuleNumber": \#(number), "Egress": \#(egress), "RuleAction": "\#(action)", "CidrBlock": "\#(block)", "#
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: entry += #""Protocol": "-1"}"#
                    case 1: entry += #""Protocol": "1", "IcmpTypeCode": {"Type": \#(pick([-1, 8, 0])), "Code": -1}}"#
                    case 2: entry += #""Protocol": "17", "PortRange": {"From": 53, "To": 53}}"#
                    default:
                        let (from, to) = pick([(22, 22), (443, 443), (1024, 65535), (0, 65535), (80, 1023)])
                        entry += #""Protocol": "6", "PortRange": {"From": \#(from), "To": \#(to)}}"#
                    }
                    list.append(entry)
                }
                list.append(#"{"RuleNumber": 32767, "Egress": \#(egress), "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}"#)
            }
            return list.joined(separator: ", ")
        }
        let allowAll = [false, true].map { #"{"RuleNumber": 100, "Egress": \#($0), "RuleAction": "allow", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}, {"RuleNumber": 32767, "Egress": \#($0), "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"}"# }
            .joined(separator: ", ")
        for v in 0..<vpcCount {
            var custom: [String] = [], plain: [String] = []
            for subnet in subnetIDs[v] { if chance(0.3) { custom.append(subnet) } else { plain.append(subnet) } }
            let associations = { (ids: [String]) in ids.map { #"{"SubnetId": "\#($0)"}"# }.joined(separator: ", ") }
            acls.append(#"{"NetworkAclId": "acl-\#(v)d", "VpcId": "vpc-\#(v)", "IsDefault": true, "Associations": [\#(associations(plain))], "Entries": [\#(allowAll)]}"#)
            if !custom.isEmpty {
                acls.append(#"{"NetworkAclId": "acl-\#(v)c", "VpcId": "vpc-\#(v)", "IsDefault": false, "Associations": [\#(associations(custom))], "Entries": [\#(entries())]}"#)
            }
        }
        var eni = 0
        for v in 0..<vpcCount {
            for (s, subnet) in subnetIDs[v].enumerated() {
                for i in 0..<Int.random(in: 1...2, using: &random) {
                    eni += 1
                    let address = "10.\(v).\(s).\(10 + i)"
                    let publicAddress = chance(0.5) ? #", "Association": {"PublicIp": "54.\#(v).\#(s).\#(10 + i)"}"# : ""
                    let state = chance(0.9) ? "running" : "stopped"
                    let group = pick(groupsOfVPC[v])
                    instances.append("""
                        {"InstanceId": "i-\(eni)", "State": {"Name": "\(state)"}, "SubnetId": "\(subnet)", "VpcId": "vpc-\(v)",
                         "NetworkInterfaces": [{"NetworkInterfaceId": "eni-\(eni)", "SubnetId": "\(subnet)", "VpcId": "vpc-\(v)", "Status": "in-use",
                           "Attachment": {"DeviceIndex": 0, "Status": "attached"}, "Groups": [{"GroupId": "\(group)"}], "SourceDestCheck": true,
                           "PrivateIpAddresses": [{"PrivateIpAddress": "\(address)", "Primary": true\(publicAddress)}]}]}
                        """)
                }
            }
        }
        func list(_ key: String, _ items: [String]) -> String { "{\"\(key)\": [\n\(items.joined(separator: ",\n"))\n]}" }
        return [
            "describe-vpcs.json": list("Vpcs", vpcs),
            "describe-subnets.json": list("Subnets", subnets),
            "describe-internet-gateways.json": list("InternetGateways", gateways),
            "describe-vpc-peering-connections.json": list("VpcPeeringConnections", peerings),
            "describe-route-tables.json": list("RouteTables", tables),
            "describe-security-groups.json": list("SecurityGroups", groups),
            "describe-network-acls.json": list("NetworkAcls", acls),
            "describe-instances.json": "{\"Reservations\": [{\"Instances\": [\n\(instances.joined(separator: ",\n"))\n]}]}",
        ]
    }
}

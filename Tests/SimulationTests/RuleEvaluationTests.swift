import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// Network ACL rules as the walker reads them, on hand-written entries: stateless, the lowest-numbered matching
/// rule decides, a packet no rule matches is denied; inbound rules match the source, outbound the destination.
@Suite struct NetworkACLEvaluationTests {
    static let walker = PacketWalker(network: Network())

    static func entry(_ number: Int, _ direction: Direction, _ allows: Bool, _ ipProtocol: ProtocolSelector, _ cidr: String,
                      ports: PortRange? = nil, icmp: ICMPSelector = .any) -> NetworkACLEntry {
        NetworkACLEntry(ruleNumber: number, direction: direction, allows: allows, ipProtocol: ipProtocol, cidrBlock: prefix(cidr),
                        ports: ports, icmp: icmp)
    }

    static func tcp(_ source: String, _ destination: String, port: UInt16) -> Packet {
        Packet(source: address(source), destination: address(destination), ipProtocol: IPProtocolNumber.tcp, sourcePort: 40_000,
               destinationPort: port)
    }

    static func icmp(_ source: String, _ destination: String, type: UInt8) -> Packet {
        Packet(source: address(source), destination: address(destination), ipProtocol: IPProtocolNumber.icmp, icmpType: type)
    }

    /// The entries in the order AWS would never print them: evaluation goes by rule number.
    static let acl = NetworkACL(id: "acl-1", vpcID: "vpc-1", entries: [
        entry(32767, .inbound, false, .all, "0.0.0.0/0"),
        entry(100, .inbound, true, .all, "0.0.0.0/0"),
        entry(90, .inbound, false, .number(IPProtocolNumber.icmp), "10.1.0.10/32"),
        entry(80, .inbound, true, .number(IPProtocolNumber.tcp), "10.1.0.0/16", ports: PortRange(22, 22)),
        entry(100, .outbound, true, .number(IPProtocolNumber.tcp), "10.1.0.0/16", ports: PortRange(1024, 65535)),
        entry(110, .outbound, true, .number(IPProtocolNumber.icmp), "10.1.0.0/16", icmp: ICMPSelector(type: ICMPMessage.echoReply, code: nil)),
        entry(32767, .outbound, false, .all, "0.0.0.0/0"),
    ])

    @Test func theLowestNumberedMatchingRuleDecides() {
        let denied = Self.walker.networkACLDecision(Self.acl, .inbound, Self.icmp("10.1.0.10", "10.2.0.10", type: ICMPMessage.echoRequest))
        #expect(!denied.allowed && denied.detail.contains("rule 90 (deny icmp from 10.1.0.10/32)") && denied.detail.contains("denies ICMP"),
                "\(denied)")
        let neighbour = Self.walker.networkACLDecision(Self.acl, .inbound, Self.icmp("10.1.0.11", "10.2.0.10", type: ICMPMessage.echoRequest))
        #expect(neighbour.allowed && neighbour.detail == "acl-1 inbound rule 100 (allow all traffic from 0.0.0.0/0)", "\(neighbour)")
        // SSH from 10.1.0.10 is not ICMP: rule 80 admits it before rule 90 is looked at.
        let ssh = Self.walker.networkACLDecision(Self.acl, .inbound, Self.tcp("10.1.0.10", "10.2.0.10", port: 22))
        #expect(ssh.allowed && ssh.detail.contains("rule 80"), "\(ssh)")
    }

    @Test func portsAndICMPTypesNarrowARule() {
        // Outbound: answers to ephemeral ports and echo replies only.
        #expect(Self.walker.networkACLDecision(Self.acl, .outbound, Self.tcp("10.2.0.10", "10.1.0.10", port: 40_000)).allowed)
        let lowPort = Self.walker.networkACLDecision(Self.acl, .outbound, Self.tcp("10.2.0.10", "10.1.0.10", port: 443))
        #expect(!lowPort.allowed && lowPort.detail.contains("rule * (deny all traffic to 0.0.0.0/0)"), "\(lowPort)")
        #expect(Self.walker.networkACLDecision(Self.acl, .outbound, Self.icmp("10.2.0.10", "10.1.0.10", type: ICMPMessage.echoReply)).allowed)
        let request = Self.walker.networkACLDecision(Self.acl, .outbound, Self.icmp("10.2.0.10", "10.1.0.10", type: ICMPMessage.echoRequest))
        #expect(!request.allowed, "\(request)")
    }

    @Test func inboundMatchesTheSourceAndOutboundTheDestination() {
        let acl = NetworkACL(id: "acl-2", vpcID: "vpc-1", entries: [
            Self.entry(100, .inbound, true, .all, "10.1.0.0/16"), Self.entry(100, .outbound, true, .all, "10.1.0.0/16"),
        ])
        #expect(Self.walker.networkACLDecision(acl, .inbound, Self.tcp("10.1.0.10", "10.9.0.10", port: 22)).allowed)
        #expect(!Self.walker.networkACLDecision(acl, .inbound, Self.tcp("10.9.0.10", "10.1.0.10", port: 22)).allowed)
        #expect(Self.walker.networkACLDecision(acl, .outbound, Self.tcp("10.9.0.10", "10.1.0.10", port: 22)).allowed)
        #expect(!Self.walker.networkACLDecision(acl, .outbound, Self.tcp("10.1.0.10", "10.9.0.10", port: 22)).allowed)
    }

    @Test func aPacketNoRuleMatchesIsDenied() {
        let empty = NetworkACL(id: "acl-3", vpcID: "vpc-1")
        let decision = Self.walker.networkACLDecision(empty, .inbound, Self.tcp("10.1.0.10", "10.2.0.10", port: 22))
        #expect(!decision.allowed)
        #expect(decision.detail == "acl-3 inbound: no rule matches TCP port 22 from 10.1.0.10, so it is denied", "\(decision.detail)")
    }

    /// An IPv4 block matches no IPv6 packet, and the other way round: AWS's default ACLs carry a rule for each.
    @Test func eachFamilyHasItsOwnRules() {
        let ipv4Only = NetworkACL(id: "acl-4", vpcID: "vpc-1", entries: [
            Self.entry(100, .inbound, true, .all, "0.0.0.0/0"), Self.entry(32768, .inbound, false, .all, "::/0"),
        ])
        let v6 = Packet(source: address("2600:1f18::10"), destination: address("2600:1f18::20"), ipProtocol: IPProtocolNumber.icmpv6,
                        icmpType: ICMPMessage.echoRequestV6)
        let denied = Self.walker.networkACLDecision(ipv4Only, .inbound, v6)
        #expect(!denied.allowed && denied.detail.contains("rule * (deny all traffic from ::/0)"), "\(denied)")
        #expect(Self.walker.networkACLDecision(ipv4Only, .inbound, Self.tcp("10.1.0.10", "10.2.0.10", port: 22)).allowed)
        let ipv6Only = NetworkACL(id: "acl-5", vpcID: "vpc-1", entries: [Self.entry(101, .inbound, true, .all, "::/0")])
        #expect(Self.walker.networkACLDecision(ipv6Only, .inbound, v6).allowed)
        #expect(!Self.walker.networkACLDecision(ipv6Only, .inbound, Self.tcp("10.1.0.10", "10.2.0.10", port: 22)).allowed)
    }
}

/// Security group rules as the walker reads them, on hand-written groups: the union of every group's allow rules
/// on the interface, by protocol, ports, ICMP type and peer (a CIDR block, a prefix list, a referenced group).
@Suite struct SecurityGroupEvaluationTests {
    static func rule(_ ipProtocol: ProtocolSelector, _ peer: SecurityGroupRule.Peer, ports: PortRange? = nil,
                     icmp: ICMPSelector = .any) -> SecurityGroupRule {
        SecurityGroupRule(ipProtocol: ipProtocol, ports: ports, icmp: icmp, peer: peer)
    }

    static func interface(_ id: String, _ address: String, groups: [String]) -> NetworkInterface {
        NetworkInterface(id: id, subnetID: "subnet-1", vpcID: "vpc-1", securityGroupIDs: groups,
                         addresses: [.init(address: PathProofTestSupport.address(address), isPrimary: true)])
    }

    /// `eni-web` has two groups: `sg-web` (HTTPS from anywhere, SSH from the prefix list) and `sg-ping` (echo
    /// requests from members of `sg-admin`, which `eni-admin` has).
    static let network = Network(
        securityGroups: [
            SecurityGroup(id: "sg-web", name: "web", vpcID: "vpc-1",
                          inbound: [rule(.number(IPProtocolNumber.tcp), .cidr(prefix("0.0.0.0/0")), ports: PortRange(443, 443)),
                                    rule(.number(IPProtocolNumber.tcp), .prefixList("pl-office"), ports: PortRange(22, 22))],
                          outbound: [rule(.number(IPProtocolNumber.udp), .cidr(prefix("10.0.0.0/8")), ports: PortRange(53, 53))]),
            SecurityGroup(id: "sg-ping", name: "ping", vpcID: "vpc-1",
                          inbound: [rule(.number(IPProtocolNumber.icmp), .securityGroup("sg-admin", ownerID: nil),
                                         icmp: ICMPSelector(type: ICMPMessage.echoRequest, code: nil))]),
            SecurityGroup(id: "sg-admin", name: "admin", vpcID: "vpc-1", outbound: [rule(.all, .cidr(prefix("0.0.0.0/0")))]),
        ],
        networkInterfaces: [interface("eni-web", "10.1.0.10", groups: ["sg-web", "sg-ping"]),
                            interface("eni-admin", "10.1.0.20", groups: ["sg-admin"])],
        prefixLists: [PrefixList(id: "pl-office", name: "office", cidrBlocks: [prefix("198.51.100.0/24")])])

    static let walker = PacketWalker(network: network)

    static func decision(_ direction: Direction, _ packet: Packet, at interface: String = "eni-web") throws -> Decision {
        walker.securityGroupDecision(try #require(network.networkInterface(interface)), direction, packet)
    }

    static func tcp(_ source: String, _ destination: String, port: UInt16) -> Packet {
        Packet(source: address(source), destination: address(destination), ipProtocol: IPProtocolNumber.tcp, sourcePort: 40_000,
               destinationPort: port)
    }

    @Test func aRuleOfAnyGroupAdmits() throws {
        let https = try Self.decision(.inbound, Self.tcp("203.0.113.5", "10.1.0.10", port: 443))
        #expect(https.allowed && https.detail == "sg-web inbound rule allows tcp/443 from 0.0.0.0/0", "\(https)")
        let ping = try Self.decision(.inbound, Packet(source: address("10.1.0.20"), destination: address("10.1.0.10"),
                                                      ipProtocol: IPProtocolNumber.icmp, icmpType: ICMPMessage.echoRequest))
        #expect(ping.allowed && ping.detail.hasPrefix("sg-ping inbound rule allows"), "\(ping)")
    }

    @Test func nothingElseGetsIn() throws {
        let http = try Self.decision(.inbound, Self.tcp("203.0.113.5", "10.1.0.10", port: 80))
        #expect(!http.allowed && http.detail == "no rule allows TCP port 80 from 203.0.113.5", "\(http)")
        // The ICMP rule admits echo requests only, and only from members of sg-admin.
        let timestamp = try Self.decision(.inbound, Packet(source: address("10.1.0.20"), destination: address("10.1.0.10"),
                                                           ipProtocol: IPProtocolNumber.icmp, icmpType: ICMPMessage.timestampRequest))
        #expect(!timestamp.allowed, "\(timestamp)")
        let stranger = try Self.decision(.inbound, Packet(source: address("10.1.0.30"), destination: address("10.1.0.10"),
                                                          ipProtocol: IPProtocolNumber.icmp, icmpType: ICMPMessage.echoRequest))
        #expect(!stranger.allowed && stranger.detail.contains("ICMP echo-request from 10.1.0.30"), "\(stranger)")
    }

    @Test func aPrefixListPeerIsItsBlocks() throws {
        #expect(try Self.decision(.inbound, Self.tcp("198.51.100.7", "10.1.0.10", port: 22)).allowed)
        #expect(try !Self.decision(.inbound, Self.tcp("198.51.101.7", "10.1.0.10", port: 22)).allowed)
    }

    @Test func outboundRulesMatchTheDestination() throws {
        let dns = Packet(source: address("10.1.0.10"), destination: address("10.9.9.9"), ipProtocol: IPProtocolNumber.udp,
                         sourcePort: 40_000, destinationPort: 53)
        #expect(try Self.decision(.outbound, dns).allowed)
        var outside = dns
        outside.destination = address("8.8.8.8")
        #expect(try !Self.decision(.outbound, outside).allowed)
        // An interface whose groups allow all outbound traffic sends anything anywhere.
        #expect(try Self.decision(.outbound, Self.tcp("10.1.0.20", "8.8.8.8", port: 25), at: "eni-admin").allowed)
    }
}

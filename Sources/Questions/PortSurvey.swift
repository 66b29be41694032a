import Analysis
import NetworkModel

/// Every protocol and port on which traffic gets from some source to some destination, proved complete.
///
/// The destination port (and ICMP type, and protocol number) space is cut into atoms at every boundary any
/// security group or network ACL rule draws; inside an atom every rule answers the same, so one check per atom
/// decides the whole atom. The summary therefore lists exactly the reachable ports, not a sample.
public struct PortSurvey: Sendable, CustomStringConvertible {
    /// The family surveyed: its ICMP is ICMP or ICMPv6.
    public var family: AddressFamily = .ipv4
    public var tcp: [PortRange] = []
    public var udp: [PortRange] = []
    /// ICMP types that get through (echo is checked as a ping: request and reply).
    public var icmpTypes: [UInt8] = []
    /// ICMP types no rule names, all of them at once.
    public var otherICMPTypes = false
    /// The ICMP types checked one by one (echo and every type a rule names).
    public var checkedICMPTypes: [UInt8] = []
    public var protocols: [UInt8] = []
    /// Protocols no rule names, all of them at once.
    public var otherProtocols = false
    /// Atoms for which no verdict could be given, with the reason.
    public var unknown: [String] = []
    /// How many checks were solved.
    public var checks = 0

    public var isEmpty: Bool {
        tcp.isEmpty && udp.isEmpty && icmpTypes.isEmpty && !otherICMPTypes && protocols.isEmpty && !otherProtocols
    }

    /// "tcp 22, 443, 1024-65535; udp 53; icmp echo; protocol 47"
    public var description: String {
        var parts: [String] = []
        if !tcp.isEmpty { parts.append("tcp " + tcp.map(Self.describe).joined(separator: ", ")) }
        if !udp.isEmpty { parts.append("udp " + udp.map(Self.describe).joined(separator: ", ")) }
        let icmpProtocol = IPProtocolNumber.icmp(family)
        var icmp = icmpTypes.map { $0 == ICMPMessage.echoRequest(icmpProtocol) ? "echo" : "type \($0)" }
        // "other types": those no rule names (echo and the named types are listed on their own when they pass).
        if otherICMPTypes { icmp.append(checkedICMPTypes.isEmpty ? "all types" : "other types") }
        if !icmp.isEmpty { parts.append(IPProtocolNumber.name(icmpProtocol) + " " + icmp.joined(separator: ", ")) }
        if !protocols.isEmpty { parts.append(protocols.map { "protocol \($0)" }.joined(separator: ", ")) }
        if otherProtocols { parts.append(protocols.isEmpty ? "all other protocols" : "every other protocol") }
        if parts.isEmpty { parts.append("nothing") }
        if !unknown.isEmpty { parts.append("unknown: " + unknown.joined(separator: "; ")) }
        return parts.joined(separator: "; ")
    }

    static func describe(_ range: PortRange) -> String { range.isAll ? "all ports" : range.description }

    /// Surveys a session whose query allows any protocol.
    public static func survey(_ session: QuerySession, network: Network) throws -> PortSurvey {
        var survey = PortSurvey()
        survey.family = session.family
        let icmp = IPProtocolNumber.icmp(session.family)
        let echo = ICMPMessage.echoRequest(icmp)
        let rules = RuleBoundaries(network: network, icmpProtocol: icmp)
        for (n, keyPath) in [(IPProtocolNumber.tcp, \PortSurvey.tcp), (IPProtocolNumber.udp, \PortSurvey.udp)] {
            var open: [PortRange] = []
            for atom in rules.portAtoms(n) {
                survey.checks += 1
                switch try session.check(TrafficRestriction(ipProtocol: n, destinationPorts: atom)) {
                case .reachable: open.append(atom)
                case .unreachable: break
                case .unknown(let reason): survey.unknown.append("\(IPProtocolNumber.name(n)) \(atom): \(reason)")
                }
            }
            survey[keyPath: keyPath] = merge(open)
        }
        let types = rules.icmpTypes
        survey.checkedICMPTypes = types
        for type in types {
            survey.checks += 1
            // Echo is asked as a ping: request type 8 (ICMPv6: 128) code 0, and its reply.
            let restriction = TrafficRestriction(ipProtocol: icmp, icmpType: type, icmpCode: type == echo ? 0 : nil)
            switch try session.check(restriction) {
            case .reachable: survey.icmpTypes.append(type)
            case .unreachable: break
            case .unknown(let reason): survey.unknown.append("\(IPProtocolNumber.name(icmp)) type \(type): \(reason)")
            }
        }
        survey.checks += 1
        switch try session.check(TrafficRestriction(ipProtocol: icmp, excludedTypes: types)) {
        case .reachable: survey.otherICMPTypes = true
        case .unreachable: break
        case .unknown(let reason): survey.unknown.append("other \(IPProtocolNumber.name(icmp)) types: \(reason)")
        }
        let named = rules.otherProtocols
        for n in named {
            survey.checks += 1
            switch try session.check(TrafficRestriction(ipProtocol: n)) {
            case .reachable: survey.protocols.append(n)
            case .unreachable: break
            case .unknown(let reason): survey.unknown.append("protocol \(n): \(reason)")
            }
        }
        survey.checks += 1
        let excluded = [icmp, IPProtocolNumber.tcp, IPProtocolNumber.udp] + named
        switch try session.check(TrafficRestriction(excludedProtocols: excluded)) {
        case .reachable: survey.otherProtocols = true
        case .unreachable: break
        case .unknown(let reason): survey.unknown.append("other protocols: \(reason)")
        }
        return survey
    }

    static func merge(_ ranges: [PortRange]) -> [PortRange] {
        var merged: [PortRange] = []
        for range in ranges.sorted(by: { $0.lower < $1.lower }) {
            if let last = merged.last, UInt32(last.upper) + 1 >= UInt32(range.lower) {
                merged[merged.count - 1] = PortRange(last.lower, max(last.upper, range.upper))
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

/// The boundaries that security group and network ACL rules (and load balancer listeners) draw in port, ICMP type
/// and protocol space.
struct RuleBoundaries {
    private var ports: [UInt8: Set<UInt32>] = [:]
    private(set) var icmpTypes: [UInt8] = []
    private(set) var otherProtocols: [UInt8] = []

    /// `icmpProtocol` is the ICMP of the family surveyed (ICMP or ICMPv6): its types are cut; the other is a
    /// protocol like any.
    init(network: Network, icmpProtocol: UInt8 = IPProtocolNumber.icmp) {
        var types: Set<UInt8> = [ICMPMessage.echoRequest(icmpProtocol)]
        var protocols: Set<UInt8> = []
        func note(_ selector: ProtocolSelector, _ range: PortRange?, _ icmp: ICMPSelector) {
            guard case .number(let n) = selector else { return }
            if IPProtocolNumber.hasPorts(n), let range {
                ports[n, default: []].formUnion([UInt32(range.lower), UInt32(range.upper) + 1])
            } else if n == icmpProtocol {
                if let type = icmp.type { types.insert(type) }
            } else if !IPProtocolNumber.hasPorts(n) {
                protocols.insert(n)
            }
        }
        for group in network.securityGroups {
            for rule in group.inbound + group.outbound { note(rule.ipProtocol, rule.ports, rule.icmp) }
        }
        for acl in network.networkACLs {
            for entry in acl.entries { note(entry.ipProtocol, entry.ports, entry.icmp) }
        }
        // A load balancer's listener takes one port, and forwards it to another (`LoadBalancer.swift`).
        for loadBalancer in network.loadBalancers {
            for listener in loadBalancer.listeners {
                for n in [IPProtocolNumber.tcp, IPProtocolNumber.udp] where listener.carries(n) {
                    ports[n, default: []].formUnion([UInt32(listener.port), UInt32(listener.port) + 1])
                }
            }
        }
        icmpTypes = types.sorted()
        otherProtocols = protocols.sorted()
    }

    /// The destination-port atoms of a protocol: maximal ranges no rule boundary cuts.
    func portAtoms(_ n: UInt8) -> [PortRange] {
        let cuts = (ports[n] ?? []).union([0, 65536]).filter { $0 <= 65536 }.sorted()
        return zip(cuts, cuts.dropFirst()).map { PortRange(UInt16($0), UInt16($1 - 1)) }
    }
}

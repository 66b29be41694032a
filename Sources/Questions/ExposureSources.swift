import Analysis
import NetworkModel

/// Whom an exposed instance is open to: for each source block its security groups' inbound rules name (a CIDR of
/// the entry's family), the protocols and ports that block's rules open and on which a packet from the internet in
/// that block is proved to get to the instance (and back, unless one way). `tcp 22 from 0.0.0.0/0 (sg-0abc)`.
public struct ExposureSource: Sendable {
    public let block: IPPrefix
    /// The security groups whose rules name the block.
    public let securityGroups: [String]
    public let ports: PortSurvey
}

extension Exposure.Entry {
    /// The sources this entry is open to, in rule order; blocks that open nothing the survey proves are left out.
    public func sources(network: Network, engine: ReachabilityEngine, oneWay: Bool = false) throws -> [ExposureSource] {
        let interfaces = network.networkInterfaces(ofInstance: instanceID)
        var order: [IPPrefix] = []
        var rules: [IPPrefix: [SecurityGroupRule]] = [:]
        var groups: [IPPrefix: [String]] = [:]
        for interface in interfaces {
            for groupID in interface.securityGroupIDs {
                guard let group = network.securityGroup(groupID) else { continue }
                for rule in group.inbound {
                    guard case .cidr(let block) = rule.peer, block.family == family else { continue }
                    if rules[block] == nil { order.append(block) }
                    rules[block, default: []].append(rule)
                    if groups[block]?.contains(groupID) != true { groups[block, default: []].append(groupID) }
                }
            }
        }
        var sources: [ExposureSource] = []
        for block in order {
            let query = TrafficQuery(sources: [.internet(block)], destinations: interfaces.map { .publicAddressOf($0.id) },
                                     traffic: .anyProtocol, oneWay: oneWay, family: family)
            let survey = try PortSurvey.survey(engine.session(query), network: network)
            let opened = survey.restricted(to: rules[block] ?? [])
            guard !opened.isEmpty else { continue }
            sources.append(ExposureSource(block: block, securityGroups: groups[block] ?? [], ports: opened))
        }
        return sources
    }
}

extension PortSurvey {
    /// The part of the survey that `rules` open: TCP and UDP ranges cut to the rules' ranges, the ICMP types and
    /// protocols they name (a rule for every protocol keeps everything).
    func restricted(to rules: [SecurityGroupRule]) -> PortSurvey {
        if rules.contains(where: { $0.ipProtocol == .all }) { return self }
        var result = self
        func ranges(_ number: UInt8) -> [PortRange] {
            rules.compactMap { rule in rule.ipProtocol == .number(number) ? (rule.ports ?? .all) : nil }
        }
        func cut(_ open: [PortRange], _ allowed: [PortRange]) -> [PortRange] {
            var pieces: [PortRange] = []
            for range in open {
                for rule in allowed where rule.lower <= range.upper && range.lower <= rule.upper {
                    pieces.append(PortRange(max(range.lower, rule.lower), min(range.upper, rule.upper)))
                }
            }
            return Array(Set(pieces)).sorted { ($0.lower, $0.upper) < ($1.lower, $1.upper) }
        }
        result.tcp = cut(tcp, ranges(IPProtocolNumber.tcp))
        result.udp = cut(udp, ranges(IPProtocolNumber.udp))
        let icmp = IPProtocolNumber.icmp(family)
        let icmpRules = rules.filter { $0.ipProtocol == .number(icmp) }
        if !icmpRules.contains(where: { $0.icmp.type == nil }) {
            let types = Set(icmpRules.compactMap(\.icmp.type))
            result.icmpTypes = icmpTypes.filter(types.contains)
            result.otherICMPTypes = false
        }
        let numbers = Set(rules.compactMap { rule -> UInt8? in
            if case .number(let n) = rule.ipProtocol { return n }
            return nil
        })
        result.protocols = protocols.filter(numbers.contains)
        result.otherProtocols = false
        return result
    }
}

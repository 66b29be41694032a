import NetworkModel
import SMT

/// A packet header whose fields are SMT bit-vector terms. Its addresses are of one family, fixed per query.
struct SymbolicPacket {
    var family: AddressFamily
    var source: Term          // 32 or 128 bits
    var destination: Term     // 32 or 128 bits
    var ipProtocol: Term      // 8 bits
    var sourcePort: Term      // 16 bits
    var destinationPort: Term // 16 bits
    var icmpType: Term        // 8 bits
    var icmpCode: Term        // 8 bits

    static func fresh(_ context: SMTContext, _ prefix: String, family: AddressFamily) -> SymbolicPacket {
        SymbolicPacket(family: family,
                       source: context.bitVector("\(prefix)_src", width: family.bitWidth),
                       destination: context.bitVector("\(prefix)_dst", width: family.bitWidth),
                       ipProtocol: context.bitVector("\(prefix)_proto", width: 8),
                       sourcePort: context.bitVector("\(prefix)_sport", width: 16),
                       destinationPort: context.bitVector("\(prefix)_dport", width: 16),
                       icmpType: context.bitVector("\(prefix)_icmp_type", width: 8),
                       icmpCode: context.bitVector("\(prefix)_icmp_code", width: 8))
    }

    /// The concrete packet a model assigns.
    func packet(in model: Model) -> Packet? {
        guard let source = model.wideValue(source), let destination = model.wideValue(destination),
              let ipProtocol = model.value(ipProtocol), let sourcePort = model.value(sourcePort),
              let destinationPort = model.value(destinationPort), let icmpType = model.value(icmpType),
              let icmpCode = model.value(icmpCode) else { return nil }
        return Packet(source: IPAddress(family: family, value: source & family.maximum),
                      destination: IPAddress(family: family, value: destination & family.maximum),
                      ipProtocol: UInt8(truncatingIfNeeded: ipProtocol),
                      sourcePort: UInt16(truncatingIfNeeded: sourcePort), destinationPort: UInt16(truncatingIfNeeded: destinationPort),
                      icmpType: UInt8(truncatingIfNeeded: icmpType), icmpCode: UInt8(truncatingIfNeeded: icmpCode))
    }
}

/// Term builders over packet fields: the symbolic counterparts of the walker's matching.
///
/// Address terms are of the query's family; a block or address of the other family matches nothing (as
/// `IPPrefix.contains` in the walker).
struct PacketTerms {
    let context: SMTContext
    let family: AddressFamily

    /// The term of an address of the query's family (callers filter out the other family first).
    func constant(_ address: IPAddress) -> Term {
        precondition(address.family == family, "address \(address) is not \(family)")
        return context.bitVector(wide: address.value, width: family.bitWidth)
    }
    func protocolNumber(_ n: UInt8) -> Term { context.bitVector(UInt64(n), width: 8) }

    func isIn(_ address: Term, _ prefix: IPPrefix) -> Term {
        guard prefix.family == family else { return context.boolean(false) }
        return prefix.length == 0 ? context.boolean(true) : context.inRange(address, wide: prefix.first.value, prefix.last.value)
    }

    func isIn(_ address: Term, any prefixes: [IPPrefix]) -> Term {
        guard prefixes.count >= Self.compactionThreshold else { return context.or(prefixes.map { isIn(address, $0) }) }
        return isInRanges(address, prefixes.filter { $0.family == family }.map { ($0.first.value, $0.last.value) })
    }

    func isOneOf(_ address: Term, _ addresses: [IPAddress]) -> Term {
        let addresses = addresses.filter { $0.family == family }
        guard addresses.count >= Self.compactionThreshold else { return context.or(addresses.map { context.equal(address, constant($0)) }) }
        return isInRanges(address, addresses.map { ($0.value, $0.value) })
    }

    /// From this many blocks or addresses on (every VPC's blocks, every public address of a snapshot), a test of
    /// membership is written over the maximal ranges they cover, sorted and merged: the same set of addresses, in as
    /// many comparisons as there are separate ranges rather than one per address (blocks next to each other, as
    /// VPCs carved from one large block are, or public addresses from one pool, become one range). Smaller lists
    /// keep one comparison each.
    static let compactionThreshold = 16

    /// Whether `address` is in one of the closed ranges `ranges` (merged first).
    private func isInRanges(_ address: Term, _ ranges: [(UInt128, UInt128)]) -> Term {
        context.or(Self.merge(ranges, family: family).map { context.inRange(address, wide: $0.lower, $0.upper) })
    }

    /// Closed ranges of addresses of `family`, sorted and merged where they touch or overlap.
    static func merge(_ ranges: [(UInt128, UInt128)], family: AddressFamily) -> [(lower: UInt128, upper: UInt128)] {
        var merged: [(lower: UInt128, upper: UInt128)] = []
        for (lower, upper) in ranges.sorted(by: { $0.0 < $1.0 }) {
            if let last = merged.last, last.upper == family.maximum || lower <= last.upper + 1 {
                merged[merged.count - 1].upper = max(last.upper, upper)
            } else {
                merged.append((lower, upper))
            }
        }
        return merged
    }

    /// ICMP or ICMPv6: the protocols whose packets carry a type and code.
    func isICMP(_ ipProtocol: Term) -> Term {
        context.or([context.equal(ipProtocol, protocolNumber(IPProtocolNumber.icmp)),
                    context.equal(ipProtocol, protocolNumber(IPProtocolNumber.icmpv6))])
    }

    /// The packet's fields have the canonical form `Packet` gives them: no ports unless TCP/UDP, no ICMP type
    /// and code unless ICMP.
    func wellFormed(_ packet: SymbolicPacket) -> Term {
        let hasPorts = context.or([context.equal(packet.ipProtocol, protocolNumber(IPProtocolNumber.tcp)),
                                   context.equal(packet.ipProtocol, protocolNumber(IPProtocolNumber.udp))])
        let isICMP = isICMP(packet.ipProtocol)
        let zeroPorts = context.and([context.equal(packet.sourcePort, context.bitVector(0, width: 16)),
                                     context.equal(packet.destinationPort, context.bitVector(0, width: 16))])
        let zeroICMP = context.and([context.equal(packet.icmpType, context.bitVector(0, width: 8)),
                                    context.equal(packet.icmpCode, context.bitVector(0, width: 8))])
        return context.and([context.implies(context.not(hasPorts), zeroPorts), context.implies(context.not(isICMP), zeroICMP)])
    }

    /// The traffic a query asks about.
    func matches(_ packet: SymbolicPacket, _ traffic: TrafficSpec) -> Term {
        var parts = [wellFormed(packet)]
        if let n = traffic.ipProtocol {
            parts.append(context.equal(packet.ipProtocol, protocolNumber(n)))
            if IPProtocolNumber.hasPorts(n) {
                if let ports = traffic.destinationPorts {
                    parts.append(context.inRange(packet.destinationPort, UInt64(ports.lower), UInt64(ports.upper)))
                }
                parts.append(context.inRange(packet.sourcePort, UInt64(traffic.sourcePorts.lower), UInt64(traffic.sourcePorts.upper)))
            }
            if IPProtocolNumber.isICMP(n) {
                if let type = traffic.icmpType { parts.append(context.equal(packet.icmpType, protocolNumber(type))) }
                if let code = traffic.icmpCode { parts.append(context.equal(packet.icmpCode, protocolNumber(code))) }
            }
        } else {
            // Any protocol: a TCP/UDP client still uses an ephemeral source port.
            let hasPorts = context.or([context.equal(packet.ipProtocol, protocolNumber(IPProtocolNumber.tcp)),
                                       context.equal(packet.ipProtocol, protocolNumber(IPProtocolNumber.udp))])
            parts.append(context.implies(hasPorts, context.inRange(packet.sourcePort, UInt64(traffic.sourcePorts.lower),
                                                                   UInt64(traffic.sourcePorts.upper))))
        }
        return context.and(parts)
    }

    /// Whether the responder sends something back: anything but ICMP and ICMPv6 messages that get no reply.
    func expectsResponse(_ packet: SymbolicPacket) -> Term {
        let parts = [IPProtocolNumber.icmp, IPProtocolNumber.icmpv6].map { number -> Term in
            let queryTypes: [UInt8] = (0...255).compactMap { ICMPMessage.replyType(to: UInt8($0), ipProtocol: number) == nil ? nil : UInt8($0) }
            let isQuery = context.or(queryTypes.map { context.equal(packet.icmpType, protocolNumber($0)) })
            return context.implies(context.equal(packet.ipProtocol, protocolNumber(number)), isQuery)
        }
        return context.and(parts)
    }

    /// The response a receiver sends: addresses and ports swapped, the reply type for ICMP and ICMPv6 queries.
    func response(to packet: SymbolicPacket) -> SymbolicPacket {
        func replyType(_ number: UInt8) -> Term {
            var replyType = context.bitVector(0, width: 8)
            for type in (0...255).reversed() {
                guard let reply = ICMPMessage.replyType(to: UInt8(type), ipProtocol: number) else { continue }
                replyType = context.ite(context.equal(packet.icmpType, protocolNumber(UInt8(type))), protocolNumber(reply), replyType)
            }
            return replyType
        }
        let isICMP = context.equal(packet.ipProtocol, protocolNumber(IPProtocolNumber.icmp))
        let isICMPv6 = context.equal(packet.ipProtocol, protocolNumber(IPProtocolNumber.icmpv6))
        let replyType = context.ite(isICMP, replyType(IPProtocolNumber.icmp),
                                    context.ite(isICMPv6, replyType(IPProtocolNumber.icmpv6), context.bitVector(0, width: 8)))
        return SymbolicPacket(family: packet.family, source: packet.destination, destination: packet.source, ipProtocol: packet.ipProtocol,
                              sourcePort: packet.destinationPort, destinationPort: packet.sourcePort,
                              icmpType: replyType,
                              icmpCode: context.bitVector(0, width: 8))
    }

    /// Routable on the internet (not private, loopback, link-local, multicast, …).
    func isRoutable(_ address: Term) -> Term { context.not(isIn(address, any: InternetAddressSpace.nonRoutable)) }
}

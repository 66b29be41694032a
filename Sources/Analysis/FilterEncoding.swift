import NetworkModel
import SMT

/// Security groups, network ACLs and route tables as formulas over a symbolic packet.
///
/// Terms are cached by the element and the identity of the packet fields they read, so that a security group
/// shared by thousands of interfaces, or a route table used by many paths, is encoded once per packet.
final class FilterEncoding {
    let network: Network
    let terms: PacketTerms
    var context: SMTContext { terms.context }
    /// Cached terms, with the packet terms their keys identify (kept alive so that no identity is reused).
    private var cache: [String: (term: Term, keys: [Term])] = [:]
    /// Per transit gateway route table: the code of each attachment its routes name alone, and of each routing
    /// entry (`transitGatewayChoice`).
    var transitGatewayCodes: [String: (attachments: [String: UInt64], entries: [UInt64])] = [:]
    /// What the query's own ends say an address term can be (`PathEncoder.envelope(of:)`): a long table's routes to
    /// blocks the term can never be in are left out of its decision (`transitGatewayChoice`).
    var envelopeOf: (Term) -> AddressEnvelope? = { _ in nil }

    init(network: Network, terms: PacketTerms) {
        self.network = network
        self.terms = terms
    }

    func cached(_ element: String, _ keys: [Term], _ make: () -> Term) -> Term {
        let key = element + "|" + keys.map { String(UInt(bitPattern: ObjectIdentifier($0).hashValue)) }.joined(separator: ",")
        if let entry = cache[key] { return entry.term }
        let term = make()
        cache[key] = (term, keys)
        return term
    }

    /// The packet fields a filter reads (the keys of its cached terms).
    static func fields(_ packet: SymbolicPacket) -> [Term] {
        [packet.source, packet.destination, packet.ipProtocol, packet.destinationPort, packet.icmpType, packet.icmpCode]
    }

    func protocolParts(_ selector: ProtocolSelector, ports: PortRange?, icmp: ICMPSelector, _ packet: SymbolicPacket) -> [Term] {
        guard case .number(let n) = selector else { return [] }
        var parts = [context.equal(packet.ipProtocol, terms.protocolNumber(n))]
        if IPProtocolNumber.hasPorts(n), let ports, !ports.isAll {
            parts.append(context.inRange(packet.destinationPort, UInt64(ports.lower), UInt64(ports.upper)))
        }
        if IPProtocolNumber.isICMP(n) {
            if let type = icmp.type { parts.append(context.equal(packet.icmpType, terms.protocolNumber(type))) }
            if let code = icmp.code { parts.append(context.equal(packet.icmpCode, terms.protocolNumber(code))) }
        }
        return parts
    }
}

import NetworkModel
import SMT

/// What a query's own constraints say an address term of its packet can be, known before any encoding: one of a
/// few addresses (an interface's), or anything outside some blocks (an internet host is in no VPC's block). Every
/// candidate path and every unmodelled escape of an encoding conjoins the query's source and destination
/// constraints, so a step whose condition needs the address elsewhere can never hold: the encoder leaves out the
/// paths through it (a transit gateway route to a VPC the packet cannot be bound for) instead of encoding them.
enum AddressEnvelope {
    case addresses([IPAddress])
    case outside([IPPrefix])

    /// Whether some address of the envelope may be in `prefix` (false only when none can be).
    func mayMeet(_ prefix: IPPrefix) -> Bool {
        switch self {
        case .addresses(let addresses): addresses.contains { prefix.contains($0) }
        case .outside(let blocks): !blocks.contains { $0.contains(prefix) }
        }
    }

    /// The one address of `family` the envelope allows, if it allows exactly one.
    func onlyAddress(of family: AddressFamily) -> IPAddress? {
        guard case .addresses(let addresses) = self else { return nil }
        let own = Set(addresses.filter { $0.family == family })
        return own.count == 1 ? own.first : nil
    }

    /// The envelope of an address that is in one of `envelopes` (nil when one of them is unknown, or they differ in kind).
    static func union(_ envelopes: [AddressEnvelope?]) -> AddressEnvelope? {
        var addresses: [IPAddress] = []
        var outside: [IPPrefix]?
        for envelope in envelopes {
            switch envelope {
            case nil: return nil
            case .addresses(let more)?: addresses += more
            case .outside(let blocks)?:
                guard outside == nil || outside == blocks else { return nil }
                outside = blocks
            }
        }
        if let outside { return addresses.isEmpty ? .outside(outside) : nil }
        return .addresses(addresses)
    }
}

extension PathEncoder {
    /// The envelope of the packet's source address for a source endpoint (what `sourceConstraint` allows).
    func sourceEnvelope(_ endpoint: Endpoint) -> AddressEnvelope? {
        switch endpoint {
        case .interface(_, let addresses): .addresses(addresses)
        case .publicAddressOf(let id): .addresses(network.networkInterface(id)?.addresses.map(\.address) ?? [])
        case .internet: .outside(index.vpcBlocks)
        case .service: .addresses([])
        case .onPremises: nil
        }
    }

    /// The envelope of the packet's destination address for a destination endpoint (what `destinationConstraint` allows).
    func destinationEnvelope(_ endpoint: Endpoint) -> AddressEnvelope? {
        switch endpoint {
        case .interface(_, let addresses): .addresses(addresses)
        case .internet: .outside(index.vpcBlocks)
        case .publicAddressOf, .service, .onPremises: nil
        }
    }

    /// Records that every path of the encoding holds `term` within `envelope`.
    func constrain(_ term: Term, to envelope: AddressEnvelope?) {
        guard let envelope else { return }
        envelopes[ObjectIdentifier(term)] = (envelope, term)
    }

    /// The term of one address a translation writes into a packet (a NAT gateway's, an Elastic IP, a load balancer
    /// node's or target's), recorded as its own envelope.
    func translatedAddress(_ address: IPAddress) -> Term {
        let term = terms.constant(address)
        constrain(term, to: .addresses([address]))
        return term
    }

    /// The envelope recorded for an address term, if any.
    func envelope(of term: Term) -> AddressEnvelope? { envelopes[ObjectIdentifier(term)]?.envelope }

    /// The prefixes of a transit gateway route table's routes that name `attachmentID` alone (not a blackhole).
    /// Worked out once per network and table (`EncodingIndex`), kept by this encoder for the query.
    func transitGatewayPrefixes(_ table: TransitGatewayRouteTable, toAttachment attachmentID: String) -> [IPPrefix] {
        if let known = transitGatewayPrefixesByTable[table.id] { return known[attachmentID] ?? [] }
        let byAttachment = index.transitGatewayPrefixes(table)
        transitGatewayPrefixesByTable[table.id] = byAttachment
        return byAttachment[attachmentID] ?? []
    }
}

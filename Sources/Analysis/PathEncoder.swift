import NetworkModel
import Simulation
import SMT

/// Enumerates the candidate paths between two endpoints and encodes each as conditions on a symbolic packet.
///
/// It follows the same structure as the walker, over all packets at once: each AWS component's encoding lives in
/// the file of `Components/` named as the walker's file for it in `Simulation/Components/` (`NetworkInterface`,
/// `SecurityGroup`, `NetworkACL`, `RouteTable`, `VPCPeeringConnection`, `InternetGateway`,
/// `EgressOnlyInternetGateway`, `NATGateway`, `Appliance`, `GatewayEndpoint`, `VirtualPrivateGateway`,
/// `TransitGateway`, `LoadBalancer`); both address families go through the same files.
///
/// Where the configuration lacks something a path needs (a peering connection, a public address), the path is
/// still built with that condition false and owned by a checkpoint, so that the explanation can name it.
final class PathEncoder {
    let network: Network
    let terms: PacketTerms
    let filters: FilterEncoding
    /// Constraints every model must meet (the placeholder public addresses are internet addresses).
    var globalConstraints: [Term] = []
    /// Why some path cannot exist at all, whatever is changed (shown when no candidate path remains).
    var impossibilities: [String] = []
    var placeholders: [String: Term] = [:]
    /// Address envelopes of the query's packet terms (`AddressEnvelope`), with the terms they are about.
    var envelopes: [ObjectIdentifier: (envelope: AddressEnvelope, term: Term)] = [:]
    /// Per transit gateway route table, the prefixes that name each attachment alone (`transitGatewayPrefixes`).
    var transitGatewayPrefixesByTable: [String: [String: [IPPrefix]]] = [:]
    /// The interface the query being encoded is about (its destination), which a load balancer's empty target group
    /// could have registered (`Components/LoadBalancer.swift`); nil for any other destination.
    var loadBalancerQueryTarget: String?
    /// The attachments a transit gateway route table may send the packet to, by table, hop and destination term
    /// (`transitGatewayTargets`), with the term each is about.
    var transitGatewayTargetsByKey: [String: (targets: [String], term: Term)] = [:]
    /// Whether to build the paths that need something the configuration lacks (a peering connection, an
    /// internet gateway, a public address). They explain blockers; a verdict alone does not need them.
    let includesHypotheticalPaths: Bool
    var context: SMTContext { terms.context }

    /// What the encoder looks up over the whole network, kept by the engine across queries (`EncodingIndex`).
    let index: EncodingIndex

    init(network: Network, context: SMTContext, family: AddressFamily, includesHypotheticalPaths: Bool = true, index: EncodingIndex? = nil) {
        self.includesHypotheticalPaths = includesHypotheticalPaths
        self.network = network
        self.index = index ?? EncodingIndex(network: network)
        self.terms = PacketTerms(context: context, family: family)
        self.filters = FilterEncoding(network: network, terms: terms)
        filters.envelopeOf = { [weak self] term in self?.envelope(of: term) }
    }

    // MARK: Endpoints

    /// What the packet's source address may be for a source endpoint.
    func sourceConstraint(_ endpoint: Endpoint, _ packet: SymbolicPacket) -> Term {
        switch endpoint {
        case .interface(_, let addresses): terms.isOneOf(packet.source, addresses)
        case .publicAddressOf(let id): terms.isOneOf(packet.source, network.networkInterface(id)?.addresses.map(\.address) ?? [])
        case .internet(let prefix?): context.and([terms.isIn(packet.source, prefix), isInternetHost(packet.source)])
        case .internet(nil): isInternetHost(packet.source)
        case .service: context.boolean(false) // a service starts no connections
        case .onPremises(let prefix): prefix.map { terms.isIn(packet.source, $0) } ?? context.boolean(true)
        }
    }

    /// What the packet's destination address may be for a destination endpoint.
    func destinationConstraint(_ endpoint: Endpoint, _ packet: SymbolicPacket) -> Term {
        switch endpoint {
        case .interface(_, let addresses): terms.isOneOf(packet.destination, addresses)
        case .publicAddressOf: context.boolean(true) // the ingress step pins it to the interface's public addresses
        case .internet(let prefix?): context.and([terms.isIn(packet.destination, prefix), isInternetHost(packet.destination)])
        case .internet(nil): isInternetHost(packet.destination)
        case .service(let name): terms.isIn(packet.destination, any: network.serviceBlocks(name))
        case .onPremises(let prefix): prefix.map { terms.isIn(packet.destination, $0) } ?? context.boolean(true)
        }
    }

    func isInternetHost(_ address: Term) -> Term {
        // Built once per address term: it names every VPC block and every public address of the snapshot.
        if let known = internetHosts[ObjectIdentifier(address)] { return known.term }
        // The lists and their merged ranges come from the engine's index, made once per network.
        let term = context.and([terms.isRoutable(address),
                                context.not(terms.isIn(address, any: index.vpcBlocks, indexedAs: "vpc-blocks", in: index)),
                                context.not(terms.isOneOf(address, index.publicAddresses, indexedAs: "public-addresses", in: index))])
        internetHosts[ObjectIdentifier(address)] = (term, address)
        return term
    }

    /// `isInternetHost` terms by the address term they test (kept alive with it).
    private var internetHosts: [ObjectIdentifier: (term: Term, address: Term)] = [:]

    // MARK: Paths

    /// All candidate paths of a packet sent from `origin` toward `destination`. On the return leg, `state` is the
    /// forward path's (`returnPaths(from:_:to:after:)` gives the response's paths).
    func paths(from origin: Endpoint, _ packet: SymbolicPacket, to destination: Endpoint, leg: Leg,
               state: SymbolicState = SymbolicState()) -> [SymbolicPath] {
        switch origin {
        case .interface(let id, _), .publicAddressOf(let id):
            guard let interface = network.networkInterface(id) else { return [] }
            guard network.isTrafficEndpoint(interface) else {
                if leg == .forward { impossibilities.append(PacketWalker.startsNoConnectionsMessage(interface, in: network)) }
                return []
            }
            return fromInterface(interface, packet, to: destination, leg: leg, state: state)
        case .internet:
            return fromInternet(packet, to: destination, leg: leg, prefix: [], state: state)
        case .service(let name):
            return fromService(name, packet, to: destination, leg: leg, state: state)
        case .onPremises:
            return fromOnPremises(packet, to: destination, leg: leg, state: state)
        }
    }

    // MARK: Conditions

    func fact(_ term: Term, _ packet: SymbolicPacket) -> PathCondition {
        PathCondition(term: term, checkpoint: nil, role: .fact, packet: packet)
    }
}

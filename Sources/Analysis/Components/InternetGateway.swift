import NetworkModel
import Simulation
import SMT

/// An internet gateway over all packets, both address families, mirroring
/// `Simulation/Components/InternetGateway.swift` (its documentation states the rules).
extension PathEncoder {
    /// Out through an internet gateway (each the VPC has or its routes name; for explanations, one it lacks). IPv4:
    /// the gateway maps the private address of the interface the packet's source is (`hop.origin`) to its public
    /// address; IPv6: it carries the VPC's own addresses unchanged, and egress-only internet gateways carry them out
    /// too (`EgressOnlyInternetGateway.swift`).
    func internetPaths(_ table: RouteTable, subnet subnetID: String, vpc vpcID: String, _ packet: SymbolicPacket,
                       _ prefix: [PathCondition], _ hop: EdgeHop) -> [SymbolicPath] {
        let candidates = internetGatewayCandidates(table, vpc: vpcID)
        var result: [SymbolicPath] = []
        if terms.family == .ipv4, let appliance = hop.crossed.appliancesOnly.last {
            // After an appliance, a source without a public address leaves the answer open (the walker's
            // `applianceMayTranslate`): whether the appliance translates it, the snapshot does not say.
            let owned = hop.origin.flatMap { $0.vpcID == vpcID ? $0.addresses.filter { $0.publicAddress != nil }.map(\.address) : nil } ?? []
            for case let gatewayID? in candidates {
                var conditions = prefix
                conditions.append(route(table, packet, .internetGateway(gatewayID), hop.leg))
                conditions.append(fact(context.boolean(network.internetGateway(gatewayID)?.attachment(to: vpcID)?.isAttached ?? false), packet))
                conditions.append(fact(terms.isRoutable(packet.destination), packet))
                conditions.append(fact(context.not(terms.isOneOf(packet.source, owned)), packet))
                result.append(SymbolicPath(conditions: conditions, packet: packet, leg: hop.leg, state: hop.state,
                                           unsupported: "\(appliance) forwards the packet to \(gatewayID) from an address without a public address: whether the appliance translates it (as a NAT instance does) the snapshot does not say"))
            }
        }
        guard hop.leg == .return || needsInternet(hop.destination) else { return result }
        for gatewayID in candidates {
            let exit = prefix + internetGatewayConditions(table, gatewayID, vpc: vpcID, packet, hop.leg) + [fact(terms.isRoutable(packet.destination), packet)]
            switch terms.family {
            case .ipv4:
                guard let owner = hop.origin, owner.vpcID == vpcID else { continue }
                for address in owner.addresses where address.address.family == .ipv4 && ((includesHypotheticalPaths && hop.crossed.appliancesOnly.isEmpty) || address.publicAddress != nil) {
                    var conditions = exit
                    let (publicAddress, translation) = publicSource(owner, address, packet)
                    conditions += translation
                    conditions += acl(subnetID, .outbound, packet, hop.leg)
                    var translated = packet
                    translated.source = publicAddress
                    result += fromInternet(translated, to: hop.destination, leg: hop.leg, prefix: conditions, state: hop.state)
                }
            case .ipv6:
                var conditions = exit
                conditions.append(fact(terms.isIn(packet.source, any: network.vpc(vpcID)?.cidrBlocks ?? []), packet))
                conditions += acl(subnetID, .outbound, packet, hop.leg)
                result += fromInternet(packet, to: hop.destination, leg: hop.leg, prefix: conditions, state: hop.state)
            }
        }
        if terms.family == .ipv6 { result += egressOnlyPaths(table, subnet: subnetID, vpc: vpcID, packet, prefix, hop) }
        return result
    }

    /// A packet on the internet: delivered to an internet host, or in through an internet gateway (IPv4: at a
    /// public address, mapped to the private one; IPv6: at the interface's own address).
    func fromInternet(_ packet: SymbolicPacket, to destination: Endpoint, leg: Leg, prefix: [PathCondition],
                      state: SymbolicState = SymbolicState()) -> [SymbolicPath] {
        switch destination {
        case .service, .onPremises:
            return []
        case .internet:
            var conditions = prefix
            conditions.append(fact(isInternetHost(packet.destination), packet))
            return [SymbolicPath(conditions: conditions, packet: packet, end: .delivered(.internet), leg: leg, state: state)]
        case .interface(let id, _), .publicAddressOf(let id):
            guard let receiver = network.networkInterface(id) else { return [] }
            guard terms.family == .ipv6 else {
                // An internal load balancer's node gets no public address: no change of an address reaches it.
                let internalNode = network.loadBalancer(ofInterface: receiver).map { $0.scheme != .internetFacing } ?? false
                if internalNode, let loadBalancer = network.loadBalancer(ofInterface: receiver) {
                    impossibilities.append("load balancer \(loadBalancer.name) is \(loadBalancer.scheme): only an internet-facing load balancer is reached from the internet")
                }
                return receiver.addresses.filter { $0.address.family == .ipv4 && ((includesHypotheticalPaths && !internalNode) || $0.publicAddress != nil) }.flatMap { address -> [SymbolicPath] in
                    var conditions = prefix
                    if let publicAddress = address.publicAddress {
                        conditions.append(fact(context.equal(packet.destination, terms.constant(publicAddress)), packet))
                    } else {
                        conditions.append(fact(context.equal(packet.destination, placeholderPublicAddress(receiver, address.address)), packet))
                        conditions.append(PathCondition(term: context.boolean(false), checkpoint: .publicAddress(interface: receiver.id, address.address),
                                                        role: .publicAddress(receiver, address.address, ingress: true), packet: packet))
                    }
                    let gateway = ingressGateway(of: receiver.vpcID)
                    conditions.append(ingressGatewayCondition(gateway, vpc: receiver.vpcID, packet))
                    var translated = packet
                    translated.destination = translatedAddress(address.address)
                    return enter(translated, by: gateway, to: receiver, at: address.address, leg: leg, conditions, state: state)
                }
            }
            var conditions = prefix
            conditions.append(fact(terms.isOneOf(packet.destination, receiver.addresses(.ipv6)), packet))
            if let response = responseByEgressOnlyGateway(packet, to: receiver, leg: leg, conditions, state: state) { return response }
            let gateway = ingressGateway(of: receiver.vpcID)
            conditions.append(ingressGatewayCondition(gateway, vpc: receiver.vpcID, packet))
            return enter(packet, by: gateway, to: receiver, at: nil, leg: leg, conditions, state: state)
        }
    }

    /// The internet gateway traffic from the internet comes into `vpcID` by: an attached one, else any (for the
    /// explanation), nil when the VPC has none.
    func ingressGateway(of vpcID: String) -> InternetGateway? {
        let gateways = network.internetGatewaysForIngress(of: vpcID)
        return gateways.first { $0.attachment(to: vpcID)?.isAttached == true } ?? gateways.first
    }

    /// Coming in by `gateway`: it must be attached (or, when there is none, the VPC lacks one).
    func ingressGatewayCondition(_ gateway: InternetGateway?, vpc vpcID: String, _ packet: SymbolicPacket) -> PathCondition {
        guard let gateway else {
            return PathCondition(term: context.boolean(false), checkpoint: .gatewayMissing(vpc: vpcID), role: .missingGateway(vpc: vpcID), packet: packet)
        }
        let attached = gateway.attachment(to: vpcID)?.isAttached ?? false
        return PathCondition(term: context.boolean(attached), checkpoint: .gatewayAttached(gateway.id, vpc: vpcID),
                             role: .gatewayAttachment(gateway.id, vpc: vpcID), packet: packet)
    }

    /// In by `gateway` to `receiver` (at `address`; nil: any of its addresses): routed by the gateway's edge route
    /// table if it has one, else through the receiver's network ACL to it.
    func enter(_ packet: SymbolicPacket, by gateway: InternetGateway?, to receiver: NetworkInterface, at address: IPAddress?, leg: Leg,
               _ conditions: [PathCondition], state: SymbolicState) -> [SymbolicPath] {
        if let gateway, let table = network.edgeRouteTable(ofGateway: gateway.id, vpc: receiver.vpcID) {
            return ingressPaths(through: gateway.id, table: table, packet, to: receiver, at: address, leg: leg, conditions, state: state)
        }
        let inbound = conditions + acl(receiver.subnetID, .inbound, packet, leg)
        if leg == .forward, let loadBalancer = network.loadBalancer(ofInterface: receiver) {
            // An internet-facing load balancer's node, reached at its public address (`LoadBalancer.swift`).
            let hop = EdgeHop(destination: .interface(receiver.id, addresses: receiver.addresses.map(\.address)), leg: leg, state: state, origin: nil)
            return loadBalancerPaths(loadBalancer, node: receiver, packet, inbound, hop)
        }
        return [deliver(packet, to: receiver, leg: leg, inbound, state: state)]
    }

    /// The internet gateways a packet routed by `table` may leave `vpcID` by: the VPC's and those its routes name;
    /// for explanations, one it lacks (nil) when there is none.
    func internetGatewayCandidates(_ table: RouteTable, vpc vpcID: String) -> [String?] {
        var gatewayIDs = network.internetGateways(of: vpcID).map(\.id)
        for route in table.routes { if case .internetGateway(let id) = route.target, !gatewayIDs.contains(id) { gatewayIDs.append(id) } }
        return gatewayIDs.isEmpty ? (includesHypotheticalPaths ? [nil] : []) : gatewayIDs
    }

    /// Leaving by internet gateway `gatewayID` (nil: one the VPC lacks): the route to it and its attachment.
    func internetGatewayConditions(_ table: RouteTable, _ gatewayID: String?, vpc vpcID: String, _ packet: SymbolicPacket,
                                   _ leg: Leg) -> [PathCondition] {
        guard let gatewayID else {
            return [route(table, packet, .newInternetGateway, leg),
                    PathCondition(term: context.boolean(false), checkpoint: .gatewayMissing(vpc: vpcID), role: .missingGateway(vpc: vpcID), packet: packet)]
        }
        let attached = network.internetGateway(gatewayID)?.attachment(to: vpcID)?.isAttached ?? false
        return [route(table, packet, .internetGateway(gatewayID), leg),
                PathCondition(term: context.boolean(attached), checkpoint: .gatewayAttached(gatewayID, vpc: vpcID),
                              role: .gatewayAttachment(gatewayID, vpc: vpcID), packet: packet)]
    }

    /// Leaving through an internet gateway from `address` of `owner`: the public address the gateway maps it to
    /// (a stand-in when it has none), and the conditions: the packet's source is that address, and (owned by the
    /// public-address checkpoint) it has a public address.
    func publicSource(_ owner: NetworkInterface, _ address: NetworkInterface.InterfaceAddress,
                      _ packet: SymbolicPacket) -> (Term, [PathCondition]) {
        var conditions = [fact(context.equal(packet.source, terms.constant(address.address)), packet)]
        if let known = address.publicAddress { return (translatedAddress(known), conditions) }
        conditions.append(PathCondition(term: context.boolean(false), checkpoint: .publicAddress(interface: owner.id, address.address),
                                        role: .publicAddress(owner, address.address, ingress: false), packet: packet))
        return (placeholderPublicAddress(owner, address.address), conditions)
    }

    /// A stand-in for the public address a private address lacks: some internet address.
    func placeholderPublicAddress(_ interface: NetworkInterface, _ address: IPAddress) -> Term {
        let key = "\(interface.id)_\(address)"
        if let term = placeholders[key] { return term }
        let term = context.bitVector("public_address_of_\(key)", width: 32)
        placeholders[key] = term
        globalConstraints.append(isInternetHost(term))
        return term
    }

    func needsInternet(_ destination: Endpoint) -> Bool {
        switch destination {
        case .internet, .publicAddressOf: return true
        case .service, .onPremises: return false
        case .interface(let id, let addresses):
            guard let interface = network.networkInterface(id) else { return false }
            // IPv6 addresses are global: any interface may be reached over the internet too.
            if terms.family == .ipv6 { return !interface.addresses(.ipv6).isEmpty }
            return addresses.contains { address in interface.addresses.contains { $0.publicAddress == address } }
        }
    }
}

// MARK: Blockers

extension BlockerExplanation {
    /// Why an internet gateway carries nothing of a VPC: it is not attached to it.
    func explainGatewayAttachment(_ gateway: String, vpc: String) -> (String, BlockerCode, String) {
        let attachment = network.internetGateway(gateway)?.attachment(to: vpc) ?? network.egressOnlyInternetGateway(gateway)?.attachment(to: vpc)
        let state = attachment.map { "\($0.state)" } ?? "detached"
        return (gateway, .badStateAttachment, PacketWalker.detachedGatewayMessage(gateway, named: network.nameSuffix(gateway), vpc: vpc, state: state))
    }

    /// Why a VPC exchanges nothing with the internet: it has no internet gateway.
    func explainMissingGateway(vpc: String, _ packet: Packet) -> (String, BlockerCode, String) {
        if packet.family == .ipv6, network.vpc(vpc)?.contains(packet.destination) == true {
            return (vpc, .noInternetGateway, walker.noInternetGatewayMessage(vpc: vpc, destination: packet.destination))
        }
        return (vpc, .noInternetGateway, "\(network.describeVPC(vpc)) has no internet gateway, so it exchanges no traffic with the internet")
    }

    /// Why an interface's address is not reachable from, or cannot reach, the internet: it has no public address.
    func explainPublicAddress(_ interface: NetworkInterface, _ address: IPAddress, ingress: Bool) -> (String, BlockerCode, String) {
        let owner = interface.instanceID.map { " (\($0)\(network.nameSuffix($0)))" } ?? ""
        if ingress {
            return (interface.id, .internetGatewayNeedsPrivateAddressForIngress,
                    "\(interface.id)\(owner) has no public IPv4 address for \(address) (neither an auto-assigned public IP nor an Elastic IP), so nothing on the internet can address it")
        }
        return (interface.id, .internetGatewayNeedsPublicAddressForEgress,
                "\(interface.id)\(owner) has no public IPv4 address for \(address) (neither an auto-assigned public IP nor an Elastic IP), so its traffic cannot use the internet gateway")
    }
}

// MARK: Fixes

extension FixDerivation {
    /// An internet gateway attached to the VPC (attach-internet-gateway).
    func gatewayAttachmentChange(_ gateway: String, vpc: String, checkpoint: Checkpoint) -> FixChange {
        return FixChange(kind: .gatewayAttachment, checkpoint: checkpoint, component: gateway, leg: nil,
                         summary: "attach internet gateway \(gateway)\(network.nameSuffix(gateway)) to \(network.describeVPC(vpc))",
                         actions: [.attachInternetGateway(id: gateway, vpc: vpc)])
    }

    /// A new internet gateway, created and attached.
    mutating func missingGatewayChange(vpc: String, checkpoint: Checkpoint) -> FixChange {
        let id = newGatewayID(vpc)
        return FixChange(kind: .newGateway, checkpoint: checkpoint, component: id, leg: nil,
                         summary: "create an internet gateway (\(id)) and attach it to \(network.describeVPC(vpc))",
                         actions: [.createInternetGateway(id: id), .attachInternetGateway(id: id, vpc: vpc)])
    }

    /// A new Elastic IP associated with the private address (allocate-address, associate-address).
    mutating func publicAddressChange(_ interface: NetworkInterface, _ address: IPAddress, checkpoint: Checkpoint) -> FixChange {
        let allocation = synthetic("eipalloc", taken: Set(network.networkInterfaces.flatMap { $0.addresses.compactMap(\.elasticIPAllocationID) }))
        let publicAddress = newPublicAddress()
        let owner = interface.instanceID.map { " (\($0)\(network.nameSuffix($0)))" } ?? ""
        return FixChange(kind: .publicAddress, checkpoint: checkpoint, component: interface.id, leg: nil,
                         summary: "allocate an Elastic IP (\(allocation), \(publicAddress) here) and associate it with \(address) of \(interface.id)\(owner)",
                         actions: [.allocateAddress(allocationID: allocation, publicAddress: publicAddress),
                                   .associateAddress(allocationID: allocation, interface: interface.id, privateAddress: address)])
    }

    mutating func newGatewayID(_ vpc: String) -> String {
        if let id = newGateways[vpc] { return id }
        let id = synthetic("igw", taken: Set(network.internetGateways.map(\.id)))
        newGateways[vpc] = id
        return id
    }

    /// A stand-in for the address `allocate-address` returns: the first free one of 198.51.100.0/24 (TEST-NET-2).
    mutating func newPublicAddress() -> IPAddress {
        let base = IPAddress("198.51.100.0")!.ipv4Value!
        for n in UInt32(1)...254 {
            let address = IPAddress(base + n)
            if network.networkInterface(publicAddress: address) == nil, publicAddresses.insert(address).inserted { return address }
        }
        return IPAddress(base + 255)
    }
}

// MARK: Proof claims

extension ClaimBuilder {
    /// The claim that an internet gateway is attached to the VPC.
    func claimGatewayAttachment(_ gateway: String, vpc: String) -> ([String], String, String) {
        let attached = network.internetGateway(gateway)?.attachment(to: vpc)?.isAttached ?? false
        return ([gateway], "attached", "internet gateway \(gateway)\(network.nameSuffix(gateway)) is attached to \(vpc)\(attached ? "" : "; it is not, so this is false")")
    }

    /// The claim that a VPC has an internet gateway (it has none).
    func claimMissingGateway(vpc: String) -> ([String], String, String) {
        return ([vpc], "igw", "\(vpc)\(network.nameSuffix(vpc)) has an internet gateway; it has none, so this is false")
    }

    /// The claim that an address has a public address (it has none).
    func claimPublicAddress(_ interface: NetworkInterface, _ address: IPAddress, ingress: Bool) -> ([String], String, String) {
        let use = ingress ? "to be reached from the internet" : "to use the internet gateway"
        return ([interface.id], "public address of \(address)",
                "\(address) of \(interface.id)\(owner(interface)) has a public address \(use); it has none, so this is false")
    }
}

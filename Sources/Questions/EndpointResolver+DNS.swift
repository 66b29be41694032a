import Analysis
import NetworkModel

/// How a DNS name given as a query's destination resolved, and why: the name decides the path.
public struct DNSResolution: Sendable, Equatable {
    /// The name as the user gave it.
    public let name: String
    public let kind: DNSHostname.Kind
    /// The address it resolved to, and the interface that has it.
    public let address: IPAddress
    public let interfaceID: String
    /// Whether `address` is the private address (else the public one).
    public let isPrivate: Bool
    /// Why it resolved so, in one sentence.
    public let reason: String
    /// Values the resolution rests on that the snapshot does not hold (AWS's defaults), said as assumptions.
    public let assumptions: [String]
    /// When the name resolved to the public address only because a peering connection's side does not allow DNS
    /// resolution from the remote VPC: the option to turn on, and the private address it would then resolve to.
    public let peeringOption: PeeringDNSOption?
}

/// A peering connection side's `AllowDnsResolutionFromRemoteVpc`, off where turning it on would resolve a public DNS
/// name to its private address.
public struct PeeringDNSOption: Sendable, Equatable {
    public let peeringID: String
    public let side: VPCPeeringConnection.SideName
    /// The VPC of that side (the named instance's).
    public let vpcID: String
    public let privateAddress: IPAddress

    /// The AWS call that turns it on.
    public var action: FixAction { .modifyPeeringDNSResolution(id: peeringID, side: side, allow: true) }
}

extension EndpointResolver {
    /// Whether the text looks like a DNS name AWS gives instances (`….internal`, `….amazonaws.com`).
    static func looksLikeAWSHostname(_ text: String) -> Bool {
        let name = DNSHostname.normalized(text)
        return name.contains(".") && (name.hasSuffix(".internal") || name.hasSuffix(".amazonaws.com"))
    }

    /// A DNS name as a query's source: the host that has it, at the private address the name belongs to.
    func hostnameEndpoint(_ hostname: DNSHostname, text: String) throws -> ResolvedEndpoint {
        let interface = try interface(of: hostname, text: text)
        return ResolvedEndpoint(text: text, kind: .privateAddress(interface.id, hostname.privateAddress),
                                label: "\(text) (\(hostname.privateAddress), \(label(interface)))")
    }

    private func interface(of hostname: DNSHostname, text: String) throws -> NetworkInterface {
        guard let interface = network.networkInterface(privateAddress: hostname.privateAddress) else {
            throw QueryError("the DNS name \(text) belongs to \(hostname.privateAddress), which no network interface of the snapshot has")
        }
        return interface
    }

    /// A query's destination, resolved as seen from its source: a DNS name resolves as AWS resolves it for that
    /// asker (`resolveHostname`); anything else as `resolve(_:)` does.
    public func resolveDestination(_ text: String, from source: ResolvedEndpoint) throws -> ResolvedEndpoint {
        guard let hostname = network.dnsHostname(text) else { return try resolve(text) }
        let interface = try interface(of: hostname, text: text)
        let resolution = try resolveHostname(hostname, text: text, of: interface, from: source)
        let kind: ResolvedEndpoint.Kind = resolution.isPrivate ? .privateAddress(interface.id, resolution.address)
                                                               : .publicAddress(interface.id, resolution.address)
        let which = resolution.isPrivate ? "" : "public address of "
        var endpoint = ResolvedEndpoint(text: text, kind: kind, label: "\(text) → \(resolution.address) (\(which)\(label(interface)))")
        endpoint.dns = resolution
        return endpoint
    }

    /// The same destination resolved to the private address its peering option would give.
    public func privateResolution(of endpoint: ResolvedEndpoint) -> ResolvedEndpoint? {
        guard let resolution = endpoint.dns, let option = resolution.peeringOption,
              let interface = network.networkInterface(resolution.interfaceID) else { return nil }
        return ResolvedEndpoint(text: endpoint.text, kind: .privateAddress(interface.id, option.privateAddress),
                                label: "\(endpoint.text) → \(option.privateAddress) (\(label(interface)))")
    }

    /// How AWS resolves `hostname` for the source: from outside AWS, a public name is its public address (a private
    /// name resolves nowhere outside). From inside a VPC whose `enableDnsSupport` is on, the Amazon DNS server answers
    /// a private name with its private address, and a public name with its private address when the asker is in the
    /// named instance's VPC, or in a VPC peered with it by an active connection whose side of that VPC allows DNS
    /// resolution from the remote VPC (both VPCs with DNS support and hostnames on); otherwise with the public address.
    func resolveHostname(_ hostname: DNSHostname, text: String, of interface: NetworkInterface,
                         from source: ResolvedEndpoint) throws -> DNSResolution {
        var assumptions: [String] = []
        func take(_ attribute: DNSAttributeValue, _ name: String, _ vpcID: String) -> Bool {
            switch attribute.source {
            case .snapshot: break
            case .inferred:
                assumptions.append("\(name) of \(vpcID) taken as on: an instance there has a public DNS hostname, which AWS gives only then")
            case .awsDefault:
                assumptions.append("\(name) of \(vpcID) assumed \(attribute.value ? "on" : "off") (AWS's default; the snapshot holds no describe-vpc-attribute output for it)")
            }
            return attribute.value
        }
        let target = interface.vpcID
        func result(_ isPrivate: Bool, _ reason: String, option: PeeringDNSOption? = nil) throws -> DNSResolution {
            let address = isPrivate ? hostname.privateAddress : hostname.publicAddress
            guard let address else { throw QueryError("the DNS name \(text) has no public address in the snapshot") }
            return DNSResolution(name: text, kind: hostname.kind, address: address, interfaceID: interface.id, isPrivate: isPrivate,
                                 reason: reason, assumptions: assumptions, peeringOption: option)
        }
        let askers = askerVPCs(source)
        guard let asker = askers.first else {
            guard hostname.kind == .publicHostname else {
                throw QueryError("\(text) is a private DNS name: only the Amazon DNS server inside a VPC resolves it, not \(source.label)")
            }
            return try result(false, "from outside AWS, public DNS answers an instance's public DNS name with its public address")
        }
        guard askers.count == 1 else {
            throw QueryError("\(source.label) is in several VPCs (\(askers.joined(separator: ", "))), where \(text) may resolve differently; ask from one")
        }
        guard take(network.dnsSupport(of: asker), "enableDnsSupport", asker) else {
            guard hostname.kind == .publicHostname else {
                throw QueryError("\(text) is a private DNS name, and \(asker) has DNS support off (enableDnsSupport): nothing there resolves it")
            }
            return try result(false, "\(asker) has DNS support off (enableDnsSupport), so the Amazon DNS server does not answer, and public DNS gives the public address")
        }
        if hostname.kind == .privateHostname {
            return try result(true, "the Amazon DNS server answers a private DNS name with its private address")
        }
        if asker == target {
            return try result(true, "asked from inside its own VPC \(target), the Amazon DNS server answers an instance's public DNS name with its private address")
        }
        guard let peering = network.activePeering(between: asker, and: target), let sideName = peering.sideName(of: target) else {
            return try result(false, "\(asker) has no active peering connection with \(target), so the Amazon DNS server answers with the public address")
        }
        let option = peering.side(sideName).allowDnsResolutionFromRemoteVpc
        if option == nil {
            assumptions.append("AllowDnsResolutionFromRemoteVpc of \(peering.id)'s \(sideName) side assumed off (AWS's default; the output has no PeeringOptions)")
        }
        var missing: [String] = []
        if !take(network.dnsSupport(of: target), "enableDnsSupport", target) { missing.append("\(target) has DNS support off") }
        for vpc in [asker, target] where !take(network.dnsHostnamesEnabled(of: vpc), "enableDnsHostnames", vpc) {
            missing.append("\(vpc) has DNS hostnames off")
        }
        let allowed = option ?? false
        if allowed && missing.isEmpty {
            return try result(true, "\(peering.id) allows DNS resolution from the remote VPC on its \(sideName) side (\(target)), so asked from the peered \(asker) the name resolves to its private address")
        }
        var why: [String] = []
        if !allowed { why.append("\(peering.id) does not allow DNS resolution from the remote VPC on its \(sideName) side (\(target): AllowDnsResolutionFromRemoteVpc off)") }
        why += missing
        let offer = missing.isEmpty
            ? PeeringDNSOption(peeringID: peering.id, side: sideName, vpcID: target, privateAddress: hostname.privateAddress) : nil
        return try result(false, "asked from the peered \(asker), the name resolves to its public address: " + why.joined(separator: "; "), option: offer)
    }

    /// The VPCs a source asks from: none outside AWS.
    private func askerVPCs(_ source: ResolvedEndpoint) -> [String] {
        var vpcs: [String] = []
        let ids: [String]
        switch source.kind {
        case .interfaces(let list): ids = list
        case .privateAddress(let id, _), .publicAddress(let id, _): ids = [id]
        case .internet, .service, .onPremises: ids = []
        }
        for id in ids {
            if let vpc = network.networkInterface(id)?.vpcID, !vpcs.contains(vpc) { vpcs.append(vpc) }
        }
        return vpcs
    }
}

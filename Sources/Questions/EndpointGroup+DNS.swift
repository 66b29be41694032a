import NetworkModel

extension EndpointGroupResolver {
    /// An assertion's destination: a DNS name resolves as AWS resolves it for the assertion's source, which must then
    /// be one host or the internet (a name may resolve differently for each member of a group); anything else as
    /// `resolve(_:)` does.
    public func resolve(_ reference: EndpointReference, from source: EndpointReference) throws -> EndpointGroup {
        guard case .named(let text) = reference, network.dnsHostname(text) != nil else { return try resolve(reference) }
        let asker: ResolvedEndpoint
        switch source {
        case .named(let name): asker = try single.resolve(name)
        case .internet: asker = try single.resolve("internet")
        case .onPremises(let prefix): asker = ResolvedEndpoint(text: source.description, kind: .onPremises(prefix), label: "on-premises hosts in \(prefix)")
        default:
            throw QueryError("\(text) is a DNS name, which resolves for each asker on its own (the same VPC, a peering's DNS option); give one host or the internet as the source")
        }
        let resolved = try single.resolveDestination(text, from: asker)
        let members: [EndpointGroup.Member]
        switch resolved.kind {
        case .privateAddress(let id, let address): members = [.address(id, address, isPublic: false)]
        case .publicAddress(let id, let address): members = [.address(id, address, isPublic: true)]
        default: return try resolve(reference)
        }
        let note = resolved.dns.map { " (\($0.reason))" } ?? ""
        return EndpointGroup(reference: reference, members: members, label: resolved.label + note)
    }
}

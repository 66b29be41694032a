import Analysis
import NetworkModel

extension EndpointResolver {
    /// `service:NAME` (an AWS service behind gateway endpoints: `s3`, `dynamodb`, a full service name such as
    /// `com.amazonaws.us-east-1.s3`, or the service's prefix list id) and `onprem:CIDR` (hosts on premises, reached
    /// through a virtual private gateway); nil for any other text.
    func resolveOutside(_ text: String) throws -> ResolvedEndpoint? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("service:") {
            let name = String(text.dropFirst("service:".count))
            let services = network.gatewayServices(named: name)
            guard !services.isEmpty else {
                throw QueryError("no service \"\(name)\" in the snapshot: service: takes s3, dynamodb, a service name (com.amazonaws.REGION.s3) or its prefix list id, of a gateway endpoint or an AWS prefix list the snapshot describes")
            }
            let described = services.filter { !network.serviceBlocks($0).isEmpty }
            guard !described.isEmpty else {
                throw QueryError("the snapshot does not describe the addresses of \(services.joined(separator: ", ")): describe-prefix-lists prints them")
            }
            let lists = described.compactMap { network.servicePrefixList($0)?.id }
            return ResolvedEndpoint(text: text, kind: .service(described), label: "\(described.joined(separator: ", ")) (\(lists.joined(separator: ", ")))")
        }
        if lowered.hasPrefix("onprem:") {
            let block = String(text.dropFirst("onprem:".count))
            guard let prefix = IPPrefix(block) else {
                throw QueryError("onprem: takes a CIDR block of on-premises addresses (onprem:192.168.0.0/16), not \"\(block)\"")
            }
            return ResolvedEndpoint(text: text, kind: .onPremises(prefix), label: "on-premises hosts in \(prefix)")
        }
        return nil
    }

    /// A service is reached through its gateway endpoints (`Endpoint.service`), and at the same addresses through
    /// an internet gateway or a NAT gateway (`Endpoint.internet` for each block of its prefix list).
    func serviceDestinations(_ names: [String]) -> [Endpoint] {
        names.flatMap { name in [Endpoint.service(name)] + network.serviceBlocks(name).map { Endpoint.internet($0) } }
    }

    /// Refuses a query whose ends are both outside the snapshot, or that starts at a service.
    static func checkOutsideEnds(_ source: ResolvedEndpoint, _ destination: ResolvedEndpoint, query text: String) throws {
        if case .service = source.kind {
            throw QueryError("\(source.label) starts no connections: a service behind a gateway endpoint can only be a destination (ask \"can A reach \(source.text)\")")
        }
        if source.isOutside && destination.isOutside {
            throw QueryError("both ends of \"\(text)\" are outside the snapshot (the internet, a service, on premises); at least one must be in it")
        }
    }
}

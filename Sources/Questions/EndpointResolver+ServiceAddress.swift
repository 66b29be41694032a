import Analysis
import NetworkModel

extension EndpointResolver {
    /// The AWS services whose prefix list (`describe-prefix-lists`, named after the service) holds `address`: an
    /// address inside a service's prefix list *is* that service, so a packet to it may take a gateway endpoint whose
    /// route table routes the prefix list there, besides the internet (`serviceDestinations`). The service is
    /// reached at the addresses of its prefix list (`Endpoint.service`), which a route table routes as one block.
    func services(holding address: IPAddress) -> [String] {
        network.prefixLists.filter { $0.name.hasPrefix("com.amazonaws.") && $0.cidrBlocks.contains { $0.contains(address) } }.map(\.name)
    }

    /// The destinations of an internet host that is inside a service's prefix list: the service (through gateway
    /// endpoints) and the host itself (through an internet or NAT gateway); nil for any other host.
    func serviceAddressDestinations(_ prefix: IPPrefix?) -> [Endpoint]? {
        guard let prefix, prefix.isHost else { return nil }
        let names = services(holding: prefix.network)
        guard !names.isEmpty else { return nil }
        return names.map { Endpoint.service($0) } + [.internet(prefix)]
    }
}

import NetworkModel

/// Direct Connect outputs (`aws directconnect describe-…`) print lowerCamelCase keys (`virtualInterfaceId`); some
/// collectors rewrite them in the EC2 style (`VirtualInterfaceId`). Both are read.
private extension JSONNode {
    func dxMember(_ key: String) throws(SnapshotError) -> JSONNode? {
        if let node = try member(key) { return node }
        return try member(key.prefix(1).lowercased() + key.dropFirst())
    }

    func dxString(_ key: String) throws(SnapshotError) -> String {
        guard let node = try dxMember(key) else {
            // Named as the Direct Connect API prints it.
            throw SnapshotError(file: file, jsonPath: path.appending(.key(key.prefix(1).lowercased() + key.dropFirst())).description,
                                message: "missing (expected a string)")
        }
        return try node.string()
    }

    func dxOptionalString(_ key: String) throws(SnapshotError) -> String? { try dxMember(key)?.string() }

    func dxArray(_ key: String) throws(SnapshotError) -> [JSONNode] { try dxMember(key)?.elements() ?? [] }

    /// Tags as `[{"key", "value"}]` (Direct Connect) or `[{"Key", "Value"}]`.
    func dxTags() throws(SnapshotError) -> Tags {
        var pairs: [(String, String)] = []
        for tag in try dxArray("Tags") {
            pairs.append((try tag.dxString("Key"), try tag.dxOptionalString("Value") ?? ""))
        }
        return Tags(pairs)
    }
}

extension SnapshotBuilder {
    /// `aws directconnect describe-virtual-interfaces`: `{"virtualInterfaces": [{"virtualInterfaceId",
    /// "virtualInterfaceName", "virtualInterfaceType", "virtualInterfaceState", "connectionId", "virtualGatewayId",
    /// "directConnectGatewayId", "ownerAccount", "region", "bgpPeers": [{"bgpStatus"}], "tags"}]}`.
    mutating func readVirtualInterfaces(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.dxString("VirtualInterfaceId")
            var statuses: [BGPStatus] = []
            for peer in try item.dxArray("BgpPeers") {
                if let status = try peer.dxOptionalString("BgpStatus") { statuses.append(BGPStatus(rawValue: status)) }
            }
            let interface = VirtualInterface(
                id: id, name: try item.dxOptionalString("VirtualInterfaceName"),
                type: VirtualInterfaceType(rawValue: try item.dxString("VirtualInterfaceType")),
                state: VirtualInterfaceState(rawValue: try item.dxString("VirtualInterfaceState")), connectionID: try item.dxOptionalString("ConnectionId"),
                virtualGatewayID: try item.dxOptionalString("VirtualGatewayId").flatMap { $0.isEmpty ? nil : $0 },
                directConnectGatewayID: try item.dxOptionalString("DirectConnectGatewayId").flatMap { $0.isEmpty ? nil : $0 },
                ownerAccount: try item.dxOptionalString("OwnerAccount"), region: try item.dxOptionalString("Region") ?? file.region,
                bgpStatuses: statuses, tags: try item.dxTags())
            edgeParts.virtualInterfaces.add(interface, id: id) { _, _ in }
        }
    }

    /// `aws directconnect describe-direct-connect-gateways`: `{"directConnectGateways": [{"directConnectGatewayId",
    /// "directConnectGatewayName", "amazonSideAsn", "directConnectGatewayState"}]}`.
    mutating func readDirectConnectGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.dxString("DirectConnectGatewayId")
            let gateway = DirectConnectGateway(
                id: id, name: try item.dxOptionalString("DirectConnectGatewayName"),
                state: DirectConnectGatewayState(rawValue: try item.dxString("DirectConnectGatewayState")),
                amazonSideASN: try item.dxMember("AmazonSideAsn")?.integer(in: 1...4_294_967_294, what: "an ASN"), tags: try item.dxTags())
            edgeParts.directConnectGateways.add(gateway, id: id) { _, _ in }
        }
    }

    /// `aws directconnect describe-direct-connect-gateway-associations`: `{"directConnectGatewayAssociations":
    /// [{"associationId", "directConnectGatewayId", "associationState", "associatedGateway": {"id", "type"},
    /// "virtualGatewayId", "allowedPrefixesToDirectConnectGateway": [{"cidr"}]}]}`. Allowed prefixes may be of either
    /// family.
    mutating func readDirectConnectGatewayAssociations(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let directConnectGateway = try item.dxString("DirectConnectGatewayId")
            let associated = try item.dxMember("AssociatedGateway")
            let associatedID = try associated?.dxOptionalString("Id")
            let virtualGatewayID = try item.dxOptionalString("VirtualGatewayId")
            guard let gatewayID = associatedID ?? virtualGatewayID else {
                throw item.error("an association needs associatedGateway.id or virtualGatewayId")
            }
            let type = try associated?.dxOptionalString("Type") ?? (gatewayID.hasPrefix("tgw-") ? "transitGateway" : "virtualPrivateGateway")
            var allowed: [IPPrefix] = []
            for entry in try item.dxArray("AllowedPrefixesToDirectConnectGateway") {
                guard let cidr = try entry.dxMember("Cidr") else {
                    throw SnapshotError(file: file.path, jsonPath: entry.path.appending(.key("cidr")).description, message: "missing (expected a CIDR block)")
                }
                allowed.appendMissing([try cidr.prefix(nil)])
            }
            let id = try item.dxOptionalString("AssociationId") ?? "\(directConnectGateway)/\(gatewayID)"
            let association = DirectConnectGatewayAssociation(id: id, directConnectGatewayID: directConnectGateway, gatewayID: gatewayID,
                                                              gatewayType: type,
                                                              state: DirectConnectGatewayAssociationState(rawValue: try item.dxString("AssociationState")),
                                                              allowedPrefixes: allowed)
            edgeParts.directConnectGatewayAssociations.add(association, id: id) { _, _ in }
        }
    }
}

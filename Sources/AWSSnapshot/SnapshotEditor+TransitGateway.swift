import NetworkModel

/// Transit gateway calls on a snapshot, in the outputs the reader takes: the route table's routes in
/// `search-transit-gateway-routes` files named after the table or in `TransitGatewayStaticRoutes` wrappers, its
/// propagations in `get-transit-gateway-route-table-propagations` files or `TransitGatewayPropagations` wrappers,
/// associations in `describe-transit-gateway-attachments` and `get-transit-gateway-route-table-associations`
/// files, subnets and states in the attachment outputs. A table with no file for what a call adds gets one,
/// named after the call and the table, next to the file that describes the table.
///
/// Calls: create-transit-gateway-route (to an attachment), replace-transit-gateway-route,
/// enable-transit-gateway-route-table-propagation, associate-transit-gateway-route-table,
/// modify-transit-gateway-vpc-attachment (subnets added), accept-transit-gateway-vpc-attachment,
/// accept-transit-gateway-peering-attachment.
extension SnapshotEditor {
    // MARK: Routes

    mutating func transitGatewayRoute(_ tableID: String, _ destination: IPPrefix, _ attachment: String, replace: Bool) throws(SnapshotEditError) {
        let call = replace ? "replace-transit-gateway-route" : "create-transit-gateway-route"
        let table = try transitGatewayTable(tableID, call: call)
        let end = try attachmentEnd(attachment, on: table.transitGatewayID, call: call)
        let route = JSONValue.object(["DestinationCidrBlock": .string(destination.description),
                                      "TransitGatewayAttachments": .array([attachmentReference(end)]),
                                      "Type": .string("static"), "State": .string("active")])
        let lists = routeLists(table.id)
        var found = false
        for (path, locate) in lists {
            guard let list = locate(documents[path]?.root) else { continue }
            let index = list.elements.firstIndex { element in
                element.member("Type")?.string != "propagated"
                    && element.member("DestinationCidrBlock")?.string.flatMap(IPPrefix.init)?.description == destination.description
                    && ["active", "blackhole"].contains(element.member("State")?.string ?? "")
            }
            if replace, let index {
                try change(path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                    if let old = locate(document.root)?.elements[index] { try document.replace(old, with: route) }
                }
                found = true
            } else if !replace {
                guard index == nil else {
                    throw SnapshotEditError("create-transit-gateway-route: \(table.id) already has a static route to \(destination) (RouteAlreadyExists); use replace-transit-gateway-route")
                }
                try change(path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                    if let list = locate(document.root) { try document.append(route, to: list) }
                }
                found = true
            }
        }
        if replace, !found { throw SnapshotEditError("replace-transit-gateway-route: \(table.id) has no static route to \(destination)") }
        if !found { try newFile(for: table.id, call: "search-transit-gateway-routes", key: "Routes", first: route) }
    }

    /// Where a table's routes are: `Routes` of files named after it, and the `Routes` of its wrapper entries.
    private func routeLists(_ tableID: String) -> [(String, (JSONDocument.Node?) -> JSONDocument.Node?)] {
        lists(tableID, bare: "Routes", wrapper: "TransitGatewayStaticRoutes", inner: "Routes")
    }

    private func lists(_ tableID: String, bare: String, wrapper: String, inner: String) -> [(String, (JSONDocument.Node?) -> JSONDocument.Node?)] {
        var result: [(String, (JSONDocument.Node?) -> JSONDocument.Node?)] = []
        for file in files {
            guard let root = documents[file.path]?.root else { continue }
            if root.member(bare) != nil, SnapshotBuilder.transitGatewayRouteTableID(in: file.path) == tableID {
                result.append((file.path, { $0?.member(bare) }))
            }
            for (index, entry) in (root.member(wrapper)?.elements ?? []).enumerated()
            where entry.member("TransitGatewayRouteTableId")?.string == tableID {
                result.append((file.path, { $0?.member(wrapper)?.element(index)?.member(inner) }))
            }
        }
        return result
    }

    // MARK: Propagations

    mutating func enablePropagation(_ tableID: String, _ attachment: String) throws(SnapshotEditError) {
        let call = "enable-transit-gateway-route-table-propagation"
        let table = try transitGatewayTable(tableID, call: call)
        let end = try attachmentEnd(attachment, on: table.transitGatewayID, call: call)
        let propagation = JSONValue.object(["TransitGatewayAttachmentId": .string(end.id), "ResourceId": .string(end.resourceID ?? ""),
                                            "ResourceType": .string(end.resourceType.rawValue), "State": .string("enabled")])
        let lists = lists(table.id, bare: "TransitGatewayRouteTablePropagations", wrapper: "TransitGatewayPropagations",
                          inner: "TransitGatewayRouteTablePropagations")
        for (path, locate) in lists {
            guard let list = locate(documents[path]?.root) else { continue }
            if let index = list.elements.firstIndex(where: { $0.member("TransitGatewayAttachmentId")?.string == end.id }) {
                if list.elements[index].member("State")?.string == "enabled" {
                    throw SnapshotEditError("\(call): \(end.id) propagates into \(table.id) already")
                }
                try change(path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                    if let old = locate(document.root)?.elements[index] { try document.replace(old, with: propagation) }
                }
            } else {
                try change(path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                    if let list = locate(document.root) { try document.append(propagation, to: list) }
                }
            }
        }
        if lists.isEmpty {
            try newFile(for: table.id, call: "get-transit-gateway-route-table-propagations", key: "TransitGatewayRouteTablePropagations", first: propagation)
        }
        // A listing of the table's routes that shows propagated routes shows the new ones too.
        guard let vpcID = end.vpcID, let vpc = network.vpc(vpcID) else { return }
        for (path, locate) in routeLists(table.id) {
            guard let list = locate(documents[path]?.root), list.elements.contains(where: { $0.member("Type")?.string == "propagated" }) else { continue }
            // The VPC's IPv6 blocks only when the attachment carries IPv6 (Options.Ipv6Support).
            for block in vpc.cidrBlocks where block.family == .ipv4 || end.ipv6Support {
                let route = JSONValue.object(["DestinationCidrBlock": .string(block.description), "TransitGatewayAttachments": .array([attachmentReference(end)]),
                                              "Type": .string("propagated"), "State": .string("active")])
                try change(path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                    if let list = locate(document.root) { try document.append(route, to: list) }
                }
            }
        }
    }

    // MARK: Associations

    mutating func associate(_ tableID: String, _ attachment: String) throws(SnapshotEditError) {
        let call = "associate-transit-gateway-route-table"
        let table = try transitGatewayTable(tableID, call: call)
        let end = try attachmentEnd(attachment, on: table.transitGatewayID, call: call)
        if let current = end.associatedRouteTableID {
            throw SnapshotEditError("\(call): \(end.id) is associated with \(current) already (Resource.AlreadyAssociated)")
        }
        var described = false
        for place in find("TransitGatewayAttachments", "TransitGatewayAttachmentId", end.id) {
            guard resource(place, "TransitGatewayAttachments")?.member("TransitGatewayId")?.string == table.transitGatewayID else { continue }
            described = true
            try edit(place, "TransitGatewayAttachments") { (document, item) throws(SnapshotEditError) in
                try Self.splice { () throws(JSONSyntaxError) in
                    try document.set("Association", .object(["TransitGatewayRouteTableId": .string(table.id), "State": .string("associated")]), in: item)
                }
            }
        }
        let association = JSONValue.object(["TransitGatewayAttachmentId": .string(end.id), "ResourceId": .string(end.resourceID ?? ""),
                                            "ResourceType": .string(end.resourceType.rawValue), "State": .string("associated")])
        let lists = lists(table.id, bare: "Associations", wrapper: "", inner: "")
        for (path, locate) in lists {
            try change(path) { (document: inout JSONDocument) throws(JSONSyntaxError) in
                if let list = locate(document.root) { try document.append(association, to: list) }
            }
        }
        if lists.isEmpty, !described {
            try newFile(for: table.id, call: "get-transit-gateway-route-table-associations", key: "Associations", first: association)
        }
    }

    // MARK: Attachments

    /// Subnets (one per zone) added to a VPC attachment; a subnet it lists already is left as it is.
    mutating func addAttachmentSubnets(_ id: String, _ subnets: [String]) throws(SnapshotEditError) {
        let places = find("TransitGatewayVpcAttachments", "TransitGatewayAttachmentId", id)
        guard !places.isEmpty else {
            throw SnapshotEditError("modify-transit-gateway-vpc-attachment: no VPC attachment \(id) in the snapshot (describe-transit-gateway-vpc-attachments)")
        }
        for subnet in subnets {
            for place in places {
                try edit(place, "TransitGatewayVpcAttachments") { (document, item) throws(SnapshotEditError) in
                    let listed = item.member("SubnetIds")
                    if listed?.elements.contains(where: { $0.string == subnet }) == true { return }
                    try Self.splice { () throws(JSONSyntaxError) in
                        if let listed { try document.append(.string(subnet), to: listed) } else { try document.set("SubnetIds", .array([.string(subnet)]), in: item) }
                    }
                }
            }
        }
    }

    /// Accepts a VPC or peering attachment in every output that describes it.
    mutating func acceptAttachment(_ id: String, peering: Bool) throws(SnapshotEditError) {
        let call = peering ? "accept-transit-gateway-peering-attachment" : "accept-transit-gateway-vpc-attachment"
        var places: [(String, Place)] = []
        for key in ["TransitGatewayAttachments", "TransitGatewayVpcAttachments", "TransitGatewayPeeringAttachments"] {
            places += find(key, "TransitGatewayAttachmentId", id).map { (key, $0) }
        }
        guard !places.isEmpty else { throw SnapshotEditError("\(call): no transit gateway attachment \(id) in the snapshot") }
        for (key, place) in places {
            try edit(place, key) { (document, item) throws(SnapshotEditError) in
                try Self.splice { () throws(JSONSyntaxError) in try document.set("State", .string("available"), in: item) }
            }
        }
    }

    // MARK: Helpers

    private func transitGatewayTable(_ id: String, call: String) throws(SnapshotEditError) -> TransitGatewayRouteTable {
        guard let table = network.transitGatewayRouteTable(id) else {
            throw SnapshotEditError("\(call): no transit gateway route table \(id) in the snapshot")
        }
        return table
    }

    private func attachmentEnd(_ id: String, on gateway: String, call: String) throws(SnapshotEditError) -> TransitGatewayAttachment {
        guard let end = network.transitGatewayAttachment(id, on: gateway) else {
            throw SnapshotEditError("\(call): no attachment \(id) on \(gateway) in the snapshot")
        }
        return end
    }

    private func attachmentReference(_ end: TransitGatewayAttachment) -> JSONValue {
        .object(["ResourceId": .string(end.resourceID ?? ""), "TransitGatewayAttachmentId": .string(end.id),
                 "ResourceType": .string(end.resourceType.rawValue)])
    }

    /// A new `<call>-<table>.json` holding `{key: [first]}`, next to the file that describes the table.
    private mutating func newFile(for tableID: String, call: String, key: String, first: JSONValue) throws(SnapshotEditError) {
        let folder = find("TransitGatewayRouteTables", "TransitGatewayRouteTableId", tableID).first
            .flatMap { place in files.first { $0.path == place.path }?.directory } ?? ""
        let name = "\(call)-\(tableID).json"
        let path = folder.isEmpty ? name : "\(folder)/\(name)"
        guard documents[path] == nil else { throw SnapshotEditError("\(path) exists but holds no \(key)") }
        try createFile(path, folder: folder, key: key, first: first)
    }
}

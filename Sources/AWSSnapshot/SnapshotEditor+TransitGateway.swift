import Foundation
import NetworkModel

/// Transit gateway commands on a snapshot, in the outputs the reader takes: the route table's routes in
/// `search-transit-gateway-routes` files named after the table or in `TransitGatewayStaticRoutes` wrappers, its
/// propagations in `get-transit-gateway-route-table-propagations` files or `TransitGatewayPropagations` wrappers,
/// associations in `describe-transit-gateway-attachments` and `get-transit-gateway-route-table-associations`
/// files, subnets and states in the attachment outputs. A table with no file for what a command adds gets one,
/// named after the command and the table, next to the file that describes the table.
///
/// Commands: create-transit-gateway-route (to `--transit-gateway-attachment-id`),
/// replace-transit-gateway-route, enable-transit-gateway-route-table-propagation,
/// associate-transit-gateway-route-table, modify-transit-gateway-vpc-attachment (`--add-subnet-ids`, one subnet),
/// accept-transit-gateway-vpc-attachment, accept-transit-gateway-peering-attachment.
extension SnapshotEditor {
    static let transitGatewayCommands: Set<String> = [
        "create-transit-gateway-route", "replace-transit-gateway-route", "enable-transit-gateway-route-table-propagation",
        "associate-transit-gateway-route-table", "modify-transit-gateway-vpc-attachment", "accept-transit-gateway-vpc-attachment",
        "accept-transit-gateway-peering-attachment",
    ]

    mutating func transitGatewayCommand(_ command: EditCommandLine) throws(SnapshotEditError) {
        switch command.name {
        case "create-transit-gateway-route": try transitGatewayRoute(command, replace: false)
        case "replace-transit-gateway-route": try transitGatewayRoute(command, replace: true)
        case "enable-transit-gateway-route-table-propagation": try enablePropagation(command)
        case "associate-transit-gateway-route-table": try associate(command)
        case "modify-transit-gateway-vpc-attachment": try addAttachmentSubnets(command)
        default: try acceptAttachment(command)
        }
    }

    // MARK: Routes

    private mutating func transitGatewayRoute(_ command: EditCommandLine, replace: Bool) throws(SnapshotEditError) {
        let table = try transitGatewayTable(command)
        let cidr = try command.required("--destination-cidr-block")
        guard let destination = IPPrefix(cidr) else { throw SnapshotEditError("\(command.name): \(cidr) is not a CIDR block") }
        let end = try attachmentEnd(try command.required("--transit-gateway-attachment-id"), on: table.transitGatewayID, command)
        let route = EditValue.object([("DestinationCidrBlock", .string(destination.description)),
                                      ("TransitGatewayAttachments", .array([attachmentReference(end)])),
                                      ("Type", .string("static")), ("State", .string("active"))])
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
                try change(path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
                    if let old = locate(document.root)?.elements[index] { try document.replace(old, with: route) }
                }
                found = true
            } else if !replace {
                guard index == nil else {
                    throw SnapshotEditError("create-transit-gateway-route: \(table.id) already has a static route to \(destination) (RouteAlreadyExists); use replace-transit-gateway-route")
                }
                try change(path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
                    if let list = locate(document.root) { try document.append(route, to: list) }
                }
                found = true
            }
        }
        if replace, !found { throw SnapshotEditError("replace-transit-gateway-route: \(table.id) has no static route to \(destination)") }
        if !found { try newFile(for: table.id, command: "search-transit-gateway-routes", key: "Routes", first: route) }
    }

    /// Where a table's routes are: `Routes` of files named after it, and the `Routes` of its wrapper entries.
    private func routeLists(_ tableID: String) -> [(String, (LocatedValue?) -> LocatedValue?)] {
        lists(tableID, bare: "Routes", wrapper: "TransitGatewayStaticRoutes", inner: "Routes")
    }

    private func lists(_ tableID: String, bare: String, wrapper: String, inner: String) -> [(String, (LocatedValue?) -> LocatedValue?)] {
        var result: [(String, (LocatedValue?) -> LocatedValue?)] = []
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

    private mutating func enablePropagation(_ command: EditCommandLine) throws(SnapshotEditError) {
        let table = try transitGatewayTable(command)
        let end = try attachmentEnd(try command.required("--transit-gateway-attachment-id"), on: table.transitGatewayID, command)
        let propagation = EditValue.object([("TransitGatewayAttachmentId", .string(end.id)), ("ResourceId", .string(end.resourceID ?? "")),
                                            ("ResourceType", .string(end.resourceType)), ("State", .string("enabled"))])
        let lists = lists(table.id, bare: "TransitGatewayRouteTablePropagations", wrapper: "TransitGatewayPropagations",
                          inner: "TransitGatewayRouteTablePropagations")
        for (path, locate) in lists {
            guard let list = locate(documents[path]?.root) else { continue }
            if let index = list.elements.firstIndex(where: { $0.member("TransitGatewayAttachmentId")?.string == end.id }) {
                if list.elements[index].member("State")?.string == "enabled" {
                    throw SnapshotEditError("enable-transit-gateway-route-table-propagation: \(end.id) propagates into \(table.id) already")
                }
                try change(path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
                    if let old = locate(document.root)?.elements[index] { try document.replace(old, with: propagation) }
                }
            } else {
                try change(path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
                    if let list = locate(document.root) { try document.append(propagation, to: list) }
                }
            }
        }
        if lists.isEmpty {
            try newFile(for: table.id, command: "get-transit-gateway-route-table-propagations", key: "TransitGatewayRouteTablePropagations", first: propagation)
        }
        // A listing of the table's routes that shows propagated routes shows the new ones too.
        guard let vpcID = end.vpcID, let vpc = network.vpc(vpcID) else { return }
        for (path, locate) in routeLists(table.id) {
            guard let list = locate(documents[path]?.root), list.elements.contains(where: { $0.member("Type")?.string == "propagated" }) else { continue }
            // The VPC's IPv6 blocks only when the attachment carries IPv6 (Options.Ipv6Support).
            for block in vpc.cidrBlocks where block.family == .ipv4 || end.ipv6Support {
                let route = EditValue.object([("DestinationCidrBlock", .string(block.description)), ("TransitGatewayAttachments", .array([attachmentReference(end)])),
                                              ("Type", .string("propagated")), ("State", .string("active"))])
                try change(path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
                    if let list = locate(document.root) { try document.append(route, to: list) }
                }
            }
        }
    }

    // MARK: Associations

    private mutating func associate(_ command: EditCommandLine) throws(SnapshotEditError) {
        let table = try transitGatewayTable(command)
        let end = try attachmentEnd(try command.required("--transit-gateway-attachment-id"), on: table.transitGatewayID, command)
        if let current = end.associatedRouteTableID {
            throw SnapshotEditError("associate-transit-gateway-route-table: \(end.id) is associated with \(current) already (Resource.AlreadyAssociated)")
        }
        var described = false
        for place in find("TransitGatewayAttachments", "TransitGatewayAttachmentId", end.id) {
            guard resource(place, "TransitGatewayAttachments")?.member("TransitGatewayId")?.string == table.transitGatewayID else { continue }
            described = true
            try edit(place, "TransitGatewayAttachments") { (document, item) throws(SnapshotEditError) in
                try Self.splice { () throws(LocatedJSONError) in
                    try document.set("Association", .object([("TransitGatewayRouteTableId", .string(table.id)), ("State", .string("associated"))]), in: item)
                }
            }
        }
        let association = EditValue.object([("TransitGatewayAttachmentId", .string(end.id)), ("ResourceId", .string(end.resourceID ?? "")),
                                            ("ResourceType", .string(end.resourceType)), ("State", .string("associated"))])
        let lists = lists(table.id, bare: "Associations", wrapper: "", inner: "")
        for (path, locate) in lists {
            try change(path) { (document: inout EditableJSONDocument) throws(LocatedJSONError) in
                if let list = locate(document.root) { try document.append(association, to: list) }
            }
        }
        if lists.isEmpty, !described {
            try newFile(for: table.id, command: "get-transit-gateway-route-table-associations", key: "Associations", first: association)
        }
    }

    // MARK: Attachments

    private mutating func addAttachmentSubnets(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--transit-gateway-attachment-id")
        let subnet = try command.required("--add-subnet-ids")
        let places = find("TransitGatewayVpcAttachments", "TransitGatewayAttachmentId", id)
        guard !places.isEmpty else { throw SnapshotEditError("\(command.name): no VPC attachment \(id) in the snapshot (describe-transit-gateway-vpc-attachments)") }
        for place in places {
            try edit(place, "TransitGatewayVpcAttachments") { (document, item) throws(SnapshotEditError) in
                let subnets = item.member("SubnetIds")
                if subnets?.elements.contains(where: { $0.string == subnet }) == true { return }
                try Self.splice { () throws(LocatedJSONError) in
                    if let subnets { try document.append(.string(subnet), to: subnets) } else { try document.set("SubnetIds", .array([.string(subnet)]), in: item) }
                }
            }
        }
    }

    private mutating func acceptAttachment(_ command: EditCommandLine) throws(SnapshotEditError) {
        let id = try command.required("--transit-gateway-attachment-id")
        var places: [(String, Place)] = []
        for key in ["TransitGatewayAttachments", "TransitGatewayVpcAttachments", "TransitGatewayPeeringAttachments"] {
            places += find(key, "TransitGatewayAttachmentId", id).map { (key, $0) }
        }
        guard !places.isEmpty else { throw SnapshotEditError("\(command.name): no transit gateway attachment \(id) in the snapshot") }
        for (key, place) in places {
            try edit(place, key) { (document, item) throws(SnapshotEditError) in
                try Self.splice { () throws(LocatedJSONError) in try document.set("State", .string("available"), in: item) }
            }
        }
    }

    // MARK: Helpers

    private func transitGatewayTable(_ command: EditCommandLine) throws(SnapshotEditError) -> TransitGatewayRouteTable {
        let id = try command.required("--transit-gateway-route-table-id")
        guard let table = network.transitGatewayRouteTable(id) else {
            throw SnapshotEditError("\(command.name): no transit gateway route table \(id) in the snapshot")
        }
        return table
    }

    private func attachmentEnd(_ id: String, on gateway: String, _ command: EditCommandLine) throws(SnapshotEditError) -> TransitGatewayAttachment {
        guard let end = network.transitGatewayAttachment(id, on: gateway) else {
            throw SnapshotEditError("\(command.name): no attachment \(id) on \(gateway) in the snapshot")
        }
        return end
    }

    private func attachmentReference(_ end: TransitGatewayAttachment) -> EditValue {
        .object([("ResourceId", .string(end.resourceID ?? "")), ("TransitGatewayAttachmentId", .string(end.id)),
                 ("ResourceType", .string(end.resourceType))])
    }

    /// Makes one splice in the document at `path`.
    private mutating func change(_ path: String, _ work: (inout EditableJSONDocument) throws(LocatedJSONError) -> Void) throws(SnapshotEditError) {
        guard var document = documents[path] else { return }
        try Self.splice { () throws(LocatedJSONError) in try work(&document) }
        documents[path] = document
        edited.insert(path)
    }

    /// A new `<command>-<table>.json` holding `{key: [first]}`, next to the file that describes the table.
    private mutating func newFile(for tableID: String, command: String, key: String, first: EditValue) throws(SnapshotEditError) {
        let folder = find("TransitGatewayRouteTables", "TransitGatewayRouteTableId", tableID).first
            .flatMap { place in files.first { $0.path == place.path }?.directory } ?? ""
        let name = "\(command)-\(tableID).json"
        let path = folder.isEmpty ? name : "\(folder)/\(name)"
        guard documents[path] == nil else { throw SnapshotEditError("\(path) exists but holds no \(key)") }
        do {
            documents[path] = try EditableJSONDocument(bytes: EditableJSONDocument.new(.object([(key, .array([first]))])))
        } catch {
            throw SnapshotEditError("cannot make \(path): \(error.message)")
        }
        let region = files.first { $0.directory == folder }?.region
        files.append(SourceFile(path: path, directory: folder, region: region, account: nil))
        files.sort { $0.path < $1.path }
        created.append(path)
    }
}

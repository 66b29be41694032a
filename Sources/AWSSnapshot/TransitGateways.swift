import Foundation
import NetworkModel

/// What the transit gateway outputs of a snapshot say, collected file by file and put together by
/// `SnapshotBuilder.finishTransitGateways()` once every file is read (an association or a route can come before
/// the attachment or table it is about).
struct TransitGatewayParts {
    var gateways = ResourceList<TransitGateway>()
    /// Attachment ends by `tgw-…/tgw-attach-…`.
    var attachments = ResourceList<TransitGatewayAttachment>()
    var routeTables = ResourceList<TransitGatewayRouteTable>()
    /// Routes and propagations by route table id, in the order read.
    var routes: [(table: String, route: TransitGatewayRoute, prefixList: String?, file: String)] = []
    var propagations: [(table: String, propagation: TransitGatewayPropagation)] = []
    /// `get-transit-gateway-route-table-associations` entries: the table, the attachment, its resource.
    var associations: [(table: String, attachment: String, resourceType: String?, resourceID: String?, file: String)] = []

    /// The top-level keys of transit gateway outputs.
    static let keys: Set<String> = [
        "TransitGateways", "TransitGatewayAttachments", "TransitGatewayVpcAttachments", "TransitGatewayPeeringAttachments",
        "TransitGatewayRouteTables", "TransitGatewayStaticRoutes", "TransitGatewayPropagations",
        "TransitGatewayRouteTablePropagations", "Associations", "Routes", "AdditionalRoutesAvailable",
    ]

    static func attachmentKey(_ id: String, _ gateway: String) -> String { "\(gateway)/\(id)" }
}

extension SnapshotBuilder {
    /// Reads one transit gateway key (see `TransitGatewayParts.keys`):
    ///
    /// - `describe-transit-gateways`: `{"TransitGateways": [{"TransitGatewayId", "State", "OwnerId", "TransitGatewayArn",
    ///   "Options": {"AssociationDefaultRouteTableId", "PropagationDefaultRouteTableId", "SecurityGroupReferencingSupport"}, "Tags"}]}`.
    /// - `describe-transit-gateway-attachments`: `{"TransitGatewayAttachments": [{"TransitGatewayAttachmentId",
    ///   "TransitGatewayId", "ResourceType", "ResourceId", "ResourceOwnerId", "State", "Association":
    ///   {"TransitGatewayRouteTableId", "State"}, "Tags"}]}`: each attachment end and its route table association.
    /// - `describe-transit-gateway-vpc-attachments`: `{"TransitGatewayVpcAttachments": [{"TransitGatewayAttachmentId",
    ///   "TransitGatewayId", "VpcId", "VpcOwnerId", "State", "SubnetIds", "Options": {"Ipv6Support", "SecurityGroupReferencingSupport"}, "Tags"}]}`;
    ///   `Ipv6Support` is `enable` or `disable` (AWS's default, and what an attachment without it is taken as).
    /// - `describe-transit-gateway-peering-attachments`: `{"TransitGatewayPeeringAttachments": [{"TransitGatewayAttachmentId",
    ///   "RequesterTgwInfo": {"TransitGatewayId", "OwnerId", "Region"}, "AccepterTgwInfo": {…}, "State", "Tags"}]}`:
    ///   one end on each transit gateway.
    /// - `describe-transit-gateway-route-tables`: `{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId",
    ///   "TransitGatewayId", "State", "DefaultAssociationRouteTable", "DefaultPropagationRouteTable", "Tags"}]}`.
    /// - `search-transit-gateway-routes --transit-gateway-route-table-id tgw-rtb-…`: `{"Routes": [{"DestinationCidrBlock" (either family),
    ///   "TransitGatewayAttachments": [{"TransitGatewayAttachmentId", "ResourceId", "ResourceType"}], "Type", "State"}],
    ///   "AdditionalRoutesAvailable"}`, in a file whose name (or nearest folder with one) contains the table's
    ///   `tgw-rtb-…` id: the output does not say which table it lists. `TransitGatewayStaticRoutes: [{"TransitGatewayRouteTableId", "Routes": […]}]`
    ///   wraps one such output per table.
    /// - `get-transit-gateway-route-table-propagations`: `{"TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId",
    ///   "ResourceId", "ResourceType", "State"}]}`, in a file named after the table; `TransitGatewayPropagations:
    ///   [{"TransitGatewayRouteTableId", "TransitGatewayRouteTablePropagations": […]}]` wraps one per table.
    /// - `get-transit-gateway-route-table-associations`: `{"Associations": [{"TransitGatewayAttachmentId", "ResourceId",
    ///   "ResourceType", "State"}]}`, in a file named after the table.
    mutating func readTransitGatewayKey(_ key: String, _ node: JSONNode, from file: SourceFile) throws(SnapshotError) {
        switch key {
        case "TransitGateways": try readTransitGateways(node, from: file)
        case "TransitGatewayAttachments": try readTransitGatewayAttachments(node, from: file)
        case "TransitGatewayVpcAttachments": try readTransitGatewayVPCAttachments(node, from: file)
        case "TransitGatewayPeeringAttachments": try readTransitGatewayPeeringAttachments(node, from: file)
        case "TransitGatewayRouteTables": try readTransitGatewayRouteTables(node, from: file)
        case "TransitGatewayStaticRoutes":
            for item in try node.elements() {
                let table = try item.string("TransitGatewayRouteTableId")
                try readTransitGatewayRoutes(try item.requiredMember("Routes", expected: "an array of routes"), table: table, from: file)
                try noteAdditionalRoutes(item.member("AdditionalRoutesAvailable"), table: table, from: file)
            }
        case "TransitGatewayPropagations":
            for item in try node.elements() {
                let table = try item.string("TransitGatewayRouteTableId")
                try readTransitGatewayPropagations(try item.requiredMember("TransitGatewayRouteTablePropagations", expected: "an array of propagations"),
                                                   table: table, from: file)
            }
        case "Routes":
            guard let table = tableNamedByFile(key, file, output: "search-transit-gateway-routes") else { return }
            try readTransitGatewayRoutes(node, table: table, from: file)
        case "AdditionalRoutesAvailable":
            try noteAdditionalRoutes(node, table: Self.transitGatewayRouteTableID(in: file.path), from: file)
        case "TransitGatewayRouteTablePropagations":
            guard let table = tableNamedByFile(key, file, output: "get-transit-gateway-route-table-propagations") else { return }
            try readTransitGatewayPropagations(node, table: table, from: file)
        case "Associations":
            guard let table = tableNamedByFile(key, file, output: "get-transit-gateway-route-table-associations") else { return }
            for item in try node.elements() {
                guard try item.optionalString("State") ?? "associated" == "associated" else { continue }
                transitGatewayParts.associations.append((table, try item.string("TransitGatewayAttachmentId"),
                                                         try item.optionalString("ResourceType"), try item.optionalString("ResourceId"), file.path))
            }
        default:
            warnings.add(key, file: file.path) { _ in "not modelled yet; ignored" }
        }
    }

    private mutating func readTransitGateways(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("TransitGatewayId")
            let options = try item.optionalObject("Options")
            var region = file.region
            if let arn = try item.optionalString("TransitGatewayArn") {
                let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count > 3, AWSRegion.isRegionName(parts[3]) { region = String(parts[3]) }
            }
            var gateway = TransitGateway(id: id, ownerID: try item.optionalString("OwnerId") ?? file.account, region: region,
                                         state: TransitGatewayState(rawValue: try item.string("State")),
                                         defaultAssociationRouteTableID: try options?.optionalString("AssociationDefaultRouteTableId"),
                                         defaultPropagationRouteTableID: try options?.optionalString("PropagationDefaultRouteTableId"),
                                         tags: try item.tags())
            gateway.securityGroupReferencingSupport = try Self.enableOption(options?.member("SecurityGroupReferencingSupport")) ?? false
            transitGatewayParts.gateways.add(gateway, id: id) { first, other in
                first.ownerID = first.ownerID ?? other.ownerID
                first.region = first.region ?? other.region
                first.defaultAssociationRouteTableID = first.defaultAssociationRouteTableID ?? other.defaultAssociationRouteTableID
                first.defaultPropagationRouteTableID = first.defaultPropagationRouteTableID ?? other.defaultPropagationRouteTableID
                first.securityGroupReferencingSupport = first.securityGroupReferencingSupport || other.securityGroupReferencingSupport
                if first.tags.pairs.isEmpty { first.tags = other.tags }
            }
        }
    }

    private mutating func readTransitGatewayAttachments(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            var association: String?
            if let node = try item.optionalObject("Association"), try node.optionalString("State") ?? "associated" == "associated" {
                association = try node.string("TransitGatewayRouteTableId")
            }
            addAttachmentEnd(TransitGatewayAttachment(
                id: try item.string("TransitGatewayAttachmentId"), transitGatewayID: try item.string("TransitGatewayId"),
                resourceType: TransitGatewayAttachmentResourceType(rawValue: try item.string("ResourceType")),
                resourceID: try item.optionalString("ResourceId"), resourceOwnerID: try item.optionalString("ResourceOwnerId"),
                state: TransitGatewayAttachmentState(rawValue: try item.string("State")),
                associatedRouteTableID: association, tags: try item.tags()))
        }
    }

    private mutating func readTransitGatewayVPCAttachments(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            var subnets: [String] = []
            for subnet in try item.array("SubnetIds") { subnets.appendMissing([try subnet.string()]) }
            var ipv6Support = false
            if let node = try item.optionalObject("Options")?.member("Ipv6Support") {
                let text = try node.string()
                guard text == "enable" || text == "disable" else { throw node.error("\(quoted(text)) is neither enable nor disable") }
                ipv6Support = text == "enable"
            }
            var end = TransitGatewayAttachment(
                id: try item.string("TransitGatewayAttachmentId"), transitGatewayID: try item.string("TransitGatewayId"),
                resourceType: .vpc, resourceID: try item.string("VpcId"), resourceOwnerID: try item.optionalString("VpcOwnerId"),
                state: TransitGatewayAttachmentState(rawValue: try item.string("State")), subnetIDs: subnets, ipv6Support: ipv6Support,
                tags: try item.tags())
            end.securityGroupReferencingSupport = try Self.enableOption(item.optionalObject("Options")?.member("SecurityGroupReferencingSupport")) ?? true
            addAttachmentEnd(end)
        }
    }

    /// An `enable`/`disable` option; nil when absent.
    static func enableOption(_ node: JSONNode?) throws(SnapshotError) -> Bool? {
        guard let node else { return nil }
        let text = try node.string()
        guard text == "enable" || text == "disable" else { throw node.error("\(quoted(text)) is neither enable nor disable") }
        return text == "enable"
    }

    private mutating func readTransitGatewayPeeringAttachments(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("TransitGatewayAttachmentId")
            let requester = try item.requiredObject("RequesterTgwInfo")
            let accepter = try item.requiredObject("AccepterTgwInfo")
            let sides = [(try requester.string("TransitGatewayId"), try requester.optionalString("OwnerId")),
                         (try accepter.string("TransitGatewayId"), try accepter.optionalString("OwnerId"))]
            let state = TransitGatewayAttachmentState(rawValue: try item.string("State"))
            let tags = try item.tags()
            for (own, peer) in [(sides[0], sides[1]), (sides[1], sides[0])] {
                addAttachmentEnd(TransitGatewayAttachment(id: id, transitGatewayID: own.0, resourceType: .peering, resourceID: peer.0,
                                                          resourceOwnerID: peer.1, state: state, tags: tags))
            }
        }
    }

    private mutating func addAttachmentEnd(_ end: TransitGatewayAttachment) {
        let key = TransitGatewayParts.attachmentKey(end.id, end.transitGatewayID)
        transitGatewayParts.attachments.add(end, id: key) { first, other in
            if first.resourceType == .unknown { first.resourceType = other.resourceType }
            first.resourceID = first.resourceID ?? other.resourceID
            first.resourceOwnerID = first.resourceOwnerID ?? other.resourceOwnerID
            first.subnetIDs.appendMissing(other.subnetIDs)
            first.ipv6Support = first.ipv6Support || other.ipv6Support
            first.securityGroupReferencingSupport = first.securityGroupReferencingSupport && other.securityGroupReferencingSupport
            first.associatedRouteTableID = first.associatedRouteTableID ?? other.associatedRouteTableID
            if first.tags.pairs.isEmpty { first.tags = other.tags }
        }
    }

    private mutating func readTransitGatewayRouteTables(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("TransitGatewayRouteTableId")
            let table = TransitGatewayRouteTable(
                id: id, transitGatewayID: try item.string("TransitGatewayId"),
                state: TransitGatewayRouteTableState(rawValue: try item.string("State")),
                isDefaultAssociationRouteTable: try item.bool("DefaultAssociationRouteTable", default: false),
                isDefaultPropagationRouteTable: try item.bool("DefaultPropagationRouteTable", default: false), tags: try item.tags())
            transitGatewayParts.routeTables.add(table, id: id) { first, other in
                if first.tags.pairs.isEmpty { first.tags = other.tags }
            }
        }
    }

    /// Routes as `search-transit-gateway-routes` prints them, `DestinationCidrBlock` of either family; a route by
    /// managed prefix list (`PrefixListId` without `DestinationCidrBlock`) gets the list's CIDRs.
    private mutating func readTransitGatewayRoutes(_ list: JSONNode, table: String, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            var attachments: [String] = []
            var resourceType: TransitGatewayAttachmentResourceType?
            for attachment in try item.array("TransitGatewayAttachments") {
                attachments.appendMissing([try attachment.string("TransitGatewayAttachmentId")])
                if resourceType == nil { resourceType = try attachment.optionalString("ResourceType").map(TransitGatewayAttachmentResourceType.init) }
            }
            let type = try item.optionalString("Type").map(TransitGatewayRouteType.init) ?? .static
            let state = TransitGatewayRouteState(rawValue: try item.string("State"))
            let destination: IPPrefix
            var prefixList: String?
            if let block = try item.optionalPrefix("DestinationCidrBlock", nil) {
                destination = block
            } else if let list = try item.optionalString("PrefixListId") {
                destination = .anyIPv4
                prefixList = list
            } else {
                throw item.error("a transit gateway route needs a DestinationCidrBlock or PrefixListId")
            }
            let route = TransitGatewayRoute(destination: destination, attachmentIDs: attachments, type: type, state: state, resourceType: resourceType)
            transitGatewayParts.routes.append((table, route, prefixList, file.path))
        }
    }

    private mutating func readTransitGatewayPropagations(_ list: JSONNode, table: String, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            transitGatewayParts.propagations.append((table, TransitGatewayPropagation(
                attachmentID: try item.string("TransitGatewayAttachmentId"),
                resourceType: try item.optionalString("ResourceType").map(TransitGatewayAttachmentResourceType.init),
                resourceID: try item.optionalString("ResourceId"), state: TransitGatewayPropagationState(rawValue: try item.string("State")))))
        }
    }

    private mutating func noteAdditionalRoutes(_ node: JSONNode?, table: String?, from file: SourceFile) throws(SnapshotError) {
        guard let node, try node.bool() else { return }
        warnings.add("AdditionalRoutesAvailable", file: file.path, detail: table) { _ in
            "search-transit-gateway-routes stopped at its limit; the routes it did not list are missing"
        }
    }

    /// The `tgw-rtb-…` id in the path of a file holding an output that does not name its table (the file's name, or
    /// the nearest folder's); nil (with a warning) when there is none.
    private mutating func tableNamedByFile(_ key: String, _ file: SourceFile, output: String) -> String? {
        if let id = Self.transitGatewayRouteTableID(in: file.path) { return id }
        warnings.add(key, file: file.path) { _ in
            "\(output) output, but its file name (or folder) contains no tgw-rtb-… id to say which transit gateway route table it describes; ignored"
        }
        return nil
    }

    /// The last `tgw-rtb-` followed by letters and digits in a path.
    static func transitGatewayRouteTableID(in name: String) -> String? {
        guard let range = name.range(of: "tgw-rtb-", options: .backwards) else { return nil }
        let rest = name[range.upperBound...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return rest.isEmpty ? nil : "tgw-rtb-" + rest
    }

    /// Puts the transit gateway outputs together: routes, propagations and associations onto their tables and
    /// attachment ends, prefix-list routes expanded, duplicates (the same table dumped from two accounts) dropped.
    mutating func finishTransitGateways() -> TransitGatewayConfiguration {
        var parts = transitGatewayParts
        for (table, route, prefixList, file) in parts.routes {
            guard parts.routeTables.contains(table) else {
                warnings.add("transit gateway routes without a table", file: file, detail: table) { _ in
                    "routes of transit gateway route tables that no describe-transit-gateway-route-tables output describes; ignored"
                }
                continue
            }
            var expanded = [route]
            if let prefixList {
                let blocks = prefixLists[prefixList]?.cidrBlocks ?? []
                if blocks.isEmpty {
                    warnings.add("transit gateway prefix-list routes", file: file, detail: prefixList) { _ in
                        "routes to prefix lists whose CIDRs the snapshot does not hold; taken as empty"
                    }
                }
                expanded = blocks.map { var copy = route; copy.destination = $0; return copy }
            }
            parts.routeTables.modify(table) { table in
                for route in expanded where !table.routes.contains(route) { table.routes.append(route) }
            }
        }
        for (table, propagation) in parts.propagations {
            parts.routeTables.modify(table) { table in
                if !table.propagations.contains(where: { $0.attachmentID == propagation.attachmentID }) { table.propagations.append(propagation) }
            }
        }
        for association in parts.associations {
            guard let gateway = parts.routeTables[association.table]?.transitGatewayID else {
                warnings.add("transit gateway associations without a table", file: association.file, detail: association.table) { _ in
                    "associations with transit gateway route tables that no describe-transit-gateway-route-tables output describes; ignored"
                }
                continue
            }
            let key = TransitGatewayParts.attachmentKey(association.attachment, gateway)
            if !parts.attachments.contains(key) {
                parts.attachments.add(TransitGatewayAttachment(id: association.attachment, transitGatewayID: gateway,
                                                               resourceType: association.resourceType.map(TransitGatewayAttachmentResourceType.init)
                                                                   ?? .unknown,
                                                               resourceID: association.resourceID),
                                      id: key) { _, _ in }
            }
            parts.attachments.modify(key) { $0.associatedRouteTableID = association.table }
        }
        transitGatewayParts = parts
        return TransitGatewayConfiguration(gateways: parts.gateways.items, attachments: parts.attachments.items,
                                           routeTables: parts.routeTables.items)
    }
}

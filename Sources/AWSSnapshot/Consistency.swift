import NetworkModel

/// Where a resource was described: its file and JSON path, for messages that name two places.
struct DescriptionPlace: Sendable, CustomStringConvertible {
    let file: String
    /// The path, spelled out only when a message needs it.
    private let location: JSONPathLink?

    init(_ node: JSONNode) {
        file = node.file
        location = node.location
    }

    var jsonPath: String { location?.path.description ?? "" }

    var description: String { jsonPath.isEmpty ? file : "\(file) at \(jsonPath)" }
}

/// The checks of a snapshot against itself, where AWS is strict: one resource described two ways (in one file or
/// across files), and one private address held by two interfaces of one VPC. Either is an error (exit 2) naming both
/// places, never a silent choice of one copy.
extension SnapshotBuilder {
    /// Notes the description of a resource at `node`; when another file (or another place) already described the
    /// same id with different content (`same` says what must agree), throws naming both places. Identical copies
    /// (a resource dumped from two regions or accounts) are fine.
    mutating func checkSameDescription<Resource>(_ resource: Resource, id: String, in list: ResourceList<Resource>, at node: JSONNode,
                                                 what: String, same: (Resource, Resource) -> Bool) throws(SnapshotError) {
        guard let first = list[id] else {
            descriptionPlaces[id] = DescriptionPlace(node)
            return
        }
        guard !same(first, resource) else { return }
        let place = descriptionPlaces[id].map { " and at \($0)" } ?? ""
        throw node.error("\(id) is described here\(place) with different \(what); a snapshot must hold one state of each resource (capture it again)")
    }

    /// Notes where an interface was described, for `checkUniqueInterfaceAddresses`.
    mutating func noteInterfacePlace(_ id: String, _ node: JSONNode) {
        if interfacePlaces[id] == nil { interfacePlaces[id] = DescriptionPlace(node) }
    }

    /// Throws when two interfaces of one VPC hold one private address (IPv4 or IPv6): AWS assigns an address in a
    /// VPC to one interface only, so such a snapshot contradicts itself (it was captured mid-change, or edited).
    func checkUniqueInterfaceAddresses() throws(SnapshotError) {
        var holders: [String: [IPAddress: String]] = [:]
        for interface in networkInterfaces.items {
            for address in interface.addresses.map(\.address) {
                if let other = holders[interface.vpcID]?[address], other != interface.id {
                    let place = interfacePlaces[interface.id] ?? interfacePlaces[other]
                    let otherPlace = interfacePlaces[other].map { " (\($0))" } ?? ""
                    throw SnapshotError(
                        file: place?.file ?? "", jsonPath: place?.jsonPath ?? "",
                        message: "\(address) is the private address of both \(interface.id) and \(other)\(otherPlace) in \(interface.vpcID); AWS gives an address in a VPC to one interface only")
                }
                holders[interface.vpcID, default: [:]][address] = interface.id
            }
        }
    }
}

extension SecurityGroup {
    /// Whether two descriptions of a group agree on what it allows.
    func sameRules(as other: SecurityGroup) -> Bool {
        vpcID == other.vpcID && Set(inbound) == Set(other.inbound) && Set(outbound) == Set(other.outbound)
    }
}

extension NetworkACL {
    /// Whether two descriptions of a network ACL agree on its entries (associations are merged).
    func sameEntries(as other: NetworkACL) -> Bool { vpcID == other.vpcID && Set(entries) == Set(other.entries) }
}

extension RouteTable {
    /// Whether two descriptions of a route table agree on its routes (associations are merged).
    func sameRoutes(as other: RouteTable) -> Bool { vpcID == other.vpcID && Set(routes) == Set(other.routes) }
}

extension VPC {
    /// Whether two descriptions of a VPC agree on its CIDR blocks.
    func sameBlocks(as other: VPC) -> Bool { Set(cidrBlocks) == Set(other.cidrBlocks) }
}

extension Subnet {
    /// Whether two descriptions of a subnet agree on its VPC, CIDR blocks and (where both say) availability zone.
    func samePlace(as other: Subnet) -> Bool {
        vpcID == other.vpcID && Set(cidrBlocks) == Set(other.cidrBlocks)
            && agree(availabilityZone, other.availabilityZone)
    }
}

extension NetworkInterface {
    /// Whether two descriptions of an interface agree on what a packet depends on: its subnet and VPC, its private
    /// addresses (and, where both say, their public addresses), its security groups, source/destination check,
    /// status and (where both say) the instance it is attached to.
    func sameState(as other: NetworkInterface) -> Bool {
        guard subnetID == other.subnetID, vpcID == other.vpcID, status == other.status,
              sourceDestinationCheck == other.sourceDestinationCheck,
              Set(securityGroupIDs) == Set(other.securityGroupIDs),
              Set(addresses.map(\.address)) == Set(other.addresses.map(\.address)),
              agree(instanceID, other.instanceID) else { return false }
        return addresses.allSatisfy { mine in
            agree(mine.publicAddress, other.addresses.first { $0.address == mine.address }?.publicAddress)
        }
    }
}

extension VPCPeeringConnection {
    /// Whether two copies of a peering connection (from the dumps of its two regions or accounts) agree on its status
    /// and on each side's VPC and, where both copies record them, its owner, region and CIDR blocks.
    func sameState(as other: VPCPeeringConnection) -> Bool {
        status == other.status && requester.sameSide(as: other.requester) && accepter.sameSide(as: other.accepter)
    }
}

extension VPCPeeringConnection.Side {
    func sameSide(as other: Self) -> Bool {
        vpcID == other.vpcID && agree(ownerID, other.ownerID) && agree(region, other.region)
            && (cidrBlocks.isEmpty || other.cidrBlocks.isEmpty || Set(cidrBlocks) == Set(other.cidrBlocks))
    }
}

/// Whether two descriptions agree on a fact that either may leave out: equal, or one says nothing.
private func agree<Value: Equatable>(_ first: Value?, _ second: Value?) -> Bool {
    guard let first, let second else { return true }
    return first == second
}

import AWSSnapshot
import NetworkModel

/// `aws_vpc_peering_connection`, `aws_vpc_peering_connection_accepter`, `aws_vpc_peering_connection_options`:
/// `describe-vpc-peering-connections`. A connection is active once accepted: `accept_status` when known, else
/// `auto_accept` on the connection or on an accepter resource of this file; otherwise pending acceptance.
extension Translation {
    mutating func addPeeringConnection(_ connection: TerraformResource) throws(SnapshotError) {
        name(connection)
        let requester = try requiredReference("vpc_id", of: connection, types: ["aws_vpc", "aws_default_vpc"])
        let accepter = try requiredReference("peer_vpc_id", of: connection, types: ["aws_vpc", "aws_default_vpc"])
        var status = try connection.string("accept_status")
        if status == nil {
            let autoAccept = try connection.bool("auto_accept") == true
            var accepted = autoAccept
            if !accepted { accepted = try acceptedByAccepter(connection) }
            status = accepted ? "active" : "pending-acceptance"
        }
        let peerRegion = try connection.string("peer_region")
        set.remove("VpcPeeringConnections", connection.id)
        set.add("VpcPeeringConnections", JSONObject([
            ("VpcPeeringConnectionId", .s(connection.id)),
            ("RequesterVpcInfo", side(vpc: requester, region: nil, owner: nil)),
            ("AccepterVpcInfo", side(vpc: accepter, region: peerRegion, owner: try connection.string("peer_owner_id"))),
            ("Status", .obj([("Code", .s(status ?? "pending-acceptance"))])), ("Tags", try tags(connection)),
        ]))
    }

    /// Whether an `aws_vpc_peering_connection_accepter` of this file accepts the connection.
    private mutating func acceptedByAccepter(_ connection: TerraformResource) throws(SnapshotError) -> Bool {
        for accepter in resources where accepter.type == "aws_vpc_peering_connection_accepter" {
            let target = try reference("vpc_peering_connection_id", of: accepter, types: ["aws_vpc_peering_connection"])
            if target == connection.id, try Self.accepts(accepter) { return true }
        }
        return false
    }

    static func accepts(_ accepter: TerraformResource) throws(SnapshotError) -> Bool {
        if try accepter.bool("auto_accept") == true { return true }
        return try accepter.string("accept_status") == "active"
    }

    private func side(vpc: String, region: String?, owner: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [("VpcId", .s(vpc))]
        let blocks = cidrBlocks(ofVPC: vpc)
        if let first = blocks.first(where: { $0.1 == .ipv4 }) { members.append(("CidrBlock", .s(first.0))) }
        members.append(("CidrBlockSet", .array(blocks.filter { $0.1 == .ipv4 }.map { .obj([("CidrBlock", .s($0.0))]) })))
        members.append(("Ipv6CidrBlockSet", .array(blocks.filter { $0.1 == .ipv6 }.map { .obj([("Ipv6CidrBlock", .s($0.0))]) })))
        if let region { members.append(("Region", .s(region))) }
        if let owner { members.append(("OwnerId", .s(owner))) }
        return .obj(members)
    }

    /// The accepter side of a connection another configuration (or account) requests: accepting it makes it
    /// active; a connection no output describes is added from the accepter's own attributes.
    mutating func addPeeringAccepter(_ accepter: TerraformResource) throws(SnapshotError) {
        let id = try requiredReference("vpc_peering_connection_id", of: accepter, types: ["aws_vpc_peering_connection"])
        addresses[id] = addresses[id] ?? accepter.address
        let accepted = try Self.accepts(accepter)
        if set.find("VpcPeeringConnections", id) != nil {
            if accepted { set.modify("VpcPeeringConnections", id) { $0.set("Status", .obj([("Code", .s("active"))])) } }
            return
        }
        guard let local = try reference("vpc_id", of: accepter, types: ["aws_vpc"]),
              let peer = try accepter.string("peer_vpc_id") else {
            warn("peering \(id)", "\(accepter.address): the peering connection \(id) is described by no output and its VPCs are unknown; it is not modelled")
            return
        }
        set.add("VpcPeeringConnections", JSONObject([
            ("VpcPeeringConnectionId", .s(id)),
            ("RequesterVpcInfo", side(vpc: peer, region: try accepter.string("peer_region"), owner: try accepter.string("peer_owner_id"))),
            ("AccepterVpcInfo", side(vpc: local, region: nil, owner: nil)),
            ("Status", .obj([("Code", .s(try accepter.string("accept_status") ?? (accepted ? "active" : "pending-acceptance")))])),
            ("Tags", try tags(accepter)),
        ]))
    }
}

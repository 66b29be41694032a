import Foundation
import PathProofTestSupport
import Testing
@testable import AWSSnapshot
import NetworkModel

/// One VPC, subnet, network interface or peering connection described twice with different content (in two files,
/// or twice in one) is an error naming both places: a snapshot must hold one state of each resource. Identical copies
/// (a resource dumped from two regions or accounts) are read as one. On the seed lab's stage 06 (peering active,
/// ping works), with a second copy of one of its files in `z-copy/` (read after the original) or one entry repeated.
@Suite struct DuplicateDescriptionTests {
    typealias Object = [String: Any]
    private static let stage = Fixtures.seed("06-ping-works")

    /// The stage's files, with `z-copy/<file>` holding the file's first resource under `key` after `edit`.
    private static func withCopy(_ file: String, _ key: String, _ edit: (inout Object) -> Void = { _ in }) throws -> TemporarySnapshot {
        let snapshot = try stageCopy()
        var list = try resources(file, key)
        edit(&list[0])
        return try snapshot.write("z-copy/\(file)", try json([key: [list[0]]]))
    }

    /// The stage's files, with the first resource under `key` of `file` repeated at its end after `edit`.
    private static func withRepeat(_ file: String, _ key: String, _ edit: (inout Object) -> Void) throws -> TemporarySnapshot {
        let snapshot = try stageCopy()
        var list = try resources(file, key)
        var repeated = list[0]
        edit(&repeated)
        list.append(repeated)
        return try snapshot.write(file, try json([key: list]))
    }

    private static func stageCopy() throws -> TemporarySnapshot {
        let snapshot = try TemporarySnapshot()
        for name in try FileManager.default.contentsOfDirectory(atPath: stage) where name.hasSuffix(".json") {
            try snapshot.write(name, try String(contentsOfFile: "\(stage)/\(name)", encoding: .utf8))
        }
        return snapshot
    }

    private static func resources(_ file: String, _ key: String) throws -> [Object] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(stage)/\(file)"))) as? Object
        return try #require(object?[key] as? [Object])
    }

    private static func json(_ object: Object) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    private static func expectConflict(_ snapshot: TemporarySnapshot, file: String, path: String, id: String, firstFile: String,
                                       firstPath: String, what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(snapshot.loadError() == "\(file): \(path): \(id) is described here and at \(firstFile) at \(firstPath) with different \(what); a snapshot must hold one state of each resource (capture it again)",
                sourceLocation: sourceLocation)
    }

    @Test func identicalCopiesAreOne() throws {
        for (file, key) in [("describe-vpcs.json", "Vpcs"), ("describe-subnets.json", "Subnets"),
                            ("describe-network-interfaces.json", "NetworkInterfaces"),
                            ("describe-vpc-peering-connections.json", "VpcPeeringConnections")] {
            let copied = try Self.withCopy(file, key)
            let snapshot = try copied.load()
            let original = try SnapshotReader.load(directory: Self.stage)
            #expect(snapshot.network.vpcs == original.network.vpcs, "\(file)")
            #expect(snapshot.network.subnets == original.network.subnets, "\(file)")
            #expect(snapshot.network.networkInterfaces == original.network.networkInterfaces, "\(file)")
            #expect(snapshot.network.peeringConnections == original.network.peeringConnections, "\(file)")
            let repeated = try Self.withRepeat(file, key) { _ in }
            #expect(repeated.loadError() == nil, "\(file): an entry repeated as it is")
        }
    }

    @Test func aVPCWithOtherCIDRBlocks() throws {
        let vpcs = try Self.resources("describe-vpcs.json", "Vpcs")
        let id = try #require(vpcs[0]["VpcId"] as? String)
        let other = try Self.withCopy("describe-vpcs.json", "Vpcs") { vpc in
            vpc["CidrBlock"] = "192.168.0.0/16"
            vpc["CidrBlockAssociationSet"] = [["CidrBlock": "192.168.0.0/16", "CidrBlockState": ["State": "associated"]]]
        }
        Self.expectConflict(other, file: "z-copy/describe-vpcs.json", path: "Vpcs[0]", id: id, firstFile: "describe-vpcs.json",
                            firstPath: "Vpcs[0]", what: "CIDR blocks")
        let added = try Self.withRepeat("describe-vpcs.json", "Vpcs") { vpc in
            var set = vpc["CidrBlockAssociationSet"] as? [Object] ?? []
            set.append(["CidrBlock": "100.64.0.0/16", "CidrBlockState": ["State": "associated"]])
            vpc["CidrBlockAssociationSet"] = set
        }
        Self.expectConflict(added, file: "describe-vpcs.json", path: "Vpcs[3]", id: id, firstFile: "describe-vpcs.json",
                            firstPath: "Vpcs[0]", what: "CIDR blocks")
        let renamed = try Self.withCopy("describe-vpcs.json", "Vpcs") { vpc in vpc["Tags"] = [["Key": "Name", "Value": "renamed"]] }
        #expect(renamed.loadError() == nil, "a tag is not what a packet depends on")
    }

    @Test func aSubnetInAnotherPlace() throws {
        let subnets = try Self.resources("describe-subnets.json", "Subnets")
        let id = try #require(subnets[0]["SubnetId"] as? String)
        let what = "VPC, CIDR blocks or availability zone"
        let block = try Self.withCopy("describe-subnets.json", "Subnets") { $0["CidrBlock"] = "172.31.250.0/24" }
        Self.expectConflict(block, file: "z-copy/describe-subnets.json", path: "Subnets[0]", id: id,
                            firstFile: "describe-subnets.json", firstPath: "Subnets[0]", what: what)
        let vpc = try Self.withCopy("describe-subnets.json", "Subnets") { $0["VpcId"] = "vpc-0123456789abcdef0" }
        Self.expectConflict(vpc, file: "z-copy/describe-subnets.json", path: "Subnets[0]", id: id,
                            firstFile: "describe-subnets.json", firstPath: "Subnets[0]", what: what)
        let zone = try Self.withRepeat("describe-subnets.json", "Subnets") { $0["AvailabilityZone"] = "us-east-1f" }
        Self.expectConflict(zone, file: "describe-subnets.json", path: "Subnets[\(subnets.count)]", id: id,
                            firstFile: "describe-subnets.json", firstPath: "Subnets[0]", what: what)
        let noZone = try Self.withCopy("describe-subnets.json", "Subnets") { $0["AvailabilityZone"] = nil }
        #expect(noZone.loadError() == nil, "a copy that leaves the zone out does not contradict one that names it")
    }

    @Test func anInterfaceInAnotherState() throws {
        let interfaces = try Self.resources("describe-network-interfaces.json", "NetworkInterfaces")
        let id = try #require(interfaces[0]["NetworkInterfaceId"] as? String)
        let what = "subnet, addresses, security groups, attachment or status"
        func conflict(_ edit: (inout Object) -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let copy = try Self.withCopy("describe-network-interfaces.json", "NetworkInterfaces", edit)
            Self.expectConflict(copy, file: "z-copy/describe-network-interfaces.json", path: "NetworkInterfaces[0]", id: id,
                                firstFile: "describe-network-interfaces.json", firstPath: "NetworkInterfaces[0]", what: what,
                                sourceLocation: sourceLocation)
        }
        try conflict { $0["Groups"] = [["GroupId": "sg-0123456789abcdef0", "GroupName": "other"]] }
        try conflict { $0["Groups"] = [] }
        try conflict { interface in
            interface["PrivateIpAddress"] = "10.1.0.11"
            interface["PrivateIpAddresses"] = [["Primary": true, "PrivateIpAddress": "10.1.0.11"]]
        }
        try conflict { interface in
            var addresses = interface["PrivateIpAddresses"] as? [Object] ?? []
            addresses[0]["Association"] = ["PublicIp": "198.51.100.7"]
            addresses.append(["Primary": false, "PrivateIpAddress": "10.1.0.99"])
            interface["PrivateIpAddresses"] = addresses
        }
        try conflict { $0["SourceDestCheck"] = false }
        try conflict { $0["Status"] = "available" }
        try conflict { interface in
            var attachment = interface["Attachment"] as? Object ?? [:]
            attachment["InstanceId"] = "i-0123456789abcdef0"
            interface["Attachment"] = attachment
        }
        let repeated = try Self.withRepeat("describe-network-interfaces.json", "NetworkInterfaces") { $0["SourceDestCheck"] = false }
        Self.expectConflict(repeated, file: "describe-network-interfaces.json", path: "NetworkInterfaces[\(interfaces.count)]", id: id,
                            firstFile: "describe-network-interfaces.json", firstPath: "NetworkInterfaces[0]", what: what)
        let described = try Self.withCopy("describe-network-interfaces.json", "NetworkInterfaces") { $0["Description"] = "another text" }
        #expect(described.loadError() == nil, "a description is not what a packet depends on")
    }

    @Test func aPeeringConnectionInAnotherState() throws {
        let connections = try Self.resources("describe-vpc-peering-connections.json", "VpcPeeringConnections")
        let id = try #require(connections[0]["VpcPeeringConnectionId"] as? String)
        let what = "status, VPCs or CIDR blocks"
        func conflict(_ edit: (inout Object) -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let copy = try Self.withCopy("describe-vpc-peering-connections.json", "VpcPeeringConnections", edit)
            Self.expectConflict(copy, file: "z-copy/describe-vpc-peering-connections.json", path: "VpcPeeringConnections[0]", id: id,
                                firstFile: "describe-vpc-peering-connections.json", firstPath: "VpcPeeringConnections[0]", what: what,
                                sourceLocation: sourceLocation)
        }
        // Stage 02's state of the same connection, captured at another time: once a warning and the first copy's
        // status, now an error.
        try conflict { $0["Status"] = ["Code": "pending-acceptance", "Message": "Pending Acceptance by 123456789012"] }
        try conflict { connection in
            var accepter = connection["AccepterVpcInfo"] as? Object ?? [:]
            accepter["VpcId"] = "vpc-0123456789abcdef0"
            connection["AccepterVpcInfo"] = accepter
        }
        try conflict { connection in
            var requester = connection["RequesterVpcInfo"] as? Object ?? [:]
            requester["CidrBlock"] = "10.9.0.0/16"
            requester["CidrBlockSet"] = [["CidrBlock": "10.9.0.0/16"]]
            connection["RequesterVpcInfo"] = requester
        }
        try conflict { connection in
            var accepter = connection["AccepterVpcInfo"] as? Object ?? [:]
            accepter["Region"] = "eu-west-1"
            connection["AccepterVpcInfo"] = accepter
        }
        let repeated = try Self.withRepeat("describe-vpc-peering-connections.json", "VpcPeeringConnections") {
            $0["Status"] = ["Code": "deleted", "Message": "Deleted"]
        }
        Self.expectConflict(repeated, file: "describe-vpc-peering-connections.json", path: "VpcPeeringConnections[\(connections.count)]",
                            id: id, firstFile: "describe-vpc-peering-connections.json", firstPath: "VpcPeeringConnections[0]", what: what)
        // A copy that records less (no CIDR blocks of a side, no owner) fills in, as the accepter's region prints it.
        let shorter = try Self.withCopy("describe-vpc-peering-connections.json", "VpcPeeringConnections") { connection in
            var accepter = connection["AccepterVpcInfo"] as? Object ?? [:]
            accepter["CidrBlock"] = nil
            accepter["CidrBlockSet"] = nil
            accepter["OwnerId"] = nil
            connection["AccepterVpcInfo"] = accepter
        }
        #expect(shorter.loadError() == nil)
    }
}

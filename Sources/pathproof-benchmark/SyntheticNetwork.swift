import Foundation

/// Writes a large, realistic network as `aws ec2 describe-*` JSON: VPCs with public, app and data subnets,
/// tiered security groups with realistic rule counts, custom network ACLs, internet gateways and Elastic IPs on the
/// web tier, joined in one of two shapes (`Layout`):
///
/// - `peering`: hub-and-spoke VPC peering to the first VPC (every 17th peering left pending acceptance).
/// - `transit`: a transit gateway organisation. Every VPC is attached to one transit gateway and belongs to a
///   segment: `shared` (VPC 0 and every tenth), `prod` (the other even ones) or `dev` (the other odd ones). Each
///   segment has its own transit gateway route table; an attachment is associated with its segment's table and
///   propagates into it, shared attachments propagate into every table and every attachment into the shared one,
///   so prod and dev reach shared but not each other. Each VPC has a NAT gateway in its first subnet (the private
///   subnets' default route), the transit gateway's interface beside it and 10.0.0.0/8 routed to the transit
///   gateway; VPC 10k+2 also peers with VPC 10k+4, whose data tier admits the peer's app tier by group reference.
///
/// Addressing: every VPC has an equal block of 10.0.0.0/8, a /16 (10.V.0.0/16) for up to 256 VPCs, else the
/// largest block that gives each VPC its own (a /17 for up to 512 VPCs, …, a /19 for up to 2,048); subnet S of a VPC
/// is the VPC's S-th /24, and instance I of a subnet has its address 10 + I.
struct SyntheticNetwork {
    let vpcs: Int
    let subnetsPerVPC: Int
    let instancesPerSubnet: Int
    let layout: Layout

    /// How the VPCs are joined.
    enum Layout: String, CaseIterable {
        case peering, transit
    }

    typealias Object = [String: Any]

    /// The largest sizes the addressing and the resource ids allow.
    static let maximumVPCs = 65_536, maximumSubnetsPerVPC = 64, maximumInstancesPerSubnet = 245

    /// Throws `SyntheticNetwork.Error` for sizes that give no valid network (none of something, more VPCs than
    /// 10.0.0.0/8 holds, more subnets than a VPC's block or the subnet ids hold, more instances than a /24 holds).
    init(vpcs: Int, subnetsPerVPC: Int, instancesPerSubnet: Int, layout: Layout = .peering) throws {
        guard (1...Self.maximumVPCs).contains(vpcs) else {
            throw Error("the number of VPCs must be between 1 and \(Self.maximumVPCs), not \(vpcs)")
        }
        let blocks = 1 << (24 - Self.prefixLength(vpcs: vpcs))
        let subnets = min(blocks, Self.maximumSubnetsPerVPC)
        guard (1...subnets).contains(subnetsPerVPC) else {
            throw Error("the number of subnets per VPC must be between 1 and \(subnets) with \(vpcs) VPCs, not \(subnetsPerVPC)")
        }
        guard (1...Self.maximumInstancesPerSubnet).contains(instancesPerSubnet) else {
            throw Error("the number of instances per subnet must be between 1 and \(Self.maximumInstancesPerSubnet), not \(instancesPerSubnet)")
        }
        self.vpcs = vpcs
        self.subnetsPerVPC = subnetsPerVPC
        self.instancesPerSubnet = instancesPerSubnet
        self.layout = layout
    }

    /// In the transit layout, the VPC that VPC `v` peers with as requester (VPC 10k+2 with 10k+4), or nil.
    func peeredForward(_ v: Int) -> Int? { layout == .transit && v % 10 == 2 && v + 2 < vpcs ? v + 2 : nil }

    /// In the transit layout, the VPC that peers with VPC `v` as requester, or nil.
    func peeredBack(_ v: Int) -> Int? { layout == .transit && v % 10 == 4 ? v - 2 : nil }

    /// The transit layout's segment of VPC `v`: shared (VPC 0 and every tenth), else prod (even) or dev (odd).
    static func segment(ofVPC v: Int) -> String { v % 10 == 0 ? "shared" : (v % 2 == 0 ? "prod" : "dev") }

    /// Sizes that give no valid network.
    struct Error: Swift.Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The prefix length of each VPC's block: 16 for up to 256 VPCs, one more for each doubling beyond.
    static func prefixLength(vpcs: Int) -> Int {
        var bits = 8
        while 1 << bits < vpcs { bits += 1 }
        return 8 + bits
    }

    /// The tier of a VPC's subnet `s`: 0 web (the first third), 1 app, 2 data.
    func tier(ofSubnet s: Int) -> Int { s < subnetsPerVPC / 3 ? 0 : (s < 2 * subnetsPerVPC / 3 ? 1 : 2) }

    /// The Name tag of the first instance of a subnet of `tier` in VPC `v`: of subnet `preferred` when it is of that
    /// tier, else of the first one that is; nil when the VPC has none of that tier.
    func firstInstance(vpc v: Int, tier: Int, preferring preferred: Int) -> String? {
        guard v < vpcs, let s = ([preferred] + Array(0..<subnetsPerVPC)).first(where: { $0 < subnetsPerVPC && self.tier(ofSubnet: $0) == tier })
        else { return nil }
        return "\(["web", "app", "db"][tier])-\(v)-\(s)-0"
    }

    /// The VPC's CIDR block.
    func vpcCIDR(_ v: Int) -> String { "\(address(v, block: 0, host: 0))/\(Self.prefixLength(vpcs: vpcs))" }

    /// The `block`-th /24 of the VPC's block (taken modulo the number of /24s it has).
    func block(_ v: Int, _ block: Int) -> String { "\(address(v, block: block, host: 0))/24" }

    /// The address `host` of the `block`-th /24 of the VPC's block.
    func address(_ v: Int, block: Int, host: Int) -> String {
        let prefix = Self.prefixLength(vpcs: vpcs)
        let value = (10 << 24) | (v << (32 - prefix)) | ((block % (1 << (24 - prefix))) << 8) | host
        return [24, 16, 8, 0].map { String(value >> $0 & 255) }.joined(separator: ".")
    }

    func write(to directory: URL) throws {
        var vpcList: [Object] = [], subnets: [Object] = [], tables: [Object] = [], groups: [Object] = []
        var acls: [Object] = [], gateways: [Object] = [], reservations: [Object] = [], interfaces: [Object] = []
        var peerings: [Object] = [], addresses: [Object] = []
        var natGateways: [Object] = [], attachments: [Object] = [], vpcAttachments: [Object] = []
        var associations: [String: [Object]] = [:], propagations: [String: [Object]] = [:], transitRoutes: [String: [Object]] = [:]
        let transitGateway = "tgw-\(hex(1))"
        let segmentTables = Dictionary(uniqueKeysWithValues: ["shared", "prod", "dev"].enumerated().map { ($1, "tgw-rtb-\(hex($0 + 1))") })
        func tags(_ name: String, _ extra: [(String, String)] = []) -> [Object] {
            ([("Name", name)] + extra).map { ["Key": $0.0, "Value": $0.1] }
        }
        func hex(_ n: Int, _ width: Int = 17) -> String { String(repeating: "0", count: max(0, width - String(n, radix: 16).count)) + String(n, radix: 16) }
        let tiers = ["web", "app", "db"]
        var eni = 0, instanceCount = 0, elastic = 0
        for v in 0..<vpcs {
            let vpc = "vpc-\(hex(v))", cidr = vpcCIDR(v), env = layout == .transit ? Self.segment(ofVPC: v) : (v % 2 == 0 ? "prod" : "dev")
            vpcList.append(["VpcId": vpc, "CidrBlock": cidr, "OwnerId": "123456789012", "IsDefault": false, "State": "available",
                            "CidrBlockAssociationSet": [["CidrBlock": cidr, "CidrBlockState": ["State": "associated"]]],
                            "Tags": tags("vpc-\(v)", [("env", env)])])
            let igw = "igw-\(hex(v))"
            gateways.append(["InternetGatewayId": igw, "Attachments": [["VpcId": vpc, "State": "available"]], "Tags": tags("igw-\(v)")])
            // Security groups: web (80/443 from anywhere, 22 from an admin range), app (8080 from web, 22 from admin),
            // db (3306/5432 from app, 22 from admin), and a monitoring group on everything.
            let sg = tiers.map { "sg-\(hex(v * 8 + tiers.firstIndex(of: $0)!))" }
            let monitoring = "sg-\(hex(v * 8 + 5))"
            func permission(_ proto: String, _ from: Int, _ to: Int, cidrs: [String] = [], groups: [String] = []) -> Object {
                ["IpProtocol": proto, "FromPort": from, "ToPort": to, "IpRanges": cidrs.map { ["CidrIp": $0] },
                 "UserIdGroupPairs": groups.map { ["GroupId": $0] }, "PrefixListIds": [], "Ipv6Ranges": []]
            }
            let admin = ["203.0.113.0/24", "198.51.100.0/24"]
            let egress = [["IpProtocol": "-1", "IpRanges": [["CidrIp": "0.0.0.0/0"]]] as Object]
            var web = [permission("tcp", 80, 80, cidrs: ["0.0.0.0/0"]), permission("tcp", 443, 443, cidrs: ["0.0.0.0/0"]),
                       permission("tcp", 22, 22, cidrs: admin), permission("icmp", 8, -1, cidrs: ["10.0.0.0/8"])]
            var app = [permission("tcp", 8080, 8080, groups: [sg[0]]), permission("tcp", 22, 22, cidrs: admin),
                       permission("tcp", 9000, 9100, cidrs: [cidr]), permission("icmp", -1, -1, cidrs: [cidr])]
            var db = [permission("tcp", 3306, 3306, groups: [sg[1]]), permission("tcp", 5432, 5432, groups: [sg[1]]),
                      permission("tcp", 22, 22, cidrs: admin), permission("icmp", 8, -1, cidrs: [cidr])]
            for extra in 0..<6 {  // the long tail real groups accumulate
                web.append(permission("tcp", 10000 + extra, 10000 + extra, cidrs: [block(v, extra)]))
                app.append(permission("udp", 20000 + extra * 10, 20000 + extra * 10 + 5, cidrs: [vpcCIDR((v + 1) % vpcs)]))
                db.append(permission("tcp", 27017 + extra, 27017 + extra, cidrs: [block(v, 100 + extra)]))
            }
            if let peer = peeredBack(v) {  // the peer's app tier reaches this data tier, by group reference across the peering
                db.append(["IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [], "PrefixListIds": [], "Ipv6Ranges": [],
                           "UserIdGroupPairs": [["GroupId": "sg-\(hex(peer * 8 + 1))", "UserId": "123456789012", "VpcId": "vpc-\(hex(peer))"]]])
            }
            for (t, rules) in [web, app, db].enumerated() {
                groups.append(["GroupId": sg[t], "GroupName": "\(tiers[t])-\(v)", "VpcId": vpc, "OwnerId": "123456789012",
                               "Description": tiers[t], "IpPermissions": rules, "IpPermissionsEgress": egress, "Tags": tags("\(tiers[t])-\(v)")])
            }
            groups.append(["GroupId": monitoring, "GroupName": "monitoring-\(v)", "VpcId": vpc, "OwnerId": "123456789012",
                           "Description": "monitoring", "IpPermissions": [permission("tcp", 9100, 9100, cidrs: [vpcCIDR(0)]),
                                                                          permission("udp", 161, 161, cidrs: [vpcCIDR(0)])],
                           "IpPermissionsEgress": egress, "Tags": tags("monitoring-\(v)")])
            // Route tables: public (default route to the IGW) and private; peering routes to the hub (VPC 0).
            let publicTable = "rtb-\(hex(v * 4))", privateTable = "rtb-\(hex(v * 4 + 1))"
            var peerRoutes: [Object] = []
            var privateDefault: [Object] = []
            if layout == .transit {
                let nat = "nat-\(hex(v))", attachment = "tgw-attach-\(hex(v))", firstSubnet = "subnet-\(hex(v * 64))"
                let segment = Self.segment(ofVPC: v), table = segmentTables[segment]!
                peerRoutes.append(["DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayId": transitGateway, "State": "active", "Origin": "CreateRoute"])
                // Peerings that predate the transit gateway: VPC 10k+2 with VPC 10k+4 (both prod).
                if let peer = peeredForward(v) {
                    let pcx = "pcx-\(hex(v))"
                    peerRoutes.append(["DestinationCidrBlock": vpcCIDR(peer), "VpcPeeringConnectionId": pcx, "State": "active", "Origin": "CreateRoute"])
                    peerings.append(["VpcPeeringConnectionId": pcx, "Status": ["Code": "active"],
                                     "RequesterVpcInfo": ["VpcId": vpc, "CidrBlock": cidr, "OwnerId": "123456789012", "Region": "us-east-1"],
                                     "AccepterVpcInfo": ["VpcId": "vpc-\(hex(peer))", "CidrBlock": vpcCIDR(peer), "OwnerId": "123456789012",
                                                         "Region": "us-east-1"],
                                     "Tags": tags("legacy-\(v)-\(peer)")])
                } else if let peer = peeredBack(v) {
                    peerRoutes.append(["DestinationCidrBlock": vpcCIDR(peer), "VpcPeeringConnectionId": "pcx-\(hex(peer))", "State": "active",
                                       "Origin": "CreateRoute"])
                }
                privateDefault.append(["DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat, "State": "active", "Origin": "CreateRoute"])
                // The NAT gateway and the transit gateway's interface sit in the first subnet, below the instances' addresses.
                let natENI = "eni-n\(hex(v, 16))", natAddress = address(v, block: 0, host: 6)
                let natPublic = "52.\(v / 65536 % 256).\(v / 256 % 256).\(v % 256)"
                natGateways.append(["NatGatewayId": nat, "VpcId": vpc, "SubnetId": firstSubnet, "State": "available", "ConnectivityType": "public",
                                    "NatGatewayAddresses": [["AllocationId": "eipalloc-n\(hex(v, 16))", "NetworkInterfaceId": natENI,
                                                             "PrivateIp": natAddress, "PublicIp": natPublic, "IsPrimary": true, "Status": "succeeded"]],
                                    "Tags": tags("nat-\(v)")])
                interfaces.append(["NetworkInterfaceId": natENI, "SubnetId": firstSubnet, "VpcId": vpc, "Status": "in-use", "Groups": [] as [Object],
                                   "SourceDestCheck": false, "InterfaceType": "nat_gateway", "RequesterManaged": true,
                                   "Description": "Interface for NAT Gateway \(nat)", "PrivateIpAddress": natAddress,
                                   "Association": ["PublicIp": natPublic, "IpOwnerId": "123456789012", "AllocationId": "eipalloc-n\(hex(v, 16))"],
                                   "PrivateIpAddresses": [["PrivateIpAddress": natAddress, "Primary": true,
                                                           "Association": ["PublicIp": natPublic, "IpOwnerId": "123456789012"]]],
                                   "Attachment": ["DeviceIndex": 1, "InstanceOwnerId": "amazon-aws", "Status": "attached"]])
                let tgwENI = "eni-t\(hex(v, 16))", tgwAddress = address(v, block: 0, host: 5)
                interfaces.append(["NetworkInterfaceId": tgwENI, "SubnetId": firstSubnet, "VpcId": vpc, "Status": "in-use", "Groups": [] as [Object],
                                   "SourceDestCheck": false, "InterfaceType": "transit_gateway", "RequesterManaged": true,
                                   "Description": "Network Interface for Transit Gateway Attachment \(attachment)", "PrivateIpAddress": tgwAddress,
                                   "PrivateIpAddresses": [["PrivateIpAddress": tgwAddress, "Primary": true]],
                                   "Attachment": ["DeviceIndex": 1, "InstanceOwnerId": "amazon-aws", "Status": "attached"]])
                attachments.append(["TransitGatewayAttachmentId": attachment, "TransitGatewayId": transitGateway, "TransitGatewayOwnerId": "123456789012",
                                    "ResourceOwnerId": "123456789012", "ResourceType": "vpc", "ResourceId": vpc, "State": "available",
                                    "Association": ["TransitGatewayRouteTableId": table, "State": "associated"], "Tags": tags("attach-\(v)")])
                vpcAttachments.append(["TransitGatewayAttachmentId": attachment, "TransitGatewayId": transitGateway, "VpcId": vpc,
                                       "VpcOwnerId": "123456789012", "State": "available", "SubnetIds": [firstSubnet],
                                       "Options": ["DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable", "Ipv6Support": "disable",
                                                   "ApplianceModeSupport": "disable"], "Tags": tags("attach-\(v)")])
                let reference: Object = ["TransitGatewayAttachmentId": attachment, "ResourceId": vpc, "ResourceType": "vpc"]
                associations[table, default: []].append(reference.merging(["State": "associated"]) { a, _ in a })
                // Into its own segment's table and the shared one; a shared attachment into every table.
                for (other, otherTable) in segmentTables.sorted(by: { $0.value < $1.value })
                where other == segment || other == "shared" || segment == "shared" {
                    propagations[otherTable, default: []].append(reference.merging(["State": "enabled"]) { a, _ in a })
                    transitRoutes[otherTable, default: []].append(["DestinationCidrBlock": cidr, "TransitGatewayAttachments": [reference],
                                                                   "Type": "propagated", "State": "active"])
                }
            } else if v > 0 {
                let pcx = "pcx-\(hex(v))"
                peerRoutes.append(["DestinationCidrBlock": vpcCIDR(0), "VpcPeeringConnectionId": pcx, "State": "active", "Origin": "CreateRoute"])
                peerings.append(["VpcPeeringConnectionId": pcx, "Status": ["Code": v % 17 == 0 ? "pending-acceptance" : "active"],
                                 "RequesterVpcInfo": ["VpcId": vpc, "CidrBlock": cidr, "OwnerId": "123456789012", "Region": "us-east-1"],
                                 "AccepterVpcInfo": ["VpcId": "vpc-\(hex(0))", "CidrBlock": vpcCIDR(0), "OwnerId": "123456789012", "Region": "us-east-1"],
                                 "Tags": tags("hub-\(v)")])
            } else {
                for spoke in 1..<vpcs {
                    peerRoutes.append(["DestinationCidrBlock": vpcCIDR(spoke), "VpcPeeringConnectionId": "pcx-\(hex(spoke))", "State": "active", "Origin": "CreateRoute"])
                }
            }
            let local: Object = ["DestinationCidrBlock": cidr, "GatewayId": "local", "State": "active", "Origin": "CreateRouteTable"]
            var publicSubnets: [String] = [], privateSubnets: [String] = []
            var subnetTier: [String: Int] = [:]
            for s in 0..<subnetsPerVPC {
                let subnet = "subnet-\(hex(v * 64 + s))", tier = tier(ofSubnet: s)
                subnetTier[subnet] = tier
                subnets.append(["SubnetId": subnet, "VpcId": vpc, "CidrBlock": block(v, s), "AvailabilityZone": "us-east-1\(["a", "b", "c"][s % 3])",
                                "Tags": tags("\(tiers[tier])-\(v)-\(s)", [("tier", tiers[tier])])])
                if tier == 0 { publicSubnets.append(subnet) } else { privateSubnets.append(subnet) }
            }
            tables.append(["RouteTableId": publicTable, "VpcId": vpc, "Routes": [local, ["DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "State": "active", "Origin": "CreateRoute"]] + peerRoutes,
                           "Associations": publicSubnets.map { ["SubnetId": $0, "RouteTableId": publicTable, "Main": false] }, "Tags": tags("public-\(v)")])
            tables.append(["RouteTableId": privateTable, "VpcId": vpc, "Routes": [local] + privateDefault + peerRoutes,
                           "Associations": privateSubnets.map { ["SubnetId": $0, "RouteTableId": privateTable, "Main": false] } + [["Main": true, "RouteTableId": privateTable]],
                           "Tags": tags("private-\(v)")])
            // Network ACLs: the default (allow all) on public subnets; a data-tier ACL with about a dozen rules.
            func entry(_ n: Int, _ egress: Bool, _ action: String, _ proto: String, _ cidr: String, _ ports: (Int, Int)? = nil) -> Object {
                var e: Object = ["RuleNumber": n, "Egress": egress, "RuleAction": action, "Protocol": proto, "CidrBlock": cidr]
                if let ports { e["PortRange"] = ["From": ports.0, "To": ports.1] }
                return e
            }
            let final = [entry(32767, false, "deny", "-1", "0.0.0.0/0"), entry(32767, true, "deny", "-1", "0.0.0.0/0")]
            // In the transit layout a data tier peered with another VPC also admits that VPC (its app tier, by group reference).
            let sharedApps = peeredBack(v).map { peer in
                [entry(105, false, "allow", "6", vpcCIDR(peer), (3306, 3306)), entry(105, true, "allow", "6", vpcCIDR(peer), (1024, 65535))]
            } ?? []
            acls.append(["NetworkAclId": "acl-\(hex(v * 2))", "VpcId": vpc, "IsDefault": true,
                         "Associations": subnets.suffix(subnetsPerVPC).compactMap { s -> Object? in
                             let id = s["SubnetId"] as! String
                             return subnetTier[id] == 2 ? nil : ["SubnetId": id, "NetworkAclId": "acl-\(hex(v * 2))"] },
                         "Entries": [entry(100, false, "allow", "-1", "0.0.0.0/0"), entry(100, true, "allow", "-1", "0.0.0.0/0")] + final])
            acls.append(["NetworkAclId": "acl-\(hex(v * 2 + 1))", "VpcId": vpc, "IsDefault": false,
                         "Associations": subnets.suffix(subnetsPerVPC).compactMap { s -> Object? in
                             let id = s["SubnetId"] as! String
                             return subnetTier[id] == 2 ? ["SubnetId": id, "NetworkAclId": "acl-\(hex(v * 2 + 1))"] : nil },
                         "Entries": [entry(90, false, "deny", "6", "0.0.0.0/0", (23, 23)), entry(100, false, "allow", "6", cidr, (3306, 3306)),
                                     entry(110, false, "allow", "6", cidr, (5432, 5432)), entry(120, false, "allow", "6", "203.0.113.0/24", (22, 22)),
                                     entry(130, false, "allow", "1", cidr), entry(140, false, "allow", "6", "0.0.0.0/0", (1024, 65535)),
                                     entry(150, false, "allow", "17", "0.0.0.0/0", (1024, 65535)),
                                     entry(100, true, "allow", "6", cidr, (1024, 65535)), entry(110, true, "allow", "1", cidr),
                                     entry(120, true, "allow", "6", "0.0.0.0/0", (443, 443)), entry(130, true, "allow", "17", "0.0.0.0/0", (53, 53)),
                                     entry(140, true, "allow", "6", "203.0.113.0/24", (1024, 65535))] + sharedApps + final,
                         "Tags": tags("data-acl-\(v)")])
            // Instances.
            for s in 0..<subnetsPerVPC {
                let subnetID = "subnet-\(hex(v * 64 + s))", tier = subnetTier[subnetID]!
                var instances: [Object] = []
                for i in 0..<instancesPerSubnet {
                    let instance = "i-\(hex(instanceCount))", eniID = "eni-\(hex(eni))"
                    let address = self.address(v, block: s, host: 10 + i)
                    instanceCount += 1; eni += 1
                    var privateAddress: Object = ["PrivateIpAddress": address, "Primary": true]
                    if tier == 0 && i % 2 == 0 {
                        let publicIP = "44.\(192 + elastic / 65536).\(elastic / 256 % 256).\(elastic % 256)"
                        elastic += 1
                        privateAddress["Association"] = ["PublicIp": publicIP, "IpOwnerId": "amazon"]
                        addresses.append(["PublicIp": publicIP, "AllocationId": "eipalloc-\(hex(elastic))", "Domain": "vpc",
                                          "NetworkInterfaceId": eniID, "PrivateIpAddress": address, "InstanceId": instance])
                    }
                    let interface: Object = ["NetworkInterfaceId": eniID, "SubnetId": subnetID, "VpcId": vpc, "Status": "in-use",
                                       "Attachment": ["InstanceId": instance, "Status": "attached", "DeviceIndex": 0],
                                       "Groups": [["GroupId": sg[tier]], ["GroupId": monitoring]], "SourceDestCheck": true,
                                       "PrivateIpAddress": address, "PrivateIpAddresses": [privateAddress], "InterfaceType": "interface"]
                    interfaces.append(interface)
                    instances.append(["InstanceId": instance, "State": ["Code": 16, "Name": i == instancesPerSubnet - 1 && s % 7 == 6 ? "stopped" : "running"],
                                      "SubnetId": subnetID, "VpcId": vpc, "PrivateIpAddress": address,
                                      "NetworkInterfaces": [interface],
                                      "Tags": tags("\(tiers[tier])-\(v)-\(s)-\(i)", [("tier", tiers[tier]), ("env", env)])])
                }
                reservations.append(["ReservationId": "r-\(hex(v * 64 + s))", "Instances": instances])
            }
        }
        let files: [(String, String, [Object])] = [
            ("describe-vpcs.json", "Vpcs", vpcList), ("describe-subnets.json", "Subnets", subnets),
            ("describe-route-tables.json", "RouteTables", tables), ("describe-security-groups.json", "SecurityGroups", groups),
            ("describe-network-acls.json", "NetworkAcls", acls), ("describe-internet-gateways.json", "InternetGateways", gateways),
            ("describe-instances.json", "Reservations", reservations), ("describe-network-interfaces.json", "NetworkInterfaces", interfaces),
            ("describe-vpc-peering-connections.json", "VpcPeeringConnections", peerings), ("describe-addresses.json", "Addresses", addresses),
        ]
        var transitFiles: [(String, String, [Object])] = []
        if layout == .transit {
            transitFiles = [
                ("describe-nat-gateways.json", "NatGateways", natGateways),
                ("describe-transit-gateways.json", "TransitGateways", [[
                    "TransitGatewayId": transitGateway, "State": "available", "OwnerId": "123456789012",
                    "TransitGatewayArn": "arn:aws:ec2:us-east-1:123456789012:transit-gateway/\(transitGateway)",
                    "Options": ["AmazonSideAsn": 64512, "DefaultRouteTableAssociation": "disable", "DefaultRouteTablePropagation": "disable",
                                "VpnEcmpSupport": "enable", "DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable"],
                    "Tags": tags("organisation-hub")]]),
                ("describe-transit-gateway-attachments.json", "TransitGatewayAttachments", attachments),
                ("describe-transit-gateway-vpc-attachments.json", "TransitGatewayVpcAttachments", vpcAttachments),
                ("describe-transit-gateway-route-tables.json", "TransitGatewayRouteTables", segmentTables.sorted { $0.value < $1.value }.map { segment, table in
                    ["TransitGatewayRouteTableId": table, "TransitGatewayId": transitGateway, "State": "available",
                     "DefaultAssociationRouteTable": false, "DefaultPropagationRouteTable": false, "Tags": tags(segment)] as Object }),
            ]
            for table in segmentTables.values.sorted() {
                transitFiles.append(("get-transit-gateway-route-table-associations-\(table).json", "Associations", associations[table] ?? []))
                transitFiles.append(("get-transit-gateway-route-table-propagations-\(table).json", "TransitGatewayRouteTablePropagations",
                                     propagations[table] ?? []))
                transitFiles.append(("search-transit-gateway-routes-\(table).json", "Routes", transitRoutes[table] ?? []))
            }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, key, list) in files + transitFiles {
            try JSONSerialization.data(withJSONObject: [key: list], options: [.prettyPrinted, .sortedKeys]).write(to: directory.appendingPathComponent(name))
        }
    }
}

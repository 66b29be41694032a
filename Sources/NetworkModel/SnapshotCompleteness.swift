/// What a snapshot holds and what it lacks: which resource kinds some `describe-*` output describes, and the
/// references between resources that no output resolves. Both engines read it so that a path depending on
/// something the snapshot does not describe gives no verdict (UNKNOWN naming it) rather than a proof or a guess.
///
/// Presence is counted over the whole snapshot: a kind read in any folder (one region's, one account's) counts as
/// present everywhere. A network built in code, not read from a snapshot, is `assumedComplete`.
public struct SnapshotCompleteness: Sendable, Hashable, Codable {
    /// A resource kind, by the top-level key of its `describe-*` output.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case vpcs = "Vpcs"
        case subnets = "Subnets"
        case routeTables = "RouteTables"
        case peeringConnections = "VpcPeeringConnections"
        case securityGroups = "SecurityGroups"
        case networkACLs = "NetworkAcls"
        case networkInterfaces = "NetworkInterfaces"
        case reservations = "Reservations"

        /// The AWS CLI command whose output holds the kind (`describe-security-groups`).
        public var command: String {
            switch self {
            case .vpcs: "describe-vpcs"
            case .subnets: "describe-subnets"
            case .routeTables: "describe-route-tables"
            case .peeringConnections: "describe-vpc-peering-connections"
            case .securityGroups: "describe-security-groups"
            case .networkACLs: "describe-network-acls"
            case .networkInterfaces: "describe-network-interfaces"
            case .reservations: "describe-instances"
            }
        }
    }

    /// A resource that another one names but no output describes: a security group of an interface, the peering
    /// connection of a route, the VPC of a subnet, the network ACL or route table of a subnet.
    public struct DanglingReference: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The kind of the missing resource.
        public let kind: Kind
        /// The missing resource's id (`sg-…`, `pcx-…`, `vpc-…`); for a subnet without a network ACL or route
        /// table, the subnet's id.
        public let id: String
        /// What names it (`eni-…`, `rtb-…`, `subnet-…`).
        public let referencedBy: String

        public init(kind: Kind, id: String, referencedBy: String) {
            self.kind = kind
            self.id = id
            self.referencedBy = referencedBy
        }

        /// The sentence an UNKNOWN verdict and a warning give.
        public var description: String {
            switch kind {
            case .securityGroups: "\(id) of \(referencedBy) is a security group no \(kind.command) output describes"
            case .peeringConnections: "route table \(referencedBy) routes to \(id), which no \(kind.command) output describes"
            case .vpcs, .subnets: "\(referencedBy) is in \(id), which no \(kind.command) output describes"
            case .networkACLs: "no \(kind.command) output describes the network ACL of \(referencedBy)"
            case .routeTables: "no \(kind.command) output describes the route table of \(referencedBy)"
            default: "\(referencedBy) names \(id), which no \(kind.command) output describes"
            }
        }
    }

    /// A call of `pathproof capture` that failed (AccessDenied, a service the region lacks), as its `capture.json`
    /// records it: what it would have described is missing from the snapshot.
    public struct FailedCall: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The AWS CLI service and operation with their arguments (`ec2 describe-security-groups`).
        public let command: String
        public let account: String
        public let region: String
        /// The CLI's error (`An error occurred (AccessDenied) when calling …`).
        public let error: String

        public init(command: String, account: String, region: String, error: String) {
            self.command = command
            self.account = account
            self.region = region
            self.error = error
        }

        /// The operation (`describe-security-groups`).
        public var operation: String { command.split(separator: " ").dropFirst().first.map(String.init) ?? command }

        public var description: String { "aws \(command) failed during the capture in account \(account) \(region) (\(error))" }
    }

    /// The kinds some output of the snapshot holds (an empty list counts: it says there are none).
    public var presentKinds: Set<Kind>
    /// The references no output resolves, in the order found.
    public var danglingReferences: [DanglingReference]
    /// The capture's calls that failed (from `capture.json`), in its order.
    public var failedCalls: [FailedCall]

    public init(presentKinds: Set<Kind>, danglingReferences: [DanglingReference] = [], failedCalls: [FailedCall] = []) {
        self.presentKinds = presentKinds
        self.danglingReferences = danglingReferences
        self.failedCalls = failedCalls
    }

    /// `reason`, followed by the capture's failed calls of `kind`'s command, which say why its output is missing.
    public func noting(_ kind: Kind, _ reason: String) -> String {
        let failed = failedCalls.filter { $0.operation == kind.command }
        guard !failed.isEmpty else { return reason }
        return reason + " (" + failed.map(\.description).joined(separator: "; ") + ")"
    }

    /// Every kind present, nothing dangling: a network built in code.
    public static let assumedComplete = SnapshotCompleteness(presentKinds: Set(Kind.allCases))

    public func holds(_ kind: Kind) -> Bool { presentKinds.contains(kind) }

    /// The dangling references of `kind` made by `referencedBy`.
    public func dangling(_ kind: Kind, from referencedBy: String) -> [DanglingReference] {
        danglingReferences.filter { $0.kind == kind && $0.referencedBy == referencedBy }
    }

    /// Whether nothing is missing.
    public var isComplete: Bool { danglingReferences.isEmpty && failedCalls.isEmpty && presentKinds == Set(Kind.allCases) }
}

extension Network {
    /// Why the security groups of `interface` are not known, or nil when the snapshot describes them all.
    public func securityGroupGap(_ interface: NetworkInterface) -> String? {
        if !completeness.holds(.securityGroups) {
            let groups = interface.securityGroupIDs.isEmpty ? "the security groups" : interface.securityGroupIDs.joined(separator: ", ")
            return completeness.noting(.securityGroups, "the snapshot holds no \(SnapshotCompleteness.Kind.securityGroups.command) output, and \(groups) of \(interface.id) decide\(interface.securityGroupIDs.count == 1 ? "s" : "") this traffic")
        }
        let missing = completeness.dangling(.securityGroups, from: interface.id)
        guard !missing.isEmpty else { return nil }
        return completeness.noting(.securityGroups, missing.map(\.description).joined(separator: "; ") + ", and it decides this traffic")
    }

    /// Why the network ACL of `subnetID` is not known, or nil when the snapshot describes it.
    public func networkACLGap(_ subnetID: String) -> String? {
        if !completeness.holds(.networkACLs) {
            return completeness.noting(.networkACLs, "the snapshot holds no \(SnapshotCompleteness.Kind.networkACLs.command) output, and the network ACL of \(subnetID) decides this traffic")
        }
        return completeness.dangling(.networkACLs, from: subnetID).first.map { completeness.noting(.networkACLs, "\($0.description), and it decides this traffic") }
    }

    /// Why route table `tableID`'s route to peering connection `id` leads nowhere known, or nil.
    public func peeringGap(_ id: String, routedBy tableID: String) -> String? {
        completeness.danglingReferences.first { $0.kind == .peeringConnections && $0.id == id && $0.referencedBy == tableID }.map { completeness.noting(.peeringConnections, $0.description) }
    }

    /// Why the subnet of `interface` is not known (the interface names it but no output describes it), or nil.
    public func subnetGap(_ interface: NetworkInterface) -> String? {
        completeness.danglingReferences.first { $0.kind == .subnets && $0.id == interface.subnetID }
            .map { completeness.noting(.subnets, "\(interface.id) is in \($0.id), which no \($0.kind.command) output describes, so its CIDR blocks are not known") }
    }

    /// Why VPC `vpcID` is not known (a subnet in it names it but no output describes it), or nil.
    public func vpcGap(_ vpcID: String) -> String? {
        completeness.danglingReferences.first { $0.kind == .vpcs && $0.id == vpcID }.map { completeness.noting(.vpcs, "\($0.description), so its CIDR blocks are not known") }
    }
}

extension SnapshotCompleteness {
    /// The capture's failed calls made in `account` and `region` (nil: not known, then every account or region).
    public func failedCalls(account: String?, region: String?) -> [FailedCall] {
        failedCalls.filter { call in
            (account == nil || call.account == account) && (region == nil || call.region == region)
        }
    }
}

extension Network {
    /// Why a path into VPC `vpcID` may depend on what the capture could not read: the calls that failed in the
    /// VPC's account and region (any output of a failed call can add a route, a target or an address that the
    /// snapshot does not show), or nil when none did.
    public func failedCallGap(_ vpcID: String) -> String? {
        guard !completeness.failedCalls.isEmpty else { return nil }
        let vpc = self.vpc(vpcID)
        let failed = completeness.failedCalls(account: vpc?.ownerID, region: vpc?.region).filter { mayDescribePathsThrough(vpcID, $0) }
        guard !failed.isEmpty else { return nil }
        let place = [vpc?.ownerID.map { "account \($0)" }, vpc?.region].compactMap { $0 }.joined(separator: " ")
        return "the answer depends on what the capture could not read in \(vpcID)'s \(place.isEmpty ? "account and region" : place): "
            + failed.map(\.description).joined(separator: "; ")
    }

    /// Whether what `call` would have read can change a path into `vpcID`. Every EC2 output can (a route, a target,
    /// an address, a rule). Direct Connect's outputs describe links to on premises, which reach a VPC only through a
    /// virtual private gateway attached to it or a transit gateway it is attached to: without either, they cannot.
    /// Elastic Load Balancing's describe a load balancer by its nodes, network interfaces the snapshot lists in the
    /// VPC (`describe-network-interfaces`, type `network_load_balancer`, `gateway_load_balancer` or an `ELB …`
    /// description): without one, no load balancer is there.
    func mayDescribePathsThrough(_ vpcID: String, _ call: SnapshotCompleteness.FailedCall) -> Bool {
        let service = call.command.split(separator: " ").first.map(String.init) ?? ""
        switch service {
        case "directconnect":
            return !vpnGateways(ofVPC: vpcID).isEmpty || transit.attachments.contains { $0.vpcID == vpcID }
        case "elbv2", "elb":
            return networkInterfaces(inVPC: vpcID).contains { interface in
                let type = interface.interfaceType?.rawValue ?? ""
                return type.contains("load_balancer") || (interface.interfaceDescription ?? "").hasPrefix("ELB ")
            }
        default:
            return true
        }
    }

    /// Why an endpoint named `text` cannot be resolved although it may exist: the capture's failed calls that
    /// describe instances, network interfaces or load balancers, or nil when none failed.
    public func unresolvedEndpointGap(_ text: String) -> String? {
        let describing: Set<String> = ["describe-instances", "describe-network-interfaces", "describe-load-balancers", "describe-addresses"]
        let failed = completeness.failedCalls.filter { describing.contains($0.operation) }
        guard !failed.isEmpty else { return nil }
        return "\"\(text)\" is not in the snapshot, and the capture could not read what may describe it: "
            + failed.map(\.description).joined(separator: "; ")
    }
}

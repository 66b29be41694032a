import AWSSnapshot
import NetworkModel

/// Addresses unknown until apply (an instance's or NAT gateway's private IP when none is given; a public IP AWS
/// assigns). They are never presented as fact: a private one stands as a representative address of its subnet,
/// chosen once every resource is read, and the reader says whether the answers hold for every address AWS may
/// assign there (no prefix the network mentions splits the subnet) or which prefixes make the assignment matter;
/// a public one stands as an address of 203.0.113.0/24 (TEST-NET-3, which AWS never assigns), and a warning says so.
struct UnknownAddress: Sendable, Hashable {
    /// What it is the address of: `aws_instance.web.private_ip`.
    let label: String
    /// The placeholder in the outputs until the representative is chosen.
    let token: String
    /// The subnet AWS assigns it in (private ones), or nil (public ones).
    let subnet: String?
}

/// A private address unknown until apply, with the representative it stands as and the prefixes (mentioned by rules,
/// routes or network ACL entries) that split its subnet: when there are none, every address AWS may assign answers
/// alike.
public struct UnknownPrivateAddress: Sendable, Hashable {
    public let label: String
    public let subnet: String
    public let subnetCIDR: IPPrefix?
    public let representative: IPAddress?
    /// Prefixes inside the subnet that the network mentions: the answer may depend on whether the assigned address
    /// falls in them. For each, `alternatives` holds a representative address inside it (and one outside all).
    public let splittingPrefixes: [IPPrefix]
    /// One representative per class of addresses (each class is treated alike by every rule and route).
    public let alternatives: [IPAddress]
}

extension Translation {
    mutating func standInAddress(for label: String, in subnet: String) -> String {
        let token = "<unknown:\(unknown.count)>"
        unknown.append(UnknownAddress(label: label, token: token, subnet: subnet))
        return token
    }

    mutating func standInPublicAddress(for label: String) -> String {
        publicStandIns += 1
        let address = "203.0.113.\(min(publicStandIns, 254))"
        warn("public \(label)", "\(label) is unknown until apply (AWS assigns it); it stands as \(address) (TEST-NET-3, never a real address)")
        return address
    }

    /// Every prefix the network's rules, routes, network ACL entries, VPCs and subnets mention (IPv4).
    private func mentionedPrefixes() -> [IPPrefix] {
        var texts: [String] = []
        for group in set.all("SecurityGroups") {
            for key in ["IpPermissions", "IpPermissionsEgress"] {
                for permission in group.elements(key) {
                    guard case .object(let object) = permission else { continue }
                    for range in object.elements("IpRanges") { if case .object(let r) = range, let t = r.text("CidrIp") { texts.append(t) } }
                }
            }
        }
        for acl in set.all("NetworkAcls") {
            for entry in acl.elements("Entries") { if case .object(let e) = entry, let t = e.text("CidrBlock") { texts.append(t) } }
        }
        for table in set.all("RouteTables") {
            for route in table.elements("Routes") { if case .object(let r) = route, let t = r.text("DestinationCidrBlock") { texts.append(t) } }
        }
        for subnet in set.all("Subnets") { if let t = subnet.text("CidrBlock") { texts.append(t) } }
        return texts.compactMap { IPPrefix($0) }
    }

    /// Chooses the representatives of the private addresses unknown until apply and writes them in place of
    /// their placeholders.
    mutating func resolveUnknownAddresses() {
        guard !unknown.isEmpty else { return }
        let mentioned = mentionedPrefixes()
        var used: Set<IPAddress> = []
        var substitutions: [String: String] = [:]
        for item in unknown {
            guard let subnetID = item.subnet else { continue }
            let cidr = set.find("Subnets", subnetID)?.text("CidrBlock").flatMap { IPPrefix($0) }
            guard let cidr else {
                warn("unknown \(item.label)", "\(item.label) is unknown until apply and so is its subnet's CIDR block; the address is not modelled (no interface stands for it)")
                continue
            }
            let splitting = Array(Set(mentioned.filter { $0.length > cidr.length && cidr.contains($0.network) })).sorted { $0.description < $1.description }
            let alternatives = Self.classRepresentatives(of: cidr, splitBy: splitting, avoiding: used)
            guard var representative = alternatives.first else { continue }
            if let chosen = assignments[item.label], alternatives.contains(chosen) { representative = chosen }
            used.insert(representative)
            substitutions[item.token] = representative.description
            unknownPrivateAddresses.append(UnknownPrivateAddress(label: item.label, subnet: subnetID, subnetCIDR: cidr, representative: representative,
                                                                 splittingPrefixes: splitting, alternatives: alternatives))
            if splitting.isEmpty {
                warn("unknown \(item.label)", "\(item.label) is unknown until apply; no rule, route or network ACL entry tells apart the addresses of \(cidr), so the answers hold for every address AWS may assign there (\(representative) stands for them)")
            } else if assignments[item.label] == nil {
                warn("unknown \(item.label)", "\(item.label) is unknown until apply and the assignment matters: \(splitting.map(\.description).joined(separator: ", ")) split \(cidr); answers that depend on it are UNKNOWN unless every assignment (\(alternatives.map(\.description).joined(separator: ", "))) answers alike")
            }
        }
        set.substitute(substitutions, dropping: Set(unknown.map(\.token)).subtracting(substitutions.keys))
    }

    /// One usable address (not among AWS's five reserved ones, nor used) per class: inside each splitting prefix
    /// (not inside a longer one), and outside them all.
    static func classRepresentatives(of cidr: IPPrefix, splitBy prefixes: [IPPrefix], avoiding used: Set<IPAddress>) -> [IPAddress] {
        let first = cidr.network.value
        let size: UInt128 = cidr.length >= 32 ? 1 : (UInt128(1) << UInt128(32 - cidr.length))
        let last = first + size - 1
        func usable(_ value: UInt128) -> Bool {
            let address = IPAddress(family: .ipv4, value: value)
            return value >= first + 4 && value < last && !used.contains(address)
        }
        func signature(_ value: UInt128) -> [Bool] {
            let address = IPAddress(family: .ipv4, value: value)
            return prefixes.map { $0.contains(address) }
        }
        var seen: Set<[Bool]> = []
        var result: [IPAddress] = []
        var candidates: [UInt128] = [first + 4]
        for prefix in prefixes {
            candidates.append(prefix.network.value)
            candidates.append(prefix.network.value + 1)
            let prefixSize: UInt128 = prefix.length >= 32 ? 1 : (UInt128(1) << UInt128(32 - prefix.length))
            candidates.append(prefix.network.value + prefixSize)  // just past it
            candidates.append(prefix.network.value + prefixSize + 1)
            if prefix.network.value > 0 { candidates.append(prefix.network.value - 1) }
        }
        var value = first + 4
        var steps = 0
        while value < last && steps < 4096 {  // a few more candidates for classes the edges miss
            candidates.append(value)
            value += max(1, size / 4096)
            steps += 1
        }
        for candidate in candidates where usable(candidate) {
            if seen.insert(signature(candidate)).inserted { result.append(IPAddress(family: .ipv4, value: candidate)) }
        }
        return result
    }
}

extension DescribeSet {
    /// Replaces placeholder strings wherever they stand; an interface (or address entry) holding one of `dropped`
    /// is removed, and so is a member holding one elsewhere.
    mutating func substitute(_ substitutions: [String: String], dropping dropped: Set<String>) {
        guard !substitutions.isEmpty || !dropped.isEmpty else { return }
        func holdsDropped(_ value: JSONValue) -> Bool {
            guard case .object(let object) = value else { return false }
            return object.orderedMembers.contains { member in
                if case .string(let text) = member.value { return dropped.contains(text) }
                return false
            }
        }
        func replace(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text): return substitutions[text].map { .string($0) } ?? value
            case .array(let items): return .array(items.filter { !holdsDropped($0) }.map(replace))
            case .object(let object):
                return .object(JSONObject(object.orderedMembers.compactMap { member in
                    if case .string(let text) = member.value, dropped.contains(text) { return nil }
                    return (member.key, replace(member.value))
                }))
            default: return value
            }
        }
        replaceAll(replace)
    }
}

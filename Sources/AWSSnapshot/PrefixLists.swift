import NetworkModel

extension SnapshotBuilder {
    /// `describe-prefix-lists` (AWS service prefix lists): `{"PrefixLists": [{"PrefixListId", "PrefixListName",
    /// "Cidrs": ["3.5.0.0/20", "2600:1f18::/33", …]}]}`: CIDRs of either family, in the order listed.
    mutating func readPrefixLists(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("PrefixListId")
            var blocks: [IPPrefix] = []
            for cidr in try item.array("Cidrs") { blocks.appendMissing([try cidr.prefix(nil)]) }
            addPrefixList(PrefixList(id: id, name: try item.optionalString("PrefixListName") ?? id, cidrBlocks: blocks))
        }
    }

    /// `describe-managed-prefix-lists`: `{"ManagedPrefixLists": [{"PrefixListId", "PrefixListName", "AddressFamily"}]}`
    /// (`IPv4` or `IPv6`).
    ///
    /// This output names the lists but not their CIDRs. Those come from `aws ec2 get-managed-prefix-list-entries
    /// --prefix-list-id pl-… --output json`, which prints `{"Entries": [{"Cidr": …, "Description": …}]}` and does
    /// not say which list it describes: save each list's entries in a file whose name contains its id
    /// (`pl-0123abcd-entries.json`, `entries/pl-0123abcd.json`). A managed list without such a file gets no CIDRs
    /// and a warning. An entry of the other family than the list's `AddressFamily` is an error naming the entries
    /// file.
    mutating func readManagedPrefixLists(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        for item in try list.elements() {
            let id = try item.string("PrefixListId")
            var family: AddressFamily?
            if let node = try item.member("AddressFamily") {
                switch try node.string().lowercased() {
                case "ipv4": family = .ipv4
                case "ipv6": family = .ipv6
                default: throw node.error("\(quoted(try node.string())) is neither IPv4 nor IPv6")
                }
            }
            addPrefixList(PrefixList(id: id, name: try item.optionalString("PrefixListName") ?? id, cidrBlocks: []))
            managedPrefixLists.append((id, family, file.path))
        }
    }

    /// `get-managed-prefix-list-entries`: `{"Entries": [{"Cidr": …}]}`, in a file whose name contains the list's
    /// `pl-…` id (see `readManagedPrefixLists`).
    mutating func readManagedPrefixListEntries(_ list: JSONNode, from file: SourceFile) throws(SnapshotError) {
        var blocks: [(prefix: IPPrefix, jsonPath: String)] = []
        for entry in try list.elements() {
            let node = try entry.requiredMember("Cidr", expected: "a CIDR block")
            let block = try node.prefix(nil)
            if !blocks.contains(where: { $0.prefix == block }) { blocks.append((block, node.path.description)) }
        }
        let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
        guard let id = Self.prefixListID(in: name) else {
            warnings.add("Entries", file: file.path) { _ in
                "get-managed-prefix-list-entries output, but the file name contains no pl-… id to say which list; ignored"
            }
            return
        }
        prefixListEntries.append((id, blocks, file.path))
    }

    /// The first `pl-` followed by hex digits in a file name.
    static func prefixListID(in name: String) -> String? {
        let characters = Array(name)
        var start = 0
        while start + 3 < characters.count {
            if characters[start] == "p", characters[start + 1] == "l", characters[start + 2] == "-",
               start == 0 || !(characters[start - 1].isLetter || characters[start - 1].isNumber) {
                let digits = characters[(start + 3)...].prefix { $0.isHexDigit && $0.isASCII }
                if !digits.isEmpty { return "pl-" + String(digits) }
            }
            start += 1
        }
        return nil
    }

    private mutating func addPrefixList(_ list: PrefixList) {
        prefixLists.add(list, id: list.id) { first, other in
            first.cidrBlocks.appendMissing(other.cidrBlocks)
            if first.name == first.id { first.name = other.name }
        }
    }

    /// Gives managed prefix lists the CIDRs of their entries files, and warns about lists that have none. An entry
    /// of the other family than its list's `AddressFamily` is an error.
    mutating func applyPrefixListEntries() throws(SnapshotError) {
        var covered = Set<String>()
        var families: [String: AddressFamily] = [:]
        for managed in managedPrefixLists { if let family = managed.family, families[managed.id] == nil { families[managed.id] = family } }
        for entries in prefixListEntries {
            covered.insert(entries.id)
            if let family = families[entries.id], let wrong = entries.cidrBlocks.first(where: { $0.prefix.family != family }) {
                throw SnapshotError(file: entries.file, jsonPath: wrong.jsonPath,
                                    message: "\(quoted(wrong.prefix.description)) is not an \(family) CIDR (\(entries.id) is an \(family) list)")
            }
            addPrefixList(PrefixList(id: entries.id, name: entries.id, cidrBlocks: entries.cidrBlocks.map(\.prefix)))
        }
        for managed in managedPrefixLists where !covered.contains(managed.id) && prefixLists[managed.id]?.cidrBlocks.isEmpty != false {
            covered.insert(managed.id)
            warnings.add("ManagedPrefixLists", file: managed.file, detail: managed.id) { count in
                "no get-managed-prefix-list-entries output (a file named after the id) for \(count) list\(count == 1 ? "" : "s"), so \(count == 1 ? "its" : "their") CIDRs are unknown and taken as empty"
            }
        }
    }
}

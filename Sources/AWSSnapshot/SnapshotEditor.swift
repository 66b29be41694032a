import Foundation
import NetworkModel

/// Why a command cannot be applied to a snapshot: a resource it names is missing, AWS would refuse it, or the
/// editor does not know the command.
public struct SnapshotEditError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Makes AWS CLI commands (`aws ec2 create-route …`, `accept-vpc-peering-connection`, …) on a snapshot: the
/// describe-* JSON changes the way `aws ec2 describe-…` would print it after the command ran, and a copy of the
/// snapshot is written with the same file names and folders.
///
/// Only the resources a command changes are rewritten, in place in the files that describe them (every copy, when
/// several region dumps describe one resource), in the file's own layout; every other byte is kept. A resource
/// a command creates goes into the file of its kind in the folder of the VPC it belongs to (a new
/// `describe-….json` there when there is none). Ids AWS would return (`VpcPeeringConnectionId`, `AllocationId`,
/// `PublicIp`, `InternetGatewayId`) are taken from `response`, else made up as `pcx-pathproof0001`, ….
///
/// Commands: create-route, replace-route, delete-route (`--destination-cidr-block` for IPv4,
/// `--destination-ipv6-cidr-block` for IPv6, or `--destination-prefix-list-id`), authorize-security-group-ingress /
/// -egress (with `--ip-permissions` JSON: `IpRanges` of `CidrIp`, `Ipv6Ranges` of `CidrIpv6`),
/// create-network-acl-entry, replace-network-acl-entry (`--cidr-block` or `--ipv6-cidr-block`), create-vpc-peering-connection,
/// accept-vpc-peering-connection, create-internet-gateway, attach-internet-gateway, allocate-address,
/// associate-address, start-instances, and the transit gateway commands of `SnapshotEditor+TransitGateway.swift`.
/// `--region` is accepted and ignored.
public struct SnapshotEditor {
    public let directory: String
    /// The network as the snapshot describes it before any edit: the facts commands look up (a VPC's region,
    /// owner and CIDR blocks, the instance of an interface).
    let network: Network
    var files: [SourceFile]
    var documents: [String: EditableJSONDocument]
    var edited: Set<String> = []
    var created: [String] = []
    var pendingGateways: [String: [(String, EditValue)]] = [:]
    var pendingGatewayOrder: [String] = []
    var pendingAddresses: [String: String] = [:]
    var pendingAddressOrder: [String] = []
    var handedOut: Set<String> = []

    /// Reads the snapshot (it must be one `SnapshotReader` accepts).
    public init(directory: String) throws(SnapshotError) {
        self.directory = directory
        network = try SnapshotReader.load(directory: directory).network
        files = try SnapshotDirectory.jsonFiles(in: directory)
        documents = [:]
        for file in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            guard let data = try? Data(contentsOf: url) else {
                throw SnapshotError(file: file.path, jsonPath: "", message: "cannot read")
            }
            do {
                documents[file.path] = try EditableJSONDocument(bytes: Array(data))
            } catch {
                throw SnapshotError(file: file.path, jsonPath: "", message: "invalid JSON at byte \(error.offset): \(error.message)")
            }
        }
    }

    /// The files (relative to the snapshot folder) that the commands so far changed or created, sorted.
    public var changedFiles: [String] { Array(edited.union(created)).sorted() }

    /// The current text of a snapshot file (edited or not); nil if there is no such JSON file.
    public func contents(of path: String) -> [UInt8]? { documents[path]?.bytes }

    /// Writes the edited snapshot to `output`, which must not exist or be an empty folder: every file of the
    /// snapshot folder copied, the changed ones rewritten, the new ones added.
    public func write(to output: String) throws(SnapshotEditError) {
        var editor = self
        try editor.placePending()
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SnapshotEditError("\(output) exists and is not a folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: output)) ?? []
            guard entries.isEmpty else { throw SnapshotEditError("\(output) exists and is not empty; give a new folder") }
            try? manager.removeItem(atPath: output)
        }
        do {
            try manager.copyItem(atPath: directory, toPath: output)
            for path in editor.changedFiles {
                guard let bytes = editor.documents[path]?.bytes else { continue }
                let url = URL(fileURLWithPath: output).appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            }
        } catch {
            throw SnapshotEditError("cannot write \(output): \(error.localizedDescription)")
        }
    }

    // MARK: Finding resources

    /// Where a resource is described: a file and its index in the file's top-level list.
    struct Place {
        let path: String
        let index: Int
    }

    /// Every description of the resource whose `idKey` is `id` in the top-level lists under `key`.
    func find(_ key: String, _ idKey: String, _ id: String) -> [Place] {
        var places: [Place] = []
        for file in files {
            guard let list = documents[file.path]?.root.member(key) else { continue }
            for (index, item) in list.elements.enumerated() where item.member(idKey)?.string == id {
                places.append(Place(path: file.path, index: index))
            }
        }
        return places
    }

    func resource(_ place: Place, _ key: String) -> LocatedValue? {
        documents[place.path]?.root.member(key)?.element(place.index)
    }

    /// Edits one resource: `body` gets its document and the resource as found now.
    mutating func edit(_ place: Place, _ key: String,
                       _ body: (inout EditableJSONDocument, LocatedValue) throws(SnapshotEditError) -> Void) throws(SnapshotEditError) {
        guard var document = documents[place.path], let item = document.root.member(key)?.element(place.index) else { return }
        try body(&document, item)
        documents[place.path] = document
        edited.insert(place.path)
    }

    /// Runs one splice of a document, turning a layout failure into an edit error.
    static func splice(_ work: () throws(LocatedJSONError) -> Void) throws(SnapshotEditError) {
        do { try work() } catch { throw SnapshotEditError("the edit produced invalid JSON (\(error.message)); nothing was written") }
    }

    /// The folder (relative) of the file that describes a VPC; "" when none does.
    func folder(ofVPC vpcID: String) -> String {
        guard let place = find("Vpcs", "VpcId", vpcID).first else { return "" }
        return files.first { $0.path == place.path }?.directory ?? ""
    }

    /// Adds a new resource to the list under `key` in the first file of `folder` that has one, or in a new
    /// `fileName` there.
    mutating func add(_ resource: EditValue, key: String, folder: String, fileName: String) throws(SnapshotEditError) {
        if let file = files.first(where: { $0.directory == folder && documents[$0.path]?.root.member(key) != nil }),
           var document = documents[file.path], let list = document.root.member(key) {
            if list.isArray {
                try Self.splice { () throws(LocatedJSONError) in try document.append(resource, to: list) }
            } else {
                throw SnapshotEditError("\(file.path): \(key) is not a list")
            }
            documents[file.path] = document
            edited.insert(file.path)
            return
        }
        var path = folder.isEmpty ? fileName : "\(folder)/\(fileName)"
        if documents[path] != nil { path = folder.isEmpty ? "pathproof-\(fileName)" : "\(folder)/pathproof-\(fileName)" }
        let bytes = EditableJSONDocument.new(.object([(key, .array([resource]))]))
        do {
            documents[path] = try EditableJSONDocument(bytes: bytes)
        } catch {
            throw SnapshotEditError("cannot make \(path): \(error.message)")
        }
        let region = files.first { $0.directory == folder }?.region
        files.append(SourceFile(path: path, directory: folder, region: region, account: nil))
        files.sort { $0.path < $1.path }
        created.append(path)
    }

    /// `<prefix>-pathproof0001`: the first such id no file mentions and no command made yet.
    mutating func syntheticID(_ prefix: String) -> String {
        var n = 1
        while true {
            let digits = String(n)
            let id = "\(prefix)-pathproof\(String(repeating: "0", count: max(0, 4 - digits.count)))\(digits)"
            let needle = Array("\"\(id)\"".utf8)
            let mentioned = documents.values.contains { $0.bytes.firstRange(of: needle) != nil }
            if !mentioned, handedOut.insert(id).inserted { return id }
            n += 1
        }
    }

    /// Resources created but never attached or associated go to the first file of their kind (or a new one).
    mutating func placePending() throws(SnapshotEditError) {
        for id in pendingGatewayOrder {
            guard let gateway = pendingGateways.removeValue(forKey: id) else { continue }
            try add(.object(gateway), key: "InternetGateways", folder: "", fileName: "describe-internet-gateways.json")
        }
        for id in pendingAddressOrder {
            guard let publicIP = pendingAddresses.removeValue(forKey: id) else { continue }
            try add(.object([("AllocationId", .string(id)), ("Domain", .string("vpc")), ("PublicIp", .string(publicIP))]),
                    key: "Addresses", folder: "", fileName: "describe-addresses.json")
        }
    }
}

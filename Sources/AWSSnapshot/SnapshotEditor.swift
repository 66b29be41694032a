import Foundation
import NetworkModel

/// Why an action cannot be made on a snapshot: a resource it names is missing, or AWS would refuse it.
public struct SnapshotEditError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Makes the AWS calls of a fix (`FixAction`: create-route, accept-vpc-peering-connection, …) on a snapshot: the
/// describe-* JSON changes the way `aws ec2 describe-…` would print it after the call, and a copy of the snapshot
/// is written with the same file names and folders.
///
/// Only the resources an action changes are rewritten, in place in the files that describe them (every copy, when
/// several region dumps describe one resource), in the file's own layout; every other byte is kept. A resource
/// an action creates goes into the file of its kind in the folder of the VPC it belongs to (a new
/// `describe-….json` there when there is none), under the id the action gives it (`pcx-pathproof0001`, the ids
/// AWS would return).
///
/// Actions: the route, security group, network ACL, peering, internet gateway, Elastic IP and instance calls of
/// `SnapshotEditor+VPC.swift`, the transit gateway calls of `SnapshotEditor+TransitGateway.swift` and the
/// appliance, gateway endpoint and VPN calls of `SnapshotEditor+Edge.swift`, and the load balancer listener of
/// `SnapshotEditor+LoadBalancer.swift`. The region of an accepter is not
/// needed: every region's files are edited alike.
public struct SnapshotEditor {
    public let directory: String
    /// The network as the snapshot describes it before any edit: the facts actions look up (a VPC's region,
    /// owner and CIDR blocks, the instance of an interface).
    let network: Network
    var files: [SourceFile]
    var documents: [String: JSONDocument]
    var edited: Set<String> = []
    var created: [String] = []
    var pendingGateways: [String: [(String, JSONValue)]] = [:]
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
            let bytes = try SnapshotReader.read(file, in: directory)
            do {
                documents[file.path] = try JSONDocument(bytes: bytes)
            } catch {
                throw SnapshotReader.syntaxError(error, in: file, bytes: bytes)
            }
        }
    }

    /// Makes one AWS call of a fix on the snapshot.
    public mutating func apply(_ action: FixAction) throws(SnapshotEditError) {
        switch action {
        case .createRoute(let table, let destination, let target):
            try createRoute(table, .cidr(destination), target)
        case .replaceRoute(let table, let destination, let target):
            try replaceRoute(table, destination, target)
        case .deleteRoute(let table, let destination):
            try deleteRoute(table, destination)
        case .authorizeSecurityGroupRule(let group, let direction, let rule):
            try authorize(group, direction, rule)
        case .createNetworkACLEntry(let acl, let entry):
            try networkACLEntry(acl, entry, replace: false)
        case .replaceNetworkACLEntry(let acl, let entry):
            try networkACLEntry(acl, entry, replace: true)
        case .createPeeringConnection(let id, let requester, let accepter, let accepterRegion, let accepterOwner):
            try createPeering(id, requester: requester, accepter: accepter, accepterRegion: accepterRegion, accepterOwner: accepterOwner)
        case .acceptPeeringConnection(let id, _):
            try acceptPeering(id)
        case .modifyPeeringDNSResolution(let id, let side, let allow):
            try modifyPeeringDNSResolution(id, side: side, allow: allow)
        case .createInternetGateway(let id):
            createGateway(id)
        case .attachInternetGateway(let id, let vpc):
            try attachGateway(id, to: vpc)
        case .allocateAddress(let allocationID, let publicAddress):
            allocateAddress(allocationID, publicAddress)
        case .associateAddress(let allocationID, let interface, let privateAddress):
            try associateAddress(allocationID, interface: interface, privateAddress: privateAddress)
        case .startInstance(let id):
            try startInstance(id)
        case .createTransitGatewayRoute(let table, let destination, let attachment):
            try transitGatewayRoute(table, destination, attachment, replace: false)
        case .replaceTransitGatewayRoute(let table, let destination, let attachment):
            try transitGatewayRoute(table, destination, attachment, replace: true)
        case .enableTransitGatewayPropagation(let table, let attachment):
            try enablePropagation(table, attachment)
        case .associateTransitGatewayRouteTable(let table, let attachment):
            try associate(table, attachment)
        case .addTransitGatewayAttachmentSubnets(let attachment, let subnets):
            try addAttachmentSubnets(attachment, subnets)
        case .acceptTransitGatewayAttachment(let id, let peering):
            try acceptAttachment(id, peering: peering)
        case .disableSourceDestinationCheck(let interface):
            try disableSourceDestinationCheck(interface)
        case .createGatewayEndpoint(let id, let vpc, let service):
            try createGatewayEndpoint(id, vpc: vpc, service: service)
        case .addGatewayEndpointRouteTable(let endpoint, let table):
            try addEndpointRouteTable(endpoint, table)
        case .attachVPNGateway(let id, let vpc):
            try attachVPNGateway(id, to: vpc)
        case .createVPNConnectionRoute(let connection, let destination):
            try createVPNConnectionRoute(connection, destination)
        case .createListener(let arn, let loadBalancer, let listenerProtocol, let port, let targetGroup):
            try createListener(arn, loadBalancer: loadBalancer, listenerProtocol: listenerProtocol, port: port, targetGroup: targetGroup)
        case .enableCrossZone(let arn, let targetGroup):
            try enableCrossZone(arn, targetGroup: targetGroup)
        case .registerTarget(let group, let target):
            try registerTarget(target, in: group)
        case .setLoadBalancerSubnets(let loadBalancer, let subnets):
            try setSubnets(subnets, of: loadBalancer)
        case .createClassicListener(_, let name, let listenerProtocol, let port, let instanceProtocol, let instancePort):
            try createClassicListener(name, listenerProtocol: listenerProtocol, port: port, instanceProtocol: instanceProtocol, instancePort: instancePort)
        case .registerClassicInstance(_, let name, let instance):
            try registerClassicInstance(instance, with: name)
        case .attachClassicSubnets(_, let name, let subnets):
            try attachClassicSubnets(subnets, to: name)
        case .enableClassicCrossZone(_, let name):
            try enableClassicCrossZone(name)
        }
    }

    /// The files (relative to the snapshot folder) that the actions so far changed or created, sorted.
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

    func resource(_ place: Place, _ key: String) -> JSONDocument.Node? {
        documents[place.path]?.root.member(key)?.element(place.index)
    }

    /// Edits one resource: `body` gets its document and the resource as found now.
    mutating func edit(_ place: Place, _ key: String,
                       _ body: (inout JSONDocument, JSONDocument.Node) throws(SnapshotEditError) -> Void) throws(SnapshotEditError) {
        guard var document = documents[place.path], let item = document.root.member(key)?.element(place.index) else { return }
        try body(&document, item)
        documents[place.path] = document
        edited.insert(place.path)
    }

    /// Makes one splice in the document at `path`.
    mutating func change(_ path: String, _ work: (inout JSONDocument) throws(JSONSyntaxError) -> Void) throws(SnapshotEditError) {
        guard var document = documents[path] else { return }
        try Self.splice { () throws(JSONSyntaxError) in try work(&document) }
        documents[path] = document
        edited.insert(path)
    }

    /// Runs one splice of a document, turning a layout failure into an edit error.
    static func splice(_ work: () throws(JSONSyntaxError) -> Void) throws(SnapshotEditError) {
        do { try work() } catch { throw SnapshotEditError("the edit produced invalid JSON (\(error.message)); nothing was written") }
    }

    /// The folder (relative) of the file that describes a VPC; "" when none does.
    func folder(ofVPC vpcID: String) -> String {
        guard let place = find("Vpcs", "VpcId", vpcID).first else { return "" }
        return files.first { $0.path == place.path }?.directory ?? ""
    }

    /// Adds a new resource to the list under `key` in the first file of `folder` that has one, or in a new
    /// `fileName` there.
    mutating func add(_ resource: JSONValue, key: String, folder: String, fileName: String) throws(SnapshotEditError) {
        if let file = files.first(where: { $0.directory == folder && documents[$0.path]?.root.member(key) != nil }),
           var document = documents[file.path], let list = document.root.member(key) {
            if list.isArray {
                try Self.splice { () throws(JSONSyntaxError) in try document.append(resource, to: list) }
            } else {
                throw SnapshotEditError("\(file.path): \(key) is not a list")
            }
            documents[file.path] = document
            edited.insert(file.path)
            return
        }
        var path = folder.isEmpty ? fileName : "\(folder)/\(fileName)"
        if documents[path] != nil { path = folder.isEmpty ? "pathproof-\(fileName)" : "\(folder)/pathproof-\(fileName)" }
        try createFile(path, folder: folder, key: key, first: resource)
    }

    /// A new file at `path` (in `folder`) holding `{key: [first]}`, written as `aws … --output json` writes.
    mutating func createFile(_ path: String, folder: String, key: String, first: JSONValue) throws(SnapshotEditError) {
        try createFile(path, folder: folder, holding: .object([key: .array([first])]))
    }

    /// A new file at `path` (in `folder`) holding `value`, written as `aws … --output json` writes.
    mutating func createFile(_ path: String, folder: String, holding value: JSONValue) throws(SnapshotEditError) {
        do {
            documents[path] = try JSONDocument(bytes: JSONDocument.new(value))
        } catch {
            throw SnapshotEditError("cannot make \(path): \(error.message)")
        }
        let region = files.first { $0.directory == folder }?.region
        files.append(SourceFile(path: path, directory: folder, region: region, account: nil))
        files.sort { $0.path < $1.path }
        created.append(path)
    }

    /// `<prefix>-pathproof0001`: the first such id no file mentions and no action made yet.
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
            try add(.object(JSONObject(gateway)), key: "InternetGateways", folder: "", fileName: "describe-internet-gateways.json")
        }
        for id in pendingAddressOrder {
            guard let publicIP = pendingAddresses.removeValue(forKey: id) else { continue }
            try add(.object(["AllocationId": .string(id), "Domain": .string("vpc"), "PublicIp": .string(publicIP)]),
                    key: "Addresses", folder: "", fileName: "describe-addresses.json")
        }
    }
}

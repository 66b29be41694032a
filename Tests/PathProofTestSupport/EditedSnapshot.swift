import Foundation
import NetworkModel

/// A copy of a snapshot folder's describe-* JSON, edited in memory and written to a temporary folder: the way
/// tests make real JSON show one misconfiguration at a time.
public struct EditedSnapshot {
    public typealias Object = [String: Any]
    public private(set) var files: [String: Object] = [:]

    public init(copying directory: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
            files[name] = try JSONSerialization.jsonObject(with: data) as? Object
        }
    }

    /// Edits every resource in the list under `key` (e.g. "SecurityGroups") of the file that has it.
    public mutating func editEach(_ key: String, _ body: (inout Object) -> Void) {
        for (name, var object) in files {
            guard var list = object[key] as? [Object] else { continue }
            for index in list.indices { body(&list[index]) }
            object[key] = list
            files[name] = object
        }
    }

    /// Removes a file (`describe-security-groups.json`), as a snapshot taken without that describe command.
    public mutating func remove(_ name: String) throws {
        guard files.removeValue(forKey: name) != nil else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
    }

    /// Appends a resource to the list under `key`.
    public mutating func append(_ key: String, _ resource: Object) {
        for (name, var object) in files {
            guard var list = object[key] as? [Object] else { continue }
            list.append(resource)
            object[key] = list
            files[name] = object
            return
        }
        files["extra-\(key).json"] = [key: [resource]]
    }

    public func resources(_ key: String) -> [Object] { files.values.compactMap { $0[key] as? [Object] }.flatMap { $0 } }

    public static func name(_ resource: Object) -> String? {
        ((resource["Tags"] ?? resource["TagSet"]) as? [Object])?.first { $0["Key"] as? String == "Name" }?["Value"] as? String
    }

    /// Each instance of the snapshot (inside its reservation).
    public mutating func editInstances(_ body: (inout Object) -> Void) {
        editEach("Reservations") { reservation in
            var instances = reservation["Instances"] as? [Object] ?? []
            for index in instances.indices { body(&instances[index]) }
            reservation["Instances"] = instances
        }
    }

    /// The network of the edited snapshot (written to a temporary folder, read, and the folder removed).
    public func load() throws -> Network {
        let directory = try write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try Fixtures.load(directory)
    }

    public func write() throws -> String {
        let directory = try Temporary.folder("edit")
        for (name, object) in files {
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                .write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        return directory
    }
}

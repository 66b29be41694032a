import Foundation
import NetworkModel

/// `describe-*` outputs held in memory rather than in a snapshot folder: the outputs of a snapshot directory as
/// parsed, edited by another reader (the Terraform reader lays a plan over them), or built by it from its own input.
/// Each is read exactly as the file of the same path in a snapshot directory would be.
package struct DescribeOutput: Sendable {
    /// The path it is reported under, relative to the snapshot directory (its folders give region and account, as
    /// a file's do).
    package var path: String
    /// Its top-level object (`{"Vpcs": [...]}`).
    package var value: JSONValue
    /// The folders of the snapshot directory itself (a region or `accounts/<id>` in them counts too).
    package var outerFolders: [String]

    package init(path: String, value: JSONValue, outerFolders: [String] = []) {
        self.path = path
        self.value = value
        self.outerFolders = outerFolders
    }
}

extension SnapshotReader {
    /// The outputs of a snapshot directory, parsed, in the order `load(directory:)` reads them.
    package static func outputs(directory: String) throws(SnapshotError) -> [DescribeOutput] {
        var outputs: [DescribeOutput] = []
        let outer = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents.filter { $0 != "/" }
        for file in try SnapshotDirectory.jsonFiles(in: directory) {
            outputs.append(DescribeOutput(path: file.path, value: try parse(file, bytes: try read(file, in: directory)).value, outerFolders: outer))
        }
        return outputs
    }

    /// The snapshot these outputs describe, as if each were a file of a snapshot directory.
    package static func load(outputs: [DescribeOutput]) throws(SnapshotError) -> Snapshot {
        var builder = SnapshotBuilder()
        for output in outputs {
            let file = SnapshotDirectory.sourceFile(output.path, outerFolders: output.outerFolders)
            try builder.read(JSONNode(value: output.value, file: output.path), from: file)
        }
        return try builder.finish(files: outputs.map(\.path))
    }
}

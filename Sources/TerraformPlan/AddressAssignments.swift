import AWSSnapshot
import NetworkModel

/// One other assignment of a private address unknown until apply: the same file read with another class's
/// representative for it (one unknown address at a time, the others keeping theirs).
public struct AddressAssignment: Sendable {
    public let address: UnknownPrivateAddress
    /// The representative the first reading chose.
    public let chosen: IPAddress
    /// The other class's representative.
    public let alternative: IPAddress
    /// The network after apply with `alternative`.
    public let network: TerraformNetwork

    /// Why an answer is unknown when this assignment answers otherwise than the chosen one.
    public func dependence(chosenAnswer: String, alternativeAnswer: String) -> String {
        "the answer depends on the address AWS assigns to \(address.label) in \(address.subnetCIDR?.description ?? address.subnet) "
            + "(split by \(address.splittingPrefixes.map(\.description).joined(separator: ", "))): "
            + "with \(chosen) it is \(chosenAnswer), with \(alternative) it is \(alternativeAnswer)"
    }
}

extension TerraformNetwork {
    /// The private addresses unknown until apply whose subnet the network's prefixes split: which address AWS
    /// assigns may change an answer.
    public var addressesWhoseClassMatters: [UnknownPrivateAddress] {
        unknownAddresses.filter { $0.alternatives.count > 1 && $0.representative != nil }
    }

    /// Every other assignment of each address whose class matters, each read from the same file (and snapshot).
    /// A command compares its answer on each with its answer on this reading: where they differ, the answer is
    /// UNKNOWN (`AddressAssignment.dependence`), never the first representative's answer presented as fact.
    public func otherAssignments() throws(SnapshotError) -> [AddressAssignment] {
        var result: [AddressAssignment] = []
        for unknown in addressesWhoseClassMatters {
            guard let chosen = unknown.representative else { continue }
            for alternative in unknown.alternatives where alternative != chosen {
                let network = try TerraformReader.load(file: file, snapshotDirectory: snapshotDirectory, assignments: [unknown.label: alternative])
                result.append(AddressAssignment(address: unknown, chosen: chosen, alternative: alternative, network: network))
            }
        }
        return result
    }
}

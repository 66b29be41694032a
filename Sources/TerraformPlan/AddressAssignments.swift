import AWSSnapshot
import NetworkModel

/// One other reading of what is unknown until apply: the same file read with another class's representative for a
/// private address (one unknown address at a time, the others keeping theirs), or with a VPN connection's tunnels
/// down (read as up at first).
public struct AddressAssignment: Sendable {
    public enum Subject: Sendable {
        /// A private address: the representative the first reading chose, and the other class's.
        case address(UnknownPrivateAddress, chosen: IPAddress, alternative: IPAddress)
        /// The tunnels of a VPN connection, up in the first reading and down in this one.
        case tunnels(UnknownTunnels)
    }

    public let subject: Subject
    /// The network after apply with the other assignment.
    public let network: TerraformNetwork

    /// Why an answer is unknown when this assignment answers otherwise than the chosen one.
    public func dependence(chosenAnswer: String, alternativeAnswer: String) -> String {
        switch subject {
        case .address(let address, let chosen, let alternative):
            "the answer depends on the address AWS assigns to \(address.label) in \(address.subnetCIDR?.description ?? address.subnet) "
                + "(split by \(address.splittingPrefixes.map(\.description).joined(separator: ", "))): "
                + "with \(chosen) it is \(chosenAnswer), with \(alternative) it is \(alternativeAnswer)"
        case .tunnels(let tunnels):
            "the answer depends on the tunnels of \(tunnels.label)\(tunnels.connection == tunnels.label ? "" : " (\(tunnels.connection))"), "
                + "whose status is unknown until apply: with them up it is \(chosenAnswer), with them down it is \(alternativeAnswer)"
        }
    }
}

extension TerraformNetwork {
    /// The private addresses unknown until apply whose subnet the network's prefixes split: which address AWS
    /// assigns may change an answer.
    public var addressesWhoseClassMatters: [UnknownPrivateAddress] {
        unknownAddresses.filter { $0.alternatives.count > 1 && $0.representative != nil }
    }

    /// Whether something unknown until apply may change an answer (an address whose class matters, or a VPN
    /// connection's tunnels): commands then compare their answer with `otherAssignments`.
    public var hasAlternativeAssignments: Bool {
        !addressesWhoseClassMatters.isEmpty || !unknownTunnels.isEmpty
    }

    /// Every other assignment of each address whose class matters, and each VPN connection with its tunnels down,
    /// each read from the same file (and snapshot). A command compares its answer on each with its answer on this
    /// reading: where they differ, the answer is UNKNOWN (`AddressAssignment.dependence`), never the first
    /// representative's answer presented as fact.
    public func otherAssignments() throws(SnapshotError) -> [AddressAssignment] {
        var result: [AddressAssignment] = []
        for unknown in addressesWhoseClassMatters {
            guard let chosen = unknown.representative else { continue }
            for alternative in unknown.alternatives where alternative != chosen {
                let network = try TerraformReader.load(file: file, snapshotDirectory: snapshotDirectory, assignments: [unknown.label: alternative])
                result.append(AddressAssignment(subject: .address(unknown, chosen: chosen, alternative: alternative), network: network))
            }
        }
        for tunnels in unknownTunnels {
            let network = try TerraformReader.load(file: file, snapshotDirectory: snapshotDirectory, tunnelsDown: [tunnels.label])
            result.append(AddressAssignment(subject: .tunnels(tunnels), network: network))
        }
        return result
    }
}

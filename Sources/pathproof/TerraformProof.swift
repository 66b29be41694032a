import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import TerraformPlan

/// `query --terraform FILE [--snapshot DIR] --proof DIR`: what the proof records of its input (the Terraform file's
/// SHA-256, the snapshot files' when a snapshot is given, and each address unknown until apply with what stands for
/// it), and why no proof can be written when an address AWS assigns at apply decides what the proof would show.
enum TerraformProof {
    /// Why a proof cannot be written over this reading (nil when it can): a private address unknown until apply whose
    /// subnet the network's prefixes split. The answer was re-checked with every class, but a claim or a witness is
    /// made over one representative, so it would prove the answer for the addresses of one class only.
    static func refusal(_ terraform: TerraformNetwork) -> String? {
        let splitting = terraform.addressesWhoseClassMatters
        guard !splitting.isEmpty else { return nil }
        let named = splitting.map { "\($0.label) (\($0.subnetCIDR?.description ?? $0.subnet), split by \($0.splittingPrefixes.map(\.description).joined(separator: ", ")))" }
        return "the network holds addresses unknown until apply whose assignment matters: \(named.joined(separator: "; ")); "
            + "a proof is made over one address of each and would hold for that one only (give private_ip, or prove it after apply from a snapshot)"
    }

    /// Why a witness cannot be written (nil when it can): its path crosses a virtual private gateway through a VPN
    /// connection whose tunnels are unknown until apply (read as up), so the packet it records may not get through.
    static func refusal(_ answer: Answer, _ terraform: TerraformNetwork, network: Network) -> String? {
        guard !terraform.unknownTunnels.isEmpty else { return nil }
        let unknown = Set(terraform.unknownTunnels.map(\.connection))
        let gateways = Dictionary(network.edge.vpnConnections.filter { unknown.contains($0.id) }.compactMap { connection in
            connection.vpnGatewayID.map { ($0, connection.id) }
        }, uniquingKeysWith: { first, _ in first })
        let hops = (answer.forward?.hops ?? []) + (answer.returnWalk?.hops ?? [])
        guard let hop = hops.first(where: { hop in gateways[hop.component].map { hop.detail.contains($0) } == true }),
              let connection = gateways[hop.component] else { return nil }
        let label = terraform.unknownTunnels.first { $0.connection == connection }?.label ?? connection
        return "the witness crosses \(hop.component) by \(label), whose tunnels are unknown until apply (read as up); "
            + "its packet may not get through after apply (prove it from a snapshot once the tunnels are up)"
    }

    /// The record of the input: the Terraform file, and the snapshot folder under it when one is given.
    static func record(_ terraform: TerraformNetwork, snapshotDirectory: String?) throws -> ProofSnapshotRecord {
        var notes: [String] = terraform.unknownAddresses.compactMap { address in
            guard let representative = address.representative else { return nil }
            return "\(address.label) is unknown until apply: \(representative) stands for every address AWS may assign in "
                + "\(address.subnetCIDR?.description ?? address.subnet), which no rule, route or network ACL entry tells apart"
        }
        notes += terraform.unknownTunnels.map { tunnels in
            "the tunnels of \(tunnels.label) are unknown until apply: read as up (the answer was checked to be the same with them down)"
        }
        notes += terraform.warnings.filter { $0.key.hasPrefix("public ") }.map { warning in
            warning.message.hasPrefix(warning.key + ": ") ? String(warning.message.dropFirst(warning.key.count + 2)) : warning.message
        }
        let file = try ProofSnapshotRecord.Terraform.make(file: terraform.file, unknownAddresses: notes.isEmpty ? nil : notes)
        guard let snapshotDirectory else { return ProofSnapshotRecord(directory: "", files: [], terraform: file) }
        var record = try ProofSnapshotRecord.make(directory: snapshotDirectory, files: terraform.before?.files ?? [])
        record.terraform = file
        return record
    }
}

/// Reads a proof's Terraform file for `verify`, over its snapshot folder when it has one: the network after apply and
/// the folder's files as a fresh read finds them.
func loadTerraformForProof(_ file: String, _ directory: String?) throws -> (network: Network, files: [String]) {
    let terraform = try TerraformReader.load(file: file, snapshotDirectory: directory)
    return (terraform.after.network, directory == nil ? [] : terraform.before?.files ?? [])
}

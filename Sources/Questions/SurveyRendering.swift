import Analysis
import Foundation
import NetworkModel

/// The answers of `ports` and `exposure`, as people read them and as JSON for programs (the command line and the
/// query service print the same).
public enum SurveyRendering {
    /// `ports`: every protocol and port on which `from` reaches `to`.
    public struct PortsJSON: Encodable, Sendable {
        public struct Range: Encodable, Sendable { let from: UInt16; let to: UInt16 }
        let from: String
        let to: String
        let tcp: [Range]
        let udp: [Range]
        let icmpTypes: [UInt8]
        let otherICMPTypes: Bool
        let protocols: [UInt8]
        let otherProtocols: Bool
        let unknown: [String]
        let summary: String
        let checks: Int
        let milliseconds: Double

        public init(from: String, to: String, survey: PortSurvey, milliseconds: Double) {
            self.from = from
            self.to = to
            tcp = survey.tcp.map { Range(from: $0.lower, to: $0.upper) }
            udp = survey.udp.map { Range(from: $0.lower, to: $0.upper) }
            icmpTypes = survey.icmpTypes
            otherICMPTypes = survey.otherICMPTypes
            protocols = survey.protocols
            otherProtocols = survey.otherProtocols
            unknown = survey.unknown
            summary = survey.description
            checks = survey.checks
            self.milliseconds = (milliseconds * 10).rounded() / 10
        }
    }

    public static func portsText(from source: String, to destination: String, oneWay: Bool, survey: PortSurvey, milliseconds: Double) -> String {
        ["From \(source) to \(destination)\(oneWay ? " (one way)" : ""):",
         "  \(survey)",
         String(format: "Proved complete: %d checks, one per range of ports no rule divides (%.1f ms).", survey.checks, milliseconds)]
            .joined(separator: "\n")
    }

    /// `exposure`: every instance the internet reaches.
    public struct ExposureJSON: Encodable, Sendable {
        struct Source: Encodable, Sendable { let cidr: String; let securityGroups: [String]; let ports: String }
        struct Entry: Encodable, Sendable {
            let instance: String; let name: String?; let family: String; let publicAddresses: [String]; let ports: PortsJSON
            /// Whom each port is open to (exposed entries only).
            let sources: [Source]?
        }
        let exposed: [Entry]
        let unknown: [Entry]
        struct LoadBalancerEntry: Encodable, Sendable {
            let loadBalancer: String; let arn: String; let dnsName: String?; let type: String; let publicAddresses: [String]
            let ports: PortsJSON; let targets: [String]
        }
        /// What the internet reaches through internet-facing load balancers (absent when the snapshot has none).
        let loadBalancers: [LoadBalancerEntry]?
        let instances: Int
        let classes: Int
        let milliseconds: Double

        public init(_ exposure: Exposure, sources: [String: [ExposureSource]] = [:]) {
            func entry(_ entry: Exposure.Entry) -> Entry {
                Entry(instance: entry.instanceID, name: entry.name, family: entry.family.rawValue, publicAddresses: entry.publicAddresses.map(\.description),
                      ports: PortsJSON(from: "internet", to: entry.instanceID, survey: entry.ports, milliseconds: 0),
                      sources: sources[SurveyRendering.sourceKey(entry)].map { list in
                          list.map { Source(cidr: $0.block.description, securityGroups: $0.securityGroups, ports: $0.ports.description) }
                      })
            }
            exposed = exposure.exposed.map(entry)
            unknown = exposure.unknown.map(entry)
            loadBalancers = exposure.loadBalancers.map { found in
                (found.exposed + found.unknown).map { entry in
                    LoadBalancerEntry(loadBalancer: entry.name, arn: entry.arn, dnsName: entry.dnsName, type: entry.type.rawValue,
                                      publicAddresses: entry.publicAddresses.map(\.description),
                                      ports: PortsJSON(from: "internet", to: entry.name, survey: entry.ports, milliseconds: 0), targets: entry.targets)
                }
            }
            instances = exposure.instancesChecked
            classes = exposure.classCount
            milliseconds = (exposure.milliseconds * 10).rounded() / 10
        }
    }

    /// Whom each exposed instance's ports are open to: the source blocks and the security groups naming them, keyed
    /// as `sourceKey` says.
    public static func exposureSources(_ exposure: Exposure, network: Network, engine: ReachabilityEngine, oneWay: Bool) throws -> [String: [ExposureSource]] {
        var sources: [String: [ExposureSource]] = [:]
        for entry in exposure.exposed {
            sources[sourceKey(entry)] = try entry.sources(network: network, engine: engine, oneWay: oneWay)
        }
        return sources
    }

    static func sourceKey(_ entry: Exposure.Entry) -> String { "\(entry.instanceID) \(entry.family)" }

    public static func exposureText(_ exposure: Exposure, oneWay: Bool, sources: [String: [ExposureSource]] = [:]) -> String {
        var lines: [String] = []
        let throughLoadBalancers = exposure.loadBalancers?.lines ?? []
        if exposure.exposed.isEmpty && exposure.unknown.isEmpty && throughLoadBalancers.isEmpty {
            lines.append("Nothing on the internet reaches any instance\(oneWay ? " (one way)" : "").")
        } else if exposure.exposed.isEmpty {
            lines.append("Nothing on the internet is proved to reach an instance, but \(exposure.unknown.count) instance\(exposure.unknown.count == 1 ? "'s answer is" : "s' answers are") unknown:")
        }
        for entry in exposure.exposed {
            let name = entry.name.map { " (\($0))" } ?? ""
            let addresses = entry.publicAddresses.map(\.description).joined(separator: ", ")
            lines.append("\(entry.instanceID)\(name) at \(addresses): \(entry.ports)")
            for source in sources[sourceKey(entry)] ?? [] {
                lines.append("  \(source.ports) from \(source.block) (\(source.securityGroups.joined(separator: ", ")))")
            }
        }
        for entry in exposure.unknown { lines.append("\(entry.instanceID): unknown: \(entry.ports.unknown.joined(separator: "; "))") }
        lines += throughLoadBalancers
        lines.append(String(format: "%d instances checked in %d classes, %.0f ms; each list of ports is complete.",
                            exposure.instancesChecked, exposure.classCount, exposure.milliseconds))
        return lines.joined(separator: "\n")
    }

    /// Pretty-printed JSON with sorted keys, as every command prints it.
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

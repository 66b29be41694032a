import Analysis
import AWSSnapshot
import Foundation
import NetworkModel
import Questions

/// PathProof's benchmark: generates a large network as describe-* JSON and times the main jobs on it.
/// Usage: pathproof-benchmark [VPCS [SUBNETS-PER-VPC [INSTANCES-PER-SUBNET]]] [--no-matrix]
/// Prints a line at once (unbuffered), so that progress shows when the output goes to a file.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let arguments = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("--") }.compactMap { Int($0) }
let skipMatrix = CommandLine.arguments.contains("--no-matrix")
let shape = SyntheticNetwork(vpcs: arguments.count > 0 ? arguments[0] : 100, subnetsPerVPC: arguments.count > 1 ? arguments[1] : 10,
                             instancesPerSubnet: arguments.count > 2 ? arguments[2] : 5)

func measure<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let started = Date()
    let result = try body()
    let padded = label.count >= 78 ? label : label + String(repeating: " ", count: 78 - label.count)
    say(padded + String(format: " %10.1f ms", Date().timeIntervalSince(started) * 1000))
    return result
}

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

func fail(_ error: any Error) -> Never { fail("\(error)") }

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pathproof-benchmark-\(ProcessInfo.processInfo.processIdentifier)")
defer { try? FileManager.default.removeItem(at: directory) }
do { try measure("generate describe-* JSON") { try shape.write(to: directory) } } catch { fail(error) }
let bytes = (try FileManager.default.contentsOfDirectory(atPath: directory.path)).reduce(0) {
    $0 + ((try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent($1).path)[.size] as? Int) ?? 0)
}
let network: Network
do { network = try measure("load snapshot (\(bytes / 1_048_576) MiB of JSON)") { try SnapshotReader.load(directory: directory.path).network } } catch { fail(error) }
let rules = network.securityGroups.reduce(0) { $0 + $1.inbound.count + $1.outbound.count }
let aclEntries = network.networkACLs.reduce(0) { $0 + $1.entries.count }
say("network: \(network.vpcs.count) VPCs, \(network.subnets.count) subnets, \(network.instances.count) instances, " +
      "\(network.securityGroups.count) security groups (\(rules) rules), \(network.networkACLs.count) network ACLs (\(aclEntries) entries), " +
      "\(network.peeringConnections.count) peering connections")

let questions = ReachabilityQuestions(network: network)
let ping = try measure("one query: can web-1-0-0 ping web-0-0-0 (reachable)") { try questions.ask("can web-1-0-0 ping web-0-0-0") }
if ping.answer.verdict != .reachable { fail("expected reachable: \(ping.answer.verdict)") }
let blocked = try measure("one query: can app-1-4-0 reach db-0-8-0 on tcp/3306 (blocked)") { try questions.ask("can app-1-4-0 reach db-0-8-0 on tcp/3306") }
if blocked.answer.verdict != .unreachable { fail("expected unreachable: \(blocked.answer.verdict)") }

// One proof over every instance: nothing on the internet reaches any instance on tcp/3306.
let everyone = network.networkInterfaces.map { Endpoint.publicAddressOf($0.id) }
let group = try measure("group assertion: internet cannot reach any of \(network.instances.count) instances on tcp/3306") { () throws -> (QuerySession.Result, Int) in
    let session = ReachabilityEngine(network: network).session(TrafficQuery(sources: [.internet(nil)], destinations: everyone, traffic: .tcp(PortRange(3306, 3306))))
    return (try session.check(), session.candidatePaths)
}
guard case .unreachable = group.0 else { fail("expected the assertion to hold: \(group.0)") }
say("  holds: one UNSAT over all \(group.1) candidate paths")

if !skipMatrix {
    let matrix = try measure("full ping matrix (\(network.instances.count) × \(network.instances.count - 1) pairs)") {
        try ReachabilityMatrix(network: network, traffic: .ping)
    }
    let reachable = matrix.rows.filter { $0.verdict == .reachable }.count
    say("  \(matrix.classCount) endpoint classes, \(matrix.solvedPairs) class pairs solved, \(reachable) of \(matrix.rows.count) pairs reachable")
}
say(String(format: "peak memory: %.0f MiB", peakMemoryMiB()))

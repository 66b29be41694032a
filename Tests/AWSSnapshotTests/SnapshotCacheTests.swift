import Foundation
import Testing
@testable import AWSSnapshot
import NetworkModel
import PathProofTestSupport

/// The cache of loaded snapshots (`SnapshotCache`): a cached load is the fresh load, an edited file is never
/// answered from the cache, a damaged entry or a cache folder that cannot be written is no error, and only the
/// entries used last are kept. Every test uses a cache folder of its own, never the user's.
@Suite struct SnapshotCacheTests {
    /// A cache in a new temporary folder, removed when the test ends.
    final class TemporaryCache {
        let cache: SnapshotCache
        init(keep: Int = 4) {
            cache = SnapshotCache(directory: Temporary.path("cache"), keep: keep, version: "test", smallestSnapshot: 0)
        }
        deinit { try? FileManager.default.removeItem(atPath: cache.directory) }

        var entries: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache.directory)) ?? [])
                .filter { $0.hasSuffix(SnapshotCache.fileExtension) }.sorted()
        }

        /// Loads `directory` through the cache; `fromCache` says whether the model came from it.
        func load(_ directory: String) throws -> (snapshot: Snapshot, fromCache: Bool) {
            var profile = LoadProfile()
            let snapshot = try SnapshotReader.load(directory: directory, cache: cache, profile: &profile)
            return (snapshot, profile.phases.contains { $0.name == "restore the model from the cache" })
        }
    }

    /// Every stage of every lab under Queries/ (the folders holding JSON files).
    static let labStages: [String] = {
        let queries = Fixtures.path("Queries")
        let labs = ((try? Fixtures.folders(in: queries)) ?? []).map { queries + "/" + $0 }
        return labs.flatMap { lab in
            ((try? Fixtures.folders(in: lab)) ?? []).map { lab + "/" + $0 }.filter { stage in
                let names = (try? FileManager.default.subpathsOfDirectory(atPath: stage)) ?? []
                return names.contains { $0.hasSuffix(".json") }
            }
        }.sorted()
    }()

    @Test func thereAreLabStages() {
        #expect(Self.labStages.count >= 50, "lab stages found: \(Self.labStages.count)")
    }

    @Test(arguments: labStages)
    func aCachedLoadIsTheFreshLoad(_ stage: String) throws {
        let temporary = TemporaryCache()
        let fresh = try SnapshotReader.load(directory: stage)
        let first = try temporary.load(stage)
        #expect(!first.fromCache)
        #expect(temporary.entries.count == 1)
        let second = try temporary.load(stage)
        #expect(second.fromCache)
        expectSame(second.snapshot, fresh)
        expectSame(first.snapshot, fresh)
    }

    @Test func aCachedLoadOfTheCorpusIsTheFreshLoad() throws {
        guard Fixtures.corpusPresent else {
            print("SnapshotCacheTests: \(Fixtures.corpusAbsent.rawValue)")
            return
        }
        for scenario in try Fixtures.corpusScenarios() {
            let directory = Fixtures.scenario(scenario)
            guard let fresh = try? SnapshotReader.load(directory: directory) else { continue }  // bad input is not cached
            let temporary = TemporaryCache()
            _ = try temporary.load(directory)
            let cached = try temporary.load(directory)
            #expect(cached.fromCache, "\(scenario)")
            expectSame(cached.snapshot, fresh)
        }
    }

    @Test func warningsOfSkippedFilesAndUnknownKeysComeBackAlike() throws {
        let snapshot = try TemporarySnapshot(files: ["vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}], "Widgets": []}"#,
                                                     "notes.txt": "not read"])
        let temporary = TemporaryCache()
        let fresh = try SnapshotReader.load(directory: snapshot.path)
        #expect(fresh.warnings.count >= 2)
        _ = try temporary.load(snapshot.path)
        let cached = try temporary.load(snapshot.path)
        #expect(cached.fromCache)
        #expect(cached.snapshot.warnings == fresh.warnings)
        // Another file the walk passes over changes the warnings: not answered from the cache.
        try snapshot.write("README.md", "also not read")
        let again = try temporary.load(snapshot.path)
        #expect(!again.fromCache)
        #expect(again.snapshot.warnings == (try SnapshotReader.load(directory: snapshot.path)).warnings)
        #expect(again.snapshot.warnings != fresh.warnings)
    }

    @Test func anEditedFileOfTheSameSizeAndTimeGivesTheNewAnswer() throws {
        let copy = try SnapshotCopy.make(Fixtures.seed("06-ping-works"))
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let temporary = TemporaryCache()
        let before = try temporary.load(copy).snapshot
        #expect(try temporary.load(copy).fromCache)
        let running = before.network.instances.filter(\.isRunning)
        #expect(running.count == 2)

        // Stop the first instance: "running" becomes "stopped", the same length; the file keeps its time.
        let file = try SnapshotCopy.file(holding: "\"running\"", in: copy)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"Name\": \"running\"", with: "\"Name\": \"stopped\"")
        #expect(edited != text && edited.utf8.count == text.utf8.count)
        try edited.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate]!], ofItemAtPath: file)

        let after = try temporary.load(copy)
        #expect(!after.fromCache)
        #expect(after.snapshot.network.instances.filter(\.isRunning).count < running.count)
        expectSame(after.snapshot, try SnapshotReader.load(directory: copy))
        #expect(try temporary.load(copy).fromCache)  // the edited snapshot is cached in turn
    }

    @Test func aTruncatedOrCorruptEntryIsIgnoredAndWrittenAgain() throws {
        let stage = Fixtures.transit(StageLab.transit.stages.last!)
        let fresh = try SnapshotReader.load(directory: stage)
        let temporary = TemporaryCache()
        _ = try temporary.load(stage)
        let entry = temporary.cache.directory + "/" + temporary.entries[0]
        let whole = try Data(contentsOf: URL(fileURLWithPath: entry))
        let damages: [(String, Data)] = [
            ("truncated", whole.prefix(whole.count / 2)),
            ("one byte changed", { var data = whole; data[data.count - 100] ^= 0x55; return data }()),
            ("empty", Data()),
            ("only its header", whole.prefix(200)),
        ]
        for (damage, data) in damages {
            try data.write(to: URL(fileURLWithPath: entry))
            let load = try temporary.load(stage)
            #expect(!load.fromCache, "\(damage)")
            expectSame(load.snapshot, fresh)
            let again = try temporary.load(stage)
            #expect(again.fromCache, "\(damage): written again")
            expectSame(again.snapshot, fresh)
        }
    }

    @Test func aCacheFolderThatCannotBeWrittenIsNoError() throws {
        let blocker = try Temporary.file("a file where the cache folder would be", suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let cache = SnapshotCache(directory: blocker + "/pathproof", version: "test", smallestSnapshot: 0)
        let stage = Fixtures.seed("06-ping-works")
        var profile = LoadProfile()
        let snapshot = try SnapshotReader.load(directory: stage, cache: cache, profile: &profile)
        expectSame(snapshot, try SnapshotReader.load(directory: stage))
        let again = try SnapshotReader.load(directory: stage, cache: cache)
        expectSame(again, try SnapshotReader.load(directory: stage))
    }

    @Test func onlyTheEntriesUsedLastAreKept() throws {
        let temporary = TemporaryCache(keep: 2)
        let stages = StageLab.seed.stages.prefix(3).map(Fixtures.seed)
        for stage in stages { _ = try temporary.load(stage); Thread.sleep(forTimeInterval: 0.02) }
        #expect(temporary.entries.count == 2)
        let permissions = try FileManager.default.attributesOfItem(atPath: temporary.cache.directory)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
        #expect(try temporary.load(stages[2]).fromCache)
        #expect(try !temporary.load(stages[0]).fromCache)
    }

    @Test func badInputIsNotCachedAndStillAnError() throws {
        let snapshot = try TemporarySnapshot(files: ["vpcs.json": #"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/33"}]}"#])
        let temporary = TemporaryCache()
        for _ in 0..<2 {
            #expect(throws: SnapshotError.self) { _ = try temporary.load(snapshot.path) }
        }
        #expect(temporary.entries.isEmpty)
    }

    /// The containers whose encoding lists their resources by hand (`Network+Codable.swift`): a stored property
    /// added to one must be added there too (or, for a lookup built from the resources, here), or the cache would
    /// lose it.
    @Test func theHandWrittenEncodingsListEveryStoredProperty() throws {
        let network = try SnapshotReader.load(directory: Fixtures.transit(StageLab.transit.stages.last!)).network
        func labels(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        #expect(labels(network) == [
            // encoded
            "vpcs", "subnets", "routeTables", "peeringConnections", "securityGroups", "networkACLs", "internetGateways", "instances",
            "networkInterfaces", "prefixLists", "transit", "edge", "loadBalancing", "completeness", "dnsHostnames",
            // built by init from the above
            "vpcIndex", "subnetIndex", "routeTableIndex", "peeringIndex", "securityGroupIndex", "networkACLIndex", "internetGatewayIndex",
            "instanceIndex", "networkInterfaceIndex", "prefixListIndex", "routeTableOfSubnet", "mainRouteTableOfVPC", "networkACLOfSubnet",
            "interfaceOfPrivateAddress", "interfaceOfPublicAddress", "interfacesOfSecurityGroup", "interfacesOfVPC", "instancesOfName",
            "interfacesOfName", "peeringsOfVPC", "internetGatewaysOfVPC", "routeTablesOfVPC", "transitGatewayAttachmentsOfVPC",
            "forwardingTables", "interfaceOfPrivateAddressInVPC",
        ])
        #expect(labels(network.transit) == ["gateways", "attachments", "routeTables",
                                             "gatewayIndex", "attachmentIndex", "attachmentEnds", "routeTableIndex", "entries", "indices", "unknownRoutes"])
        #expect(labels(network.edge) == [
            "natGateways", "vpcEndpoints", "vpnGateways", "vpnConnections", "customerGateways", "virtualInterfaces", "directConnectGateways",
            "directConnectGatewayAssociations", "egressOnlyInternetGateways",
            "natIndex", "natOfInterface", "endpointIndex", "vpnGatewayIndex", "vpnConnectionIndex", "customerGatewayIndex",
            "virtualInterfaceIndex", "directConnectGatewayIndex", "egressOnlyGatewayIndex",
        ])
        #expect(labels(network.loadBalancing) == ["loadBalancers", "targetGroups", "groupIndex"])
    }

    @Test func theStandardCacheFolderAndTurningItOff() {
        #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u"])?.directory == "/home/u/.cache/pathproof")
        #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "/var/c"])?.directory == "/var/c/pathproof")
        #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "relative"])?.directory
                    == "/home/u/.cache/pathproof")
        for off in ["off", "OFF", "0", "no", "false"] {
            #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u", "PATHPROOF_CACHE": off]) == nil)
        }
        #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u", "PATHPROOF_CACHE": "on"]) != nil)
        #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u"])?.smallestSnapshot == 1 << 20)
        #expect(SnapshotCache.standard(version: "v", environment: ["HOME": "/home/u", "PATHPROOF_CACHE": "all"])?.smallestSnapshot == 0)
    }

    @Test func theKeyDependsOnTheVersionAndTheFilesContext() throws {
        let stage = Fixtures.seed("06-ping-works")
        let temporary = TemporaryCache()
        _ = try temporary.load(stage)
        var profile = LoadProfile()
        let other = SnapshotCache(directory: temporary.cache.directory, version: "another version", smallestSnapshot: 0)
        _ = try SnapshotReader.load(directory: stage, cache: other, profile: &profile)
        #expect(!profile.phases.contains { $0.name == "restore the model from the cache" })
        #expect(temporary.entries.count == 2)
        // The same files under a region folder are another load (their VPCs get that region).
        let copy = try SnapshotCopy.make(stage, into: "eu-west-3")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: copy).deletingLastPathComponent().path) }
        let moved = try temporary.load(copy)
        #expect(!moved.fromCache)
        #expect(moved.snapshot.network.vpcs.allSatisfy { $0.region == "eu-west-3" })
    }
}

/// Checks that two loads of a snapshot agree on everything the load gives.
func expectSame(_ actual: Snapshot, _ expected: Snapshot, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.files == expected.files, sourceLocation: sourceLocation)
    #expect(actual.warnings == expected.warnings, sourceLocation: sourceLocation)
    #expect(actual.capturedAt == expected.capturedAt, sourceLocation: sourceLocation)
    let a = actual.network, b = expected.network
    #expect(a.vpcs == b.vpcs, sourceLocation: sourceLocation)
    #expect(a.subnets == b.subnets, sourceLocation: sourceLocation)
    #expect(a.routeTables == b.routeTables, sourceLocation: sourceLocation)
    #expect(a.peeringConnections == b.peeringConnections, sourceLocation: sourceLocation)
    #expect(a.securityGroups == b.securityGroups, sourceLocation: sourceLocation)
    #expect(a.networkACLs == b.networkACLs, sourceLocation: sourceLocation)
    #expect(a.internetGateways == b.internetGateways, sourceLocation: sourceLocation)
    #expect(a.instances == b.instances, sourceLocation: sourceLocation)
    #expect(a.networkInterfaces == b.networkInterfaces, sourceLocation: sourceLocation)
    #expect(a.prefixLists == b.prefixLists, sourceLocation: sourceLocation)
    #expect(a.transit.gateways == b.transit.gateways, sourceLocation: sourceLocation)
    #expect(a.transit.attachments == b.transit.attachments, sourceLocation: sourceLocation)
    #expect(a.transit.routeTables == b.transit.routeTables, sourceLocation: sourceLocation)
    for table in b.transit.routeTables {
        #expect(a.transit.routingEntries(of: table.id) == b.transit.routingEntries(of: table.id), sourceLocation: sourceLocation)
        #expect(a.transit.unknownRoutes(of: table.id) == b.transit.unknownRoutes(of: table.id), sourceLocation: sourceLocation)
    }
    #expect(a.edge.natGateways == b.edge.natGateways, sourceLocation: sourceLocation)
    #expect(a.edge.vpcEndpoints == b.edge.vpcEndpoints, sourceLocation: sourceLocation)
    #expect(a.edge.vpnGateways == b.edge.vpnGateways, sourceLocation: sourceLocation)
    #expect(a.edge.vpnConnections == b.edge.vpnConnections, sourceLocation: sourceLocation)
    #expect(a.edge.customerGateways == b.edge.customerGateways, sourceLocation: sourceLocation)
    #expect(a.edge.virtualInterfaces == b.edge.virtualInterfaces, sourceLocation: sourceLocation)
    #expect(a.edge.directConnectGateways == b.edge.directConnectGateways, sourceLocation: sourceLocation)
    #expect(a.edge.directConnectGatewayAssociations == b.edge.directConnectGatewayAssociations, sourceLocation: sourceLocation)
    #expect(a.edge.egressOnlyInternetGateways == b.edge.egressOnlyInternetGateways, sourceLocation: sourceLocation)
    #expect(a.loadBalancing.loadBalancers == b.loadBalancing.loadBalancers, sourceLocation: sourceLocation)
    #expect(a.loadBalancing.targetGroups == b.loadBalancing.targetGroups, sourceLocation: sourceLocation)
    #expect(a.completeness == b.completeness, sourceLocation: sourceLocation)
    #expect(a.dnsHostnames == b.dnsHostnames, sourceLocation: sourceLocation)
}

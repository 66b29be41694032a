import Foundation
import PathProofTestSupport
import Testing

/// Each AWS component has one file in each engine, with the same name: the walker's rules in
/// `Sources/Simulation/Components/`, their SMT encoding (with its blockers, fixes and proof claims) in
/// `Sources/Analysis/Components/`. A component covered by one engine only would make the two disagree.
@Suite struct ComponentLayoutTests {
    static func swiftFiles(_ relative: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Fixtures.path(relative)).filter { $0.hasSuffix(".swift") }.sorted()
    }

    @Test func bothEnginesHaveOneFileForEachComponentWithTheSameName() throws {
        let walker = try Self.swiftFiles("Sources/Simulation/Components")
        let encoding = try Self.swiftFiles("Sources/Analysis/Components")
        #expect(walker == encoding, "only in the walker: \(Set(walker).subtracting(encoding).sorted()); only in the encoding: \(Set(encoding).subtracting(walker).sorted())")
        for component in ["NetworkInterface", "SecurityGroup", "NetworkACL", "RouteTable", "VPCPeeringConnection", "InternetGateway",
                          "EgressOnlyInternetGateway", "NATGateway", "Appliance", "GatewayEndpoint", "VirtualPrivateGateway", "TransitGateway",
                          "LoadBalancer"] {
            #expect(walker.contains("\(component).swift"), "\(component) has no walker file")
        }
    }

    @Test func noEngineFileIsAGrabBagOfSeveralComponents() throws {
        // The shape this replaced: extensions named after a group of components or an address family.
        for folder in ["Sources/Simulation", "Sources/Analysis", "Sources/NetworkModel"] {
            let names = try FileManager.default.subpathsOfDirectory(atPath: Fixtures.path(folder))
            let grabBags = names.filter { $0.hasSuffix("+Edge.swift") || $0.hasSuffix("+IPv6.swift") }
            #expect(grabBags.isEmpty, "\(folder): \(grabBags)")
        }
    }
}

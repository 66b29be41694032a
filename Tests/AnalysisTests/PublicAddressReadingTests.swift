import Analysis
import Foundation
import NetworkModel
import PathProofTestSupport
import Questions
import Simulation
import Testing

/// AWS prints an interface's public address in more than one place: `PrivateIpAddresses[].Association`, the
/// interface's own top-level `Association` (for its primary private address), and the instance's
/// `PublicIpAddress`. Any one of them makes the address public. Seed stage 09 (EC2 Instance Connect works, the
/// instance has an Elastic IP), edited so that only one place says it; `describe-addresses` is left out so that it
/// does not say it either. A reachable answer is the solver's witness replayed by the walker, so both engines agree.
@Suite struct PublicAddressReadingTests {
    typealias Object = EditedSnapshot.Object
    static let publicAddress = IPAddress("44.194.72.238")!

    /// Seed stage 09 without `describe-addresses` and without `PrivateIpAddresses[].Association` in each interface
    /// description (in `describe-network-interfaces` and in the instances' `NetworkInterfaces`).
    static func stage(keepingTopLevelAssociation: Bool, keepingInstancePublicAddress: Bool) throws -> EditedSnapshot {
        var snapshot = try EditedSnapshot(copying: Fixtures.seed("09-eic-works"))
        try snapshot.remove("describe-addresses.json")
        func strip(_ interface: inout Object) {
            if !keepingTopLevelAssociation { interface["Association"] = nil }
            interface["PrivateIpAddresses"] = (interface["PrivateIpAddresses"] as? [Object] ?? []).map { entry in
                var entry = entry
                entry["Association"] = nil
                return entry
            }
        }
        snapshot.editEach("NetworkInterfaces") { strip(&$0) }
        snapshot.editInstances { instance in
            instance["NetworkInterfaces"] = (instance["NetworkInterfaces"] as? [Object] ?? []).map { interface in
                var interface = interface
                strip(&interface)
                return interface
            }
            if !keepingInstancePublicAddress { instance["PublicIpAddress"] = nil }
        }
        return snapshot
    }

    static func expectPublic(_ snapshot: EditedSnapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let network = try snapshot.load()
        let instance = try #require(Fixtures.id(named: SeedLab.a, in: network), sourceLocation: sourceLocation)
        let interface = try #require(network.networkInterfaces(ofInstance: instance).first, sourceLocation: sourceLocation)
        #expect(interface.addresses.first { $0.address == IPAddress("10.1.0.10")! }?.publicAddress == Self.publicAddress,
                sourceLocation: sourceLocation)
        let result = try ReachabilityQuestions(network: network).ask(SeedLab.instanceConnect)
        #expect(result.answer.verdict == .reachable, "\(AnswerRendering.text(result))", sourceLocation: sourceLocation)
        #expect(result.answer.forward?.hops.first?.detail.contains("44.194.72.238") == true, "\(AnswerRendering.text(result))",
                sourceLocation: sourceLocation)
    }

    @Test func theInterfacesTopLevelAssociationBelongsToItsPrimaryAddress() throws {
        try Self.expectPublic(try Self.stage(keepingTopLevelAssociation: true, keepingInstancePublicAddress: false))
    }

    @Test func theInstancesPublicIpAddressCounts() throws {
        try Self.expectPublic(try Self.stage(keepingTopLevelAssociation: false, keepingInstancePublicAddress: true))
    }

    /// The control: where no place says it, the address is private and the internet cannot reach it.
    @Test func withNoPlaceSayingItTheAddressIsPrivate() throws {
        let network = try Self.stage(keepingTopLevelAssociation: false, keepingInstancePublicAddress: false).load()
        let result = try ReachabilityQuestions(network: network).ask(SeedLab.instanceConnect)
        #expect(result.answer.verdict == .unreachable)
        #expect(result.answer.blockers.map(\.code) == [.internetGatewayNeedsPrivateAddressForIngress], "\(AnswerRendering.text(result))")
    }
}

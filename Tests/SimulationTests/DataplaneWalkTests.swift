import Foundation
import NetworkModel
import PathProofTestSupport
import Simulation
import Testing

/// The walker on the data-plane lab's real JSON (Queries/dataplane), for rules that only the walker shows: what a
/// gateway endpoint carries, and that it carries nothing until it is available.
@Suite struct DataplaneWalkTests {
    static let app = "Lab-app-instance"

    static func lab(_ stage: String = "01-working") throws -> EditedSnapshot { try EditedSnapshot(copying: StageLab.dataplane.directory(stage)) }

    static func id(_ name: String, _ network: Network) -> String { StageLab.resolve(name, in: network) }

    @Test func aGatewayEndpointMustBeAvailableAndCarriesTCPAndEchoOnly() throws {
        var snapshot = try Self.lab()
        snapshot.editEach("VpcEndpoints") { $0["State"] = "pending" }
        let network = try snapshot.load()
        let interface = Self.id("eni-of:\(Self.app)", network)
        let s3 = address("52.216.8.8")
        let walker = PacketWalker(network: network)
        let tcp = walker.walk(Packet(source: address("10.20.1.10"), destination: s3, ipProtocol: IPProtocolNumber.tcp, sourcePort: 40000,
                                     destinationPort: 443), from: .networkInterface(interface), leg: .forward)
        #expect(tcp.drop?.checkpoint == .endpointAvailable(Self.id("Lab-s3-endpoint", network)) && tcp.drop?.code == .badState, "\(tcp)")
        let available = PacketWalker(network: try Fixtures.load(StageLab.dataplane.directory("01-working")))
        let udp = available.walk(Packet(source: address("10.20.1.10"), destination: s3, ipProtocol: IPProtocolNumber.udp, sourcePort: 40000,
                                        destinationPort: 53), from: .networkInterface(interface), leg: .forward)
        #expect(udp.drop?.code == .gatewayEndpointProtocolRestriction, "\(udp)")
        let timestamp = available.walk(Packet(source: address("10.20.1.10"), destination: s3, ipProtocol: IPProtocolNumber.icmp, icmpType: 13),
                                       from: .networkInterface(interface), leg: .forward)
        #expect(timestamp.drop?.code == .gatewayEndpointProtocolRestriction, "\(timestamp)")
    }
}
